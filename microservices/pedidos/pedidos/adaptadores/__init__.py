"""The orders' adapters: SQL repositories and unit of work, payments, the catalog's client, waits, reads."""
