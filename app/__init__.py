"""Kaiban 210: the web app (create it with app.factory.create_app) and its domain packages."""
