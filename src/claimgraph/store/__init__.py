"""The claim database: articles, their locations, entities and attributions, on SQLite (a file,
the default) or PostgreSQL (by URL). See `store.py` for the API and `schema.py` for the tables.
"""

from .fingerprint import JACCARD_THRESHOLD
from .results import AddResult, Counts, Statement
from .store import Store, open_store

__all__ = ["open_store", "Store", "AddResult", "Statement", "Counts", "JACCARD_THRESHOLD"]
