"""The libcst codemods: comments stay, layouts parse, tabs stay tabs, candidates are ranked,
and a fix never makes a hazard worse (issue 8, sections 1, 2 and 4)."""

from __future__ import annotations

import ast
import re

import pytest

from exportlint.diagnostics import Applicability
from exportlint.engine import lint_source
from exportlint.fixer import fix_text

HEADER = "import torch\n\n\nclass M(torch.nn.Module):\n"


def fixed(body: str, unsafe: bool = True) -> str:
    """Fix a forward body (4-space indented under `def forward(self, x):`)."""
    result = fix_text(HEADER + "    def forward(self, x):\n" + body, unsafe=unsafe)
    assert not result.problems, result.problems
    ast.parse(result.text)
    return result.text


# --------------------------------------------------------------------- comments (section 4)


def test_loop_rewrite_keeps_a_comment_inside_the_body() -> None:
    text = fixed(
        "        pieces = []\n"
        "        for i in range(x.shape[0]):\n"
        "            # keep\n"
        "            pieces.append(x[i : i + 1] * 2)\n"
        "        return torch.cat(pieces)\n"
    )
    assert "simple_loop_for" in text
    assert "# keep" in text


def test_cond_rewrite_keeps_the_comment_before_else() -> None:
    text = fixed(
        "        if x.sum() > 0:\n"
        "            y = x * 2\n"
        "        # before else\n"
        "        else:  # on else\n"
        "            y = x * 3\n"
        "        return y\n"
    )
    assert "if x.sum() > 0" not in text
    assert "# before else" in text
    assert "# on else" in text


def test_loop_rewrite_keeps_the_comment_of_a_backslash_continued_header() -> None:
    text = fixed(
        "        pieces = []\n"
        "        for row in \\\n"
        "                x:  # one row at a time\n"
        "            pieces.append(row * 2)\n"
        "        return torch.stack(pieces)\n"
    )
    assert "simple_loop_for" in text
    assert "# one row at a time" in text


def test_comment_inside_a_moved_branch_stays_with_its_statement() -> None:
    text = fixed(
        "        h = x * 2\n"
        "        if h.sum() > 0:\n"
        "            # scale it down\n"
        "            h = h / 6.0\n"
        "            h = torch.tanh(h)\n"
        "        return h\n"
    )
    lines = text.splitlines()
    at = next(i for i, line in enumerate(lines) if "# scale it down" in line)
    assert lines[at + 1].strip() == "h = h / 6.0"


# --------------------------------------------------------------------- layouts (section 4)


def test_black_parenthesised_multi_line_condition_is_rewritten() -> None:
    result = fix_text(
        HEADER + "    def forward(self, x):\n"
        "        if (\n"
        "            x.sum() > 0\n"
        "        ):\n"
        "            return x * 2\n"
        "        return x * 3\n",
        unsafe=True,
    )
    assert result.problems == ()
    assert "if (" not in result.text
    assert "torch.where(x.sum() > 0, x * 2, x * 3)" in result.text


def test_loop_rewrite_in_a_tab_indented_file() -> None:
    source = (
        "import torch\n\n\nclass M(torch.nn.Module):\n"
        "\tdef forward(self, x):\n"
        "\t\tpieces = []\n"
        "\t\tfor row in x:\n"
        "\t\t\tdoubled = row * 2\n"
        "\t\t\tpieces.append(doubled)\n"
        "\t\treturn torch.stack(pieces)\n"
    )
    result = fix_text(source, unsafe=True)
    assert result.problems == ()
    assert "simple_loop_for" in result.text
    ast.parse(result.text)
    body = [line for line in result.text.splitlines() if line.startswith((" ", "\t"))]
    assert body and all(not line.startswith(" ") for line in body)


def test_semicolons_decorators_and_walrus() -> None:
    source = (
        "import torch\n\n\nclass M(torch.nn.Module):\n"
        "    @torch.no_grad()\n"
        "    def forward(self, x):\n"
        "        if (s := x.sum()) > 0:\n"
        "            a = x * 2; b = x + s\n"
        "        else:\n"
        "            a = x * 3; b = x - s\n"
        "        return a + b\n"
    )
    result = fix_text(source, unsafe=True)
    assert result.problems == ()
    ast.parse(result.text)
    assert "@torch.no_grad()" in result.text
    assert "if (s := x.sum()) > 0" not in result.text


