"""Messages to people: SMS and e-mail, written to an outbox with the change that causes them and sent by a task."""
