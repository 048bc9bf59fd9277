"""The catalog's adapters: SQL repositories and unit of work, the outbox, and the read side."""
