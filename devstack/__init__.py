"""What tests and benchmarks both need: a running stack (database, broker, workers) and the example form.

Neither `tests/` nor `bench/` owns this: both import it, and it imports neither.
"""
