"""The store's commands: `claimgraph ingest`, `query` and `export` (thin wrappers over
`claimgraph.ingest.ingest`, `Store.query_statements` and `claimgraph.export`).

Like the rest of the CLI, nothing heavy is imported at module level: `--help` answers at once.
"""

from __future__ import annotations

import argparse
import sys
import time
from typing import Any

from .cli import (EXIT_FAILED, EXIT_OK, EXIT_USAGE, _add_tagger_option, _date, _err, _Formatter,
                  _paras, _positive)

DB_HELP = ("the database: an SQLite file (default ./claims.db, created if missing) or a "
           "PostgreSQL URL (postgresql://user:password@host/db)")
STANCES = ("assert", "accuse", "deny", "acknowledge", "reject", "claim_responsibility", "warn",
           "question", "other")


def add_parsers(sub: argparse._SubParsersAction) -> None:
    ing = sub.add_parser(
        "ingest", formatter_class=_Formatter,
        help="read files, folders, feeds and web archives into the claim database",
        description=_paras(
            "Read articles from SOURCES, analyse the ones the database does not have yet, and "
            "store them with their entities and attributions.",
            "A SOURCE is a file or a folder (read recursively): .txt and .md text, .html pages, "
            "JSON Lines (news-please fields), WARC and .warc.gz web archives, RSS/Atom feeds; "
            "files with other names are recognised by their content. '-' reads standard input.",
            "A text that is stored already is not analysed again: only its new location is "
            "recorded, so running the same ingest twice, or again after an interruption, "
            "stores nothing twice. Inputs that give no article (broken archives, pages with no "
            "text, undecodable files) are recorded as ingest errors with their reason and shown "
            "at the end; the run goes on."),
        epilog="examples:\n"
               "  claimgraph ingest samples/crocus                      # into ./claims.db\n"
               "  claimgraph ingest crawl.warc.gz feeds/ --db news.db -j 2\n"
               "  claimgraph ingest dump.jsonl --db postgresql://me@localhost/claims\n"
               "  claimgraph ingest corpus/ --published name            # dates from file names\n"
               "  claimgraph ingest corpus/ --reanalyze                 # after an upgrade\n")
    ing.add_argument("sources", nargs="+", metavar="SOURCE", help="a file, a folder, or -")
    ing.add_argument("--db", metavar="PATH|URL", help=DB_HELP)
    ing.add_argument("-j", "--processes", metavar="N", type=_positive, default=1,
                     help="analyse in N processes (default 1; each loads the model)")
    ing.add_argument("--reanalyze", "--reanalyse", action="store_true", dest="reanalyse",
                     help="analyse stored texts again and replace their analyses")
    ing.add_argument("--published", metavar="DATE", type=_date,
                     help="publication date for articles that have none (YYYY-MM-DD), or "
                          "'name': a leading YYYY-MM-DD of the file name")
    _add_tagger_option(ing, "; the ingest run records which was used")
    ing.add_argument("-q", "--quiet", action="store_true", help="no progress and no summary")
    ing.set_defaults(handler=cmd_ingest)

    qu = sub.add_parser(
        "query", formatter_class=_Formatter, help="find statements in the claim database",
        description=_paras(
            "Print the stored statements that match every filter given, newest articles last. "
            "Text filters match names and aliases in part, ignoring case (--speaker Bortnikov "
            "finds 'Alexander Bortnikov'); --text is a full-text search of the statements' "
            "contents (every word must occur)."),
        epilog="examples:\n"
               "  claimgraph query --speaker Bortnikov\n"
               "  claimgraph query --stance deny --stance reject --since 2024-03-24\n"
               "  claimgraph query --target Ukraine --format csv > ukraine.csv\n"
               "  claimgraph query --text 'Islamic State' --format jsonl --db news.db\n")
    _filters(qu)
    qu.add_argument("--format", choices=("table", "jsonl", "csv"), default="table",
                    help="table (default), jsonl (one statement per line) or csv")
    qu.add_argument("--limit", metavar="N", type=_positive, default=50,
                    help="at most N statements (default 50)")
    qu.add_argument("--offset", metavar="N", type=int, default=0, help="skip the first N")
    qu.set_defaults(handler=cmd_query)

    exp = sub.add_parser(
        "export", formatter_class=_Formatter, help="write the claim database out as files",
        description=_paras(
            "jsonl: the analysis records (FORMAT.md), one per stored article, exactly as "
            "stored. csv and parquet: one row per statement with its speaker, stance, targets, "
            "evidence sentence and article metadata (the filters of 'query' apply).",
            "From the claim graph (built first when out of date): ftm: FollowTheMoney entities "
            "(actors, articles, events, statements as links, mentions), one JSON per line; "
            "claimreview: schema.org ClaimReview JSON-LD, one per claim, with every appearance; "
            "graphml: actors as nodes, statements as edges, for Gephi or networkx."),
        epilog="examples:\n"
               "  claimgraph export --format jsonl -o records.jsonl\n"
               "  claimgraph export --format parquet -o statements.parquet --db news.db\n"
               "  claimgraph export --format csv --stance accuse > accusations.csv\n"
               "  claimgraph export --format ftm -o entities.ftm.json\n"
               "  claimgraph export --format graphml -o claims.graphml\n")
    exp.add_argument("--format", choices=("jsonl", "csv", "parquet", "ftm", "claimreview", "graphml"),
                     required=True)
    exp.add_argument("-o", "--output", metavar="OUT", default="-",
                     help="the file to write (default stdout; parquet needs a file)")
    _filters(exp)
    exp.set_defaults(handler=cmd_export)


