"""The `claimgraph_attribution_rules` component: reported speech, beliefs and stance from the parse.

It runs after `claimgraph_quotes` and adds `DraftAttribution`s to `doc_state.attributions(doc)`:

- verb cues from data/cues.tsv (`lexicon.cues_by_pos()["VERB"]`) with a clausal complement
  ("X assured that …", "X knows that …", "X wants to …") or, for cues whose `complement` is
  "any", a noun-phrase object ("the G-7 rejected Ukraine's participation", "accused NATO of …");
  the speaker is the subject, found through xcomp/conj/participle chains ("acknowledged that X
  but continued to suggest that Y": two records, one speaker), a relative clause's noun, or the
  noun phrase just left of the verb when the parse gives no subject; origin "rule:verb";
- phrase cues ("pointed out", "claimed responsibility", "called for"), origin "rule:phrase";
- passives: "X was quoted as saying …", "it was determined (by X) that …", "… was rejected by X";
- "according to X, …" (type according_to; content is the rest of the clause, in up to two
  spans around the cue), origin "rule:according_to";
- noun cues with a speaker and a content: "X's statement/claim that …", "the accusation by X
  against Y", origin "rule:noun";
- nesting: a draft whose cue lies inside another draft's content gets that draft as `parent`
  ("Sullivan said that Russia knows that …");
- conduits: "quoted by the Tass agency", "told Reuters", "in an interview with CNN", "speaking
  to X", "X reported, citing Y, that …", and "X reported that Y said …" (Y's draft gets X's
  source span as conduit). `conduit_entity` is left to speaker resolution.

Spans follow PolNeAR's conventions, on which accuracy is measured: the cue is the verb group
("has repeatedly stated", "did not mention", "said:", "said in a statement"); the source is the
whole noun phrase with appositions and titles, and an apposition's closing comma ("The head of
the FSB, Alexander Bortnikov,"); content starts right after the cue (a complementizer "that"
included) and ends without the sentence's final punctuation unless it ends inside a quotation
(then up to and including the closing mark).

Config: `nested` (default true) keeps drafts nested in another draft's content (PolNeAR never
annotates them: on its dev split, false raises precision from 80 % to 87 % at a one-point cost
in recall); `inside_quotes` (default false) also reads cues inside direct quotations.

A draft the quotes component made for the same cue is never duplicated: its missing conduit,
and the content of a "rule:quote-context" draft, are filled in place.

Cost: one pass over the tokens with set lookups; subtrees are walked only around cues.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass

from spacy.attrs import LEMMA, LOWER, POS
from spacy.language import Language
from spacy.symbols import ADJ
from spacy.tokens import Doc, Token

from . import doc_state, lexicon
from .doc_state import DraftAttribution
from .doc_text import text_of
from .entity_names import is_role_token
from .lexicon import CueEntry

Span = tuple[int, int]

_OPEN_QUOTES = "“‘«„‚"
_CLOSE_QUOTES = "”’»"
_STRAIGHT = "\"'"
_PERSONAL = frozenset({"he", "she", "they", "we", "i"})
_EXPLETIVE = frozenset({"it", "there"})
_RELATIVE = frozenset({"who", "that", "which", "whom"})
_CONTENT_PREPS = frozenset({"as", "of", "for", "about", "against", "to", "with", "on", "over", "from"})
_NOUN_CONTENT_PREPS = frozenset({"against", "of", "on", "to", "for"})
_SUBJECTS = ("nsubj", "csubj")
# "erred in saying", "responded by calling": the participle's speaker is the main subject
# (not so after "as": "described as threatening the statements")
_MANNER_PREPS = frozenset({"in", "by", "after", "before", "while", "without", "when", "since", "upon"})
_CLAUSE_PUNCT = frozenset({",", ";", ":", "—", "--", "–", "(", ")", ".", "!", "?"})
_NOT_A_CUE = CueEntry("", "VERB", "stance", "other")
# Sentence adverbs that are not part of a verb group ("However, he said").
_CLAUSE_ADVERBS = frozenset({"however", "meanwhile", "now", "then", "so", "instead", "still", "yet",
                             "thus", "therefore", "indeed", "moreover", "separately"})
_NOMINAL = ("NOUN", "PROPN", "PRON", "NUM")
_SPEAKING = frozenset({"speak", "talk", "write"})  # "speaking to CNN", "writing in the Times"
_ADDRESSEE_PREPS = frozenset({"to", "with"})  # "spoke to reporters": an audience, not a content
_WARNING_PREPS = frozenset({"about", "of", "against"})  # "warned X about/of/against Y"


@Language.factory("claimgraph_attribution_rules", default_config={"nested": True, "inside_quotes": False})
def make_attribution_rules(nlp: Language, name: str, nested: bool, inside_quotes: bool) -> "AttributionRules":
    return AttributionRules(nested=nested, inside_quotes=inside_quotes)


class AttributionRules:
    """Finds rule-based attributions (see the module docstring)."""

    def __init__(self, *, nested: bool = True, inside_quotes: bool = False) -> None:
        """`nested`: keep drafts whose cue lies inside another draft's content (they get
        `parent`); `inside_quotes`: also read cues inside quotation marks ("I think …" within
        a direct quote), which PolNeAR never annotates and which are mostly noise."""
        by_pos = lexicon.cues_by_pos()
        self.verbs = by_pos["VERB"]
        self.nouns = by_pos["NOUN"]
        self.phrases: dict[str, list[CueEntry]] = {}
        for e in by_pos["PHRASE"].values():
            if e.lemma != "according to":
                self.phrases.setdefault(e.words[0], []).append(e)
        self.according = by_pos["PHRASE"].get("according to")
        self.conduits = lexicon.conduit_lexicon()
        # Every lemma that can start a verb, phrase or noun cue (see _Finder.run), and whether
        # a lemma's string id, lower-cased, is one of them (filled as ids are met).
        self.cue_lemmas = frozenset(self.verbs) | frozenset(self.phrases) | frozenset(self.nouns)
        self.lemma_id_is_cue: dict[int, bool] = {}
        self.nested = nested
        self.inside_quotes = inside_quotes

    def __call__(self, doc: Doc) -> Doc:
        _Finder(doc, self).run()
        return doc

    def remember_lemma(self, lemma_id: int, strings) -> bool:
        if len(self.lemma_id_is_cue) >= 200_000:  # a long-running process: keep memory bounded
            self.lemma_id_is_cue.clear()
        cue = self.lemma_id_is_cue[lemma_id] = strings[lemma_id].lower() in self.cue_lemmas
        return cue


@dataclass
class _Made:
    draft: DraftAttribution
    media_source: bool  # the source is an outlet: a conduit for statements nested in it


class _Finder:
    """The work on one document."""

    def __init__(self, doc: Doc, rules: AttributionRules) -> None:
        self.doc = doc
        self.text = text_of(doc)
        self.r = rules
        self.lex = rules.conduits
        self.existing = list(doc_state.attributions(doc))
        self.existing_cues = sorted(((a.cue, a) for a in self.existing if a.cue), key=lambda p: p[0])
        text = self.text  # Doc.text joins every token on each access: read it once
        self.quotes = [q.outer for q in doc_state.quotes(doc)] or _fallback_quotes(text)
        # inner spans of real quotations (not one- or two-word scare quotes)
        closed = [q.outer for q in doc_state.quotes(doc) if q.close_mark is not None] or self.quotes
        self.quoted_text = sorted((s + 1, e - 1) for s, e in closed if len(text[s:e].split()) > 3)
        self.newlines = _positions(text, "\n")
        self.used: set[int] = set()  # token indices already part of a cue or conduit
        self.made: list[_Made] = []

    # -- driver --------------------------------------------------------------------------------
    def run(self) -> None:
        doc = self.doc
        verbs, nouns, phrases = self.r.verbs, self.r.nouns, self.r.phrases
        # Cheap tests first, on string ids read in one C pass: most tokens are no cue's lemma,
        # and skipping them here gives the same drafts as the full tests below (which they
        # would all fail). Only the remaining tokens become Token objects.
        strings = doc.vocab.strings
        according = strings.as_int("according")
        is_cue_lemma = self.r.lemma_id_is_cue
        for i, (lemma_id, lower_id, pos_id) in enumerate(doc.to_array([LEMMA, LOWER, POS]).tolist()):
            cue = is_cue_lemma.get(lemma_id)
            if cue is None:
                cue = self.r.remember_lemma(lemma_id, strings)
            if not cue and lower_id != according and not (pos_id == ADJ and strings[lower_id].endswith("ed")):
                continue
            tok = doc[i]
            if tok.i in self.used or tok.is_space or tok.is_punct:
                continue
            if not self.r.inside_quotes and self.in_quote(tok.idx):
                continue
            if tok.lower_ == "according" and tok.i + 1 < len(doc) and doc[tok.i + 1].lower_ == "to":
                self.according_to(tok)
                continue
            pos = tok.pos_
            if pos in ("VERB", "AUX") or tok.tag_.startswith("VB") or _participle_adj(tok):
                lemma = _verb_lemma(tok, verbs)
                matched = self.match_phrase(tok, phrases.get(lemma, ()))
                if matched is not None:
                    self.verb(tok, matched[0], matched[1], origin="rule:phrase")
                elif lemma in verbs:
                    self.verb(tok, verbs[lemma], [tok], origin="rule:verb")
            elif pos == "NOUN" and tok.lemma_.lower() in nouns:
                self.noun(tok, nouns[tok.lemma_.lower()])
        self.link()
        doc_state.attributions(doc).extend(m.draft for m in self.made
                                           if self.r.nested or m.draft.parent is None)

    # -- verb cues -----------------------------------------------------------------------------
    def match_phrase(self, tok: Token, entries) -> tuple[CueEntry, list[Token]] | None:
        for e in entries:
            parts = [tok]
            for word in e.words[1:]:
                hit = next((c for c in tok.children if c.lemma_.lower() == word and c.i not in self.used), None)
                if hit is None:  # one level down: "made it clear" (make -> ccomp clear)
                    hit = next((g for c in tok.children if c.dep_ in ("ccomp", "oprd", "dobj")
                                for g in c.children if g.lemma_.lower() == word), None)
                if hit is None:
                    break
                parts.append(hit)
            else:
                return e, parts
        return None

    def verb(self, tok: Token, entry: CueEntry, cue_toks: list[Token], origin: str) -> None:
        if self.conduit_kind(tok) is not None:  # "speaking to the BBC", "quoted by Tass"
            return
        passive = _is_passive(tok)
        source_tok: Token | None = None
        conduit: Span | None = None
        content: list[Span] = []
        media_source = False
        cue_lemma = entry.lemma
        if entry.stance == "claim_responsibility" and entry.pos == "PHRASE":
            # "claimed responsibility (for X)": the cue is the verb, the claim its object.
            obj = cue_toks[1]
            cue_toks = [tok]
            content = [s for s in [self.span(list(obj.subtree), tok)] if s]
        if entry.complement == "figure":
            # "X put the death toll at 40", "X raised the number of dead to 137": the cue is the
            # verb, the content the count with the verb's at/to/as phrase (figures that sources
            # disagree on are what the claim graph compares)
            obj = cue_toks[1]
            cue_toks = [tok]
            toks = list(obj.subtree) + [t for c in tok.children if c.dep_ == "prep" and c.i > obj.i
                                        and c.lower_ in ("at", "to", "as") for t in c.subtree]
            content = [s for s in [self.span(toks, tok, contiguous=True, keep=obj)] if s]
            if not content:
                return
        if entry.complement == "to-party":
            # "continues to link it to Ukraine": the object and its "to" phrase, when whoever
            # links them can speak ("the bridge links the towns" is no statement)
            # and the "to" phrase names a party ("to Ukraine", "to Russian hackers"; not "tied
            # the boat to the pier")
            # (the parser hangs the "to" phrase on the verb or on its object)
            obj = _child(tok, "dobj")
            to = next((c for c in [*tok.children, *(obj.children if obj is not None else ())]
                       if c.dep_ == "prep" and c.lower_ == "to" and obj is not None and c.i > obj.i
                       and _child(c, "pobj") is not None), None)
            subj = self.subject(tok)
            if to is None or subj is None or not _can_speak(subj) \
                    or not any(t.ent_type_ in _SPEAKING_ENTITIES for t in to.subtree):
                return
            content = [s for s in [self.span(sorted({*obj.subtree, *to.subtree}, key=lambda t: t.i), tok,
                                             contiguous=True, keep=obj)] if s]
            if not content:
                return
        quoted_as = self.quoted_as_saying(tok) if tok.lemma_.lower() in ("quote", "cite") else None
        if quoted_as is not None:
            # "Y was quoted as saying Z" / "X quoted Y as saying Z": Y speaks, X is a conduit.
            as_tok, saying = quoted_as
            cue_toks = [tok, as_tok, saying]
            source_tok = _child(tok, "nsubjpass") or _child(tok, "dobj")
            if not passive and _child(tok, "dobj") is not None:
                subj = _child(tok, "nsubj")
                if subj is not None:
                    conduit = self.np_span(subj, tok)
            content = self.verb_content(saying, entry, False, cue_toks) or \
                self.rest_of_clause(saying, cue_toks)
            passive = False
        if not content:
            content = self.verb_content(tok, entry, passive, cue_toks)
        if not content:
            return
        if quoted_as is None:
            if passive:
                agent = _child(tok, "agent")
                source_tok = _child(agent, "pobj") if agent is not None else None
            else:
                source_tok = self.subject(tok)
                if source_tok is None:
                    return
        cue = self.cue_span(tok, cue_toks)
        if self.duplicate(cue, conduit or self.conduit_of(tok, None)):
            return
        source = self.np_span(source_tok, tok) if source_tok is not None else None
        if source_tok is not None and source is None:
            return
        if conduit is None:
            conduit = self.conduit_of(tok, source_tok)
        cited = self.citing(tok, source_tok)
        if cited is not None:  # "Tass reported, citing a source, that …"
            conduit, source = source, cited
        if source_tok is not None:
            media_source = self.media_like(source_tok) or tok.lemma_.lower() in self.lex.report_verbs
        content = [c for c in content if not _overlaps(c, cue) and not (source and _inside(c, source))]
        if conduit is not None:  # a channel the parser hung inside the content is not content
            content = [s for s in (doc_state.without_conduit(self.text, c, conduit) for c in content) if s]
        if not content:
            return
        self.used.update(t.i for t in cue_toks)
        self.add(DraftAttribution(
            type=self.type_of(content, entry), cue=cue, source=source, content=content,
            conduit=conduit, origin=origin, cue_lemma=cue_lemma), media_source)

    def verb_content(self, tok: Token, entry: CueEntry, passive: bool, cue_toks: list[Token]) -> list[Span]:
        """The verb's clausal complement, or for "any" cues its object phrase(s)."""
        clauses = [c for c in tok.children if c.dep_ == "ccomp" and self.is_clause(c, entry)]
        if entry.kind == "intention" or entry.complement == "any":
            clauses += [c for c in tok.children if c.dep_ == "xcomp" and c.i > tok.i]
            for c in tok.children:  # "called for Trump to drop out": "for" belongs to the cue
                mark = _child(c, "mark")
                if c.dep_ == "advcl" and mark is not None and mark.lower_ == "for" and mark.i == tok.i + 1:
                    clauses.append(c)
                    cue_toks.append(mark)
        if not clauses and self.trailing_cue(tok, entry):
            # "Russia is behind it, officials said" parsed with the clause as head.
            keep = [t for t in tok.head.subtree if t.i < tok.i and t not in tok.subtree]
            return [s for s in [self.span(keep, tok)] if s]
        if not clauses and self.as_clause_cue(tok, entry):
            # "As reported by Reuters, the strike killed 12", "..., as the ministry said": what
            # was said is the clause the "as" clause hangs on
            own = [t.i for t in tok.subtree]
            if tok.i < tok.head.i:  # the clause after the "as" clause, else the one before it
                keep = [t for t in tok.head.subtree if t.i > max(own)]
            else:
                keep = [t for t in tok.head.subtree if t.i < min(own)]
            return [s for s in [self.span(keep, tok)] if s]
        if clauses:
            spans = []
            for c in clauses:
                drop = self.moved_conj_tokens(c) | self.aside_tokens(c) | {t.i for t in cue_toks}
                toks = [t for t in c.subtree if t.i not in drop]
                obj = _child(tok, "dobj")
                if c.dep_ == "xcomp" and obj is not None and tok.i < obj.i < c.i:
                    toks = list(obj.subtree) + toks  # "asked X to search …": X is part of it
                toks = self.drop_narrator_conj(c, toks)
                s = self.span(toks, tok)
                if s:
                    spans.append(s)
            if passive and entry.kind == "intention":  # "X is expected to win"
                subj = _child(tok, "nsubjpass")
                if subj is not None and subj.lower_ not in _EXPLETIVE:
                    s = self.np_span(subj, tok)
                    spans = ([s] if s else []) + spans
            return sorted(spans)
        if entry.stance == "warn" and not passive:
            # "had warned Moscow about an imminent attack", "warned of a crisis": what the warning
            # is about is the content; the object is the one warned, not what was said
            about = next((c for c in tok.children if c.dep_ == "prep" and c.i > tok.i
                          and c.lower_ in _WARNING_PREPS and _child(c, "pobj") is not None
                          and c not in cue_toks), None)  # ("warned of": the phrase cue's own "of")
            if about is not None:
                return [s for s in [self.span(list(about.subtree), tok, contiguous=True, keep=about)] if s]
        if entry.complement != "any":
            return []
        spans: list[Span] = []
        if passive:  # "Ukraine's participation was rejected by the G-7"
            subj = _child(tok, "nsubjpass")
            if subj is None or subj.lower_ in _EXPLETIVE:
                return []
            s = self.np_span(subj, tok)
            if s is None:
                return []
            spans.append(s)
        cue_ids = {t.i for t in cue_toks}
        kids = [c for c in tok.children if c.i > tok.i and c.i not in cue_ids]
        preps = _CONTENT_PREPS - _ADDRESSEE_PREPS if tok.lemma_.lower() in _SPEAKING else _CONTENT_PREPS
        firsts = [c for c in kids if c.dep_ in ("dobj", "oprd", "attr", "acomp", "pcomp", "dative")
                  or (c.dep_ == "prep" and c.lower_ in preps and not self.is_conduit_prep(c))]
        firsts = [c for c in firsts if not (c.dep_ == "dative" and tok.lemma_.lower() == "tell")]
        if passive:
            firsts = [c for c in firsts if c.dep_ == "prep"]
        if not firsts:
            return spans
        # from the first object to the end of the object phrase, taking along the verb's other
        # prepositional phrases up to a clause boundary ("praised X's leadership in the aftermath
        # of Sandy and his ability …")
        parts = list(firsts[0].subtree)
        for c in kids:
            if c.i <= firsts[0].i:
                continue
            if c.dep_ in ("cc", "conj", "advcl", "parataxis", "npadvmod", "agent", "advmod",
                          "ccomp", "xcomp") or self.is_conduit_prep(c) or c.text in _CLAUSE_PUNCT:
                break
            if c.dep_ == "punct":
                if c.text in _OPEN_QUOTES + _CLOSE_QUOTES + _STRAIGHT:
                    parts.append(c)  # keeps "calling him “a disgrace”" in one piece
                continue
            parts.extend(c.subtree)
        parts = [t for t in parts if t.i not in cue_ids]
        s = self.span(parts, tok, contiguous=True, keep=firsts[0])
        if s:
            spans.append(s)
        return spans

    def trailing_cue(self, tok: Token, entry: CueEntry) -> bool:
        """A speech or belief verb after its clause, hung on it by the parser ("…, he said")."""
        if tok.dep_ not in ("parataxis", "conj", "advcl") or tok.head.i > tok.i:
            return False
        if entry.kind not in ("speech", "belief") or entry.complement != "clause":
            return False
        if any(c.dep_ in ("dobj", "ccomp", "xcomp", "prep", "attr") and c.i > tok.i for c in tok.children):
            return False
        if _child(tok, "nsubj") is None:
            return False
        # a comma (or dash) just before the cue clause
        first = min(t.i for t in tok.subtree)
        return first > 0 and self.doc[first - 1].text in (",", "—", "--")

    def as_clause_cue(self, tok: Token, entry: CueEntry) -> bool:
        """A speech or belief verb in an "as" clause on another clause: "As reported by
        Reuters, ...", "As the Times first reported, ...", "..., as the ministry noted"."""
        if tok.dep_ != "advcl" or entry.kind not in ("speech", "belief") or tok.head.pos_ not in ("VERB", "AUX"):
            return False
        mark = _child(tok, "mark")
        if mark is None or mark.lower_ != "as" or mark.i > tok.i:
            return False
        # nothing of its own that could be what was said ("as he said he would"), and someone
        # who said it ("As expected, ..." is no one's statement)
        if any(c.dep_ in ("dobj", "ccomp", "xcomp", "attr") for c in tok.children):
            return False
        agent = _child(tok, "agent")
        return _child(tok, "nsubj") is not None or (agent is not None and _child(agent, "pobj") is not None)

    def aside_tokens(self, clause: Token) -> set[int]:
        """Tokens of a clause that are not part of what was said: a trailing "— aside" after a
        dash, and a conduit phrase ("in an interview with CNN") hung on the clause."""
        out: set[int] = set()
        kids = list(clause.children)
        for c in kids:
            if c.text in ("—", "--") and c.i > clause.i:
                if not any(k.text in ("—", "--") and k.i > c.i for k in kids):
                    out.update(t.i for k in kids if k.i >= c.i for t in k.subtree)
                break
        for c in kids:
            if self.conduit_kind(c) is not None or (c.lemma_.lower() == "cite" and c.tag_ == "VBG"
                                                    and c.i < clause.i):
                out.update(t.i for t in c.subtree)
        return out

    def rest_of_clause(self, tok: Token, cue_toks: list[Token]) -> list[Span]:
        """Tokens right of `tok` in its own clause ("quoted as saying: …" with a flat parse)."""
        toks = [t for t in tok.subtree if t.i > tok.i]
        s = self.span(toks, tok)
        return [s] if s else []

    def is_clause(self, c: Token, entry: CueEntry) -> bool:
        """A real clause, not a small clause ("found it difficult"): unless the cue takes any
        complement, its head must be a verb or have a complementizer."""
        if entry.kind == "perception":  # "saw that …", not "will see liberals on the court"
            return any(m.dep_ == "mark" for m in c.children)
        if entry.complement == "any" or c.pos_ in ("VERB", "AUX"):
            return True
        return any(m.dep_ == "mark" for m in c.children)

    def quoted_as_saying(self, tok: Token) -> tuple[Token, Token] | None:
        for c in tok.children:
            if c.lower_ == "as":
                for g in c.children:
                    if g.lemma_.lower() in self.r.verbs and g.tag_ == "VBG":
                        return c, g
            if c.dep_ in ("advcl", "xcomp") and c.tag_ == "VBG" and c.lemma_.lower() == "say":
                as_tok = next((m for m in c.children if m.lower_ == "as"), None)
                if as_tok is not None:
                    return as_tok, c
        return None

    def cue_span(self, tok: Token, cue_toks: list[Token]) -> Span:
        """The cue tokens as PolNeAR marks them: the verb group (auxiliaries, negation and
        adverbs right before the verb: "has repeatedly stated", "did not mention"), an adjacent
        particle, a following "in a statement" and a colon that introduces the content."""
        toks = list(cue_toks)
        i = tok.i - 1
        group = {c.i for c in tok.children if c.dep_ in ("aux", "auxpass", "neg", "advmod")}
        while (i >= 0 and i in group and self.doc[i].pos_ != "PUNCT" and self.doc[i].lower_ != "to"
               and self.doc[i].tag_ not in ("WRB", "WDT", "WP") and self.doc[i].lower_ not in _CLAUSE_ADVERBS):
            toks.append(self.doc[i])
            i -= 1
        nxt = tok.i + 1
        if nxt < len(self.doc) and self.doc[nxt].text == ":":
            toks.append(self.doc[nxt])
        for c in tok.children:
            if c.dep_ == "prt" and c.i == tok.i + 1:
                toks.append(c)
            elif c.dep_ == "prep" and c.lower_ == "in" and c.i == tok.i + 1:
                obj = _child(c, "pobj")
                if (obj is not None and obj.lemma_.lower() in self.lex.statement_nouns
                        and not any(g.dep_ == "prep" for g in obj.children)):
                    toks.extend(t for t in c.subtree)
        toks.sort(key=lambda t: t.i)
        self.used.update(t.i for t in toks)
        # a cue is contiguous in practice; when it is not ("quoted … as saying"), keep its ends
        return (toks[0].idx, toks[-1].idx + len(toks[-1]))

    # -- speakers --------------------------------------------------------------------------------
    def subject(self, tok: Token) -> Token | None:
        """The speaker of a cue verb, through xcomp/conj/participle chains."""
        t = tok
        for _ in range(6):
            subj = next((c for c in t.children if c.dep_ in _SUBJECTS), None)
            if subj is not None and self.line(subj.idx) != self.line(tok.idx):
                # a headline the parser ran into the next sentence: its subject is not this
                # verb's; the noun phrase before the verb on its own line is
                return self.left_np(tok) if tok.tag_ in ("VBD", "VBZ", "VBP") else None
            if subj is not None:
                if subj.lower_ in _RELATIVE and t.dep_ == "relcl":
                    return t.head
                if subj.lower_ in _EXPLETIVE and (subj.lower_ == "there" or t.lemma_ == "be"):
                    return None  # "it is now safe to say that …": nobody in particular
                return subj
            if t.dep_ == "relcl":
                return t.head
            if t.dep_ == "conj":
                moved = self.moved_conj_head(t)
                t = moved if moved is not None else t.head
                continue
            if (t.dep_ == "xcomp" and t.head.pos_ == "VERB") or (t.dep_ == "advcl" and t.tag_ == "VBG"):
                t = t.head
                continue
            if (t.dep_ == "pcomp" and t.tag_ == "VBG" and t.head.dep_ == "prep" and t.head.lower_ in _MANNER_PREPS
                    and t.head.head.pos_ in ("VERB", "AUX")):
                t = t.head.head  # "erred in saying that …", "responded by calling him …"
                continue
            if t.dep_ == "acl" and t.tag_ == "VBG" and t.head.pos_ in _NOMINAL:
                return t.head  # "the Russian side accusing its neighbor"
            break
        if t.tag_ in ("VBD", "VBZ", "VBP") and t.dep_ not in ("xcomp", "advcl", "acl", "relcl"):
            return self.left_np(t)
        if t.dep_ == "advcl" and t.tag_ in ("VBD", "VBZ", "VBP"):
            return self.left_np(t)  # a clause the parser hung on another ("\n\nRussia admitted")
        return None

    def left_np(self, tok: Token) -> Token | None:
        """The noun phrase just left of a finite verb the parse left without a subject."""
        line = self.line(tok.idx)
        i = tok.i - 1
        while i >= 0:
            t = self.doc[i]
            if self.line(t.idx) != line:
                return None
            if t.pos_ in ("ADV", "AUX", "PART") or t.text == ",":
                i -= 1
                continue
            break
        if i < 0:
            return None
        head = self.doc[i]
        if head.pos_ not in _NOMINAL:
            return None
        while (head.dep_ in ("compound", "appos", "flat") and head.head.i < tok.i
               and self.line(head.head.idx) == line):
            if head.dep_ == "appos" and head.head.dep_ == "pobj":
                break  # "In an interview with [journalist] X, the FSB director, Y, said": the
                #        parser hung the subject on the interviewer as an apposition
            head = head.head
        return head

    def np_span(self, head: Token, cue: Token) -> Span | None:
        """The full noun phrase of `head` (appositions, titles, relative clauses included) on
        its line, without the clause that holds the cue ("Chris Christie, who said …" gives
        "Chris Christie"), with an apposition's closing comma as PolNeAR marks it
        ("The group's director, Betty Bradley, said")."""
        drop: set[int] = set()
        if cue in head.subtree and cue.i != head.i:
            branch = next((c for c in head.children if cue in c.subtree), None)
            if branch is not None:
                drop = {t.i for t in branch.subtree}
        for c in head.children:
            if self.conduit_kind(c) is not None:
                drop.update(t.i for t in c.subtree)
        toks = [t for t in head.subtree if t.i not in drop]
        span = self.span(toks, head, contiguous=True, keep=head)
        if span and "," in self.text[span[0]:span[1]] and self.text[span[1]:span[1] + 1] == ",":
            span = (span[0], span[1] + 1)
        return span

    # -- content helpers -----------------------------------------------------------------------
    def moved_conj_head(self, t: Token) -> Token | None:
        """For a conjunct verb the parser attached inside a reported clause ("said that Russia
        knows …, and recalled that …"): the cue verb it really coordinates with, judged by tense
        (knows/recalled differ; said/recalled agree)."""
        h = t.head
        if t.dep_ != "conj" or h.dep_ != "ccomp" or h.head.lemma_.lower() not in self.r.verbs:
            return None
        if any(c.dep_ in _SUBJECTS for c in t.children):
            return None
        if t.tag_ != h.tag_ and t.tag_ == h.head.tag_ and t.tag_ in ("VBD", "VBZ", "VBP"):
            return h.head  # tense: "said that Russia knows …, and recalled that …"
        # "acknowledged that the budget was late but continued to insist that …": a speech verb
        # (or one that governs a speech verb) coordinated with a clause that is not speech
        speech = lambda x: (self.r.verbs.get(x.lemma_.lower()) or _NOT_A_CUE).kind == "speech"  # noqa: E731
        if (speech(t) or any(c.dep_ == "xcomp" and speech(c) for c in t.children)) and not speech(h) \
                and t.tag_ == h.head.tag_:
            return h.head
        return None

    def moved_conj_tokens(self, clause: Token) -> set[int]:
        out: set[int] = set()
        for c in clause.children:
            if c.dep_ == "conj" and self.moved_conj_head(c) is not None:
                out.update(t.i for t in c.subtree)
                out.update(t.i for t in clause.children if t.dep_ == "cc" and t.i < c.i)
        return out

    def drop_narrator_conj(self, clause: Token, toks: list[Token]) -> list[Token]:
        """Cut "…, but he also did not specify where": a coordinated clause with its own
        personal-pronoun subject is the narrator's comment, not part of what was said."""
        for c in clause.children:
            if c.dep_ != "conj" or c.i < clause.i:
                continue
            subj = _child(c, "nsubj")
            cc = [t for t in clause.children if t.dep_ == "cc" and t.i < c.i]
            if subj is not None and subj.lower_ in _PERSONAL and cc and cc[-1].lower_ in ("but", "yet", "while"):
                cut = min([cc[-1].i] + [t.i for t in c.subtree])
                toks = [t for t in toks if t.i < cut]
        return toks

    def span(self, toks: list[Token], anchor: Token, *, contiguous: bool = False,
             keep: Token | None = None) -> Span | None:
        """Char span of `toks` on `anchor`'s line, edge punctuation trimmed, quotes balanced."""
        if not toks:
            return None
        line = self.line(anchor.idx)
        toks = sorted((t for t in toks if self.line(t.idx) == line and not t.is_space), key=lambda t: t.i)
        if not toks:
            return None
        if contiguous:  # the run of consecutive tokens around `keep` (or the first token)
            ids = [t.i for t in toks]
            pivot = keep.i if keep is not None and keep.i in ids else ids[0]
            k = ids.index(pivot)
            lo = hi = k
            while lo > 0 and ids[lo - 1] == ids[lo] - 1:
                lo -= 1
            while hi < len(ids) - 1 and ids[hi + 1] == ids[hi] + 1:
                hi += 1
            toks = toks[lo:hi + 1]
        while toks and _edge_punct(toks[0], leading=True):
            toks = toks[1:]
        while toks and (_edge_punct(toks[-1], leading=False) or toks[-1].pos_ == "CCONJ"):
            toks = toks[:-1]
        if not toks:
            return None
        start, end = toks[0].idx, toks[-1].idx + len(toks[-1])
        return self.balance(start, end)

    def balance(self, start: int, end: int) -> Span:
        """Extend a span that opens a quotation to its closing mark (with the punctuation inside
        it: “directly involved.”), or drop a dangling opening mark at its start."""
        text = self.text
        piece = text[start:end]
        opens = sum(piece.count(c) for c in "“«")
        closes = sum(piece.count(c) for c in "”»")
        if opens > closes:
            limit = min(len(text), end + 400)
            nl = text.find("\n", end)
            if nl != -1:
                limit = min(limit, nl)
            j = end
            while j < limit and text[j] not in "”»":
                if text[j] in ".!?" and j + 1 < limit and text[j + 1] == " " and text[j + 2:j + 3].isupper():
                    break  # a new sentence began before any closing mark: leave the span
                j += 1
            if j < limit and text[j] in "”»":
                return (start, j + 1)
            if piece[0] in _OPEN_QUOTES:
                return (start + 1, end)
        else:
            for mark in ('"', "''"):
                if piece.replace("``", "''").count(mark) % 2 == 1:
                    j = text.find(mark, end, min(len(text), end + 400))
                    nl = text.find("\n", end)
                    if j != -1 and (nl == -1 or j < nl):
                        return (start, j + len(mark))
                    break
        return (start, end)

    # -- conduits --------------------------------------------------------------------------------
    def media_like(self, head: Token) -> bool:
        """An outlet or journalist: a media noun, a known outlet name, or a news-agency ORG."""
        words = [t for t in head.subtree if self.line(t.idx) == self.line(head.idx)]
        if head.lemma_.lower() in self.lex.media_nouns:
            return True
        if any(t.lemma_.lower() in self.lex.media_nouns for t in words
               if t.head.i == head.i and t.dep_ in ("compound", "appos", "nmod")):
            return True  # "the state television journalist Pavel Zarubin", "Lee, a reporter"
        if head.ent_type_ in ("ORG", "PERSON", "WORK_OF_ART", "") and self.lex.is_media_name(
                " ".join(t.text for t in words if t.dep_ in ("compound", "det") or t.i == head.i)):
            return True
        return self.lex.is_media_name(head.text)

    def is_conduit_prep(self, prep: Token) -> bool:
        obj = _child(prep, "pobj")
        if obj is None:
            return False
        if prep.lower_ in ("in", "during") and obj.lemma_.lower() in self.lex.interview_nouns:
            return True
        return False

    def conduit_kind(self, c: Token) -> str | None:
        """Whether dependent `c` opens a conduit phrase, and which kind."""
        lemma = c.lemma_.lower()
        # "quoted by the Tass agency", "cited by Reuters"
        if (lemma in self.lex.conduit_verbs and c.tag_ == "VBN" and c.dep_ in ("advcl", "acl", "conj", "parataxis")
                and _child(c, "agent") is not None and _child(c, "mark") is None):
            return "participle"
        # "in an interview with CNN", "in remarks to the BBC"
        if c.dep_ == "prep" and c.lower_ in ("in", "during"):
            obj = _child(c, "pobj")
            if obj is not None and obj.lemma_.lower() in self.lex.interview_nouns:
                for p in obj.children:
                    x = _child(p, "pobj") if p.dep_ == "prep" and p.lower_ in ("with", "to", "on", "for") else None
                    if x is not None and self.media_like_or_org(x):
                        return "interview"
        # "claimed responsibility through its Amaq news agency", "said via its Telegram channel"
        if c.dep_ == "prep" and c.lower_ in ("through", "via"):
            obj = _child(c, "pobj")
            if obj is not None and self.media_like(obj):
                return "channel"
        # "speaking to CNN", "writing in the Times"
        if c.dep_ in ("advcl", "xcomp", "acl") and c.tag_ == "VBG" and lemma in _SPEAKING:
            for p in c.children:
                x = _child(p, "pobj") if p.dep_ == "prep" else None
                if x is not None and self.media_like_or_org(x):
                    return "speaking"
        return None

    def conduit_of(self, tok: Token, source_tok: Token | None) -> Span | None:
        """A conduit phrase hung on the cue verb, on its clausal complement (the parser often
        attaches a trailing "quoted by X" there) or on the source ("X, speaking to the BBC,")."""
        line = self.line(tok.idx)
        heads = [tok] + [c for c in tok.children if c.dep_ == "ccomp"]
        if source_tok is not None:
            heads.append(source_tok)
        speaker = set() if source_tok is None else {t.i for t in source_tok.subtree}
        if source_tok is not None and source_tok.dep_ == "appos":
            # "with X, the harbour chief, Tom Berg, said": the parser made both the title and
            # the name appositions of X; the title belongs to the speaker too
            for sib in source_tok.head.children:
                if sib.dep_ == "appos" and sib.i < source_tok.i:
                    speaker.update(t.i for t in sib.subtree)
        for h in heads:
            for c in h.children:
                if self.line(c.idx) == line and self.conduit_kind(c) is not None:
                    # a conduit hung on the source ("X, speaking to the BBC,") is whole; one
                    # whose phrase swallowed the source leaves it out
                    return self.phrase(c, without=set() if c.i in speaker else speaker)
        # "claimed responsibility within hours of the attack through its Amaq news agency": the
        # parser hangs the channel on the nearest noun; look through the cue's own clause
        for t in _clause_descendants(tok):
            if (t.dep_ == "prep" and t.lower_ in ("through", "via") and self.line(t.idx) == line
                    and t.i not in speaker and self.conduit_kind(t) == "channel"):
                return self.phrase(t)
        # "told Reuters"
        if tok.lemma_.lower() == "tell":
            for c in tok.children:
                if c.dep_ in ("dative", "dobj") and c.i > tok.i and self.media_like_or_org(c):
                    end = self.span(list(c.subtree), c, contiguous=True, keep=c)
                    if end:
                        return (tok.idx, end[1])
        return None

    def media_like_or_org(self, head: Token) -> bool:
        return self.media_like(head) or (head.ent_type_ == "ORG" and head.pos_ == "PROPN")

    def citing(self, tok: Token, source_tok: Token | None) -> Span | None:
        """"X reported, citing Y, that …": Y's span (X becomes the conduit) when X is an outlet."""
        if source_tok is None or not self.media_like_or_org(source_tok):
            return None
        heads = [tok] + [c for c in tok.children if c.dep_ == "ccomp"]
        for c in (k for h in heads for k in h.children):
            if c.lemma_.lower() == "cite" and c.tag_ == "VBG":
                obj = _child(c, "dobj")
                if obj is not None:
                    self.used.add(c.i)
                    return self.np_span(obj, c)
        return None

    def phrase(self, head: Token, without: set[int] = frozenset()) -> Span | None:
        toks = [t for t in head.subtree if t.i not in without]
        s = self.span(toks, head, contiguous=True, keep=head)
        if s:
            self.used.update(t.i for t in toks)
        return s

    # -- "according to X" ------------------------------------------------------------------------
    def according_to(self, tok: Token) -> None:
        to = self.doc[tok.i + 1]
        obj = _child(to, "pobj") or _child(tok, "pobj")
        if obj is None or obj.tag_ in ("WDT", "WP"):  # "the report, according to which …"
            return
        cue = (tok.idx, to.idx + len(to))
        self.used.update((tok.i, to.i))
        if self.duplicate(cue, None):
            return
        source = self.np_span(obj, tok)
        if source is None:
            return
        head = tok.head
        if head.pos_ in ("VERB", "AUX") and not any(c.dep_ in ("nsubj", "nsubjpass", "expl", "csubj")
                                                    for c in head.children):
            # "According to a study by X, the Great Recession is …": the parser took the clause's
            # subject for an apposition of the source; give it back to the clause
            stolen = [t for t in obj.subtree if t.dep_ == "appos" and t.i < head.i
                      and max(x.i for x in t.subtree) == head.i - 1]
            if stolen:
                cut = min(x.i for x in stolen[-1].subtree)
                toks = [t for t in obj.subtree if t.i < cut]
                source = self.span(toks, obj, contiguous=True, keep=obj)
                if source is None:
                    return
        # the phrase runs from "According" to the end of the source's noun phrase
        last = max(t.i for t in self.doc.char_span(*source, alignment_mode="expand"))
        phrase = set(range(tok.i, last + 1))
        sent = tok.sent
        words = [t for t in self.whole_sentence(sent) if not (t.is_punct or t.is_space)]
        at_edge = bool(words) and (words[0].i == tok.i or words[-1].i <= last)
        if at_edge or head.i == sent.root.i or head.pos_ not in ("VERB", "AUX"):
            region = self.whole_sentence(sent)
        else:  # "… said that, according to polls, X leads": the clause it modifies
            region = list(head.subtree)
        rest = [t for t in region if t.i not in phrase]
        before = _without_connective([t for t in rest if t.i < tok.i])
        if all(t.tag_ in ("WDT", "WP", "WRB", "IN") or t.is_punct for t in before):
            before = []  # "…, in which, according to officials, 133 were killed": no content
        after = _without_connective([t for t in rest if t.i > last])
        content = [s for s in (self.span(before, tok), self.span(after, tok)) if s]
        if not content or any(_overlaps(c, d.cue) for c in content for _, d in self.existing_cues):
            return  # the sentence is someone's quoted statement: "“…,” he said, “according to them.”"
        conduit = next((self.phrase(c) for c in obj.children if self.conduit_kind(c) is not None), None)
        self.add(DraftAttribution(
            type="according_to",
            cue=cue, source=source, content=content, conduit=conduit, origin="rule:according_to",
            cue_lemma="according to"), self.media_like(obj))

    def whole_sentence(self, sent) -> list[Token]:
        """The sentence's tokens, joined with the next ones on its line while the parser's split
        falls after no sentence-final mark ("…, the Russian special services “reacted …”")."""
        toks = list(sent)
        doc = self.doc
        while True:
            last = next((t for t in reversed(toks) if not t.is_space), None)
            end = toks[-1].i + 1
            if last is None or end >= len(doc) or last.text[-1] in ".!?”\"'»…;:" or \
                    self.line(doc[end].idx) != self.line(last.idx):
                return toks
            toks.extend(doc[end].sent)

    # -- noun cues -------------------------------------------------------------------------------
    def noun(self, tok: Token, entry: CueEntry) -> None:
        """"X's claim that …", "statements by X that …", "accusations by X against Y"."""
        content_toks: list[Token] = []
        for c in tok.children:
            if c.dep_ in ("acl", "ccomp", "appos") and any(m.dep_ == "mark" and m.lower_ in ("that", "whether")
                                                          for m in c.children):
                content_toks = list(c.subtree)
                break
            if entry.complement == "against" and c.dep_ == "prep" and c.lower_ in _NOUN_CONTENT_PREPS:
                obj = _child(c, "pobj")
                if obj is not None:
                    content_toks = _without_bare_conj(obj)
                    break
        if not content_toks:
            return
        source_tok = None
        for c in tok.children:
            if c.dep_ == "poss":
                source_tok = c
            elif c.dep_ == "prep" and c.lower_ in ("by", "from"):
                source_tok = _child(c, "pobj")
            elif c.dep_ == "compound" and c.ent_type_ in _SPEAKING_ENTITIES:
                source_tok = c
            if source_tok is not None:
                break
        if source_tok is None:
            return
        cue = (tok.idx, tok.idx + len(tok))
        if self.duplicate(cue, None):
            return
        if source_tok.dep_ == "poss":
            source = self.span([t for t in source_tok.subtree if t.dep_ != "case"], source_tok,
                               contiguous=True, keep=source_tok)
        else:
            source = self.np_span(source_tok, tok)
        content = [s for s in [self.span(content_toks, tok)] if s]
        if not content or source is None:
            return
        self.used.add(tok.i)
        self.add(DraftAttribution(
            type=self.type_of(content, entry), cue=cue, source=source, content=content,
            conduit=self.conduit_of(tok, source_tok), origin="rule:noun", cue_lemma=entry.lemma),
            self.media_like(source_tok))

    # -- bookkeeping -----------------------------------------------------------------------------
    def duplicate(self, cue: Span, conduit: Span | None) -> bool:
        """Whether an earlier component already made a draft with this cue (then complete it)."""
        for (s, e), draft in self.existing_cues:
            if s < cue[1] and cue[0] < e:
                if draft.conduit is None and conduit is not None:
                    draft.conduit = conduit
                return True
        return False

    def add(self, draft: DraftAttribution, media_source: bool) -> None:
        for m in self.made:  # the same cue found twice (a phrase and its head verb)
            if m.draft.cue == draft.cue:
                return
        self.made.append(_Made(draft, media_source))

    def type_of(self, content: list[Span], entry: CueEntry | None) -> str:
        if len(content) == 1:  # the whole of one quotation (when no quotes component ran)
            c = content[0]
            for q in self.quotes:
                inner = self.text[q[0] + 1:q[1] - 1].strip(" ,.!?;:")
                if q[0] <= c[0] and c[1] <= q[1] and len(self.text[c[0]:c[1]].strip(" ,.!?;:")) >= 0.9 * len(inner):
                    return "direct"
        if self.quoted(content):
            return "mixed"
        if entry is not None and entry.kind in ("intention", "stance"):
            return "other"
        return "indirect"

    def quoted(self, content: list[Span]) -> bool:
        """Whether a quotation (marks included) sits inside the content, give or take a mark."""
        return any(c[0] - 1 <= q[0] and q[0] < c[1] and not (q[0] < c[0] - 1)
                   for c in content for q in self.quotes)

    def link(self) -> None:
        """Nesting: a draft whose cue is inside another's content gets it as `parent`; under a
        reporting parent ("Reuters reported that Y said …") the parent's source is its conduit."""
        media = {id(m.draft): m.media_source for m in self.made}
        everyone = self.existing + [m.draft for m in self.made]
        for m in self.made:
            d = m.draft
            if d.cue is None:
                continue
            best, best_len = None, None
            for other in everyone:
                if other is d:
                    continue
                for c in other.content:
                    if c[0] <= d.cue[0] and d.cue[1] <= c[1] and (best_len is None or c[1] - c[0] < best_len):
                        best, best_len = other, c[1] - c[0]
            if best is None:
                continue
            if d.parent is None:
                d.parent = best
            if d.conduit is None and best.source is not None and (
                    media.get(id(best)) or (best.cue_lemma or "") in self.lex.report_verbs):
                d.conduit = best.source
        # for the quote-context drafts the quotes component left for us: fill their content
        for draft in self.existing:
            if draft.origin == "rule:quote-context" and not draft.content:
                for m in self.made:
                    if m.draft.cue == draft.cue:
                        draft.content = list(m.draft.content)

    def in_quote(self, pos: int) -> bool:
        k = bisect.bisect_right(self.quoted_text, (pos, len(self.text) + 1)) - 1
        return k >= 0 and self.quoted_text[k][0] <= pos < self.quoted_text[k][1]

    def line(self, pos: int) -> int:
        return bisect.bisect_left(self.newlines, pos)


