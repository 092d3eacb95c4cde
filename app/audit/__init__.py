"""The audit trail: append-only, naming the staff user by id."""
