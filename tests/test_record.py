"""From the drafts our components leave on a Doc to the FORMAT.md record."""

import spacy

from claimgraph.model import Meta
from claimgraph.nlp import doc_state
from claimgraph.nlp.doc_state import DraftAttribution, DraftEntity
from claimgraph.nlp.pipeline import RecordComponent, analysis_from_doc

TEXT = "“We had nothing to do with it,” the spokesman said. Later he said « no » again."


def make_doc():
    doc = spacy.blank("en")(TEXT)
    q_end = TEXT.index(",”") + 2
    doc_state.entities(doc).append(DraftEntity("x", "Ukraine", "GPE", mentions=[(35, 48)]))
    doc_state.attributions(doc).extend([
        # a direct quote handed over with its marks (as the learned tagger does)
        DraftAttribution("direct", cue=(TEXT.index("said"), TEXT.index("said") + 4),
                         source=(TEXT.index("the spokesman"), TEXT.index(" said")), content=[(0, q_end)], speaker="x",
                         stance="deny", targets=["x", "unknown"]),
        # marks inside a mixed quote's content are kept
        DraftAttribution("mixed", cue=(TEXT.rindex("said"), TEXT.rindex("said") + 4),
                         source=(TEXT.index("he "), TEXT.index("he ") + 2),
                         content=[(TEXT.index("«"), TEXT.index("»") + 1)]),
    ])
    return doc


def test_direct_quote_content_leaves_out_the_outer_marks_and_ids_are_assigned():
    record = analysis_from_doc(make_doc(), id="d", meta=Meta()).to_dict()
    direct, mixed = record["attributions"]
    assert direct["content"][0]["text"] == "We had nothing to do with it,"
    assert mixed["content"][0]["text"] == "« no »"
    assert direct["speaker"] == "e1" and direct["targets"] == ["e1"]  # unknown ids are dropped
    assert [a["id"] for a in record["attributions"]] == ["a1", "a2"]
    assert mixed["stance"] == "assert"  # no stance decided: the neutral default


def test_record_component_freezes_plain_data_that_survives_doc_bytes():
    doc = RecordComponent()(make_doc())
    assert doc._.cg_attributions is None
    restored = spacy.blank("en")("")
    restored.from_bytes(doc.to_bytes())  # what spaCy's multiprocessing does
    assert analysis_from_doc(restored, id="d", meta=Meta()).to_dict() == \
        analysis_from_doc(make_doc(), id="d", meta=Meta()).to_dict()
