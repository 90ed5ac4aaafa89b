"""Scores of predicted attributions (`Analysis`) against PolNeAR gold (`GoldDocument`).

The span metrics follow BBC Citron's evaluation (github.com/bbc/citron, `citron/metrics.py`,
`evaluate()` and the `get_*_metrics` functions it calls, with `citron/utils.py` and
`citron/data.py`, commit b140405). Our own code; where we depart from Citron it is said below.

Tokens. Citron turns every character span into a spaCy token span: the span starts at the token
holding its first character and ends after the token holding its last one (so a span snaps
outwards to whole tokens). We do the same with spaCy's English tokenizer rules
(`spacy.blank("en")`, the rules en_core_web_sm uses, no model needed), counting only
non-whitespace tokens: whitespace at a span's edge is ignored and "\\n\\n" tokens inside a span
are not counted (Citron counts them; they are layout, not words).

Discontinuous spans. A role is a list of token spans: Citron's `sources`/`contents` lists, and
PolNeAR's fragments (`Content 10 20;25 40`). Fragments are sorted and those that touch or overlap
once snapped to tokens are merged, on both sides, so brat's splits at line breaks (779 in the
train and dev .ann files, gap = whitespace only) do not make a span unmatchable; fragments
separated by a word or punctuation ("..." he said. "...") stay separate. Predicted cue and source
are one span each. Quote marks are tokens: PolNeAR's contents include them, so a content predicted
without its marks is not an exact match (it still scores on overlap).

What is scored: every gold attribution (E line), those without a source (Attribution-no-source)
included; Citron's PARC converter drops sourceless attributions, PolNeAR has 126 in dev. Discuss
and Discard spans are not attributions and are ignored (Citron's data has no such labels).

Exact match (per role; Citron `get_cue_exact_match_metrics`, `get_source_exact_match_metrics`,
`get_content_exact_match_metrics`, `get_exact_scores`):
- cue: a predicted cue is correct when some gold cue has exactly the same token spans.
- source, content: a predicted attribution's source (content) is correct when some gold
  attribution whose cue shares a token with the predicted cue has exactly the same list of token
  spans for that role. Citron's cue test `are_overlapping_spans` is `s1.start <= s2.end and
  s1.end > s2.start`, which also accepts a cue that starts on the token right after the gold
  cue; we require a shared token.
- all ("All Quote Spans", `get_quote_exact_match_metrics`): cue, source list and content list all
  exact.
- precision = correct predictions / predictions; recall = gold items matched by some prediction
  / gold items. Citron computes recall as tp/(tp+fn) with tp counted on the predicted side; the two
  agree unless several predictions match one gold item (then Citron's recall can exceed what was
  found). Per role, only attributions that have that role count: a predicted attribution with no
  source makes no source prediction, a gold one with no source (PolNeAR's Attribution-no-source)
  is not a source to find. Citron's data never lacks a source, where its list comparison would
  call two empty lists a match. For "all", every attribution counts and an absent source must be
  absent on both sides.

Token overlap (per role; Citron `get_quote_overlap_counts_and_lengths`, `get_overlap_scores`):
precision = predicted tokens that overlap gold tokens / all predicted tokens of the role, recall =
the same overlap / all gold tokens of the role, summed over documents, not anchored on cues.
Citron sums `get_overlap` over every (predicted, gold) pair of quotes; that double counts a token
when one side repeats it (PolNeAR lets several attributions share one Source span, 114 times in
the dev annotations used) and can push precision above 1. We count tokens as multisets and clip:
overlap = sum over tokens of min(times predicted, times in gold), which equals Citron's sum
whenever neither side repeats a token. "all" pools the three roles. (Citron's "All Quote Spans
overlap" passes the gold and predicted lengths to `get_overlap_scores` in swapped order, so its
printed P and R are swapped; we do not copy that.)

Zero denominators give 0.0, and F1 = 2PR/(P+R) (0.0 when P+R = 0), as in Citron.

Quote level (not in Citron; the definition of this project's issue): a predicted attribution with
content matches a gold one when its content tokens cover more than 30 % (and, separately, 80 %) of
the gold content tokens, |pred ∩ gold| / |gold| > t. Matching is one-to-one, greedy by coverage
(highest first, ties in text order). precision = matched / predicted attributions with content,
recall = matched / gold attributions. Speaker match, over matched pairs: the gold has a source and
the predicted source shares a token with it, or the predicted speaker entity has a mention sharing
a token with it (PolNeAR's sources are mentions, pronouns included, so a resolved speaker whose
chain covers the gold mention is the right speaker); or neither side has a source.
"""

