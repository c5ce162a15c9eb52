"""The idiom families (casts and `.item()`, host conversions, shape arithmetic, `len`,
mutation): regressions of fixes that were wrong (issue 8 §4) and the candidates each rule
offers, best first. The catalogue (rules/EXL2xx, EXL3xx, EXL501) proves them with the exporters.
"""

from __future__ import annotations

import ast
import re
import textwrap
from pathlib import Path

import pytest

from exportlint.diagnostics import Applicability, Diagnostic, Fix, Severity
from exportlint.engine import lint_source
from exportlint.fixer import apply_edits, fix_text

HEADER = """\
import numpy as np
import torch
from torch import nn


class Model(nn.Module):
    def forward(self, x, h, scale: float):
"""


def module(body: str) -> str:
    return HEADER + textwrap.indent(body, " " * 8) + "\n"


def applied(text: str, fix: Fix) -> str:
    return apply_edits(text, list(fix.edits))


def found(text: str, code: str) -> list[Diagnostic]:
    return [d for d in lint_source(text, "m.py") if d.code == code]


def errors(diagnostics: tuple[Diagnostic, ...] | list[Diagnostic]) -> set[tuple[str, int]]:
    return {(d.code, d.line) for d in diagnostics if d.severity is Severity.ERROR}


def suggested_code(description: str) -> list[str]:
    """The statements a fix description shows in backticks (`x = x.clone()`)."""
    return [s for s in re.findall(r"`([^`]+)`", description) if re.search(r"[^=!<>]=[^=]", s)]


# ------------------------------------------------------------------ issue 8 §4 regressions


def test_len_of_a_slice_of_an_unannotated_argument_is_not_a_safe_fix() -> None:
    # transformers' depth_anything fusion stage: `hidden_states` is a list of tensors.
    text = module(
        "hidden_states = x[::-1]\nlast = len(hidden_states) - 1\nreturn hidden_states[last]"
    )
    (diagnostic,) = found(text, "EXL303")
    assert diagnostic.fix is not None
    assert diagnostic.fix.applicability is Applicability.UNSAFE
    assert "list" in diagnostic.fix.description
    assert "len(hidden_states)" in fix_text(text, "m.py").text  # --fix alone keeps it


def test_len_of_a_masked_tensor_fix_creates_no_worse_hazard() -> None:
    text = module("kp = x[x > 0]\nif 5 >= len(kp):\n    return x\nreturn x + 1")
    before = lint_source(text, "m.py")
    # len() of a data-dependent size fails export already: the `if` is an error (EXL101).
    assert ("EXL101", 9) in errors(before)
    for unsafe in (False, True):
        after = fix_text(text, "m.py", unsafe=unsafe)
        assert "kp.shape[0]" in after.text
        assert errors(after.remaining) <= errors(before)


def test_len_of_a_masked_tensor_says_export_fails() -> None:
    (diagnostic,) = found(module("kp = x[x > 0]\nreturn kp.new_zeros(len(kp))"), "EXL303")
    assert "data-dependent" in diagnostic.message
    assert diagnostic.fix is not None and diagnostic.fix.applicability is Applicability.SAFE


def test_item_assignment_through_data_is_fixed_out_of_place() -> None:
    text = module("x.data[0, 0] = 3\nreturn x * 2")
    diagnostics = lint_source(text, "m.py")
    assert {d.code for d in diagnostics} == {"EXL202", "EXL501"}
    for diagnostic in diagnostics:
        fix = diagnostic.fix
        assert fix is not None and fix.applicability is Applicability.UNSAFE
        assert "detach" not in applied(text, fix)
    fixed = fix_text(text, "m.py", unsafe=True)
    assert fixed.text == module("x = x.clone()\nx[0, 0] = 3\nreturn x * 2")
    assert not fixed.remaining
    assert "x.data" in fix_text(text, "m.py").text  # unsafe: the caller's x is not changed


@pytest.mark.parametrize(
    "body",
    [
        "x.data[0, 0] = 3\nreturn x * 2",
        "x.detach()[0, 0] = 3\nreturn x * 2",
        "x.view(-1)[0] = 3\nreturn x * 2",
        "x.data.mul_(2)\nreturn x",
        "x.data += 1\nreturn x",
        "x[0] += 1\nreturn x",
    ],
)
def test_every_suggested_statement_is_python(body: str) -> None:
    for diagnostic in lint_source(module(body), "m.py"):
        for fix in diagnostic.fixes:
            for snippet in suggested_code(fix.description):
                ast.parse(snippet)  # not `x.detach() = x.detach().clone()`


