"""The events service's adapters: PostgreSQL and Redis behind the service layer's ports."""