from __future__ import annotations

import bisect
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from ..model import Analysis, Attribution
from .outermost import outermost
from .polnear import GoldAttribution, GoldDocument

ROLES = ("cue", "source", "content")
THRESHOLDS = (0.3, 0.8)

TokenSpans = tuple[tuple[int, int], ...]  # sorted, merged [first, end) ranges of word-token indices


# -- tokens ---------------------------------------------------------------------------------

@lru_cache(maxsize=1)
def _tokenizer():
    import spacy

    return spacy.blank("en").tokenizer


class _Tokens:
    """Character -> word-token mapping for one text (whitespace tokens left out)."""

    def __init__(self, text: str) -> None:
        words = [t for t in _tokenizer()(text) if not t.is_space]
        self.starts = [t.idx for t in words]
        self.ends = [t.idx + len(t.text) for t in words]

    @staticmethod
    @lru_cache(maxsize=8)
    def of(text: str) -> "_Tokens":
        """The mapping of `text`, kept for the next few calls on the same text."""
        return _Tokens(text)

    def spans(self, fragments: Iterable[tuple[int, int]]) -> TokenSpans:
        ranges = []
        for s, e in fragments:
            first = bisect.bisect_right(self.ends, s)  # first token ending after s
            end = bisect.bisect_left(self.starts, e)  # first token starting at or after e
            if first < end:
                ranges.append((first, end))
        ranges.sort()
        merged: list[tuple[int, int]] = []
        for first, end in ranges:
            if merged and first <= merged[-1][1]:
                merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
            else:
                merged.append((first, end))
        return tuple(merged)


def token_spans(text: str, fragments: Iterable[tuple[int, int]]) -> TokenSpans:
    """Character fragments of `text` as the scorer's merged word-token ranges (two spans are
    the same for exact match exactly when these are equal)."""
    return _Tokens.of(text).spans(fragments)


def _token_set(spans: TokenSpans) -> set[int]:
    return {i for first, end in spans for i in range(first, end)}


# -- one attribution, in tokens ---------------------------------------------------------------

@dataclass
class _Quote:
    id: str
    cue: TokenSpans
    source: TokenSpans
    content: TokenSpans
    chars: dict[str, list[tuple[int, int]]]  # role -> character fragments, for error reports
    speaker_tokens: set[int] = field(default_factory=set)  # predicted speaker entity's mentions
    speaker: str | None = None  # the predicted record's speaker entity id

    def role(self, role: str) -> TokenSpans:
        return getattr(self, role)


def _gold_quote(g: GoldAttribution, tokens: _Tokens) -> _Quote:
    return _Quote(g.id, tokens.spans(g.cue), tokens.spans(g.source), tokens.spans(g.content),
                  {"cue": list(g.cue), "source": list(g.source), "content": list(g.content)})


def _pred_quote(a: Attribution, pred: Analysis, tokens: _Tokens) -> _Quote:
    chars = {
        "cue": [(a.cue.start, a.cue.end)] if a.cue else [],
        "source": [(a.source.start, a.source.end)] if a.source else [],
        "content": [(c.start, c.end) for c in a.content],
    }
    entity = pred.entity(a.speaker) if a.speaker else None
    speaker = _token_set(tokens.spans(entity.mentions)) if entity else set()
    return _Quote(a.id, tokens.spans(chars["cue"]), tokens.spans(chars["source"]),
                  tokens.spans(chars["content"]), chars, speaker, a.speaker)


# -- scores ---------------------------------------------------------------------------------

def _ratio(num: float, den: float) -> float:
    return num / den if den else 0.0


def _f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class ExactScore:
    correct: int = 0  # predictions that match
    predicted: int = 0
    found: int = 0  # gold items matched by some prediction
    gold: int = 0

    @property
    def precision(self) -> float:
        return _ratio(self.correct, self.predicted)

    @property
    def recall(self) -> float:
        return _ratio(self.found, self.gold)

    @property
    def f1(self) -> float:
        return _f1(self.precision, self.recall)

    def add(self, other: "ExactScore") -> None:
        self.correct += other.correct
        self.predicted += other.predicted
        self.found += other.found
        self.gold += other.gold

    def to_dict(self) -> dict[str, Any]:
        return {"precision": self.precision, "recall": self.recall, "f1": self.f1,
                "correct": self.correct, "predicted": self.predicted, "found": self.found,
                "gold": self.gold}


