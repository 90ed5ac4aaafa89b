"""The claim graph's commands: `claimgraph story` and `claimgraph graph build|actors|merge|split`
(thin wrappers over `claimgraph.graph.build`, `graph.story` and the store's judgements)."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from .cli import EXIT_FAILED, EXIT_OK, EXIT_USAGE, _err, _Formatter, _paras
from .cli_store import DB_HELP, _open_store


def add_parsers(sub: argparse._SubParsersAction) -> None:
    st = sub.add_parser(
        "story", formatter_class=_Formatter,
        help="one event across articles: who blames whom, positions, contradictions, figures",
        description=_paras(
            "Print the story of an event from the claim database: the responsibility matrix "
            "(speakers × parties said to be responsible, each cell the speaker's latest stance), "
            "the position changes, the contradictions, the figures that disagree across sources, "
            "and the claims with their first appearance and spread. EVENT is an event id or words "
            "of its label or place (default: the event with the most articles).",
            "The graph is built first when articles were stored since the last build "
            "(or always, with --rebuild)."),
        epilog="examples:\n"
               "  claimgraph story                              # the largest story in ./claims.db\n"
               "  claimgraph story crocus --db demo-out/claims.db\n"
               "  claimgraph story 'attack Crocus' --format json > story.json\n")
    st.add_argument("event", nargs="?", metavar="EVENT", help="an event id, or words of its label")
    st.add_argument("--db", metavar="PATH|URL", help=DB_HELP)
    st.add_argument("--format", choices=("table", "json"), default="table")
    st.add_argument("--rebuild", action="store_true", help="rebuild the graph first")
    st.set_defaults(handler=cmd_story)

    gr = sub.add_parser(
        "graph", formatter_class=_Formatter, help="build the claim graph; list, merge and split actors",
        description=_paras(
            "build: recompute actors across articles, story events and claims from the stored "
            "records (and your merge/split decisions). actors: list actors and why their names "
            "were merged. merge/split: record a decision (kept in the table judgements, applied "
            "at every later build). A member is NAME or ARTICLE_ID#e3 (an entity of one article)."),
        epilog="examples:\n"
               "  claimgraph graph build --db claims.db\n"
               "  claimgraph graph actors Bortnikov --explain\n"
               "  claimgraph graph split 'Crocus' 'Crocus City Hall' --note 'the venue, not the band'\n"
               "  claimgraph graph merge 'HUR' 'Ukrainian military intelligence'\n")
    gsub = gr.add_subparsers(dest="graph_command", metavar="ACTION", required=True)
    b = gsub.add_parser("build", formatter_class=_Formatter, help="(re)build the claim graph")
    b.add_argument("--db", metavar="PATH|URL", help=DB_HELP)
    b.add_argument("--aliases", metavar="CSV", help="an alias table: name,alias,type,wikidata")
    b.set_defaults(handler=cmd_graph_build)
    a = gsub.add_parser("actors", formatter_class=_Formatter, help="list actors (and why they merged)")
    a.add_argument("query", nargs="?", metavar="NAME", help="part of a name or alias")
    a.add_argument("--db", metavar="PATH|URL", help=DB_HELP)
    a.add_argument("--explain", action="store_true", help="show the merges that made each actor")
    a.add_argument("--limit", type=int, default=30)
    a.set_defaults(handler=cmd_graph_actors)
    for kind in ("merge", "split"):
        d = gsub.add_parser(kind, formatter_class=_Formatter,
                            help=f"record that two members are {'the same' if kind == 'merge' else 'not the same'} actor")
        d.add_argument("a", metavar="MEMBER")
        d.add_argument("b", metavar="MEMBER")
        d.add_argument("--note", help="why (kept with the decision)")
        d.add_argument("--db", metavar="PATH|URL", help=DB_HELP)
        d.set_defaults(handler=cmd_graph_decision, kind=kind)


# -- build ------------------------------------------------------------------------------------

def _build(store: Any, aliases_path: str | None = None, quiet: bool = False):
    from .graph.alias_table import load_alias_table
    from .graph.build import build_graph

    aliases = load_alias_table(aliases_path) if aliases_path else None
    summary = build_graph(store, aliases=aliases, progress=None if quiet else (lambda m: _err(m + "…")))
    if not quiet:
        _err(f"graph: {summary.articles:,} articles, {summary.actors:,} actors ({summary.merges:,} merges), "
             f"{summary.events:,} events, {summary.claims:,} claims ({summary.contested:,} contested) "
             f"in {summary.seconds:.1f} s")
    return summary


def cmd_graph_build(args: argparse.Namespace) -> int:
    store = _open_store(args.db)
    if store is None:
        return EXIT_FAILED
    try:
        _build(store, args.aliases)
    except (OSError, ValueError) as e:  # a missing or malformed alias table
        _err(str(e))
        return EXIT_USAGE
    finally:
        store.close()
    return EXIT_OK


def cmd_graph_actors(args: argparse.Namespace) -> int:
    import sqlalchemy as sa

    from .store.schema import actor_merges, actors

    store = _open_store(args.db)
    if store is None:
        return EXIT_FAILED
    try:
        q = sa.select(actors).order_by(actors.c.members.desc(), actors.c.name).limit(args.limit)
        if args.query:
            q = q.where(sa.func.lower(actors.c.name).contains(args.query.lower(), autoescape=True))
        with store.engine.connect() as conn:
            rows = list(conn.execute(q))
            for r in rows:
                aliases = ", ".join(a for a in (r.aliases or []) if a != r.name)
                extra = f"  part of {r.country}" if r.country else ""
                print(f"{r.name} [{r.type}] {r.members} mention{'s' * (r.members != 1)}"
                      + (f"; also: {aliases}" if aliases else "") + extra)
                if args.explain:
                    for m in conn.execute(sa.select(actor_merges).where(actor_merges.c.actor_id == r.id)
                                          .order_by(actor_merges.c.id)):
                        print(f"    {m.name_a} = {m.name_b}: {m.rule} ({m.evidence})")
        if not rows:
            _err("no actor matches (is the graph built? claimgraph graph build)")
    finally:
        store.close()
    return EXIT_OK


def cmd_graph_decision(args: argparse.Namespace) -> int:
    from .store.judgements import add_judgement

    store = _open_store(args.db)
    if store is None:
        return EXIT_FAILED
    try:
        jid = add_judgement(store, f"actor_{args.kind}", f"{args.a} | {args.b}",
                            {"kind": args.kind, "a": args.a, "b": args.b, "note": args.note}, note=args.note)
    finally:
        store.close()
    _err(f"recorded ({jid}); it applies from the next build: claimgraph graph build")
    return EXIT_OK


# -- story ------------------------------------------------------------------------------------

def cmd_story(args: argparse.Namespace) -> int:
    from .graph.story import NoGraph, graph_is_stale, load_story

    store = _open_store(args.db)
    if store is None:
        return EXIT_FAILED
    try:
        if args.rebuild or graph_is_stale(store):
            _build(store, quiet=args.format == "json")
        try:
            story = load_story(store, args.event)
        except NoGraph as e:
            _err(str(e))
            return EXIT_FAILED
    finally:
        store.close()
    if args.format == "json":
        print(json.dumps(story.to_dict(), ensure_ascii=False))
    else:
        from .render import make_console
        from .render_story import print_story

        print_story(story, make_console(sys.stdout))
    return EXIT_OK
