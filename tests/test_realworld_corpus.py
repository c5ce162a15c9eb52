"""The real-world corpora are what they claim to be: benchmarks/realworld/ (the set the project
tunes on), benchmarks/realworld_holdout/ (a held-out set, written from other public sources,
that only measures), benchmarks/realworld_dev3/, benchmarks/realworld_dev4/ and
benchmarks/realworld_dev5/ (further development sets, written from further public sources to
find what the analysis does not follow).

Light checks (always): every file parses, names its public source, defines a model with
example inputs in a convention `exportlint verify` understands, and carries `# expect:` markers
on code lines (hazard files) or none at all (`lookalike_*.py`); no model is in both corpora.

Heavy checks (marked `export`, and run only with EXPORTLINT_REALWORLD=1 because the 209 models
take several minutes on 2 cores; `python benchmarks/fix_realworld.py --check-corpus` and
`... --corpus benchmarks/realworld_holdout --check-corpus` run the same proofs): each hazard
really fails torch.export, specialises, or is wrong in onnxruntime on an unseen size, and each
look-alike exports, converts and matches eager everywhere.
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
HOLDOUT = REPO / "benchmarks" / "realworld_holdout"
DEV3 = REPO / "benchmarks" / "realworld_dev3"
DEV4 = REPO / "benchmarks" / "realworld_dev4"
DEV5 = REPO / "benchmarks" / "realworld_dev5"
sys.path.insert(0, str(REPO / "benchmarks"))

from fix_realworld import SOURCE, load_corpus  # noqa: E402

# (corpus, least hazard models, least look-alikes)
CORPORA = {
    "realworld": (CORPUS, 40, 17),
    "holdout": (HOLDOUT, 30, 15),
    "dev3": (DEV3, 20, 12),
    "dev4": (DEV4, 15, 15),
    "dev5": (DEV5, 10, 10),
}
FILES = [file for root, _, _ in CORPORA.values() for file in load_corpus(root)]
IDS = [f"{f.path.parent.name}/{f.name}" for f in FILES]


@pytest.mark.parametrize("corpus", sorted(CORPORA))
def test_corpus_has_enough_models(corpus: str) -> None:
    root, least_hazards, least_lookalikes = CORPORA[corpus]
    files = load_corpus(root)
    hazards = [f for f in files if not f.lookalike]
    lookalikes = [f for f in files if f.lookalike]
    assert len(hazards) >= least_hazards, len(hazards)
    assert len(lookalikes) >= least_lookalikes, len(lookalikes)


def test_holdout_models_are_not_in_the_tuned_corpus() -> None:
    """A held-out model is another model or another code shape, not a copy: no file name and no
    model source text is shared between the two corpora."""
    tuned = load_corpus(CORPUS)
    held = load_corpus(HOLDOUT)
    assert not {f.name for f in tuned} & {f.name for f in held}
    tuned_bodies = {_model_code(f.text) for f in tuned}
    for file in held:
        assert _model_code(file.text) not in tuned_bodies, file.name


def _model_code(text: str) -> str:
    """The code of a corpus file without its comments and blank lines."""
    lines = (line.split("#", 1)[0].rstrip() for line in text.splitlines())
    return "\n".join(line for line in lines if line)


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
        job = Job(ref, original=file.text, roots=(str(file.path.parent),))
        result = worker.verify(job, 300.0)
        statuses.append((result.status, result.reason))
    if file.lookalike:
        assert all(s == "pass" for s, _ in statuses), statuses
    else:
        # "fail": export failed, a dynamic dim was specialised, ep.module() or onnxruntime
        # was wrong; "error" (the model raises eagerly) would be a broken corpus file.
        assert all(s == "fail" for s, _ in statuses), statuses