@dataclass
class OverlapScore:
    overlap: int = 0  # predicted tokens that overlap gold tokens (clipped multiset count)
    predicted: int = 0  # predicted tokens
    gold: int = 0  # gold tokens

    @property
    def precision(self) -> float:
        return _ratio(self.overlap, self.predicted)

    @property
    def recall(self) -> float:
        return _ratio(self.overlap, self.gold)

    @property
    def f1(self) -> float:
        return _f1(self.precision, self.recall)

    def add(self, other: "OverlapScore") -> None:
        self.overlap += other.overlap
        self.predicted += other.predicted
        self.gold += other.gold

    def to_dict(self) -> dict[str, Any]:
        return {"precision": self.precision, "recall": self.recall, "f1": self.f1,
                "overlap_tokens": self.overlap, "predicted_tokens": self.predicted,
                "gold_tokens": self.gold}


@dataclass
class QuoteScore:
    threshold: float
    matched: int = 0
    predicted: int = 0  # predicted attributions with content
    gold: int = 0  # gold attributions with content
    speaker_matches: int = 0

    @property
    def precision(self) -> float:
        return _ratio(self.matched, self.predicted)

    @property
    def recall(self) -> float:
        return _ratio(self.matched, self.gold)

    @property
    def f1(self) -> float:
        return _f1(self.precision, self.recall)

    @property
    def speaker_match(self) -> float:
        return _ratio(self.speaker_matches, self.matched)

    def add(self, other: "QuoteScore") -> None:
        self.matched += other.matched
        self.predicted += other.predicted
        self.gold += other.gold
        self.speaker_matches += other.speaker_matches

    def to_dict(self) -> dict[str, Any]:
        return {"threshold": self.threshold, "precision": self.precision, "recall": self.recall,
                "f1": self.f1, "matched": self.matched, "predicted": self.predicted,
                "gold": self.gold, "speaker_match": self.speaker_match,
                "speaker_matches": self.speaker_matches}


@dataclass
class EvalReport:
    n_docs: int = 0
    n_gold: int = 0  # gold attributions
    n_pred: int = 0  # predicted attributions
    exact: dict[str, ExactScore] = field(
        default_factory=lambda: {r: ExactScore() for r in (*ROLES, "all")})
    overlap: dict[str, OverlapScore] = field(
        default_factory=lambda: {r: OverlapScore() for r in (*ROLES, "all")})
    quotes: dict[float, QuoteScore] = field(
        default_factory=lambda: {t: QuoteScore(t) for t in THRESHOLDS})

    def add(self, other: "EvalReport") -> None:
        self.n_docs += other.n_docs
        self.n_gold += other.n_gold
        self.n_pred += other.n_pred
        for k, s in other.exact.items():
            self.exact[k].add(s)
        for k, o in other.overlap.items():
            self.overlap[k].add(o)
        for t, q in other.quotes.items():
            self.quotes[t].add(q)

    def to_dict(self) -> dict[str, Any]:
        return {
            "n_docs": self.n_docs,
            "counts": {
                "gold_attributions": self.n_gold,
                "predicted_attributions": self.n_pred,
                "gold_spans": {r: self.exact[r].gold for r in ROLES},
                "predicted_spans": {r: self.exact[r].predicted for r in ROLES},
                "gold_tokens": {r: self.overlap[r].gold for r in ROLES},
                "predicted_tokens": {r: self.overlap[r].predicted for r in ROLES},
            },
            "roles": {r: {"exact": self.exact[r].to_dict(), "overlap": self.overlap[r].to_dict()}
                      for r in (*ROLES, "all")},
            "quotes": {f"{t:g}": q.to_dict() for t, q in self.quotes.items()},
        }

    def __str__(self) -> str:
        return format_report(self)


def format_report(report: EvalReport) -> str:
    """A readable table of the report (percentages)."""
    def pct(x: float) -> str:
        return f"{100 * x:6.1f}"

    lines = [
        f"PolNeAR evaluation: {report.n_docs} documents, {report.n_gold} gold and "
        f"{report.n_pred} predicted attributions",
        "",
        f"{'':9}{'exact match':^24}  {'token overlap':^24}",
        f"{'role':9}{'P':>8}{'R':>8}{'F1':>8}  {'P':>8}{'R':>8}{'F1':>8}  {'gold':>6}{'pred':>6}",
    ]
    for role in (*ROLES, "all"):
        e, o = report.exact[role], report.overlap[role]
        lines.append(f"{role:9}{pct(e.precision):>8}{pct(e.recall):>8}{pct(e.f1):>8}  "
                     f"{pct(o.precision):>8}{pct(o.recall):>8}{pct(o.f1):>8}  "
                     f"{e.gold:>6}{e.predicted:>6}")
    lines += ["", f"{'quotes':9}{'P':>8}{'R':>8}{'F1':>8}  {'matched':>8}{'speaker':>9}"]
    for t, q in report.quotes.items():
        label = f">{100 * t:.0f}%"
        lines.append(f"{label:9}{pct(q.precision):>8}{pct(q.recall):>8}{pct(q.f1):>8}  "
                     f"{q.matched:>8}{pct(q.speaker_match):>8}%")
    lines += ["", "exact/overlap as in BBC Citron's evaluation; quotes: predicted content covers "
                  "more than the threshold of a gold content's tokens; speaker: matched quotes "
                  "whose source is right."]
    return "\n".join(lines)


