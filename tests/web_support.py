"""Shared by the workbench tests: a real store built from the sample corpus with the real
CLI (ingest, then the claim graph), and a helper to re-analyse it."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples" / "crocus"
TOKEN = "test-write-token-0123456789"


def claimgraph(*args: str, timeout: int = 300) -> subprocess.CompletedProcess:
    done = subprocess.run([sys.executable, "-m", "claimgraph", *args], capture_output=True, text=True,
                          timeout=timeout, cwd=ROOT)
    assert done.returncode == 0, f"claimgraph {' '.join(args)} failed:\n{done.stderr[-3000:]}"
    return done


def build_sample_store(db: Path) -> Path:
    claimgraph("ingest", str(SAMPLES), "--db", str(db))
    claimgraph("graph", "build", "--db", str(db))
    return db


def reanalyse(db: Path) -> subprocess.CompletedProcess:
    done = subprocess.run([sys.executable, "-m", "claimgraph", "ingest", str(SAMPLES), "--db", str(db),
                           "--reanalyze"], capture_output=True, text=True, timeout=300, cwd=ROOT)
    assert done.returncode == 0, f"claimgraph ingest --reanalyze failed:\n{done.stderr[-3000:]}"
    claimgraph("graph", "build", "--db", str(db))
    return done