def _filters(p: argparse.ArgumentParser) -> None:
    p.add_argument("--db", metavar="PATH|URL", help=DB_HELP)
    p.add_argument("--speaker", metavar="NAME", help="the speaker's name or alias (in part)")
    p.add_argument("--target", metavar="NAME", help="an entity the statement is about (in part)")
    p.add_argument("--stance", metavar="STANCE", action="append", choices=STANCES,
                   help="one of " + ", ".join(STANCES) + " (repeat for several)")
    p.add_argument("--outlet", metavar="DOMAIN", help="the outlet or site (in part)")
    p.add_argument("--since", metavar="DATE", type=_date, help="published on or after (YYYY-MM-DD)")
    p.add_argument("--until", metavar="DATE", type=_date, help="published on or before (YYYY-MM-DD)")
    p.add_argument("--text", metavar="WORDS", help="full-text search in what was said")


def _filter_args(args: argparse.Namespace) -> dict[str, Any]:
    return {"speaker": args.speaker, "target": args.target, "stance": args.stance,
            "outlet": args.outlet, "date_from": args.since, "date_to": args.until, "text": args.text}


def _open_store(db: str | None):
    from .store import open_store

    try:
        return open_store(db)
    except Exception as e:  # a bad URL, an unreachable server, a file that is not a database
        shown = db or "claims.db"
        _err(f"{shown}: cannot open the database ({type(e).__name__}: {' '.join(str(e).split())[:300]})")
        return None


# -- ingest -----------------------------------------------------------------------------------

class _IngestProgress:
    """A live line on a terminal (documents, documents/s, errors); a line every ~10 s in a log."""

    def __init__(self, enabled: bool) -> None:
        self.enabled = enabled
        self._live = None
        self._last = time.monotonic()
        if enabled and sys.stderr.isatty():
            from rich.console import Console
            from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

            self._live = Progress(SpinnerColumn(), TextColumn("{task.description}"),
                                  TimeElapsedColumn(), console=Console(stderr=True), transient=True)
            self._task = self._live.add_task("reading…")
            self._live.start()

    @staticmethod
    def line(s: Any) -> str:
        done = s.analysed + s.duplicates
        rate = done / s.seconds if s.seconds > 0 else 0.0
        return (f"{done:,} documents ({s.analysed:,} analysed, {s.duplicates:,} already stored), "
                f"{rate:,.1f} docs/s, {s.errors:,} error{'s' * (s.errors != 1)}")

    def __call__(self, s: Any) -> None:
        if self._live is not None:
            self._live.update(self._task, description=self.line(s))
        elif self.enabled and time.monotonic() - self._last >= 10:
            self._last = time.monotonic()
            _err(self.line(s))

    def close(self) -> None:
        if self._live is not None:
            self._live.stop()


def cmd_ingest(args: argparse.Namespace) -> int:
    if args.sources.count("-") > 1:
        _err("standard input (-) can be named only once")
        return EXIT_USAGE
    if args.tagger == "minilm":  # the weights are checked now, not after the first article is read
        from .nlp.minilm_tagger import MissingBaseModel, base_model_dir

        try:
            base_model_dir()
        except MissingBaseModel as e:
            _err(str(e))
            return EXIT_FAILED
    store = _open_store(args.db)
    if store is None:
        return EXIT_FAILED
    from .ingest import ingest

    progress = _IngestProgress(enabled=not args.quiet)
    try:
        summary = ingest(args.sources, store, n_process=args.processes, reanalyse=args.reanalyse,
                         stdin=getattr(sys.stdin, "buffer", None), published=args.published,
                         args={"argv": args.argv}, progress=progress, warn=_err, tagger=args.tagger)
    finally:
        progress.close()
        store.close()
    if not args.quiet:
        _print_summary(summary, args.db)
    return EXIT_FAILED if summary.errors else EXIT_OK


