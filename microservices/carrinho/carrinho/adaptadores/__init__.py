"""The cart's adapters: its Redis (scripts, keys, local events) and the HTTP clients of catalog and orders."""
