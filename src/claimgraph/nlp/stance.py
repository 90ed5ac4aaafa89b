"""claimgraph_stance: what each speaker does with its content (FORMAT.md `stance`) and whom
it is about (`targets`).

The last component: it reads the drafts left by the attribution components and the entities
left by speaker resolution, and sets `stance` and `targets` on every draft.

How a stance is decided, first match wins:
1. The cue. Idioms around the cue ("claimed responsibility", "link X to", "point the finger"),
   then the lemma of the cue's head word (accuse → accuse, deny → deny, dismiss → reject ...),
   from data/stance_cues.tsv, else the stance hint of the attribution lexicon (data/cues.tsv).
   A negated cue ("did not deny", "never accused", "refused to confirm") takes the entry's
   negated stance (`other` unless listed). The cue's object can change it: claiming a deed
   ("claimed the attack") claims responsibility; condemning a statement or describing it
   unfavourably ("condemned the accusations", "called the claims lies", "described the warnings
   as threatening"), or calling a pronoun for one a lie or scandalous ("called it scandalous"),
   dismisses it; a demand to end a misdeed ("called on Russia to stop its
   attacks") accuses.
2. For a neutral cue (say, state, assure, according to ...), the content: a speaker's own
   stance verb ("we reject ..."), then a denial ("it had nothing to do with the attack", "was not
   involved"), a dismissal ("baseless", "no evidence"), a question mark, blame of a named doer
   ("Ukrainian military intelligence is directly involved", "Kyiv had ordered it"; the speaker
   blaming itself is claim_responsibility), a warning, help given to wrongdoers (weak
   accusation), else `assert`. A clause is negated by its own words, by a negative subject
   ("none of its missile systems had ever crossed the border") or by a negated word of evidence
   above it ("no indication that", "seen nothing to suggest that"); two negations cancel
   ("nothing that Putin is not behind"). Acts of force on a weapon ("fired by the army", "did not
   use that type of missile") blame or clear their doer; a deed noun predicated of an event
   ("was the work of Hamas", "was not their doing") blames or clears its owner; a bare "Of
   course not." denies, and a bare yes ("We believe so.", "Of course, Kyiv.") to a question about
   who did wrong accuses whom it names, else whom the question named; a trailing participle
   ("..., accusing Moscow of ...") is the speaker's own act, and so is a denial or dismissal by
   whom a spokesman speaks for ("Kremlin spokesman Peskov said Moscow rejected the accusations").
   A word that dismisses only what it is said of ("unacceptable", "outrageous") rejects when
   said of a statement ("the accusations were unacceptable"). "..., but gave no evidence" is the
   reporter's caveat, no dismissal. Word classes come from data/stance_content.tsv. A dismissive
   word inside a named party's misdeed ("a provocation by the Kremlin meant to fuel hysteria")
   describes the misdeed, no dismissal; a description put before a heavy object ("described as
   threatening the statements by ...") dismisses it like one put after.
   Blame under a denying verb is a denial ("Kyiv
   denied any role", "dismissed claims that it was behind").

Targets (at most three): for an accusation, the cue's object ("accused NATO of"), then the
blamed doer in the content; for a denial or admission, the party the content clears or blames,
else the speaker (a gerund, "denied firing at the camp", is the speaker's deed); for a
dismissal, the claim's owner and whom it blamed (a pronoun, "called them absurd", stands for the
statement named in the sentence before; "rejected her words" takes in whom her accusation made
earlier in the text blamed); otherwise the parties the content names. "You" is whom the cue
addresses ("'..., not you,' Biden told Netanyahu" clears Netanyahu and the Israel his title
names); "the group" (a definite group noun) is the organisation named last before it;
"it"/"they" is never a person speaking; a bare no takes the parties of the question
asked ("Asked whether a Russian weapon was to blame, ..."). A statement that goes on about a
wrongdoing without naming its doer, within two sentences of its speaker's accusation ("Kuleba
accused Russia of a massacre. 'The massacre was deliberate,' he wrote"), is also about whom
that accusation blamed; its stance stays its own. The subject of the content's main clause is added as what the statement is
mainly about ("Russia knows that the culprit is IS"). The speaker is left out except where it
denies, admits or claims something about itself.

Entities come from `doc._.cg_entities` (mentions, pronouns included when speaker resolution
resolved them); a demonym the entities do not list ("the Ukrainian border") still names its
country when that country is an entity. Everything is precomputed per Doc (token → entity,
token → sentence) and each draft is one pass over its cue window and content.
"""

from __future__ import annotations

from collections.abc import Iterable
from bisect import bisect_right
from itertools import accumulate
from dataclasses import dataclass, field

import numpy
from spacy.attrs import HEAD, IDX, LEMMA, LOWER, ORTH, POS, SENT_START, SPACY, TAG
from spacy.language import Language
from spacy.symbols import ADJ, AUX, NOUN, PROPN, PUNCT, VERB
from spacy.tokens import Doc, Token

from . import doc_state
from .doc_state import DraftAttribution, DraftEntity, Offsets
from .doc_text import text_of
from .lexicon import cue_lexicon
from .metonyms import country_of_demonym
from .stance_lexicon import CONTENT_PATH, CUES_PATH, Lexicon, load_content, load_cues

NEUTRAL = "assert"
# Words that negate the word they attach to.
NEG_WORDS = frozenset({"not", "n't", "never", "no", "neither", "nor", "nothing"})
# Verbs and adjectives that negate the cue they govern: "refused to confirm", "stopped short of
# accusing", "declined to deny".
NEGATING_GOVERNORS = frozenset({"refuse", "decline", "fail", "avoid", "refrain", "hesitate", "stop",
                                "short", "reluctant", "unwilling"})
FIRST_PERSON = frozenset({"i", "me", "my", "myself", "we", "us", "our", "ours", "ourselves"})
# Third-person pronouns that, in a denial, stand for the speaker ("Kyiv said it had nothing to
# do with the attack"), when speaker resolution left them unresolved.
THIRD_PERSON = frozenset({"it", "its", "itself", "they", "them", "their", "themselves",
                          "he", "him", "his", "himself", "she", "her", "herself"})
# Third-person pronouns that never stand for one person.
NON_PERSON_PRONOUNS = frozenset({"it", "its", "itself", "they", "them", "their", "themselves"})
SECOND_PERSON = frozenset({"you", "your", "yourself", "yourselves"})
# Pronouns for one person, resolved by recency when speaker resolution left them unresolved.
PERSON_PRONOUNS = frozenset({"he", "him", "his", "himself", "she", "her", "herself"})
PRONOUN_WINDOW = 40
# Nouns that, with a definite article and no name of their own, stand for the organisation named
# before ("the group", "the same group"), looked for up to GROUP_WINDOW tokens back.
GROUP_NOUNS = frozenset({"group", "organisation", "organization", "militia", "movement", "faction"})
GROUP_WINDOW = 150
RELATIVE = frozenset({"who", "which", "that", "whom"})
OBJECT_PRONOUNS = frozenset({"it", "this", "that", "them", "these", "those"})
# Slots a predicate takes after a copula ("X is involved", "X was behind it", "X is guilty").
COPULA_SLOTS = frozenset({"acomp", "attr", "prep", "oprd"})
# Prepositions whose object a blaming cue points at ("linked it to Kyiv", "the finger at Kyiv",
# "pinned it on Kyiv", "a case against Kyiv").
CUE_TARGET_PREPS = frozenset({"to", "at", "on", "against"})
COMPLEMENT_PREPS = frozenset({"in", "for", "of", "with", "behind", "to"})
MAX_TOPIC_TARGETS = 3
WRONG_CLASSES = frozenset({"wrongdoing", "crime"})
# Verbs whose object, in the active, is the one involved: "the plot involved Ukrainian agents".
OBJECT_DOER_VERBS = frozenset({"involve", "implicate", "connect"})
# "claimed/took/accepted responsibility": the doer's own claim.
CLAIMING_VERBS = frozenset({"claim", "take", "accept", "assume"})
# Verbs of force: their doer is blamed when what they use or fire is a weapon ("the army did not
# use that type of missile", "the missile was fired by the army"); other acts need wrongdoing.
FORCE_VERBS = frozenset({"use", "fire", "launch", "shoot", "deploy"})
# Verbs of appeal ("called on", "urged", "demanded"): their stance is `other`, unless what they
# demand an end to is someone's misdeed.
APPEAL_VERBS = frozenset({"call", "urge", "demand", "appeal", "press", "implore"})
# Acts that are mostly innocent ("use", "cross"): without their weapon or border they name no
# doer worth a target.
NEW_SENSE_ACTS = FORCE_VERBS | {"cross"}
# Verbs that clear their object: whom they clear is the target of the denial.
CLEARING_VERBS = frozenset({"absolve", "exonerate", "exculpate", "clear", "acquit"})
# Subjects that negate their clause: "none of its systems crossed", "nothing suggests".
NEG_SUBJECTS = frozenset({"none", "nothing", "nobody", "neither"})
# Verbs that describe what they take as object: "called the claims lies", "described the
# warnings as threatening", "called Putin a war criminal".
DESCRIBING_VERBS = frozenset({"call", "describe", "brand", "label", "term", "characterize", "characterise",
                              "dub", "portray", "denounce", "condemn", "dismiss", "decry"})
# Words that judge a description favourably: "described the report as accurate" dismisses nothing.
FAVOURABLE = frozenset({"accurate", "true", "correct", "credible", "reliable", "right", "valid", "fair",
                        "legitimate", "plausible", "serious", "important", "useful", "timely"})
# Answers that say no by themselves: "Of course not.", "No.", "Absolutely not."
NEGATIVE_ANSWERS = frozenset({"no", "not", "never", "nope"})
# Answers that say yes by themselves: "Yes.", "Of course.", "Certainly." ("of course, Kyiv" names
# whom it agrees is to blame).
AFFIRMATIVE_ANSWERS = frozenset({"yes", "yeah", "yep", "of", "course", "certainly", "absolutely", "definitely",
                                 "indeed", "sure", "surely", "undoubtedly", "exactly", "clearly", "obviously"})
# "We believe so.", "I think so.": a yes hedged by belief, a yes all the same.
BELIEF_SO = frozenset({"believe", "think", "suppose", "assume", "guess", "reckon"})


