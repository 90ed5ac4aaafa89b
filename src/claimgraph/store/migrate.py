"""Bring a database to the newest schema by running the packaged Alembic migrations.

Called on every `open_store()`: a new file gets the whole schema, an old one the revisions it
lacks, a current one nothing (one SELECT). No alembic.ini: the configuration is built here.
"""

from __future__ import annotations

from pathlib import Path

import sqlalchemy as sa
from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory

from .engine import WRITE

MIGRATIONS = Path(__file__).with_name("migrations")

# Any constant: two processes opening a new PostgreSQL store at once take turns migrating.
_PG_LOCK_KEY = 0x636C61696D  # "claim"


def alembic_config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return config


def head_revision() -> str:
    return ScriptDirectory.from_config(alembic_config()).get_current_head()


def current_revision(engine: sa.Engine) -> str | None:
    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def upgrade(engine: sa.Engine, revision: str = "head") -> None:
    if revision == "head" and current_revision(engine) == head_revision():
        return
    config = alembic_config()
    with engine.connect().execution_options(**WRITE) as conn:
        with conn.begin():
            if conn.dialect.name == "postgresql":
                conn.execute(sa.text("SELECT pg_advisory_xact_lock(:k)"), {"k": _PG_LOCK_KEY})
            config.attributes["connection"] = conn
            command.upgrade(config, revision)

