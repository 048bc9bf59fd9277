# Confeitaria: `make up` starts the marketplace, `make test` runs every test.
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
COMPOSE := docker compose

.PHONY: up down logs ps catalogo-grande dados-sinteticos remover-sinteticos replay drills up-ha down-ha bench test test-unit test-integration test-e2e lint images images-ferramentas venv clean
.PHONY: ferramentas psql-catalogo psql-catalogo-replica psql-pedidos psql-events redis-carrinho redis-bus

up: images  ## Build and start the whole stack, waiting until every container is healthy
	$(COMPOSE) up -d --build --wait --wait-timeout 300
	@echo "Confeitaria is up: http://localhost:8080/api/produtos"

# Operators' tools (docs/FERRAMENTAS.md): pgAdmin and Redis Commander, on this machine only.
ferramentas: images-ferramentas  ## Start the stack with pgAdmin (127.0.0.1:5050) and Redis Commander (127.0.0.1:8081)
	$(COMPOSE) --profile ferramentas up -d --build --wait --wait-timeout 300
	@echo "pgAdmin: http://127.0.0.1:$${PGADMIN_PORT:-5050}  Redis Commander: http://127.0.0.1:$${REDIS_COMMANDER_PORT:-8081}"

# A shell on each store of the running stack; ARGS goes to psql or redis-cli, as in
# make psql-pedidos ARGS="-c 'select count(*) from pedidos'" or make redis-bus ARGS="XLEN confeitaria.eventos".
# psql logs in as the app's role that owns the database (the container's socket lets its postgres
# user in as it, no password); redis-cli as the admin user (redis/redis-admin). -T without a terminal.
EXEC = $(COMPOSE) exec $(shell [ -t 0 ] || echo -T)

psql-catalogo:  ## psql on the catalog's primary (make psql-catalogo-replica: its standby)
	$(EXEC) catalogo-db psql -U catalogo -d catalogo $(ARGS)

psql-catalogo-replica:
	$(EXEC) catalogo-db-replica psql -U catalogo -d catalogo $(ARGS)

psql-pedidos:  ## psql on the orders' database
	$(EXEC) pedidos-db psql -U pedidos -d pedidos $(ARGS)

psql-events:  ## psql on the event store
	$(EXEC) events-db psql -U events -d events $(ARGS)

redis-carrinho:  ## redis-cli on the cart's Redis, as its admin user
	$(EXEC) carrinho-redis redis-admin $(ARGS)

redis-bus:  ## redis-cli on the event bus, as its admin user
	$(EXEC) event-bus redis-admin $(ARGS)

# The failover topology: Patroni and etcd for the catalog's and the orders' PostgreSQL, Sentinel for
# both Redis (docker-compose.ha.yml; about 1.2 GB idle instead of 0.8).
HA := -f docker-compose.yml -f docker-compose.ha.yml

up-ha: images  ## Build and start the marketplace with automatic failover (Patroni, etcd, Sentinel)
	$(COMPOSE) $(HA) up -d --build --wait --wait-timeout 400
	@echo "Confeitaria (automatic failover) is up: http://localhost:8080/api/produtos"

down-ha:  ## Stop the failover topology (data volumes are kept)
	$(COMPOSE) $(HA) $(PERFIS) down

# Every profile, so that down also stops and removes the tools and the load generator when they
# run: some Compose versions' down acts on the enabled profiles only, leaving a profiled service's
# containers and the network behind (v2.40.3 removes them anyway; docs/FERRAMENTAS.md).
PERFIS := --profile ferramentas --profile loadgen

down:  ## Stop the stack, tools included (data volumes are kept; make clean deletes them)
	$(COMPOSE) $(PERFIS) down

logs:
	$(COMPOSE) logs -f --tail 50

ps:
	$(COMPOSE) ps

images:  ## Base image and the services' wheelhouse for machines without Docker Hub or PyPI in builds
	bash scripts/prepare-images.sh

# The tools' images only (make ferramentas and the e2e tests build them): pgAdmin's wheelhouse
# (about 200 MB) and Redis Commander's npm packages, kept out of `images` so that make up skips them.
images-ferramentas: images  ## The same for the ferramentas profile: pgAdmin's wheelhouse, Redis Commander's node_modules
	bash scripts/prepare-images.sh ferramentas

