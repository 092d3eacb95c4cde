"""Helpers the tests share that are not test data: reading PDFs, a PostgreSQL app of their own."""
