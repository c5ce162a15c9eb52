"""The command line: exit codes, the default verb, every output format, selection flags,
stdin, `exportlint rule`, --version, missing paths and the cache.

Most tests call `exportlint.cli.main` in-process (fast); the ones about the process itself
(`python -m exportlint`, stdin, --version) run it for real with subprocess.
"""

from __future__ import annotations

import importlib
import importlib.util
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

import exportlint
from exportlint.checks import CATALOGUE
from exportlint.cli import main

REPO = Path(exportlint.__file__).resolve().parent.parent

# One EXL101 at line 4, columns 12..23 (`x.sum() > 0`).
MODEL = """\
import torch
class M(torch.nn.Module):
    def forward(self, x):
        if x.sum() > 0:
            return x
        return -x
"""

# EXL201 (error) at 4:13, EXL303 (warning) at 5:13, EXL101 (error) at 6:12.
MULTI = """\
import torch
class M(torch.nn.Module):
    def forward(self, x):
        n = int(x.max().item())
        k = len(x)
        if x.sum() > 0:
            return x * n * k
        return -x
"""

CLEAN = """\
import torch
class M(torch.nn.Module):
    def forward(self, x):
        return torch.where(x.sum() > 0, x, -x)
"""


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A project directory as the cwd, with an empty [tool.exportlint] so that no
    pyproject.toml further up can change the results."""
    (tmp_path / "pyproject.toml").write_text("[tool.exportlint]\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def write(directory: Path, name: str, text: str) -> Path:
    path = directory / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def lint(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return code, out, err


def run(cwd: Path, *args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    env.pop("EXPORTLINT_DEBUG", None)
    result = subprocess.run(
        [sys.executable, "-m", "exportlint", *args],
        cwd=cwd,
        input=stdin.decode("utf-8", "surrogateescape") if stdin is not None else None,
        capture_output=True,
        text=True,
        env=env,
        timeout=900,
        check=False,
    )
    assert "Traceback" not in result.stderr
    return result


def codes_of(out: str) -> list[str]:
    return [item["code"] for item in json.loads(out)]


# --- exit codes -------------------------------------------------------------------------


def test_exit_0_when_nothing_found(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(project, "clean.py", CLEAN)
    code, out, err = lint(capsys, "clean.py")
    assert code == 0
    assert out == ""
    assert "All checks passed" in err


def test_exit_1_when_diagnostics_found(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(project, "model.py", MODEL)
    code, out, _ = lint(capsys, "model.py")
    assert code == 1
    assert "model.py:4:12: EXL101" in out
    assert "Found 1 diagnostic" in out


@pytest.mark.parametrize(
    "args",
    [
        ["--output-format", "xml", "model.py"],
        ["--no-such-flag", "model.py"],
        ["--jobs", "0", "model.py"],
        ["--select", "NOPE1", "model.py"],
        ["--ignore", "EXL9", "model.py"],
        ["--extend-select", "E501", "model.py"],
    ],
)
def test_exit_2_on_usage_errors(
    project: Path, capsys: pytest.CaptureFixture[str], args: list[str]
) -> None:
    write(project, "model.py", MODEL)
    code, out, err = lint(capsys, *args)
    assert code == 2
    assert "EXL101" not in out
    assert "error" in err


def test_help_exits_0(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = lint(capsys, "--help")
    assert code == 0
    assert "exportlint" in out


def test_exit_zero(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(project, "model.py", MODEL)
    code, out, _ = lint(capsys, "--exit-zero", "model.py")
    assert code == 0
    assert "EXL101" in out


def test_default_verb_is_check(tmp_path: Path) -> None:
    write(tmp_path, "pyproject.toml", "[tool.exportlint]\n")
    write(tmp_path, "model.py", MODEL)
    implicit = run(tmp_path, "--no-cache", "model.py")
    explicit = run(tmp_path, "check", "--no-cache", "model.py")
    assert implicit.returncode == explicit.returncode == 1
    assert implicit.stdout == explicit.stdout
    assert "model.py:4:12: EXL101" in implicit.stdout


def test_no_paths_lints_the_current_directory(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write(project, "pkg/model.py", MODEL)
    write(project, "pkg/clean.py", CLEAN)
    code, out, _ = lint(capsys, "--output-format", "json")
    assert code == 1
    assert [Path(d["path"]).as_posix() for d in json.loads(out)] == ["pkg/model.py"]


# --- output formats ---------------------------------------------------------------------


def test_json_format(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(project, "b.py", MULTI)
    write(project, "a.py", MODEL)
    code, out, _ = lint(capsys, "--output-format", "json", "b.py", "a.py")
    assert code == 1
    data: list[dict[str, Any]] = json.loads(out)
    assert isinstance(data, list)
    required = {
        "path", "line", "column", "end_line", "end_column",
        "code", "name", "severity", "message", "url", "fix",
    }  # fmt: skip
    for item in data:
        assert required <= item.keys()
        fix = item["fix"]
        if fix is not None:
            assert fix["applicability"] in ("safe", "unsafe", "display-only")
            assert fix["description"]
            for edit in fix["edits"]:
                assert {"line", "column", "end_line", "end_column", "content"} <= edit.keys()
                assert edit["line"] >= 1 and edit["column"] >= 1
        assert item["severity"] in ("error", "warning")
        assert item["url"].startswith("https://")
        assert item["name"] == CATALOGUE[item["code"]][0]
        assert item["line"] >= 1 and item["column"] >= 1
        assert (item["end_line"], item["end_column"]) > (item["line"], item["column"])
    # Sorted by path, then position; positions are 1-based.
    assert [(d["path"], d["line"], d["column"], d["code"]) for d in data] == [
        ("a.py", 4, 12, "EXL101"),
        ("b.py", 4, 13, "EXL201"),
        ("b.py", 5, 13, "EXL303"),
        ("b.py", 6, 12, "EXL101"),
    ]
    first = data[0]
    assert (first["end_line"], first["end_column"]) == (4, 23)
    # The 1-based, end-exclusive range covers exactly `x.sum() > 0` in the source.
    line = MODEL.splitlines()[first["line"] - 1]
    assert line[first["column"] - 1 : first["end_column"] - 1] == "x.sum() > 0"
    assert {d["code"]: d["severity"] for d in data}["EXL303"] == "warning"


def test_json_format_empty_is_an_empty_array(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write(project, "clean.py", CLEAN)
    code, out, _ = lint(capsys, "--output-format", "json", "clean.py")
    assert code == 0
    assert json.loads(out) == []


SARIF_SUBSET_SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["version", "runs"],
    "properties": {
        "version": {"const": "2.1.0"},
        "$schema": {"type": "string"},
        "runs": {
            "type": "array",
            "minItems": 1,
            "items": {
                "type": "object",
                "required": ["tool", "results"],
                "properties": {
                    "tool": {
                        "type": "object",
                        "required": ["driver"],
                        "properties": {
                            "driver": {
                                "type": "object",
                                "required": ["name", "rules"],
                                "properties": {
                                    "name": {"type": "string"},
                                    "rules": {
                                        "type": "array",
                                        "items": {
                                            "type": "object",
                                            "required": ["id"],
                                            "properties": {"id": {"type": "string"}},
                                        },
                                    },
                                },
                            }
                        },
                    },
                    "results": {
                        "type": "array",
                        "items": {
                            "type": "object",
                            "required": ["ruleId", "level", "message", "locations"],
                            "properties": {
                                "ruleId": {"type": "string"},
                                "ruleIndex": {"type": "integer", "minimum": 0},
                                "level": {"enum": ["none", "note", "warning", "error"]},
                                "message": {
                                    "type": "object",
                                    "required": ["text"],
                                    "properties": {"text": {"type": "string"}},
                                },
                                "locations": {
                                    "type": "array",
                                    "minItems": 1,
                                    "items": {
                                        "type": "object",
                                        "required": ["physicalLocation"],
                                        "properties": {
                                            "physicalLocation": {
                                                "type": "object",
                                                "required": ["artifactLocation", "region"],
                                                "properties": {
                                                    "artifactLocation": {
                                                        "type": "object",
                                                        "required": ["uri"],
                                                    },
                                                    "region": {
                                                        "type": "object",
                                                        "required": ["startLine", "startColumn"],
                                                        "properties": {
                                                            "startLine": {
                                                                "type": "integer",
                                                                "minimum": 1,
                                                            },
                                                            "startColumn": {
                                                                "type": "integer",
                                                                "minimum": 1,
                                                            },
                                                            "endLine": {
                                                                "type": "integer",
                                                                "minimum": 1,
                                                            },
                                                            "endColumn": {
                                                                "type": "integer",
                                                                "minimum": 1,
                                                            },
                                                        },
                                                    },
                                                },
                                            }
                                        },
                                    },
                                },
                            },
                        },
                    },
                },
            },
        },
    },
}


_JSON_TYPES: dict[str, type | tuple[type, ...]] = {
    "object": dict,
    "array": list,
    "string": str,
    "integer": int,
    "number": (int, float),
}


def schema_errors(value: Any, schema: dict[str, Any], where: str = "$") -> list[str]:
    """The few JSON Schema keywords SARIF_SUBSET_SCHEMA uses, so that it is checked even
    without the jsonschema package."""
    errors: list[str] = []
    expected = schema.get("type")
    if expected is not None and (
        not isinstance(value, _JSON_TYPES[expected]) or isinstance(value, bool)
    ):
        return [f"{where}: expected {expected}, got {type(value).__name__}"]
    if "const" in schema and value != schema["const"]:
        errors.append(f"{where}: expected {schema['const']!r}, got {value!r}")
    if "enum" in schema and value not in schema["enum"]:
        errors.append(f"{where}: {value!r} not in {schema['enum']}")
    if "minimum" in schema and value < schema["minimum"]:
        errors.append(f"{where}: {value} < {schema['minimum']}")
    if isinstance(value, dict):
        errors += [
            f"{where}: missing {key!r}" for key in schema.get("required", ()) if key not in value
        ]
        for key, sub in schema.get("properties", {}).items():
            if key in value:
                errors += schema_errors(value[key], sub, f"{where}.{key}")
    if isinstance(value, list):
        if len(value) < schema.get("minItems", 0):
            errors.append(f"{where}: fewer than {schema['minItems']} items")
        if "items" in schema:
            for i, item in enumerate(value):
                errors += schema_errors(item, schema["items"], f"{where}[{i}]")
    return errors


def test_sarif_subset_schema_rejects_a_bad_log() -> None:
    bad = {"version": "2.0.0", "runs": [{"tool": {"driver": {"name": "x"}}, "results": [{}]}]}
    errors = schema_errors(bad, SARIF_SUBSET_SCHEMA)
    assert any("version" in e for e in errors)
    assert any("rules" in e for e in errors)
    assert any("ruleId" in e for e in errors)


def test_sarif_format(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(project, "b.py", MULTI)
    code, out, _ = lint(capsys, "--output-format", "sarif", "b.py")
    assert code == 1
    log = json.loads(out)
    if importlib.util.find_spec("jsonschema") is not None:  # optional: never downloaded
        jsonschema = importlib.import_module("jsonschema")
        jsonschema.validate(log, SARIF_SUBSET_SCHEMA)
    assert schema_errors(log, SARIF_SUBSET_SCHEMA) == []
    assert log["version"] == "2.1.0"
    assert len(log["runs"]) == 1
    driver = log["runs"][0]["tool"]["driver"]
    assert driver["name"] == "exportlint"
    rule_ids = [rule["id"] for rule in driver["rules"]]
    assert sorted(rule_ids) == sorted(CATALOGUE)
    results = log["runs"][0]["results"]
    assert [r["ruleId"] for r in results] == ["EXL201", "EXL303", "EXL101"]
    for result in results:
        assert result["level"] in ("error", "warning", "note", "none")
        assert result["message"]["text"]
        if "ruleIndex" in result:
            assert driver["rules"][result["ruleIndex"]]["id"] == result["ruleId"]
        (location,) = result["locations"]
        physical = location["physicalLocation"]
        assert physical["artifactLocation"]["uri"] == "b.py"
        region = physical["region"]
        assert region["startLine"] >= 1 and region["startColumn"] >= 1
    levels = {r["ruleId"]: r["level"] for r in results}
    assert levels == {"EXL201": "error", "EXL303": "warning", "EXL101": "error"}
    region = results[2]["locations"][0]["physicalLocation"]["region"]
    assert region == {"startLine": 6, "startColumn": 12, "endLine": 6, "endColumn": 23}


def test_sarif_format_without_results_is_still_a_log(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write(project, "clean.py", CLEAN)
    code, out, _ = lint(capsys, "--output-format", "sarif", "clean.py")
    assert code == 0
    log = json.loads(out)
    assert log["version"] == "2.1.0"
    assert log["runs"][0]["results"] == []
    assert log["runs"][0]["tool"]["driver"]["rules"]


def test_github_format(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(project, "b.py", MULTI)
    code, out, _ = lint(capsys, "--output-format", "github", "b.py")
    assert code == 1
    lines = out.splitlines()
    assert len(lines) == 3
    assert all(line.startswith(("::error ", "::warning ")) for line in lines)
    assert [line.split(" ", 1)[0] for line in lines] == ["::error", "::warning", "::error"]
    assert "file=b.py,line=5,col=13," in lines[1]
    assert lines[1].split("::")[2].startswith("EXL303 ")


def test_full_format_shows_source_caret_and_help(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write(project, "model.py", MODEL)
    code, out, _ = lint(capsys, "--output-format", "full", "model.py")
    assert code == 1
    lines = out.splitlines()
    assert lines[0].startswith("model.py:4:12: EXL101 [error] ")
    source = next(line for line in lines if line.startswith("4 | "))
    assert source == "4 |         if x.sum() > 0:"
    caret = lines[lines.index(source) + 1]
    # The carets sit exactly under `x.sum() > 0`.
    start = source.index("x.sum()")
    assert caret[start:].startswith("^" * len("x.sum() > 0") + " ")
    assert set(caret[len("  | ") : start]) <= {" "}
    assert any(line.strip().startswith("= help: ") for line in lines)


def test_full_is_the_default_format(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(project, "model.py", MODEL)
    _, default, _ = lint(capsys, "model.py")
    _, full, _ = lint(capsys, "--output-format", "full", "model.py")
    assert default == full


def test_concise_format(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(project, "b.py", MULTI)
    code, out, _ = lint(capsys, "--output-format", "concise", "--quiet", "b.py")
    assert code == 1
    assert out.splitlines() == [
        line
        for line in out.splitlines()
        if line.startswith(("b.py:4:13: EXL201 ", "b.py:5:13: EXL303 ", "b.py:6:12: EXL101 "))
    ]
    assert len(out.splitlines()) == 3


def test_quiet_drops_the_summary(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(project, "model.py", MODEL)
    _, out, err = lint(capsys, "--quiet", "--output-format", "concise", "model.py")
    assert "Found" not in out + err
    write(project, "clean.py", CLEAN)
    code, out, err = lint(capsys, "-q", "clean.py")
    assert code == 0 and out == "" and "All checks passed" not in err


def test_statistics(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(project, "a.py", MODEL)
    write(project, "b.py", MULTI)
    code, out, _ = lint(capsys, "--statistics", "--output-format", "concise", "a.py", "b.py")
    assert code == 1
    rows = [line.split("\t") for line in out.splitlines()]
    assert [(count.strip(), rule) for count, rule, *_ in rows] == [
        ("2", "EXL101"),
        ("1", "EXL201"),
        ("1", "EXL303"),
    ]
    assert rows[0][3] == "tensor-condition"


@pytest.mark.parametrize("fmt", ["full", "concise", "grouped"])
def test_statistics_prints_only_the_table(
    project: Path, capsys: pytest.CaptureFixture[str], fmt: str
) -> None:
    # As Ruff: the table instead of the diagnostics (it printed every diagnostic first).
    write(project, "b.py", MULTI)
    code, out, err = lint(capsys, "--statistics", "--output-format", fmt, "b.py")
    assert code == 1
    assert len(out.splitlines()) == 3 and all(line.count("\t") == 3 for line in out.splitlines())
    assert "b.py" not in out + err and "Found" not in out + err


def test_statistics_in_json(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(project, "b.py", MULTI)
    code, out, _ = lint(capsys, "--statistics", "--output-format", "json", "b.py")
    assert code == 1
    rows = json.loads(out)
    assert [(r["code"], r["count"]) for r in rows] == [("EXL101", 1), ("EXL201", 1), ("EXL303", 1)]
    assert rows[0]["name"] == "tensor-condition" and rows[0]["severity"] == "error"
    assert all(isinstance(r["fixable"], bool) for r in rows)


# --- selection --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        ([], ["EXL201", "EXL303", "EXL101"]),
        (["--select", "EXL1"], ["EXL101"]),
        (["--select", "EXL101,EXL303"], ["EXL303", "EXL101"]),
        (["--select", "exl2"], ["EXL201"]),
        (["--select", "EXL2", "--select", "EXL3"], ["EXL201", "EXL303"]),
        (["--select", "ALL"], ["EXL201", "EXL303", "EXL101"]),
        (["--ignore", "EXL1"], ["EXL201", "EXL303"]),
        (["--ignore", "EXL101,EXL3"], ["EXL201"]),
        (["--ignore", "EXL"], []),
        (["--select", "EXL1", "--extend-select", "EXL303"], ["EXL303", "EXL101"]),
        (["--select", "EXL101", "--ignore", "EXL1"], ["EXL101"]),  # most specific wins
        (["--select", "EXL1", "--ignore", "EXL101"], []),
    ],
)
def test_select_ignore_extend_select(
    project: Path, capsys: pytest.CaptureFixture[str], args: list[str], expected: list[str]
) -> None:
    write(project, "b.py", MULTI)
    code, out, _ = lint(capsys, "--output-format", "json", *args, "b.py")
    assert codes_of(out) == expected
    assert code == (1 if expected else 0)


def test_extend_select_adds_to_configured_select(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write(project, "pyproject.toml", '[tool.exportlint]\nselect = ["EXL2"]\n')
    write(project, "b.py", MULTI)
    _, out, _ = lint(capsys, "--output-format", "json", "b.py")
    assert codes_of(out) == ["EXL201"]
    _, out, _ = lint(capsys, "--output-format", "json", "--extend-select", "EXL1", "b.py")
    assert codes_of(out) == ["EXL201", "EXL101"]
    _, out, _ = lint(capsys, "--output-format", "json", "--select", "EXL3", "b.py")
    assert codes_of(out) == ["EXL303"]


def test_bad_selector_names_it(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(project, "model.py", MODEL)
    code, _, err = lint(capsys, "--select", "EXL1,XYZ12", "model.py")
    assert code == 2
    assert "XYZ12" in err and "--select" in err


# --- stdin ------------------------------------------------------------------------------


def test_stdin_filename(tmp_path: Path) -> None:
    write(tmp_path, "pyproject.toml", "[tool.exportlint]\n")
    result = run(
        tmp_path, "--stdin-filename", "pkg/model.py", "--output-format", "json",
        stdin=MODEL.encode(),
    )  # fmt: skip
    assert result.returncode == 1
    (item,) = json.loads(result.stdout)
    assert item["path"] == "pkg/model.py"
    assert (item["line"], item["column"], item["code"]) == (4, 12, "EXL101")
    assert not (tmp_path / "pkg").exists()  # the name is only a label: nothing is written


def test_stdin_full_format_shows_the_stdin_source(tmp_path: Path) -> None:
    write(tmp_path, "pyproject.toml", "[tool.exportlint]\n")
    # A file of that name on disk with other contents must not be what is shown.
    write(tmp_path, "model.py", "# nothing here\n" * 10)
    result = run(tmp_path, "--stdin-filename", "model.py", stdin=MODEL.encode())
    assert result.returncode == 1
    assert "4 |         if x.sum() > 0:" in result.stdout


def test_stdin_dash_and_clean_input(tmp_path: Path) -> None:
    write(tmp_path, "pyproject.toml", "[tool.exportlint]\n")
    found = run(tmp_path, "--output-format", "concise", "-", stdin=MODEL.encode())
    assert found.returncode == 1
    assert found.stdout.startswith("<stdin>:4:12: EXL101")
    clean = run(tmp_path, "--stdin-filename", "clean.py", stdin=CLEAN.encode())
    assert clean.returncode == 0
    assert clean.stdout == ""


def test_stdin_filename_honours_per_file_ignores(tmp_path: Path) -> None:
    write(
        tmp_path,
        "pyproject.toml",
        '[tool.exportlint]\nper-file-ignores = { "tests/*" = ["EXL1"], "legacy.py" = ["EXL"] }\n',
    )
    args = ("--output-format", "json", "--stdin-filename")
    ignored = run(tmp_path, *args, "tests/test_model.py", stdin=MULTI.encode())
    assert ignored.returncode == 1
    assert codes_of(ignored.stdout) == ["EXL201", "EXL303"]
    everything = run(tmp_path, *args, "legacy.py", stdin=MULTI.encode())
    assert everything.returncode == 0
    assert json.loads(everything.stdout) == []
    other = run(tmp_path, *args, "src/model.py", stdin=MULTI.encode())
    assert codes_of(other.stdout) == ["EXL201", "EXL303", "EXL101"]
    # From a subdirectory the pattern is still relative to the pyproject.toml's directory.
    (tmp_path / "tests").mkdir()
    below = run(tmp_path / "tests", *args, "test_model.py", stdin=MULTI.encode())
    assert codes_of(below.stdout) == ["EXL201", "EXL303"]


def test_stdin_syntax_error(tmp_path: Path) -> None:
    write(tmp_path, "pyproject.toml", "[tool.exportlint]\n")
    result = run(
        tmp_path, "--stdin-filename", "x.py", "--output-format", "json", stdin=b"def f(:\n"
    )
    assert result.returncode == 1
    (item,) = json.loads(result.stdout)
    assert item["code"] == "EXL000" and item["path"] == "x.py"


# --- rule docs and version --------------------------------------------------------------


def test_rule_prints_the_documentation(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = lint(capsys, "rule", "EXL101")
    assert code == 0
    assert out.startswith("# EXL101 tensor-condition")
    assert len(out.splitlines()) > 5
    code, lower, _ = lint(capsys, "rule", "exl101")
    assert code == 0 and lower == out


def test_rule_all_prints_every_rule(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = lint(capsys, "rule", "--all")
    assert code == 0
    for rule, (name, _, _) in CATALOGUE.items():
        assert f"# {rule} {name}" in out


@pytest.mark.parametrize("args", [["rule", "EXL999"], ["rule", "bogus"], ["rule"]])
def test_rule_errors_exit_2(capsys: pytest.CaptureFixture[str], args: list[str]) -> None:
    code, out, err = lint(capsys, *args)
    assert code == 2
    assert out == ""
    assert "exportlint: error:" in err
    if len(args) == 2:
        assert args[1] in err


def test_version(tmp_path: Path) -> None:
    result = run(tmp_path, "--version")
    assert result.returncode == 0
    assert result.stdout.strip() == f"exportlint {exportlint.__version__}"


# --- missing paths ----------------------------------------------------------------------


def test_missing_path_is_an_error_but_the_run_goes_on(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write(project, "model.py", MODEL)
    code, out, err = lint(capsys, "--output-format", "concise", "nope.py", "model.py", "gone/")
    assert code == 2
    assert "nope.py" in err and "gone/" in err
    assert "model.py:4:12: EXL101" in out


def test_missing_path_exit_2_even_with_exit_zero(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write(project, "clean.py", CLEAN)
    code, _, err = lint(capsys, "--exit-zero", "clean.py", "nope.py")
    assert code == 2
    assert "nope.py" in err


# --- cache ------------------------------------------------------------------------------


def test_cache_gives_identical_output_and_is_invalidated_by_edits(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    model = write(project, "model.py", MODEL)
    write(project, "b.py", MULTI)
    args = ("--output-format", "json", "model.py", "b.py")
    code1, first, _ = lint(capsys, *args)
    assert (project / ".exportlint_cache").is_dir()
    code2, second, _ = lint(capsys, *args)
    assert (code1, first) == (code2, second)
    assert len(json.loads(first)) == 4
    # The full format needs the help text, which the cache must keep too.
    _, full1, _ = lint(capsys, "model.py")
    _, full2, _ = lint(capsys, "model.py")
    assert full1 == full2 and "help:" in full2

    model.write_text(CLEAN, encoding="utf-8")
    _, edited, _ = lint(capsys, *args)
    assert [d["path"] for d in json.loads(edited)] == ["b.py"] * 3
    moved_text = MODEL.replace(
        "        if x.sum", "        # moved\n        # down\n        if x.sum"
    )
    model.write_text(moved_text, encoding="utf-8")
    _, moved, _ = lint(capsys, "--output-format", "json", "model.py")
    assert [d["line"] for d in json.loads(moved)] == [6]


def test_cache_respects_settings(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(project, "b.py", MULTI)
    _, everything, _ = lint(capsys, "--output-format", "json", "b.py")
    _, selected, _ = lint(capsys, "--output-format", "json", "--select", "EXL3", "b.py")
    assert codes_of(everything) == ["EXL201", "EXL303", "EXL101"]
    assert codes_of(selected) == ["EXL303"]


def test_no_cache_writes_no_cache(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(project, "model.py", MODEL)
    code, _, _ = lint(capsys, "--no-cache", "model.py")
    assert code == 1
    assert not (project / ".exportlint_cache").exists()


def test_cache_dir_option_and_corrupt_cache(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write(project, "model.py", MODEL)
    cache = project / "elsewhere"
    _, first, _ = lint(capsys, "--cache-dir", str(cache), "--output-format", "json", "model.py")
    entries = list(cache.glob("*.json"))
    assert entries
    for entry in entries:
        entry.write_text("{not json", encoding="utf-8")
    _, second, _ = lint(capsys, "--cache-dir", str(cache), "--output-format", "json", "model.py")
    assert first == second
    assert not (project / ".exportlint_cache").exists()


# --- issue 10: commands, formats, output ---------------------------------------------------


@pytest.mark.parametrize("command", ["clean", "config", "chek"])
def test_an_unknown_command_is_an_error(
    project: Path, capsys: pytest.CaptureFixture[str], command: str
) -> None:
    code, out, err = lint(capsys, command)
    assert code == 2 and out == ""
    assert f"unknown command `{command}`" in err
    assert "no such file" not in err and "All checks passed" not in out + err


def test_a_path_named_like_a_command_is_still_linted(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write(project, "config/model.py", MODEL)
    write(project, "clean", MODEL)  # an existing file, whatever its name
    code, out, _ = lint(capsys, "config", "--output-format", "concise")
    assert code == 1 and "config/model.py:4:12: EXL101" in out
    code, out, _ = lint(capsys, "clean", "--output-format", "concise")
    assert code == 1 and "clean:4:12: EXL101" in out


@pytest.mark.parametrize("fmt", ["full", "concise", "grouped"])
def test_a_missing_path_never_says_all_checks_passed(
    project: Path, capsys: pytest.CaptureFixture[str], fmt: str
) -> None:
    code, out, err = lint(capsys, "nosuch.py", "--output-format", fmt)
    assert code == 2
    assert "nosuch.py: no such file or directory" in err
    assert "All checks passed" not in out + err


def test_json_lines(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(project, "b.py", MULTI)
    code, out, _ = lint(capsys, "--output-format", "json-lines", "b.py")
    assert code == 1
    rows = [json.loads(line) for line in out.splitlines()]
    assert [r["code"] for r in rows] == ["EXL201", "EXL303", "EXL101"]
    _, whole, _ = lint(capsys, "--output-format", "json", "b.py")
    assert rows == json.loads(whole)


def test_gitlab(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(project, "b.py", MULTI)
    write(project, "c.py", MULTI)
    code, out, _ = lint(capsys, "--output-format", "gitlab", "b.py", "c.py")
    assert code == 1
    rows = json.loads(out)
    assert len(rows) == 6
    first = rows[0]
    assert first["check_name"] == "EXL201" and first["severity"] == "major"
    assert first["location"]["path"] == "b.py"
    assert first["location"]["positions"]["begin"] == {"line": 4, "column": 13}
    assert {r["severity"] for r in rows} == {"major", "minor"}
    assert len({r["fingerprint"] for r in rows}) == 6  # unique, as GitLab requires
    _, again, _ = lint(capsys, "--output-format", "gitlab", "b.py", "c.py")
    assert [r["fingerprint"] for r in json.loads(again)] == [r["fingerprint"] for r in rows]


def test_junit(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import xml.etree.ElementTree as ET

    write(project, "b.py", MULTI)
    code, out, _ = lint(capsys, "--output-format", "junit", "b.py")
    assert code == 1
    root = ET.fromstring(out)
    assert root.tag == "testsuites" and root.get("failures") == "3"
    (suite,) = root
    assert suite.get("name") == "b.py"
    cases = list(suite)
    assert [c.get("name") for c in cases] == [
        "org.exportlint.EXL201",
        "org.exportlint.EXL303",
        "org.exportlint.EXL101",
    ]
    assert cases[2].get("line") == "6" and cases[2].get("classname") == "b"
    failure = cases[2].find("failure")
    assert failure is not None and "`x.sum() > 0`" in (failure.get("message") or "")
    write(project, "clean.py", CLEAN)
    code, out, _ = lint(capsys, "--output-format", "junit", "clean.py")
    assert code == 0 and ET.fromstring(out).get("failures") == "0"


def test_pylint(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(project, "b.py", MULTI)
    code, out, _ = lint(capsys, "--output-format", "pylint", "b.py")
    assert code == 1
    assert out.splitlines()[2].startswith("b.py:6: [EXL101] `x.sum() > 0` is a tensor")
    assert "Found" not in out


def test_rdjson(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(project, "b.py", MULTI)
    code, out, _ = lint(capsys, "--output-format", "rdjson", "b.py")
    assert code == 1
    data = json.loads(out)
    assert data["source"]["name"] == "exportlint"
    first = data["diagnostics"][0]
    assert first["code"]["value"] == "EXL201" and first["code"]["url"].endswith("README.md")
    assert first["location"] == {
        "path": "b.py",
        "range": {"start": {"line": 4, "column": 13}, "end": {"line": 4, "column": 32}},
    }
    with_fix = [d for d in data["diagnostics"] if "suggestions" in d]
    assert with_fix and all("text" in s for d in with_fix for s in d["suggestions"])


def test_grouped(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(project, "b.py", MULTI)
    write(project, "a.py", MODEL)
    code, out, _ = lint(capsys, "--output-format", "grouped", "a.py", "b.py")
    assert code == 1
    lines = out.splitlines()
    assert lines[:3] == [
        "a.py:",
        "  4:12 EXL101 [error] `x.sum() > 0` is a tensor used as an `if` test; torch.export "
        "cannot decide it at trace time",
        "",
    ]
    assert lines[3] == "b.py:" and lines[4].startswith("  4:13 EXL201")
    assert any(line.startswith("Found 4 diagnostics") for line in lines)


def test_output_file(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(project, "b.py", MULTI)
    code, out, _ = lint(capsys, "-o", "reports/out.json", "--output-format", "json", "b.py")
    assert code == 1 and out == ""
    assert codes_of((project / "reports" / "out.json").read_text(encoding="utf-8")) == [
        "EXL201",
        "EXL303",
        "EXL101",
    ]
    code, out, _ = lint(capsys, "--output-file", "out.txt", "b.py")
    assert code == 1 and out == ""
    text = (project / "out.txt").read_text(encoding="utf-8")
    assert "\x1b[" not in text and "b.py:6:12: EXL101" in text and "Found 3 diagnostics" in text
    code, _, err = lint(capsys, "-o", "b.py/x.json", "b.py")
    assert code == 2 and "--output-file" in err


def test_colour_on_a_terminal_only(project: Path) -> None:
    write(project, "b.py", MULTI)
    plain = run(project, "--no-cache", "b.py")
    assert "\x1b[" not in plain.stdout  # a pipe: no colour
    forced = subprocess.run(
        [sys.executable, "-m", "exportlint", "--no-cache", "b.py"],
        cwd=project,
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(REPO), "FORCE_COLOR": "1"},
        check=False,
    )
    assert "\x1b[1;31mEXL101\x1b[0m" in forced.stdout
    import re as _re

    assert _re.sub(r"\x1b\[[0-9;]*m", "", forced.stdout) == plain.stdout


def test_no_color_wins_over_a_terminal() -> None:
    from exportlint.report.style import use_color

    class Terminal:
        def isatty(self) -> bool:
            return True

    terminal: Any = Terminal()
    assert use_color(terminal, {})
    assert not use_color(terminal, {"NO_COLOR": "1"})
    assert not use_color(terminal, {"NO_COLOR": "1", "FORCE_COLOR": "1"})
    assert not use_color(terminal, {"TERM": "dumb"})
    pipe: Any = type("Pipe", (), {"isatty": lambda self: False})()
    assert not use_color(pipe, {})
    assert use_color(pipe, {"FORCE_COLOR": "1"})


def test_show_files(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(project, "b.py", MULTI)
    write(project, "pkg/a.py", CLEAN)
    write(project, "pkg/stub.pyi", "x: int\n")
    write(project, "build/gen.py", MODEL)  # excluded by default
    write(project, "notes.txt", "")
    code, out, err = lint(capsys, "--show-files", ".")
    assert code == 0 and err == ""
    assert out.splitlines() == ["b.py", "pkg/a.py", "pkg/stub.pyi"]


# --- `exportlint rule` ------------------------------------------------------------------


def test_rule_by_name_and_prefix(capsys: pytest.CaptureFixture[str]) -> None:
    code, by_name, _ = lint(capsys, "rule", "tensor-condition")
    assert code == 0
    _, by_code, _ = lint(capsys, "rule", "EXL101")
    assert by_name == by_code and "EXL101" in by_name
    code, prefix, _ = lint(capsys, "rule", "EXL1")
    assert code == 0
    assert "EXL101" in prefix and "EXL102" in prefix and "EXL201" not in prefix


def test_rule_list(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = lint(capsys, "rule", "--list")
    assert code == 0
    lines = out.splitlines()
    assert len(lines) == len(CATALOGUE)
    assert [line.split()[0] for line in lines] == sorted(CATALOGUE)
    assert lines[[line.split()[0] for line in lines].index("EXL101")].split()[1:3] == [
        "tensor-condition",
        "error",
    ]


def test_rule_json(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = lint(capsys, "rule", "tensor-condition", "--output-format", "json")
    assert code == 0
    item = json.loads(out)
    assert item["code"] == "EXL101" and item["name"] == "tensor-condition"
    assert item["severity"] == "error" and "## " in item["explanation"]
    code, out, _ = lint(capsys, "rule", "--list", "--output-format", "json")
    rows = json.loads(out)
    assert [r["code"] for r in rows] == sorted(CATALOGUE)
    assert "explanation" not in rows[0]
    _, out, _ = lint(capsys, "rule", "EXL1", "--output-format", "json")
    assert [r["code"] for r in json.loads(out)] == ["EXL101", "EXL102"]


# --- fixing: fixable / unfixable, --exit-non-zero-on-fix, the cache -----------------------

# EXL303 `len(x)` -> `x.shape[0]` is a safe fix (`x` is annotated as a tensor).
FIXABLE = """\
import torch
class M(torch.nn.Module):
    def forward(self, x: torch.Tensor):
        k = len(x)
        return x * k
