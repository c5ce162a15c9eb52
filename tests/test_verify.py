"""Verification: example discovery, dynamic-shape guessing, the warm worker, the reports, and
`exportlint verify` / `exportlint --fix --verify` end to end.

The first part needs no torch (discovery, guessing, config, reports, progress, CLI errors).
Tests that export are marked `export` and skipped without torch, onnx, onnxruntime and
onnxscript. They share one warm worker per test process (exportlint.verify.runner keeps it).
"""

from __future__ import annotations

import contextlib
import importlib.util
import io
import json
import os
import shutil
import subprocess
import sys
import textwrap
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

import exportlint
from exportlint.cli import main
from exportlint.config import ConfigError, Settings, settings_from_table
from exportlint.verify import dynamic
from exportlint.verify.discovery import factory_file, find_models, package_root, parse_factory
from exportlint.verify.report import render_full, render_json, render_markdown
from exportlint.verify.results import (
    FileOutcome,
    Job,
    Mismatch,
    ModelRef,
    ModelResult,
    Options,
    Report,
    Run,
)
from exportlint.verify.runner import Progress

REPO = Path(exportlint.__file__).resolve().parent.parent
RULES = REPO / "rules"
CASES = Path(__file__).resolve().parent / "verify_cases"

_HAVE_STACK = all(
    importlib.util.find_spec(m) is not None for m in ("torch", "onnx", "onnxruntime", "onnxscript")
)
needs_exporters = pytest.mark.skipif(
    not _HAVE_STACK, reason="needs torch, onnx, onnxruntime and onnxscript"
)


def exporting(test: Any) -> Any:
    """Marks a test that runs the exporters (slow; skipped without the verify stack)."""
    return pytest.mark.export(needs_exporters(test))


# ---------------------------------------------------------------------------- discovery


def test_discovery_finds_each_convention() -> None:
    ours = "class Model: ...\nexample_inputs = []\ndynamic_shapes = None\n"
    assert find_models(ours, "a.py") == [ModelRef("a.py", "Model", "exportlint")]
    instance = "model = make()\nexample_inputs = [(1,)]\n"
    assert find_models(instance, "a.py") == [ModelRef("a.py", "model", "exportlint")]
    exportdb = "class M: ...\nexample_args = (x,)\ntags = {'a'}\nmodel = M()\n"
    assert find_models(exportdb, "a.py") == [ModelRef("a.py", "model", "exportdb")]
    kwargs_only = "class Model: ...\nexample_kwargs = {}\n"
    assert find_models(kwargs_only, "a.py") == [ModelRef("a.py", "Model", "exportdb")]
    diagnostic = textwrap.dedent(
        """\
        class A(torch.nn.Module):
            def forward(self, x):
                return x
            _inputs = (torch.randn(2),)
            _dynamic = {"x": {0: DIM("b")}}

        class B(torch.nn.Module):
            _inputs: list = [(torch.randn(2),)]

        class C(torch.nn.Module):
            pass
        """
    )
    assert find_models(diagnostic, "m.py") == [
        ModelRef("m.py", "A", "onnx-diagnostic", (1, 5)),
        ModelRef("m.py", "B", "onnx-diagnostic", (7, 8)),
    ]


def test_discovery_reads_module_level_names_only_and_never_fails() -> None:
    # Names bound in functions or classes do not count; if/try blocks and imports do.
    inside = "def f():\n    example_inputs = []\n    model = 1\n"
    assert find_models(inside, "a.py") == []
    guarded = (
        "try:\n    from data import example_inputs\nexcept ImportError:\n    pass\nModel = 1\n"
    )
    assert find_models(guarded, "a.py") == [ModelRef("a.py", "Model", "exportlint")]
    assert find_models("example_inputs = [\n", "a.py") == []  # does not parse
    assert find_models("x = 1\n", "a.py") == []  # no hint: not even parsed
    # example_inputs without a model: nothing to verify
    assert find_models("example_inputs = []\n", "a.py") == []


def test_factory_specs_and_package_roots(tmp_path: Path) -> None:
    assert parse_factory("pkg.mod:make") == ("pkg.mod", "make")
    assert parse_factory("m:Cls.build") == ("m", "Cls.build")
    for bad in ("pkg.mod", "pkg.mod:", ":make", "pkg-x:make", "a:b:c"):
        with pytest.raises(ValueError):
            parse_factory(bad)
    (tmp_path / "src" / "pkg" / "sub").mkdir(parents=True)
    (tmp_path / "src" / "pkg" / "__init__.py").write_text("")
    (tmp_path / "src" / "pkg" / "sub" / "__init__.py").write_text("")
    (tmp_path / "src" / "pkg" / "sub" / "models.py").write_text("")
    found = factory_file("pkg.sub.models:make", [str(tmp_path)])
    assert found == str((tmp_path / "src" / "pkg" / "sub" / "models.py").resolve())
    assert factory_file("pkg.sub:make", [str(tmp_path)]) == str(
        (tmp_path / "src" / "pkg" / "sub" / "__init__.py").resolve()
    )
    assert factory_file("elsewhere:make", [str(tmp_path)]) is None
    directory, package = package_root(str(tmp_path / "src" / "pkg" / "sub" / "models.py"))
    assert (directory, package) == (str((tmp_path / "src").resolve()), "pkg.sub")


# ---------------------------------------------------------------------------- guessing


class T:
    """A stand-in tensor: only `.shape` matters to the guessing."""

    def __init__(self, *shape: int) -> None:
        self.shape = shape


DYN = "DYN"


def test_guess_marks_the_dims_that_differ() -> None:
    sets = [
        {"x": T(2, 5, 4), "pair": [T(3), T(2, 2)], "opts": {"m": T(2, 5)}, "n": 3},
        {"x": T(3, 7, 4), "pair": [T(3), T(4, 2)], "opts": {"m": T(3, 7)}, "n": 3},
    ]
    guess = dynamic.guess(sets, DYN)
    assert guess.spec == {
        "x": {0: DYN, 1: DYN},
        "pair": [None, {0: DYN}],
        "opts": {"m": {0: DYN, 1: DYN}},
        "n": None,
    }
    assert guess.dims == [
        "x.shape[0]",
        "x.shape[1]",
        "pair[1].shape[0]",
        "opts['m'].shape[0]",
        "opts['m'].shape[1]",
    ]
    assert guess.notes == []


