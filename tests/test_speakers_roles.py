"""Speaker resolution of role nouns, bodies named by their head noun, acronyms the text defines,
datelines and agencies named as sources: real parses, drafts built by hand (as in
tests/test_speakers.py)."""


import pytest

from claimgraph.nlp import doc_state
from claimgraph.nlp.doc_state import DraftAttribution
from speaker_support import at, parsed_up_to_speakers, speaker_nlp


@pytest.fixture(scope="module")
def nlp():
    return speaker_nlp()


def resolve(nlp, text, sources):
    """`sources`: source texts, or (source, cue) pairs when the rule reads the cue."""
    doc = parsed_up_to_speakers(nlp, text)
    drafts = []
    for src in sources:
        source, cue = src if isinstance(src, tuple) else (src, None)
        s = at(text, source)
        cue_span = None
        if cue:
            c = text.index(cue, s[1]) if cue in text[s[1]:] else text.index(cue)
            cue_span = (c, c + len(cue))
        drafts.append(DraftAttribution(type="indirect", cue=cue_span, source=s, content=[]))
    doc_state.attributions(doc).extend(drafts)
    doc = nlp.get_pipe("claimgraph_speakers")(doc)
    ents = {e.id: e for e in doc_state.entities(doc)}
    return [ents[d.speaker] if d.speaker else None for d in drafts], ents


def names(found):
    return [e.name if e else None for e in found]


def test_a_country_role_phrase_is_the_person_titled_so(nlp):
    text = ("Brazilian President Luiz Inacio Lula da Silva arrived in Lisbon. Ana Costa welcomed him. "
            "Later the Brazilian president said trade talks would resume.")
    found, _ = resolve(nlp, text, ["Ana Costa", "the Brazilian president"])
    assert names(found)[1] == "Luiz Inacio Lula da Silva"


def test_a_country_leader_phrase_is_the_head_of_state(nlp):
    text = "Putin, the Russian leader, met Xi on Monday. The Kremlin leader complained that Russia was excluded."
    found, _ = resolve(nlp, text, ["The Kremlin leader"])
    assert names(found) == ["Putin"]


def test_a_role_phrase_no_title_fits_is_the_person_who_just_spoke(nlp):
    text = "Olena Kovalenko spoke in Lviv on Friday. \"We will rebuild,\" the Ukrainian minister said."
    found, _ = resolve(nlp, text, ["Olena Kovalenko", "the Ukrainian minister"])
    assert names(found) == ["Olena Kovalenko", "Olena Kovalenko"]
    assert found[1].type == "PERSON"


def test_a_spokesman_is_never_the_person_he_speaks_for(nlp):
    text = ("Vladimir Putin spoke on Monday. Dmitry Peskov said the claim was strange. That, Putin's "
            "spokesman said, showed a wish to divert attention.")
    found, _ = resolve(nlp, text, ["Dmitry Peskov", "Putin's spokesman"])
    assert names(found) == ["Dmitry Peskov", "Dmitry Peskov"]
    text = ("Emmanuel Macron met Olaf Scholz. National Security Adviser Jake Sullivan said the meeting went "
            "well. Afterwards Macron's spokesman said no deal had been signed.")
    found, _ = resolve(nlp, text, ["National Security Adviser Jake Sullivan", "Macron's spokesman"])
    assert names(found)[1] not in ("Emmanuel Macron", "Jake Sullivan")  # a title of its own


def test_a_role_phrase_does_not_take_a_person_of_another_country_named_later(nlp):
    text = ("MOSCOW – Vladimir Putin accused the West on Friday. In a speech, the Russian president said "
            "the culprits were obvious. President Joe Biden called that a lie.")
    found, _ = resolve(nlp, text, [("MOSCOW", "accused"), "the Russian president"])
    assert names(found) == ["Vladimir Putin", "Vladimir Putin"]


@pytest.mark.parametrize("text,source,want", [
    ("Poland's interior ministry confirmed the arrests. The ministry said the men came from Belarus.",
     "The ministry", "Poland's interior ministry"),
    ("The case went to the Regional Court of Gdansk in June. The court said the hearing would be closed.",
     "The court", "Regional Court of Gdansk"),
    ("The State Bureau of Investigation opened a case. Investigators said the money went through shell firms.",
     "Investigators", "State Bureau of Investigation"),
    ("The Security Service of Ukraine detained two men. The security service said they had sent coordinates.",
     "The security service", "Security Service of Ukraine"),
])
def test_a_body_named_by_its_head_noun(nlp, text, source, want):
    found, _ = resolve(nlp, text, [source])
    assert names(found) == [want]


def test_a_common_noun_with_no_body_behind_it_stays_apart(nlp):
    text = "Ukrainian military intelligence reported the strike. The military said it had not been warned."
    found, _ = resolve(nlp, text, ["The military"])
    assert names(found) != ["Ukrainian military intelligence"]


def test_plural_leaders_of_a_country_and_fronted_officials(nlp):
    found, _ = resolve(nlp, "Turkish leaders said the corridor had to stay open.", ["Turkish leaders"])
    assert names(found) == ["Turkey"]
    found, _ = resolve(nlp, "In Warsaw, officials said the missile was Ukrainian.", ["officials"])
    assert names(found) == ["Poland"]
    found, ents = resolve(nlp, "The Russian leader said the talks were over.", ["The Russian leader"])
    assert found[0].type == "PERSON"  # one leader is a person, not the state


