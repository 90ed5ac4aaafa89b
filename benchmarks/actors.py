"""Time cross-document actor resolution (graph/actors.py) on synthetic corpora.

    .venv/bin/python benchmarks/actors.py [--sizes 1000,3000,10000] [--entities 15] [--repeats 3]

Records are made without spaCy: each synthetic article holds `--entities` FORMAT.md entities
drawn from a pool of actors that grows with the corpus (one person per two articles), each
written in one of its forms: the full name, an accented or transliterated spelling
(-y/-yy/-iy, ks/x), the surname alone, a title-only mention ("the head of the <Body>"), and
countries by name, capital or collective ("<Demonym> officials"), known organisations by
acronym, institutions by demonym phrase. The figures are the median wall and CPU
time of `resolve_actors` (including reading the records) and the CPU time per 1,000 articles
(CPU time, because the machine may be shared): close to linear means it stays flat from 1k
to 10k.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time

from claimgraph.graph.actors import resolve_actors

SYLLABLES = "ka ro vi na le mo da shi ne ko ba lu ti re so mi pa ze go tra vel dor nik lin".split()
FIRST = "Alexander Aleksandr Dmitry Dmitri Sergei Sergey Maria Olena Ivan Yevgeny Evgeny Anna Pavel Mykola Oleg".split()
COUNTRIES = [("Russia", "Moscow", "Russian"), ("Ukraine", "Kyiv", "Ukrainian"), ("United States", "Washington", "US"),
             ("France", "Paris", "French"), ("Germany", "Berlin", "German"), ("Poland", "Warsaw", "Polish"),
             ("Turkey", "Ankara", "Turkish"), ("Iran", "Tehran", "Iranian")]
ORGS = ["NATO", "North Atlantic Treaty Organization", "IS", "ISIS", "Islamic State", "IS-K", "G7", "G-7",
        "European Union", "EU", "FSB", "Federal Security Service"]
BODIES = ["Security Service", "Central Bank", "Border Guard", "Energy Agency", "Navy", "Supreme Court"]


def _surname(rng: random.Random) -> str:
    s = "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 3)))
    return s.capitalize() + rng.choice(["ov", "enko", "sky", "ski", "in", "ev", "ian"])


def _person_forms(first: str, last: str, rng: random.Random) -> str:
    r = rng.random()
    if r < 0.4:
        return f"{first} {last}"
    if r < 0.55:
        return f"{first} {last.replace('o', 'ó', 1)}"
    if r < 0.7:
        return f"{first} {last + 'y' if last.endswith('y') else last}"
    return last


def synthetic_records(n_articles: int, entities: int = 15, seed: int = 7) -> list[dict]:
    rng = random.Random(seed)
    people = [(rng.choice(FIRST), _surname(rng), rng.choice(BODIES), rng.choice(COUNTRIES))
              for _ in range(max(10, n_articles // 2))]
    records = []
    for a in range(n_articles):
        day = 1 + a % 28
        month = 1 + (a // 28) % 12
        ents = []
        for k in range(entities):
            r = rng.random()
            if r < 0.45:
                first, last, body, (country, _, demonym) = rng.choice(people)
                name = _person_forms(first, last, rng)
                ents.append({"name": name, "type": "PERSON", "aliases": [],
                             "titles": [f"head of the {demonym} {body}"] if rng.random() < 0.3 else []})
            elif r < 0.5:
                _, _, body, (_, _, demonym) = rng.choice(people)
                ents.append({"name": f"{demonym} {body} chief", "type": "PERSON", "aliases": [], "titles": []})
            elif r < 0.7:
                country, capital, demonym = rng.choice(COUNTRIES)
                name = rng.choice([country, capital, f"{demonym} officials", f"{demonym} authorities"])
                ents.append({"name": name, "type": "GPE", "aliases": [], "titles": []})
            elif r < 0.8:
                ents.append({"name": rng.choice(ORGS), "type": "ORG", "aliases": [], "titles": []})
            elif r < 0.9:
                _, _, demonym = rng.choice(COUNTRIES)
                ents.append({"name": f"{demonym} {rng.choice(['military intelligence', 'foreign ministry', 'navy'])}",
                             "type": "ORG", "aliases": [], "titles": []})
            else:
                ents.append({"name": rng.choice(["witnesses", "analysts", "residents"]), "type": "OTHER",
                             "aliases": [], "titles": []})
        for n, e in enumerate(ents, start=1):
            e["id"] = f"e{n}"
            e["mentions"] = []
        records.append({"format": 1, "id": f"art{a:06d}", "text": "",
                        "meta": {"published": f"2024-{month:02d}-{day:02d}", "outlet": f"outlet{a % 40}"},
                        "entities": ents, "attributions": []})
    return records


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="1000,3000,10000")
    ap.add_argument("--entities", type=int, default=15)
    ap.add_argument("--repeats", type=int, default=3)
    args = ap.parse_args(argv)
    print(f"{'articles':>9} {'members':>8} {'actors':>7} {'merges':>7} {'wall s':>7} {'cpu s':>6} {'cpu s/1k':>9}")
    for n in (int(x) for x in args.sizes.split(",")):
        records = synthetic_records(n, args.entities)
        walls, cpus = [], []
        for _ in range(args.repeats):
            t0, c0 = time.perf_counter(), time.process_time()
            graph = resolve_actors(records)
            walls.append(time.perf_counter() - t0)
            cpus.append(time.process_time() - c0)
        wall, cpu = statistics.median(walls), statistics.median(cpus)
        print(f"{n:>9,} {len(graph.member_actor):>8,} {len(graph.actors):>7,} {len(graph.merges):>7,} "
              f"{wall:>7.2f} {cpu:>6.2f} {cpu / n * 1000:>9.3f}")
        sys.stdout.flush()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
