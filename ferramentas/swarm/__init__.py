"""Docker Swarm: the stack file generated from docker-compose.yml, and the secrets it needs."""
