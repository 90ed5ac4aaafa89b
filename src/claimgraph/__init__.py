"""claimgraph: who claimed what, via whom, about whom, as evidence-linked data.

    >>> import claimgraph
    >>> analysis = claimgraph.analyze(text, id="crocus", published="2024-05-24")
    >>> analysis.to_dict()          # exactly the FORMAT.md record

`Pipeline` keeps the spaCy model loaded for many documents (`Pipeline().pipe(texts)`).
`open_store("claims.db")` opens the claim database (SQLite, or PostgreSQL by URL), and
`claimgraph.ingest.ingest(paths, store)` fills it from files, feeds and web archives.
"""

from __future__ import annotations

from .model import Analysis, Attribution, Conduit, Entity, Meta, Span

__version__ = "0.1.0"
__all__ = ["analyze", "Pipeline", "open_store", "Analysis", "Attribution", "Conduit", "Entity", "Meta", "Span",
           "__version__"]

_default_pipeline = None


def __getattr__(name: str):
    # spaCy is slow to import: `Pipeline` is loaded on first use, so `import claimgraph`
    # and `claimgraph --help` stay fast.
    if name == "Pipeline":
        from .nlp.pipeline import Pipeline

        return Pipeline
    if name == "open_store":
        from .store import open_store

        return open_store
    raise AttributeError(f"module 'claimgraph' has no attribute {name!r}")


def analyze(text: str, *, id: str | None = None, published: str | None = None) -> Analysis:
    """Analyse one article and return its `Analysis` (the FORMAT.md record).

    The spaCy pipeline is loaded on first use and kept for later calls."""
    global _default_pipeline
    if _default_pipeline is None:
        from .nlp.pipeline import Pipeline

        _default_pipeline = Pipeline()
    return _default_pipeline.analyze(text, id=id, published=published)
