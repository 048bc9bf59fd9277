"""The cart's domain: the cart read from its store, its rules and its refusals; no HTTP, no Redis."""