@Language.factory(
    "claimgraph_stance",
    default_config={"cues_path": None, "content_path": None, "use_cue_hints": True},
)
def make_stance(nlp: Language, name: str, cues_path: str | None, content_path: str | None,
                use_cue_hints: bool) -> "StanceTagger":
    attribution_cues = cue_lexicon()
    # The attribution lexicon (data/cues.tsv) gives every cue a default stance: it covers
    # the cues our own list leaves out ("urge", "retort", "complaint"); ours wins.
    hints = {lemma: entry.stance for lemma, entry in attribution_cues.items()} if use_cue_hints else {}
    # Cues of intention or belief ("hope", "want", "plan"): their speaker's own intended misdeed
    # is no claim of responsibility.
    aims = frozenset(lemma for lemma, entry in attribution_cues.items() if entry.kind in ("intention", "belief"))
    return StanceTagger(load_cues(cues_path or CUES_PATH), load_content(content_path or CONTENT_PATH), hints,
                        aims)


class StanceTagger:
    """Sets `stance` and `targets` on every `DraftAttribution` of a Doc."""

    def __init__(self, cues: Lexicon, content: Lexicon, hints: dict[str, str] | None = None,
                 intention_cues: frozenset[str] = frozenset()) -> None:
        self.cues = cues
        self.content = content
        self.hints = hints or {}
        self.intention_cues = intention_cues  # see make_stance
        self.adversaries = frozenset(w for w, ps in content.words.items() if any(p.value == "adversary" for p in ps))

    def __call__(self, doc: Doc) -> Doc:
        drafts = doc_state.attributions(doc)
        if drafts:
            index = EntityIndex(doc, doc_state.entities(doc), self.adversaries)
            sents = _sentence_bounds(doc)
            notes = []
            for draft in drafts:
                draft.stance, draft.targets, note = self._read(doc, draft, index, sents)
                notes.append(note)
            # what one statement says about another: a quote that goes on with its speaker's
            # accusation, a dismissal of an accusation made before
            _carry_blame(drafts, notes, sents)
            _dismissed_blame(drafts, notes)
        return doc

    # -- one attribution ------------------------------------------------------------------
    def read(self, doc: Doc, draft: DraftAttribution, index: "EntityIndex",
             sents: list[tuple[int, int]]) -> tuple[str, list[str]]:
        """(stance, targets) of one draft read alone; `sents` is each token's sentence (start,
        end)."""
        stance, targets, _note = self._read(doc, draft, index, sents)
        return stance, targets

    def _read(self, doc: Doc, draft: DraftAttribution, index: "EntityIndex",
              sents: list[tuple[int, int]]) -> tuple[str, list[str], "Note"]:
        """`read`, with what the statements read after it need of it (see `_carry_blame`)."""
        speaker = draft.speaker
        cue_toks = _tokens(index, [draft.cue] if draft.cue else [])
        # The content as token indices: most of its tokens are only looked up in the index's
        # per-document arrays, so Token objects are made only where the syntax is read.
        content_ids = _token_id_list(index, draft.content)
        head = _cue_head(cue_toks, draft.cue_lemma)

        cue = self._read_cue(doc, cue_toks, head, draft.cue_lemma, sents, index)
        affiliates = index.affiliates(draft) if content_ids else frozenset()
        # "'You did this,' he told the Russian envoy": "you" in the content is whom the cue
        # addresses (held on the index while this draft is read, for `EntityIndex.resolve`)
        index.addressee, index.addressee_parties = \
            _addressee(head, index, speaker) if head is not None and content_ids else (None, [])
        reading = self._read_content(doc, content_ids, speaker, index, sents, affiliates,
                                     head.i if head is not None else None) if content_ids else Reading()
        if cue.negated and head is not None and content_ids and _negation_inside(head, content_ids):
            cue.negated = False  # 'replied: "Of course not."': the "not" is what was said
        if head is not None and not cue.negated and cue.stance in (None, NEUTRAL, "accuse", "reject"):
            cue.stance = self._object_stance(head, cue.stance) or cue.stance

        if cue.negated or (cue.stance == "deny" and head is not None and _has_dative(head)):
            stance = cue.negated_stance  # "did not deny"; "denied him a chance" is no denial
        elif cue.stance == "other" and reading.stance == "accuse" and head is not None and \
                head.lemma_.lower() in APPEAL_VERBS:
            stance = "accuse"  # "called on Russia to stop its disinformation attacks": the demand blames
        elif cue.stance and cue.stance != NEUTRAL:
            stance = cue.stance
        else:
            stance = reading.stance or NEUTRAL
            if stance == "claim_responsibility" and head is not None and \
                    head.lemma_.lower() in self.intention_cues:
                # "Our opponents hope to destroy the balance": an aim, not a claim of a deed
                stance = "other"

        skip = set(_token_id_list(index, [draft.source, draft.conduit]))
        cue_objects = index.cue_objects(head, cue.prep, skip, speaker) if head is not None else []
        if stance == "deny" and head is not None and head.lemma_.lower() not in CLEARING_VERBS:
            cue_objects = []  # "Russia denied Ukraine's claims" clears Russia, not Ukraine
        if stance == "reject" and head is not None and not cue_objects and not reading.focus:
            # "The Kremlin rejected suggestions that Russia had attacked. Peskov called them
            # absurd": what "them" dismisses is about whom the statement it stands for named
            cue_objects = self._referred_parties(doc, head, sents, index, speaker)
        targets = _targets(stance, speaker, reading, cue_objects, content_ids, index)
        note = _note(stance, targets, reading, content_ids, cue_toks, index, sents, self.content)
        note.cue_accuses = stance == "accuse" and cue.stance == "accuse"
        index.addressee, index.addressee_parties = None, []
        return stance, targets, note

    # -- the cue --------------------------------------------------------------------------
    def _read_cue(self, doc: Doc, cue_toks: list[Token], head: Token | None,
                  cue_lemma: str | None, sents: list[tuple[int, int]], index: "EntityIndex") -> "CueReading":
        if not cue_toks:
            return CueReading()
        found = CueReading(negated=head is not None and _is_negated(head))
        # Idioms: tried in a window around the cue; a match must overlap the cue.
        sent_start, sent_end = sents[cue_toks[0].i]
        lo = max(sent_start, cue_toks[0].i - 3)
        hi = min(sent_end, cue_toks[-1].i + 7)
        best = None
        for phrase, s, e in self.cues.match_phrase_words(index.words[lo:hi]):
            if s + lo > cue_toks[-1].i or e + lo <= cue_toks[0].i:
                continue
            size = sum(w != "*" for w in phrase.words)
            if best is None or size > best[0]:
                best = (size, phrase, doc[lo + e - 1])
        if best is not None:
            _, phrase, last = best
            found.stance, found.negated_stance = phrase.value, phrase.negated
            # "link X to Kyiv": the phrase's closing preposition points at the target.
            if last.lower_ in CUE_TARGET_PREPS:
                found.prep = last
            return found
        lemmas = ([cue_lemma.lower()] if cue_lemma else []) + [t.lemma_.lower() for t in
                                                               ([head] if head is not None else []) + cue_toks]
        for lemma in lemmas:
            entries = self.cues.lookup_words(lemma)
            if entries:
                found.stance, found.negated_stance = entries[0].value, entries[0].negated
                return found
        for lemma in lemmas:
            if lemma in self.hints:
                found.stance = self.hints[lemma]
                break
        return found

    def _object_stance(self, head: Token, stance: str | None) -> str | None:
        """A stance the cue's object gives: claiming a deed ("claimed the attack") claims
        responsibility; condemning a statement, or describing it unfavourably ("called the
        claims lies", "described the warnings as threatening"), dismisses it."""
        lemma = head.lemma_.lower()
        objs = [c for c in head.children if c.dep_ in ("dobj", "nsubjpass")]
        shifted = []
        if not objs and lemma in DESCRIBING_VERBS:
            # "described as threatening the statements by Moscow": the description put before a
            # heavy object, which the parser hangs under "as" (its object, or the object of the
            # participle)
            for p in head.children:
                if p.dep_ == "prep" and p.lower_ == "as":
                    descs = [c for c in p.children if c.dep_ in ("pcomp", "acomp", "amod")]
                    objs += [c for c in p.children if c.dep_ == "pobj" and descs]
                    objs += [o for d in descs if d.tag_ == "VBG" for o in d.children if o.dep_ == "dobj"]
                    shifted += descs if objs else []
        if not objs:
            return None
        lex = self.content
        if lemma == "claim" and stance in (None, NEUTRAL) and any(_is_wrong(o, lex) for o in objs):
            return "claim_responsibility"
        if lemma not in DESCRIBING_VERBS:
            return None
        said = [c for c in head.children if c.dep_ in ("oprd", "xcomp", "ccomp", "acomp")]
        said += [p for c in head.children if c.dep_ == "prep" and c.lower_ == "as" for p in c.children
                 if p.dep_ in ("pobj", "pcomp", "acomp", "amod")]
        as_objs = [p for c in head.children if c.dep_ == "prep" and c.lower_ == "as" for p in c.children
                   if p.dep_ == "pobj"]
        if any("wrongdoing" in lex.classes(w) and any(d.pos_ == "PROPN" for m in _misdeed_owners(w) for d in m.subtree)
               for x in said + as_objs for w in [x]):
            # "described them as a provocation by the Kremlin": a statement called a named
            # party's misdeed blames that party (the content decides)
            return None
        if not any(_names_statement(o, lex, self.cues) for o in objs):
            # "called it scandalous", "described them as lies": a pronoun standing for a
            # statement made before, dismissed by what it is called
            if any(o.lower_ in OBJECT_PRONOUNS for o in objs) and any(
                    lex.classes(w) & {"reject", "dismissive"} for x in said for w in x.subtree):
                return "reject"
            return None
        if stance in ("accuse", "reject"):  # "condemned the accusations", "denounced attempts to blame"
            return "reject"
        if shifted and not any(d.lemma_.lower() in FAVOURABLE or d.lower_ in FAVOURABLE for d in shifted):
            return "reject"  # the description alone: the object's words hang under it
        if said and not any(w.lemma_.lower() in FAVOURABLE for x in said for w in x.subtree):
            return "reject"
        return None

    # -- the content ----------------------------------------------------------------------
    def _read_content(self, doc: Doc, ids: list[int], speaker: str | None,
                      index: "EntityIndex", sents: list[tuple[int, int]],
                      affiliates: frozenset[str] = frozenset(), cue_i: int | None = None) -> "Reading":
        """`ids`: the content's token indices, ascending; `affiliates`: whom the speaker speaks
        for (see `EntityIndex.affiliates`)."""
        lex = self.content
        sent_lo, sent_hi = sents[ids[0]][0], sents[ids[-1]][1]
        # Whether the sentences speak of wrongdoing.
        wrong_ctx = index.any_wrong(lex, sent_lo, sent_hi)
        findings: list[Finding] = []
        assist = warn_words = reported_warning = False

        def predicate(t: Token, cls: str) -> None:
            if cls == "act" and t.lemma_.lower() in NEW_SENSE_ACTS and not _may_use_force(t, lex):
                return  # "used the talks", "cross into Ukraine": no weapon, no border (cheap test first)
            if cls == "deed":
                # "the attack was the work of Hamas", "it was not our doing": a deed noun blames or
                # clears its owner only when predicated ("Hamas's work on tunnels" does neither)
                if t.dep_ != "attr":
                    return
            deed = cls == "deed"
            cls = "role" if deed else cls
            denier = self._denier(t)
            # a negation from outside the clause ("no indication that ...") cancels one inside it
            # ("there is nothing that Putin is not behind")
            negated = (_is_negated(t) != _negated_by_context(t, lex)) != (denier is not None)
            # In "Kyiv dismissed claims that it was behind ...", "it" is the denier, not the speaker.
            me = speaker
            if denier is not None and denier.i != cue_i:  # the cue's own subject is the speaker
                found = index.resolve_all(_subjects(denier, ("nsubj",)), speaker, allow_self=True)
                me = found[0] if found else speaker
            if cls == "culpable":
                doers, ok = _culpable_doers(t), _complement_ok(t, lex, wrong_ctx)
            elif cls == "role":
                # "played no role" clears; "Ukraine's participation" blames only in a sentence
                # about wrongdoing; neither for "a role in the talks".
                doers, ok = _role_owners(t), deed or _complement_ok(t, lex, wrong_ctx)  # "the work of X": X owns it
                ok = ok and (negated or wrong_ctx)
            elif cls == "crime":
                doers, ok = _doers(t), True
            elif cls == "wrongdoing":  # a misdeed noun with its doer: "a provocation by the Kremlin"
                doers, ok = _misdeed_owners(t), True
            elif cls == "wrongdoer":  # "called Putin a war criminal", "Kyiv is the aggressor"
                doers, ok = _described(t), True
            elif cls == "link":  # "evidence linking the attackers to Ukrainian nationalists"
                doers, ok = _linked_to(t, lex), wrong_ctx
            else:  # act
                doers, ok = _doers(t), _act_on_wrongdoing(t, lex, wrong_ctx, negated)
            if cls == "act" and not ok and t.lemma_.lower() in NEW_SENSE_ACTS:
                return  # "cross into Ukraine", "used the talks": the doer is not what it is about
            if index.addressee is None:  # "you": an addressee the cue does not name blames no one
                doers = [d for d in doers if d.lower_ not in SECOND_PERSON]
            if not doers:
                return
            targets = index.resolve_all(doers, me, allow_self=negated)
            if not targets and cls in ("crime", "act", "culpable") and me:
                # "It said four of its fighters had attacked ...": a doer owned by "its"/"their"
                # and by no one else is the speaker's own people
                if any(_owned_by_pronoun(d) for d in doers):
                    targets = [me]
            # A doer that names someone: an entity, a name, or a noun other than a wrongdoer's
            # ("the terrorists involved in the attack" blames no one new).
            named = bool(targets) or any(
                d.pos_ == "PROPN" or (d.pos_ == "NOUN" and not lex.classes(d) & {"wrongdoing"}) for d in doers)
            if negated:
                # The speaker clearing itself of involvement denies whatever the complement ("we
                # played no part in the talks"); clearing a third party denies only wrongdoing;
                # "we do not plan to ..." denies nothing.
                self_denial = cls in ("culpable", "role") and bool(targets) and set(targets) <= {me, speaker}
                kind = "self_deny" if self_denial else "deny" if ok else None
            elif ok and named:
                # Being linked to wrongdoing is someone else's doing: never the speaker's claim.
                itself = cls != "link" and bool(speaker and targets and set(targets) <= {speaker})
                if cls == "role" and t.head.lemma_.lower() in CLAIMING_VERBS:
                    # "IS had claimed responsibility", reported: the claim is IS's, not the speaker's.
                    kind = "claim_responsibility" if itself else None
                else:
                    kind = "claim_responsibility" if itself else "accuse"
            else:
                kind = None
            findings.append(Finding(kind, targets, names_doer=named))

        tags, verbs, pos, past_tags = index.tags, index.verbs, index.pos, index.past_tags
        classes_of = index.classes(lex)
        for i in ids:
            classes = classes_of[i]
            if classes:
                for cls in ("culpable", "role", "deed", "crime", "act", "wrongdoer", "wrongdoing"):
                    if cls in classes and _fits_pos(pos[i], cls):
                        predicate(doc[i], cls)
                        break
                if "reject" in classes and not (verbs[i] and _has_agent(doc[i])) and not _evidence_hedge(doc[i]) \
                        and not _aim_of_named_misdeed(doc[i], lex):
                    # "staged by the Kyiv regime" names who did it: an accusation, not a dismissal
                    findings.append(Finding("reject", []))
                elif "dismissive" in classes and _said_of_statement(doc[i], lex, self.cues):
                    # "the accusations are unacceptable", "these outrageous claims": a word that
                    # is no dismissal by itself dismisses the statement it is said of
                    findings.append(Finding("reject", []))
                if "assist" in classes:
                    assist = True
            if "warn" in classes:
                warn_words = True
            elif tags[i] in past_tags and any(p.value == "warn" for p in self.cues.lookup_strings(*index.word(i))):
                reported_warning = True
            if verbs[i]:  # `_own_stance` reads verbs only
                own = self._own_stance(i, speaker, index, affiliates)
                if own is not None:
                    findings.append(own)
        for phrase, s, e in lex.match_phrase_words(index.words_of(ids)):
            anchor = doc[_phrase_head_id(ids[s:e], index.heads)]
            if phrase.value == "deny":
                doers = [d for d in _subjects(anchor, ("nsubj", "nsubjpass"))
                         if index.addressee is not None or d.lower_ not in SECOND_PERSON]
                # No subject at all ("nothing to do with it", elliptical): the speaker's own denial.
                targets = index.resolve_all(doers, speaker, allow_self=True) if doers else [speaker] if speaker else []
                self_denial = bool(targets) and set(targets) <= {speaker}
                if self_denial or _complement_ok(anchor, lex, True, [doc[j] for j in ids[s:e]]):
                    findings.append(Finding("self_deny" if self_denial else "deny", targets,
                                            names_doer=bool(doers)))
            elif phrase.value in ("culpable", "act", "crime"):
                predicate(anchor, phrase.value)
            elif phrase.value == "link":
                predicate(doc[ids[e - 1]], "link")  # the closing "to"
            elif phrase.value == "reject" and not _evidence_hedge(doc[ids[e - 1]]):
                findings.append(Finding("reject", []))
            elif phrase.value == "warn":
                warn_words = True

        # The content's text: a slice of the doc's text, read once per document (Doc.text
        # rebuilds the whole text on every access).
        last = doc[ids[-1]]
        text = index.text()[index.idx[ids[0]]:last.idx + len(last)].rstrip(" \"'”’»)")
        if text.endswith("?"):
            findings.append(Finding("question", []))
        elif _negative_answer(ids, index):
            # "Of course not.": a reply that only says no denies what it was asked ("asked
            # whether a Russian weapon was to blame"), else the speaker's own part
            asked = _asked_parties(doc, ids[0], sents, index, speaker)
            findings.append(Finding("self_deny", asked or ([speaker] if speaker else [])))
        elif (named := _affirmative_answer(ids, index)) is not None:
            # 'Asked whether Washington was behind the attack, he replied: "We believe so."',
            # '"Of course, Kyiv."': a yes to a question about who did wrong blames whom it names,
            # else whom the question named; a yes to any other question asserts
            named = [e for e in named if e != speaker]
            question = _question_ids(doc, ids[0], sents)
            if question and index.any_wrong(lex, question[0], question[-1] + 1):
                asked = index.mentioned(question, exclude=speaker)
                if named or asked:
                    findings.append(Finding("accuse", named or asked, names_doer=True))
        # "extremists have imminent plans": a warning; "Washington had warned Moscow about an
        # imminent attack" reports one.
        if warn_words and not reported_warning:
            findings.append(Finding("warn", []))
        if wrong_ctx and assist:
            helpers = [e for e in index.mentioned(ids, exclude=speaker, limit=None)]
            if helpers:
                findings.append(Finding("assist", helpers))
        findings.extend(_contrasts(doc, ids, index, wrong_ctx))
        reading = _decide(findings)
        if reading.stance == "accuse":
            reading.struck = _struck(doc, ids, classes_of, index)
        return reading

    def _referred_parties(self, doc: Doc, head: Token, sents: list[tuple[int, int]],
                          index: "EntityIndex", speaker: str | None) -> list[str]:
        """The parties named in the clause of the statement noun ("suggestions that Russia had
        attacked ...") of the sentence before, when the cue's object is a pronoun for it."""
        if not any(c.dep_ in ("dobj", "nsubjpass") and c.lower_ in OBJECT_PRONOUNS for c in head.children):
            return []
        start = sents[head.i][0]
        if start == 0:
            return []
        lo, hi = sents[start - 1]
        classes = index.classes(self.content)
        for i in range(hi - 1, lo - 1, -1):  # the statement named last
            if "claim" in classes[i] and index.pos[i] in (NOUN, PROPN):
                clauses = [c for c in doc[i].children if c.dep_ in ("acl", "ccomp", "relcl")]
                ids = [w.i for c in clauses for w in c.subtree]
                found = index.mentioned(ids, exclude=speaker)
                if found:
                    return found
        return []

    def _denier(self, t: Token) -> Token | None:
        """The denying verb that governs `t`, if any: "denied any role", "rejected claims that
        it was involved" (a clause under "deny", or a role noun as its object)."""
        clause = t.head if t.dep_ in COPULA_SLOTS else t
        gov = None
        if t.dep_ == "dobj" and t.pos_ in ("NOUN", "PROPN"):
            gov = t.head
        elif clause.dep_ in ("ccomp", "acl") and clause.head is not clause:
            gov = clause.head
            if gov.dep_ == "dobj" and gov.pos_ == "NOUN":  # "rejected claims that ..."
                gov = gov.head
        if gov is None:
            return None
        entries = self.cues.words.get(gov.lemma_.lower())
        if entries and entries[0].value in ("deny", "reject") and not _is_negated(gov):
            return gov
        return None

    def _own_stance(self, i: int, speaker: str | None, index: "EntityIndex",
                    affiliates: frozenset[str] = frozenset()) -> "Finding | None":
        """A stance verb (token `i`, a VERB) whose subject is the speaker itself: "we reject
        these accusations"; or, in any tense, a denial or dismissal by whom the speaker speaks
        for ("the Kremlin spokesman said Moscow rejected the accusations")."""
        # The lexicon first: most verbs are not stance verbs, and it needs no Token.
        entries = self.cues.words.get(index.word(i)[0])
        if not entries or entries[0].value == NEUTRAL:
            return None
        t = index.doc[i]
        if _trailing_participle(t):
            # "Macron said the group was responsible, accusing Moscow of ...": a participle set
            # off by a comma, with no subject of its own, is what the speaker does
            pass
        elif affiliates and entries[0].value in ("deny", "reject") and (
                subj := next((c for c in t.children if c.dep_ == "nsubj"), None)) is not None and \
                index.primary(subj, speaker, False) in affiliates:
            pass  # a spokesman reporting the denial of those it speaks for makes it
        # Present tense only: "we reject" takes a stance; "we did warn them" reports one.
        elif not _present(t):
            return None
        else:
            subj = next((c for c in t.children if c.dep_ == "nsubj"), None)
            if subj is None:
                return None
            if subj.lower_ not in FIRST_PERSON and (speaker is None or index.resolve(subj, speaker, True) != speaker):
                return None
        stance = entries[0].negated if _is_negated(t) else entries[0].value
        return Finding("own", index.cue_objects(t, None, set(), speaker), stance=stance)


