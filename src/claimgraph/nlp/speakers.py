"""Speaker resolution: cluster a document's actors and tell each attribution who spoke.

Runs after the attribution components. It reads spaCy's entities, the attribution drafts
(`source`, `conduit`, `speaker_from`) and writes `doc_state.entities(doc)` plus each draft's
`speaker` and `conduit_entity`. No coreference model is available, so the work is done by
rules (lexicons in `data/`), in this order:

1. Mentions. spaCy's PERSON/ORG/GPE/NORP/LOC/FAC entities, cleaned of articles, honorifics and
   possessives, with NER's slips mended (first names left out, "Ursula von der" + "Leyen",
   "the Islamic State of" + "Khorasan" or + "The Hague", a leading adverb taken in). A gazetteer scan finds
   countries, capitals, seats of government and known organisations whatever NER said ("Kyiv"
   comes out PERSON, ORG or nothing). Acronyms the text defines join their name: "X (ACR)",
   "X, known as ACR", "the agency, the ACR,", "The ACR, as the agency is known". A dateline
   ("MOSCOW –") is a place, never a government. Collectives: a country
   modifying a government noun ("US authorities", "the Russian side", "officials in Kyiv") is
   that country; modifying an institution ("Ukrainian military intelligence") it is an ORG of
   its own. Untagged runs of proper nouns become names when a surname elsewhere fits them.
2. Clusters. Countries (by name, short form, or a capital/seat used as an actor, i.e. not the
   object of a locative preposition: metonymy) join their country's GPE entity; seats of
   international bodies join the body ("Brussels" -> European Union); known organisations join
   through their alias table; a surname or an accent/transliteration variant joins the most
   recent full name it fits, whatever NER labelled it; everything else joins by folded name.
   Untagged surname variants ("Bórtnikov") and acronyms ("IS") are then found by scanning.
3. Titles. Appositions and premodifiers with a role noun ("The head of the Russian Security
   Services (FSB), Alexander Bortnikov", "French President Emmanuel Macron") become titles; an
   honorific or gendered role noun gives a gender ("Mrs", "spokeswoman").
4. Sources, names first. A source resolves to the mention at its syntactic head; an appositive
   person wins over the role noun ("US President Joe Biden's advisor, Jake Sullivan" ->
   Sullivan). A title-only source ("the head of the FSB") joins the person holding a title of
   the same role class naming the same organisation (or sharing a word); else, with a country
   modifier ("the Russian president", "the Kremlin leader"), the one person named before whose
   title gives that role for that country (or the role with no country); else, for a definite
   phrase, the person who spoke within the last two sentences if the text gives them no other
   role ("Dmitry Peskov said ... Putin's spokesman said"); never the person a role serves
   ("Putin's spokesman" is not Putin); else a title-only entity. Someone unnamed in a body ("a
   Hamas spokesman", "a spokeswoman for Greenpeace", "Its officers", "a spokesman for the group")
   speaks as that body, "its"/"the group" resolved like a pronoun; a definite kin description
   ("the widow of ...") is the person who spoke within the last two sentences. A common-noun phrase whose head
   heads an organisation's name ("the ministry", "the court", "the security service") or an
   agent noun of a word in it ("investigators": Investigative Committee) is the latest such
   body named before it. "In Kyiv, officials said" speaks for Ukraine. A plural group noun
   speaks for the organisation or state modifying it ("NATO allies", "G7 foreign ministers"),
   never for a person ("the Biden administration"). A source naming no known actor becomes an
   entity of its own ("witnesses": OTHER).
5. Pronouns and "the group"/"the company", in text order, scored by salience: recency
   (sentences back), subjecthood, having been a speaker (most of all the latest one), lexical
   parallelism ("admit the responsibility of IS ... it claimed responsibility" -> IS),
   frequency. A candidate in the pronoun's own clause is skipped (binding) unless the pronoun
   is possessive. he/she need a person not marked as the other gender (an ORG-tagged name that
   reads like a person's may do, and becomes a PERSON); it/its an organisation or state;
   they/their a group, organisation, state, or a plural noun phrase NER missed ("Wagner
   fighters"). With no person before he/she (translations render a state as "he"), the latest
   speaker, else the most salient subject of any type.
   A person who became a subject after the latest person speaker takes that speaker's bonus
   (topic shift: "Bortnikov replied ... Patrushev gave a blunter answer. Asked ..., he said").
   Before all of these, a phrase naming an office with its state, body or agency ("the
   Russian president", "Ukraine's foreign minister", "the FSB director", "the Kremlin chief")
   is the office's holder on the article's date (`doc._.cg_published`, else today) in
   data/office_holders.tsv: the person the text names who held it (a surname will do), else a
   new person of the holder's name when the table knows one holder that day; "the head of
   state" or "the foreign minister" read the state the article is about (step 7).
6. Drafts with no source and a `speaker_from` take that draft's speaker; conduits ("quoted by
   the Tass agency") resolve to the outlet they name, created if needed. A source that is a
   dateline gives way to what follows it or to the cue's subject; a news agency named as the
   source of a cue whose own subject is someone else ("The FSB put the toll at 40, the TASS
   agency reported", cue "put") gives way to that subject.
7. Offices outside the sources: a definite role phrase anywhere else ("accusations against the
   head of state", "talks with the Ukrainian foreign minister") becomes a mention and title of
   its holder on the article's date as in step 4, so that stance can name them as targets.
   Not a former, acting, deputy or future holder; not a title a name already carries.

Cost. Every "latest X named before" above (a body by its head noun, a role's holder, a
pronoun's antecedents, the speakers before it) is answered from offsets kept sorted (the
mentions, each entity's mentions, the speakers so far) and from each entity's distinct title
texts, never by walking all earlier mentions or titles: time grows with the text's length, not
its square (tests/test_speakers_long_texts.py).
"""

from __future__ import annotations

import datetime as dt
import re
from bisect import bisect_left, bisect_right, insort
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import accumulate

import numpy
from spacy.attrs import IDX, IS_PUNCT, LEMMA, LENGTH, POS, SENT_START
from spacy.language import Language
from spacy.symbols import ADJ, ADV, NOUN, PROPN, VERB
from spacy.tokens import Doc, Span, Token

from . import doc_state, doc_text, entity_names, metonyms, office_holders
from .datelines import dateline_end
from .noun_chunk_bounds import noun_chunk_bounds
from .doc_state import DraftAttribution, DraftEntity
from .entity_names import clean_surface, fold, name_key

NER_TYPES = {"PERSON": "PERSON", "ORG": "ORG", "GPE": "GPE", "NORP": "NORP", "LOC": "LOC", "FAC": "LOC"}
SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass", "csubj", "agent"})
CLAUSE_DEPS = frozenset({"ROOT", "ccomp", "advcl", "relcl", "xcomp", "acl", "conj", "csubj", "pcomp",
                         "parataxis"})
# Generic words that name the medium rather than the outlet ("the Tass agency").
CONDUIT_GENERIC = frozenset("agency news newspaper daily channel tv television radio station "
                            "broadcaster outlet website service wire".split())
# Nouns that describe a person by kin ("the widow of ...", "his son"): no title, but a
# definite one may stand for the person who just spoke.
_KIN_NOUNS = frozenset({"widow", "widower", "wife", "husband", "son", "daughter", "mother", "father",
                        "brother", "sister", "daughter-in-law", "son-in-law", "grandson", "granddaughter"})


def _person_heads(inside: list, root: Token) -> bool:
    """Whether a person mention heads the phrase or stands in apposition to its head."""
    return any(m.cluster.type == "PERSON" and (m.root.i == root.i or (m.root.dep_ == "appos" and m.root.head.i == root.i))
               for m in inside)


# Words that make a role phrase name no present holder ("the former president", "the next
# foreign minister", "a deputy minister").
_NOT_PRESENT = frozenset({"former", "then", "late", "ex", "next", "future", "previous", "deputy", "acting",
                          "first", "would-be", "incoming", "past", "predecessor", "successor", "interim",
                          "assistant", "elected", "candidate", "nominee", "hopeful", "designate"})


def _office_holders_role(word: str) -> str | None:
    """A head noun of an office (a role noun of data/role_nouns.txt, or "monarch",
    "diplomat" ...): where a role phrase may be."""
    return office_holders.role_class(fold(word))


# What an unnamed member ("a spokesman for Hamas", "Its officers") may speak for.
_BODY_TYPES = frozenset({"ORG", "GPE", "NORP"})
# How far back (sentences) a pronoun looks for its antecedent.
PRONOUN_WINDOW = 3


@lru_cache(maxsize=1)
def _pronouns() -> dict[str, str]:
    return {row[0]: row[1] for row in entity_names.read_table("pronouns.tsv")}


@lru_cache(maxsize=1)
def _pronoun_gender() -> dict[str, str]:
    return {row[0]: row[2] for row in entity_names.read_table("pronouns.tsv") if len(row) > 2 and row[2]}


@lru_cache(maxsize=1)
def _gender_words() -> dict[str, str]:
    return {row[0]: row[1] for row in entity_names.read_table("gender_words.tsv")}


@lru_cache(maxsize=1)
def _org_words() -> frozenset[str]:
    return frozenset(row[0] for row in entity_names.read_table("org_words.txt"))


@lru_cache(maxsize=1)
def _anaphoric_nouns() -> dict[str, str]:
    return {row[0]: row[1] for row in entity_names.read_table("anaphoric_nouns.tsv")}


@lru_cache(maxsize=1)
def _collective_nouns() -> dict[str, str]:
    return {row[0]: row[1] for row in entity_names.read_table("collective_nouns.tsv")}


@dataclass
class Mention:
    start: int
    end: int
    text: str
    type: str
    kind: str  # name | country | capital | locative | org | collective | institution | title | pronoun | np
    root: Token
    country: str | None = None
    canonical: str | None = None  # table name for known organisations
    cluster: "Cluster | None" = None
    is_source: bool = False
    alias: bool = True  # whether its text may serve as the entity's name or alias


_RELATIVE_PRONOUNS = frozenset({"who", "which", "that"})
_ACRONYM = r"(?:the\s+)?([A-Z][A-Za-z.\-]{1,9})"
_ACRONYM_IN_BRACKETS = re.compile(r"\s*\(\s*([A-Z][A-Za-z.\-]{1,9})\s*\)")
_ACRONYM_KNOWN_AS = re.compile(r",?\s*(?:also\s+|better\s+|commonly\s+)?known\s+as\s+" + _ACRONYM + r"\b")
# "the agency, the HUR, said": an acronym in apposition (not a list: no "and"/"or" after it)
_ACRONYM_APPOSED = re.compile(r",\s+the\s+([A-Z]{2,6})\s*,(?!\s*(?:and|or)\b)")
_ACRONYM_AS_KNOWN = re.compile(r"\b(?:[Tt]he\s+)?([A-Z]{2,6}),?\s+as\s+(?:the|this|that)\s+\w+\s+is\s+(?:also\s+)?(?:known|called)\b")
# Where an organisation's name goes on past its head noun: "District Court of The Hague".
_NAME_TAIL = re.compile(r"\s(?:of|in|at|for|on)\s")
# Nouns for the body a person leads, beside data/org_words.txt ("his service", "her ministry").
_SERVICE_NOUNS = frozenset({"service", "ministry", "department", "office", "administration",
                            "government", "agency", "team", "staff", "campaign", "party"})


# Mention kinds that are no name of their entity: a title, a pronoun, a description.
_NOT_NAMES = frozenset({"np", "title", "pronoun"})


def _remove_sorted(values: list, value) -> None:
    k = bisect_left(values, value)
    if k < len(values) and values[k] == value:
        del values[k]


