"""Story events: the per-article events of the records (`events` in FORMAT.md) that report the
same happening, joined across articles.

Rule (blocked by event family, so the cost stays linear in the number of events):
- types that name the same kind of happening are one family ("attack", "shooting", "bombing",
  "explosion", "massacre" ... are `violence`; "arrest" and "detention" are `arrest`);
- events that give both place and date found the story events: within a family, the same
  place (folded name) or overlapping dates make one story event ("the attack on Crocus City
  Hall on March 22" and "the March 22 attack in Moscow");
- the other events join a story event of their family by place, else by overlapping dates,
  else the family's story event with the most articles (a follow-up that says only "the
  attack" is about the story everyone reports; with several unrelated attacks in one store,
  such an event may join the wrong one), else they start their own;
- except an event that gives neither place nor date and finds no story of its family: it
  joins the story of a related harm (`HARMS`: a violent act, a crash, a death) that another
  event of its own article reports, if there is one. "The Kremlin rejected suggestions that it
  had ordered the killing of the Wagner boss" in an article on "the crash": the killing is the
  crash in other words, not a happening of its own. An arrest never joins a death this way.
The story event's label is "<most frequent type> at <place> (<first date>)".
"""

from __future__ import annotations

import hashlib
import unicodedata
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

FAMILIES = {
    "attack": "violence", "shooting": "violence", "bombing": "violence", "explosion": "violence",
    "arson": "violence", "killing": "violence", "massacre": "violence", "hostage_taking": "violence",
    "assassination": "violence", "raid": "violence", "shelling": "violence", "military_strike": "violence",
    "arrest": "arrest", "detention": "arrest", "raid_arrest": "arrest",
    "protest": "protest", "rally": "protest", "riot": "protest",
    "vote": "vote", "election": "vote", "referendum": "vote",
}


# Families of harm that one happening is reported as ("the crash" that killed, "the killing",
# "his death", "the explosion"): within one article, a bare mention of one is the other.
HARMS = frozenset({"violence", "crash", "death", "fire", "disaster"})


@dataclass
class StoryEvent:
    id: str
    family: str
    place: str | None
    types: Counter = field(default_factory=Counter)
    date_start: str | None = None
    date_end: str | None = None
    articles: set[str] = field(default_factory=set)

    def label(self) -> str:
        kind = self.types.most_common(1)[0][0].replace("_", " ") if self.types else self.family
        where = f" at {self.place}" if self.place else ""
        when = f" ({self.date_start})" if self.date_start else ""
        return f"{kind}{where}{when}"


@dataclass
class StoryEvents:
    events: dict[str, StoryEvent] = field(default_factory=dict)
    by_family: dict[str, list[StoryEvent]] = field(default_factory=dict)
    largest: dict[str, StoryEvent] = field(default_factory=dict)  # family -> most articles
    of_mention: dict[tuple[str, str], str] = field(default_factory=dict)  # (article, "v1") -> id
    mentions: list[dict[str, Any]] = field(default_factory=list)
    figures: list[dict[str, Any]] = field(default_factory=list)
    of_article: dict[str, list[str]] = field(default_factory=dict)  # article -> its story events' ids

    def story_of(self, article: str, local: str | None) -> str | None:
        return self.of_mention.get((article, local)) if local else None

    def label(self, event_id: str | None) -> str | None:
        return self.events[event_id].label() if event_id in self.events else None

    def event_rows(self) -> list[dict[str, Any]]:
        return [{"id": e.id, "type": (e.types.most_common(1)[0][0] if e.types else e.family),
                 "label": e.label(), "place": e.place, "date_start": e.date_start,
                 "date_end": e.date_end, "articles": len(e.articles)} for e in self.events.values()]

    def mention_rows(self) -> list[dict[str, Any]]:
        return [{**m, "event_id": self.of_mention[(m["article_id"], m["local_id"])]} for m in self.mentions]

    def figure_rows(self) -> list[dict[str, Any]]:
        return list(self.figures)