def test_guess_needs_two_sets_and_explains_what_it_cannot_guess() -> None:
    assert dynamic.guess([{"x": T(2, 3)}], DYN).spec is None
    same = dynamic.guess([{"x": T(2, 3)}, {"x": T(2, 3)}], DYN)
    assert same.spec is None and same.dims == []
    rank = dynamic.guess([{"x": T(2, 3)}, {"x": T(2, 3, 1)}, {"x": T(4, 3)}], DYN)
    assert rank.spec is None and "different rank" in rank.notes[0]
    args = dynamic.guess([{"x": T(2)}, {"x": T(3), "y": T(1)}], DYN)
    assert args.spec is None and "different arguments" in args.notes[0]
    number = dynamic.guess([{"x": T(2), "k": 1}, {"x": T(3), "k": 2}], DYN)
    assert number.spec == {"x": {0: DYN}, "k": None}
    assert "k differs between input sets (1, 2)" in number.notes[0]


def test_requested_dims_and_size_warnings() -> None:
    def is_dyn(hint: Any) -> bool:
        return hint == DYN

    bound = {"x": T(1, 6), "ys": [T(4), T(0, 2)], "k": 3}
    dims = dynamic.requested({"x": {0: DYN, 1: None}, "ys": [{0: DYN}, (DYN, 5)]}, bound, is_dyn)
    assert [(d.label, d.size) for d in dims] == [
        ("x.shape[0]", 1),
        ("ys[0].shape[0]", 4),
        ("ys[1].shape[0]", 0),
    ]
    warnings = dynamic.size_warnings(dims)
    assert len(warnings) == 2
    assert "x.shape[0] == 1" in warnings[0] and "ys[1].shape[0] == 0" in warnings[1]
    # a tuple spec goes by position, negative dims count from the end
    positional = dynamic.requested(({-1: DYN}, None, None), bound, is_dyn)
    assert [d.label for d in positional] == ["x.shape[1]"]
    for bad in ({"z": {0: DYN}}, ({0: DYN},), {"x": {5: DYN}}, 3):
        with pytest.raises(ValueError):
            dynamic.requested(bad, bound, is_dyn)


# ---------------------------------------------------------------------------- config


def test_verify_config_table() -> None:
    settings = settings_from_table(
        {"verify": {"factories": ["pkg.m:make"], "timeout": 30, "rtol": 1e-3, "atol": 0}},
        "pyproject.toml",
        ".",
    )
    assert settings.verify.factories == ("pkg.m:make",)
    assert (settings.verify.timeout, settings.verify.rtol, settings.verify.atol) == (30, 1e-3, 0)
    # verification settings do not change lint results, nor the cache key
    assert settings.fingerprint() == Settings().fingerprint()
    assert Settings().verify.timeout == 300


@pytest.mark.parametrize(
    ("table", "message"),
    [
        ("nope", "`verify` must be a table"),
        ({"factory": []}, "unknown key `factory` in [tool.exportlint.verify]"),
        ({"factories": "pkg:make"}, "`verify.factories` must be a list of strings"),
        ({"factories": ["pkg.make"]}, "is not of the form `package.module:callable`"),
        ({"timeout": 0}, "`verify.timeout` must be a positive number"),
        ({"timeout": "5"}, "`verify.timeout` must be a number"),
        ({"rtol": True}, "`verify.rtol` must be a number"),
        ({"atol": -1}, "`verify.atol` must not be negative"),
    ],
)
def test_verify_config_errors_name_the_key(table: Any, message: str) -> None:
    with pytest.raises(ConfigError) as error:
        settings_from_table({"verify": table}, "pyproject.toml", ".")
    assert message in str(error.value)
    assert str(error.value).startswith("pyproject.toml: ")


# ---------------------------------------------------------------------------- reports


def _report(mode: str = "fix") -> Report:
    hazard = Run(
        export_error="GuardOnDataDependentSymNode: Could not guard on data-dependent expression",
        onnx_error="TorchExportError: GuardOnDataDependentSymNode: Could not guard",
        ran=("export", "onnx"),
        timings={"export": 0.4, "onnx": 0.8},
    )
    good = Run(
        max_abs_diff=1.2e-7,
        onnx_strategy="TorchExportNonStrictStrategy",
        ran=("export", "module", "onnx", "checker", "ort"),
        timings={"export": 0.3, "module": 0.1, "onnx": 1.3, "checker": 0.0, "ort": 0.01},
    )
    wrong = Run(
        ort_mismatch=Mismatch(2, True, "output 0: max abs diff 1.41"),
        max_abs_diff=float("inf"),
        ran=("export", "module", "onnx", "checker", "ort"),
    )
    models = (
        ModelResult(
            ModelRef("m.py", "Model", "exportlint"),
            "pass",
            before=hazard,
            after=good if mode == "fix" else None,
            notes=("dynamic shapes guessed from the input sets: x.shape[0]",),
            input_sets=3,
            dynamic=("x.shape[0]",),
            guessed=True,
            timings={"load": 0.01, "eager": 0.02, "total": 2.5},
            rules=(("EXL101", 18, 16), ("EXL303", 20, 9)),
        ),
        ModelResult(
            ModelRef("w.py", "Model", "exportlint"),
            "fail",
            before=good,
            after=wrong if mode == "fix" else None,
        ),
        ModelResult(ModelRef("e.py", "Model", "exportlint"), "error", error="eager: raises"),
    )
    files = (
        FileOutcome("m.py", "verified", "", (("EXL101", 18, 16),)),
        FileOutcome("w.py", "unverified", "Model: onnxruntime wrong on unseen size", ()),
    )
    return Report(
        mode,  # type: ignore[arg-type]
        models=models if mode == "fix" else models[:1] + models[2:],
        files=files if mode == "fix" else (),
        without_examples=("plain.py",),
        wall_time=4.2,
        worker_start=1.7,
    )


