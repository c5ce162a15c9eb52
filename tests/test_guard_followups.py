"""Follow-up candidates driven by the verification failure: a data-dependent guard that
torch.export raises (`Could not guard on data-dependent expression s27 >= u0`) is read in the
worker (the line that asked, the condition with that line's names, what held on the examples)
and `--fix --verify` tries `torch._check(<what held>)` before that line."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import types
from pathlib import Path

import pytest

from exportlint.candidate_search import _follow_up_of, _guard_of_run
from exportlint.codemods.guard_checks import insert_check, keep_symbolic
from exportlint.verify.results import Guard, Run

ROOT = Path(__file__).resolve().parent.parent
CASES = Path(__file__).resolve().parent / "guard_cases"


def _fix_verify(tmp_path: Path, *names: str) -> str:
    """The cases `names` copied to `tmp_path` and run through `exportlint check --fix
    --verify` there (a real export, ONNX and onnxruntime proof): what it printed."""
    pytest.importorskip("torch")
    pytest.importorskip("onnxruntime")
    for name in names:
        (tmp_path / name).write_text((CASES / name).read_text(encoding="utf-8"), "utf-8")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    completed = subprocess.run(
        [sys.executable, "-m", "exportlint", "check", "--fix", "--verify", "--isolated",
         "--no-cache", *names],
        cwd=tmp_path, env=env, capture_output=True, text=True, check=False,
    )  # fmt: skip
    return completed.stdout + completed.stderr


def _case(path: Path, name: str = "") -> types.ModuleType:
    """The case file at `path`, imported from there (the worker reads the file's lines)."""
    import importlib.util

    spec = importlib.util.spec_from_file_location(name or f"_guard_case_{path.stem}", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


# ------------------------------------------------------------------ the codemod (no torch)


def test_the_check_goes_before_the_statement_of_the_line() -> None:
    text = (
        "import torch\n\n\ndef f(x, n):\n    # crop\n    if x.shape[1] >= n:  # keep\n"
        "        return x[:, :n]\n    return x\n"
    )
    follow = insert_check(text, 6, "x.shape[1] >= n")
    assert follow is not None
    assert follow.text == (
        "import torch\n\n\ndef f(x, n):\n    torch._check(x.shape[1] >= n)\n    # crop\n"
        "    if x.shape[1] >= n:  # keep\n        return x[:, :n]\n    return x\n"
    )
    assert follow.description == (
        "`torch._check(x.shape[1] >= n)` before line 6 (unsafe: raises where it does not hold)"
    )
    # The same check again is nothing new.
    assert insert_check(follow.text, 7, "x.shape[1] >= n") is None


def test_an_elif_test_gets_the_check_before_its_whole_if_with_tabs_and_an_alias() -> None:
    text = (
        "import torch as th\n\n\ndef f(x, k):\n\tif x:\n\t\ty = 1\n\telif (\n\t\tk == 1  # c\n"
        "\t):\n\t\t# keep\n\t\ty = 2\n\treturn y\n"
    )
    follow = insert_check(text, 8, "k != 1")
    assert follow is not None
    assert follow.text == text.replace("\tif x:", "\tth._check(k != 1)\n\tif x:")
    # A line of a nested block: the check goes in that block, before its comment.
    inner = insert_check(text, 11, "k != 1")
    assert inner is not None
    assert "\t):\n\t\tth._check(k != 1)\n\t\t# keep\n\t\ty = 2\n" in inner.text


def test_no_check_without_torch_or_with_a_condition_that_is_not_python() -> None:
    assert insert_check("def f(n):\n    return n\n", 2, "n >= 0") is None
    assert insert_check("import torch\nn = 1\n", 2, "FloorDiv(") is None
    assert insert_check("import torch\nn = 1\n", 9, "n >= 0") is None  # no such line


def test_only_a_guard_with_a_check_that_held_gets_a_follow_up() -> None:
    held = Guard("s27 >= u0", 10, "x.shape[1] >= n", "x.shape[1] >= n")
    mixed = Guard("s27 >= u0", 10, "x.shape[1] >= n", "")
    failed = Run(export_error="GuardOnDataDependentSymNode: ...")
    assert _guard_of_run(Run(export_error="x", guard=held)) == held
    assert _guard_of_run(Run(export_error="x", guard=mixed)) is None
    assert _guard_of_run(failed) is None
    text = (CASES / "pad_to_longest.py").read_text(encoding="utf-8")
    follow = _follow_up_of(text, held)
    assert follow is not None
    assert "def fit_to(x, n):\n    torch._check(x.shape[1] >= n)\n    # crop" in follow.text


# ------------------------------------------------------------------ the worker reads the guard


@pytest.mark.export
def test_the_worker_reads_the_guard_with_the_names_of_its_line() -> None:
    torch = pytest.importorskip("torch")

    from exportlint.verify.guards import guard_of

    path = CASES / "pad_to_longest.py"
    module = _case(path, "_guard_case")
    sets = [(args, {}) for args in module.example_inputs]
    with pytest.raises(Exception) as raised:
        torch.export.export(
            module.Model(), sets[0][0], dynamic_shapes=module.dynamic_shapes, strict=False
        )
    guard = guard_of(raised.value, str(path), module.Model(), sets)
    assert guard is not None
    # The condition on the symbols (torch's message also has it with the traced size put
    # in, `6 >= u0`, which a check must not pin), with the names of the helper's frame.
    assert guard.expression.endswith(">= u0") and not guard.expression.startswith("6")
    assert guard.line == 10
    assert guard.condition == "x.shape[1] >= n"
    assert guard.check == "x.shape[1] >= n"  # true on every example
    mixed = CASES / "crop_or_pad_mixed.py"
    other = _case(mixed, "_guard_case_mixed")
    sets = [(args, {}) for args in other.example_inputs]
    with pytest.raises(Exception) as raised:
        torch.export.export(
            other.Model(), sets[0][0], dynamic_shapes=other.dynamic_shapes, strict=False
        )
    guard = guard_of(raised.value, str(mixed), other.Model(), sets)
    assert guard is not None and guard.condition == "x.shape[1] >= n"
    assert guard.check == ""  # true on some examples, false on others: no check holds


# ------------------------------------------------------------------ --fix --verify for real


@pytest.mark.export
def test_fix_verify_writes_the_follow_up_that_verifies_and_nothing_else(tmp_path: Path) -> None:
    """The only candidate (skip the crop under export) fails on the traced input; left
    unfixed, the original fails on the guard `s27 >= u0` in the helper; the follow-up
    `torch._check(x.shape[1] >= n)` verifies and is written. Where the examples disagree on
    the guard, no follow-up is offered and nothing is written."""
    out = _fix_verify(tmp_path, "pad_to_longest.py", "crop_or_pad_mixed.py")
    fixed = (tmp_path / "pad_to_longest.py").read_text(encoding="utf-8")
    original = (CASES / "pad_to_longest.py").read_text(encoding="utf-8")
    assert fixed == original.replace(
        "def fit_to(x, n):\n", "def fit_to(x, n):\n    torch._check(x.shape[1] >= n)\n"
    ), out
    assert "pad_to_longest.py: verified" in out, out
    assert re.search(
        r"kept: after `EXL101@10: left unfixed` failed with s\d+ >= u0 at line 10: tried "
        r"`torch\._check\(x\.shape\[1\] >= n\)` before line 10",
        out,
    ), out
    mixed = (tmp_path / "crop_or_pad_mixed.py").read_text(encoding="utf-8")
    assert mixed == (CASES / "crop_or_pad_mixed.py").read_text(encoding="utf-8")
    assert "crop_or_pad_mixed.py [EXL101]: unverified" in out, out
    assert "tried `torch._check" not in out.split("crop_or_pad_mixed.py [EXL101]")[1], out


@pytest.mark.export
def test_a_hazard_with_no_verified_candidate_keeps_the_one_that_got_furthest(
    tmp_path: Path,
) -> None:
    name = "trim_then_branch.py"
    out = _fix_verify(tmp_path, name)
    fixed = (tmp_path / name).read_text(encoding="utf-8")
    assert "trim_then_branch.py [EXL102, EXL201]: verified" in out, out
    # The count keeps its checked candidate under the branch's rewrite.
    assert "torch._check(n >= 0)" in fixed and "int(mask.sum())" not in fixed, fixed


def test_progress_ranks_how_far_a_failed_verification_got() -> None:
    from exportlint.candidate_search import _progress
    from exportlint.verify.results import ModelRef, ModelResult

    ref = ModelRef("m.py", "Model", "exportlint")

    def failed(run: Run) -> ModelResult:
        return ModelResult(ref, "fail", before=Run(export_error="x"), after=run)

    export = failed(Run(export_error="GuardOnDataDependentSymNode: ..."))
    onnx = failed(Run(onnx_error="ConversionError: ...", ran=("export", "module", "onnx")))
    eager = failed(Run(eager_error="the fixed model raises"))
    passed = ModelResult(ref, "pass", after=Run(ran=("export", "onnx", "ort")))
    assert _progress([eager]) < _progress([export]) < _progress([onnx])
    # A second model that failed after a first one passed: further than any first failure.
    assert _progress([passed, export]) > _progress([onnx])


@pytest.mark.export
def test_a_fix_rejected_by_ep_module_on_a_one_frame_input_is_retried_oblivious(
    tmp_path: Path,
) -> None:
    """The block-mask loop's rewrite exports, but ep.module() rejects the input set whose
    clip gives one frame (`Guard failed: ... // 2 != 1`): exported again with
    backed_size_oblivious=True (torch.onnx's own setting), it passes and is written."""
    name = "segment_block_mask.py"
    out = _fix_verify(tmp_path, name)
    assert "segment_block_mask.py [EXL401]: verified" in out, out
    assert "ok with backed_size_oblivious=True" in out, out
    assert "for start, end in zip(starts, ends):" not in (tmp_path / name).read_text("utf-8")


# ------------------------------------------------------------------ a specialized integer


def test_int_of_the_line_is_kept_symbolic_by_what_its_argument_was() -> None:
    text = (CASES / "first_counts.py").read_text(encoding="utf-8")
    follow = keep_symbolic(text, 11, (('parts["first"]', "int"),))
    assert follow is not None
    assert '    first = x[: parts["first"].item()]\n' in follow.text
    assert follow.text.count("int(") == text.count("int(") - 1  # only that line
    assert follow.description == ('`int(parts["first"])` -> `parts["first"].item()` on line 11')
    again = keep_symbolic(follow.text, 13, (('parts[ "mean" ]', "float"),))
    assert again is not None
    assert '    rest = x[: torch.sym_int(parts["mean"].item())]\n' in again.text
    assert "    # the average count, truncated like int() does\n" in again.text
    # A number keeps its call (and its comments); an expression gets parentheses for .item().
    number = keep_symbolic(
        "import torch as th\nk = int(  # c\n    a * b)\nm = int(a + b)\n",
        2,
        (("a * b", "number"),),
    )
    assert number is not None
    assert number.text == "import torch as th\nk = th.sym_int(  # c\n    a * b)\nm = int(a + b)\n"
    tensor = keep_symbolic("import torch\nm = int(a + b)\n", 2, (("a+b", "int"),))
    assert tensor is not None and tensor.text == "import torch\nm = (a + b).item()\n"
    # Nothing of that argument on that line, or no torch: no follow-up.
    assert keep_symbolic(text, 13, (('parts["first"]', "int"),)) is None
    assert keep_symbolic("m = int(a)\n", 1, (("a", "int"),)) is None
    guard = Guard("u0", 11, specialize=True, casts=(('parts["first"]', "int"),))
    assert _guard_of_run(Run(export_error="x", guard=guard)) == guard
    assert _follow_up_of(text, guard) == follow


@pytest.mark.export
def test_the_worker_reads_what_each_int_argument_was_on_the_examples(tmp_path: Path) -> None:
    torch = pytest.importorskip("torch")

    from exportlint.verify.guards import guard_of

    path = CASES / "first_counts.py"
    module = _case(path, "_guard_case_counts")
    sets = [(args, {}) for args in module.example_inputs]
    with pytest.raises(Exception) as raised:
        torch.export.export(
            module.Model(), sets[0][0], dynamic_shapes=module.dynamic_shapes, strict=False
        )
    guard = guard_of(raised.value, str(path), module.Model(), sets)
    assert guard is not None and guard.specialize and guard.line == 11
    assert guard.casts == (('parts["first"]', "int"),)
    follow = _follow_up_of(path.read_text(encoding="utf-8"), guard)
    assert follow is not None
    fixed = _load(follow.text, tmp_path / "first_counts_fixed.py")
    with pytest.raises(Exception) as raised:
        torch.export.export(
            fixed.Model(), sets[0][0], dynamic_shapes=module.dynamic_shapes, strict=False
        )
    guard = guard_of(raised.value, fixed.__file__, fixed.Model(), sets)
    assert guard is not None and guard.line == 13
    assert guard.casts == (('parts["mean"]', "float"),)


def _load(text: str, path: Path) -> types.ModuleType:
    """`text` written to `path` and loaded from there (the worker reads the file's lines)."""

    path.write_text(text, encoding="utf-8")
    module = _case(path, path.stem)
    return module


@pytest.mark.export
def test_fix_verify_keeps_an_int_symbolic_where_export_asked_for_a_plain_one(
    tmp_path: Path,
) -> None:
    """The value reaches `int(...)` through a namedtuple or a dict, which the linter does
    not follow: export fails on `TruncToInt(...zuf0)` / `u0`, and the follow-up
    `torch.sym_int(...)` verifies and is written. Where the count drives `range(...)`, the
    follow-up does not help and nothing is written."""
    names = ("keep_ratio_tokens.py", "pad_rows_config.py", "rows_loop_count.py")
    out = _fix_verify(tmp_path, *names)
    original = {name: (CASES / name).read_text(encoding="utf-8") for name in names}
    fixed = {name: (tmp_path / name).read_text(encoding="utf-8") for name in names}
    assert fixed["keep_ratio_tokens.py"] == original["keep_ratio_tokens.py"].replace(
        "keep = int(tokens.shape[1] * budget.ratio)",
        "keep = torch.sym_int(tokens.shape[1] * budget.ratio)",
    ), out
    assert fixed["pad_rows_config.py"] == original["pad_rows_config.py"].replace(
        'pad = x.new_zeros(int(sizes["extra"]),', 'pad = x.new_zeros(torch.sym_int(sizes["extra"]),'
    ), out
    assert re.search(r"TruncToInt\(.*zuf0.* at line 18: tried `int\(tokens", out), out
    assert "pad_rows_config.py: verified" in out, out
    assert fixed["rows_loop_count.py"] == original["rows_loop_count.py"], out
    assert "rows_loop_count.py: unverified" in out, out
    assert 'tried `int(sizes["n"])` -> `torch.sym_int(sizes["n"])` on line 11: ' in out, out


# ------------------------------------------------------------------ inside a torch.cond branch


@pytest.mark.export
def test_a_guard_inside_a_cond_branch_is_read_on_the_branch_line() -> None:
    torch = pytest.importorskip("torch")

    from exportlint.verify.guards import guard_of

    checks = {}
    text = (CASES / "cond_branch_window.py").read_text(encoding="utf-8")
    line = text.splitlines().index("            if high - low > 2:") + 1
    for name in ("cond_branch_window.py", "cond_branch_window_mixed.py"):
        path = CASES / name
        module = _case(path, f"_guard_case_{path.stem}")
        sets = [(args, {}) for args in module.example_inputs]
        with pytest.raises(Exception) as raised:
            torch.export.export(
                module.Model(), sets[0][0], dynamic_shapes=module.dynamic_shapes, strict=False
            )
        guard = guard_of(raised.value, str(path), module.Model(), sets)
        assert guard is not None, name
        lines = path.read_text(encoding="utf-8").splitlines()
        assert guard.line == lines.index("            if high - low > 2:") + 1, guard
        assert guard.condition == "high - low > 2", guard
        checks[name] = guard.check
    assert checks == {"cond_branch_window.py": "high - low > 2", "cond_branch_window_mixed.py": ""}
    follow = insert_check(text, line, checks["cond_branch_window.py"])
    assert follow is not None
    assert (
        "        def spread(x, bounds):\n            low, high = bounds.tolist()\n"
        "            torch._check(high - low > 2)\n"
        "            # a wide window gets the projection twice\n            if high - low > 2:\n"
    ) in follow.text


@pytest.mark.export
def test_a_condition_torch_writes_with_its_own_functions_is_the_line_test(tmp_path: Path) -> None:
    """`Eq(PythonMod(u0, 2), 1)` is no Python; the `if` test of the line that asked
    (`n % 2 == 1`) is: on every example it is false, so `torch._check(n % 2 != 1)` verifies
    and is written. Where the examples disagree, nothing is offered or written."""
    names = ("pair_tokens_even.py", "pair_tokens_mixed.py")
    out = _fix_verify(tmp_path, *names)
    original = {name: (CASES / name).read_text(encoding="utf-8") for name in names}
    fixed = {name: (tmp_path / name).read_text(encoding="utf-8") for name in names}
    assert fixed["pair_tokens_even.py"] == original["pair_tokens_even.py"].replace(
        "    # drop the odd one out", "    torch._check(n % 2 != 1)\n    # drop the odd one out"
    ), out
    assert "pair_tokens_even.py: verified" in out, out
    assert re.search(r"failed with Eq\(PythonMod\(u0, 2\), 1\) at line 12: tried", out), out
    assert fixed["pair_tokens_mixed.py"] == original["pair_tokens_mixed.py"], out
    assert "pair_tokens_mixed.py [EXL101]: unverified" in out, out
    assert "tried `torch._check" not in out.split("pair_tokens_mixed.py [EXL101]")[1], out


# ------------------------------------------------------------------ integers chosen by a size


@pytest.mark.export
def test_fix_verify_chooses_integers_of_a_size_test_with_sym_ite(tmp_path: Path) -> None:
    """TF "SAME" padding, an `elif` chain of strides and a pad kept at 0 otherwise: the
    branches assign Python ints, which torch.cond cannot return; `torch.sym_ite` with the
    constant sides lifted to sizes exports, and onnxruntime matches eager at unseen sizes."""
    names = ("same_padding.py", "stride_by_size.py")
    out = _fix_verify(tmp_path, *names)
    for name in names:
        assert f"{name} [EXL102]: verified" in out, out
        fixed = (tmp_path / name).read_text(encoding="utf-8")
        assert "torch.sym_ite(" in fixed and "torch.cond(" not in fixed, fixed


@pytest.mark.export
def test_fix_verify_runs_work_on_selected_rows_always(tmp_path: Path) -> None:
    """`if len(idx) > 0:` / `if keep.numel():` / `if rows.size(0) != 0:` over an index_put,
    a masked write and an index_add of the selected rows: run always, exact on an empty
    selection (the third example selects nothing), verified for real."""
    name = "fuse_selected_rows.py"
    out = _fix_verify(tmp_path, name)
    assert f"{name} [EXL101]: verified" in out, out
    fixed = (tmp_path / name).read_text(encoding="utf-8")
    assert "        if " not in fixed and "torch.cond(" not in fixed, fixed