$(VENV)/.installed: requirements-dev.txt $(wildcard microservices/*/requirements.txt)
	python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $@

venv: $(VENV)/.installed

lint: venv  ## ruff and mypy
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy microservices drills bench ferramentas

test: venv images images-ferramentas lint  ## Everything: unit, integration (real PostgreSQL/Redis) and end-to-end (compose stack)
	$(VENV)/bin/pytest --durations=25 tests

test-unit: venv
	$(VENV)/bin/pytest tests/unit

test-integration: venv images
	$(VENV)/bin/pytest tests/integration

test-e2e: venv images images-ferramentas
	$(VENV)/bin/pytest tests/e2e

catalogo-grande:  ## Add 100,000 synthetic products to the running stack and list them (performance work)
	$(COMPOSE) exec -T catalogo python -m catalogo.cli gerar-catalogo --quantidade 100000
	$(COMPOSE) exec -T catalogo python -m catalogo.cli ativar-sinteticos

dados-sinteticos: venv  ## The bench's synthetic data, made once: 100,000 products (kept inactive), 1,000,000 events
	$(PY) -m bench.sinteticos preparar

remover-sinteticos: venv  ## Remove every synthetic product (and its stock movements) and every synthetic event
	$(PY) -m bench.sinteticos remover

DRILLS := catalogo catalogo-db replica event-bus carrinho-redis pedidos-worker catalogo-worker pedidos-db catalogo-pausado
# Drills of automatic failover: against the failover topology (make up-ha).
DRILLS_HA := catalogo-primario catalogo-primario-pausado pedidos-primario pedidos-primario-pausado etcd-um etcd-dois event-bus-mestre
# Scaling out: 3 catalog apps under load lose one, one hangs, then 5, then 2 (docs/ESCALA.md).
REPLICAS := replica-de-3
# Drills that break the saga on purpose: they must fail (exit 1), proving the invariants can.
SABOTAGENS := sabotagem-saga-parada sabotagem-eventos-mortos

# The failover topology's drills act on its own project (docker-compose.ha.yml names it).
$(addprefix drill-,$(DRILLS_HA)): DRILL_ARGS = --project confeitaria-ha

drill-%: venv  ## A failover drill against the running stack: make drill-catalogo-db (list: make drills)
	$(PY) -m drills $* $(DRILL_ARGS)

drills:  ## List the failover drills
	@for d in $(DRILLS); do echo "make drill-$$d"; done
	@for d in $(DRILLS_HA); do echo "make drill-$$d   # make up-ha first"; done
	@for d in $(REPLICAS); do echo "make drill-$$d"; done
	@for d in $(SABOTAGENS); do echo "make drill-$$d   # must fail"; done

bench: venv  ## The benchmark against the running stack: one table, and JSON in bench/resultados/
	bash scripts/ensure-bench-tools.sh
	$(PY) -m bench

replay:  ## Rebuild the read models from the stored events and prove them equal to the live ones
	$(COMPOSE) exec -T events python -m events.replay

clean:
	$(COMPOSE) $(PERFIS) down -v --remove-orphans
	rm -rf $(VENV)

# Docker Swarm (deploy/README.md): the stack file is generated from docker-compose.yml and
# deploy/swarm.yml; its secrets are Docker secrets named <SWARM_STACK>_<name>.
SWARM_STACK ?= confeitaria
.PHONY: swarm-gerar swarm-up swarm-down

swarm-gerar: venv  ## Regenerate deploy/confeitaria-stack.yml from docker-compose.yml and deploy/swarm.yml
	$(PY) -m ferramentas.swarm gerar

swarm-up: venv images  ## Deploy the stack on this engine's swarm (docker swarm init first): images, secrets, labels
	$(COMPOSE) build
	$(PY) -m ferramentas.swarm segredos --prefixo $(SWARM_STACK)
	$(PY) -m ferramentas.swarm rotular
	CONFEITARIA_SEGREDOS=$(SWARM_STACK) docker stack deploy -c deploy/confeitaria-stack.yml --resolve-image never $(SWARM_STACK)
	@echo "Deployed: docker stack services $(SWARM_STACK); the gateway answers on port $${GATEWAY_PORT:-8080} of every node"

swarm-down:  ## Remove the Swarm stack (its volumes and secrets are kept)
	docker stack rm $(SWARM_STACK)
