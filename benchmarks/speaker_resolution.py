"""Measure speaker resolution on hand-labelled cases, per phenomenon.

Each line of tests/data/speaker_cases.jsonl is a short text with the attribution drafts an
attribution component would leave (sources, conduits, `speaker_from` links, given by their text
and occurrence) and the entity names they should resolve to. The drafts are built by hand so the
figures measure speaker resolution alone, not attribution finding.

    .venv/bin/python benchmarks/speaker_resolution.py [--cases FILE] [-v]

Cases carry a `split`: "tune" cases were written first and the rules were adjusted on them;
"heldout", "heldout2" and "heldout3" were each written later, measured once as they stood, and
only then used to fix general faults. "tune2" cases were written with the rules for role nouns,
bodies named by their head noun, acronyms, datelines and conduits (November 2026). Their first-run figures are the honest estimate (the
component's report lists them); today's figures on them are no longer blind. A new batch of
cases under a new split name gives the next blind measurement.

A draft may give its `cue` (text, `cue_nth`), which some rules read (a dateline source, an
agency named as the source of another subject's statement). A draft is scored once per
expectation it carries: `expect` (speaker entity name, or null; a list holds names equally right),
`expect_title` (a title the speaker entity must hold), `expect_conduit` (conduit entity name).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import defaultdict
from pathlib import Path

import spacy

from claimgraph.nlp import doc_state, speakers  # noqa: F401  (registers the factory)
from claimgraph.nlp.doc_state import DraftAttribution
from claimgraph.nlp.pipeline import DEFAULT_MODEL

CASES = Path(__file__).resolve().parent.parent / "tests" / "data" / "speaker_cases.jsonl"


def find(text: str, needle: str, nth: int = 0) -> tuple[int, int]:
    """Offsets of the nth word-bounded, case-sensitive occurrence of `needle`."""
    hits = [m.span() for m in re.finditer(r"(?<!\w)" + re.escape(needle) + r"(?!\w)", text)]
    if nth >= len(hits):
        raise ValueError(f"{needle!r} occurs {len(hits)} times in {text!r}")
    return hits[nth]


def build_drafts(text: str, specs: list[dict]) -> list[DraftAttribution]:
    drafts: list[DraftAttribution] = []
    for spec in specs:
        source = find(text, spec["source"], spec.get("nth", 0)) if spec.get("source") else None
        conduit = find(text, spec["conduit"]) if spec.get("conduit") else None
        cue = find(text, spec["cue"], spec.get("cue_nth", 0)) if spec.get("cue") else None
        d = DraftAttribution(type="indirect", cue=cue, source=source, content=[], conduit=conduit)
        if spec.get("speaker_from") is not None:
            d.speaker_from = drafts[spec["speaker_from"]]
        drafts.append(d)
    return drafts


def resolve(nlp, text: str, specs: list[dict]):
    """Parse `text` with the spaCy model, attach hand-built drafts, run speaker resolution."""
    doc = nlp(text)
    drafts = build_drafts(text, specs)
    doc_state.attributions(doc)[:] = drafts
    doc = speakers.SpeakerResolver(nlp)(doc)
    return doc, drafts, {e.id: e for e in doc_state.entities(doc)}


def score(nlp, cases: list[dict], verbose: bool = False) -> dict[tuple[str, str], list[int]]:
    """(split, phenomenon) -> [correct, checks]."""
    results: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0])
    for case in cases:
        doc, drafts, ents = resolve(nlp, case["text"], case["drafts"])
        for spec, d in zip(case["drafts"], drafts):
            got = ents[d.speaker] if d.speaker in ents else None
            checks = []
            if "expect" in spec:
                checks.append(("speaker", spec["expect"], got.name if got else None))
            if "expect_title" in spec:
                titles = got.titles if got else []
                checks.append(("title", spec["expect_title"], spec["expect_title"] if spec["expect_title"] in titles else titles))
            if "expect_conduit" in spec:
                c = ents.get(d.conduit_entity)
                checks.append(("conduit", spec["expect_conduit"], c.name if c else None))
            for what, want, have in checks:
                ok = have in want if isinstance(want, list) else want == have
                tally = results[(case.get("split", "tune"), case["phenomenon"])]
                tally[0] += ok
                tally[1] += 1
                if verbose and not ok:
                    print(f"FAIL {case['id']} {what}: want {want!r}, got {have!r}", file=sys.stderr)
    return results


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--cases", type=Path, default=CASES)
    ap.add_argument("-v", "--verbose", action="store_true", help="print each failed check")
    args = ap.parse_args(argv)
    cases = [json.loads(line) for line in args.cases.read_text(encoding="utf-8").splitlines() if line.strip()]
    nlp = spacy.load(DEFAULT_MODEL)
    results = score(nlp, cases, args.verbose)
    for split in sorted({k[0] for k in results}, reverse=True):
        total_ok = total = 0
        n_cases = sum(1 for c in cases if c.get("split", "tune") == split)
        print(f"\n[{split}] {n_cases} cases")
        print(f"{'phenomenon':<18} {'correct':>7} {'checks':>6} {'accuracy':>8}")
        for (sp, phen), (ok, n) in sorted(results.items()):
            if sp != split:
                continue
            total_ok += ok
            total += n
            print(f"{phen:<18} {ok:>7} {n:>6} {ok / n:>8.1%}")
        print(f"{'all':<18} {total_ok:>7} {total:>6} {total_ok / max(total, 1):>8.1%}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
