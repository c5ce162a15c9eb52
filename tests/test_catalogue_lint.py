"""The rule catalogue, walked by one parametrised test (TorchFix style).

In `rules/<CODE>-<name>/`: every line of a `hazard_*.py` marked `# expect: CODE[, CODE]` is
reported with exactly those codes and nothing else in the file is reported; `safe_*.py` files
are silent. Adding a case file adds a test.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from exportlint import lint_source
from exportlint.checks import ALL_RULES, CATALOGUE

RULES = Path(__file__).resolve().parents[1] / "rules"
# fixed_*.py goldens carry their hazard's `# expect:` comments verbatim (they are the exact
# output of --fix); tests/test_fixes_goldens.py checks them.
CASES = sorted([*RULES.glob("*/hazard_*.py"), *RULES.glob("*/safe_*.py")])
EXPECT = re.compile(r"#\s*expect:\s*(?P<codes>EXL\d{3}(?:\s*,\s*EXL\d{3})*)")


def expected(text: str) -> set[tuple[int, str]]:
    out = set()
    for number, line in enumerate(text.splitlines(), start=1):
        match = EXPECT.search(line)
        if match:
            for code in match.group("codes").split(","):
                out.add((number, code.strip()))
    return out


@pytest.mark.parametrize("path", CASES, ids=[f"{p.parent.name}/{p.name}" for p in CASES])
def test_catalogue_case(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    found = {(d.line, d.code) for d in lint_source(text, str(path))}
    want = expected(text)
    if path.name.startswith("hazard_"):
        assert want, f"{path.name} has no `# expect:` marker"
        assert found == want, f"reported {sorted(found)}, expected {sorted(want)}"
    else:
        assert not want, f"{path.name} must not carry `# expect:` markers"
        assert not found, f"a look-alike must be silent, got {sorted(found)}"


@pytest.mark.parametrize("rule", ALL_RULES, ids=[r.code for r in ALL_RULES])
def test_rule_has_a_complete_catalogue_folder(rule: type) -> None:
    folder = RULES / f"{rule.code}-{rule.name}"  # type: ignore[attr-defined]
    assert folder.is_dir(), f"missing {folder}"
    readme = (folder / "README.md").read_text(encoding="utf-8")
    for section in (
        "## What it does",
        "## Why it breaks export",
        "## Example",
        "## Use instead",
        "## Fix safety",
    ):
        assert section in readme, f"{folder.name}/README.md lacks {section!r}"
    hazards = [p for p in folder.glob("hazard_*.py") if rule.code in p.read_text()]  # type: ignore[attr-defined]
    assert len(hazards) >= 3, f"{folder.name}: fewer than 3 hazard cases"
    assert len(list(folder.glob("safe_*.py"))) >= 3, f"{folder.name}: fewer than 3 safe cases"


def test_every_code_has_docs() -> None:
    for code, (name, _severity, _summary) in CATALOGUE.items():
        assert (RULES / f"{code}-{name}" / "README.md").is_file(), code