@dataclass
class Cluster:
    id: str
    type: str
    key: str
    mentions: list[Mention] = field(default_factory=list)
    titles: list[str] = field(default_factory=list)
    title_spans: list[tuple[int, int]] = field(default_factory=list)
    canonical: str | None = None
    gender: str | None = None  # "m"/"f" when the text says so (Mrs, spokeswoman, she)

    # The distinct texts of its full (two-word or longer) names, kept for `_person_for_short`,
    # which asks every person cluster for them for each capitalised word of the text.
    _full: tuple[tuple[str, str], ...] | None = field(default=None, repr=False, compare=False)
    # Mention offsets kept sorted as mentions come (in any order), so that "its latest mention
    # before X" is a bisection, not a walk over all its mentions (which made resolution
    # quadratic on long texts, where one entity gathers thousands of mentions):
    # every start; starts of all but titles; starts of names (no title, pronoun or
    # description); (start, end) of all but pronouns; and the texts of its names, counted.
    _starts: list[int] = field(default_factory=list, repr=False, compare=False)
    _untitled: list[int] = field(default_factory=list, repr=False, compare=False)
    _named: list[int] = field(default_factory=list, repr=False, compare=False)
    _spans: list[tuple[int, int]] = field(default_factory=list, repr=False, compare=False)
    _name_texts: dict[str, int] = field(default_factory=dict, repr=False, compare=False)

    def add(self, m: Mention) -> None:
        m.cluster = self
        self.mentions.append(m)
        self._full = None
        insort(self._starts, m.start)
        if m.kind != "title":
            insort(self._untitled, m.start)
        if m.kind not in _NOT_NAMES:
            insort(self._named, m.start)
            self._name_texts[m.text] = self._name_texts.get(m.text, 0) + 1
        if m.kind != "pronoun":
            insort(self._spans, (m.start, m.end))

    def remove(self, m: Mention) -> None:
        self.mentions.remove(m)
        self._full = None
        _remove_sorted(self._starts, m.start)
        if m.kind != "title":
            _remove_sorted(self._untitled, m.start)
        if m.kind not in _NOT_NAMES:
            _remove_sorted(self._named, m.start)
            self._name_texts[m.text] -= 1
            if not self._name_texts[m.text]:
                del self._name_texts[m.text]
        if m.kind != "pronoun":
            _remove_sorted(self._spans, (m.start, m.end))

    def last_start_before(self, pos: int) -> int | None:
        k = bisect_left(self._starts, pos)
        return self._starts[k - 1] if k else None

    def named_before(self, pos: int) -> bool:
        """Whether it has a mention other than a title starting before `pos`."""
        return bool(self._untitled) and self._untitled[0] < pos

    def name_texts(self) -> list[str]:
        """The distinct texts of its names (no titles, pronouns or descriptions)."""
        return list(self._name_texts)

    def full_names(self) -> tuple[tuple[str, str], ...]:
        """(text, variant key of its last name word) of each distinct full name."""
        if self._full is None:
            names = dict.fromkeys(m.text for m in self.mentions if len(entity_names.person_words(m.text)) >= 2)
            self._full = tuple((f, entity_names.variant_key(entity_names.person_words(f)[-1])) for f in names)
        return self._full

    def add_title(self, title: str, where: tuple[int, int]) -> None:
        self.title_spans.append(where)
        if fold(title) not in {fold(t) for t in self.titles}:
            self.titles.append(title)

    def forms(self) -> list[str]:
        seen: list[str] = []
        for m in sorted(self.mentions, key=lambda m: m.start):
            if m.alias and m.text not in seen:
                seen.append(m.text)
        return seen

    def name(self) -> str:
        if self.canonical and (self.type == "GPE" and self.key.startswith("country:")):
            return self.canonical
        # A metonym is not a name: "Brussels" alone names the European Union.
        forms = [f for f in self.forms() if any(m.text == f and m.kind not in ("capital", "collective")
                                                 for m in self.mentions)]
        if not forms and self.canonical:
            return self.canonical
        if not forms:
            forms = self.forms()
        if not forms:
            named = [m.text for m in sorted(self.mentions, key=lambda m: m.start) if m.kind != "pronoun"]
            return self.canonical or (named[0] if named else self.key)
        # The fullest name: most words, then longest; earlier first on ties.
        best = max(forms, key=lambda f: (len(entity_names.person_words(f)) if self.type == "PERSON"
                                         else len(f.split()), len(f)))
        if self.canonical and name_key(self.canonical) == name_key(best):
            return self.canonical  # "Tass" -> "TASS", "Ría Nóvosti" -> "RIA Novosti"
        return best


class SpeakerResolver:
    """The `claimgraph_speakers` component (see the module docstring for the rules)."""

    def __init__(self, nlp: Language, name: str = "claimgraph_speakers", pronoun_window: int = PRONOUN_WINDOW):
        self.name = name
        self.pronoun_window = pronoun_window

    def __call__(self, doc: Doc) -> Doc:
        _Resolution(doc, self.pronoun_window).run()
        return doc


@Language.factory("claimgraph_speakers", default_config={"pronoun_window": PRONOUN_WINDOW})
def make_speaker_resolver(nlp: Language, name: str, pronoun_window: int) -> SpeakerResolver:
    return SpeakerResolver(nlp, name, pronoun_window)


def _sentence_numbers(doc: Doc) -> list[int]:
    """Each token's sentence number in `doc.sents`. Without a sentence hook, from the
    SENT_START array in one C pass: `Doc.sents` starts a sentence at every token (but the
    first) whose SENT_START is 1, and building its Spans costs more than the rest."""
    if "sents" in doc.user_hooks:
        sent_of = [0] * len(doc)
        for i, sent in enumerate(doc.sents):
            sent_of[sent.start:sent.end] = [i] * (sent.end - sent.start)
        return sent_of
    if not doc.has_annotation("SENT_START"):
        list(doc.sents)  # raises spaCy's own error, as `doc.sents` did here before
    if not len(doc):
        return []
    starts = doc.to_array([SENT_START]) == 1
    starts[0] = False  # the first token opens sentence 0 whatever its flag
    return numpy.cumsum(starts).tolist()


# Lower-cased lemmas by string id, across documents (ids are hashes of the strings, the same
# in every Vocab).
_LEMMA_LOWER: dict[int, str] = {}


class _TokenIndex:
    """Char offsets -> token spans by bisection (spaCy's char_span with alignment "expand"
    walks the whole Doc on every call, which dominated the component's time)."""

    def __init__(self, doc: Doc, text: str):
        self.doc = doc
        # What the rules read of every token, in one C pass (each `doc[i]` makes a new Token
        # object, which costs more than the test it serves). A token's text is its slice of
        # the doc's text; `pos` holds spaCy's part-of-speech symbols (ints).
        table = doc.to_array([IDX, LENGTH, POS, IS_PUNCT, LEMMA])
        self.starts = starts = table[:, 0].tolist()
        self.ends = ends = (table[:, 0] + table[:, 1]).tolist()
        self._pos_array = table[:, 2]
        self.pos = self._pos_array.tolist()
        self.punct = table[:, 3].tolist()
        self.lemma_ids = table[:, 4].tolist()
        self.strings = doc.vocab.strings
        self.texts = [text[a:b] for a, b in zip(starts, ends)]
        self._spans: dict[tuple[int, int], Span | None] = {}

    def lemma_lower(self, i: int) -> str:
        """Token `i`'s lemma, lower-cased (`doc[i].lemma_.lower()`, without the Token)."""
        lemma_id = self.lemma_ids[i]
        found = _LEMMA_LOWER.get(lemma_id)
        if found is None:
            if len(_LEMMA_LOWER) >= 200_000:  # a long-running process: keep memory bounded
                _LEMMA_LOWER.clear()
            found = _LEMMA_LOWER[lemma_id] = self.strings[lemma_id].lower()
        return found

    def positions(self, pos: int) -> list[int]:
        """Indices of the tokens with part of speech `pos` (a spaCy symbol), in order."""
        return (self._pos_array == pos).nonzero()[0].tolist()

    def span(self, start: int, end: int) -> Span | None:
        key = (start, end)
        if key in self._spans:  # the same mention is looked up by several steps
            return self._spans[key]
        span = self._spans[key] = self._span(start, end)
        return span

    def _span(self, start: int, end: int) -> Span | None:
        if end <= start or not self.starts:
            return None
        i = max(bisect_right(self.starts, start) - 1, 0)
        j = bisect_left(self.ends, end) + 1
        j = min(j, len(self.starts))
        if j <= i:
            return None
        return self.doc[i:j]


def _clause_head(tok: Token) -> Token:
    t = tok
    while t.head.i != t.i:
        if t.pos_ in ("VERB", "AUX") and t.dep_ in CLAUSE_DEPS:
            return t
        t = t.head
    return t


