"""What our spaCy components leave on a `Doc`, and how they hand work to each other.

Every claimgraph component reads and writes these `Doc` extensions (all char offsets into
`doc.text`, end exclusive), so any spaCy user can add our components to a pipeline of their
own and read the results without our `Analysis` record:

- `doc._.cg_quotes`: list of `Quote`, the quotations in the text (marks included / excluded).
- `doc._.cg_attributions`: list of `DraftAttribution`, filled by the attribution components,
  then completed by speaker resolution (`speaker`) and stance (`stance`, `targets`).
- `doc._.cg_entities`: list of `DraftEntity`, the document's clustered actors.
- `doc._.cg_events`: list of `DraftEvent`, the events the document reports (claimgraph_events),
  which also sets `DraftAttribution.event`.

Drafts are mutable on purpose: each component fills in the fields it owns.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Doc

Offsets = tuple[int, int]


@dataclass
class Quote:
    """A quotation: `outer` includes the quote marks, `inner` is the quoted text."""

    outer: Offsets
    inner: Offsets
    open_mark: str
    close_mark: str | None  # None when the quote is left unclosed (paragraph or text end)


@dataclass
class DraftAttribution:
    type: str  # one of model.ATTRIBUTION_TYPES
    cue: Offsets | None
    source: Offsets | None
    content: list[Offsets]
    conduit: Offsets | None = None
    conduit_entity: str | None = None  # entity id, set by speaker resolution
    speaker: str | None = None  # entity id, set by speaker resolution
    stance: str | None = None  # set by the stance component
    targets: list[str] = field(default_factory=list)
    # Where the draft came from ("rule:quote", "rule:verb", "learned", ...): for merging
    # and for explaining a record; never written to the FORMAT.md record.
    origin: str = "rule"
    # The attribution this one is nested in ("Sullivan said that Russia knows that ..."), if any.
    # Object references, not list indices: later components may reorder or drop drafts.
    parent: "DraftAttribution | None" = field(default=None, repr=False)
    # For a statement whose speaker the text gives elsewhere (a floating quote, "he added"
    # continuations), the attribution whose speaker it shares; speaker resolution uses it when
    # `source` is None.
    speaker_from: "DraftAttribution | None" = field(default=None, repr=False)
    # Lemma of the cue's head word (for stance), when known.
    cue_lemma: str | None = None
    # How sure the tagger is that the cue's words are a cue (its marginal probability, 0..1),
    # whether or not it tagged them: set by the learned component, read by the draft filter.
    tagger_confidence: float | None = None
    # The event the statement concerns, set by the events component (an object reference, as
    # for `parent`).
    event: "DraftEvent | None" = field(default=None, repr=False)


@dataclass
class DraftEntity:
    id: str
    name: str
    type: str  # one of model.ENTITY_TYPES
    aliases: list[str] = field(default_factory=list)
    titles: list[str] = field(default_factory=list)
    mentions: list[Offsets] = field(default_factory=list)


@dataclass
class DraftFigure:
    """A count for an event ("more than 140 people were killed"): see model.Figure."""

    kind: str  # one of model.FIGURE_KINDS
    value: int
    span: Offsets
    qualifier: str | None = None
    counted: str | None = None


@dataclass
class DraftEvent:
    """An event and its mentions in the document. The date is kept as the expression's offsets:
    reading it needs the publication date, which components do not know (see
    claimgraph.nlp.event_record)."""

    type: str
    trigger: Offsets  # the first mention's trigger
    mentions: list[Offsets] = field(default_factory=list)
    place: Offsets | None = None
    place_name: str | None = None
    date: Offsets | None = None
    date_future: bool = False  # the date is governed by a future verb ("will be held on Friday")
    figures: list[DraftFigure] = field(default_factory=list)


def register_extensions() -> None:
    """Register our Doc extensions once per process (idempotent)."""
    for name in ("cg_quotes", "cg_attributions", "cg_entities", "cg_events"):
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=None)


def quotes(doc: Doc) -> list[Quote]:
    if doc._.cg_quotes is None:
        doc._.cg_quotes = []
    return doc._.cg_quotes


def attributions(doc: Doc) -> list[DraftAttribution]:
    if doc._.cg_attributions is None:
        doc._.cg_attributions = []
    return doc._.cg_attributions


def entities(doc: Doc) -> list[DraftEntity]:
    if doc._.cg_entities is None:
        doc._.cg_entities = []
    return doc._.cg_entities


def events(doc: Doc) -> list[DraftEvent]:
    if doc._.cg_events is None:
        doc._.cg_events = []
    return doc._.cg_events


register_extensions()


def without_conduit(text: str, content: tuple[int, int], conduit: tuple[int, int]) -> tuple[int, int] | None:
    """`content` without a conduit phrase the parser hung inside it ("claimed responsibility
    within hours through its Amaq news agency and has since ..."): cut where the conduit starts
    (what follows it belongs to the next clause), or, for a conduit that opens the content, kept
    from after it. Edge spaces and commas are dropped; None when nothing is left."""
    s, e = content
    if not (s <= conduit[0] and conduit[1] <= e):
        return content
    if text[s:conduit[0]].strip(" ,\n"):
        e = conduit[0]
    else:
        s = conduit[1]
    while s < e and text[s] in " ,\n":
        s += 1
    while e > s and text[e - 1] in " ,\n":
        e -= 1
    return (s, e) if e > s else None