# -- matching one document ------------------------------------------------------------------

def _shares_token(a: TokenSpans, b: TokenSpans) -> bool:
    return any(s1 < e2 and s2 < e1 for s1, e1 in a for s2, e2 in b)


class DocMatch:
    """Everything the scores and the error records need for one (gold, predicted) pair."""

    def __init__(self, gold: GoldDocument, pred: Analysis | GoldDocument, *,
                 all_records: bool = False) -> None:
        if pred.text != gold.text:
            raise ValueError(f"{gold.id}: the predicted analysis is of a different text than the "
                             f"gold document ({len(pred.text)} vs {len(gold.text)} characters)")
        self.gold_doc = gold
        tokens = _Tokens(gold.text)
        self.gold = [_gold_quote(g, tokens) for g in gold.attributions]
        if isinstance(pred, GoldDocument):
            # Another annotator's work scored as a prediction (eval/agreement.py): its cues and
            # sources keep their fragments, and annotations never nest, so nothing is left out.
            self.pred = [_gold_quote(g, tokens) for g in pred.attributions]
        else:
            self.pred = [_pred_quote(a, pred, tokens) for a in pred.attributions]
            if not all_records:  # PolNeAR annotates no nested attribution: see outermost.py
                self.pred = [self.pred[i] for i in outermost(self.pred)]
        # exact[role] = (correct flag per prediction, found flag per gold), None where the side
        # has no span for the role (not counted)
        self.exact = {role: self._exact(role) for role in (*ROLES, "all")}
        self.quote_pairs = {t: self._match_quotes(t) for t in THRESHOLDS}

    def _same(self, role: str, p: _Quote, g: _Quote) -> bool:
        if role == "cue":
            return p.cue == g.cue
        if role == "all":
            return p.cue == g.cue and p.source == g.source and p.content == g.content
        return _shares_token(p.cue, g.cue) and p.role(role) == g.role(role)

    def _exact(self, role: str) -> tuple[list[bool | None], list[bool | None]]:
        def counted(q: _Quote) -> bool:
            return role == "all" or bool(q.role(role))

        pred = [any(self._same(role, p, g) for g in self.gold if counted(g)) if counted(p) else None
                for p in self.pred]
        gold = [any(self._same(role, p, g) for p in self.pred if counted(p)) if counted(g) else None
                for g in self.gold]
        return pred, gold

    def _match_quotes(self, threshold: float) -> list[tuple[int, int]]:
        """One-to-one (pred index, gold index) pairs whose coverage exceeds the threshold."""
        pred_sets = [_token_set(p.content) for p in self.pred]
        gold_sets = [_token_set(g.content) for g in self.gold]
        candidates = []
        for gi, gs in enumerate(gold_sets):
            if not gs:
                continue
            for pi, ps in enumerate(pred_sets):
                cover = len(ps & gs) / len(gs)
                if cover > threshold:
                    candidates.append((-cover, gi, pi))
        candidates.sort()
        used_p: set[int] = set()
        used_g: set[int] = set()
        pairs = []
        for _, gi, pi in candidates:
            if gi not in used_g and pi not in used_p:
                used_g.add(gi)
                used_p.add(pi)
                pairs.append((pi, gi))
        return sorted(pairs, key=lambda pg: pg[1])

    def speaker_matches(self, p: _Quote, g: _Quote) -> bool:
        if not g.source:
            return not p.source
        gold = _token_set(g.source)
        return bool(gold & _token_set(p.source)) or bool(gold & p.speaker_tokens)

    def report(self) -> EvalReport:
        r = EvalReport(n_docs=1, n_gold=len(self.gold), n_pred=len(self.pred))
        for role, (pred, gold) in self.exact.items():
            r.exact[role] = ExactScore(
                correct=sum(1 for x in pred if x), predicted=sum(1 for x in pred if x is not None),
                found=sum(1 for x in gold if x), gold=sum(1 for x in gold if x is not None))
        for role in ROLES:
            pc = Counter(i for p in self.pred for i in _token_set(p.role(role)))
            gc = Counter(i for g in self.gold for i in _token_set(g.role(role)))
            r.overlap[role] = OverlapScore(overlap=sum(min(n, gc[i]) for i, n in pc.items()),
                                           predicted=sum(pc.values()), gold=sum(gc.values()))
            r.overlap["all"].add(r.overlap[role])
        for t, pairs in self.quote_pairs.items():
            r.quotes[t] = QuoteScore(
                t, matched=len(pairs), predicted=sum(1 for p in self.pred if p.content),
                gold=sum(1 for g in self.gold if g.content),
                speaker_matches=sum(1 for pi, gi in pairs
                                    if self.speaker_matches(self.pred[pi], self.gold[gi])))
        return r