def _targets(stance: str, speaker: str | None, reading: "Reading", cue_objects: list[str],
             content_ids: list[int], index: "EntityIndex") -> list[str]:
    """Whom a statement with this stance is about (FORMAT.md `targets`)."""
    topics = index.mentioned(content_ids, exclude=speaker)
    if stance == "accuse":
        targets = cue_objects + reading.focus
        if not targets:
            # the blamed doer is no entity ("the men had intended to cross the border"): the
            # parties the content names are what it is about
            targets = [t for t in topics if t not in reading.struck]
    elif stance == "deny" and cue_objects:
        targets = cue_objects + reading.focus  # "absolved Washington of responsibility"
    elif stance in ("deny", "acknowledge"):
        # With no doer in the content, a denial or admission is about the speaker itself when
        # its object is a noun phrase ("denied the accusations", "admitted responsibility"),
        # about what the content names when it is a clause ("denied that X constitutes Y").
        pos = index.pos
        clause = any(pos[i] == VERB or pos[i] == AUX for i in content_ids)
        targets = reading.focus
        if not targets and not reading.names_doer and speaker and _subjectless_gerund(content_ids, index):
            # "denied firing at the camp", "admitted planting the bomb": the gerund's doer is
            # the speaker; what it names is the victim or the place
            targets = [speaker]
        if not targets and not reading.names_doer:
            targets = index.mentioned(content_ids, exclude=None) if clause else []
            targets = targets or ([speaker] if speaker else [])
    elif stance == "claim_responsibility":
        targets = [speaker] if speaker else reading.focus
    elif stance == "reject":
        # Whose claim is dismissed and whom it cleared: "the attempts by the Russian
        # authorities to blame Ukraine" names both.
        targets = reading.focus + cue_objects + topics
        if not targets and speaker:
            # "Moscow rejected the verdict", "Lavrov said the images were a fake": a dismissal
            # that names no one is the speaker clearing itself (the graph reads it the same way)
            return [speaker]
    elif stance == "warn":
        targets = reading.focus + cue_objects or topics
    else:
        targets = reading.focus or topics
    if content_ids and stance not in ("claim_responsibility", "deny", "acknowledge"):
        targets = targets + index.main_subjects(content_ids, speaker)  # whom it is mainly about
    if stance in ("accuse", "reject", "warn", "question", NEUTRAL):
        targets = [t for t in targets if t != speaker]
    return _unique(targets)[:MAX_TOPIC_TARGETS]