class _Resolution:
    """One document's resolution state."""

    def __init__(self, doc: Doc, window: int):
        self.doc = doc
        self.text = doc_text.text_of(doc)  # Doc.text rebuilds the text on each access: shared, once
        self.window = window
        self.index = _TokenIndex(doc, self.text)
        self.ents = doc.ents  # Doc.ents builds its Spans on every access
        self.person_ents = [(e.start_char, e.end_char) for e in self.ents if e.label_ == "PERSON"]
        self.mentions: list[Mention] = []
        self.clusters: list[Cluster] = []
        self._person_clusters: list[Cluster] | None = []  # see `_persons`
        self.by_key: dict[str, Cluster] = {}
        self.drafts = doc_state.attributions(doc)
        # Each token's sentence number (the sentences cover every token).
        self.sent_of: list[int] = _sentence_numbers(doc)
        self._noun_chunks: list[tuple[int, Span, Token, int, bool]] | None = None
        self.source_spans = [d.source for d in self.drafts if d.source]
        # For `_in_source`: sources by start, with the furthest end reached so far.
        by_start = sorted(self.source_spans)
        self._source_starts = [a for a, _ in by_start]
        self._source_reach = list(accumulate((b for _, b in by_start), max))
        self._acronym_links: list[tuple[Mention, Mention]] = []
        self._speaker_positions: list[tuple[int, Cluster]] = []
        # (source start, entity) of the names and titles resolved so far, in text order
        self._named_so_far: list[tuple[int, Cluster]] = []
        # `self.mentions` by start (see `_mention_index`), and `_speaker_positions` by position
        # (see `_speaker_index`): the look-ups by place that every source and pronoun makes.
        self._ix_list: list[Mention] | None = None
        self._ix_count = 0
        self._ix_starts: list[int] = []
        self._ix_items: list[tuple[int, Mention]] = []  # (order in self.mentions, mention)
        self._ix_maxlen = 0  # the longest mention
        self._ix_reach = 0  # the furthest a mention's start lies before its root token (pronouns aside)
        self._sp_list: list[tuple[int, Cluster]] | None = None
        self._sp_count = 0
        self._sp_keys: list[int] = []
        self._sp_items: list[tuple[int, Cluster]] = []
        self._sp_by_cluster: dict[str, list[int]] = {}
        self._conduit_ids: set[str] = {d.conduit_entity for d in self.drafts if d.conduit_entity}
        self._title_seen: dict[str, tuple[int, dict[str, set[str]] | None]] = {}  # see `_title_groups`
        self._published: dt.date | None = None  # see `_day`
        self._dated = False  # whether the article's date is known (see `_day`)
        self._home: str | None = None  # see `_home_body` ("" once known to be none)
        self._named_memo: dict[tuple, list[Cluster]] = {}  # see `_holders_named`

    # -- driver --------------------------------------------------------------------------
    def run(self) -> None:
        self._collect_names()
        self._collect_collectives()
        self._link_acronyms()
        self._cluster_all()
        self._scan_variants()
        self._collect_titles()
        self._resolve_drafts()
        self._resolve_offices()
        self._write_entities()

    # -- look-ups by place ---------------------------------------------------------------
    # Each source and pronoun asks which mentions lie in, around or shortly before it. Walking
    # every mention of the text for each made resolution quadratic in the text's length: these
    # answer from sorted offsets instead, and keep up with mentions added as drafts resolve.
    def _mention_index(self) -> tuple[list[int], list[tuple[int, Mention]]]:
        """`self.mentions` sorted by start (ties in list order), as parallel lists of starts and
        (position in `self.mentions`, mention). Mentions are only appended to the list once
        clustering starts; a list replaced outright is indexed anew."""
        ms = self.mentions
        if self._ix_list is not ms or self._ix_count > len(ms):
            order = sorted(range(len(ms)), key=lambda i: ms[i].start)
            self._ix_starts = [ms[i].start for i in order]
            self._ix_items = [(i, ms[i]) for i in order]
            self._ix_list, self._ix_count = ms, 0
            self._ix_maxlen = self._ix_reach = 0
            fresh = ms
        else:
            fresh = ms[self._ix_count:]
            for i, m in enumerate(fresh, self._ix_count):
                k = bisect_right(self._ix_starts, m.start)
                self._ix_starts.insert(k, m.start)
                self._ix_items.insert(k, (i, m))
        for m in fresh:
            self._ix_maxlen = max(self._ix_maxlen, m.end - m.start)
            if m.kind != "pronoun":  # a pronoun without a token span takes the doc's first token
                self._ix_reach = max(self._ix_reach, m.root.idx - m.start)
        self._ix_count = len(ms)
        return self._ix_starts, self._ix_items

    def _within(self, s: int, e: int) -> list[Mention]:
        """The mentions inside (s, e), in `self.mentions` order."""
        starts, items = self._mention_index()
        found = [items[k] for k in range(bisect_left(starts, s), bisect_right(starts, e)) if items[k][1].end <= e]
        found.sort(key=lambda x: x[0])
        return [m for _, m in found]

    def _around(self, s: int, e: int) -> list[Mention]:
        """The mentions that hold (s, e), in `self.mentions` order."""
        starts, items = self._mention_index()
        lo = bisect_left(starts, e - self._ix_maxlen)
        found = [items[k] for k in range(lo, bisect_right(starts, s)) if items[k][1].end >= e]
        found.sort(key=lambda x: x[0])
        return [m for _, m in found]

    def _overlapping(self, s: int, e: int) -> list[Mention]:
        """The mentions that overlap (s, e), in no particular order."""
        starts, items = self._mention_index()
        lo = bisect_left(starts, s - self._ix_maxlen)
        return [m for _, m in items[lo:bisect_left(starts, e)] if m.end > s]

    def _sentence_start(self, sent: int) -> int:
        """The char offset where sentence `sent` starts (0 before the first)."""
        k = bisect_left(self.sent_of, sent)
        return self.index.starts[k] if k < len(self.index.starts) else len(self.text)

    def _speaker_index(self) -> tuple[list[int], list[tuple[int, Cluster]]]:
        """`_speaker_positions` sorted by position (ties in list order), kept in step as it grows,
        with each entity's positions apart."""
        sp = self._speaker_positions
        if self._sp_list is not sp or self._sp_count > len(sp):
            self._sp_list, self._sp_count = sp, 0
            self._sp_keys, self._sp_items, self._sp_by_cluster = [], [], {}
        for pos, c in sp[self._sp_count:]:
            k = bisect_right(self._sp_keys, pos)
            self._sp_keys.insert(k, pos)
            self._sp_items.insert(k, (pos, c))
            insort(self._sp_by_cluster.setdefault(c.id, []), pos)
        self._sp_count = len(sp)
        return self._sp_keys, self._sp_items

    def _starting_in(self, lo: int, hi: int) -> list[Mention]:
        """The mentions starting in [lo, hi), by start (ties in list order)."""
        starts, items = self._mention_index()
        return [m for _, m in items[bisect_left(starts, lo):bisect_left(starts, hi)]]

    def _mention_reach(self) -> int:
        """How far a mention (not a pronoun) may start before its root token."""
        self._mention_index()
        return self._ix_reach

    @staticmethod
    def _times_named(c: Cluster, s: int, in_content, cap: int) -> int:
        """How many of `c`'s mentions (pronouns aside) lie before `s` and outside the statement's
        content, counted back from `s` up to `cap`."""
        spans, n = c._spans, 0
        for k in range(bisect_left(spans, (s, -1)) - 1, -1, -1):
            a, b = spans[k]
            if b <= s and not in_content(a):
                n += 1
                if n >= cap:
                    break
        return n

    # -- 1. mentions -------------------------------------------------------------------------
    def _in_source(self, start: int, end: int) -> bool:
        # Some source starting at or before `start` reaches `end`.
        k = bisect_right(self._source_starts, start)
        return k > 0 and self._source_reach[k - 1] >= end

    def _make(self, start: int, end: int, etype: str, kind: str, **kw) -> Mention | None:
        s, e = clean_surface(self.text[start:end])
        start, end = start + s, start + e
        span = self.index.span(start, end)
        if span is None or end <= start:
            return None
        if kind == "name" and len(span) > 1 and span[0].pos_ in ("ADV", "ADP", "CCONJ", "SCONJ", "DET", "VERB"):
            span = span[1:]  # "Later Shoygu": NER took the adverb in
            start = span.start_char
        kw.setdefault("is_source", self._in_source(start, end))
        return Mention(start, end, self.text[start:end], etype, kind, span.root, **kw)

    def _gazetteer_matches(self) -> list[Mention]:
        """Countries, capitals, seats and known organisations, whatever NER said."""
        gaz = metonyms.gazetteer_keys()
        orgs = entity_names.known_orgs()
        found: list[Mention] = []
        # Token texts and offsets from the index: a span's text is the doc text between its
        # first token's start and its last token's end.
        texts, starts, ends, punct = self.index.texts, self.index.starts, self.index.ends, self.index.punct
        text_of = self.text
        n_tok = len(texts)
        first_words = _key_first_words()
        # Every form starts with a capital or "the", never with punctuation.
        starts_ok = [k for k, t in enumerate(texts) if (t[:1].isupper() or t.lower() == "the") and not punct[k]]
        nxt = 0  # tokens before this one are inside a match
        for i in starts_ok:
            if i < nxt or not self._may_start_key(i, first_words):
                continue  # no span starting here can match
            match = None
            for n in (6, 5, 4, 3, 2, 1):
                if i + n > n_tok:
                    continue
                if punct[i + n - 1]:
                    continue
                text = text_of[starts[i]:ends[i + n - 1]]
                key = entity_names.key_of(text)  # uncached: n-grams rarely recur
                if not key:
                    continue
                org = orgs.get(key)
                if org is not None:
                    # Short forms must match in case: "IS" is a group, "is" a verb, "Who" no WHO.
                    if len(key) <= 5 and text not in _short_forms() and not text.replace(".", "").replace("-", "").isupper():
                        continue
                    match = self._make(starts[i], ends[i + n - 1], org[1], "org", canonical=org[0])
                elif key in gaz:
                    kind, country = gaz[key]
                    if len(key) <= 3 and not text.replace(".", "").isupper():
                        continue  # "us" the pronoun is not the US
                    match = self._make(starts[i], ends[i + n - 1], "GPE", kind, country=country)
                if match is not None:
                    found.append(match)
                    nxt = i + n
                    break
        return found

    def _may_start_key(self, i: int, first_words: frozenset[str]) -> bool:
        """False when no span of up to six tokens from token `i` can have a gazetteer key:
        where the leading tokens stand alone between spaces, the key's first word is known
        from them (key words come per run of non-space characters: see
        `entity_names.key_of`) and is no key's first word. True when it cannot tell."""
        texts, ends, text = self.index.texts, self.index.ends, self.text
        for k in range(i, min(i + 6, len(texts))):
            word_text, end = texts[k], ends[k]
            if not (end == len(text) or text[end].isspace()) or len(word_text.split()) != 1:
                return True  # joined to the next token ("Russia's", "U.S.-led"): not known
            for w in entity_names.chunk_words(word_text):
                if w not in entity_names.DETERMINERS and w not in entity_names.HONORIFICS:
                    return w in first_words
        return False  # only articles and honorifics: every key is empty

    def _collect_names(self) -> None:
        doc = self.doc
        candidates: list[tuple[int, Mention]] = []  # (priority, mention)
        for m in self._gazetteer_matches():
            candidates.append((2, m))
        # Token texts, offsets and parts of speech from the index (no Token objects); a
        # token's lower-case form is its text lower-cased, as spaCy's LOWER attribute is.
        texts, pos, starts, ends = self.index.texts, self.index.pos, self.index.starts, self.index.ends
        n_tok = len(texts)
        for ent in self.ents:
            etype = NER_TYPES.get(ent.label_)
            if etype is None:
                continue
            e_start, e_end = ent.start, ent.end
            start, end = ent.start_char, ent.end_char
            last_lower = texts[e_end - 1].lower()
            # NER stops short of "the Islamic State of Khorasan": extend over "of"/"and" + names.
            j = e_end
            if last_lower in ("of", "and", "for") and j + 1 < n_tok and texts[j] == "The" and pos[j + 1] == PROPN:
                j += 1  # a place whose name takes a capital article: "the District Court of The Hague"
            if last_lower in ("of", "and", "for") and j < n_tok and pos[j] == PROPN:
                while j < n_tok and pos[j] == PROPN:
                    j += 1
                end = ends[j - 1]
            elif last_lower in ("of", "and", "for"):
                end = ends[e_end - 2] if e_end - e_start > 1 else end
            if etype == "PERSON" and last_lower in entity_names.NAME_PARTICLES and j < n_tok \
                    and texts[j][:1].isupper():
                # "Ursula von der" + "Leyen" (tagged GPE): the name goes on after a particle.
                while j < n_tok and texts[j][:1].isupper() and pos[j] in (PROPN, NOUN):
                    j += 1
                end = ends[j - 1]
            if etype == "ORG":
                # "the Basmanny District Court in Moscow": NER took the place in; the body's name
                # stops before "in"/"at" + a capitalised place.
                for k in range(e_start + 1, e_end - 1):
                    if texts[k] in ("in", "at") and texts[k + 1][:1].isupper():
                        end = ends[k - 1]
                        break
            if e_end - e_start == 1 and pos[e_start] in (NOUN, VERB, ADJ, ADV) and etype != "NORP":
                continue  # "Exit" tagged GPE at a page's end
            if not any(texts[k][:1].isupper() for k in range(e_start, e_end)):
                continue  # "the state news agency": a description, not a name
            if etype == "PERSON":
                # NER took "Peskov" out of "Dmitry Peskov": take in the first names before it.
                k = e_start
                while k > 0 and pos[k - 1] == PROPN and texts[k - 1][:1].isupper() \
                        and not entity_names.is_role_token(doc[k - 1]) \
                        and not metonyms.country_of_demonym(texts[k - 1]) and not doc[k - 1].ent_type_:
                    k -= 1
                start = starts[k]
            if etype == "NORP":
                country = metonyms.country_named(ent.text)
                if country:
                    m = self._make(start, end, "GPE", "country", country=country)
                    if m:
                        candidates.append((1, m))
                    continue
                # A demonym as an adjective ("Ukrainian footprint") names no actor; collectives
                # pick up "the Russian side". Plural nouns ("Islamists") are groups.
                group_of = (ent.root.dep_ in ("amod", "compound") and ent.root.head.tag_ == "NNS"
                            and not metonyms.country_of_demonym(ent.text))  # "Houthi rebels"
                if ent.root.tag_ not in ("NNS", "NNPS") and not ent.root.dep_.startswith("nsubj") and not group_of:
                    continue
            m = self._make(start, end, etype, "name")
            if m is None:
                continue
            # NER labels a surname PERSON and its accented twin ORG: fixed in clustering.
            candidates.append((1, m))
        # Names NER missed ("Alexei Navalny" untagged, then "Navalnyi" tagged ORG): a run of
        # capitalised proper nouns counts as a person when a one-word mention elsewhere, or a
        # source, is its surname.
        singles = [m.text for _, m in candidates if len(m.text.split()) == 1]
        singles += [self.text[a:b].split()[-1] for a, b in self.source_spans if self.text[a:b].split()]
        # Whether a char range overlaps a candidate so far: candidates by start, with the
        # furthest end reached, so that one bisection answers (candidates may overlap).
        covered = sorted((m.start, m.end) for _, m in candidates)
        covered_starts = [x for x, _ in covered]
        covered_reach = list(accumulate((y for _, y in covered), max))
        # Runs start only at capitalised proper nouns: visit those (in order, skipping the
        # ones a run already took) rather than every token.
        capitalised = [k for k in self.index.positions(PROPN) if texts[k][:1].isupper()]
        in_run = set(capitalised)
        nxt = 0
        for i in capitalised:
            if i < nxt:
                continue
            j = i
            while j < n_tok and j in in_run and j - i < 4:
                j += 1
            if j - i < 2:  # too short for a name whatever the title test below says
                nxt = max(j, i + 1)
                continue
            k = i  # "Prime Minister Netanyahu", "Russian Sergei Lavrov": titles are not names
            while k < j and (entity_names.is_role_token(doc[k]) or metonyms.country_of_demonym(texts[k])):
                k += 1
            if j - k >= 2:
                a, b = starts[k], ends[j - 1]
                n_before = bisect_left(covered_starts, b)  # candidates starting before b
                if not (n_before and covered_reach[n_before - 1] > a) and any(
                        entity_names.same_name_word(w, texts[j - 1]) for w in singles):
                    m = self._make(a, b, "PERSON", "name")
                    if m is not None:
                        candidates.append((0, m))
            nxt = max(j, i + 1)
        # ORG-tagged names with a personal title are people ("German Chancellor Olaf Scholz").
        for _, m in candidates:
            if m.kind == "name" and m.type in ("ORG", "GPE", "NORP") and len(m.text.split()) >= 2:
                span = self.index.span(m.start, m.end)
                if span is not None and all(t.pos_ == "PROPN" for t in span) and entity_names.titles_of(span):
                    m.type = "PERSON"
        # Overlaps: the longer span wins; on a tie the gazetteer wins unless NER saw a person in
        # a name that is both a capital and a person's name.
        candidates.sort(key=lambda pm: (-(pm[1].end - pm[1].start), -pm[0], pm[1].start))
        kept: list[Mention] = []
        # Kept mentions never overlap one another, so sorted by start their ends are sorted too:
        # a candidate overlaps one iff the last kept mention starting before its end ends after
        # its start.
        kept_starts: list[int] = []
        kept_ends: list[int] = []
        for prio, m in candidates:
            k = bisect_left(kept_starts, m.end)
            if k > 0 and kept_ends[k - 1] > m.start:
                continue
            if prio == 2 and m.kind == "capital" and metonyms.is_person_like_capital(m.text):
                if any(a <= m.start and m.end <= b for a, b in self.person_ents):
                    continue
            kept.append(m)
            kept_starts.insert(k, m.start)
            kept_ends.insert(k, m.end)
        self.mentions.extend(kept)

    def _link_acronyms(self) -> None:
        """An acronym the text equates with a name is that name's entity: "Russian Security
        Services (FSB)", "the military intelligence agency, known as HUR", "the agency, the
        HUR,", and backwards "The HUR, as the agency is known, ...". Runs after collectives, so
        "Ukraine's military intelligence agency (HUR)" links to the whole phrase."""
        for m in sorted(self.mentions, key=lambda m: m.start):
            if m.type not in ("ORG", "GPE", "NORP") or m.kind in ("country", "capital", "locative"):
                continue
            rest = self.text[m.end:m.end + 40]
            am = _ACRONYM_IN_BRACKETS.match(rest) or _ACRONYM_KNOWN_AS.match(rest)
            if am is None and m.kind == "institution":
                am = _ACRONYM_APPOSED.match(rest)
                if am is not None and entity_names.org_canonical(am.group(1)):
                    am = None  # "the agency, the FSB," names another known body
            if am is None:
                continue
            self._add_acronym_link(m.end + am.start(1), m.end + am.end(1), m)
        # "The HUR, as the agency is known,": the acronym names the latest body before it.
        for am in _ACRONYM_AS_KNOWN.finditer(self.text):
            s, e = am.span(1)
            # no further back than two sentences: nothing starting before the first of them
            lo = self._sentence_start(self.sent_of_char(s) - 2)
            before = [m for m in self._within(lo, s) if m.type == "ORG" and m.kind in ("institution", "name", "org")
                      and self.sent_of_char(m.start) >= self.sent_of_char(s) - 2]
            if before:
                self._add_acronym_link(s, e, max(before, key=lambda m: m.start))

    def sent_of_char(self, pos: int) -> int:
        k = max(bisect_right(self.index.starts, pos) - 1, 0)
        return self.sent_of[k] if self.sent_of else 0

    def _add_acronym_link(self, s: int, e: int, full: Mention) -> None:
        self.mentions = [k for k in self.mentions if not (k.start >= s and k.end <= e)]
        acr = self._make(s, e, full.type, "name")
        if acr:
            self.mentions.append(acr)
            self._acronym_links.append((acr, full))

    def _country_modifier(self, head: Token) -> str | None:
        """The country that modifies a collective noun: "US authorities", "the Russian side",
        "officials in Kyiv", "Moscow's officials"."""
        for child in head.children:
            if child.dep_ in ("amod", "compound", "nmod", "poss") and child.i < head.i:
                span = [t for t in child.subtree if not t.is_punct and t.dep_ != "case"]
                for cand in (" ".join(t.text for t in span), child.text):
                    c = metonyms.country_of_demonym(cand) or metonyms.government_of(cand)
                    if c:
                        return c
            if child.dep_ == "prep" and child.lower_ in ("of", "in", "from"):
                for pobj in child.children:
                    if pobj.dep_ == "pobj":
                        text = self.doc[pobj.left_edge.i:pobj.i + 1].text
                        c = metonyms.country_named(text) or metonyms.government_of(text)
                        if c:
                            return c
        return None

    def _collect_collectives(self) -> None:
        doc = self.doc
        nouns = _collective_nouns()
        pos = self.index.pos
        lemma_lower = self.index.lemma_lower
        # The mentions so far by start, to find those inside or across a phrase by bisection
        # (a walk over all of them for each phrase was quadratic in the text's length).
        ordered = sorted(self.mentions, key=lambda k: k.start)
        starts = [k.start for k in ordered]
        longest = max((k.end - k.start for k in ordered), default=0)
        dropped: set[int] = set()
        added: list[Mention] = []
        for i, p in enumerate(pos):
            if p != NOUN and p != PROPN:
                continue
            kind = nouns.get(lemma_lower(i))  # by string id: most nouns are no collective
            if kind is None:
                continue
            tok = doc[i]
            if kind == "leaders":
                if tok.tag_ not in ("NNS", "NNPS"):
                    continue  # "the Russian leader" is a person
                kind = "government"
            elif kind == "member":
                continue  # "Russian allies" are not Russia
            country = self._country_modifier(tok)
            if country is None:
                continue
            left = tok.left_edge.i
            while left < tok.i and (doc[left].lower_ in entity_names.DETERMINERS or doc[left].is_punct):
                left += 1
            right = tok.i + 1
            # keep "officials in Kyiv" whole
            for child in tok.children:
                if tok.pos == PROPN and kind == "institution" and child.lower_ != "of":
                    continue  # "the Basmanny District Court in Moscow": a name ends before its place
                if child.dep_ == "prep" and child.i > tok.i and child.lower_ in ("of", "in", "from"):
                    right = max(right, child.right_edge.i + 1)
            start, end = doc[left].idx, doc[right - 1].idx + len(doc[right - 1].text)
            if kind == "government":
                m = self._make(start, end, "GPE", "collective", country=country)
            else:
                m = self._make(start, end, "ORG", "institution", country=country)
            if m is None:
                continue
            # A collective phrase replaces the bare names inside it ("US" in "US authorities").
            lo, hi = bisect_left(starts, m.start), bisect_left(starts, m.end)
            for k in reversed(range(lo, hi)):
                if ordered[k].end <= m.end:
                    dropped.add(id(ordered[k]))
                    del ordered[k], starts[k]
            lo = bisect_left(starts, m.start - longest)
            if any(k.end > m.start for k in ordered[lo:bisect_left(starts, m.end)]):
                continue
            k = bisect_right(starts, m.start)
            ordered.insert(k, m)
            starts.insert(k, m.start)
            longest = max(longest, m.end - m.start)
            added.append(m)
        if dropped or added:
            self.mentions = [k for k in self.mentions + added if id(k) not in dropped]

    # -- 2. clusters -----------------------------------------------------------------------
    def _cluster(self, key: str, etype: str, canonical: str | None = None) -> Cluster:
        c = self.by_key.get(key)
        if c is None:
            c = Cluster(id=f"ent{len(self.clusters) + 1}", type=etype, key=key, canonical=canonical)
            self.clusters.append(c)
            self.by_key[key] = c
            if etype == "PERSON" and self._person_clusters is not None:
                self._person_clusters.append(c)
        return c

    def _persons(self) -> list[Cluster]:
        """The person clusters in creation order (kept as clusters are made; rebuilt after a
        cluster turns PERSON). Read-only for callers."""
        if self._person_clusters is None:
            self._person_clusters = [c for c in self.clusters if c.type == "PERSON"]
        return self._person_clusters

    def _person_for_short(self, text: str, before: int) -> Cluster | None:
        """The person cluster a surname or variant belongs to: the most recently mentioned full
        name that fits (earlier mention first; a later one if none precedes)."""
        best, best_pos = None, None
        words = entity_names.person_words(text)
        if not words:
            return None  # no name words ("The"): the short form of nobody
        # A short form's last word must be the full name's last word (`is_short_form_of`):
        # the same variant key, or both keys 7+ letters long (one typo allowed). Names failing
        # that cheap test are skipped; the rest get the full test.
        last = entity_names.variant_key(words[-1])
        long_last = len(last) >= 7
        for c in self._persons():
            if not any(entity_names.is_short_form_of(text, f) for f, key in c.full_names()
                       if key == last or (long_last and len(key) >= 7)):
                continue
            pos = c.last_start_before(before)
            rank = (pos is not None, pos if pos is not None else -c._starts[0])
            if best is None or rank > best_pos:
                best, best_pos = c, rank
        return best

    def _cluster_all(self) -> None:
        ms = sorted(self.mentions, key=lambda m: m.start)
        acronym_of = {id(a): full for a, full in self._acronym_links}
        # Full person names first, so surnames anywhere can join them.
        for m in ms:
            if m.type == "PERSON" and m.kind == "name" and len(entity_names.person_words(m.text)) >= 2:
                c = self._person_for_short(m.text, m.start)
                if c is None:
                    c = self._cluster("person:" + " ".join(entity_names.variant_key(w) for w in entity_names.person_words(m.text)), "PERSON")
                c.add(m)
        # Other mentions of a linked acronym ("HUR" in the headline, before the text says what
        # it stands for) join it too, after the names they stand for have their clusters.
        linked_text = {a.text: full for a, full in self._acronym_links}
        later = []
        for m in ms:
            if m.cluster is not None:
                continue
            if id(m) not in acronym_of and m.text in linked_text and m.kind == "name":
                later.append(m)
                continue
            full = acronym_of.get(id(m))
            if full is not None and full.cluster is None:
                later.append(m)
                continue
            if full is not None and full.cluster is not None:
                # "(FSB)" after a name: the acronym, and the organisation the alias table knows
                # by it, are that name's entity.
                full.cluster.add(m)
                known = entity_names.org_canonical(m.text)
                if known is not None:
                    self.by_key.setdefault("org:" + name_key(known[0]), full.cluster)
                continue
            self._assign(m)
        for m in later:
            full = acronym_of.get(id(m)) or linked_text[m.text]
            if full.cluster is not None:
                full.cluster.add(m)
            else:
                self._assign(m)

    def _assign(self, m: Mention) -> None:
        key = name_key(m.text)
        if m.type in ("GPE", "LOC", "ORG") and m.kind in ("capital", "country", "name") and m.text.isupper() \
                and len(m.text) > 3:
            end = dateline_end(self.text, m.start)
            if end is not None and m.end <= end:  # "MOSCOW –": where the story was filed
                m.kind, m.type = "locative", "LOC"
                self._cluster("loc:" + key, "LOC").add(m)
                return
        if m.kind in ("country", "collective") or (m.kind == "capital" and (m.is_source or not metonyms.is_locative(m.root))):
            seat_of = entity_names.org_canonical(m.country)  # "Brussels" speaks for the EU
            if seat_of is not None:
                self._cluster("org:" + name_key(seat_of[0]), seat_of[1], canonical=seat_of[0]).add(m)
                return
            c = self._cluster("country:" + m.country, "GPE", canonical=m.country)
            c.add(m)
            return
        if m.kind == "capital":  # a capital as a place: the city
            m.kind = "locative"
            self._cluster("loc:" + key, "LOC").add(m)
            return
        if m.kind == "org":
            self._cluster("org:" + name_key(m.canonical), m.type, canonical=m.canonical).add(m)
            return
        if m.kind == "institution":
            self._cluster("org:" + key, "ORG").add(m)
            return
        # A single word that is a known person's surname (or a variant) is that person,
        # whatever NER called it ("Bórtnikov" tagged ORG).
        if len(key.split()) <= 4 and m.type in ("PERSON", "ORG", "GPE", "NORP", "LOC"):
            c = self._person_for_short(m.text, m.start)
            span = self.index.span(m.start, m.end)
            proper = span is not None and all(t.pos_ == "PROPN" or t.lower_ in entity_names.NAME_PARTICLES
                                              for t in span)
            if c is not None and (m.type == "PERSON" or len(key.split()) == 1 or proper):
                m.type = "PERSON"
                c.add(m)
                return
        if m.type == "GPE" and metonyms.is_locative(m.root):
            m.type = "LOC"  # GPE is a state or government; "in Bryansk" is a place
        if m.type == "PERSON":
            self._cluster("person:" + " ".join(entity_names.variant_key(w) for w in entity_names.person_words(m.text)), "PERSON").add(m)
            return
        # An acronym equal to the initials of a known organisation in the text: NATO.
        if entity_names.looks_like_acronym(m.text):
            for c in self.clusters:
                if c.type == "ORG" and any(entity_names.acronym(x.text) == m.text.replace(".", "") and len(x.text.split()) > 1
                                           for x in c.mentions):
                    c.add(m)
                    return
        self._cluster(f"{m.type.lower()}:{key}", m.type).add(m)

    def _scan_variants(self) -> None:
        """Untagged spellings of known surnames ("Bórtnikov") and acronyms ("IS")."""
        doc = self.doc
        # Tokens that overlap a mention, by bisection over token offsets. Mentions added below
        # cover the token just read, and tokens do not overlap: later tokens stay free of them.
        starts, ends, texts, pos = self.index.starts, self.index.ends, self.index.texts, self.index.pos
        taken = bytearray(len(starts))
        for m in self.mentions:
            lo = bisect_right(ends, m.start)  # first token ending after the mention starts
            hi = bisect_left(starts, m.end)  # tokens from here on start at or after its end
            for k in range(lo, hi):
                taken[k] = 1

        acronyms: dict[str, Cluster] = {}
        for c in self.clusters:
            for m in c.mentions:
                if entity_names.looks_like_acronym(m.text) and c.type in ("ORG", "GPE"):
                    acronyms[m.text] = c
        for k, text in enumerate(texts):
            if not text[:1].isupper() or taken[k]:
                continue
            c = acronyms.get(text)
            etype = c.type if c else None
            if c is None and pos[k] in (PROPN, NOUN, ADJ, VERB) and len(text) >= 4:
                c = self._person_for_short(text, starts[k])
                etype = "PERSON"
            if c is None:
                continue
            m = Mention(starts[k], ends[k], text, etype, "name", doc[k])
            c.add(m)
            self.mentions.append(m)

    # -- 3. titles -----------------------------------------------------------------------
    def _collect_titles(self) -> None:
        for m in self.mentions:
            if m.type != "PERSON" or m.cluster is None:
                continue
            span = self.index.span(m.start, m.end)
            if span is None:
                continue
            for s, e in entity_names.titles_of(span):
                m.cluster.add_title(self.text[s:e], (s, e))
            # Gender the text gives: "Mrs May", "spokeswoman Maria Zakharova".
            words = [fold(t.text).rstrip(".") for t in span.doc[max(span.start - 3, 0):span.start]]
            for title in m.cluster.titles:
                words += [fold(w) for w in title.split()]
            for w in words:
                g = _gender_words().get(w)
                if g and m.cluster.gender is None:
                    m.cluster.gender = g

    # Offices named without a role noun of their holder's title.
    _HEAD_OF = {"head of state": frozenset({"president", "king", "queen"}),
                "head of government": frozenset({"prime minister", "chancellor"})}

    def _title_match(self, role_tok: Token, span: Span) -> Cluster | None:
        """The person whose known title fits a title-only noun phrase ("the head of the FSB"):
        a title of the same role class, naming the same organisation (or sharing a content
        word) when the phrase names one; the most recently mentioned such person."""
        role = entity_names.role_class(role_tok.lemma_) or entity_names.role_class(role_tok.text)
        words = {name_key(t.text) for t in span
                 if not t.is_stop and not t.is_punct and t.i != role_tok.i}
        roles = {role}
        folded = fold(span.text)
        for office, holders in self._HEAD_OF.items():
            if office in folded:  # "the head of state" is the president (or monarch) named before
                roles, words = holders, set()
                break
        orgs_here = {m.cluster.id for m in self._within(span.start_char, span.end_char)
                     if m.cluster and m.cluster.type != "PERSON"}
        best, best_rank = None, None
        for c in self._persons():
            fits, same_org_any = False, False
            # One look per distinct title text: a person called "the minister" a thousand times
            # holds a thousand title spans of one text.
            for title, title_orgs in self._title_groups(c).items():
                tw = _title_words(title)
                # "the Wagner boss" is the founder (or commander, president) of the Wagner group
                # the text named: a looser role, held only with the same organisation
                loose = "head" in roles and bool(tw.classes & {"founder", "commander", "president"})
                if not roles & tw.classes and not loose:
                    continue
                # some title of this text names an organisation the phrase names
                same_org = bool(orgs_here & title_orgs)
                shares_word = bool(words & tw.keys)
                if (orgs_here or words) and not same_org and not shares_word:
                    continue
                if loose and not roles & tw.classes and not (same_org or (shares_word and not orgs_here)):
                    continue
                fits = True
                same_org_any = same_org_any or same_org
            if not fits:
                continue
            last = c.last_start_before(span.start_char)
            rank = (same_org_any, -1 if last is None else last)
            if best is None or rank > best_rank:
                best, best_rank = c, rank
        return best

    def _title_groups(self, c: Cluster) -> dict[str, set[str]]:
        """A person's titles by distinct text, each with the entities (not persons) named inside
        any title of that text, as they stood when the title was first looked at. Kept up to date
        as titles are added."""
        done, groups = self._title_seen.get(c.id, (0, None))
        if groups is None:
            groups = {}
        spans = c.title_spans
        for ts, te in spans[done:]:
            orgs = groups.setdefault(self.text[ts:te], set())
            orgs |= {m.cluster.id for m in self._within(ts, te) if m.cluster and m.cluster.type != "PERSON"}
        self._title_seen[c.id] = (len(spans), groups)
        return groups

    # -- 4-6. drafts -----------------------------------------------------------------------
    def _mentions_in(self, s: int, e: int) -> list[Mention]:
        """Mentions inside the span, or the one mention the span lies in ("Piketty" in
        "Thomas Piketty" when a source is given as a surname)."""
        inside = [m for m in self._within(s, e) if m.cluster is not None]
        if not inside:
            inside = [m for m in self._around(s, e) if m.cluster is not None][:1]
        return inside

    def _is_pronoun(self, s: int, e: int) -> bool:
        return fold(self.text[s:e]).strip() in _pronouns() or self._anaphor_kind(s, e) is not None

    def _anaphor_kind(self, s: int, e: int) -> str | None:
        """"the group", "the company": a definite noun that refers back like a pronoun."""
        words = fold(self.text[s:e]).split()
        if len(words) == 2 and words[0] == "the":
            return _anaphoric_nouns().get(words[1])
        return None

    def _new_cluster_for(self, span: Span, s: int, e: int, etype: str | None = None) -> Cluster:
        """An entity for a source that names nobody the text knew ("witnesses", "a spokesman
        for the ministry", an untagged name)."""
        root = span.root
        text_s, text_e = clean_surface(self.text[s:e])
        text = self.text[s + text_s:s + text_e]
        if etype is None:
            if entity_names.is_role_token(root) and root.tag_ not in ("NNS", "NNPS"):
                etype = "PERSON"  # "a spokesman for the ministry"
            elif root.pos_ == "PROPN":
                words = {t.lower_ for t in span}
                named_org = words & (CONDUIT_GENERIC | _org_words())
                all_proper = all(t.pos_ == "PROPN" for t in span if not t.is_punct)
                etype = "PERSON" if all_proper and not named_org else "ORG"
            else:
                etype = "OTHER"  # "witnesses", "analysts"
        if etype == "ORG" and root.pos_ == "PROPN":
            # "the Basmanny District Court in Moscow": the body's name stops before the place
            tail = re.search(r"\s(?:in|at)\s+[A-Z]", text)
            if tail and root.idx < s + text_s + tail.start():
                text_e = text_s + tail.start()
                text = self.text[s + text_s:s + text_e]
        key = f"{etype.lower()}:{name_key(text)}"
        c = self._cluster(key, etype)
        m = Mention(s + text_s, s + text_e, text, etype, "np", root, is_source=self._in_source(s, e),
                    alias=etype != "PERSON" or root.pos_ == "PROPN")
        c.add(m)
        self.mentions.append(m)
        return c

    def _resolve_source(self, s: int, e: int) -> Cluster | None:
        span = self.index.span(s, e)
        if span is None:
            return None
        if len(span) == 1 and span[0].lower_ in _RELATIVE_PRONOUNS and span[0].head.dep_ == "relcl":
            # "Lukashenko, who told reporters that ...": the source is the relative clause's noun
            noun = span[0].head.head
            mention = next((m for m in self._around(noun.idx, noun.idx + 1) if m.cluster is not None
                            and m.start <= noun.idx < m.end), None)
            return mention.cluster if mention is not None else None
        inside = self._mentions_in(s, e)
        for m in inside:
            m.is_source = True
        root = span.root
        # An appositive person beats the role noun that heads the phrase.
        persons = [m for m in inside if m.cluster.type == "PERSON"]
        for m in persons:
            if m.root.i == root.i or (m.root.dep_ == "appos" and m.root.head.i == root.i) or \
                    (root.dep_ == "appos" and root.head.i == m.root.i):
                return m.cluster
        if entity_names.is_role_token(root):
            # "The head of the Agency, Rafael Grossi": misparsed as the organisation's appos.
            for m in persons:
                if m.root.dep_ == "appos" and s <= m.root.head.idx < e:
                    return m.cluster
        for m in inside:
            if m.start <= root.idx < m.end:
                if m.kind == "institution" and root.pos_ == "NOUN":
                    # "German prosecutors" when the text names the Federal Prosecution Office
                    body = self._named_body(span)
                    if body is not None and body is not m.cluster:
                        m.cluster.remove(m)
                        body.add(m)
                        m.alias = False
                        return body
                if m.kind == "locative":  # a capital as a speaker is its government
                    m.cluster.remove(m)
                    m.kind = "capital"
                    m.is_source = True
                    m.cluster = None
                    self._assign(m)
                return m.cluster
        if entity_names.is_role_token(root):
            # "Putin's spokesman", "a spokesman for Putin": the person named is whom the role
            # serves, never its holder.
            served = {m.cluster.id for m in persons if m.root.dep_ in ("poss", "pobj")}
            # An office the phrase names with its state or body ("the Russian president",
            # "the FSB chief"): its holder on the article's date, the table's word first.
            c = self._office_holder(root, span, home=False) if not served else None
            if c is None:
                c = self._title_match(root, span)
            if c is None and root.tag_ in ("NN", "NNP"):
                c = self._holder_by_modifier(root, span) \
                    or (self._office_holder(root, span, home=True) if not served else None) \
                    or self._renamed_speaker(root, span, served)
            if c is None:
                free = [m for m in persons if m.cluster.id not in served]
                if len(free) == 1:
                    c = free[0].cluster
            if c is not None and c.id in served:
                c = None
            if c is not None:
                tl, tr = clean_surface(self.text[s:e])
                c.add_title(self.text[s + tl:s + tr], (s + tl, s + tr))
                m = Mention(s + tl, s + tr, self.text[s + tl:s + tr], "PERSON", "title", root,
                            is_source=True, alias=False)
                c.add(m)
                self.mentions.append(m)
                return c
        if root.lemma_.lower() in _KIN_NOUNS and root.pos_ == "NOUN" and not _person_heads(inside, root):
            # "the widow of the Kremlin's best-known critic said": a description of the person
            # who spoke just before (never of the person it relates her to)
            served = {m.cluster.id for m in inside if m.cluster.type == "PERSON"}
            c = self._renamed_speaker(root, span, served, any_role=True)
            if c is not None:
                self._add_member_mention(c, s, e)
                return c
        owner = self._named_member_owner(root, span, inside)
        if owner is not None:
            # "A Hamas spokesman", "a spokeswoman for the ministry": someone unnamed speaking
            # for a body the text names speaks as that body
            self._add_member_mention(owner, s, e)
            return owner
        # "NATO allies", "Hamas officials", "officials in Kyiv": a group noun that speaks for
        # the organisation or state modifying it.
        # "G7 foreign ministers", "EU leaders" too: a plural role noun.
        group_kind = _collective_nouns().get(root.lemma_.lower())
        plural = root.tag_ in ("NNS", "NNPS")
        if group_kind == "government" or (plural and (group_kind in ("member", "leaders") or entity_names.is_role_token(root))):
            for m in inside:
                head = m.root.head
                if m.root.dep_ == "pobj" and head.lower_ in ("of", "in", "from"):
                    head = head.head
                if head.i == root.i and m.root.dep_ in ("compound", "nmod", "poss", "amod", "pobj") \
                        and m.cluster.type != "PERSON":  # "the Biden administration" is not Biden
                    return m.cluster
        covered = sum(m.end - m.start for m in inside)
        if inside and covered * 2 >= (e - s):
            return inside[-1].cluster
        if group_kind == "government" and not inside:
            c = self._fronted_country(root, span)
            if c is not None:
                return c
        body = self._named_body(span)
        if body is not None:
            return body
        return self._new_cluster_for(span, s, e)

    # Titles of a head of state or government: what "the Russian leader" or "the Kremlin
    # leader" may stand for.
    _LEADER_CLASSES = frozenset({"president", "prime minister", "chancellor", "king", "queen", "emir"})

    def _holder_by_modifier(self, role_tok: Token, span: Span) -> Cluster | None:
        """"the Russian president", "The Kremlin leader": the one person whose title gives that
        role for that country (or the role with no country, when only one person has it)."""
        country = self._country_modifier(role_tok)
        if country is None:
            return None
        role = entity_names.role_class(role_tok.lemma_) or entity_names.role_class(role_tok.text)
        wanted = {role}
        if role == "head" or role == "president":  # "leader" of a country: its head of state
            wanted = set(self._LEADER_CLASSES) if role == "head" else {"president"}
        same, unmarked = [], []
        for c in self._persons():
            countries: set[str] = set()
            fitting = 0
            for title in self._title_groups(c):
                tw = _title_words(title)
                classes = tw.classes | ({"prime minister"} if "prime" in tw.folded and "minister" in tw.folded else set())
                if not (wanted & classes or (role in ("head", "president") and "leader" in tw.folded)):
                    continue
                fitting += 1
                countries |= tw.countries
            if not fitting or not c.named_before(span.start_char):
                continue  # a person named only after the phrase is not whom it calls back
            if country in countries:
                same.append(c)
            elif not countries:
                unmarked.append(c)
        if len(same) == 1:
            return same[0]
        if not same and len(unmarked) == 1:
            return unmarked[0]
        return None

    def _renamed_speaker(self, role_tok: Token, span: Span, served: set[str], any_role: bool = False) -> Cluster | None:
        """Elegant variation: "Dmitry Peskov said ... That, Putin's spokesman said, ...", "Volodymyr
        Zelensky said ... the Ukrainian president told reporters": a definite role phrase that no
        title in the text matches names the person who spoke last, within two sentences, when the
        text gives that person no title of another role."""
        first = span[0]
        if not (first.lower_ == "the" or first.dep_ == "poss" or first.tag_ == "PRP$"):
            return None
        role = entity_names.role_class(role_tok.lemma_) or entity_names.role_class(role_tok.text)
        here = self.sent_of[role_tok.i]
        for pos, c in reversed(self._named_so_far):
            if pos >= span.start_char:
                continue
            if here - self.sent_of_char(pos) > 2:
                break
            if c.id in served:
                continue
            if c.type != "PERSON":
                # (`_person_like` holds for no entity of more than three mentions)
                if len(c.mentions) > 3 or not any(self._person_like(c, m) for m in c.mentions):
                    continue
                c.type = "PERSON"  # "Olena Kovalenko" tagged ORG, now called a minister
                self._person_clusters = None
                for m in c.mentions:
                    m.type = "PERSON"
            roles = {r for title in self._title_groups(c) for r in _title_words(title).classes} - {None}
            if roles and role not in roles and not any_role:
                return None
            return c
        return None

    def _fronted_country(self, root: Token, span: Span) -> Cluster | None:
        """"In Kyiv, officials rejected ...": bare "officials"/"authorities" whose clause opens
        with "in" + a country or its capital speak for that country's government."""
        if root.dep_ not in SUBJECT_DEPS:
            return None
        for prep in root.head.children:
            if prep.dep_ != "prep" or prep.lower_ != "in" or prep.i > root.i:
                continue
            for pobj in prep.children:
                if pobj.dep_ != "pobj":
                    continue
                text = self.doc[pobj.left_edge.i:pobj.i + 1].text
                country = metonyms.country_named(text) or metonyms.government_of(text)
                if country and entity_names.org_canonical(country) is None:
                    c = self._cluster("country:" + country, "GPE", canonical=country)
                    tl, tr = clean_surface(span.text)
                    m = Mention(span.start_char + tl, span.start_char + tr, span.text[tl:tr], "GPE", "collective",
                                root, country=country, is_source=True, alias=False)
                    c.add(m)
                    self.mentions.append(m)
                    return c
        return None

    def _named_body(self, span: Span) -> Cluster | None:
        """"the ministry", "The security service", "the court", "Investigators": a common-noun
        phrase whose head is the head of an organisation's name in the text ("Russia's defence
        ministry", "Federal Security Service", "Basmanny District Court"), or an agent noun of a
        word of it ("investigators" of the Investigative Committee). The latest such body
        named before the phrase."""
        root = span.root
        if root.pos_ != "NOUN" or root.i != span[-1].i and not all(t.is_punct for t in span[root.i - span.start + 1:]):
            return None
        words = [t for t in span if t.i < root.i and t.pos_ in ("NOUN", "ADJ") and t.dep_ in ("amod", "compound")
                 and not metonyms.country_of_demonym(t.text)]
        if any(t.pos_ == "PROPN" for t in span if t.i <= root.i and t.dep_ not in ("poss", "case")
               and not metonyms.country_of_demonym(t.text) and not metonyms.government_of(t.text)):
            return None
        head = _stem(root.lemma_)
        agent = root.tag_ == "NNS" and root.lower_.endswith(("ors", "ers"))
        modifiers = [_stem(t.lemma_) for t in words]
        # A headline or lede may name the body only later ("Russian investigators say ..."):
        # there the first one named after it will do.
        early = self.sent_of[root.i] <= 1
        # (start, entity) of the latest fitting name before the phrase, the first after it:
        # each body's latest name by bisection over its names' starts
        best: tuple[int, Cluster] | None = None
        after: tuple[int, Cluster] | None = None
        for c in self.clusters:
            if c.type != "ORG" or not c._named:
                continue
            names = c.name_texts() + ([c.canonical] if c.canonical else [])
            if not any(_body_name_fits(n, head, agent, modifiers) for n in names):
                continue
            k = bisect_left(c._named, span.start_char)
            if k and (best is None or c._named[k - 1] > best[0]):
                best = (c._named[k - 1], c)
            if early:
                k = bisect_left(c._named, span.end_char)
                if k < len(c._named) and (after is None or c._named[k] < after[0]):
                    after = (c._named[k], c)
        found = best or after
        if found is None:
            return None
        tl, tr = clean_surface(span.text)
        m = Mention(span.start_char + tl, span.start_char + tr, span.text[tl:tr], "ORG", "np", root,
                    is_source=True, alias=False)
        found[1].add(m)
        self.mentions.append(m)
        return found[1]

    def _resolve_conduit(self, s: int, e: int) -> Cluster | None:
        # The outlet's own name, not a description of it: "the state news agency RIA Novosti".
        inside = sorted(self._mentions_in(s, e), key=lambda m: all(
            w.lower() in CONDUIT_GENERIC or w.lower() == "state" for w in m.text.split()))
        for wanted in ("ORG", "PERSON", None):
            for m in inside:
                if wanted is None or m.cluster.type == wanted:
                    return m.cluster
        span = self.index.span(s, e)
        if span is None:
            return None
        run = [t for t in span if t.pos_ == "PROPN" or (t.text[:1].isupper() and t.i != span.start)]
        run = [t for t in run if t.lower_ not in CONDUIT_GENERIC]
        if not run:
            return None
        a, b = run[0].idx, run[-1].idx + len(run[-1].text)
        text = self.text[a:b]
        known = entity_names.org_canonical(text)
        key = "org:" + name_key(known[0] if known else text)
        c = self._cluster(key, "ORG", canonical=known[0] if known else None)
        m = Mention(a, b, text, "ORG", "org", run[-1])
        c.add(m)
        self.mentions.append(m)
        return c

    def _resolve_drafts(self) -> None:
        order = sorted(self.drafts, key=lambda d: (d.source or d.cue or (d.content[0] if d.content else (0, 0)))[0])
        resolved: dict[int, Cluster | None] = {}
        # Names, titles and collectives first: pronouns then see every speaker before them.
        for d in order:
            if d.conduit:
                c = self._resolve_conduit(*d.conduit)
                d.conduit_entity = c.id if c else None
                if c is not None:
                    self._conduit_ids.add(c.id)
            if d.source and dateline_end(self.text, d.source[0]) is not None:
                # "TEL AVIV – ...", "BERLIN – Ukraine denied ...": a dateline is where the story
                # was filed, never who spoke. What follows it, or the cue's subject, speaks.
                c = self._past_dateline(d)
                resolved[id(d)] = c
                if c is not None:
                    self._named_so_far.append((d.source[0], c))
                continue
            if d.source and not self._is_pronoun(*d.source) and not self._is_possessed_body(*d.source) \
                    and self._member_anaphor(*d.source) is None:
                resolved[id(d)] = c = self._resolve_source(*d.source)
                if c is not None and d.cue and self._is_outlet(c, *d.source):
                    # "The FSB put the toll at 40, the TASS agency reported": when the cue's own
                    # subject is someone else, the agency only passed the statement on.
                    subject = self._cue_subject(d)
                    if subject is not None and subject is not c:
                        resolved[id(d)] = c = subject
                if c is not None:
                    self._named_so_far.append((d.source[0], c))
        self._speaker_positions = [
            (d.source[0], resolved[id(d)]) for d in order if id(d) in resolved and resolved[id(d)] is not None]
        for d in order:
            if d.source and self._is_possessed_body(*d.source):
                # "his service", "her ministry": the organisation the possessor's title names
                c = self._possessor_org(*d.source, inside_content=d.content) or self._resolve_source(*d.source)
                resolved[id(d)] = c
                if c is not None:
                    self._speaker_positions.append((d.source[0], c))
            elif d.source and (owner := self._member_anaphor(*d.source)) is not None:
                # "Its officers", "a spokesman for the group": whom "its" or "the group" refers to
                c = self._resolve_pronoun(*owner, inside_content=d.content)
                if c is not None and c.type in _BODY_TYPES:
                    self._add_member_mention(c, *d.source)
                else:
                    c = self._resolve_source(*d.source)
                resolved[id(d)] = c
                if c is not None:
                    self._speaker_positions.append((d.source[0], c))
            if d.source and self._is_pronoun(*d.source):
                c = self._resolve_pronoun(*d.source, inside_content=d.content)
                resolved[id(d)] = c
                if c is not None:
                    self._speaker_positions.append((d.source[0], c))
                    g = _pronoun_gender().get(fold(self.text[d.source[0]:d.source[1]]).strip())
                    if g and c.type == "PERSON" and c.gender is None:
                        c.gender = g  # "she" said it: later "he" looks elsewhere
                    text = self.text[d.source[0]:d.source[1]]
                    tok = self.index.span(*d.source)
                    m = Mention(d.source[0], d.source[1], text, c.type, "pronoun", tok.root if tok else self.doc[0],
                                is_source=True, alias=False)
                    c.add(m)
                    self.mentions.append(m)

        def speaker_of(d: DraftAttribution, depth: int = 0) -> Cluster | None:
            if id(d) in resolved:
                return resolved[id(d)]
            if d.speaker_from is not None and depth < 20:
                return speaker_of(d.speaker_from, depth + 1)
            return None

        for d in self.drafts:
            c = speaker_of(d)
            d.speaker = c.id if c else None

    def _is_outlet(self, c: Cluster, s: int, e: int) -> bool:
        """A news outlet: named with a word for the medium ("the TASS agency") or a conduit
        of another statement in this text."""
        if c.type in ("PERSON", "GPE"):
            return False
        words = fold(self.text[s:e]).split()
        if any(w in CONDUIT_GENERIC and w != "service" for w in words):
            return True  # "the TASS agency", "the BelTA agency" (whatever NER made of the name)
        return c.type == "ORG" and c.id in self._conduit_ids

    def _cue_subject(self, d: DraftAttribution) -> Cluster | None:
        cue = self.index.span(*d.cue)
        if cue is None:
            return None
        s, e = d.source
        for tok in cue:
            for child in tok.children:
                if child.dep_ in ("nsubj", "nsubjpass") and not (s <= child.idx < e):
                    a, b = child.left_edge.idx, child.right_edge.idx + len(child.right_edge.text)
                    if self._is_pronoun(a, b):
                        return None
                    inside = [m for m in self._mentions_in(a, b) if m.start <= child.idx < m.end]
                    return inside[0].cluster if inside else None
        return None

    def _past_dateline(self, d: DraftAttribution) -> Cluster | None:
        s, e = d.source
        end = dateline_end(self.text, s)
        if end is not None and end < e:
            rest = self.text[end:e]
            # a clause swallowed with it ("– The missile ... came from ..., the Dutch-led Joint
            # Investigation Team"): the last comma-separated piece names the speaker
            if len(rest.split()) > 8 and ", " in rest:
                end = end + rest.rindex(", ") + 2
            if self._is_pronoun(end, e):
                return self._resolve_pronoun(end, e, inside_content=d.content)
            return self._resolve_source(end, e)
        if d.cue is None:
            return None
        cue = self.index.span(*d.cue)
        if cue is None:
            return None
        for tok in cue:
            for child in tok.children:
                if child.dep_ in ("nsubj", "nsubjpass") and child.idx >= (end or e):
                    a, b = child.left_edge.idx, child.right_edge.idx + len(child.right_edge.text)
                    if self._is_pronoun(a, b):
                        return self._resolve_pronoun(a, b, inside_content=d.content)
                    return self._resolve_source(a, b)
        return None

    def _unnamed_member(self, span: Span) -> bool:
        """Whether a source is someone unnamed holding a role in a body: "a spokesman for
        Hamas", "an official", "Its officers". Not a definite or possessed role ("the
        spokesman", "Russia's security chief", "its spokesman"): one holder, who may have a
        name and title elsewhere."""
        root = span.root
        if not (entity_names.is_role_token(root) or _collective_nouns().get(root.lemma_.lower()) == "government"):
            return False
        first = span[0].lower_
        return first in ("a", "an") or (first in ("its", "their") and root.tag_ in ("NNS", "NNPS"))

    def _member_anaphor(self, s: int, e: int) -> tuple[int, int] | None:
        """For "Its officers", "a spokesman for the group", "their spokeswoman": the span of the
        pronoun or anaphoric noun ("its", "the group") that names whom the member speaks for."""
        span = self.index.span(s, e)
        if span is None or len(span) > 6 or not self._unnamed_member(span):
            return None
        if any(m.cluster.type == "PERSON" for m in self._within(s, e) if m.cluster is not None):
            return None  # "Its spokesman, Dmitry Peskov": the person speaks
        root = span.root
        for c in root.children:
            if c.dep_ == "poss" and c.lower_ in ("its", "their"):
                return c.idx, c.idx + len(c.text)
            if c.dep_ == "prep" and c.lower_ in ("for", "of", "at"):
                for p in c.children:
                    if p.dep_ == "pobj":
                        a, b = p.left_edge.idx, p.idx + len(p.text)
                        if self._anaphor_kind(a, b) in ("org", "state"):
                            return a, b
        return None

    def _named_member_owner(self, root: Token, span: Span, inside: list["Mention"]) -> "Cluster | None":
        """The body an unnamed member speaks for, named in its phrase: "A Hamas spokesman",
        "a spokeswoman for the ministry's press office", "an official at NATO"."""
        if not inside or any(m.cluster.type == "PERSON" for m in inside) or not self._unnamed_member(span):
            return None
        owners = []
        for m in inside:
            if self._person_like(m.cluster, m):
                continue  # "a spokesman for Olaf Scholz" with the name tagged ORG: whom it serves
            head = m.root.head
            if m.root.dep_ == "pobj" and head.lower_ in ("for", "of", "at") and head.head.i == root.i:
                owners.append(m.cluster)
            elif head.i == root.i and m.root.dep_ in ("compound", "nmod", "poss"):
                owners.append(m.cluster)
        owners = [c for c in owners if c.type in _BODY_TYPES]
        return owners[0] if owners else None

    def _add_member_mention(self, c: "Cluster", s: int, e: int) -> None:
        span = self.index.span(s, e)
        tl, tr = clean_surface(self.text[s:e])
        m = Mention(s + tl, s + tr, self.text[s + tl:s + tr], c.type, "np", span.root if span is not None else self.doc[0],
                    is_source=True, alias=False)
        c.add(m)
        self.mentions.append(m)

    def _is_possessed_body(self, s: int, e: int) -> bool:
        span = self.index.span(s, e)
        return (span is not None and len(span) <= 3 and span[0].tag_ == "PRP$"
                and span[0].lower_ in ("his", "her")
                and fold(span.root.lemma_) in _org_words() | _SERVICE_NOUNS)

    def _possessor_org(self, s: int, e: int, inside_content: list[tuple[int, int]] = ()) -> Cluster | None:
        """For "his service said": the organisation named in the title of the person "his"
        refers to ("Bortnikov, the FSB director, said his service believes ..." → FSB)."""
        if not self._is_possessed_body(s, e):
            return None
        poss = self.index.span(s, e)[0]
        person = self._resolve_pronoun(poss.idx, poss.idx + len(poss), inside_content=inside_content)
        if person is None or person.type != "PERSON":
            return None
        for ts, te in reversed(person.title_spans):
            orgs = [m.cluster for m in self._within(ts, te) if m.cluster is not None and m.cluster is not person
                    and m.cluster.type == "ORG"]
            if orgs:
                return orgs[-1]
        return None

    # -- 5. pronouns ---------------------------------------------------------------------
    def _person_like(self, c: Cluster, m: Mention) -> bool:
        """An ORG-tagged name that reads like a person's ("Olaf Scholz" comes out ORG): two or
        three capitalised words, no organisation word, not a known organisation or acronym."""
        if c.type != "ORG" or m.kind != "name" or c.canonical or len(c.mentions) > 3:
            return False
        words = m.text.split()
        return 2 <= len(words) <= 3 and all(w[:1].isupper() and not w.isupper() for w in words) \
            and not any(fold(w) in _org_words() for w in words)

    def _compatible(self, kind: str, c: Cluster, m: Mention, gender: str | None = None) -> bool:
        if kind == "person":
            if gender and c.gender and gender != c.gender:
                return False
            return c.type == "PERSON" or self._person_like(c, m)
        if kind == "thing":
            return c.type == "GPE" or (c.type == "ORG" and m.kind != "collective")
        if kind == "group":
            return c.type in ("ORG", "GPE", "NORP", "OTHER") or m.root.tag_ in ("NNS", "NNPS")
        if kind == "org":
            return c.type in ("ORG", "NORP")
        if kind == "state":
            return c.type == "GPE"
        return c.type != "OTHER"

    def _plural_groups(self, before: int, p_sent: int) -> list[Mention]:
        """Plural noun phrases before `before` that no entity covers ("Wagner fighters",
        "Amazon workers"): candidates for they/their, made entities only if chosen."""
        out = []
        table = self._chunk_table()
        # chunks come in text order: start at the first the window reaches
        first = bisect_left(self._chunk_sents, p_sent - self.window)
        for end_char, chunk, root, sent, plural in table[first:]:
            if end_char > before:
                break
            if not plural or p_sent - sent > self.window:
                continue
            if any(m.cluster is not None for m in self._overlapping(chunk.start_char, chunk.end_char)):
                continue
            a, b = clean_surface(chunk.text)
            etype = "NORP" if any(t.pos_ == "PROPN" for t in chunk) else "OTHER"
            tmp = Cluster(id=f"np{chunk.start}", type=etype, key="")
            m = Mention(chunk.start_char + a, chunk.start_char + b, chunk.text[a:b], etype, "group_np", root)
            m.cluster = tmp
            out.append(m)
        return out

    def _chunk_table(self) -> list[tuple[int, Span, Token, int, bool]]:
        """The Doc's noun chunks once per document (spaCy rebuilds them all on every access), each
        as (end char, chunk, root, sentence, whether its root is a plural subject, object or
        apposition that is no pronoun: what `_plural_groups` reads of it)."""
        if self._noun_chunks is None:
            deps = SUBJECT_DEPS | {"dobj", "appos"}
            table = []
            doc = self.doc
            for start, end in noun_chunk_bounds(doc):
                chunk = doc[start:end]
                root = chunk.root
                plural = root.tag_ in ("NNS", "NNPS") and root.lower_ not in _pronouns() and root.dep_ in deps
                table.append((chunk.end_char, chunk, root, self.sent_of[root.i], plural))
            self._noun_chunks = table
            self._chunk_sents = [row[3] for row in table]
        return self._noun_chunks

    def _resolve_pronoun(self, s: int, e: int, inside_content: list[tuple[int, int]] = ()) -> Cluster | None:
        """The antecedent of the pronoun at (s, e). Mentions and speakers inside
        `inside_content`, the statement's own content, are not candidates: in "“..., for which
        ISIS claimed responsibility,” they said", "they" is not ISIS."""
        def in_content(pos: int) -> bool:
            return any(a <= pos < b for a, b in inside_content)

        span = self.index.span(s, e)
        if span is None:
            return None
        p = span[0]
        word = fold(p.text)
        kind = self._anaphor_kind(s, e) or _pronouns().get(word, "person")
        if self._anaphor_kind(s, e):
            p = span.root  # "the group": the noun stands where a pronoun would
        possessive = p.dep_ == "poss" or p.tag_ == "PRP$" or word in ("his", "its", "their", "our")
        if kind in ("org", "state"):
            possessive = False
        p_sent = self.sent_of[p.i]
        p_clause = _clause_head(p)
        # Lexical parallelism: the nouns the pronoun's verb governs.
        verb = p.head if p.dep_ in SUBJECT_DEPS else None
        verb_objects = {c.lemma_.lower() for c in verb.children if c.dep_ in ("dobj", "attr", "pobj", "prep")} if verb else set()
        if verb is not None:
            for c in verb.children:
                if c.dep_ == "prep":
                    verb_objects |= {g.lemma_.lower() for g in c.children}
        # Speakers before the pronoun, latest first (walked back from it; those inside the
        # statement's own content skipped).
        sp_keys, sp_items = self._speaker_index()

        def speakers_back():
            for k in range(bisect_left(sp_keys, s) - 1, -1, -1):
                if not in_content(sp_items[k][0]):
                    yield sp_items[k]

        last_speaker = next(speakers_back(), (None, None))[1]
        # A person who became a subject after the latest person speaker shifts the topic:
        # "Bortnikov replied ... Nikolai Patrushev gave a blunter answer. Asked ..., he said" is
        # Patrushev. The new subject takes the latest speaker's bonus.
        shifted_to: set[str] = set()
        if kind == "person":
            ref_pos, ref = None, None
            for pos, c in speakers_back():
                if ref_pos is not None and pos != ref_pos:
                    break
                if c.type == "PERSON":
                    ref_pos, ref = pos, c  # on a tie of places, the first listed
            if ref is not None:
                # only mentions from the sentence before the pronoun's on can be subjects here
                lo = max(ref_pos + 1, self._sentence_start(p_sent - 1) - self._mention_reach())
                shifted_to = {m.cluster.id for m in self._starting_in(lo, s)
                              if m.cluster is not None and m.cluster is not ref and m.cluster.type == "PERSON"
                              and m.kind != "pronoun" and ref_pos < m.start and m.end <= s
                              and m.root.dep_ in SUBJECT_DEPS and not in_content(m.start)
                              and p_sent - self.sent_of[m.root.i] <= 1}
        topic_shift = bool(shifted_to)
        spoke_before: dict[str, bool] = {}

        def speaker_before(cid: str) -> bool:
            """Whether entity `cid` spoke before the pronoun (outside the statement's content)."""
            if cid not in spoke_before:
                places = self._sp_by_cluster.get(cid, [])
                spoke_before[cid] = any(not in_content(places[k])
                                        for k in range(bisect_left(places, s) - 1, -1, -1))
            return spoke_before[cid]

        scored: list[tuple[float, Mention]] = []
        fallback: list[tuple[float, Mention]] = []
        # Candidates in order of start, from the first sentence the window reaches: mentions
        # starting at or after the pronoun also end after it and are skipped below.
        lo = self._sentence_start(p_sent - self.window) - self._mention_reach()
        candidates = self._starting_in(lo, s)
        if kind == "group":
            candidates += self._plural_groups(s, p_sent)
        for m in candidates:
            if m.cluster is None or m.end > s or m.kind == "pronoun" or in_content(m.start):
                continue
            d = p_sent - self.sent_of[m.root.i]
            if d > self.window:
                continue
            if not possessive and d == 0 and _clause_head(m.root).i == p_clause.i and m.kind != "title":
                continue  # binding: "Russia found it ..." cannot be Russia
            c = m.cluster
            score = -2.0 * d + 0.001 * m.start / max(len(self.text), 1)
            # "the G7 foreign ministers weighed in": the name is a compound of the subject
            group_head = (m.root.head if m.root.dep_ in ("compound", "nmod") and m.root.head.dep_ in SUBJECT_DEPS
                          else None)
            if m.root.dep_ in SUBJECT_DEPS or m.is_source or group_head is not None:
                score += 3
            if kind == "group" and group_head is not None and group_head.tag_ in ("NNS", "NNPS"):
                score += 1.5
            if m.root.dep_ == "pobj":
                score -= 1
            if speaker_before(c.id):
                score += 2
            if last_speaker is not None and c.id == last_speaker.id and not topic_shift:
                score += 2
            if c.id in shifted_to:
                score += 2
            if d == 0 and m.root.dep_ in SUBJECT_DEPS and p_clause.i != _clause_head(m.root).i:
                score += 1
            head = m.root.head
            if m.root.dep_ == "pobj" and head.lower_ == "of":
                head = head.head
            if m.root.dep_ in ("pobj", "poss") and head.lemma_.lower() in verb_objects:
                score += 8
            if m.kind == "locative":
                score -= 3
            if kind == "group" and m.root.tag_ in ("NNS", "NNPS") or (kind == "group" and m.kind == "collective"):
                score += 1.5
            if self._compatible(kind, c, m, _pronoun_gender().get(word)):
                scored.append((score, m))
            else:
                fallback.append((score, m))
        if scored:
            # frequency: an often-named actor is salient (mentions before the pronoun, up to 6)
            counts: dict[str, int] = {}
            for _, m in scored:
                if m.cluster.id not in counts:
                    counts[m.cluster.id] = 1 if m.kind == "group_np" else self._times_named(m.cluster, s, in_content, 6)
            best = max(scored, key=lambda x: x[0] + 0.2 * min(counts.get(x[1].cluster.id, 1) - 1, 5)
                       - (1.5 if x[1].cluster.type != "PERSON" and kind == "person" else 0))
            chosen = best[1].cluster
            if best[1].kind == "group_np":  # a plural noun phrase NER did not tag: now an entity
                chunk = self.index.span(best[1].start, best[1].end)
                return self._new_cluster_for(chunk, best[1].start, best[1].end, etype=chosen.type)
            if kind == "person" and chosen.type == "ORG":
                chosen.type = "PERSON"  # "he" settles NER's doubt about "Olaf Scholz"
                self._person_clusters = None
                for m in chosen.mentions:
                    m.type = "PERSON"
            return chosen
        if kind == "person":
            # Translations render a state as "he" ("Russia admitted ... But he continues"): with no
            # person before, the latest speaker, else the most salient subject of any kind.
            if last_speaker is not None:
                return last_speaker
            subj = [x for x in fallback if x[1].root.dep_ in SUBJECT_DEPS]
            if subj:
                return max(subj, key=lambda x: x[0])[1].cluster
        return None

    # -- 7. offices by date ----------------------------------------------------------------
    def _day(self) -> dt.date:
        """The article's publication date (`doc._.cg_published`), else today."""
        if self._published is None:
            given = self.doc._.get("cg_published") if Doc.has_extension("cg_published") else None
            day = office_holders.parse_day(given)
            self._dated = day is not None
            self._published = day or dt.date.today()
        return self._published

    def _home_body(self) -> str | None:
        """The one state the article is about, if it is clear: the state named most often (its
        name, capital used for its government, collectives such as "Russian officials"), a
        person the table knows as holding one of its offices counting twice; None on a tie or
        with fewer than two such mentions."""
        if self._home is None:
            counts: dict[str, int] = {}
            for c in self.clusters:
                if c.type == "GPE" and c.key.startswith("country:") and c.canonical:
                    n = sum(1 for m in c.mentions if m.kind != "locative")
                    counts[c.canonical] = counts.get(c.canonical, 0) + n
                elif c.type == "PERSON":
                    bodies = {h.body for f, _ in c.full_names() for h in office_holders.offices_of(f, self._day())}
                    for b in bodies:
                        counts[b] = counts.get(b, 0) + 2
            ranked = sorted(counts.items(), key=lambda kv: -kv[1])
            home = ""
            if ranked and ranked[0][1] >= 2 and (len(ranked) == 1 or ranked[0][1] > ranked[1][1]):
                home = ranked[0][0]
            self._home = home
        return self._home or None

    def _office_phrase(self, root: Token, span: Span) -> bool:
        """Whether a phrase headed by a role noun names one office's present holder: definite
        ("the", a possessive state or body, or a bare proper modifier: "Kremlin spokesman"),
        singular, and neither past nor future nor a deputy ("the former president", "the
        next foreign minister", "a deputy minister")."""
        if root.tag_ not in ("NN", "NNP") or len(span) > 9:
            return False
        first = span[0]
        if first.lower_ in ("a", "an", "any", "every", "each", "another", "no", "some") or first.tag_ == "PRP$":
            return False
        words = {fold(t.text) for t in span}
        if words & _NOT_PRESENT:
            return False
        return first.lower_ == "the" or first.dep_ == "poss" or first.pos_ == "PROPN" \
            or any(t.dep_ == "poss" and t.head.i == root.i for t in span)

    def _office_holder(self, root: Token, span: Span, home: bool, mark: bool = False) -> Cluster | None:
        """The person holding, on the article's date, the office a definite role phrase names
        (data/office_holders.tsv): with `home` False only an office the phrase names with its
        state, body or agency ("the Russian president", "NATO's chief", "the FSB director");
        with `home` True also one of the state the article is about ("the head of state",
        "the foreign minister"; a bare "the president" only for a holder the article names).
        A person the article names who held it wins; else, when the table names one holder
        on that date, a new person entity of that name. With `mark`, adds the phrase as that
        person's mention and title (a source's caller does that itself)."""
        if not self._office_phrase(root, span):
            return None
        s, e = span.start_char, span.end_char
        if any(m.cluster is not None and m.cluster.type == "PERSON" for m in self._within(s, e)):
            return None  # "Putin's spokesman", "President Putin": not the table's business
        key = office_holders.role_key(self.text[s:e])
        if key is None or (key.body is None and not home and not office_holders.distinctive(key)):
            return None
        found = office_holders.holders(key, self._day(), self._home_body() if home or key.body is None else None)
        names = list(dict.fromkeys(h.name for h in found))
        if not names:
            return None
        named = self._holders_named(tuple(names))
        if not named:
            # the holder's name that NER typed otherwise ("Kuleba" tagged ORG): the person
            named = [c for c in self.clusters if c.type in ("ORG", "NORP") and c.mentions and not c.canonical
                     and all(m.kind == "name" for m in c.mentions)
                     and any(entity_names.is_short_form_of(t, n) for t in c.name_texts() for n in names)]
            for c in named:
                c.type = "PERSON"
                for m in c.mentions:
                    m.type = "PERSON"
            if named:
                self._person_clusters = None
        if named:
            # the one named last before the phrase, else the first named after it
            def rank(c: Cluster) -> tuple:
                last = c.last_start_before(s)
                return (last is not None, last if last is not None else -c._starts[0])
            c = max(named, key=rank)
        elif len(names) == 1 and (key.body is not None or (key.words and self._dated)):
            # (a bare "the president" or "the spokesman" calls back a holder the article names,
            # never one it does not: it may be a company's or a university's; nor, in an
            # article of unknown date, does "the foreign minister" of the article's state)
            words = entity_names.person_words(names[0])
            c = self._cluster("person:" + " ".join(entity_names.variant_key(w) for w in words), "PERSON",
                              canonical=names[0])
        else:
            return None  # the table cannot tell who held it that day
        if not mark:
            return c
        a, b = s, e
        if self.text[a:b].endswith(("'s", "’s")):
            b -= 2
        c.add_title(self.text[a:b], (a, b))
        m = Mention(a, b, self.text[a:b], "PERSON", "title", root, is_source=self._in_source(a, b), alias=False)
        c.add(m)
        self.mentions.append(m)
        return c

    def _holders_named(self, names: tuple[str, ...]) -> list[Cluster]:
        """The person entities named as one of `names` (a surname will do), asked once per
        set of names while the persons stay the same."""
        persons = self._persons()
        memo_key = (names, len(persons), sum(len(c._name_texts) for c in persons))
        found = self._named_memo.get(memo_key)
        if found is None:
            found = [c for c in persons if c.mentions
                     and any(entity_names.is_short_form_of(t, n) for t in c.name_texts() for n in names)]
            self._named_memo[memo_key] = found
        return list(found)

    def _resolve_offices(self) -> None:
        """Role phrases outside every source ("accusations against the head of state", "met
        the Ukrainian foreign minister") become mentions of the office's holder on the
        article's date, so that statements about them name their target."""
        texts = self.index.texts
        for i in self.index.positions(NOUN) + self.index.positions(PROPN):
            if _office_holders_role(texts[i]) is None:
                continue
            root = self.doc[i]
            if root.tag_ not in ("NN", "NNP") or root.dep_ == "compound":
                continue  # "Foreign Minister Sergei Lavrov": a title of a name
            left = root.left_edge.i
            right = root.i + 1
            for child in root.children:
                if child.dep_ == "prep" and child.i > root.i and child.lower_ in ("of", "for", "to"):
                    right = max(right, child.right_edge.i + 1)
            span = self.doc[left:right]
            s, e = span.start_char, span.end_char
            if self._in_source(s, e) or self._overlaps_source(s, e):
                continue
            if any(m.start <= root.idx < m.end for m in self._around(root.idx, root.idx + 1)):
                continue  # a name or a title the text already gave
            if root.dep_ == "appos" and any(m.cluster is not None and m.cluster.type == "PERSON"
                                            for m in self._around(root.head.idx, root.head.idx + 1)):
                continue  # "Lavrov, the foreign minister,": his title
            if any(c.dep_ == "appos" for c in root.children):
                continue  # "the foreign minister, Sergei Lavrov,"
            nxt = self.text[e:e + 3]
            if nxt.startswith(",") and any(m.cluster is not None and m.cluster.type == "PERSON"
                                           for m in self._starting_in(e, e + 3)):
                continue
            self._office_holder(root, span, home=True, mark=True)

    def _overlaps_source(self, s: int, e: int) -> bool:
        # some source starting before `e` reaches past `s` (by bisection, as `_in_source`)
        k = bisect_left(self._source_starts, e)
        return k > 0 and self._source_reach[k - 1] > s

    # -- output --------------------------------------------------------------------------
    def _write_entities(self) -> None:
        out = doc_state.entities(self.doc)
        out.clear()
        for c in sorted(self.clusters, key=lambda c: min((m.start for m in c.mentions), default=0)):
            if not c.mentions:
                continue
            name = c.name()
            aliases = [f for f in c.forms() if f != name]
            out.append(DraftEntity(
                id=c.id, name=name, type=c.type, aliases=aliases, titles=list(c.titles),
                mentions=sorted({(m.start, m.end) for m in c.mentions}),
            ))


