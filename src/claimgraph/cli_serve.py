"""`claimgraph serve`: the workbench (claimgraph.web) on a store, with uvicorn.

Loopback only by default: the workbench shows the whole store and, with a write token, takes
corrections; exposing it is a decision to make explicitly with --host.
"""

from __future__ import annotations

import argparse
import os

from .cli import EXIT_FAILED, EXIT_OK, EXIT_USAGE, _err, _Formatter, _paras
from .cli_store import DB_HELP, _open_store

TOKEN_ENV = "CLAIMGRAPH_WRITE_TOKEN"
MIN_TOKEN_CHARS = 12


def add_parsers(sub: argparse._SubParsersAction) -> None:
    sv = sub.add_parser(
        "serve", formatter_class=_Formatter,
        help="the workbench: search, articles with highlights, actors, stories, corrections",
        description=_paras(
            "Serve the workbench on the claim database: web pages to search statements, read "
            "each article with its attributions highlighted, follow an actor's positions and a "
            "story's responsibility matrix, timeline, contradictions and figures; and a JSON API "
            "under /api (described at /openapi.json).",
            f"Read-only unless a write token is given (--write-token or ${TOKEN_ENV}): then "
            "corrections (accept/reject a statement, edit its speaker, stance or targets, merge or "
            "split actors) can be made after signing in with the token, or through the API with "
            "'Authorization: Bearer TOKEN'. They are kept as judgements and survive re-analysis.",
            "The claim graph is built first when articles were stored since the last build."),
        epilog="examples:\n"
               "  claimgraph serve --db demo-out/claims.db\n"
               f"  {TOKEN_ENV}=$(openssl rand -hex 16) claimgraph serve --port 8080\n")
    sv.add_argument("--db", metavar="PATH|URL", help=DB_HELP)
    sv.add_argument("--host", default="127.0.0.1", help="address to listen on (default: loopback only)")
    sv.add_argument("--port", type=int, default=8000, help="port (default 8000; 0 picks a free one)")
    sv.add_argument("--write-token", metavar="TOKEN",
                    help=f"enable corrections with this secret (default: ${TOKEN_ENV}, which other users "
                         "of the machine cannot see in the process list; none: read-only)")
    sv.set_defaults(handler=cmd_serve)


def _free_port(host: str) -> int:
    import socket

    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family) as s:
        s.bind((host, 0))
        return s.getsockname()[1]


def cmd_serve(args: argparse.Namespace) -> int:
    token = args.write_token or os.environ.get(TOKEN_ENV) or None
    if token is not None and len(token) < MIN_TOKEN_CHARS:
        _err(f"the write token must be at least {MIN_TOKEN_CHARS} characters")
        return EXIT_USAGE
    if not 0 <= args.port <= 65535:
        _err("--port must be between 0 and 65535")
        return EXIT_USAGE
    import uvicorn

    from .cli_graph import _build
    from .graph.story import graph_is_stale
    from .web.app import create_app

    store = _open_store(args.db)
    if store is None:
        return EXIT_FAILED
    try:
        if graph_is_stale(store):
            _build(store)
        # on loopback, only requests addressed to loopback names: a web page whose domain an
        # attacker re-points at 127.0.0.1 (DNS rebinding) is refused instead of reading the store
        loopback = args.host in ("127.0.0.1", "localhost", "::1")
        app = create_app(store=store, write_token=token,
                         allowed_hosts=["127.0.0.1", "localhost", "[::1]", "::1"] if loopback else None)
        if args.host not in ("127.0.0.1", "localhost", "::1"):
            _err(f"warning: listening on {args.host}, not only on this machine")
        host = f"[{args.host}]" if ":" in args.host else args.host
        if args.port == 0:
            args.port = _free_port(args.host)
        _err(f"workbench: http://{host}:{args.port}/ "
             f"({'corrections enabled with the write token' if token else 'read-only'}); Ctrl-C stops it")
        uvicorn.run(app, host=args.host, port=args.port, log_level="warning", server_header=False)
    finally:
        store.close()
    return EXIT_OK
