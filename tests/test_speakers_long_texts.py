"""Speaker resolution on long texts: its look-backs (the latest body or person named before, a
role noun's holder, a pronoun's antecedents) must not walk the whole text for each source.

Walking back over every earlier mention or title made resolution quadratic: a 15,000-character
text of the paragraph below took 1.6 s, a 100,000-character one minutes. Real components from
the model up to the attribution drafts; only the speaker step is timed."""

import time

import pytest

from claimgraph.nlp import doc_state
from claimgraph.nlp.pipeline import build_language
from speaker_support import parsed_up_to_speakers

# Every rule that looks back: an apposed title, a role noun calling back its holder, a pronoun,
# a body named by its head noun, an acronym the text defines (both ways), a title-only role.
PARAGRAPH = (
    "Dmitry Peskov, the Kremlin spokesman, said the talks had failed. The Kremlin spokesman said "
    "Moscow would respond. He added that the Russian defence ministry was ready. The ministry said "
    "its forces had struck targets. Ukraine's military intelligence agency (HUR) said the strike "
    "missed. The HUR, as the agency is known, said more attacks would follow. The minister said "
    "the talks had failed.\n\n")


@pytest.fixture(scope="module")
def nlp():
    nlp = build_language()
    nlp.max_length = 200_000
    return nlp


def up_to_speakers(nlp, text):
    return parsed_up_to_speakers(nlp, text), nlp.get_pipe("claimgraph_speakers")


def speakers_by_paragraph(doc):
    ents = {e.id: e.name for e in doc_state.entities(doc)}
    drafts = sorted(doc_state.attributions(doc), key=lambda d: (d.cue or d.source or (0, 0))[0])
    paragraphs: dict[int, list] = {}
    for d in drafts:
        at = (d.cue or d.source)[0]
        paragraphs.setdefault(at // len(PARAGRAPH), []).append(ents.get(d.speaker))
    return [paragraphs[k] for k in sorted(paragraphs)]


def test_a_long_text_resolves_in_bounded_time_and_each_paragraph_alike(nlp):
    n = 120  # about 47,000 characters
    doc, speakers = up_to_speakers(nlp, PARAGRAPH * n)
    started = time.perf_counter()
    speakers(doc)
    took = time.perf_counter() - started
    # Linear resolution takes about 0.2 s here; the quadratic one took over a minute. The bound
    # leaves room for a busy machine.
    assert took < 4.0, f"speaker resolution took {took:.1f} s on {len(doc.text)} characters"
    found = speakers_by_paragraph(doc)
    assert len(found) == n
    second = found[1]
    assert second[:3] == ["Dmitry Peskov"] * 3  # apposition, role noun, "he"
    assert second[3] == "Russian defence ministry"  # "the ministry": the body named before
    assert "Ukraine's military intelligence agency" in second[4:]  # "The HUR, as the agency is known"
    # what a paragraph's sources are does not depend on how much text came before it
    assert all(p == second for p in found[1:]), [i for i, p in enumerate(found) if p != second]