def test_full_report_is_a_table_per_model() -> None:
    text = render_full(_report())
    lines = text.splitlines()
    assert lines[0] == "PASS m.py::Model (3 input sets; guessed dynamic: x.shape[0])"
    assert lines[1].split() == ["rule", "location", "before", "after", "max", "diff", "time"]
    assert lines[2].split()[:3] == ["EXL101", "18:16", "export:"]
    assert "ok" in lines[2] and "1.2e-07" in lines[2] and "2.50 s" in lines[2]
    assert lines[3].split() == ["EXL303", "20:9"]
    assert "  note: dynamic shapes guessed from the input sets: x.shape[0]" in lines
    after = "  after: onnxruntime wrong on unseen size (input set 2: output 0: max abs diff 1.41)"
    assert after in lines
    assert "ERROR e.py::Model" in text and "not verified: eager: raises" in text
    assert "w.py: unverified: Model: onnxruntime wrong on unseen size" in text
    assert lines[-1].startswith("Verified 3 models: 1 passed, 1 failed, 1 not verifiable;")
    verify = render_full(_report("verify")).splitlines()
    assert verify[1].split() == ["rule", "location", "result", "max", "diff", "time"]
    assert "1 file without examples" in verify[-1]


def test_json_and_markdown_reports() -> None:
    data = json.loads(render_json(_report()))
    assert data["mode"] == "fix" and data["passed"] is False
    first, second, third = data["models"]
    assert first["rules"][0] == {"code": "EXL101", "line": 18, "column": 16}
    assert first["before"]["ok"] is False and first["after"]["ok"] is True
    assert first["after"]["max_abs_diff"] == 1.2e-7 and first["dynamic_guessed"] is True
    assert second["after"]["ort_mismatch"] == {
        "input_set": 2,
        "unseen": True,
        "raised": False,
        "message": "output 0: max abs diff 1.41",
    }
    assert second["after"]["max_abs_diff"] == "inf"  # JSON has no infinity
    assert third["status"] == "error" and third["reason"] == "eager: raises"
    assert data["files"][1]["status"] == "unverified"
    assert data["summary"]["models"] == 3 and data["summary"]["worker_start"] == 1.7
    markdown = render_markdown(_report())
    assert markdown.startswith("# exportlint --fix --verify\n")
    assert "| rule | location | before | after | max diff | time |" in markdown
    assert "| `w.py` | - | unverified | Model: onnxruntime wrong on unseen size |" in markdown
    assert "## Files without examples" in markdown


def test_run_summaries() -> None:
    assert Run().summary == "not run"
    assert not Run().ok
    fell_back = Run(onnx_strategy="TorchExportStrictStrategy", ran=("onnx", "ort"))
    assert fell_back.ok and fell_back.fell_back
    assert fell_back.summary == "ok (torch.onnx fell back to TorchExportStrictStrategy)"
    raised = Run(module_mismatch=Mismatch(1, True, "AssertionError: Guard failed", raised=True))
    assert raised.summary.startswith("ep.module() fails on unseen size (input set 1")
    traced = Run(ort_mismatch=Mismatch(0, False, "output 0: max abs diff 2"))
    assert traced.summary.startswith("onnxruntime wrong on the traced input")


class _Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_bar_only_on_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("TERM", raising=False)
    plain = io.StringIO()
    progress = Progress(3, plain)
    progress.start("a.py::Model")
    progress.stage("before", "onnx")
    progress.advance()
    progress.finish()
    assert plain.getvalue() == ""
    tty = _Tty()
    progress = Progress(3, tty)
    progress.start("a.py::Model")
    progress.stage("after", "onnx")
    progress.advance()
    progress.finish()
    shown = tty.getvalue()
    assert "0/3 a.py::Model  onnx (fixed)" in shown and "1/3" in shown
    assert shown.endswith("\r\x1b[2K")  # the line is cleared at the end
    assert Progress(3, _Tty(), enabled=False).enabled is False


def test_progress_message_shows_at_once_and_the_bar_replaces_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("TERM", raising=False)
    tty = _Tty()
    progress = Progress(0, tty)
    progress.message("starting the verifier: importing torch…")
    assert tty.getvalue() == "\r\x1b[2Kstarting the verifier: importing torch…"
    progress.total = 2
    progress.start("a.py::Model")
    assert tty.getvalue().endswith("\r\x1b[2K[>                   ] 0/2 a.py::Model")
    plain = io.StringIO()
    Progress(0, plain).message("starting the verifier: importing torch…")
    Progress(0, _Tty(), enabled=False).message("x")  # --no-progress: nothing
    assert plain.getvalue() == ""


class _Hint:
    """Stands for a Dim in the pure-Python range checks."""

    def __init__(self, declared: dynamic.Declared | None) -> None:
        self.declared = declared


def _declare(hint: Any) -> dynamic.Declared | None:
    return hint.declared if isinstance(hint, _Hint) else None


def test_range_problems_read_named_and_derived_dims() -> None:
    dx = _Hint(dynamic.Declared("dx", "dx", 4, 8))
    twice = _Hint(dynamic.Declared("2*dx", "dx", 4, 8, scale=2))
    auto = _Hint(None)

    def dims(x: int, y: int) -> list[dynamic.DynamicDim]:
        return [
            dynamic.DynamicDim("x.shape[0]", None, 0, x, dx),
            dynamic.DynamicDim("y.shape[0]", None, 0, y, twice),
            dynamic.DynamicDim("z.shape[0]", None, 0, 1000, auto),
        ]

    assert dynamic.range_problems(dims(8, 16), _declare) == []
    assert dynamic.range_problems(dims(9, 18), _declare) == [
        "x.shape[0] = 9, above dx's max 8",
        "y.shape[0] = 18 gives dx = 9, above dx's max 8",
    ]
    assert dynamic.range_problems(dims(3, 6), _declare)[0] == "x.shape[0] = 3, below dx's min 4"
    assert dynamic.range_problems(dims(6, 13), _declare) == [
        "y.shape[0] = 13 is not a value of 2*dx"
    ]
    assert dynamic.range_problems(dims(6, 14), _declare) == [
        "y.shape[0] = 14 gives dx = 7, but x.shape[0] gives dx = 6"
    ]