def test_acronyms_the_text_defines_join_their_body(nlp):
    text = "Georgia's State Security Service (SSG) announced arrests. The SSG said a plot had been foiled."
    found, _ = resolve(nlp, text, ["The SSG"])
    assert names(found) == ["Georgia's State Security Service"]
    text = "Moldova's intelligence service, known as SIS, issued a warning. SIS said the plot was funded abroad."
    found, _ = resolve(nlp, text, ["SIS"])
    assert names(found) == ["Moldova's intelligence service"]
    text = ("Ukrainian military intelligence said the ship was hit. The GUR, as the directorate is also known, "
            "said the crew had left.")
    found, ents = resolve(nlp, text, ["The GUR"])
    assert names(found) == ["Ukrainian military intelligence"]
    assert "GUR" in found[0].aliases


def test_a_dateline_is_never_the_speaker(nlp):
    text = "WARSAW – Andrzej Duda said on Tuesday that the border would stay closed."
    found, ents = resolve(nlp, text, [("WARSAW", "said")])
    assert names(found) == ["Andrzej Duda"]
    assert not any(e.type == "GPE" and e.name == "Poland" for e in ents.values())  # a place here
    found, _ = resolve(nlp, "ROME – Italy rejected the proposal on Friday.", [("ROME – Italy", "rejected")])
    assert names(found) == ["Italy"]


def test_an_agency_reporting_another_subjects_statement_is_not_its_speaker(nlp):
    text = "Belarus's defence ministry put the number of troops at 8,000, the BelTA agency reported."
    found, _ = resolve(nlp, text, [("the BelTA agency", "put")])
    assert names(found) == ["Belarus's defence ministry"]
    text = "The number of troops rose to 8,000, the BelTA agency reported."
    found, _ = resolve(nlp, text, [("the BelTA agency", "reported")])
    assert names(found) != ["Belarus's defence ministry"] and found[0] is not None


def test_seats_of_government_at_a_sentence_start_are_their_state(nlp):
    text = ("The Kremlin rejected the report. The White House said it stood by it. The Elysee said Paris "
            "agreed. Downing Street declined to comment.")
    found, _ = resolve(nlp, text, ["The Kremlin", "The White House", "The Elysee", "Downing Street"])
    assert names(found) == ["Russia", "United States", "France", "United Kingdom"]


def test_a_new_subject_shifts_he_away_from_the_earlier_speaker(nlp):
    text = ("Ana Costa said the budget would pass. She repeated it on Friday. Then Luis Ferreira, the "
            "opposition leader, took the floor. Pressed by reporters on the vote, he said it would fail.")
    found, _ = resolve(nlp, text, ["Ana Costa", "She", "he"])
    assert found[1] is found[0] and names(found)[2] == "Luis Ferreira"


def test_an_organisation_boss_is_its_founder_named_before(nlp):
    text = ("Yevgeny Prigozhin, the founder of the Wagner group, led a mutiny in June. Two months later "
            "the Wagner boss said he was ready to fight.")
    found, _ = resolve(nlp, text, ["the Wagner boss"])
    assert names(found) == ["Yevgeny Prigozhin"]


@pytest.mark.parametrize("text,source,want", [
    # a possessive pronoun: whom "its"/"their" refers to
    ("The Serbian interior ministry issued a statement. Its officers said the border was calm.",
     "Its officers", "Serbian interior ministry"),
    ("Hezbollah fired rockets on Sunday. Their officials said more would follow.",
     "Their officials", "Hezbollah"),
    # an anaphoric noun after "for"
    ("Hezbollah fired rockets on Sunday. A spokesman for the group said more would follow.",
     "A spokesman for the group", "Hezbollah"),
    # the body named in the phrase
    ("A spokeswoman for Greenpeace said the tanker was leaking.", "A spokeswoman for Greenpeace", "Greenpeace"),
    ("An Amnesty International researcher said the camp was overcrowded.",
     "An Amnesty International researcher", "Amnesty International"),
])
def test_someone_unnamed_speaks_for_the_body_it_belongs_to(nlp, text, source, want):
    found, _ = resolve(nlp, text, [source])
    assert names(found) == [want]


def test_a_named_member_or_a_person_served_is_not_the_body(nlp):
    # one holder of a role, possessed or definite, is a person (titles may join them later)
    text = "The Serbian police raided the village. Serbia's police chief said two men were held."
    found, _ = resolve(nlp, text, ["Serbia's police chief"])
    assert found[0].type == "PERSON"
    # a person named in apposition speaks as that person
    text = "Hezbollah fired rockets. Its spokesman, Ali Haidar, said more would follow."
    found, _ = resolve(nlp, text, ["Its spokesman, Ali Haidar,"])
    assert names(found) == ["Ali Haidar"]
    # a spokesman for a person is not that person (nor a body)
    text = "Olaf Scholz left Berlin. A spokesman for Olaf Scholz said the trip went well."
    found, _ = resolve(nlp, text, ["A spokesman for Olaf Scholz"])
    assert names(found) != ["Olaf Scholz"]


def test_a_kin_description_is_the_person_who_just_spoke(nlp):
    text = ("Marina Ovsyannikova said on Monday that her son had been detained. In a video, the mother of "
            "the jailed student said the police had beaten him.")
    found, _ = resolve(nlp, text, ["Marina Ovsyannikova", "the mother of the jailed student"])
    assert names(found) == ["Marina Ovsyannikova", "Marina Ovsyannikova"]
    # nobody spoke before: a description of its own, never the person it relates to
    text = "Ivan Petrov was jailed in May. Weeks later, the wife of the jailed blogger said he was ill."
    found, _ = resolve(nlp, text, ["the wife of the jailed blogger"])
    assert names(found) != ["Ivan Petrov"]


def test_a_body_named_after_a_place_with_a_capital_article(nlp):
    text = "The Court of Appeal of The Hague upheld the ruling on Tuesday, and the ministry said it would comply."
    found, ents = resolve(nlp, text, [("The Court of Appeal of The Hague", "upheld")])
    assert names(found) == ["Court of Appeal of The Hague"]
