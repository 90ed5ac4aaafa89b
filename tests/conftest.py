"""Shared fixtures.

PostgreSQL: the store tests run on a real server. `CLAIMGRAPH_TEST_POSTGRES_URL` names one to
use (its user must be allowed to create databases); otherwise `postgres_server` starts a
throwaway cluster on 127.0.0.1 with scripts/test-postgres.sh, once per session, and stops it at
the end. Without PostgreSQL's server programs the PostgreSQL cases are skipped, unless
`CLAIMGRAPH_REQUIRE_POSTGRES=1` (as `make test` sets, after installing them), which fails them.
"""

from __future__ import annotations

import os
import subprocess
import tempfile
import uuid
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PG_SCRIPT = ROOT / "scripts" / "test-postgres.sh"


def _no_postgres(reason: str) -> None:
    if os.environ.get("CLAIMGRAPH_REQUIRE_POSTGRES") == "1":
        pytest.fail(reason, pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="session")
def postgres_server():
    """The URL of a PostgreSQL server for this test session (see the module's docstring)."""
    url = os.environ.get("CLAIMGRAPH_TEST_POSTGRES_URL")
    if url:
        yield url
        return
    if subprocess.run([str(PG_SCRIPT), "bindir"], capture_output=True).returncode != 0:
        _no_postgres("no PostgreSQL server programs: run scripts/test-postgres.sh install "
                     "(make test does), or set CLAIMGRAPH_TEST_POSTGRES_URL")
    # not pytest's tmp_path: as root the server runs as another user, who cannot enter that
    folder = tempfile.mkdtemp(prefix="claimgraph-pg-")
    started = subprocess.run([str(PG_SCRIPT), "start", folder], capture_output=True, text=True,
                             timeout=180)
    if started.returncode != 0:
        subprocess.run([str(PG_SCRIPT), "stop", folder], capture_output=True)
        _no_postgres(f"the throwaway PostgreSQL server did not start:\n{started.stderr}")
    try:
        yield started.stdout.strip().splitlines()[-1]
    finally:
        subprocess.run([str(PG_SCRIPT), "stop", folder], capture_output=True, timeout=120)


@pytest.fixture
def postgres_database(postgres_server):
    """A new, empty database on the session's server for one test; dropped after it."""
    import psycopg
    from sqlalchemy.engine import make_url

    name = f"cg_test_{uuid.uuid4().hex[:12]}"
    server = make_url(postgres_server).set(drivername="postgresql")
    admin = server.render_as_string(hide_password=False)
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    yield server.set(database=name).render_as_string(hide_password=False)
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(params=["sqlite", "postgresql"])
def store_url(request, tmp_path):
    """Where to open a store, once per engine: an SQLite file in tmp_path, or a fresh database
    on the real PostgreSQL server."""
    if request.param == "sqlite":
        return str(tmp_path / "claims.db")
    return request.getfixturevalue("postgres_database")
