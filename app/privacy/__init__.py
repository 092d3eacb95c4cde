"""Personal data at rest: ID numbers and phones encrypted, with keyed hashes for exact search."""
