-- The app's role and its database, as the environment says: run on a primary by postgres/entrypoint.sh
-- (ROLE=primary) and by Patroni's post_bootstrap (postgres/patroni-pos-bootstrap.sh). Idempotent: a
-- cluster made before the app's role existed gets it, its database and every object the superuser
-- created in it handed over to it. Variables: db, app; the app's password comes from the environment
-- (CONFEITARIA_APP_PASSWORD), not from psql's command line, which `ps` shows.
\getenv apppass CONFEITARIA_APP_PASSWORD
SELECT format('CREATE ROLE %I', :'app') WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = :'app')\gexec
ALTER ROLE :"app" WITH LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS PASSWORD :'apppass';
SELECT format('CREATE DATABASE %I OWNER %I', :'db', :'app')
WHERE NOT EXISTS (SELECT 1 FROM pg_database WHERE datname = :'db')\gexec
ALTER DATABASE :"db" OWNER TO :"app";
REVOKE ALL ON DATABASE :"db" FROM PUBLIC;
REVOKE CONNECT, TEMPORARY ON DATABASE postgres, template1 FROM PUBLIC;
\c :"db"
SELECT format('ALTER TABLE %I.%I OWNER TO %I', n.nspname, c.relname, :'app')
FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p', 'v', 'm', 'f')
  AND c.relowner <> (SELECT oid FROM pg_roles WHERE rolname = :'app')
  AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = c.oid AND d.deptype = 'e')\gexec
SELECT format('ALTER SEQUENCE %I.%I OWNER TO %I', n.nspname, c.relname, :'app')
FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE n.nspname = 'public' AND c.relkind = 'S'
  AND c.relowner <> (SELECT oid FROM pg_roles WHERE rolname = :'app')
  AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = c.oid AND d.deptype IN ('a', 'i', 'e'))\gexec
SELECT format('ALTER ROUTINE %s OWNER TO %I', p.oid::regprocedure, :'app')
FROM pg_proc p
WHERE p.pronamespace = 'public'::regnamespace
  AND p.proowner <> (SELECT oid FROM pg_roles WHERE rolname = :'app')
  AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = p.oid AND d.deptype = 'e')\gexec
SELECT format('ALTER TYPE %s OWNER TO %I', t.oid::regtype, :'app')
FROM pg_type t
WHERE t.typnamespace = 'public'::regnamespace AND t.typtype IN ('e', 'd', 'r', 'm')
  AND t.typowner <> (SELECT oid FROM pg_roles WHERE rolname = :'app')
  AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = t.oid AND d.deptype = 'e')\gexec