def merge_events(items: Iterable[tuple[str, dict[str, Any], str | None]]) -> StoryEvents:
    """`items`: (article id, FORMAT.md record, publication date) for every article."""
    out = StoryEvents()
    by_place: dict[tuple[str, str], str] = {}
    later: list[tuple[str, dict[str, Any], str]] = []
    # First the events that say both where and when: they found the story events.
    for article, record, _published in items:
        for ev in record.get("events") or []:
            family = FAMILIES.get(ev.get("type") or "", ev.get("type") or "event")
            place = _place_name(ev)
            if place is None or _date(ev) is None:
                later.append((article, ev, family))
                continue
            key = (family, _fold(place))
            story = out.events.get(by_place.get(key, "")) or _by_date(out, family, ev)
            if story is None:
                story = _new_story(out, _story_id(family, key[1]), family, place)
            by_place.setdefault(key, story.id)
            _attach(out, story, article, ev)
    # Then the others join one by place, by date, or the family's largest story.
    bare: list[tuple[str, dict[str, Any], str]] = []
    for article, ev, family in later:
        place = _place_name(ev)
        story = out.events.get(by_place.get((family, _fold(place)), "")) if place else None
        story = story or _by_date(out, family, ev) or _largest(out, family)
        if story is None and place is None and _date(ev) is None:
            bare.append((article, ev, family))  # decided once every anchored event has its story
            continue
        if story is None:
            story = _new_story(out, _story_id(family, _fold(place) if place else (_date(ev) or ("", ""))[0],
                                              article), family, place)
            if place:
                by_place[(family, _fold(place))] = story.id
        _attach(out, story, article, ev)
    # Last, events with neither place nor date and no story of their family: the related harm
    # their article reports, else a story of their own.
    for article, ev, family in bare:
        story = _largest(out, family) or _related_in_article(out, article, family)
        if story is None:
            story = _new_story(out, _story_id(family, "", article), family, None)
        _attach(out, story, article, ev)
    return out


def _related_in_article(out: StoryEvents, article: str, family: str) -> StoryEvent | None:
    if family not in HARMS:
        return None
    for story_id in out.of_article.get(article, ()):
        story = out.events[story_id]
        if story.family in HARMS and story.family != family:
            return story
    return None


def _attach(out: StoryEvents, story: StoryEvent, article: str, ev: dict[str, Any]) -> None:
    local = ev.get("id")
    out.of_mention[(article, local)] = story.id
    in_article = out.of_article.setdefault(article, [])
    if story.id not in in_article:
        in_article.append(story.id)
    story.types[ev.get("type") or story.family] += 1
    story.articles.add(article)
    top = out.largest.get(story.family)
    if top is None or (len(story.articles), story.id) > (len(top.articles), top.id):
        out.largest[story.family] = story
    dates = _date(ev)
    if dates is not None:
        start, end = dates
        story.date_start = min(filter(None, (story.date_start, start)), default=None)
        story.date_end = max(filter(None, (story.date_end, end)), default=None)
    date = ev.get("date") or {}
    out.mentions.append({"article_id": article, "local_id": local, "type": ev.get("type") or story.family,
                         "place": _place_name(ev), "date_start": dates[0] if dates else None,
                         "date_end": dates[1] if dates else None, "date_text": date.get("text")})
    for f in ev.get("figures") or []:
        if not isinstance(f.get("value"), int):
            continue
        out.figures.append({"event_id": story.id, "article_id": article, "kind": f.get("kind") or "other",
                            "value": f["value"], "qualifier": f.get("qualifier"), "text": f.get("text") or "",
                            "start_char": f.get("start", 0), "end_char": f.get("end", 0)})


def _new_story(out: StoryEvents, story_id: str, family: str, place: str | None) -> StoryEvent:
    story = out.events[story_id] = StoryEvent(story_id, family, place)
    out.by_family.setdefault(family, []).append(story)
    return story


def _by_date(out: StoryEvents, family: str, ev: dict[str, Any]) -> StoryEvent | None:
    dates = _date(ev)
    if dates is None:
        return None
    start, end = dates
    best = None
    for story in out.by_family.get(family, ()):
        if story.date_start is None:
            continue
        if story.date_start <= end and start <= (story.date_end or story.date_start):
            if best is None or len(story.articles) > len(best.articles):
                best = story
    return best


def _largest(out: StoryEvents, family: str) -> StoryEvent | None:
    return out.largest.get(family)


def _date(ev: dict[str, Any]) -> tuple[str, str] | None:
    d = ev.get("date") or {}
    start = d.get("value")
    if not start:
        return None
    return start, d.get("end_value") or start


def _place_name(ev: dict[str, Any]) -> str | None:
    place = ev.get("place") or {}
    return place.get("name") or place.get("text") or None


def _fold(name: str) -> str:
    text = unicodedata.normalize("NFKD", name.casefold())
    text = "".join(c for c in text if not unicodedata.combining(c))
    words = [w for w in "".join(c if c.isalnum() else " " for c in text).split() if w != "the"]
    return " ".join(words)


def _story_id(*parts: object) -> str:
    return hashlib.sha256("\x1f".join(str(p) for p in parts).encode("utf-8")).hexdigest()[:32]