def test_dynamic_shapes_move_to_keyword_names_as_model_inputs_does() -> None:
    x, y = T(5, 6), T(1, 6)
    guessed = (({0: DYN, 1: DYN},), {"y": {1: DYN}})  # ModelInputs.guess_dynamic_shapes()
    assert dynamic.by_name(guessed, (x,), {"y": y}, ["x", "y"]) == {
        "x": {0: DYN, 1: DYN},
        "y": {1: DYN},
    }
    flat = ({0: DYN}, {1: DYN})  # one tuple over all the inputs
    assert dynamic.by_name(flat, (x,), {"y": y}, ["x", "y"]) == {"x": {0: DYN}, "y": {1: DYN}}
    # positional only, keyword only, or a dict: as given (torch.export takes them)
    assert dynamic.by_name(flat, (x, y), {}, ["x", "y"]) is flat
    named = {"x": {0: DYN}}
    assert dynamic.by_name(named, (x,), {"y": y}, ["x", "y"]) is named


def test_comparisons_are_those_of_assert_close_and_name_the_element() -> None:
    torch = pytest.importorskip("torch")
    from exportlint.verify.compare import EXACT, leaf_diff

    options = Options(rtol=1e-4, atol=1e-5)
    expected = torch.tensor([[1.0, 2.0], [1e14, float("nan")]])
    close = expected.clone()
    close[1, 0] += 5e9  # within rtol * |expected|
    assert leaf_diff(expected, close, options)[0] is None  # NaN == NaN
    wrong = expected.clone()
    wrong[0, 1] = 2.1
    problem, worst = leaf_diff(expected, wrong, options)
    assert problem == (
        "1 of 4 elements differ; greatest at [0, 1]: 2.1 vs 2 (abs diff 0.1, allowed 0.00021)"
    )
    assert worst == pytest.approx(0.1)
    # a constant baked at trace time near 1e14 hides within rtol, never within EXACT
    baked = expected.clone()
    baked[1, 0] += 8.4e6
    assert leaf_diff(expected, baked, options)[0] is None
    assert (leaf_diff(expected, baked, EXACT)[0] or "").startswith(
        "1 of 4 elements differ; greatest at [1, 0]"
    )
    assert leaf_diff(torch.tensor(float("inf")), torch.tensor(float("inf")), EXACT)[0] is None
    assert leaf_diff(torch.tensor(float("inf")), torch.tensor(-float("inf")), options)[0]


# ---------------------------------------------------------------------------- CLI (no torch)


