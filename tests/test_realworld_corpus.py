"""The real-world corpus (benchmarks/realworld/) is what it claims to be.

Light checks (always): every file parses, names its public source, defines a model with
example inputs in a convention `exportlint verify` understands, and carries `# expect:` markers
on code lines (hazard files) or none at all (`lookalike_*.py`).

Heavy checks (marked `export`, and run only with EXPORTLINT_REALWORLD=1 because the 66 models
take several minutes on 2 cores; `python benchmarks/fix_realworld.py --check-corpus` runs the
same proofs): each hazard really fails torch.export, specialises, or is wrong in onnxruntime
on an unseen size, and each look-alike exports, converts and matches eager everywhere.
"""

from __future__ import annotations

import ast
import importlib.util
import os
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from exportlint.verify import Job, find_models

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO / "benchmarks" / "realworld"
sys.path.insert(0, str(REPO / "benchmarks"))

from fix_realworld import SOURCE, load_corpus  # noqa: E402

FILES = load_corpus(CORPUS)
IDS = [f.name for f in FILES]


def test_corpus_has_enough_models() -> None:
    hazards = [f for f in FILES if not f.lookalike]
    lookalikes = [f for f in FILES if f.lookalike]
    assert len(hazards) >= 40, len(hazards)
    assert len(lookalikes) >= 17, len(lookalikes)


@pytest.mark.parametrize("file", FILES, ids=IDS)
def test_file_parses_names_source_and_has_examples(file) -> None:  # type: ignore[no-untyped-def]
    tree = ast.parse(file.text, filename=file.name)
    header = file.text.split("\nimport", 1)[0]
    assert SOURCE.search(header), f"{file.name}: the header comment must name its `# Source:`"
    assert "What fails:" in header or "Look-alike" in header or "Measured on torch" in header
    assert find_models(file.text, str(file.path)), f"{file.name}: no model with example inputs"
    names = {t.id for node in tree.body if isinstance(node, ast.Assign) for t in node.targets
             if isinstance(t, ast.Name)}  # fmt: skip
    assert "example_inputs" in names


@pytest.mark.parametrize("file", FILES, ids=IDS)
def test_markers_match_the_kind_of_file(file) -> None:  # type: ignore[no-untyped-def]
    if file.lookalike:
        assert not file.markers, f"{file.name}: a look-alike carries no `# expect:` marker"
        return
    assert file.markers, f"{file.name}: a hazard marks its culprit lines with `# expect:`"
    lines = file.text.splitlines()
    for marker in file.markers:
        code = lines[marker.line - 1].split("#", 1)[0].strip()
        assert code, f"{file.name}:{marker.line}: the marker is not on a line of code"
        for name in marker.codes:
            assert name.startswith(("EXL", "NONE-")), f"{file.name}: bad marker {name}"


# ---------------------------------------------------------------------------- heavy proofs

_HAVE_STACK = all(
    importlib.util.find_spec(m) is not None for m in ("torch", "onnx", "onnxruntime", "onnxscript")
)
_HEAVY = os.environ.get("EXPORTLINT_REALWORLD") == "1"


@pytest.fixture(scope="module")
def worker() -> Iterator[object]:
    from exportlint.verify import warm_worker

    started = warm_worker()
    started.wait_ready()
    yield started
    started.close()


@pytest.mark.export
@pytest.mark.skipif(not _HAVE_STACK, reason="needs torch, onnx, onnxruntime and onnxscript")
@pytest.mark.skipif(not _HEAVY, reason="set EXPORTLINT_REALWORLD=1 (several minutes)")
@pytest.mark.parametrize("file", FILES, ids=IDS)
def test_model_proves_itself(file, worker) -> None:  # type: ignore[no-untyped-def]
    statuses = []
    for ref in find_models(file.text, str(file.path)):
        job = Job(ref, original=file.text, roots=(str(CORPUS),))
        result = worker.verify(job, 300.0)
        statuses.append((result.status, result.reason))
    if file.lookalike:
        assert all(s == "pass" for s, _ in statuses), statuses
    else:
        # "fail": export failed, a dynamic dim was specialised, ep.module() or onnxruntime
        # was wrong; "error" (the model raises eagerly) would be a broken corpus file.
        assert all(s == "fail" for s, _ in statuses), statuses