# -- small helpers ----------------------------------------------------------------------------

_CLAUSE_EDGES = frozenset(("ccomp", "xcomp", "relcl", "advcl", "conj", "parataxis", "acl", "csubj"))


def _clause_descendants(tok: Token) -> list[Token]:
    """The tokens under `tok` that belong to its own clause (embedded clauses left out)."""
    out, todo = [], [c for c in tok.children if c.dep_ not in _CLAUSE_EDGES]
    while todo:
        t = todo.pop()
        out.append(t)
        todo.extend(c for c in t.children if c.dep_ not in _CLAUSE_EDGES)
    return out


_SPEAKING_ENTITIES = frozenset(("PERSON", "ORG", "GPE", "NORP"))
_SPEAKING_PRONOUNS = frozenset(("i", "we", "he", "she", "they"))


def _can_speak(tok: Token) -> bool:
    """Whether a subject may be a speaker: a person, organisation, state or people, a personal
    pronoun, or a role ("the head of the FSB")."""
    return tok.ent_type_ in _SPEAKING_ENTITIES or tok.lower_ in _SPEAKING_PRONOUNS or is_role_token(tok)


def _child(tok: Token | None, dep: str) -> Token | None:
    if tok is None:
        return None
    return next((c for c in tok.children if c.dep_ == dep), None)


