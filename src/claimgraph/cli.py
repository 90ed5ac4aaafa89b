"""The `claimgraph` command: a thin layer over the Python API (`Pipeline`, the eval runner).

    claimgraph extract FILES... [-o out.jsonl] [--format jsonl|table] [--published DATE] [-j N]
    claimgraph show RECORDS.jsonl...
    claimgraph eval polnear DIR [--json] [--limit N] [-j N] [--errors FILE]
    claimgraph ingest SOURCES... [--db PATH|URL] [-j N]   (these three: cli_store.py)
    claimgraph query [--speaker ...] [--format table|jsonl|csv]
    claimgraph export --format jsonl|csv|parquet [-o FILE]

spaCy takes seconds to import, so nothing here imports it at module level: `--help`,
`--version` and argument errors answer at once, and bad inputs are reported before the model
loads. Exit status: 0 when everything was analysed, 1 when any input failed (the others are
still written), 2 for a usage error.
"""

from __future__ import annotations

import argparse
import datetime as _dt
import json
import os
import sys
import textwrap
import time
from collections.abc import Iterator
from typing import Any, TextIO

from . import __version__

PROG = "claimgraph"
PROGRESS_MIN_FILES = 4  # "more than a few files" get a progress display on stderr

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2


def _err(message: str) -> None:
    print(f"{PROG}: {message}", file=sys.stderr, flush=True)


# -- parser -----------------------------------------------------------------------------------

class _Formatter(argparse.RawDescriptionHelpFormatter):
    def __init__(self, prog: str) -> None:
        super().__init__(prog, max_help_position=32)


def _paras(*paragraphs: str) -> str:
    # RawDescriptionHelpFormatter keeps the examples' line breaks, so prose is wrapped here.
    return "\n\n".join(textwrap.fill(p, 88) for p in paragraphs)


def _date(value: str) -> str:
    if value == "name":
        return value
    try:
        _dt.date.fromisoformat(value) if len(value) == 10 else _dt.datetime.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not an ISO date (YYYY-MM-DD): {value!r}") from None
    return value


def _date_from_name(item: Any) -> str | None:
    """`--published name`: the date a file name starts with ("2024-03-23-kyiv-denies.txt")."""
    from .inputs import date_from_name

    return date_from_name(item.id)