# -- statements that go on with an accusation -------------------------------------------------

# Pronouns that, left unresolved in a statement, point back at a party named before.
PLURAL_PRONOUNS = frozenset({"they", "them", "their", "themselves"})
# How many sentences back a speaker's accusation still tells whom its next statement is about.
CARRY_SENTENCES = 2


@dataclass
class Note:
    """What `_carry_blame` needs of one statement once it has been read."""
    sentence: int  # token index of the start of the statement's first sentence
    wrong: bool  # its content speaks of wrongdoing
    blames: bool  # an accusation with a target, or an assertion of wrongdoing naming its doer
    open_doer: bool  # it speaks of wrongdoing, or of what "they" did, and names no doer
    cue_accuses: bool = False  # its cue accuses ("accused Russia of ...", "blamed Kyiv")


def _note(stance: str, targets: list[str], reading: "Reading",
          content_ids: list[int], cue_toks: list[Token], index: "EntityIndex",
          sents: list[tuple[int, int]], lex: Lexicon) -> Note:
    first = min([t.i for t in cue_toks] + content_ids[:1], default=0)
    wrong = bool(content_ids) and index.any_wrong(lex, content_ids[0], content_ids[-1] + 1)
    blames = bool(targets) and (stance == "accuse" or (stance == NEUTRAL and wrong))
    unresolved = any(index.words[i][1] in PLURAL_PRONOUNS and index.at[i] is None for i in content_ids)
    # (an accusation names its own target through its cue; a content whose main subject is a
    # party, "Washington had warned Moscow about an attack", is about that party)
    open_doer = stance == NEUTRAL and not reading.focus and not reading.names_doer and (wrong or unresolved) \
        and bool(content_ids) and not _names_main_subject(content_ids, index)
    return Note(sents[first][0] if sents else 0, wrong, blames, open_doer)


def _names_main_subject(ids: list[int], index: "EntityIndex") -> bool:
    """Whether the subject of a content's main clause is an entity, or owned by one ("Russia's
    army"; not "the Bucha massacre", where the name is only the place)."""
    root = index.doc[_phrase_head_id(ids, index.heads)]
    return any(index.resolve(w, None, False) for c in root.children if c.dep_ in ("nsubj", "nsubjpass")
               for w in (c, *(p for p in c.children if p.dep_ == "poss")))


def _carry_blame(drafts: list[DraftAttribution], notes: list[Note], sents: list[tuple[int, int]]) -> None:
    """"Kuleba accused Russia of a massacre. 'The massacre was deliberate,' he wrote.": a
    statement that goes on about a wrongdoing (or about what "they" did) without naming its
    doer, right after its speaker blamed someone, is about the same party."""
    order = sorted(range(len(drafts)), key=lambda k: notes[k].sentence)
    ordinal = {start: n for n, start in enumerate(sorted({s for s, _e in sents}))}
    for n, k in enumerate(order):
        draft, note = drafts[k], notes[k]
        if not note.open_doer or not draft.speaker:
            continue
        for j in reversed(order[:n]):
            before = notes[j]
            if ordinal.get(note.sentence, 0) - ordinal.get(before.sentence, 0) > CARRY_SENTENCES:
                break
            if drafts[j].speaker != draft.speaker or not before.blames:
                continue
            # its own parties first (places, victims), then whom the accusation blamed
            own = draft.targets[:MAX_TOPIC_TARGETS - 1]
            draft.targets = _unique(own + drafts[j].targets)[:MAX_TOPIC_TARGETS]
            if before.cue_accuses and note.wrong and draft.type in ("direct", "mixed"):
                # "X accused Russia of a massacre. 'The massacre was deliberate,' he wrote": the
                # quote is the accusation in the speaker's words. Otherwise an elaboration
                # ("he said the organiser was abroad") stays an assertion.
                draft.stance = "accuse"
            break


def _dismissed_blame(drafts: list[DraftAttribution], notes: list[Note]) -> None:
    """"Navalnaya accused Putin of having him killed. The Kremlin rejected her words.": a
    dismissal aimed at a party that made an accusation earlier in the text is also about whom
    that accusation blamed (FORMAT.md: the claim's owner and whom it blamed)."""
    order = sorted(range(len(drafts)), key=lambda k: notes[k].sentence)
    for n, k in enumerate(order):
        draft = drafts[k]
        if draft.stance != "reject" or not draft.targets:
            continue
        owners = [t for t in draft.targets if t != draft.speaker]
        for j in reversed(order[:n]):
            before = drafts[j]
            if before.speaker in owners and before.stance == "accuse" and notes[j].sentence < notes[k].sentence:
                # the latest of the owner's accusations that blamed someone other than the dismisser
                blamed = [t for t in before.targets if t != draft.speaker and t not in owners]
                if blamed:
                    draft.targets = _unique(draft.targets + blamed)[:MAX_TOPIC_TARGETS]
                    break


# -- readings -------------------------------------------------------------------------------

@dataclass
class CueReading:
    stance: str | None = None
    negated_stance: str = "other"
    negated: bool = False
    prep: Token | None = None  # closing preposition of an idiom ("link X to")


@dataclass
class Finding:
    kind: str | None  # None: names whom the content is about, decides nothing
    targets: list[str]
    stance: str | None = None  # for kind "own": the speaker's own verb's stance
    names_doer: bool = False


@dataclass
class Reading:
    stance: str | None = None
    focus: list[str] = field(default_factory=list)
    # The content blames or clears a doer it names without an entity ("radical Islamists"):
    # then a denial or admission is not about the speaker itself.
    names_doer: bool = False
    # Entities the content names as what a misdeed struck or where ("destroyed Malaysia Airlines
    # flight MH17 over eastern Ukraine"): never its doer, so no fallback target of a blame.
    struck: list[str] = field(default_factory=list)


# Which content finding decides, strongest first. The speaker clearing itself outranks blame;
# blame of one party outranks clearing another ("ISIS bears sole responsibility. There was no
# Ukrainian involvement").
PRIORITY = ("own", "self_deny", "reject", "question", "claim_responsibility", "accuse", "deny",
            "contrast_deny", "warn", "assist")
STANCE_OF = {"self_deny": "deny", "assist": "accuse", "contrast_deny": "deny"}
# Findings whose parties are targets even when another finding decides.
PARTY_KINDS = ("self_deny", "claim_responsibility", "accuse", "deny", "contrast_deny")
_CONTRAST_MARKS = frozenset((",", "—", "–", ";"))