def _without_bare_conj(head: Token) -> list[Token]:
    """`head`'s subtree less conjuncts joined by a comma alone ("against Kyiv, Biden's
    advisor, …" is a misparse; "against Kyiv and Minsk" keeps both)."""
    drop: set[int] = set()
    for c in head.children:
        if c.dep_ == "conj" and not any(x.dep_ == "cc" and x.i < c.i for x in head.children):
            drop.update(t.i for t in c.subtree)
    return [t for t in head.subtree if t.i not in drop]


def _without_connective(toks: list[Token]) -> list[Token]:
    """Drop a leading "And", "But" or "Meanwhile," (PolNeAR leaves them out of the content)."""
    toks = [t for t in toks if not t.is_space]
    while toks and (toks[0].pos_ == "CCONJ" or toks[0].is_punct and toks[0].text not in _OPEN_QUOTES + _STRAIGHT
                    or (toks[0].lower_ in _CLAUSE_ADVERBS and len(toks) > 1 and toks[1].text == ",")):
        toks = toks[1:]
    return toks


def _is_passive(tok: Token) -> bool:
    if any(c.dep_ in ("nsubjpass", "auxpass") for c in tok.children):
        return True
    if tok.tag_ == "VBN" and tok.dep_ in ("advcl", "acl") and not any(c.dep_ in ("aux", "nsubj") for c in tok.children):
        return True  # "When asked whether …", "a letter signed by X"
    return _participle_adj(tok)


