"""The events service's use cases: each reaches the stores only through its unit of work and ports."""