"""


def test_unfixable_keeps_the_fix_as_a_suggestion(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write(project, "m.py", FIXABLE)
    code, out, _ = lint(capsys, "--output-format", "json", "--unfixable", "EXL303", "m.py")
    (item,) = json.loads(out)
    assert item["fix"]["applicability"] == "display-only"
    code, out, _ = lint(capsys, "--fix", "--unfixable", "EXL3", "m.py")
    assert code == 1 and path.read_text(encoding="utf-8") == FIXABLE
    code, out, _ = lint(capsys, "--fix", "--fixable", "EXL1", "m.py")
    assert code == 1 and path.read_text(encoding="utf-8") == FIXABLE
    # The most specific selector wins, as for select/ignore.
    code, out, _ = lint(
        capsys, "--fix", "--unfixable", "EXL3", "--extend-fixable", "EXL303", "m.py"
    )
    assert code == 0 and "x.shape[0]" in path.read_text(encoding="utf-8")


def test_unfixable_in_the_settings(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (project / "pyproject.toml").write_text(
        '[tool.exportlint]\nunfixable = ["EXL303"]\n', encoding="utf-8"
    )
    path = write(project, "m.py", FIXABLE)
    code, _, _ = lint(capsys, "--fix", "m.py")
    assert code == 1 and path.read_text(encoding="utf-8") == FIXABLE


def test_exit_non_zero_on_fix(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = write(project, "m.py", FIXABLE)
    code, _, _ = lint(capsys, "--fix", "m.py")
    assert code == 0 and "x.shape[0]" in path.read_text(encoding="utf-8")
    path.write_text(FIXABLE, encoding="utf-8")
    code, _, _ = lint(capsys, "--fix", "--exit-non-zero-on-fix", "m.py")
    assert code == 1 and "x.shape[0]" in path.read_text(encoding="utf-8")
    # Nothing left to fix: 0 again.
    code, _, _ = lint(capsys, "--fix", "--exit-non-zero-on-fix", "m.py")
    assert code == 0
    path.write_text(FIXABLE, encoding="utf-8")
    code, _, _ = lint(capsys, "--fix-only", "--exit-non-zero-on-fix", "m.py")
    assert code == 1


def test_fix_and_diff_use_the_cache_for_files_with_nothing_to_fix(
    project: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import exportlint.engine

    write(project, "fixable.py", FIXABLE)
    for index in range(5):
        write(project, f"clean_{index}.py", MODEL)  # EXL101: a diagnostic, no safe fix
    lint(capsys, ".")  # fills the cache
    linted: list[str] = []
    real = exportlint.engine.lint_source

    def counting(text: str, path: str = "<stdin>", settings: Any = None, **kw: Any) -> Any:
        linted.append(path)
        return real(text, path, settings, **kw)

    real_result = exportlint.engine.lint_source_result

    def counting_result(text: str, path: str = "<stdin>", settings: Any = None, **kw: Any) -> Any:
        linted.append(path)
        return real_result(text, path, settings, **kw)

    monkeypatch.setattr(exportlint.engine, "lint_source", counting)
    import exportlint.fixer

    monkeypatch.setattr(exportlint.fixer, "lint_source", counting)
    # The fixer's lints (with the consequences cascade leaves out, for its comparisons).
    monkeypatch.setattr(exportlint.fixer, "lint_source_result", counting_result)
    code, _, _ = lint(capsys, "--diff", "--jobs", "1", ".")
    assert code == 1
    assert set(linted) == {"fixable.py"}  # the clean files came from the cache
    linted.clear()
    code, _, _ = lint(capsys, "--fix", "--jobs", "1", ".")
    assert set(linted) == {"fixable.py"}


# --- --fix --verify takes the verifier's options --------------------------------------------


@pytest.mark.parametrize(
    "args",
    [["--timeout", "5"], ["--strict"], ["--report", "r.md"], ["--no-progress"], ["--rtol", "1"]],
)
def test_verifier_options_need_verify(
    project: Path, capsys: pytest.CaptureFixture[str], args: list[str]
) -> None:
    write(project, "m.py", FIXABLE)
    code, _, err = lint(capsys, "--fix", *args, "m.py")
    assert code == 2 and "--verify" in err


def test_fix_verify_accepts_the_verifier_options() -> None:
    from exportlint.cli import _verify_options, build_parser

    options = build_parser().parse_args(
        ["check", "--fix", "--verify", "--timeout", "7", "--strict", "--rtol", "0.5",
         "--atol", "0.25", "--no-progress", "--report", "r.md", "m.py"]
    )  # fmt: skip
    verify_options = _verify_options(options)
    assert verify_options.timeout == 7 and verify_options.strict
    assert verify_options.rtol == 0.5 and verify_options.atol == 0.25
    assert not verify_options.progress and options.report == Path("r.md")


def test_the_quick_start_leaves_git_status_clean() -> None:
    """What the Quick start and the tests create in a checkout is ignored by git."""
    import shutil

    if shutil.which("git") is None or not (REPO / ".git").exists():
        pytest.skip("not a git checkout")
    created = [".venv/bin/python", ".exportlint_cache/x.json", "venv/lib/x.py"]
    result = subprocess.run(
        ["git", "check-ignore", "--no-index", *created],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.stdout.split() == created, result.stdout + result.stderr


@pytest.mark.export
@pytest.mark.skipif(
    not all(
        importlib.util.find_spec(m) is not None
        for m in ("torch", "onnx", "onnxruntime", "onnxscript")
    ),
    reason="needs torch, onnx, onnxruntime and onnxscript",
)
def test_fix_verify_with_the_verifier_options_for_real(project: Path) -> None:
    """--fix --verify --report --timeout --no-progress: the fix is verified by real exports,
    the Markdown report is written, and the run's summary comes after the table."""
    hazard = REPO / "rules" / "EXL303-len-of-tensor" / "hazard_len_mean_pool.py"
    (project / "m.py").write_bytes(hazard.read_bytes())
    args = ["--fix", "--verify", "--timeout", "600", "--no-progress", "--report", "r.md"]
    result = run(project, "--no-cache", *args, "m.py")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "PASS m.py::Model" in result.stdout and "EXL303" in result.stdout
    assert "len(points)" not in (project / "m.py").read_text(encoding="utf-8")
    report = (project / "r.md").read_text(encoding="utf-8")
    assert report.startswith("# exportlint --fix --verify") and "m.py" in report
    # The table, then the run's summary: last on the screen.
    assert result.stdout.rstrip().splitlines()[-1].startswith("Verified 1 model: 1 passed")
    assert result.stderr.strip().splitlines()[-1] == "All checks passed (1 file checked) (1 fixed)."


def test_a_reader_that_stops_early_is_not_an_internal_error(tmp_path: Path) -> None:
    """`exportlint check . | head -1`: the pipe closes while the report is written; the run
    ends quietly (no "internal error", no traceback), as Ruff does."""
    for i in range(40):
        (tmp_path / f"m{i}.py").write_text(
            "import torch\n\n\nclass M(torch.nn.Module):\n"
            "    def forward(self, x):\n        if x.sum() > 0:\n            return x\n"
            "        return -x\n",
            encoding="utf-8",
        )
    process = subprocess.Popen(
        [sys.executable, "-m", "exportlint", "check", "--no-cache", str(tmp_path)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        cwd=REPO,
    )
    assert process.stdout is not None and process.stderr is not None
    process.stdout.readline()
    process.stdout.close()  # the reader goes away with most of the report unread
    errors = process.stderr.read().decode()
    process.wait()
    assert "internal error" not in errors
    assert "Traceback" not in errors