def _participle_adj(tok: Token) -> bool:
    """"it was determined that …": a past participle the tagger took for an adjective."""
    return tok.pos_ == "ADJ" and tok.dep_ == "acomp" and tok.lower_.endswith("ed") and tok.head.lemma_ == "be"


def _verb_lemma(tok: Token, verbs: dict) -> str:
    lemma = tok.lemma_.lower()
    if lemma in verbs or not _participle_adj(tok):
        return lemma
    word = tok.lower_
    for cand in (word[:-1], word[:-2], word[:-3]):  # determined -> determine, warned -> warn
        if cand in verbs:
            return cand
    return lemma


def _edge_punct(t: Token, *, leading: bool) -> bool:
    if t.is_space:
        return True
    if not t.is_punct:
        return False
    if leading:
        return t.text not in _OPEN_QUOTES + "([" + _STRAIGHT
    return t.text not in _CLOSE_QUOTES + ")]" + _STRAIGHT


def _overlaps(a: Span, b: Span) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def _inside(a: Span, b: Span) -> bool:
    return b[0] <= a[0] and a[1] <= b[1]


def _fallback_quotes(text: str) -> list[Span]:
    """Quotation spans (marks included) when the quotes component did not run: curly pairs and
    straight pairs, each within one line."""
    out: list[Span] = []
    for line_start, line in _lines(text):
        stack: list[int] = []
        straight: int | None = None
        for i, ch in enumerate(line):
            if ch in "“«":
                stack.append(i)
            elif ch in "”»" and stack:
                out.append((line_start + stack.pop(), line_start + i + 1))
            elif ch == '"':
                if straight is None:
                    straight = i
                else:
                    out.append((line_start + straight, line_start + i + 1))
                    straight = None
    return out


def _positions(text: str, ch: str) -> list[int]:
    """Every index of `ch` in `text` (str.find runs in C: much faster than a Python loop)."""
    out: list[int] = []
    i = text.find(ch)
    while i != -1:
        out.append(i)
        i = text.find(ch, i + 1)
    return out


def _lines(text: str):
    pos = 0
    for line in text.split("\n"):
        yield pos, line
        pos += len(line) + 1
