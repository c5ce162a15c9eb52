"""The ExportDB examples that ship inside torch (`torch/_export/db/examples`).

Every case is either supported by torch.export or documents a limitation. exportlint must
not report an error on any supported case; it warns only where export works but dynamic
shapes or the ONNX model break, and it reports the unsupported `round()` on a size.
The files are read as text: torch is located, never imported.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from exportlint import Severity, lint_source

spec = importlib.util.find_spec("torch")
if spec is None or spec.origin is None:
    pytest.skip("torch is not installed", allow_module_level=True)
EXAMPLES = Path(spec.origin).parent / "_export" / "db" / "examples"
if not EXAMPLES.is_dir():
    pytest.skip("this torch has no ExportDB examples", allow_module_level=True)

CASES = sorted(p for p in EXAMPLES.glob("*.py") if p.name != "__init__.py")

# file -> codes expected (line numbers are checked loosely: the codes must match exactly).
EXPECTED = {
    "dynamic_shape_if_guard.py": ["EXL102"],  # `if x.shape[0] == 3`: guarded, ONNX drops it
    "dynamic_shape_map.py": ["EXL402"],  # map exports, no ONNX translation
    "dynamic_shape_round.py": ["EXL302"],  # NOT_SUPPORTED_YET: round() on a size
    "user_input_mutation.py": ["EXL501"],  # x.mul_(2) on the input: lost in ONNX
}


def test_the_examples_are_there() -> None:
    assert len(CASES) >= 30
    assert {name for name in EXPECTED} <= {p.name for p in CASES}


@pytest.mark.parametrize("path", CASES, ids=[p.name for p in CASES])
def test_exportdb_case(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    diagnostics = lint_source(text, str(path))
    codes = sorted(d.code for d in diagnostics)
    assert codes == EXPECTED.get(path.name, []), [(d.line, d.code, d.message) for d in diagnostics]
    if "NOT_SUPPORTED_YET" not in text:
        # A supported case may only get warnings (export works; dynamic shapes / ONNX do not).
        assert all(d.severity is Severity.WARNING for d in diagnostics)