def _contrasts(doc: Doc, ids: list[int], index: "EntityIndex", wrong_ctx: bool) -> list[Finding]:
    """"caused by the other side, not by Israel", "carried out by Hamas, not Israel": a party
    set against the doer with a contrastive "not" is cleared (in a sentence about wrongdoing)."""
    inside = set(ids)
    out = []
    for i in ids:
        t = doc[i]
        if t.lower_ != "not" or i - 1 not in inside or doc[i - 1].text not in _CONTRAST_MARKS:
            continue
        # in a sentence about wrongdoing, or set against the doer of a passive ("it was done by
        # the other team, not you"): the contrast is about who did it
        if not wrong_ctx and not any(doc[j].dep_ == "agent" for j in range(max(ids[0], i - 8), i)):
            continue
        start = i + 1 + (i + 1 < len(doc) and doc[i + 1].lower_ in ("by", "from"))
        end = start
        while end < len(doc) and end in inside and not doc[end].is_punct and end - start < 6:
            end += 1
        cleared = index.mentioned(list(range(start, end)), exclude=None)[:1]
        if not cleared and index.addressee is not None and any(
                doc[j].lower_ in SECOND_PERSON for j in range(start, end)):
            cleared = [index.addressee] + index.addressee_parties  # "..., not you," he told the prime minister
        if cleared:
            out.append(Finding("contrast_deny", cleared, names_doer=True))
    return out


def _decide(findings: list[Finding]) -> Reading:
    if any(f.kind == "contrast_deny" for f in findings) and not any(
            f.targets for f in findings if f.kind == "accuse"):
        # the blamed doer is no one we can name ("the other side"): what the statement does
        # to a party is clear it
        findings = [f for f in findings if f.kind != "accuse"]
    for kind in PRIORITY:
        hits = [f for f in findings if f.kind == kind]
        if hits:
            stance = hits[0].stance if kind == "own" else STANCE_OF.get(kind, kind)
            others = [f for f in findings if f.kind in PARTY_KINDS and f.kind != kind]
            return Reading(stance, _unique(t for f in hits + others for t in f.targets),
                           any(f.names_doer for f in hits))
    return Reading(None, _unique(t for f in findings for t in f.targets),
                   any(f.names_doer for f in findings))


# -- entities -------------------------------------------------------------------------------

class EntityIndex:
    """Which entity each token mentions (shorter mentions win inside longer ones, so that
    "Ukrainian" in "Ukrainian military intelligence" keeps its own entity while the head word
    keeps the longer one)."""

    def __init__(self, doc: Doc, entities: list[DraftEntity], adversaries: frozenset[str] = frozenset()) -> None:
        self.adversaries = adversaries
        self.doc = doc
        self._text: str | None = None
        # Whether each token is a wrongdoing or crime word of the content lexicon: a
        # per-document memo for `StanceTagger._read_content` (see `wrong_flags`).
        self._wrong: list[bool] | None = None
        self._wrong_prefix: list[int] | None = None
        self._classes: list[frozenset[str]] | None = None
        # What the rules read of every token (lemma, lower-case form, tag and part of speech
        # as string ids, char offset, head, orth, trailing space), in one C pass: the content
        # loop reads them for every token of every content without making Token objects.
        self.strings = doc.vocab.strings
        table = doc.to_array([LEMMA, LOWER, TAG, POS, IDX, HEAD, ORTH, SPACY])
        self.lemmas = table[:, 0].tolist()
        self.lowers = table[:, 1].tolist()
        self.tags = table[:, 2].tolist()
        self.pos = table[:, 3].tolist()
        self.idx = table[:, 4].tolist()
        # Where each token's text ends (its whitespace excluded), for `char_span`.
        self.n_chars = len(text_of(doc))
        self.ends = [i - sp for i, sp in zip(self.idx[1:] + [self.n_chars], table[:, 7].tolist())]
        # HEAD is stored as an offset (negative ones wrapped to uint64): absolute indices.
        self.heads = (table[:, 5].astype("int64") + numpy.arange(len(doc))).tolist()
        # Each token's (lower-cased lemma, lower-cased text), as the lexicons match them: each
        # distinct string id is looked up (and lower-cased) once.
        strings = self.strings
        lemma_of, lower_of = _strings_for(strings, self.lemmas, self.lowers)
        self.words: list[tuple[str, str]] = list(zip(map(lemma_of.__getitem__, self.lemmas),
                                                     map(lower_of.__getitem__, self.lowers)))
        self.verbs = (table[:, 3] == VERB).tolist()
        self.past_tags = {self.strings.as_int("VBD"), self.strings.as_int("VBN")}
        self.at: list[str | None] = [None] * len(doc)
        self.persons = frozenset(ent.id for ent in entities if ent.type == "PERSON")
        self.addressee: str | None = None  # whom the statement being read addresses (see `read`)
        self.addressee_parties: list[str] = []
        self.by_id = {ent.id: ent for ent in entities}
        mentions = sorted(((s, e, ent.id) for ent in entities for s, e in ent.mentions),
                          key=lambda m: m[0] - m[1])
        for s, e, eid in mentions:
            span = self.char_span(s, e)
            if span is not None:
                for i in range(span[0], span[1]):
                    self.at[i] = eid
        # Speaker resolution need not list every demonym a content uses ("the Ukrainian
        # border"); a demonym still names its country when the country is an entity.
        self.countries = {n: ent.id for ent in entities if ent.type in ("GPE", "NORP")
                          for n in (ent.name, *ent.aliases)}
        if self.countries:
            # Only adjectives and proper nouns (by the POS ids above) are read, by their ORTH ids.
            pos_col = table[:, 3]
            orths = table[:, 6]
            for i in ((pos_col == ADJ) | (pos_col == PROPN)).nonzero()[0].tolist():
                if self.at[i] is None:
                    text = strings[int(orths[i])]
                    if text[:1].isupper():
                        country = country_of_demonym(text)
                        if country is not None:
                            self.at[i] = self.countries.get(country)

    def char_span(self, start: int, end: int) -> tuple[int, int] | None:
        """`doc.char_span(start, end, alignment_mode="expand")` as (start, end) token indices,
        by bisection of the token offsets read once per document (no Span made). Tokens
        tile the text (each token's whitespace belongs to it), so the token holding a char is
        the last one starting at or before it."""
        if end <= start:  # not a span: let spaCy say what it makes of it
            span = self.doc.char_span(start, end, alignment_mode="expand")
            return None if span is None else (span.start, span.end)
        if start < 0 or end > self.n_chars:
            return None
        first = bisect_right(self.idx, start) - 1
        last = bisect_right(self.idx, end - 1) - 1
        if first < 0 or last < 0:
            return None
        if start == self.ends[first]:  # the span starts in the token's trailing whitespace
            first += 1
        return first, last + 1

    def text(self) -> str:
        if self._text is None:
            self._text = text_of(self.doc)
        return self._text

    def word(self, i: int) -> tuple[str, str]:
        """Token `i`'s (lower-cased lemma, lower-cased text), as the lexicons match them."""
        return self.words[i]

    def words_of(self, ids: list[int]) -> list[tuple[str, str]]:
        """`word` of each of `ids` (ascending token indices)."""
        if ids and ids[-1] - ids[0] + 1 == len(ids):  # a run of tokens: one slice
            return self.words[ids[0]:ids[-1] + 1]
        words = self.words
        return [words[i] for i in ids]

    def any_wrong(self, lex: Lexicon, lo: int, hi: int) -> bool:
        """Whether any token in [lo, hi) is a wrongdoing or crime word (see `wrong_flags`),
        from a prefix count built once per document."""
        if self._wrong_prefix is None:
            self._wrong_prefix = list(accumulate(self.wrong_flags(lex), initial=0))
        return self._wrong_prefix[hi] > self._wrong_prefix[lo]

    def wrong_flags(self, lex: Lexicon) -> list[bool]:
        """For each token, whether `lex.classes(token)` has "wrongdoing" or "crime": whether
        its lower-cased lemma or text is such an entry. One lexicon per index."""
        if self._wrong is None:
            words = lex.words_with(WRONG_CLASSES)
            self._wrong = [lemma in words or lower in words for lemma, lower in self.words]
        return self._wrong

    def classes(self, lex: Lexicon) -> list[frozenset[str]]:
        """`lex.classes` of every token, made once per document: a token in no entry (most
        of them) costs two set look-ups. One lexicon per index."""
        if self._classes is None:
            entries, classes_of, none = lex.words, lex.classes_of, frozenset()
            self._classes = [classes_of(lemma, lower) if lemma in entries or lower in entries else none
                             for lemma, lower in self.words]
        return self._classes

    def resolve(self, tok: Token, speaker: str | None, allow_self: bool) -> str | None:
        eid = self.at[tok.i]
        if eid is not None:
            return eid
        low = tok.lower_
        if low in FIRST_PERSON:
            return speaker
        if low in SECOND_PERSON:
            return self.addressee
        if low in PERSON_PRONOUNS:
            # "Biden called Putin a war criminal and said he should face trial": the person
            # named last before "he" ("Biden said he was not surprised": the speaker himself)
            recent = self.recent_person(tok.i)
            if recent is not None and recent != speaker:
                return recent
        if tok.pos == NOUN and tok.lemma_.lower() in GROUP_NOUNS and any(
                c.dep_ == "det" and c.lower_ in ("the", "this", "that") for c in tok.children):
            # "the group was responsible", "the same group had tried ...": the organisation
            # named last before it
            return self.recent_org(tok.i, speaker)
        if allow_self and low in THIRD_PERSON:
            if speaker in self.persons and low in NON_PERSON_PRONOUNS:
                # "it"/"they" is not the person speaking ("Reznikov said it was not their work"):
                # the group named last before it
                return self.recent_group(tok.i, speaker)
            return speaker
        return None

    def recent_group(self, i: int, exclude: str | None) -> str | None:
        """The non-person entity mentioned last before token i, within PRONOUN_WINDOW tokens."""
        at, persons = self.at, self.persons
        for j in range(i - 1, max(-1, i - PRONOUN_WINDOW), -1):
            if at[j] is not None and at[j] not in persons and at[j] != exclude:
                return at[j]
        return None

    def recent_org(self, i: int, exclude: str | None) -> str | None:
        """The organisation (ORG entity) mentioned last before token i, within GROUP_WINDOW
        tokens; a country or a person is no "group"."""
        at, by_id = self.at, self.by_id
        for j in range(i - 1, max(-1, i - GROUP_WINDOW), -1):
            e = at[j]
            if e is not None and e != exclude and (ent := by_id.get(e)) is not None and ent.type == "ORG":
                return e
        return None

    def recent_person(self, i: int) -> str | None:
        """The person entity mentioned last before token i, within PRONOUN_WINDOW tokens."""
        at, persons = self.at, self.persons
        for j in range(i - 1, max(-1, i - PRONOUN_WINDOW), -1):
            if at[j] is not None and at[j] in persons:
                return at[j]
        return None

    def primary(self, tok: Token, speaker: str | None, allow_self: bool) -> str | None:
        """The entity a noun phrase names: its head word's, else its apposition's ("the Afghan
        branch, the Islamic State of Khorasan"), else its owner's ("Ukraine's", "Ukrainian")."""
        for c in tok.children:
            if c.dep_ == "poss" and c.lower_ in ("its", "their"):
                # "its forces": the owner says whose (the noun alone may have been taken for
                # another party's "forces"); as the subject of a denial, the denier's own ("Moscow
                # denied that its forces fired"; in "Kyiv said Moscow did not use its jets", the
                # object's "its" is Moscow's)
                if allow_self and speaker and speaker not in self.persons and tok.dep_ in ("nsubj", "nsubjpass"):
                    return speaker
                eid = self.resolve(c, speaker, allow_self)
                if eid is not None:
                    return eid
        eid = self.resolve(tok, speaker, allow_self)
        if eid is not None:
            return eid
        doc = tok.doc
        for c in tok.children:
            if c.dep_ == "appos":
                eid = self._first(c.subtree, speaker, allow_self)
                if eid:
                    return eid
        nxt = tok.right_edge.i + 1
        if nxt + 1 < len(doc) and doc[nxt].text == ",":
            j = nxt + 1
            if doc[j].pos_ == "DET" and j + 1 < len(doc):
                j += 1
            if self.at[j] is not None:
                return self.at[j]
        for c in tok.children:
            if c.dep_ in ("poss", "amod", "compound", "nmod", "nummod"):
                if c.dep_ == "poss" and tok.lemma_.lower() in self.adversaries:
                    continue  # "our opponents" are not us
                eid = self._first(c.subtree, speaker, allow_self)
                if eid:
                    return eid
        for c in tok.children:
            if c.dep_ == "prep" and c.lower_ in ("of", "from", "by"):
                eid = self._first(c.subtree, speaker, allow_self)
                if eid:
                    return eid
        return None

    def _first(self, toks: Iterable[Token], speaker: str | None, allow_self: bool) -> str | None:
        for t in toks:
            eid = self.resolve(t, speaker, allow_self)
            if eid:
                return eid
        return None

    def resolve_all(self, toks: list[Token], speaker: str | None, allow_self: bool) -> list[str]:
        return _unique(e for t in toks if (e := self.primary(t, speaker, allow_self)))

    def mentioned(self, ids: list[int], exclude: str | None, limit: int | None = MAX_TOPIC_TARGETS) -> list[str]:
        at = self.at
        out = _unique(e for i in ids if (e := at[i]) and e != exclude)
        return out if limit is None else out[:limit]

    def main_subjects(self, ids: list[int], speaker: str | None) -> list[str]:
        """The entities that are subjects of the content's main clause ("Russia knows that ...")."""
        root = self.doc[_phrase_head_id(ids, self.heads)]
        subj = [c for c in root.children if c.dep_ in ("nsubj", "nsubjpass")]
        return [e for e in self.resolve_all(subj, speaker, allow_self=False) if e != speaker]

    def affiliates(self, draft: DraftAttribution) -> frozenset[str]:
        """Whom a speaker speaks for: the other entities its source names ("Kremlin spokesman
        Dmitry Peskov", "a spokesman for Hamas") and those its titles name."""
        found = set()
        if draft.source:
            span = self.char_span(*draft.source)
            if span is not None:
                found.update(e for e in self.at[span[0]:span[1]] if e)
        entity = self.by_id.get(draft.speaker or "")
        if entity is not None and entity.titles:
            words = {w.lower().strip(",.'’s") for title in entity.titles for w in title.split()}
            found.update(e.id for e in self.by_id.values()
                         if e.type in ("GPE", "ORG", "NORP") and e.name.lower() in words)
        found.discard(draft.speaker)
        found.discard(None)
        return frozenset(found)

    def cue_objects(self, head: Token, prep: Token | None, skip: set[int], speaker: str | None) -> list[str]:
        """Whom a cue verb points at: "linked it to Kyiv", "accused NATO of", "NATO was accused"."""
        objs: list[Token] = []
        if prep is not None:
            objs += [c for c in prep.children if c.dep_ == "pobj"]
        heads = [head] + [c for c in head.children if c.dep_ in ("dobj", "dative")]
        for h in heads:
            for c in h.children:
                if c.dep_ == "prep" and c.lower_ in CUE_TARGET_PREPS:
                    objs += [p for p in c.children if p.dep_ == "pobj"]
        objs += [c for c in head.children if c.dep_ in ("dobj", "dative", "iobj", "nsubjpass")]
        objs = [x for o in objs for x in _conjoined(o) if x.i not in skip]  # "US, Britain and Ukraine"
        return [e for e in self.resolve_all(objs, speaker, allow_self=False) if e != speaker]


