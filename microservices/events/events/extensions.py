"""Flask extensions, created unbound and bound in create_app."""

from flask_sqlalchemy import SQLAlchemy

from confeitaria_shared.stores import engine_options

db = SQLAlchemy(engine_options=engine_options())
