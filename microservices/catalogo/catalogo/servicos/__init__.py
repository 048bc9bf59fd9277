"""The catalog's use cases: each changes aggregates through its unit of work and commits it once."""