def _print_summary(s: Any, db: str | None) -> None:
    parts = [f"{s.new:,} new article{'s' * (s.new != 1)}"]
    if s.near_duplicates:
        parts.append(f"{s.near_duplicates:,} near-duplicate{'s' * (s.near_duplicates != 1)} "
                     "(grouped with a stored article)")
    if s.reanalysed:
        parts.append(f"{s.reanalysed:,} reanalysed")
    parts.append(f"{s.duplicates:,} already stored (location recorded)")
    rate = (s.analysed + s.duplicates) / s.seconds if s.seconds > 0 else 0
    _err(f"ingest: {s.read:,} article{'s' * (s.read != 1)} read: " + ", ".join(parts)
         + f"; {s.seconds:.1f} s ({rate:,.1f} docs/s) into {db or 'claims.db'}")
    if s.errors:
        _err(f"{s.errors:,} input{'s' * (s.errors != 1)} gave no article "
             f"(all in the table ingest_errors, run {s.run_id}):")
        for location, reason in s.first_errors:
            _err(f"  {location}: {reason}")
        if s.errors > len(s.first_errors):
            _err(f"  … and {s.errors - len(s.first_errors):,} more")


# -- query and export -------------------------------------------------------------------------

def cmd_query(args: argparse.Namespace) -> int:
    store = _open_store(args.db)
    if store is None:
        return EXIT_FAILED
    from . import export

    try:
        rows = store.query_statements(**_filter_args(args), limit=args.limit, offset=args.offset)
    finally:
        store.close()
    if args.format == "jsonl":
        export.write_statements_jsonl(rows, sys.stdout)
    elif args.format == "csv":
        export.write_statements_csv(rows, sys.stdout)
    else:
        from .render import make_console, print_statements

        print_statements(rows, make_console(sys.stdout))
        if not rows:
            _err("no statement matches")
    return EXIT_OK


def cmd_export(args: argparse.Namespace) -> int:
    if args.format == "parquet" and args.output == "-":
        _err("parquet is a binary file format: name the file with -o FILE.parquet")
        return EXIT_USAGE
    store = _open_store(args.db)
    if store is None:
        return EXIT_FAILED
    from . import export

    filters = _filter_args(args)
    graph_formats = ("ftm", "claimreview", "graphml")
    if args.format in graph_formats and any(v for v in filters.values()):
        _err(f"the {args.format} export writes the whole graph; filters apply to csv and parquet")
        store.close()
        return EXIT_USAGE
    try:
        if args.format in graph_formats:
            from . import export_graph
            from .cli_graph import _build
            from .graph.story import graph_is_stale

            if graph_is_stale(store):
                _build(store, quiet=True)
            writer = {"ftm": export_graph.write_ftm, "claimreview": export_graph.write_claimreview,
                      "graphml": export_graph.write_graphml}[args.format]
            out = sys.stdout if args.output == "-" else open(args.output, "w", encoding="utf-8")
            try:
                n = writer(store, out)
            finally:
                if out is not sys.stdout:
                    out.close()
        elif args.format == "parquet":
            n = export.write_statements_parquet(store.iter_statements(**filters), args.output)
        else:
            out = sys.stdout if args.output == "-" else open(args.output, "w", encoding="utf-8",
                                                              newline="")
            try:
                if args.format == "jsonl":
                    if any(v for v in filters.values()):
                        _err("the jsonl export writes whole records; filters apply to csv and parquet")
                        return EXIT_USAGE
                    n = export.write_records_jsonl(store.iter_records(), out)
                else:
                    n = export.write_statements_csv(store.iter_statements(**filters), out)
            finally:
                if out is not sys.stdout:
                    out.close()
    except BrokenPipeError:
        raise  # the reader went away (`| head`): main() ends quietly
    except OSError as e:
        _err(f"{args.output}: cannot write ({e.strerror or e})")
        return EXIT_FAILED
    finally:
        store.close()
    what = {"jsonl": "record", "ftm": "entity", "claimreview": "claim", "graphml": "edge"}.get(
        args.format, "statement")
    if args.output != "-":
        plural = "entities" if what == "entity" and n != 1 else what + "s" * (n != 1)
        _err(f"{n:,} {plural} written to {args.output}")
    return EXIT_OK