@dataclass(frozen=True)
class _TitleWords:
    """What the role rules read of a title's text."""
    classes: frozenset  # role class of each word (None for a word naming no role)
    keys: frozenset  # name key of each word
    folded: tuple[str, ...]  # its words folded
    countries: frozenset  # the countries its words name ("Russian", "Kremlin")


@lru_cache(maxsize=4096)
def _title_words(title: str) -> _TitleWords:
    words = re.findall(r"[\w'’-]+", title)
    return _TitleWords(
        classes=frozenset(entity_names.role_class(w) for w in words),
        keys=frozenset(name_key(w) for w in words),
        folded=tuple(fold(title).split()),
        countries=frozenset({metonyms.country_of_demonym(w) or metonyms.government_of(w) for w in words} - {None}),
    )


@lru_cache(maxsize=4096)
def _body_name_words(name: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The stemmed words of an organisation's name up to where it goes on past its head noun
    ("District Court" of "District Court of The Hague"), and all its stemmed words."""
    head_part = tuple(_stem(w) for w in re.findall(r"[^\W\d_]+", fold(_NAME_TAIL.split(name)[0])))
    every = tuple(_stem(w) for w in re.findall(r"[^\W\d_]+", fold(name)))
    return head_part, every


def _body_name_fits(name: str, head: str, agent: bool, modifiers: list[str]) -> bool:
    """Whether a phrase with head noun `head` (stemmed; `agent`: a plural agent noun such as
    "investigators") and modifying words `modifiers` (stemmed) calls back the body `name`."""
    nwords, every = _body_name_words(name)
    if not nwords:
        return False
    return (nwords[-1] == head or agent and any(_same_stem(head, w) for w in every)) \
        and all(any(_same_stem(t, w) for w in nwords) for t in modifiers)


def _stem(word: str) -> str:
    w = fold(word)
    return w[:-1] if len(w) > 4 and w.endswith("s") and not w.endswith("ss") else w


def _same_stem(a: str, b: str) -> bool:
    """One word or two of one family: "investigator"/"investigative" (a shared start of 7+)."""
    if a == b:
        return True
    n = 0
    for x, y in zip(a, b):
        if x != y:
            break
        n += 1
    return n >= 7


@lru_cache(maxsize=1)
def _key_first_words() -> frozenset[str]:
    """The first word of every gazetteer and organisation key."""
    keys = list(metonyms.gazetteer_keys()) + list(entity_names.known_orgs())
    return frozenset(k.split()[0] for k in keys if k)


@lru_cache(maxsize=1)
def _short_forms() -> frozenset[str]:
    """The alias table's forms exactly as listed ("Tass"), for short forms matched by case."""
    forms = set()
    for row in entity_names.read_table("org_aliases.tsv"):
        forms.update([row[0]] + (row[2].split("|") if len(row) > 2 and row[2] else []))
    return frozenset(forms)
