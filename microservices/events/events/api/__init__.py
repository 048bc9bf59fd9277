"""The events service's HTTP API."""
