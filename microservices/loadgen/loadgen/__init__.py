"""A load generator with weighted customer journeys (Locust), for `docker compose --profile loadgen`."""