# Lower-cased lemma and lower-cased text by string id, kept across documents (ids are hashes
# of the strings, the same in every Vocab): a new document mostly reuses known words.
_LEMMA_LOWER: dict[int, str] = {}
_LOWER_TEXT: dict[int, str] = {}
_MAX_KNOWN = 500_000  # a long-running process: keep memory bounded


def _strings_for(strings, lemmas: list[int], lowers: list[int]) -> tuple[dict[int, str], dict[int, str]]:
    """The two tables above, completed with the ids of one document."""
    if len(_LEMMA_LOWER) > _MAX_KNOWN or len(_LOWER_TEXT) > _MAX_KNOWN:
        _LEMMA_LOWER.clear()
        _LOWER_TEXT.clear()
    for x in set(lemmas).difference(_LEMMA_LOWER):
        _LEMMA_LOWER[x] = strings[x].lower()
    for x in set(lowers).difference(_LOWER_TEXT):
        _LOWER_TEXT[x] = strings[x]
    return _LEMMA_LOWER, _LOWER_TEXT


# -- syntax helpers -------------------------------------------------------------------------

def _sentence_bounds(doc: Doc) -> list[tuple[int, int]]:
    """Each token's sentence as (start, end) token indices: `Token.sent` walks the whole Doc's
    sentences on every call."""
    if not doc.has_annotation("SENT_START"):
        return [(0, len(doc))] * len(doc)  # no parser or senter: one sentence
    if "sents" in doc.user_hooks:
        bounds: list[tuple[int, int]] = []
        for sent in doc.sents:
            bounds += [(sent.start, sent.end)] * len(sent)
        return bounds
    # As `Doc.sents` cuts them (a sentence starts at each SENT_START of 1 after the first
    # token), from one array read instead of a Span per sentence.
    flags = doc.to_array([SENT_START]).tolist()
    starts = [0] + [i for i in range(1, len(flags)) if flags[i] == 1] + [len(flags)]
    bounds = []
    for s, e in zip(starts, starts[1:]):
        bounds += [(s, e)] * (e - s)
    return bounds


def _token_id_list(index: "EntityIndex", spans: Iterable[Offsets | None]) -> list[int]:
    """The indices of the tokens the char spans cover, ascending, each once."""
    runs = []
    for off in spans:
        if not off or off[1] <= off[0]:
            continue
        span = index.char_span(off[0], off[1])
        if span is not None and span[0] < span[1]:
            runs.append(span)
    if len(runs) == 1:
        return list(range(*runs[0]))
    ids: set[int] = set()
    for lo, hi in runs:
        ids.update(range(lo, hi))
    return sorted(ids)


def _tokens(index: "EntityIndex", spans: Iterable[Offsets | None]) -> list[Token]:
    doc = index.doc
    return [doc[i] for i in _token_id_list(index, spans)]


def _cue_head(toks: list[Token], cue_lemma: str | None) -> Token | None:
    if not toks:
        return None
    if cue_lemma:
        for t in toks:
            if t.lemma_.lower() == cue_lemma.lower():
                return t
    return _phrase_head(toks)


def _phrase_head(toks: list[Token]) -> Token:
    ids = {t.i for t in toks}
    for t in toks:
        if t.head.i not in ids or t.head.i == t.i:
            return t
    return toks[0]


def _phrase_head_id(ids: list[int], heads: list[int]) -> int:
    """`_phrase_head` by token index (`heads`: each token's head index)."""
    members = set(ids)
    for i in ids:
        h = heads[i]
        if h not in members or h == i:
            return i
    return ids[0]


def _has_dative(t: Token) -> bool:
    return any(c.dep_ in ("dative", "iobj") for c in t.children)


def _has_neg(t: Token) -> int:
    """How many negation words `t` carries ("not", "never"; "no role"; "neither ... nor")."""
    return sum(1 for c in t.children
               if c.dep_ == "neg" or (c.lower_ in NEG_WORDS and c.dep_ in ("det", "advmod", "preconj", "cc")))


def _is_negated(t: Token) -> bool:
    """Whether `t` is negated: by a word on it or on its copula ("was not involved", "played
    no role"), or by a governing verb ("refused to confirm", "stopped short of accusing");
    two negations cancel ("did not hesitate to accuse")."""
    count = _has_neg(t)
    if t.dep_ in COPULA_SLOTS and t.head.lemma_ == "be":
        count += _has_neg(t.head)
    if t.dep_ in ("dobj", "attr") and t.pos_ in ("NOUN", "PROPN") and not (
            t.dep_ == "attr" and t.head.lemma_ == "be"):  # a copula's negation is counted above
        count += _has_neg(t.head)  # "did not play a role"
    if t.dep_ == "pobj" and t.head.lower_ == "of" and t.head.head.pos_ == "NOUN":
        count += _has_neg(t.head.head)  # "no sign of Kyiv's involvement"
    if t.dep_ == "conj" and any(c.lower_ in ("neither", "nor") for c in t.head.children):
        count += 1  # "neither confirmed nor denied"
    up = t
    for _ in range(3):
        if up.dep_ == "xcomp":
            up = up.head  # "refused to confirm"
        elif up.dep_ == "pcomp" and up.head.dep_ == "prep":
            up = up.head.head  # "stopped short of accusing", "refrained from accusing"
        else:
            break
        if up.lemma_.lower() in NEGATING_GOVERNORS:
            count += 1
        count += _has_neg(up) if up.pos_ in ("VERB", "AUX", "ADJ") else 0
    return count % 2 == 1