def test_verify_flag_needs_fix(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", "--verify", str(CASES / "size1_trace.py")]) == 2
    assert "--verify goes with --fix" in capsys.readouterr().err


def test_verify_rejects_bad_options(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["verify", "--timeout", "0", str(CASES)]) == 2
    assert "--timeout must be a positive number" in capsys.readouterr().err
    assert main(["verify", "--atol", "-1", str(CASES)]) == 2
    assert "--atol must be a non-negative number" in capsys.readouterr().err
    assert main(["verify", "--output-format", "sarif", str(CASES)]) == 2
    assert main(["verify", "--jobs", "0", str(CASES)]) == 2
    assert "--jobs must be at least 1" in capsys.readouterr().err


def test_files_without_examples(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """`verify` says so (exit 0, no worker); `--fix --verify` fixes them as plain --fix:
    safe fixes applied, unsafe ones only with --unsafe-fixes."""
    monkeypatch.chdir(tmp_path)
    safe = tmp_path / "safe_fix.py"
    safe.write_text(
        "import torch\n\nclass M(torch.nn.Module):\n    def forward(self, x):\n"
        "        return x.data * 2\n"
    )
    unsafe = tmp_path / "unsafe_fix.py"
    unsafe_text = (
        "import torch\n\nclass M(torch.nn.Module):\n    def forward(self, x):\n"
        "        if x.sum() > 0:\n            x = x * 2\n        return x\n"
    )
    unsafe.write_text(unsafe_text)
    assert main(["verify", "--isolated", "--output-format", "json", "."]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["models"] == [] and sorted(data["without_examples"]) == [
        "safe_fix.py",
        "unsafe_fix.py",
    ]
    code = main(["check", "--isolated", "--no-cache", "--fix", "--verify", "."])
    out = capsys.readouterr().out
    assert code == 1  # the unsafe hazard remains
    assert "x.detach() * 2" in safe.read_text() and unsafe.read_text() == unsafe_text
    assert "safe_fix.py [EXL202]: no examples: fixed as by plain --fix" in out


def test_verify_fix_from_stdin_is_refused(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", "--fix", "--verify", "--stdin-filename", "a.py"]) == 2
    assert "--verify needs files" in capsys.readouterr().err


# ---------------------------------------------------------------------------- worker (torch)


def _job(original: Path, fixed: Path | str | None = None, **options: Any) -> Job:
    text = original.read_text(encoding="utf-8")
    (ref,) = find_models(text, str(original))
    fixed_text = fixed.read_text(encoding="utf-8") if isinstance(fixed, Path) else fixed
    return Job(ref, text, fixed_text, Options(**options), roots=(str(REPO),))


def _verify(job: Job, timeout: float = 900) -> ModelResult:
    from exportlint.verify import warm_worker

    return warm_worker().verify(job, timeout)


@exporting
def test_a_wrong_fix_is_caught_as_a_mismatch() -> None:
    """A fix that changes what one branch computes: exports fine, differs from the original."""
    hazard = RULES / "EXL102-shape-condition" / "hazard_long_sequence_damping.py"
    golden = (RULES / "EXL102-shape-condition" / "fixed_long_sequence_damping.py").read_text()
    assert golden.count("h = h * 0.5") == 1
    wrong = golden.replace("h = h * 0.5", "h = h * 0.25")
    result = _verify(_job(hazard, wrong))
    assert result.status == "fail", result
    assert result.before is not None and not result.before.ok  # the hazard, before
    after = result.after
    assert after is not None and after.export_error is None and after.onnx_error is None
    assert after.eager_mismatch is not None and after.ort_mismatch is not None
    assert "elements differ; greatest at [" in after.ort_mismatch.message
    assert result.reason.startswith("eager wrong")
    # the same fix within a (huge) tolerance passes: rtol/atol are honoured
    assert _verify(_job(hazard, wrong, atol=10.0)).status == "pass"
    # and the real fix passes
    right = _verify(_job(hazard, golden))
    assert right.status == "pass" and right.after is not None and right.after.ok


@exporting
def test_a_fix_that_specialises_a_dynamic_dim_is_caught() -> None:
    result = _verify(
        _job(CASES / "specialising_original.py", CASES / "specialising_fix.py", strict=True)
    )
    assert result.status == "fail"
    assert result.before is not None and result.before.ok
    assert "strict" in result.before.ran and result.before.strict_error is None
    after = result.after
    assert after is not None and after.export_error is None  # it exports (Dim.AUTO) ...
    # ... with x.shape[1] a constant: Dim.AUTO allows that (a note, not a failure) ...
    assert after.static_auto == ("x.shape[1] (= 8)",) and after.specialised == ()
    assert any(
        n.startswith("x.shape[1] (= 8) was Dim.AUTO and came out static") for n in result.notes
    )
    # ... but the program refuses the other lengths eager takes: that fails
    assert after.module_mismatch is not None and after.module_mismatch.unseen
    assert result.reason.startswith("ep.module() fails on unseen size (input set 1: ")


@exporting
def test_the_original_file_is_verified_from_text(tmp_path: Path) -> None:
    """The job's text is what runs, not the file on disk (which may differ, or be gone)."""
    path = tmp_path / "gone.py"
    text = (CASES / "specialising_original.py").read_text()
    job = Job(ModelRef(str(path), "Model", "exportlint"), text, roots=(str(tmp_path),))
    result = _verify(job)
    assert result.status == "pass" and not path.exists()
    assert list(tmp_path.iterdir()) == []


# ---------------------------------------------------------------------------- CLI end to end


def _fixable_hazards() -> list[Path]:
    return sorted(
        p.with_name(p.name.replace("fixed_", "hazard_", 1)) for p in RULES.glob("*/fixed_*.py")
    )


HAZARDS = _fixable_hazards()
CHUNKS = 2


@exporting
@pytest.mark.parametrize("chunk", range(CHUNKS), ids=[f"part{i}" for i in range(CHUNKS)])
def test_every_catalogue_fix_verifies_through_the_cli(
    chunk: int,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """`exportlint --fix --verify` (no --unsafe-fixes) on copies of the catalogue hazards that
    have a fix: each hazard shows before, each fix verifies and is written, and the written
    file is the golden `fixed_*.py`."""
    hazards = HAZARDS[chunk::CHUNKS]
    assert hazards
    for hazard in hazards:
        target = tmp_path / hazard.parent.name / hazard.name
        target.parent.mkdir(exist_ok=True)
        shutil.copy(hazard, target)
    monkeypatch.chdir(tmp_path)
    code = main(["check", "--isolated", "--no-cache", "--fix", "--verify", "--output-format",
                 "json", "."])  # fmt: skip
    data = json.loads(capsys.readouterr().out)
    verification = data["verification"]
    statuses = {f["path"]: (f["status"], f["reason"]) for f in verification["files"]}
    for hazard in hazards:
        name = f"{hazard.parent.name}/{hazard.name}"
        assert statuses.get(name, ("missing", ""))[0] == "verified", (name, statuses.get(name))
        golden = hazard.with_name(hazard.name.replace("hazard_", "fixed_", 1))
        assert (tmp_path / name).read_text() == golden.read_text(), name
    for model in verification["models"]:
        assert model["status"] == "pass", model
        assert model["before"]["ok"] is False, (model["path"], model["before"])
        assert model["after"]["ok"] is True, (model["path"], model["after"])
        assert model["rules"], model["path"]
    assert len(verification["models"]) == len(hazards)
    assert code == 0, data["diagnostics"]


@exporting
def test_a_wrong_unsafe_candidate_is_rejected_by_verification(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """The catalogue hazards whose only candidate is wrong for them (listed in
    test_fixes_goldens.REJECTED_BY_VERIFY): --fix --verify --unsafe-fixes tries it, the run
    shows it wrong, and the file is left as it was."""
    from test_fixes_goldens import REJECTED_BY_VERIFY

    for relative in REJECTED_BY_VERIFY:
        hazard = RULES / relative
        target = tmp_path / hazard.name
        shutil.copy(hazard, target)
        original = target.read_bytes()
        monkeypatch.chdir(tmp_path)
        code = main(["check", "--isolated", "--no-cache", "--fix", "--unsafe-fixes", "--verify",
                     "--show-fixes", "."])  # fmt: skip
        out = capsys.readouterr().out
        assert target.read_bytes() == original, relative
        assert code == 1 and "unverified" in out, out
        target.unlink()


@exporting
def test_a_failing_fix_is_never_written(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """A fixer that changes a branch: --fix --verify reports it unverified and keeps the file."""
    import exportlint.verify.session as session

    hazard = RULES / "EXL102-shape-condition" / "hazard_long_sequence_damping.py"
    target = tmp_path / hazard.name
    shutil.copy(hazard, target)
    original = target.read_bytes()
    real = session.fix_text

    def wrong_fix(*args: Any, **kwargs: Any) -> Any:
        result = real(*args, **kwargs)
        return replace(result, text=result.text.replace("h = h * 0.5", "h = h * 0.25"))

    monkeypatch.setattr(session, "fix_text", wrong_fix)
    monkeypatch.chdir(tmp_path)
    code = main(["check", "--isolated", "--no-cache", "--fix", "--verify", "--show-fixes", "."])
    out = capsys.readouterr().out
    assert target.read_bytes() == original
    assert code == 1  # the hazard is still there
    assert "EXL102" in out and "Fixed" not in out
    # The candidate search reports what the first candidates (tried together) gave.
    assert f"{hazard.name} [EXL102]: unverified: first candidates: Model: eager wrong" in out
    assert "FAIL " in out and "onnxruntime wrong on unseen size" in out
    # --diff --verify shows no diff for it either
    assert main(["check", "--isolated", "--no-cache", "--diff", "--verify", "."]) == 0
    assert capsys.readouterr().out == ""


def _verify_json(*arguments: str) -> tuple[int, dict[str, Any]]:
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        code = main(["verify", "--isolated", "--no-progress", "--output-format", "json",
                     *arguments])  # fmt: skip
    return code, json.loads(out.getvalue())


def _by_name(data: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {f"{Path(m['path']).stem}::{m['name']}": m for m in data["models"]}


@exporting
def test_verify_cases_through_the_cli(tmp_path: Path) -> None:
    """Every convention, guessed dynamic shapes, named Dims with ranges, host nondeterminism,
    a size-1 trace, a crash (SIGSEGV) and a model that raises eagerly, in one run of two
    workers that goes on after each of them. (The hang has its own test: a short timeout
    must not apply to the others on a loaded machine.)"""
    report = tmp_path / "report.md"
    cases = sorted(str(p) for p in CASES.glob("*.py") if p.name != "hang_on_export.py")
    before = _snapshot(CASES)
    code, data = _verify_json("--timeout", "900", "--jobs", "2", "--report", str(report), *cases)
    assert _snapshot(CASES) == before  # nothing written next to the cases (no __pycache__)
    assert code == 1
    assert data["summary"]["workers"] == 2
    models = _by_name(data)
    assert list(models) == [  # in the order of the files, whichever worker verified them
        "crash_on_export::Model",
        "eager_raises::Model",
        "exportdb_style::model",
        "host_random::model",
        "mixed_spec::model",
        "named_dims::model",
        "onnx_diagnostic_style::ScaledSum",
        "onnx_diagnostic_style::Shift",
        "onnx_diagnostic_style::Keywords",
        "pairs_guessed::Model",
        "size1_trace::Model",
        "specialising_fix::Model",
        "specialising_original::Model",
    ]

    def status(key: str) -> tuple[str, str]:
        return models[key]["status"], models[key]["reason"]

    assert status("crash_on_export::Model") == ("fail", "crashed with SIGSEGV during export")
    assert status("eager_raises::Model") == (
        "error",
        "eager: the model raises on input set 1: ValueError: batch too large for this model",
    )
    exportdb = models["exportdb_style::model"]
    assert exportdb["status"] == "pass" and exportdb["style"] == "exportdb"
    assert exportdb["input_sets"] == 1
    assert exportdb["dynamic"] == ["pos0.shape[0]", "mykw0.shape[0]"]
    # one input set: the verifier chose another size for the dynamic dims, and checked it
    assert exportdb["notes"] == [
        "input set 1 has sizes chosen by the verifier: pos0.shape[0] = 5, mykw0.shape[0] = 5"
    ]
    host = models["host_random::model"]
    assert host["status"] == "fail"
    assert host["reason"].startswith(
        "nondeterministic: two eager runs of input set 0 differ (output 0: 6 of 6 elements "
        "differ; greatest at ["
    )
    mixed = models["mixed_spec::model"]
    assert mixed["status"] == "pass", mixed["reason"]
    assert mixed["dynamic"] == ["x.shape[0]", "x.shape[1]", "y.shape[1]"]
    assert mixed["notes"][0].startswith("dynamic_shapes moved to the names of the arguments")
    named = models["named_dims::model"]
    assert named["status"] == "pass", named["reason"]
    assert named["notes"] == [
        "input set 1 is outside the declared dynamic shapes (y.shape[0] = 18 gives dx = 9, "
        "above dx's max 8): not checked",
        "input set 2 is outside the declared dynamic shapes (y.shape[0] = 13 is not a value "
        "of 2*dx): not checked",
        # 8 + 1 would leave dx's range: the chosen sizes stay inside it
        "input set 3 has sizes chosen by the verifier: x.shape[0] = 7, y.shape[0] = 14, "
        "y.shape[1] = 4",
    ]
    scaled = models["onnx_diagnostic_style::ScaledSum"]
    assert scaled["status"] == "pass" and scaled["style"] == "onnx-diagnostic"
    assert scaled["dynamic"] == ["x.shape[0]", "x.shape[1]", "y.shape[0]"]
    assert not scaled["dynamic_guessed"] and scaled["input_sets"] == 2
    shift = models["onnx_diagnostic_style::Shift"]
    assert shift["status"] == "pass" and shift["input_sets"] == 1 and shift["dynamic"] == []
    keywords = models["onnx_diagnostic_style::Keywords"]
    assert keywords["status"] == "pass" and keywords["dynamic"] == ["x.shape[0]"]
    assert keywords["dynamic_guessed"]
    pairs = models["pairs_guessed::Model"]
    assert pairs["status"] == "pass" and pairs["dynamic_guessed"]
    assert pairs["dynamic"] == [
        "x.shape[0]",
        "x.shape[1]",
        "pair[1].shape[0]",
        "mask.shape[0]",
        "mask.shape[1]",
    ]
    assert pairs["after"] is None and pairs["before"]["max_abs_diff"] < 1e-4
    size1 = models["size1_trace::Model"]
    assert size1["status"] == "fail" and "specialized due to hint of 1" in size1["reason"]
    assert any("x.shape[0] == 1" in note for note in size1["notes"])
    spec = models["specialising_fix::Model"]
    assert spec["status"] == "fail" and spec["before"]["specialised"] == []
    assert spec["before"]["static_auto"] == ["x.shape[1] (= 8)"]
    assert spec["reason"].startswith("ep.module() fails on unseen size")
    assert spec["rules"] == [{"code": "EXL301", "line": 10, "column": 31}]
    assert status("specialising_original::Model")[0] == "pass"
    markdown = report.read_text()
    assert markdown.startswith("# exportlint verify\n")
    assert "| rule | location | result | max diff | time |" in markdown
    assert "crashed with SIGSEGV during export" in markdown


@exporting
def test_the_timeout_stops_a_hang_and_the_run_goes_on() -> None:
    """The per-model timeout starts once the worker is ready (its start, importing torch, is
    not counted): 30 s is far more than loading and running this model eagerly takes, even on
    a loaded machine, and the model after the hang is verified by the restarted worker."""
    code, data = _verify_json(
        "--timeout", "30", "--jobs", "1",
        str(CASES / "hang_on_export.py"), str(CASES / "eager_raises.py"),
    )  # fmt: skip
    assert code == 1
    models = _by_name(data)
    assert (
        models["hang_on_export::Model"]["status"],
        models["hang_on_export::Model"]["reason"],
    ) == (
        "fail",
        "timed out after 30s during export",
    )
    assert models["eager_raises::Model"]["status"] == "error"


def _snapshot(root: Path) -> dict[str, tuple[int, int]]:
    return {
        str(p.relative_to(root)): (p.stat().st_size, p.stat().st_mtime_ns)
        for p in sorted(root.rglob("*"))
    }


PACKAGE = {
    "pyproject.toml": """\
        [tool.exportlint]
        [tool.exportlint.verify]
        factories = ["demo.factory:make"]
        timeout = 900
        """,
    "demo/__init__.py": "",
    "demo/layers.py": """\
        import torch


        class Scale(torch.nn.Module):
            def forward(self, x):
                return x * 2.0
        """,
    "demo/model.py": """\
        import torch

        from .layers import Scale


        class Pool(torch.nn.Module):
            def __init__(self):
                super().__init__()
                self.scale = Scale()

            def forward(self, x):
                return self.scale(x).sum(dim=0) / len(x)
        """,
    "demo/factory.py": """\
        import torch

        from demo.model import Pool


        def make():
            inputs = [(torch.randn(3, 4),), (torch.randn(6, 4),), (torch.randn(2, 4),)]
            return Pool(), inputs, None
        """,
}


@exporting
def test_factories_verify_and_gate_fixes_of_the_files_they_use(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """A project whose model file has no examples: the configured factory builds the model.
    `verify` shows the hazard and modifies nothing; `--fix --verify` fixes demo/model.py
    only after the factory's model, built from the fixed text, verified."""
    for name, text in PACKAGE.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(textwrap.dedent(text))
    monkeypatch.chdir(tmp_path)
    before = _snapshot(tmp_path)
    assert main(["verify", "--output-format", "json", "."]) == 1
    data = json.loads(capsys.readouterr().out)
    assert _snapshot(tmp_path) == before  # nothing written: no .pyc, no ONNX files
    (model,) = data["models"]
    assert model["style"] == "factory" and model["name"] == "demo.factory:make"
    assert model["path"] == str((tmp_path / "demo" / "factory.py").resolve())
    assert model["dynamic_guessed"] and model["dynamic"] == ["x.shape[0]"]
    assert model["status"] == "fail" and "export: " in model["reason"]

    assert main(["check", "--no-cache", "--fix", "--verify", "--output-format", "json", "."]) == 0
    data = json.loads(capsys.readouterr().out)
    (outcome,) = data["verification"]["files"]
    assert outcome["path"] == "demo/model.py" and outcome["status"] == "verified"
    assert "x.shape[0]" in (tmp_path / "demo" / "model.py").read_text()
    (model,) = data["verification"]["models"]
    assert model["before"]["ok"] is False and model["after"]["ok"] is True

    assert main(["verify", "--output-format", "json", "demo/model.py"]) == 0
    assert json.loads(capsys.readouterr().out)["models"][0]["status"] == "pass"


@exporting
def test_the_cli_process_never_imports_torch() -> None:
    """torch, onnx and onnxruntime are imported by the worker process only."""
    probe = (
        "import sys\n"
        "from exportlint.cli import main\n"
        "code = main(['verify', '--isolated', '--no-progress', sys.argv[1]])\n"
        "heavy = sorted(m for m in ('torch', 'onnx', 'onnxruntime', 'onnxscript') "
        "if m in sys.modules)\n"
        "print('HEAVY', heavy, 'CODE', code)\n"
    )
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    result = subprocess.run(
        [sys.executable, "-c", probe, str(CASES / "onnx_diagnostic_style.py")],
        capture_output=True,
        text=True,
        timeout=1800,
        env=env,
        cwd=REPO,
    )
    assert "HEAVY [] CODE 0" in result.stdout, result.stdout[-2000:] + result.stderr[-2000:]
    assert "PASS " in result.stdout


@exporting
def test_a_factory_that_fails_is_reported(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "pyproject.toml").write_text(
        '[tool.exportlint.verify]\nfactories = ["nowhere.to_be:found", "broken:make"]\n'
    )
    (tmp_path / "broken.py").write_text("def make():\n    return 42\n")
    monkeypatch.chdir(tmp_path)
    assert main(["verify", "--output-format", "json", "."]) == 1
    data = json.loads(capsys.readouterr().out)
    assert data["models"] == [] and data["passed"] is False
    first, second = data["problems"]
    assert first.startswith("factory nowhere.to_be:found: nowhere.to_be:found: ModuleNotFound")
    assert second == (
        "factory broken:make: broken:make must return (model, inputs_list, dynamic_shapes_or_None)"
    )


# ---------------------------------------------------------------------------- seed examples

SEEDS = CASES / "seeds"

# Every model example of the project's source documents (the torch.export tutorial; the
# onnx-diagnostic examples: the loop, the lost dynamic dimension, dynamic shapes for args and
# kwargs, the onnxruntime backend), with the verdict torch 2.13 gives (non-strict export,
# torch.onnx from that program, onnxruntime): status and the start of the reason. Left out:
# the tutorial's CUDA example (no GPU here), `cond_predicate` (a function, not a model) and
# the loop rewritten with onnx-diagnostic's `simple_loop_for` (not installed).
SEED_VERDICTS: dict[str, tuple[str, str]] = {
    "od_args": ("pass", ""),
    "od_kwargs": ("pass", ""),
    "od_args_kwargs": ("pass", ""),
    "od_loop_crop": ("fail", "export: GuardOnDataDependentSymNode: Could not guard on data-"),
    "od_loop_scan": ("fail", "export: TypeError: object of type 'Node' has no len()"),
    "od_lost_dim_pad": (
        "fail",
        "ep.module() fails on unseen size (input set 1: AssertionError: Guard failed: "
        "y.size()[0] == 2)",
    ),
    "od_lost_dim_cat": ("pass", ""),
    "od_ort_mlp": ("pass", ""),
    "tut_my_module": ("pass", ""),
    "tut_bad1_data_dependent_if": ("fail", "export: GuardOnDataDependentSymNode"),
    "tut_bad2_tensor_data": ("fail", "export: RuntimeError: We found a fake tensor"),
    "tut_bad3_id": ("fail", "nondeterministic: two eager runs of input set 0 differ (output 0"),
    "tut_bad1_fixed_cond": ("pass", ""),
    "tut_map": ("fail", "onnx: ConversionError: DispatchError: No ONNX function found for"),
    "tut_dynamic_static": (
        "fail",
        "ep.module() fails on unseen size (input set 1: AssertionError: Guard failed: "
        "y.size()[0] == 8)",
    ),
    "tut_dynamic_auto": ("pass", ""),
    "tut_dynamic_w_dynamic": ("fail", "export: UserError: Constraints violated (L['w'].size()[1])"),
    "tut_dynamic_static_x": ("fail", "export: UserError: Constraints violated (L['y'].size()[1])"),
    "tut_dynamic_guards": ("pass", ""),
    "tut_linear_size1": (
        "fail",
        "ep.module() fails on unseen size (input set 1: AssertionError: Guard failed: "
        "input.size()[0] == 1)",
    ),
    "tut_named_dims_conflict": ("fail", "export: UserError: Constraints violated (d1, dy)"),
    "tut_item_tolist": ("pass", ""),
    "tut_item_branch": ("fail", "export: GuardOnDataDependentSymNode"),
    "tut_item_branch_checked": ("pass", ""),
    "tut_item_index": ("pass", ""),
    "tut_item_index_checked": ("pass", ""),
    "tut_item_range_cat": ("error", "eager: the model raises on input set 0: TypeError"),
    "tut_item_repeat": ("pass", ""),
    "tut_custom_op": ("fail", "onnx: ConversionError: DispatchError: No ONNX function found"),
    "tut_decomp_conv_bn": ("pass", ""),
}


@pytest.fixture(scope="module")
def seed_results() -> dict[str, dict[str, Any]]:
    """One run over every seed example (two workers; a per-model timeout far above what any
    of them takes, so that a loaded machine does not turn a verdict into a timeout)."""
    _, data = _verify_json("--timeout", "900", "--jobs", "2", str(SEEDS))
    return {Path(m["path"]).stem: m for m in data["models"]}


def test_every_seed_example_has_a_verdict() -> None:
    assert sorted(p.stem for p in SEEDS.glob("*.py")) == sorted(SEED_VERDICTS)


@exporting
@pytest.mark.parametrize("name", list(SEED_VERDICTS))
def test_seed_example_verdict(name: str, seed_results: dict[str, dict[str, Any]]) -> None:
    status, reason = SEED_VERDICTS[name]
    result = seed_results[name]
    assert (result["status"], result["reason"][: len(reason)]) == (status, reason)


@exporting
def test_seed_examples_notes(seed_results: dict[str, dict[str, Any]]) -> None:
    """Dim.AUTO dims that come out static are notes, not failures (w: [s0, 5] because of the
    Linear(5, 3)); the three ways of passing inputs give onnx-diagnostic's guess."""
    auto = seed_results["tut_dynamic_auto"]
    assert auto["status"] == "pass" and auto["before"]["specialised"] == []
    assert auto["before"]["static_auto"] == ["w.shape[1] (= 5)"]
    assert any(
        n.startswith("w.shape[1] (= 5) was Dim.AUTO and came out static") for n in auto["notes"]
    )
    # z.shape[0] == x.shape[0] * y.shape[0]: the chosen sizes keep the relation
    assert (
        "input set 1 has sizes chosen by the verifier: w.shape[0] = 7, x.shape[0] = 5, "
        "y.shape[0] = 9, y.shape[1] = 5, z.shape[0] = 45" in auto["notes"]
    )
    pad = seed_results["od_lost_dim_pad"]
    assert pad["before"]["static_auto"] == ["y.shape[0] (= 2)"]
    for name in ("od_args", "od_kwargs", "od_args_kwargs"):
        assert seed_results[name]["dynamic"] == ["x.shape[0]", "x.shape[1]", "y.shape[1]"]
        assert seed_results[name]["dynamic_guessed"]
    id_model = seed_results["tut_bad3_id"]
    assert "id(), time, random" in id_model["reason"]


@exporting
@pytest.mark.skipif(sys.platform == "win32", reason="needs a pseudo-terminal")
def test_verify_says_at_once_that_the_worker_starts(tmp_path: Path) -> None:
    """On a terminal, the first thing `verify` writes is that the worker starts (importing
    torch takes 8 to 60 s); the progress bar comes after it, the report on stdout."""
    import pty

    leader, follower = pty.openpty()
    env = {**os.environ, "PYTHONPATH": str(REPO), "PYTHONDONTWRITEBYTECODE": "1"}
    env.pop("TERM", None)
    process = subprocess.Popen(
        [sys.executable, "-m", "exportlint", "verify", "--isolated", "--timeout", "900",
         str(CASES / "exportdb_style.py")],
        stdout=subprocess.PIPE, stderr=follower, env=env, cwd=tmp_path,
    )  # fmt: skip
    os.close(follower)
    chunks = []
    while True:
        try:
            chunk = os.read(leader, 4096)
        except OSError:  # the child closed the terminal
            break
        if not chunk:
            break
        chunks.append(chunk)
    stdout, _ = process.communicate(timeout=900)
    os.close(leader)
    shown = b"".join(chunks).decode("utf-8", "replace")
    assert shown.startswith("\r\x1b[2Kstarting the verifier: importing torch…"), shown[:200]
    assert "1/1" in shown or "0/1" in shown  # then the bar
    assert process.returncode == 0 and b"PASS" in stdout


@exporting
def test_a_sub_project_configuration_holds_for_fix_verify_and_verify(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """`exportlint check --fix --verify proj/` and `exportlint verify proj/`, run from the
    parent, take proj/'s own configuration (as `check` does), not the working directory's."""
    hazard = RULES / "EXL303-len-of-tensor" / "hazard_len_mean_pool.py"
    project = tmp_path / "proj"
    project.mkdir()
    (project / "pyproject.toml").write_text('[tool.exportlint]\nignore = ["EXL303"]\n')
    target = project / hazard.name
    shutil.copy(hazard, target)
    original = target.read_bytes()
    monkeypatch.chdir(tmp_path)
    code = main(["check", "--no-cache", "--fix", "--verify", "--unsafe-fixes", "proj"])
    out = capsys.readouterr().out
    # proj/ ignores EXL303: nothing to fix, nothing reported, the file is left as it was.
    assert code == 0, out
    assert target.read_bytes() == original
    assert "EXL303" not in out
    # Without proj/'s configuration the same command fixes it (what --isolated shows).
    code = main(
        ["check", "--isolated", "--no-cache", "--fix", "--verify", "--unsafe-fixes", "proj"]
    )
    out = capsys.readouterr().out
    assert target.read_bytes() != original, out
    assert main(["verify", "--output-format", "json", "proj"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert [m["status"] for m in data["models"]] == ["pass"]