def test_write_through_data_of_a_parameter_keeps_the_no_grad_advice() -> None:
    text = HEADER.replace("class Model", "class Other").replace(
        "def forward(self, x, h, scale: float):", "def forward(self, x):"
    )
    text = text.replace(
        "class Other(nn.Module):\n",
        "class Other(nn.Module):\n    def __init__(self):\n        super().__init__()\n"
        "        self.w = nn.Parameter(torch.ones(3))\n\n",
    )
    text += "        self.w.data[0] = 1\n        return x * self.w\n"
    (diagnostic,) = found(text, "EXL202")
    assert diagnostic.fix is not None
    assert diagnostic.fix.applicability is Applicability.DISPLAY_ONLY
    assert "no_grad" in diagnostic.fix.description


def test_int_of_a_rounded_float_keeps_an_int() -> None:
    text = module("h = x.sum().item()\nn = int(round(h * scale, 7))\nreturn x[:n]")
    (diagnostic,) = found(text, "EXL201")
    first = diagnostic.fix
    # First: the unrounded value plus half a unit of its 7th digit (round() has no ONNX
    # translation), unsafe; the safe sym_int of the rounded value is the alternative.
    assert first is not None and first.applicability is Applicability.UNSAFE
    assert "n = torch.sym_int(h * scale + 5e-08)" in applied(text, first)
    safe = [f for f in diagnostic.alternatives if f.applicability is Applicability.SAFE]
    assert safe and "n = torch.sym_int(round(h * scale, 7))" in applied(text, safe[0])
    # round() of a data value has no ONNX translation: with it, EXL302 stays reported.
    assert [d.code for d in lint_source(applied(text, safe[0]), "m.py")] == ["EXL302"]
    fixed = fix_text(text, "m.py", unsafe=True).text
    assert "n = torch.sym_int(h * scale + 5e-08)" in fixed
    assert [d.code for d in lint_source(fixed, "m.py")] == []


def test_dropping_int_is_offered_only_around_an_integer() -> None:
    text = module("h = x.sum().item()\nn = int(h * scale)\nreturn x[:n]")
    (diagnostic,) = found(text, "EXL201")
    for fix in diagnostic.fixes:
        assert "n = torch.sym_int(h * scale)" in applied(text, fix)


def _run(source: str, *args: object) -> object:
    namespace: dict[str, object] = {}
    exec(compile(source, "m.py", "exec"), namespace)
    model = namespace["Model"]()  # type: ignore[operator]
    return model(*args)


def test_int_round_fix_runs_in_eager_like_the_original() -> None:
    torch = pytest.importorskip("torch")
    text = module("h = x.sum().item()\nn = int(round(h * scale, 7))\nreturn x[:n]")
    x = torch.tensor([1.0, 2.0, 0.5, 3.0])
    want = _run(text, x, None, 0.5)
    for diagnostic in lint_source(text, "m.py"):
        for fix in diagnostic.fixes:
            if not fix.edits:
                continue
            fixed = applied(text, fix)
            assert torch.equal(_run(fixed, x, None, 0.5), want), fix.description  # type: ignore[arg-type]


# ------------------------------------------------------------------ casts: candidates


def test_int_item_candidates_best_first() -> None:
    text = module("n = int(x.max().item())\nreturn x[:n]")
    (diagnostic,) = found(text, "EXL201")
    fixes = diagnostic.fixes
    assert fixes[0].applicability is Applicability.SAFE
    assert "n = torch.sym_int(x.max().item())\n" in applied(text, fixes[0])
    assert [f.applicability for f in fixes[1:]] == [Applicability.UNSAFE, Applicability.UNSAFE]
    assert "torch._check(n <= x.shape[0])" in applied(text, fixes[1])
    # Last: an integer read (`.long().item()`), for float items sym_int cannot size with.
    assert "n = x.max().long().item()\n" in applied(text, fixes[2])


def test_int_of_a_tensor_reads_the_number() -> None:
    text = module("n = int(x.sum())\nreturn x[:n]")
    (diagnostic,) = found(text, "EXL201")
    assert diagnostic.fix is not None
    assert "n = torch.sym_int(x.sum().item())\n" in applied(text, diagnostic.fix)


