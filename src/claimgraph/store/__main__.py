"""Maintainers' commands for the store's schema:

    python -m claimgraph.store revision "what changes"   # a new, empty migration
    python -m claimgraph.store upgrade [PATH|URL]        # what open_store does
    python -m claimgraph.store current [PATH|URL]        # the database's revision
"""

from __future__ import annotations

import sys

from alembic import command

from .engine import create_engine
from .migrate import alembic_config, current_revision, upgrade


def main(argv: list[str] | None = None) -> None:
    args = sys.argv[1:] if argv is None else argv
    if len(args) == 2 and args[0] == "revision":
        command.revision(alembic_config(), message=args[1])
    elif args and args[0] in ("upgrade", "current") and len(args) <= 2:
        engine = create_engine(args[1] if len(args) == 2 else None)
        if args[0] == "upgrade":
            upgrade(engine)
        print(current_revision(engine))
    else:
        raise SystemExit(__doc__)


if __name__ == "__main__":
    main()