# -- public ---------------------------------------------------------------------------------

class Scorer:
    """Accumulates the report over (gold, predicted) pairs, one at a time."""

    def __init__(self, *, all_records: bool = False) -> None:
        self.report = EvalReport()
        self.all_records = all_records

    def add(self, gold: GoldDocument, pred: Analysis | GoldDocument) -> DocMatch:
        match = DocMatch(gold, pred, all_records=self.all_records)
        self.report.add(match.report())
        return match


def score(pairs: Iterable[tuple[GoldDocument, Analysis]]) -> EvalReport:
    """The report over all (gold document, predicted analysis) pairs."""
    scorer = Scorer()
    for gold, pred in pairs:
        scorer.add(gold, pred)
    return scorer.report


def error_records(gold: GoldDocument, pred: Analysis) -> list[dict[str, Any]]:
    """False positives and negatives of one document, for error analysis (one dict per error).

    role cue/source/content: exact-match errors as scored above ("partial" = shares a token with
    a span of the other side in that role); role "quote": attributions left unmatched at the 30 %
    content threshold; role "speaker": matched quotes (30 %) whose speaker does not match."""
    return records_of(DocMatch(gold, pred))


def records_of(m: DocMatch) -> list[dict[str, Any]]:
    """`error_records` of an already matched document (what `Scorer.add` returns)."""
    text, doc_id = m.gold_doc.text, m.gold_doc.id

    def span_text(frags: list[tuple[int, int]]) -> str:
        return " … ".join(text[s:e] for s, e in frags)

    def record(role: str, error: str, q: _Quote, frags_role: str, partial: bool | None = None,
               **extra: Any) -> dict[str, Any]:
        frags = q.chars[frags_role]
        out = {"doc": doc_id, "role": role, "error": error, "attribution": q.id,
               "spans": [[s, e] for s, e in frags], "text": span_text(frags),
               "cue": span_text(q.chars["cue"])}
        if partial is not None:
            out["partial"] = partial
        out.update(extra)
        return out

    out: list[dict[str, Any]] = []
    for role in ROLES:
        pred_ok, gold_ok = m.exact[role]
        gold_spans = [g.role(role) for g in m.gold]
        pred_spans = [p.role(role) for p in m.pred]
        for p, ok in zip(m.pred, pred_ok):
            if ok is False:
                partial = any(_shares_token(p.role(role), s) for s in gold_spans)
                out.append(record(role, "fp", p, role, partial))
        for g, ok in zip(m.gold, gold_ok):
            if ok is False:
                partial = any(_shares_token(g.role(role), s) for s in pred_spans)
                out.append(record(role, "fn", g, role, partial))
    pairs = m.quote_pairs[THRESHOLDS[0]]
    matched_p = {pi for pi, _ in pairs}
    matched_g = {gi for _, gi in pairs}
    for pi, p in enumerate(m.pred):
        if p.content and pi not in matched_p:
            out.append(record("quote", "fp", p, "content"))
    for gi, g in enumerate(m.gold):
        if g.content and gi not in matched_g:
            out.append(record("quote", "fn", g, "content"))
    for pi, gi in pairs:
        p, g = m.pred[pi], m.gold[gi]
        if not m.speaker_matches(p, g):
            out.append(record("speaker", "mismatch", g, "source",
                              predicted_attribution=p.id,
                              predicted_source=span_text(p.chars["source"]) or None,
                              predicted_speaker=p.speaker,
                              content=span_text(g.chars["content"])[:200]))
    return out
