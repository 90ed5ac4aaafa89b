"""Speaker resolution: cluster a document's actors and tell each attribution who spoke.

Runs after the attribution components. It reads spaCy's entities, the attribution drafts
(`source`, `conduit`, `speaker_from`) and writes `doc_state.entities(doc)` plus each draft's
`speaker` and `conduit_entity`. No coreference model is available, so the work is done by
rules (lexicons in `data/`), in this order:

1. Mentions. spaCy's PERSON/ORG/GPE/NORP/LOC/FAC entities, cleaned of articles, honorifics and
   possessives, with NER's slips mended (first names left out, "Ursula von der" + "Leyen",
   "the Islamic State of" + "Khorasan", a leading adverb taken in). A gazetteer scan finds
   countries, capitals, seats of government and known organisations whatever NER said ("Kyiv"
   comes out PERSON, ORG or nothing). "X (ACR)" acronyms join X. Collectives: a country
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
   the same role class naming the same organisation (or sharing a word). A plural group noun
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
6. Drafts with no source and a `speaker_from` take that draft's speaker; conduits ("quoted by
   the Tass agency") resolve to the outlet they name, created if needed.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import accumulate

import numpy
from spacy.attrs import IDX, IS_PUNCT, LEMMA, LENGTH, POS, SENT_START
from spacy.language import Language
from spacy.symbols import ADJ, ADV, NOUN, PROPN, VERB
from spacy.tokens import Doc, Span, Token

from . import doc_state, doc_text, entity_names, metonyms
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
# Nouns for the body a person leads, beside data/org_words.txt ("his service", "her ministry").
_SERVICE_NOUNS = frozenset({"service", "ministry", "department", "office", "administration",
                            "government", "agency", "team", "staff", "campaign", "party"})


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

    def add(self, m: Mention) -> None:
        m.cluster = self
        self.mentions.append(m)
        self._full = None

    def remove(self, m: Mention) -> None:
        self.mentions.remove(m)
        self._full = None

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

    # -- driver --------------------------------------------------------------------------
    def run(self) -> None:
        self._collect_names()
        self._collect_collectives()
        self._cluster_all()
        self._scan_variants()
        self._collect_titles()
        self._resolve_drafts()
        self._write_entities()

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
        # "Russian Security Services (FSB)": the acronym in brackets is the same organisation.
        for m in list(kept):
            rest = self.text[m.end:m.end + 14]
            am = re.match(r"\s*\(\s*([A-Z][A-Za-z.\-]{1,9})\s*\)", rest)
            if am and m.type in ("ORG", "GPE", "NORP"):
                s = m.end + am.start(1)
                e = m.end + am.end(1)
                kept = [k for k in kept if not (k.start >= s and k.end <= e)]
                acr = self._make(s, e, m.type, "name")
                if acr:
                    kept.append(acr)
                    self._acronym_links.append((acr, m))
        self.mentions.extend(kept)

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
        for i, p in enumerate(pos):
            if p != NOUN and p != PROPN:
                continue
            kind = nouns.get(lemma_lower(i))  # by string id: most nouns are no collective
            if kind is None:
                continue
            tok = doc[i]
            country = self._country_modifier(tok)
            if country is None:
                continue
            left = tok.left_edge.i
            while left < tok.i and (doc[left].lower_ in entity_names.DETERMINERS or doc[left].is_punct):
                left += 1
            right = tok.i + 1
            # keep "officials in Kyiv" whole
            for child in tok.children:
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
            self.mentions = [k for k in self.mentions if not (m.start <= k.start and k.end <= m.end)]
            if any(k.start < m.end and m.start < k.end for k in self.mentions):
                continue
            self.mentions.append(m)

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
            pos = max((m.start for m in c.mentions if m.start < before), default=None)
            rank = (pos is not None, pos if pos is not None else -min(m.start for m in c.mentions))
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
        for m in ms:
            if m.cluster is not None:
                continue
            full = acronym_of.get(id(m))
            if full is not None and full.cluster is not None:
                # "(FSB)" after a name: the acronym, and the organisation the alias table knows
                # by it, are that name's entity.
                full.cluster.add(m)
                known = entity_names.org_canonical(m.text)
                if known is not None:
                    self.by_key.setdefault("org:" + name_key(known[0]), full.cluster)
                continue
            self._assign(m)

    def _assign(self, m: Mention) -> None:
        key = name_key(m.text)
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
        orgs_here = {m.cluster.id for m in self.mentions if m.cluster and m.cluster.type != "PERSON"
                     and span.start_char <= m.start and m.end <= span.end_char}
        best, best_rank = None, None
        for c in self._persons():
            for (ts, te) in c.title_spans:
                title = self.text[ts:te]
                twords = re.findall(r"[\w'’-]+", title)
                if not roles & {entity_names.role_class(w) for w in twords}:
                    continue
                title_orgs = {m.cluster.id for m in self.mentions if m.cluster and m.cluster.type != "PERSON"
                              and ts <= m.start and m.end <= te}
                same_org = bool(orgs_here & title_orgs)
                if (orgs_here or words) and not same_org and not (words & {name_key(w) for w in twords}):
                    continue
                last = max((x.start for x in c.mentions if x.start < span.start_char), default=-1)
                rank = (same_org, last)
                if best is None or rank > best_rank:
                    best, best_rank = c, rank
        return best

    # -- 4-6. drafts -----------------------------------------------------------------------
    def _mentions_in(self, s: int, e: int) -> list[Mention]:
        """Mentions inside the span, or the one mention the span lies in ("Piketty" in
        "Thomas Piketty" when a source is given as a surname)."""
        inside = [m for m in self.mentions if m.cluster is not None and s <= m.start and m.end <= e]
        if not inside:
            inside = [m for m in self.mentions if m.cluster is not None and m.start <= s and e <= m.end][:1]
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
            mention = next((m for m in self.mentions if m.cluster is not None
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
                if m.kind == "locative":  # a capital as a speaker is its government
                    m.cluster.remove(m)
                    m.kind = "capital"
                    m.is_source = True
                    m.cluster = None
                    self._assign(m)
                return m.cluster
        if entity_names.is_role_token(root):
            c = self._title_match(root, span)
            if c is None and len(persons) == 1:
                c = persons[0].cluster
            if c is not None:
                tl, tr = clean_surface(self.text[s:e])
                c.add_title(self.text[s + tl:s + tr], (s + tl, s + tr))
                m = Mention(s + tl, s + tr, self.text[s + tl:s + tr], "PERSON", "title", root,
                            is_source=True, alias=False)
                c.add(m)
                self.mentions.append(m)
                return c
        # "NATO allies", "Hamas officials", "officials in Kyiv": a group noun that speaks for
        # the organisation or state modifying it.
        # "G7 foreign ministers", "EU leaders" too: a plural role noun.
        group_kind = _collective_nouns().get(root.lemma_.lower())
        plural = root.tag_ in ("NNS", "NNPS")
        if group_kind == "government" or (plural and (group_kind == "member" or entity_names.is_role_token(root))):
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
        return self._new_cluster_for(span, s, e)

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
            if d.source and not self._is_pronoun(*d.source) and not self._is_possessed_body(*d.source):
                resolved[id(d)] = self._resolve_source(*d.source)
        self._speaker_positions = [
            (d.source[0], resolved[id(d)]) for d in order if id(d) in resolved and resolved[id(d)] is not None]
        for d in order:
            if d.source and self._is_possessed_body(*d.source):
                # "his service", "her ministry": the organisation the possessor's title names
                c = self._possessor_org(*d.source, inside_content=d.content) or self._resolve_source(*d.source)
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
            orgs = [m.cluster for m in self.mentions if m.cluster is not None and m.cluster is not person
                    and m.cluster.type == "ORG" and ts <= m.start and m.end <= te]
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
        for end_char, chunk, root, sent, plural in self._chunk_table():
            if end_char > before:
                break
            if not plural or p_sent - sent > self.window:
                continue
            if any(m.start < chunk.end_char and chunk.start_char < m.end for m in self.mentions
                   if m.cluster is not None):
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
        return self._noun_chunks

    def _resolve_pronoun(self, s: int, e: int, inside_content: list[tuple[int, int]] = ()) -> Cluster | None:
        """The antecedent of the pronoun at (s, e). Mentions and speakers inside
        `inside_content`, the statement's own content, are not candidates: in "“..., for which
        ISIS claimed responsibility,” they said", "they" is not ISIS."""
        doc = self.doc

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
        last_speaker = None
        for pos, c in sorted(self._speaker_positions, key=lambda x: x[0]):
            if pos < s and not in_content(pos):
                last_speaker = c
        speakers_before = {c.id for pos, c in self._speaker_positions if pos < s and not in_content(pos)}
        counts: dict[str, int] = {}
        scored: list[tuple[float, Mention]] = []
        fallback: list[tuple[float, Mention]] = []
        candidates = sorted(self.mentions, key=lambda m: m.start)
        # Mentions starting at or after the pronoun also end after it and are skipped below:
        # leave them out of the loop.
        candidates = candidates[:bisect_left([m.start for m in candidates], s)]
        if kind == "group":
            candidates += self._plural_groups(s, p_sent)
        for m in candidates:
            if m.cluster is None or m.end > s or m.kind == "pronoun" or in_content(m.start):
                continue
            counts[m.cluster.id] = counts.get(m.cluster.id, 0) + 1
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
            if c.id in speakers_before:
                score += 2
            if last_speaker is not None and c.id == last_speaker.id:
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
            # frequency: an often-named actor is salient
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