def _subjects(t: Token, deps: tuple[str, ...]) -> list[Token]:
    """The subjects of `t`, looking through copulas, coordination and relative pronouns."""
    for cand in (t, t.head if t.dep_ in COPULA_SLOTS or t.dep_ in ("conj", "xcomp") else None):
        if cand is None:
            continue
        subj = [c for c in cand.children if c.dep_ in deps]
        if cand is not t and t.dep_ == "xcomp":
            # "urged Kyiv to stop": the object does the act; "tried to carry out": the subject.
            subj = [c for c in cand.children if c.dep_ == "dobj"] or subj
        if subj:
            out = []
            for s in subj:
                if s.lower_ in RELATIVE and cand.dep_ == "relcl":
                    s = cand.head  # "those who commissioned the attack"
                out += _conjoined(s)
            return out
    return []


def _doers(t: Token) -> list[Token]:
    """Who did the act `t`: the active subject, or the passive's "by" agent."""
    for c in t.children:
        if c.dep_ == "agent":
            return [x for p in c.children if p.dep_ == "pobj" for x in _conjoined(p)]
    if any(c.dep_ in ("nsubjpass", "auxpass") for c in t.children):
        return []  # a passive without its agent names only the victim
    return _subjects(t, ("nsubj",))


def _culpable_doers(t: Token) -> list[Token]:
    """Whom a blaming predicate blames: "X is involved", "X was behind it", "the culprit is X"."""
    if t.pos_ in ("NOUN", "PROPN"):
        if t.dep_ in ("nsubj", "nsubjpass"):
            return [c for c in t.head.children if c.dep_ in ("attr", "acomp")]
        if t.dep_ == "attr":
            return _subjects(t.head, ("nsubj",))
        if t.dep_ == "appos":
            return [t.head]
        return []
    if t.pos_ == "VERB" and t.lemma_.lower() in OBJECT_DOER_VERBS:
        passive = any(c.dep_ in ("nsubjpass", "auxpass") for c in t.children) or t.dep_ in COPULA_SLOTS
        if not passive:
            # Active: "the plot involved Ukrainian agents"; "the agencies involved".
            agent = [c for c in t.children if c.dep_ == "dobj"] or ([t.head] if t.dep_ in ("acl", "amod") else [])
            if agent:
                return agent
        # Passive: the subject is the one involved, whoever the "by" agent ("X was implicated").
    elif t.pos_ == "VERB":
        agent = _doers(t)
        if agent:
            return agent
    return _subjects(t, ("nsubj", "nsubjpass"))


def _misdeed_owners(t: Token) -> list[Token]:
    """Who did a misdeed named by a noun: "Russia's invasion", "a provocation by the Kremlin"
    (not "the Moscow attack" or "the Russian border": modifiers name places as often as doers)."""
    # "Friday's attack", "last week's bombing": a time owns no deed
    out = [c for c in t.children if c.dep_ == "poss" and c.ent_type_ not in ("DATE", "TIME")]
    if t.dep_ == "attr":
        # said of something, a nationality names the doer: "the strike was a Ukrainian
        # provocation", "it was a Russian missile attack"
        out += [c for c in t.children if c.dep_ == "amod" and c.pos_ == "ADJ" and c.text[:1].isupper()]
    # "a provocation by the Kremlin"; "a provocation staged by the Kyiv regime" (a participle's agent)
    preps = [c for c in t.children if c.dep_ == "agent" or (c.dep_ == "prep" and c.lower_ == "by")]
    preps += [a for c in t.children if c.dep_ == "acl" and c.tag_ == "VBN" for a in c.children if a.dep_ == "agent"]
    return out + [p for c in preps for p in c.children if p.dep_ == "pobj"]


def _aim_of_named_misdeed(t: Token, lex: Lexicon) -> bool:
    """Whether `t` tells what a named party's misdeed was for ("a provocation by the Kremlin meant
    to fuel hysteria", "a campaign by Moscow to spread lies"): a dismissive word there describes
    the misdeed, it dismisses nothing the speaker was told."""
    return any("wrongdoing" in lex.classes(a) and any(
        d.pos_ == "PROPN" for m in _misdeed_owners(a) for d in m.subtree) for a in t.ancestors)


def _linked_to(to: Token, lex: Lexicon) -> list[Token]:
    """The party that "link X to Y" ties to wrongdoing: Y ("linking the attackers to Ukrainian
    nationalists"), or X when Y is the deed ("link Ukraine to the attack")."""
    y = [p for p in to.children if p.dep_ == "pobj"]
    if y and not any(_is_wrong(p, lex) for p in y):
        return y
    return [c for c in to.head.children if c.dep_ == "dobj"]


def _present(t: Token) -> bool:
    """A verb in the present or future: "we reject", "we will not accept", not "we warned"."""
    if t.tag_ in ("VBP", "VBZ"):
        return True
    return t.tag_ == "VB" and any(c.dep_ == "aux" and c.tag_ in ("MD", "VBP", "VBZ") for c in t.children)


def _role_owners(t: Token) -> list[Token]:
    """Whose role a role noun names: "Ukraine's participation", "the Ukrainian footprint",
    "the responsibility of IS"."""
    # Only a named modifier owns the role: "the Ukrainian footprint", not "sole responsibility".
    out = [c for c in t.children if c.dep_ == "poss"
           or (c.dep_ in ("amod", "compound") and (c.ent_type_ or c.text[:1].isupper()))]
    out += [p for c in t.children if c.dep_ == "prep" and c.lower_ in ("of", "by")
            for p in c.children if p.dep_ == "pobj"]
    if not out and t.dep_ == "dobj":
        out = _subjects(t.head, ("nsubj",))  # "Kyiv played no role"
    return out


def _complement_ok(t: Token, lex: Lexicon, wrong_ctx: bool, phrase: Iterable[Token] = ()) -> bool:
    """A blaming predicate blames when bare ("is directly involved") or when its complement is
    wrongdoing ("involved in this attack"), not for "involved in the talks". For an idiom, the
    complement may hang on any of its words ("nothing to do with the attack")."""
    comps = [p for w in (t, *phrase) for c in w.children if c.dep_ == "prep" and c.lower_ in COMPLEMENT_PREPS
             for p in c.children if p.dep_ == "pobj"]
    comps += [p for w in phrase if w.dep_ == "prep" for p in w.children if p.dep_ == "pobj"]
    if t.lower_ == "behind" or t.pos_ == "ADP":
        comps += [c for c in t.children if c.dep_ == "pobj"]
    if not comps:
        return True
    return any(_is_wrong(p, lex) or (wrong_ctx and (p.lower_ in OBJECT_PRONOUNS or _anaphoric(p)))
               for p in comps)


# Nouns that, pointed at ("these events", "the incident"), stand for what the text is about.
_EVENT_NOUNS = frozenset({"event", "incident", "tragedy", "affair", "case", "matter", "situation",
                          "episode", "development"})


def _anaphoric(p: Token) -> bool:
    """"these events", "this", "the incident": a complement that points back at the story's
    event (which, in a sentence about wrongdoing, is the wrongdoing)."""
    return p.lemma_.lower() in _EVENT_NOUNS or any(
        c.dep_ == "det" and c.lower_ in ("this", "these", "that", "those") for c in p.children)


def _act_on_wrongdoing(t: Token, lex: Lexicon, wrong_ctx: bool, negated: bool = False) -> bool:
    """A neutral act blames its doer when what was done is wrongdoing: "ordered the attack",
    "the attack was carried out by", "had ordered it" in a sentence about an attack. An act of
    force does when it uses a weapon ("fired by the army"); crossing a border does in a sentence
    about wrongdoing, and its negation clears ("none of its systems crossed the border")."""
    objs = [c for c in t.children if c.dep_ in ("dobj", "nsubjpass", "attr")]
    lemma = t.lemma_.lower()
    if lemma in FORCE_VERBS and any(lex.classes(w) & {"weapon"} for o in objs for w in o.subtree):
        return True
    if lemma == "cross" and (wrong_ctx or negated) and any(lex.classes(o) & {"frontier"} for o in objs):
        return True
    if not objs and t.dep_ == "conj":
        objs = [c for c in t.head.children if c.dep_ == "nsubjpass"]  # "prepared by X and facilitated by Y"
    if not objs:
        return False
    for o in objs:
        if o.dep_ == "nsubjpass":
            if any(lex.classes(w) & {"wrongdoing", "crime"} for w in o.subtree):
                return True
        elif _is_wrong(o, lex) or (o.lower_ in OBJECT_PRONOUNS and wrong_ctx):
            return True
    return False


def _is_wrong(t: Token, lex: Lexicon) -> bool:
    """Whether a noun phrase's head, its conjuncts or its modifiers name wrongdoing."""
    for w in (t, *t.conjuncts):
        if lex.classes(w) & {"wrongdoing", "crime"}:
            return True
        if any(lex.classes(c) & {"wrongdoing", "crime"} for c in w.children if c.dep_ in ("amod", "compound")):
            return True
    return False


def _fits_pos(pos: int, cls: str) -> bool:
    """Acts are verbs ("attack" the noun is wrongdoing, not a predicate); roles are nouns.
    `pos`: the token's part of speech as a spaCy symbol (no Token needed)."""
    if cls in ("crime", "act"):
        return pos == VERB
    if cls in ("role", "deed", "wrongdoing", "wrongdoer"):
        return pos == NOUN or pos == PROPN
    return True


def _conjoined(t: Token) -> list[Token]:
    """`t` and its conjuncts, when a conjunction joins them ("US, Britain and Ukraine"); a
    comma alone is as often a misparsed apposition ("against Kyiv, Biden's advisor")."""
    conj = t.conjuncts
    if conj and any(c.dep_ == "cc" for x in (t, *conj) for c in x.children):
        return [t, *conj]
    return [t]


def _unique(items: Iterable[str | None]) -> list[str]:
    seen: dict[str, None] = {}
    for x in items:
        if x and x not in seen:
            seen[x] = None
    return list(seen)