def _positive(value: str) -> int:
    try:
        n = int(value)
    except ValueError:
        n = 0
    if n < 1:
        raise argparse.ArgumentTypeError(f"must be a whole number of at least 1: {value!r}")
    return n


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=PROG, formatter_class=_Formatter,
        description="Who claimed what, via whom, about whom: attributed statements in news text.",
        epilog="examples:\n"
               "  claimgraph extract article.txt                 # one JSONL record on stdout\n"
               "  claimgraph extract articles/ -o out.jsonl -j 2\n"
               "  claimgraph extract article.txt --format table  # who said what, readable\n"
               "  claimgraph show out.jsonl\n"
               "  claimgraph ingest samples/crocus --db claims.db # into a claim database\n"
               "  claimgraph query --speaker Bortnikov --db claims.db\n"
               "  claimgraph export --format parquet -o statements.parquet\n"
               "  claimgraph eval polnear ../shared/data/polnear/dev\n\n"
               "Run 'claimgraph COMMAND --help' for a command's options.")
    parser.add_argument("--version", action="version", version=f"{PROG} {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    ex = sub.add_parser(
        "extract", formatter_class=_Formatter,
        help="analyse text files: one record per document (JSONL or a table)",
        description=_paras(
            "Analyse plain-text articles and write one analysis record (FORMAT.md, format 1) "
            "per document.",
            "Each FILE is a UTF-8 text file (its id is the file name without the "
                    "extension; a Markdown file's front matter, if any, gives the title, outlet, "
                    "date and url), a directory (its .txt and .md files, recursively), or - for standard "
                    "input (id 'stdin'). Inputs that cannot be read as text (empty, binary, not "
                    "UTF-8, ...) are reported on stderr as 'claimgraph: FILE: reason' and "
                    "skipped; the others are still analysed, and the exit status is then 1."),
        epilog="examples:\n"
               "  claimgraph extract samples/crocus/*.md -o crocus.jsonl\n"
               "  claimgraph extract corpus/ -o corpus.jsonl -j 2 --published 2024-05-24\n"
               "  claimgraph extract corpus/ --published name   # dates from 2024-03-23-slug.txt\n"
               "  claimgraph extract article.txt --format table\n"
               "  claimgraph extract corpus/ --tagger minilm -o corpus.jsonl   # after make minilm\n"
               "  cat article.txt | claimgraph extract -\n")
    ex.add_argument("files", nargs="+", metavar="FILE", help="a .txt file, a directory, or -")
    ex.add_argument("-o", "--output", metavar="OUT", default="-",
                    help="write here instead of stdout (e.g. out.jsonl)")
    ex.add_argument("--format", choices=("jsonl", "table"), default="jsonl",
                    help="jsonl: one JSON record per line (default); table: who said what")
    ex.add_argument("--published", metavar="DATE", type=_date,
                    help="publication date for every document (YYYY-MM-DD), stored in meta; "
                         "'name' takes each file's from a leading YYYY-MM-DD in its name")
    ex.add_argument("-j", "--processes", metavar="N", type=_positive, default=1,
                    help="analyse in N processes (default 1; each loads the model)")
    _add_tagger_option(ex)
    ex.add_argument("--batch-size", metavar="N", type=_positive, default=32, help=argparse.SUPPRESS)
    ex.add_argument("-q", "--quiet", action="store_true", help="no progress and no summary")
    ex.set_defaults(handler=cmd_extract)

    sh = sub.add_parser(
        "show", formatter_class=_Formatter,
        help="print saved JSONL records as a table of who said what",
        description=_paras("Render analysis records (JSONL, as written by 'extract') as tables: "
                           "per document, one row per attribution. No analysis is run."),
        epilog="examples:\n"
               "  claimgraph show out.jsonl\n"
               "  claimgraph extract article.txt | claimgraph show -\n")
    sh.add_argument("files", nargs="+", metavar="RECORDS", help="a .jsonl file, or - for stdin")
    sh.set_defaults(handler=cmd_show)

    ev = sub.add_parser(
        "eval", formatter_class=_Formatter, help="score the extractor on an annotated corpus",
        description="Score claimgraph against an annotated corpus.",
        epilog="examples:\n  claimgraph eval polnear ../shared/data/polnear/dev --limit 50\n")
    ev_sub = ev.add_subparsers(dest="corpus", metavar="CORPUS", required=True)
    pn = ev_sub.add_parser(
        "polnear", formatter_class=_Formatter,
        help="PolNeAR (attribution relations in political news), dev split",
        description=_paras("Score attribution extraction on a PolNeAR split (precision, recall "
                           "and F1 of sources, cues and contents) and print the report. Tune on "
                           "train, measure on dev."),
        epilog="examples:\n"
               "  claimgraph eval polnear ../shared/data/polnear/dev\n"
               "  claimgraph eval polnear ../shared/data/polnear/dev --limit 20 --json\n"
               "  claimgraph eval polnear ../shared/data/polnear/dev -j 2 --errors errors.jsonl\n"
               "  claimgraph eval polnear ../shared/data/polnear/dev --tagger minilm\n"
               "  claimgraph eval polnear ../shared/data/polnear/train --agreement\n")
    pn.add_argument("directory", metavar="DIR",
                    help="a PolNeAR split folder (with text/ and attributions/), e.g. its dev/")
    pn.add_argument("--json", action="store_true", help="print the scores as one JSON line")
    pn.add_argument("--limit", metavar="N", type=_positive, help="only the first N documents")
    pn.add_argument("-j", "--processes", metavar="N", type=_positive, default=1,
                    help="analyse in N processes (default 1)")
    _add_tagger_option(pn)
    pn.add_argument("--errors", metavar="FILE",
                    help="write the missed and spurious attributions here, for error analysis")
    pn.add_argument("--all-records", action="store_true",
                    help="score nested attributions too (PolNeAR's guidelines annotate only the "
                         "outermost one, so by default the records nested in another's content "
                         "are left out of the scoring)")
    pn.add_argument("--agreement", action="store_true",
                    help="score PolNeAR's own annotators instead: on the articles annotated more "
                         "than once, each further annotator (and their consensus, for cues) "
                         "against the gold annotator, with claimgraph on the same articles beside "
                         "them; the ceiling to read the scores against")
    pn.set_defaults(handler=cmd_eval_polnear)

    from . import cli_store  # ingest, query, export: the claim database's commands

    cli_store.add_parsers(sub)
    from . import cli_graph  # story, graph: the claim graph's commands

    cli_graph.add_parsers(sub)
    from . import cli_serve  # serve: the workbench

    cli_serve.add_parsers(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    # the command line as given (what an ingest run records), also when called as main([...])
    args.argv = list(sys.argv[1:] if argv is None else argv)
    if getattr(args, "handler", None) is None:
        parser.print_help(sys.stderr)
        return EXIT_USAGE
    try:
        return args.handler(args)
    except KeyboardInterrupt:
        _err("interrupted")
        return 130
    except BrokenPipeError:
        # The reader went away (`claimgraph extract ... | head`): not an error of ours.
        try:
            sys.stdout = open(os.devnull, "w")
        except OSError:
            pass
        return EXIT_OK


# -- extract ----------------------------------------------------------------------------------

class _Progress:
    """Progress on stderr: a live bar on a terminal, a line every ~10% in a log."""

    def __init__(self, total: int, enabled: bool) -> None:
        self.total, self.done, self.enabled = total, 0, enabled and total >= PROGRESS_MIN_FILES
        self._bar = None
        self._step = max(1, total // 10)
        self._last = time.monotonic()
        if self.enabled and sys.stderr.isatty():
            from rich.console import Console
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

            self._bar = Progress(TextColumn("analysing"), BarColumn(), MofNCompleteColumn(),
                                 TimeRemainingColumn(), console=Console(stderr=True), transient=True)
            self._task = self._bar.add_task("analysing", total=total)
            self._bar.start()

    def advance(self) -> None:
        self.done += 1
        if self._bar is not None:
            self._bar.advance(self._task)
        elif self.enabled and self.done % self._step == 0 and self.done < self.total:
            # In a log, a line every tenth of the batch, at most one every few seconds.
            now = time.monotonic()
            if now - self._last >= 3:
                self._last = now
                _err(f"{self.done}/{self.total} documents")

    def close(self) -> None:
        if self._bar is not None:
            self._bar.stop()


def _open_output(path: str) -> TextIO:
    if path == "-":
        return sys.stdout
    return open(path, "w", encoding="utf-8", newline="\n")


def cmd_extract(args: argparse.Namespace) -> int:
    from .inputs import expand, read_inputs

    names = expand(args.files)
    if names.count("-") > 1:
        _err("standard input (-) can be named only once")
        return EXIT_USAGE
    if "-" in names and sys.stdin is not None and sys.stdin.isatty():
        _err("reading the text from standard input (end it with Ctrl-D)")
    try:
        out = _open_output(args.output)
    except OSError as e:
        _err(f"{args.output}: cannot write ({e.strerror or e})")
        return EXIT_USAGE

    console = None
    if args.format == "table":
        from .render import make_console

        console = make_console(out)

    started = time.perf_counter()
    if not args.quiet and sys.stderr.isatty():
        _err("loading the language model…")
    from .batch import analyse_inputs

    pipeline = _load_pipeline(args.tagger)
    if pipeline is None:
        return EXIT_FAILED
    progress = _Progress(len(names), enabled=not args.quiet)
    seen_ids: dict[str, str] = {}
    ok = failed = words = attributions = 0
    try:
        outcomes = analyse_inputs(pipeline, read_inputs(names, getattr(sys.stdin, "buffer", None)),
                                  published=_date_from_name if args.published == "name" else args.published,
                                  n_process=args.processes, meta=lambda item: item.meta,
                                  batch_size=args.batch_size, warn=_err)
        for outcome in outcomes:
            progress.advance()
            if not outcome.ok:
                failed += 1
                _err(f"{outcome.name}: {outcome.error}")
                continue
            if outcome.id in seen_ids:
                _err(f"{outcome.name}: warning: id {outcome.id!r} is also the id of "
                     f"{seen_ids[outcome.id]}")
            seen_ids.setdefault(outcome.id, outcome.name)
            record = outcome.analysis.to_dict()
            _write_record(record, out, console)
            ok += 1
            words += len(record["text"].split())
            attributions += len(record["attributions"])
    finally:
        progress.close()
        if out is not sys.stdout:
            out.close()

    if not args.quiet:
        seconds = time.perf_counter() - started
        summary = (f"{ok} document{'s' * (ok != 1)} analysed ({words:,} words, "
                   f"{attributions:,} attribution{'s' * (attributions != 1)}) in {seconds:.1f} s")
        if failed:
            summary += f"; {failed} input{'s' * (failed != 1)} failed (see above)"
        if args.output != "-":
            summary += f"; written to {args.output}"
        _err(summary)
    return EXIT_FAILED if failed else EXIT_OK


def _write_record(record: dict[str, Any], out: TextIO, console: Any) -> None:
    if console is None:
        out.write(json.dumps(record, ensure_ascii=False) + "\n")
        out.flush()  # a long batch can be followed (tail -f) and survives an interruption
    else:
        from .render import print_tables

        print_tables([record], console)


# -- show -------------------------------------------------------------------------------------

def _read_records(path: str) -> Iterator[tuple[int, dict[str, Any] | None, str | None]]:
    stream = sys.stdin if path == "-" else open(path, encoding="utf-8")
    try:
        for n, line in enumerate(stream, 1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
            except json.JSONDecodeError as e:
                yield n, None, f"not a JSON record ({e.msg})"
                continue
            if not isinstance(record, dict) or "attributions" not in record:
                yield n, None, "not an analysis record (no 'attributions')"
                continue
            yield n, record, None
    finally:
        if stream is not sys.stdin:
            stream.close()


def cmd_show(args: argparse.Namespace) -> int:
    from .render import make_console, print_tables

    console = make_console(sys.stdout)
    failed = 0
    for path in args.files:
        shown = "<stdin>" if path == "-" else path
        try:
            for n, record, error in _read_records(path):
                if error is not None:
                    failed += 1
                    _err(f"{shown}:{n}: {error}")
                else:
                    print_tables([record], console)
        except (OSError, UnicodeDecodeError) as e:
            failed += 1
            reason = "not valid UTF-8" if isinstance(e, UnicodeDecodeError) else (
                "no such file" if isinstance(e, FileNotFoundError) else f"cannot read it ({e.strerror or e})")
            _err(f"{shown}: {reason}")
    return EXIT_FAILED if failed else EXIT_OK


# -- eval -------------------------------------------------------------------------------------

def _load_pipeline(tagger: str):
    """The analysis pipeline, or None after saying in one line why it cannot load (a broken
    install, or minilm's weights missing), rather than a traceback."""
    from .nlp.pipeline import Pipeline

    try:
        return Pipeline(tagger=tagger)
    except Exception as e:
        _err(f"cannot load the analysis pipeline ({type(e).__name__}: {e})")
        return None


def _add_tagger_option(parser: argparse.ArgumentParser, note: str = "") -> None:
    parser.add_argument("--tagger", choices=("crf", "minilm"), default="crf",
                        help="crf: the default, fast; minilm: a fine-tuned all-MiniLM-L6-v2, better "
                             "sources and contents, about four times slower (its weights: make "
                             "minilm)" + note)


def cmd_eval_polnear(args: argparse.Namespace) -> int:
    if not os.path.isdir(args.directory):
        _err(f"{args.directory}: not a directory (expected a PolNeAR split folder, e.g. its dev/)")
        return EXIT_USAGE
    if args.agreement and (args.limit or args.errors or args.all_records):
        _err("--agreement scores the annotators on every article annotated more than once: it "
             "takes no --limit, --errors or --all-records")
        return EXIT_USAGE
    from .eval.runner import evaluate_polnear
    pipeline = _load_pipeline(args.tagger)
    if pipeline is None:
        return EXIT_FAILED
    try:
        if args.agreement:
            from .eval.agreement import annotator_agreement
            report = annotator_agreement(args.directory, pipeline=pipeline)
        else:
            report = evaluate_polnear(args.directory, pipeline=pipeline, limit=args.limit,
                                      n_process=args.processes, errors_path=args.errors,
                                      all_records=args.all_records)
    except ValueError as e:  # the corpus reader's "not a PolNeAR split folder (...)"
        _err(str(e))
        return EXIT_USAGE
    out = report.to_dict()
    summary = None
    if not args.agreement:  # the ceiling to read the scores against, when the split has one
        from .eval.agreement import agreement_summary, format_summary
        summary = out["annotator_agreement"] = agreement_summary(args.directory)
    if args.json:
        print(json.dumps(out, ensure_ascii=False))  # one line, as the issue asks
    else:
        print(report)  # EvalReport and AgreementReport print as their readable tables
        if summary is not None:
            print("\n" + format_summary(summary))
    return EXIT_OK


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