def test_catalogue_goldens_exist_for_the_new_fixes() -> None:
    rules = Path(__file__).resolve().parent.parent / "rules"
    for golden in (
        "EXL201-item-to-python/fixed_int_tensor_topk.py",
        "EXL201-item-to-python/fixed_float_mask_sum.py",
        "EXL501-input-mutation/fixed_setitem.py",
    ):
        assert (rules / golden).is_file(), golden


# ------------------------------------------------------------------ libcst: the user's code kept


def test_a_comment_inside_a_multi_line_argument_survives() -> None:
    text = module("n = int(\n    x.max().item()  # the longest row\n)\nreturn x[:n]")
    fixed = fix_text(text, "m.py").text
    assert "# the longest row" in fixed and "torch.sym_int(" in fixed
    ast.parse(fixed)


def test_out_of_place_copy_in_a_tab_indented_file_keeps_comments() -> None:
    text = (
        "import torch\n\n\nclass Model(torch.nn.Module):\n"
        "\tdef forward(self, x):\n"
        "\t\t# blank the first column\n"
        "\t\tx[:, 0] = 0  # in place\n"
        "\t\treturn x * 2\n"
    )
    fixed = fix_text(text, "m.py", unsafe=True).text
    assert fixed == text.replace(
        "\t\t# blank the first column\n",
        "\t\t# blank the first column\n\t\tx = x.clone()\n",
    )


def test_parentheses_kept_where_an_operator_binds() -> None:
    text = module("return x * float(x.shape[0] / 2)")
    assert "return x * (x.shape[0] / 2)" in fix_text(text, "m.py").text
    text = module("d = x.shape[1]\nreturn x / math.sqrt(d) ** 2")
    text = "import math\n" + text
    assert "return x / (d ** 0.5) ** 2" in fix_text(text, "m.py", unsafe=True).text


# ------------------------------------------------------------------ mutation: inplace=True

INPLACE = """\
import torch
import torch.nn.functional as F
from torch import nn


class Model(nn.Module):
    def __init__(self):
        super().__init__()
        self.act = nn.LeakyReLU(0.1, inplace=True)  # saves memory
        self.fc = nn.Linear(4, 4)

    def forward(self, x):
BODY
"""


def inplace_model(body: str) -> str:
    return INPLACE.replace("BODY", textwrap.indent(body, " " * 8))


def test_an_inplace_submodule_on_an_argument_is_reported_and_built_out_of_place() -> None:
    text = inplace_model("h = self.act(x)\nreturn self.fc(h)")
    (diagnostic,) = found(text, "EXL501")
    assert "inplace=True" in diagnostic.message
    assert [f.applicability for f in diagnostic.fixes] == [Applicability.UNSAFE] * 2
    fixed = fix_text(text, "m.py", unsafe=True).text
    assert "self.act = nn.LeakyReLU(0.1)  # saves memory" in fixed
    assert "h = self.act(x)" in fixed


def test_an_inplace_submodule_whose_argument_is_read_later_gets_advice_only() -> None:
    # `identity` is `x`: in place, it sees the activated values; out of place it would not.
    text = inplace_model("identity = x\nh = self.act(x)\nreturn self.fc(h) + identity")
    (diagnostic,) = found(text, "EXL501")
    assert diagnostic.fix is not None
    assert diagnostic.fix.applicability is Applicability.DISPLAY_ONLY


def test_an_inplace_submodule_on_an_intermediate_tensor_is_silent() -> None:
    assert not found(inplace_model("return self.fc(self.act(self.fc(x)))"), "EXL501")


def test_int_of_an_unannotated_argument_reading_item_is_unsafe() -> None:
    # `b` may be a Python int after all: `b.item()` would fail where `int(b)` worked.
    text = module("return x[: int(h)]")
    (diagnostic,) = found(text, "EXL201")
    assert diagnostic.fix is not None
    assert diagnostic.fix.applicability is Applicability.UNSAFE
    assert "torch.sym_int(h.item())" in applied(text, diagnostic.fix)
    assert "int(h)" in fix_text(text, "m.py").text


def test_the_checked_candidate_bounds_the_sliced_axis() -> None:
    text = module("n = int(x.max().item())\nreturn h[:, :n]")
    (diagnostic,) = found(text, "EXL201")
    checked = applied(text, diagnostic.fixes[1])
    assert "torch._check(n >= 0)\n" in checked
    assert "torch._check(n <= h.shape[1])\n" in checked