def _negated_by_context(t: Token, lex: Lexicon) -> bool:
    """Whether the clause of `t` is negated from outside it: by a negative subject ("none of its
    missile systems had ever crossed", "nothing suggests"), or by a negated word of evidence that
    governs it ("no indication that the army was involved", "seen nothing to suggest that Kyiv was
    behind it", "there is no sign that")."""
    clause = t.head if t.dep_ in COPULA_SLOTS else t
    if any(c.dep_ in ("nsubj", "nsubjpass") and (c.lower_ in NEG_SUBJECTS or _has_neg(c)) for c in clause.children):
        return True
    up = clause
    for _ in range(3):
        if up.dep_ not in ("ccomp", "acl", "xcomp", "relcl", "advcl") or up.head is up:
            return False
        gov = up.head
        if _negative_quantity(gov):
            return True  # "there is nothing that Putin is not behind", "not much that ..."
        if "evidence" in lex.classes(gov):
            if _has_neg(gov) or (gov.dep_ in ("dobj", "attr", "nsubj") and _has_neg(gov.head)):
                return True
            # "nothing to suggest", "no one to confirm": the evidence verb qualifies a negative
            if gov.dep_ in ("relcl", "acl", "xcomp") and gov.head.lower_ in NEG_SUBJECTS:
                return True
            if any(c.dep_ in ("nsubj",) and c.lower_ in NEG_SUBJECTS for c in gov.children):
                return True
            return False
        up = gov
    return False


def _described(t: Token) -> list[Token]:
    """Whom a wrongdoer noun is said of: the object of a describing verb ("called Putin a war
    criminal", "branded Kyiv as the aggressor") or the subject of a copula ("X is a terrorist")."""
    head = t.head
    if t.dep_ in ("pobj", "pcomp") and head.lower_ == "as":
        t, head = head, head.head
    if t.dep_ in ("oprd", "xcomp", "ccomp", "dobj", "prep", "advcl") and head.lemma_.lower() in DESCRIBING_VERBS:
        objs = [c for c in head.children if c.dep_ in ("dobj", "nsubjpass") and c is not t]
        if objs:
            return objs
    if t.dep_ == "attr" and head.lemma_ == "be":
        return [c for c in head.children if c.dep_ == "nsubj"]
    return _misdeed_owners(t)


def _question_ids(doc: Doc, first: int, sents: list[tuple[int, int]]) -> list[int]:
    """The tokens of the question ("whether ...", "if ...") put before an answer starting at
    token `first`, in the same sentence, ascending."""
    lo = sents[first][0]
    return sorted({w.i for t in doc[lo:first] if t.lower_ in ("whether", "if") and t.dep_ == "mark"
                   for w in t.head.subtree if w.i < first})


def _asked_parties(doc: Doc, first: int, sents: list[tuple[int, int]], index: "EntityIndex",
                   speaker: str | None) -> list[str]:
    """The parties named in the question put before an answer starting at token `first`."""
    return index.mentioned(_question_ids(doc, first, sents), exclude=speaker)


def _affirmative_answer(ids: list[int], index: "EntityIndex") -> list[str] | None:
    """A bare yes ("Yes.", "Of course.", "We believe so.", "Of course, Kyiv."): the parties it
    names (none for a plain yes); None for anything else. No verb but one of belief before "so";
    at most six words."""
    words = [(i, index.words[i]) for i in ids if index.pos[i] != PUNCT]
    if not 0 < len(words) <= 6:
        return None
    if words[-1][1][1] == "so" and len(words) <= 3 and any(lemma in BELIEF_SO for _, (lemma, _l) in words):
        return []
    if words[0][1][1] not in AFFIRMATIVE_ANSWERS or any(index.verbs[i] for i in ids):
        return None
    rest = [i for i, (_lemma, lower) in words if lower not in AFFIRMATIVE_ANSWERS]
    if any(index.at[i] is None and index.words[i][1] not in ("and", "or", "the") for i in rest):
        return None  # "Of course, the talks go on": more than a yes
    return index.mentioned(rest, exclude=None)


# Cues whose object is whom the statement is said to: "told Netanyahu", "assured the envoy".
ADDRESSING_VERBS = frozenset({"tell", "assure", "warn", "inform", "remind", "promise", "reassure", "ask"})


def _addressee(head: Token, index: "EntityIndex", speaker: str | None) -> tuple[str | None, list[str]]:
    """The entity a cue addresses ("told Israeli Prime Minister Netanyahu"), if named, and the
    parties its phrase says it stands for ("Israeli": Israel)."""
    if head.lemma_.lower() not in ADDRESSING_VERBS:
        return None, []
    for c in head.children:
        if c.dep_ in ("dobj", "dative", "iobj") and c.lower_ not in SECOND_PERSON:
            eid = index.primary(c, speaker, False)
            if eid is not None and eid != speaker:
                parties = index.mentioned([w.i for w in c.subtree], exclude=eid)
                return eid, [p for p in parties if p != speaker and p not in index.persons]
    return None, []


def _subjectless_gerund(ids: list[int], index: "EntityIndex") -> bool:
    """Whether a content is a gerund phrase with no subject of its own ("firing at the camp",
    "having any role in it"): its doer is whoever denies or admits it."""
    head = index.doc[_phrase_head_id(ids, index.heads)]
    return head.tag_ == "VBG" and not any(c.dep_ in ("nsubj", "nsubjpass", "poss") for c in head.children)


def _negative_answer(ids: list[int], index: "EntityIndex") -> bool:
    """Whether a content is a bare no: "Of course not.", "No.", "Absolutely not." (no verb)."""
    # counted in words: the content's span may take in its quote marks ('"Of course not."')
    words = [index.words[i][1] for i in ids if index.pos[i] != PUNCT]
    return 0 < len(words) <= 4 and words[-1] in NEGATIVE_ANSWERS and not any(index.verbs[i] for i in ids)


def _negation_inside(head: Token, ids: list[int]) -> bool:
    """Whether every negation word on the cue lies inside the content (the quoted "not")."""
    lo, hi = ids[0], ids[-1]
    negs = [c for c in head.children if c.dep_ == "neg" or (c.lower_ in NEG_WORDS and c.dep_ in ("det", "advmod"))]
    return bool(negs) and all(lo <= c.i <= hi for c in negs)


def _names_statement(t: Token, lex: Lexicon, cues: Lexicon) -> bool:
    """Whether a noun phrase names a statement: "the accusations", "Kyiv's claims", or an attempt
    to blame ("Russia's attempts to blame Ukraine")."""
    if "claim" in lex.classes(t):
        return True
    if t.lemma_.lower() in ("attempt", "effort", "bid", "try"):
        for c in t.children:
            if c.dep_ in ("acl", "xcomp", "relcl"):
                entries = cues.words.get(c.lemma_.lower())
                if entries and entries[0].value == "accuse":
                    return True
    return False


# Verbs of presenting evidence: "gave no evidence", "without providing proof" said of the speaker
# is the reporter's caveat, not the speaker dismissing anything.
PRESENTING_VERBS = frozenset({"give", "provide", "offer", "present", "produce", "cite", "show", "supply",
                              "publish", "release", "share"})
# Copulas through which a word is said of its subject: "the claims are absurd", "seem baseless".
LINKING_VERBS = frozenset({"be", "seem", "appear", "remain", "sound", "look", "become"})


def _evidence_hedge(t: Token) -> bool:
    """Whether a word of evidence is the object of a presenting verb with no subject of its own
    ("..., but gave no evidence", "without providing proof"): the speaker is its subject."""
    verb = t.head
    return (t.dep_ == "dobj" and verb.lemma_.lower() in PRESENTING_VERBS
            and not any(c.dep_ in ("nsubj", "nsubjpass") for c in verb.children))


def _said_of_statement(t: Token, lex: Lexicon, cues: Lexicon) -> bool:
    """Whether a word is predicated of, or modifies, a noun naming a statement: "the accusations
    were unacceptable", "statements blaming Moscow are outrageous", "these insulting claims"."""
    if t.dep_ == "amod":
        return _names_statement(t.head, lex, cues)
    if t.dep_ in ("acomp", "attr", "oprd", "xcomp") and t.head.lemma_.lower() in LINKING_VERBS:
        return any(_names_statement(c, lex, cues) for c in t.head.children if c.dep_ == "nsubj")
    if t.dep_ == "conj":
        return _said_of_statement(t.head, lex, cues) if t.head is not t else False
    return False


def _owned_by_pronoun(d: Token) -> bool:
    """Whether a doer phrase is owned by a third-person possessive ("its fighters", "four of
    their men") and names no one else."""
    for x in (d, *(p for c in d.children if c.dep_ == "prep" and c.lower_ == "of" for p in c.children
                   if p.dep_ == "pobj")):
        if any(c.dep_ == "poss" and c.lower_ in ("its", "their") for c in x.children):
            return True
    return False


def _has_agent(t: Token) -> bool:
    return any(c.dep_ == "agent" for c in t.children)


# Prepositions that give a deed's place or victim: "over eastern Ukraine", "on the hospital".
PLACE_PREPS = frozenset({"in", "over", "at", "near", "on", "inside", "outside", "across", "into", "against"})


def _struck(doc: Doc, ids: list[int], classes_of: list[frozenset[str]], index: "EntityIndex") -> list[str]:
    """Entities in the objects and places of the content's crimes (see `Reading.struck`)."""
    out: list[str] = []
    for i in ids:
        if "crime" in classes_of[i] and index.pos[i] == VERB:
            t = doc[i]
            for c in t.children:
                if c.dep_ in ("dobj", "nsubjpass") or (c.dep_ == "prep" and c.lower_ in PLACE_PREPS):
                    out += [e for w in c.subtree if (e := index.at[w.i])]
    return out


def _negative_quantity(t: Token) -> bool:
    """A negative quantity that a clause is said of: "nothing (that ...)", "none", or an
    existential "there is not much / not anything (that ...)"."""
    if t.lower_ in ("nothing", "none"):
        return True
    if t.dep_ == "attr" and t.head.lemma_ == "be" and t.head is not t:
        t = t.head  # the relative clause hangs on the quantity: "there's not much [that ...]"
    if t.lemma_ == "be" and any(c.dep_ == "expl" for c in t.children):
        attrs = [c for c in t.children if c.dep_ == "attr"]
        return any(a.lower_ in ("nothing", "none") or (a.lower_ in ("much", "anything", "anyone") and _has_neg(t))
                   for a in attrs)
    return False


def _trailing_participle(t: Token) -> bool:
    """A present participle after a comma, with no subject: "..., accusing Moscow of ..."."""
    return (t.tag_ == "VBG" and t.dep_ in ("advcl", "conj", "xcomp") and t.i > 0 and t.doc[t.i - 1].text == ","
            and not any(c.dep_ in ("nsubj", "nsubjpass", "aux", "auxpass") for c in t.children))


def _may_use_force(t: Token, lex: Lexicon) -> bool:
    """Whether an act of force or crossing has a weapon or border among its objects."""
    return any(lex.classes(w) & {"weapon", "frontier"} for c in t.children if c.dep_ in ("dobj", "nsubjpass", "attr")
               for w in c.subtree)
