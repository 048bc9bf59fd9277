"""The orders' use cases: each runs on one unit of work and reaches stores and services through ports."""