# ------------------------------------------------------------------ the run decides


@pytest.mark.export
def test_verify_keeps_the_candidate_that_exports(tmp_path: Path) -> None:
    """`int(round(s * 2.0, 7))` on a data value: the exact `torch.sym_int(round(...))` exports
    but round() has no ONNX translation, the checked form neither; the first candidate,
    `torch.sym_int(s * 2.0 + 5e-08)` (no round), matches the original on every input."""
    pytest.importorskip("torch")
    pytest.importorskip("onnxruntime")
    import os
    import subprocess
    import sys

    root = Path(__file__).resolve().parent.parent
    hazard = root / "rules/EXL201-item-to-python/hazard_int_round_scale.py"
    model = tmp_path / "model.py"
    model.write_text(hazard.read_text(encoding="utf-8"), encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(root)}
    completed = subprocess.run(
        [sys.executable, "-m", "exportlint", "check", "--fix", "--verify", "model.py"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    fixed = model.read_text(encoding="utf-8")
    assert "keep = torch.sym_int(s * 2.0 + 5e-08)" in fixed, completed.stdout + completed.stderr
    assert "model.py [EXL201]: verified" in completed.stdout, completed.stdout


def test_int_of_arithmetic_taken_for_a_tensor_is_unsafe() -> None:
    # qwen3_omni_moe: `st += int(text_len + bos_len + audio_len + eos_len)` mixes ints and a
    # tensor; `.item()` on the sum is right only if the sum is a tensor.
    text = module("y = x.sum()\nn = int(y + 1)\nreturn x[:n]")
    (diagnostic,) = found(text, "EXL201")
    assert diagnostic.fix is not None
    assert diagnostic.fix.applicability is Applicability.UNSAFE


# ------------------------------------------------------------------ reformatted hazards

RULES = Path(__file__).resolve().parent.parent / "rules"
MY_HAZARDS = sorted(
    p
    for folder in ("EXL201", "EXL202", "EXL301", "EXL302", "EXL303", "EXL501")
    for p in RULES.glob(f"{folder}-*/hazard_*.py")
)


def _comments(text: str) -> list[str]:
    import io
    import tokenize

    tokens = tokenize.generate_tokens(io.StringIO(text).readline)
    return sorted(t.string for t in tokens if t.type == tokenize.COMMENT)


def _tabbed(text: str) -> str:
    out = []
    for line in text.splitlines(keepends=True):
        stripped = line.lstrip(" ")
        depth = (len(line) - len(stripped)) // 4
        out.append("\t" * depth + " " * ((len(line) - len(stripped)) % 4) + stripped)
    return "".join(out)


def _commented(text: str) -> str:
    """A comment line before every indented statement (comments must survive the rewrite)."""
    out = []
    for line in text.splitlines(keepends=True):
        stripped = line.lstrip()
        indent = line[: len(line) - len(stripped)]
        if indent and stripped and not stripped.startswith(("#", ")", "]", "}", '"', "'")):
            out.append(f"{indent}# note\n")
        out.append(line)
    return "".join(out)


@pytest.mark.parametrize("variant", ["tabs", "comments"])
@pytest.mark.parametrize("hazard", MY_HAZARDS, ids=lambda p: p.name)
def test_reformatted_hazards_fix_to_valid_code_keeping_comments(hazard: Path, variant: str) -> None:
    original = hazard.read_text(encoding="utf-8")
    text = _tabbed(original) if variant == "tabs" else _commented(original)
    try:
        ast.parse(text)
    except SyntaxError:
        pytest.skip("the reformatting made the file invalid (a multi-line string)")
    result = fix_text(text, str(hazard), unsafe=True)
    assert not result.problems, result.problems
    ast.parse(result.text)
    before, after = _comments(text), _comments(result.text)
    assert all(after.count(c) >= before.count(c) for c in set(before)), "a comment was lost"
    assert fix_text(result.text, str(hazard), unsafe=True).text == result.text


def test_float_of_item_offers_a_0d_tensor_second() -> None:
    text = module("s = float(x.sum().item())\nreturn x * s")
    (diagnostic,) = found(text, "EXL201")
    first, second = diagnostic.fixes
    assert "s = torch.sym_float(x.sum().item())" in applied(text, first)
    assert second.applicability is Applicability.UNSAFE
    assert "s = x.sum().float()" in applied(text, second)
