"""Alembic environment for the claimgraph store.

`claimgraph.store.migrate.upgrade()` hands us an open connection in
`config.attributes["connection"]`: the migration runs inside the caller's transaction, on the
caller's engine (with its SQLite pragmas). Run from the alembic command line instead, it takes
the database URL from `-x url=...`.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import context

from claimgraph.store.schema import metadata


def _run(connection: sa.Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=metadata,
        # SQLite cannot ALTER most things: later revisions copy-and-move tables ("batch" mode)
        render_as_batch=connection.dialect.name == "sqlite",
    )
    with context.begin_transaction():
        context.run_migrations()


if context.is_offline_mode():
    raise SystemExit("claimgraph's migrations run online only (they inspect the database)")

_connection = context.config.attributes.get("connection")
if _connection is not None:
    _run(_connection)
else:
    _url = context.get_x_argument(as_dictionary=True).get("url")
    if not _url:
        raise SystemExit("give the database: alembic ... -x url=sqlite:///claims.db")
    with sa.create_engine(_url).connect() as _conn:
        _run(_conn)
        _conn.commit()
