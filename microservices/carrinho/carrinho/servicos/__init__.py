"""The cart's use cases: what the API and the worker ask of carts, through ports only."""
