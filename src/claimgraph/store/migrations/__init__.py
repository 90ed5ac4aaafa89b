"""Alembic migrations of the claimgraph store (a package so that it ships inside the wheel).

They run by themselves when a store is opened (`claimgraph.store.migrate.upgrade`); no
alembic.ini is needed. Maintainers add a revision with
`python -m claimgraph.store revision "what changes"`, and change `schema.py` to match
(tests/test_store.py checks that the migrations build exactly what `schema.py` declares).
"""
