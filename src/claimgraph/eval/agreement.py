"""How far PolNeAR's own annotators agree, scored exactly as the extractor is scored.

PolNeAR had some articles annotated by several trained annotators (16 of the 840 train
articles, 2 of the 84 dev ones). The gold for scoring is one of them (`read_polnear`'s choice);
the others did the same task on the same text. Scoring each of the others against that gold with
the extractor's own scorer tells what a careful person reaches under these definitions: a
ceiling to read every extractor figure against, per role and per measure. Scoring the extractor
on the same articles against the same gold puts the two side by side.

The pooled report sums every (gold, other annotator) pair, so an article with five further
annotators weighs five times; `per_annotator` keeps each annotator's own pooled report, because
people differ (the spread is part of the answer).

One person's cues carry that person's slips as well as the guidelines' vagueness; a model
trained on many annotators' work learns their common habit instead. So the cue score of the
others' consensus is reported too: the cues that at least half of the further annotators marked
with exactly the same tokens, scored against the gold annotator. That is closer to the best an
extractor can expect on cue exact match than any one person's score.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .polnear import GoldAttribution, GoldDocument, read_polnear_annotators
from .scoring import EvalReport, ExactScore, Scorer, format_report, token_spans

if TYPE_CHECKING:
    from ..nlp.pipeline import Pipeline


@dataclass
class AgreementReport:
    articles: list[str]  # ids of the articles annotated more than once
    annotators: EvalReport  # every further annotator against the gold one, pooled
    per_annotator: dict[str, EvalReport] = field(default_factory=dict)
    consensus_cue: ExactScore = field(default_factory=ExactScore)  # see the module's docstring
    extractor: EvalReport | None = None  # the pipeline on the same articles, same gold
    # what to keep in mind about the extractor's row, printed under the table
    extractor_note: str = ("claimgraph's shipped models were trained on PolNeAR train: on train "
                           "articles its row is in-sample.")

    def to_dict(self) -> dict[str, Any]:
        return {
            "articles": self.articles,
            "annotators": self.annotators.to_dict(),
            "per_annotator": {a: r.to_dict() for a, r in self.per_annotator.items()},
            "consensus_cue_exact": self.consensus_cue.to_dict(),
            "extractor": self.extractor.to_dict() if self.extractor is not None else None,
        }

    def __str__(self) -> str:
        return format_agreement(self)


def annotator_agreement(directory: str | Path, *,
                        pipeline: "Pipeline | None" = None) -> AgreementReport:
    """Score PolNeAR's further annotators (and `pipeline`, when given) against the gold one.

    Raises ValueError when the folder is not a split or no article in it was annotated twice."""
    articles = read_polnear_annotators(directory)
    if not articles:
        raise ValueError(f"{directory}: no article there was annotated by more than one "
                         f"annotator, so there is no agreement to measure")
    pooled, consensus = Scorer(), Scorer()
    per_annotator: dict[str, Scorer] = {}
    for gold, *others in articles:
        for other in others:
            pooled.add(gold, other)
            per_annotator.setdefault(other.annotator, Scorer()).add(gold, other)
        consensus.add(gold, consensus_cues(others))
    report = AgreementReport(articles=[versions[0].id for versions in articles],
                             annotators=pooled.report,
                             per_annotator={a: s.report for a, s in sorted(per_annotator.items())},
                             consensus_cue=consensus.report.exact["cue"])
    if pipeline is not None:
        golds: list[GoldDocument] = [versions[0] for versions in articles]
        scorer = Scorer()
        for gold, pred in zip(golds, pipeline.pipe((g.text, {"id": g.id}) for g in golds)):
            scorer.add(gold, pred)
        report.extractor = scorer.report
    return report


def consensus_cues(annotations: list[GoldDocument]) -> GoldDocument:
    """The cues (alone: no source, no content) that at least half of `annotations` marked on
    exactly the same word tokens, as one document."""
    first = annotations[0]
    votes: dict[tuple, list[tuple[int, int]]] = {}
    counts: dict[tuple, int] = {}
    for doc in annotations:
        seen = set()
        for a in doc.attributions:
            key = token_spans(first.text, a.cue)
            if a.cue and key and key not in seen:  # one vote per annotator
                seen.add(key)
                votes.setdefault(key, a.cue)
                counts[key] = counts.get(key, 0) + 1
    kept = [GoldAttribution(cue=list(votes[key]), source=[], content=[], id=f"C{i}")
            for i, key in enumerate(sorted(votes), 1) if 2 * counts[key] >= len(annotations)]
    return GoldDocument(id=first.id, text=first.text, attributions=kept, annotator="consensus")


# The figures the targets name, for the side-by-side table.
_HEADLINE = (("cue", "exact"), ("source", "overlap"), ("content", "overlap"))


def _headline(report: EvalReport) -> list[float]:
    return [getattr(report, kind)[role].f1 for role, kind in _HEADLINE]


def agreement_summary(directory: str | Path) -> dict[str, Any] | None:
    """The annotators' headline F1s on a split's multiply annotated articles (what `claimgraph
    eval polnear` prints under its scores, to read them against), or None when the split has
    no such article."""
    try:
        report = annotator_agreement(directory)
    except ValueError:
        return None
    cue, source, content = _headline(report.annotators)
    return {"articles": len(report.articles), "pairs": report.annotators.n_docs,
            "cue_exact_f1": cue, "source_overlap_f1": source, "content_overlap_f1": content,
            "consensus_cue_exact_f1": report.consensus_cue.f1}


def _articles(n: int) -> str:
    return f"{n} article{'s' if n != 1 else ''}"


def format_summary(summary: dict[str, Any]) -> str:
    pct = {k: f"{100 * v:.1f}" for k, v in summary.items() if k.endswith("_f1")}
    return (f"PolNeAR's own annotators, on the {_articles(summary['articles'])} of this split "
            f"annotated more than once, agree with the gold at cue exact {pct['cue_exact_f1']}, "
            f"source overlap {pct['source_overlap_f1']}, content overlap "
            f"{pct['content_overlap_f1']} (their consensus: cue exact "
            f"{pct['consensus_cue_exact_f1']}); --agreement for details.")


def format_agreement(report: AgreementReport) -> str:
    """The annotators' pooled table, each annotator's headline F1s, and the extractor's."""
    def row(label: str, r: EvalReport) -> str:
        return f"{label:22}{r.n_docs:>6}" + "".join(f"{100 * f:>12.1f}" for f in _headline(r))

    lines = [f"Annotator agreement on the {_articles(len(report.articles))} annotated more than "
             f"once: each further annotator scored against the gold annotator, as the extractor "
             f"is scored", "", format_report(report.annotators), "",
             f"{'F1 (%)':22}{'pairs':>6}{'cue exact':>12}{'source ovl':>12}{'content ovl':>12}",
             row("annotators, pooled", report.annotators)]
    lines += [row(f"  annotator {a}", r) for a, r in report.per_annotator.items()]
    c = report.consensus_cue
    lines.append(f"{'others consensus':22}{len(report.articles):>6}{100 * c.f1:>12.1f}"
                 f"{'':>12}{'':>12}   (cues marked alike by at least half of the others)")
    if report.extractor is not None:
        lines.append(row("claimgraph", report.extractor))
        lines += ["", report.extractor_note]
    return "\n".join(lines)