def test_a_match_statement_elsewhere_in_the_file_does_not_matter() -> None:
    source = (
        "import torch\n\n\ndef kind(v):\n"
        "    match v:\n"
        "        case 1:\n"
        "            return 'one'\n"
        "        case _:\n"
        "            return 'many'\n\n\n"
        "class M(torch.nn.Module):\n"
        "    def forward(self, x):\n"
        "        if x.sum() > 0:\n"
        "            return x * 2\n"
        "        return x * 3\n"
    )
    result = fix_text(source, unsafe=True)
    assert result.problems == ()
    assert "match v:" in result.text
    assert "torch.where" in result.text


# --------------------------------------------------------------------- worse hazards


def test_a_fix_that_turns_warnings_into_an_error_is_dropped(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # A fix made to write a new error: EXL303's `len(x)` -> `int(x.sum().item())` (EXL201).
    import exportlint.codemods.length as length_family
    from exportlint.diagnostics import Edit, Fix

    def worse(description: str, applicability: Applicability, *edits: Edit) -> Fix:
        first = edits[0]
        return Fix(
            description,
            Applicability.SAFE,
            (
                Edit(
                    first.line,
                    first.column,
                    first.end_line,
                    first.end_column,
                    "int(x.sum().item())",
                ),
            ),
        )

    monkeypatch.setattr(length_family, "fix", worse)
    source = HEADER + "    def forward(self, x):\n        n = len(x)\n        return x[:n]\n"
    before = lint_source(source)
    assert not [d for d in before if d.severity.value == "error"]
    result = fix_text(source, unsafe=False)
    assert "int(x.sum().item())" not in result.text
    assert not [d for d in result.remaining if d.severity.value == "error"]
    assert any("worse hazard" in p for p in result.problems)


def test_len_of_a_masked_tensor_is_already_an_error_and_its_fix_no_worse() -> None:
    # len() of a data-dependent size fails export (GuardOnDataDependentSymNode, torch 2.13):
    # the `if` is an EXL101 error before any fix, and `kp.shape[0]` makes nothing worse.
    source = HEADER + (
        "    def forward(self, x):\n"
        "        kp = x[x > 0]\n"
        "        if 5 >= len(kp):\n"
        "            return x * 2\n"
        "        return x\n"
    )
    before = {(d.code, d.line) for d in lint_source(source) if d.severity.value == "error"}
    assert ("EXL101", 7) in before
    for unsafe in (False, True):
        result = fix_text(source, unsafe=unsafe)
        after = {(d.code, d.line) for d in result.remaining if d.severity.value == "error"}
        assert after <= before


def test_ternary_used_as_a_range_bound_gets_no_torch_where() -> None:
    source = HEADER + (
        "    def forward(self, x, t):\n"
        "        out = x\n"
        "        for i in range(1 if t > 1 else 0, x.shape[0]):\n"
        "            out = out + i\n"
        "        return out\n"
    )
    # A Python `range` needs an int: never a torch.where there (`torch.arange` of the
    # carried-state rewrite takes a 0-d tensor).
    python_range = re.compile(r"(?<![\w.])range\(torch\.where")
    for diagnostic in lint_source(source):
        for candidate in diagnostic.fixes:
            assert all(not python_range.search(e.content) for e in candidate.edits)
    assert not python_range.search(fix_text(source, unsafe=True).text)


# --------------------------------------------------------------------- candidates


def _if_diagnostic(body: str):  # type: ignore[no-untyped-def]
    source = HEADER + "    def forward(self, x):\n" + body
    found = [d for d in lint_source(source) if d.code == "EXL101"]
    assert len(found) == 1
    return found[0]


def test_same_shape_branches_offer_where_first_then_cond() -> None:
    diagnostic = _if_diagnostic(
        "        if x.sum() > 0:\n"
        "            y = x * 2\n"
        "        else:\n"
        "            y = x * 3\n"
        "        return y\n"
    )
    descriptions = [f.description for f in diagnostic.fixes]
    assert len(descriptions) == 2
    assert "torch.where" in descriptions[0]
    assert "torch.cond" in descriptions[1]
    assert all(f.applicability is Applicability.UNSAFE for f in diagnostic.fixes)


def test_unproven_shapes_are_an_unsafe_candidate_not_a_refusal() -> None:
    diagnostic = _if_diagnostic(
        "        if x.sum() > 0:\n"
        "            y = self.left(x)\n"
        "        else:\n"
        "            y = self.right(x)\n"
        "        return y\n"
    )
    assert diagnostic.fix is not None and diagnostic.fix.edits
    assert "torch.cond" in diagnostic.fix.description
    assert "--fix --verify" in diagnostic.fix.description
    assert "torch.where" in diagnostic.alternatives[0].description


def test_a_branch_returning_its_operand_returns_a_copy() -> None:
    text = fixed(
        "        h = x * 2\n"
        "        if h.mean() > 0:\n"
        "            h = self.a(h)\n"
        "            return h\n"
        "        return self.b(h)\n"
    )
    assert "torch.cond" in text
    assert "return h.clone(memory_format=torch.contiguous_format)" in text


@pytest.mark.parametrize("keep", ["z = y", "pass"])
def test_name_set_to_another_variable_is_copied(keep: str) -> None:
    text = fixed(
        "        y = x * 2\n"
        "        z = x\n"
        "        if x.sum() > 0:\n"
        "            w = torch.relu(y)\n"
        f"            {keep}\n"
        "        else:\n"
        "            w = torch.tanh(y)\n"
        "        return w + z\n"
    )
    assert "if x.sum() > 0" not in text


# --------------------------------------------------------------------- --fix --verify

ALIASING_MODEL = """import torch
from torch.export import Dim


class Model(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.a = torch.nn.Linear(8, 8)
        self.b = torch.nn.Identity()

    def forward(self, x):
        if x.sum() > 0:
            y = self.a(x)
        else:
            y = self.b(x)
        return y * 2


torch.manual_seed(0)
example_inputs = [
    (torch.randn(4, 8) + 1.0,),
    (torch.randn(7, 8) - 2.0,),
    (torch.randn(3, 8) + 2.0,),
]
dynamic_shapes = ({0: Dim.DYNAMIC},)
"""


@pytest.mark.export
def test_fix_verify_keeps_the_first_candidate_that_verifies(
    tmp_path, capsys: pytest.CaptureFixture[str]
) -> None:  # type: ignore[no-untyped-def]
    """torch.cond (first: the shapes of submodule outputs are not known statically) fails
    on the Identity branch (an alias); torch.where, the second candidate, verifies."""
    pytest.importorskip("torch")
    pytest.importorskip("onnxruntime")
    from exportlint.cli import main

    path = tmp_path / "alias_model.py"
    path.write_text(ALIASING_MODEL, encoding="utf-8")
    status = main(["check", "--isolated", "--no-cache", "--fix", "--verify", str(path)])
    out = capsys.readouterr().out
    text = path.read_text(encoding="utf-8")
    assert "torch.where(x.sum() > 0, self.a(x), self.b(x))" in text, out
    assert "torch.cond" not in text
    assert "first candidates: Model: export: UncapturedHigherOrderOpError" in out
    assert "kept EXL101@12: Select with `torch.where" in out
    assert status == 0


def test_max_verifications_must_be_a_positive_integer(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from exportlint.config import ConfigError, load_settings

    (tmp_path / "pyproject.toml").write_text(
        "[tool.exportlint.verify]\nmax-verifications = 0\n", encoding="utf-8"
    )
    with pytest.raises(ConfigError, match="max-verifications"):
        load_settings(tmp_path / "pyproject.toml")
    (tmp_path / "pyproject.toml").write_text(
        "[tool.exportlint.verify]\nmax-verifications = 3\n", encoding="utf-8"
    )
    assert load_settings(tmp_path / "pyproject.toml").verify.max_verifications == 3


def test_a_guard_that_only_skips_a_pad_by_zero_can_be_dropped() -> None:
    source = HEADER + (
        "    def forward(self, x):\n"
        "        padding_len = (8 - x.shape[1] % 8) % 8\n"
        "        # pad to the window\n"
        "        if padding_len > 0:  # only when needed\n"
        "            x = torch.nn.functional.pad(x, (0, padding_len))\n"
        "        return x\n"
    )
    [diagnostic] = [d for d in lint_source(source) if d.code == "EXL102"]
    assert diagnostic.fix is not None
    assert diagnostic.fix.description.startswith("Run the body always")
    text = fix_text(source, unsafe=True).text
    assert "if padding_len > 0" not in text
    assert "# pad to the window" in text and "# only when needed" in text
    assert "        x = torch.nn.functional.pad(x, (0, padding_len))" in text


def test_a_guard_on_another_test_is_not_dropped() -> None:
    source = HEADER + (
        "    def forward(self, x):\n"
        "        if x.shape[1] % 2 == 0:\n"
        "            x = x[:, :-1]\n"
        "        return x\n"
    )
    for diagnostic in lint_source(source):
        assert all("Run the body always" not in f.description for f in diagnostic.fixes)


def test_loop_over_rows_unpacked_into_numbers() -> None:
    text = fixed(
        "        pieces = []\n"
        "        for t, h in x:\n"
        "            pieces.append(self.table[:h].repeat(t, 1))\n"
        "        return torch.cat(pieces)\n"
    )
    assert "_row = x.index_select(0, i.reshape(1)).squeeze(0)" in text
    assert "t = _row[0].item()" in text and "h = _row[1].item()" in text
    assert "simple_loop_for(x.shape[0], _loop_body, (x,))" in text


def test_crop_loop_becomes_a_sym_min_bound() -> None:
    text = fixed(
        "        starts, ends = x[:-1], x[1:]\n"
        "        cropped = []\n"
        "        for start, end in zip(starts, ends):\n"
        "            extract = self.w[:, start:end]\n"
        "            if extract.shape[1] < 4:\n"
        "                cropped.append(extract)\n"
        "            else:\n"
        "                # at most 4 columns\n"
        "                cropped.append(extract[:, :4])\n"
        "        return torch.cat(cropped, dim=1)\n"
    )
    assert "return extract[:, : torch.sym_min(extract.shape[1], 4)]" in text
    assert "# at most 4 columns" in text


def test_bool_read_out_of_a_tensor_and_tested_later_stays_a_tensor() -> None:
    text = fixed(
        "        has = bool(x.any().item())\n"
        "        y = x * 2\n"
        "        if has:\n"
        "            y = x * 3\n"
        "        return y\n"
    )
    assert "has = x.any()" in text
    assert "if has" not in text
    assert not [d for d in lint_source(text) if d.severity.value == "error"]


LIBCST_PROBE = """
import sys
from exportlint.cli import main
main(["check", "--no-cache", "-q", "--output-format", "json", *sys.argv[1:]])
print("LIBCST", "libcst" in sys.modules, file=sys.stderr)
"""


@pytest.mark.parametrize(
    ("name", "source", "imported"),
    [
        ("safe.py", HEADER + "    def forward(self, x):\n        return x * 2\n", False),
        (
            "fixable.py",
            HEADER + "    def forward(self, x):\n        if x.sum() > 0:\n"
            "            return x * 2\n        return x * 3\n",
            True,
        ),
    ],
)
def test_libcst_is_imported_only_for_a_file_with_something_to_fix(
    tmp_path, name: str, source: str, imported: bool
) -> None:  # type: ignore[no-untyped-def]
    import subprocess
    import sys

    path = tmp_path / name
    path.write_text(source, encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-c", LIBCST_PROBE, str(path)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert f"LIBCST {imported}" in result.stderr, result.stderr[-2000:]


def test_or_of_size_comparisons_becomes_a_bitwise_predicate() -> None:
    text = fixed(
        "        h, w = x.shape[1], x.shape[2]\n"
        "        if h % 2 == 1 or w % 2 == 1:\n"
        "            x = x * 2\n"
        "        return x\n"
    )
    assert "torch.cond((h % 2 == 1) | (w % 2 == 1), _branch_true, _branch_false, (x,))" in text


def test_a_none_guard_joined_with_and_is_not_turned_into_a_bitwise_predicate() -> None:
    source = HEADER + (
        "    def forward(self, x, mask=None):\n"
        "        if mask is not None and mask.sum() > 0:\n"
        "            x = x * 2\n"
        "        return x\n"
    )
    text = fix_text(source, unsafe=True).text
    assert " & " not in text


def test_skip_of_an_empty_selection_can_be_dropped() -> None:
    source = HEADER + (
        "    def forward(self, x):\n"
        "        out = torch.zeros_like(x)\n"
        "        for k in range(self.n):\n"
        "            rows = torch.nonzero(x[:, 0] > k).squeeze(1)\n"
        "            if rows.shape[0] == 0:  # nobody chose it\n"
        "                continue\n"
        "            out.index_add_(0, rows, x[rows])\n"
        "        return out\n"
    )
    [diagnostic] = [d for d in lint_source(source) if d.code == "EXL101"]
    assert diagnostic.fix is not None
    assert diagnostic.fix.description.startswith("Drop the skip")
    text = fix_text(source, unsafe=True).text
    assert "continue" not in text
    assert "# nobody chose it" in text
    ast.parse(text)
