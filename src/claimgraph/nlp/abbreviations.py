"""Title abbreviations the English tokenizer splits: "Capt.", "Lt.", "Maj.", "Brig." ...

spaCy's English exceptions keep "Gen.", "Gov.", "Sen." and "Adm." whole but not most military
ranks and several civil titles, so "Army Capt. Christian Pardo said" becomes "Capt" + "." and
the parser ends a sentence there: the speaker is cut off from the cue ("Lt. Gen. Igor
Konashenkov", the Russian defence ministry's spokesman, is a staple of war reporting). Kept
whole, the abbreviation reads as part of the name. Only capitalised forms are listed, and none
that is also a common word that ends sentences ("No.", lowercase "ft.").
"""

from __future__ import annotations

from spacy.language import Language
from spacy.symbols import ORTH

TITLE_ABBREVIATIONS = (
    # military ranks
    "Capt.", "Lt.", "Lieut.", "Col.", "Cols.", "Maj.", "Gens.", "Brig.", "Sgt.", "Cpl.", "Pvt.",
    "Pfc.", "Spc.", "Cmdr.", "Cdr.", "Ret.",
    # civil titles and offices
    "Sens.", "Reps.", "Govs.", "Pres.", "Supt.", "Insp.", "Det.", "Atty.", "Amb.", "Sec.", "Secs.",
    "Fr.", "Hon.", "Sr.", "Dept.", "Govt.", "Ft.",
)


def add_title_abbreviations(nlp: Language) -> None:
    """Make the tokenizer keep each of TITLE_ABBREVIATIONS as one token."""
    for abbreviation in TITLE_ABBREVIATIONS:
        nlp.tokenizer.add_special_case(abbreviation, [{ORTH: abbreviation}])
