"""[tool.exportlint] in pyproject.toml: discovery from the cwd upwards, --config, --isolated,
every key, and a clear exit-2 error naming the key for every mistake."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

import exportlint
from exportlint.cli import main

REPO = Path(exportlint.__file__).resolve().parent.parent

# EXL201 (4:13), EXL303 (5:13), EXL101 (6:12).
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

MODEL = """\
import torch
class M(torch.nn.Module):
    def forward(self, x):
        if x.sum() > 0:
            return x
        return -x
"""

# A module whose base class comes from a library exportlint knows nothing about, and a plain
# function: neither is on the export surface unless configured.
CUSTOM = """\
from mylib.layers import CustomBase


class Block(CustomBase):
    def forward(self, x):
        if x.sum() > 0:
            return x
        return -x


def export_step(x):
    if x.mean() > 0:
        return x
    return -x


class Runner:
    def run(self, x):
        if x.max() > 0:
            return x
        return -x
"""


def write(directory: Path, name: str, text: str) -> Path:
    path = directory / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def config(directory: Path, body: str) -> Path:
    return write(directory, "pyproject.toml", "[tool.exportlint]\n" + body)


def lint(
    capsys: pytest.CaptureFixture[str], *args: str
) -> tuple[int, list[tuple[str, int, str]], str]:
    """Exit code, (path, line, code) of every diagnostic, stderr."""
    code = main(["--no-cache", "--output-format", "json", *args])
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    found = [(Path(d["path"]).as_posix(), d["line"], d["code"]) for d in json.loads(out or "[]")]
    return code, found, err


def codes(found: list[tuple[str, int, str]]) -> list[str]:
    return [code for _, _, code in found]


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return tmp_path


# --- finding the configuration ----------------------------------------------------------


def test_config_is_found_from_the_cwd_upwards(
    project: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    config(project, 'select = ["EXL1"]\n')
    deep = project / "src" / "pkg"
    write(deep, "model.py", MULTI)
    # A pyproject.toml without the table (another tool's) in between is passed over.
    write(project / "src", "pyproject.toml", "[tool.black]\nline-length = 100\n")
    monkeypatch.chdir(deep)
    code, found, _ = lint(capsys, "model.py")
    assert code == 1
    assert codes(found) == ["EXL101"]


def test_nearest_config_wins(
    project: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    config(project, 'select = ["EXL1"]\n')
    config(project / "sub", 'select = ["EXL3"]\n')
    write(project / "sub", "model.py", MULTI)
    monkeypatch.chdir(project / "sub")
    _, found, _ = lint(capsys, "model.py")
    assert codes(found) == ["EXL303"]


def test_unrelated_broken_tool_table_is_not_ours(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # `tool = 3` is some other project's problem: no exportlint table, so defaults.
    write(project, "pyproject.toml", "tool = 3\n")
    write(project, "model.py", MODEL)
    code, found, _ = lint(capsys, "model.py")
    assert code == 1
    assert codes(found) == ["EXL101"]


def test_explicit_config(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    config(project, 'select = ["EXL1"]\n')
    other = config(project / "configs", 'select = ["EXL2"]\n')
    write(project, "model.py", MULTI)
    _, found, _ = lint(capsys, "--config", str(other), "model.py")
    assert codes(found) == ["EXL201"]
    _, found, _ = lint(capsys, "--config", "configs/pyproject.toml", "model.py")
    assert codes(found) == ["EXL201"]


def test_explicit_config_missing(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(project, "model.py", MODEL)
    code, found, err = lint(capsys, "--config", "nope/pyproject.toml", "model.py")
    assert code == 2
    assert found == []
    assert "nope/pyproject.toml" in err


def test_isolated_ignores_configuration(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    config(project, 'select = ["EXL1"]\n')
    write(project, "model.py", MULTI)
    _, found, _ = lint(capsys, "--isolated", "model.py")
    assert codes(found) == ["EXL201", "EXL303", "EXL101"]
    # Even a broken configuration is not read.
    config(project, "not-a-key = 1\n")
    code, found, _ = lint(capsys, "--isolated", "model.py")
    assert code == 1 and len(found) == 3
    # Command-line options still apply.
    _, found, _ = lint(capsys, "--isolated", "--select", "EXL3", "model.py")
    assert codes(found) == ["EXL303"]


# --- every key --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("", ["EXL201", "EXL303", "EXL101"]),
        ('select = ["EXL1", "EXL303"]\n', ["EXL303", "EXL101"]),
        ('select = ["ALL"]\n', ["EXL201", "EXL303", "EXL101"]),
        ('ignore = ["EXL2", "EXL303"]\n', ["EXL101"]),
        ('select = ["EXL2"]\nextend-select = ["EXL101"]\n', ["EXL201", "EXL101"]),
        ('select = ["EXL"]\nignore = ["EXL"]\n', []),
        ("select = []\n", []),
    ],
)
def test_selection_keys(
    project: Path, capsys: pytest.CaptureFixture[str], body: str, expected: list[str]
) -> None:
    config(project, body)
    write(project, "model.py", MULTI)
    code, found, _ = lint(capsys, "model.py")
    assert codes(found) == expected
    assert code == (1 if expected else 0)


def test_command_line_overrides_configured_selection(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config(project, 'select = ["EXL1"]\nignore = ["EXL2"]\n')
    write(project, "model.py", MULTI)
    _, found, _ = lint(capsys, "--select", "EXL2,EXL3", "model.py")
    assert codes(found) == ["EXL303"]  # --select replaces select; configured ignore remains
    _, found, _ = lint(capsys, "--ignore", "EXL101", "--extend-select", "EXL303", "model.py")
    assert codes(found) == ["EXL303"]


def test_per_file_ignores_globs(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    config(
        project,
        "[tool.exportlint.per-file-ignores]\n"
        '"tests/*" = ["EXL1"]\n'
        '"*_legacy.py" = ["EXL"]\n'
        '"src/pkg/special.py" = ["EXL201", "EXL303"]\n'
        '"generated/**" = ["EXL2", "EXL3"]\n',
    )
    for name in (
        "tests/test_model.py",
        "tests/unit/test_deep.py",
        "src/old_legacy.py",
        "src/pkg/special.py",
        "src/pkg/normal.py",
        "generated/a/b/model.py",
    ):
        write(project, name, MULTI)
    code, found, _ = lint(capsys, ".")
    assert code == 1
    by_path: dict[str, list[str]] = {}
    for path, _, rule in found:
        by_path.setdefault(path, []).append(rule)
    assert by_path == {
        "tests/test_model.py": ["EXL201", "EXL303"],
        "tests/unit/test_deep.py": ["EXL201", "EXL303"],  # fnmatch `*` crosses `/`
        "src/pkg/special.py": ["EXL101"],
        "src/pkg/normal.py": ["EXL201", "EXL303", "EXL101"],
        "generated/a/b/model.py": ["EXL101"],
    }


def test_per_file_ignores_from_a_subdirectory(
    project: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # Patterns are relative to the pyproject.toml, wherever the command runs from.
    config(project, '[tool.exportlint.per-file-ignores]\n"tests/*" = ["EXL1"]\n')
    write(project, "tests/test_model.py", MULTI)
    monkeypatch.chdir(project / "tests")
    _, found, _ = lint(capsys, ".")
    assert codes(found) == ["EXL201", "EXL303"]
    _, found, _ = lint(capsys, "test_model.py")
    assert codes(found) == ["EXL201", "EXL303"]


def test_exclude_and_extend_exclude(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    for name in ("src/model.py", "gen/model.py", "build/model.py", "src/model_pb2.py"):
        write(project, name, MODEL)

    def paths(*args: str) -> set[str]:
        return {path for path, _, _ in lint(capsys, *args)[1]}

    # Defaults exclude build/.
    assert paths(".") == {"src/model.py", "gen/model.py", "src/model_pb2.py"}
    # extend-exclude adds to the defaults: a directory and a file glob.
    config(project, 'extend-exclude = ["gen", "*_pb2.py"]\n')
    assert paths(".") == {"src/model.py"}
    # exclude replaces the defaults, so build/ is linted again.
    config(project, 'exclude = ["gen"]\n')
    assert paths(".") == {"src/model.py", "build/model.py", "src/model_pb2.py"}
    # A path pattern relative to the project root.
    config(project, 'extend-exclude = ["src/model_pb2.py"]\n')
    assert paths(".") == {"src/model.py", "gen/model.py"}
    # Command-line --extend-exclude adds to the configured ones.
    assert paths("--extend-exclude", "gen") == {"src/model.py"}
    # A file named on the command line is linted even when excluded.
    config(project, 'extend-exclude = ["gen"]\n')
    assert paths("gen/model.py", "build/model.py") == {"gen/model.py", "build/model.py"}
    # So is a directory named there (as in Ruff), but excluded entries below it are not.
    write(project, "src/gen/inner.py", MODEL)
    assert paths("src", "gen") == {"src/model.py", "src/model_pb2.py", "gen/model.py"}


def test_module_bases(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(project, "model.py", CUSTOM)
    _, found, _ = lint(capsys, "model.py")
    assert found == []
    config(project, 'module-bases = ["CustomBase"]\n')
    _, found, _ = lint(capsys, "model.py")
    assert found == [("model.py", 6, "EXL101")]
    # module-bases replaces the defaults; extend-module-bases adds to them.
    write(project, "plain.py", MODEL)
    _, found, _ = lint(capsys, "plain.py")
    assert found == [("plain.py", 4, "EXL101")]  # torch.nn.* is always a module
    config(project, 'extend-module-bases = ["mylib.layers.CustomBase"]\n')
    _, found, _ = lint(capsys, "model.py")
    assert found == [("model.py", 6, "EXL101")]


def test_entry_points(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(project, "model.py", CUSTOM)
    _, found, _ = lint(capsys, "model.py")
    assert found == []
    config(project, 'entry-points = ["export_step"]\n')
    _, found, _ = lint(capsys, "model.py")
    assert found == [("model.py", 12, "EXL101")]
    config(project, 'entry-points = ["export_step", "Runner.run"]\n')
    _, found, _ = lint(capsys, "model.py")
    assert found == [("model.py", 12, "EXL101"), ("model.py", 19, "EXL101")]


def test_verify_table_is_accepted(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    config(project, "[tool.exportlint.verify]\n")
    write(project, "model.py", MODEL)
    code, found, _ = lint(capsys, "model.py")
    assert code == 1 and len(found) == 1


def test_config_change_invalidates_the_cache(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write(project, "model.py", MULTI)

    def cached_codes() -> list[str]:
        assert main(["--output-format", "json", "model.py"]) == 1
        out, _ = capsys.readouterr()
        return [d["code"] for d in json.loads(out)]

    config(project, 'select = ["EXL1"]\n')
    assert cached_codes() == ["EXL101"]
    assert (project / ".exportlint_cache").is_dir()
    config(project, 'select = ["EXL2"]\n')
    assert cached_codes() == ["EXL201"]
    config(
        project, 'select = ["EXL2"]\n[tool.exportlint.per-file-ignores]\n"model.py" = ["EXL2"]\n'
    )
    assert main(["--output-format", "json", "model.py"]) == 0
    capsys.readouterr()


def test_cache_tells_same_named_files_apart(
    project: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # `a.py` from the root and `a.py` from tests/ are two files with the same name and the same
    # content; per-file-ignores apply to only one, so the cache must not mix them up.
    config(project, '[tool.exportlint.per-file-ignores]\n"tests/*" = ["EXL1"]\n')
    write(project, "a.py", MULTI)
    write(project / "tests", "a.py", MULTI)

    def cached_codes() -> list[str]:
        main(["--output-format", "json", "a.py"])
        out, _ = capsys.readouterr()
        return [d["code"] for d in json.loads(out)]

    assert cached_codes() == ["EXL201", "EXL303", "EXL101"]
    monkeypatch.chdir(project / "tests")
    assert cached_codes() == ["EXL201", "EXL303"]
    monkeypatch.chdir(project)
    assert cached_codes() == ["EXL201", "EXL303", "EXL101"]


# --- errors -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "named"),
    [
        ("selct = []\n", "selct"),
        ("per_file_ignores = {}\n", "per_file_ignores"),
        ("line-length = 100\n", "line-length"),
        ("[tool.exportlint.lint]\nselect = []\n", "lint"),
    ],
)
def test_unknown_key(
    project: Path, capsys: pytest.CaptureFixture[str], body: str, named: str
) -> None:
    config(project, body)
    write(project, "model.py", MODEL)
    code, found, err = lint(capsys, "model.py")
    assert code == 2
    assert found == []
    assert f"`{named}`" in err
    assert "unknown key" in err
    assert "pyproject.toml" in err
    assert "select" in err  # the known keys are listed


@pytest.mark.parametrize(
    ("body", "named"),
    [
        ('select = "EXL1"\n', "select"),
        ("select = [1]\n", "select"),
        ('ignore = ["EXL1", 2]\n', "ignore"),
        ("extend-select = true\n", "extend-select"),
        ('exclude = "build"\n', "exclude"),
        ("extend-exclude = {}\n", "extend-exclude"),
        ('module-bases = "Base"\n', "module-bases"),
        ("extend-module-bases = 3\n", "extend-module-bases"),
        ('entry-points = "step"\n', "entry-points"),
        ('per-file-ignores = ["tests/*"]\n', "per-file-ignores"),
        ('per-file-ignores = { "tests/*" = "EXL1" }\n', "per-file-ignores.tests/*"),
        ("verify = 1\n", "verify"),
    ],
)
def test_bad_value_types(
    project: Path, capsys: pytest.CaptureFixture[str], body: str, named: str
) -> None:
    config(project, body)
    write(project, "model.py", MODEL)
    code, found, err = lint(capsys, "model.py")
    assert code == 2
    assert found == []
    assert f"`{named}`" in err
    assert err.startswith("exportlint: error: ")
    assert len(err.strip().splitlines()) == 1


@pytest.mark.parametrize(
    ("body", "named", "selector"),
    [
        ('select = ["EXL9"]\n', "select", "EXL9"),
        ('ignore = ["E501"]\n', "ignore", "E501"),
        ('extend-select = ["exl1"]\n', "extend-select", "exl1"),  # codes are upper case
        ('per-file-ignores = { "a.py" = ["EXL1O1"] }\n', "per-file-ignores.a.py", "EXL1O1"),
    ],
)
def test_bad_code_selector(
    project: Path, capsys: pytest.CaptureFixture[str], body: str, named: str, selector: str
) -> None:
    config(project, body)
    write(project, "model.py", MODEL)
    code, found, err = lint(capsys, "model.py")
    assert code == 2
    assert found == []
    assert f"`{named}`" in err and f"`{selector}`" in err


def test_tool_exportlint_must_be_a_table(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(project, "pyproject.toml", "[tool]\nexportlint = 3\n")
    write(project, "model.py", MODEL)
    code, _, err = lint(capsys, "model.py")
    assert code == 2
    assert "[tool.exportlint]" in err


def test_explicit_config_with_a_non_table_tool(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write(project, "cfg.toml", 'tool = "exportlint"\n')
    write(project, "model.py", MODEL)
    code, _, err = lint(capsys, "--config", "cfg.toml", "model.py")
    assert code == 2
    assert "`tool`" in err


@pytest.mark.parametrize(
    "content",
    [
        b"[tool.exportlint\nselect = []\n",
        b'[tool.exportlint]\nselect = ["EXL1"\n',
        b"[tool.exportlint]\nselect = []\nselect = []\n",
        b'[tool.exportlint]\nselect = ["\xff"]\n',
    ],
    ids=["unclosed-table", "unclosed-array", "duplicate-key", "not-utf8"],
)
def test_invalid_toml(project: Path, content: bytes) -> None:
    (project / "pyproject.toml").write_bytes(content)
    write(project, "model.py", MODEL)
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    result = subprocess.run(
        [sys.executable, "-m", "exportlint", "--no-cache", "model.py"],
        cwd=project,
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        check=False,
    )
    assert result.returncode == 2
    assert result.stdout == ""
    assert "Traceback" not in result.stderr
    assert "pyproject.toml" in result.stderr
    assert "invalid TOML" in result.stderr
    assert (project / "pyproject.toml").read_bytes() == content  # never rewritten


# --- settings per file (as Ruff: the closest settings file above each file) --------------


def test_a_project_run_from_its_parent_honours_its_settings(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Before: settings came from the working directory only, so `exportlint proj/` ignored
    # proj/pyproject.toml.
    config(project / "proj", 'select = ["EXL2"]\n')
    write(project, "proj/model.py", MULTI)
    write(project, "other/model.py", MULTI)
    _, found, _ = lint(capsys, "proj", "other")
    assert found == [
        ("other/model.py", 4, "EXL201"),
        ("other/model.py", 5, "EXL303"),
        ("other/model.py", 6, "EXL101"),
        ("proj/model.py", 4, "EXL201"),
    ]


def test_a_sub_project_has_its_own_settings(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config(project, 'select = ["EXL1"]\nexclude = ["skipped"]\n')
    write(project, "top.py", MULTI)
    write(project, "sub/exportlint.toml", 'select = ["EXL3"]\nexclude = ["legacy"]\n')
    write(project, "sub/model.py", MULTI)
    write(project, "sub/legacy/old.py", MULTI)  # excluded by sub's settings
    write(project, "sub/skipped/kept.py", MULTI)  # the top exclude does not apply under sub
    write(project, "skipped/gone.py", MULTI)  # excluded by the top settings
    _, found, _ = lint(capsys, ".")
    assert found == [
        ("sub/model.py", 5, "EXL303"),
        ("sub/skipped/kept.py", 5, "EXL303"),
        ("top.py", 6, "EXL101"),
    ]
    # The same from inside the sub-project, and for a file named explicitly.
    os.chdir(project / "sub")
    _, found, _ = lint(capsys, "model.py", "../top.py")
    assert found == [("../top.py", 6, "EXL101"), ("model.py", 5, "EXL303")]


def test_exportlint_toml_wins_over_pyproject_in_the_same_directory(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config(project, 'select = ["EXL1"]\n')
    write(project, "exportlint.toml", 'select = ["EXL2"]\n')
    write(project, "model.py", MULTI)
    _, found, _ = lint(capsys, "model.py")
    assert codes(found) == ["EXL201"]


def test_exportlint_toml_errors_name_the_file(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write(project, "exportlint.toml", 'selec = ["EXL2"]\n')
    write(project, "model.py", MULTI)
    code, _, err = lint(capsys, "model.py")
    assert code == 2
    assert "exportlint.toml" in err and "unknown key `selec`" in err


def test_stdin_filename_takes_the_settings_of_its_directory(
    project: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    config(project / "proj", 'select = ["EXL2"]\n')
    import io

    class Stdin:
        buffer = io.BytesIO(MULTI.encode())

    monkeypatch.setattr(sys, "stdin", Stdin)
    _, found, _ = lint(capsys, "--stdin-filename", "proj/model.py")
    assert found == [("proj/model.py", 4, "EXL201")]


def test_command_line_options_apply_on_top_of_every_settings_file(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config(project / "a", 'select = ["EXL2", "EXL3"]\n')
    config(project / "b", 'select = ["EXL1", "EXL3"]\n')
    write(project, "a/model.py", MULTI)
    write(project, "b/model.py", MULTI)
    _, found, _ = lint(capsys, "--ignore", "EXL3", ".")
    assert found == [("a/model.py", 4, "EXL201"), ("b/model.py", 6, "EXL101")]


def test_config_and_isolated_give_every_file_the_same_settings(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config(project / "proj", 'select = ["EXL2"]\n')
    write(project, "proj/model.py", MULTI)
    write(project, "only3.toml", "[tool.exportlint]\n")
    _, found, _ = lint(capsys, "--isolated", "proj")
    assert codes(found) == ["EXL201", "EXL303", "EXL101"]
    other = config(project / "cfg", 'select = ["EXL3"]\n')
    _, found, _ = lint(capsys, "--config", str(other), "proj")
    assert codes(found) == ["EXL303"]


# --- paths are printed relative to the working directory ---------------------------------


@pytest.mark.parametrize(
    "fmt", ["json", "concise", "full", "grouped", "pylint", "github", "gitlab", "sarif", "junit"]
)
def test_paths_are_relative_to_the_working_directory(
    project: Path, capsys: pytest.CaptureFixture[str], fmt: str
) -> None:
    config(project, "")
    write(project, "sub/m.py", MODEL)
    os.chdir(project / "sub")
    for target in ("m.py", ".", str(project / "sub" / "m.py"), "../sub/m.py", "../sub/./m.py"):
        main(["--no-cache", "--output-format", fmt, target])
        out, _ = capsys.readouterr()
        assert "sub/m.py" not in out, (target, out)
        assert str(project) not in out, (target, out)
        assert "m.py" in out


# --- .gitignore --------------------------------------------------------------------------


def git_tree(project: Path) -> None:
    (project / ".git").mkdir()
    config(project, "")
    write(project, ".gitignore", "generated/\n*_pb2.py\n!keep_pb2.py\n")
    write(project, "model.py", MODEL)
    write(project, "generated/model.py", MODEL)
    write(project, "proto_pb2.py", MODEL)
    write(project, "keep_pb2.py", MODEL)
    write(project, "pkg/.gitignore", "local.py\n")
    write(project, "pkg/local.py", MODEL)
    write(project, "pkg/model.py", MODEL)


def test_gitignore_is_respected_by_default(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    git_tree(project)
    _, found, _ = lint(capsys, ".")
    assert sorted({path for path, _, _ in found}) == ["keep_pb2.py", "model.py", "pkg/model.py"]
    # A file named on the command line is linted even if ignored.
    _, found, _ = lint(capsys, "proto_pb2.py")
    assert [path for path, _, _ in found] == ["proto_pb2.py"]


def test_no_respect_gitignore(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    git_tree(project)
    _, found, _ = lint(capsys, "--no-respect-gitignore", ".")
    assert len({path for path, _, _ in found}) == 6
    config(project, "respect-gitignore = false\n")
    _, found, _ = lint(capsys, ".")
    assert len({path for path, _, _ in found}) == 6
    _, found, _ = lint(capsys, "--respect-gitignore", ".")
    assert len({path for path, _, _ in found}) == 3


def test_gitignore_outside_a_repository_means_nothing(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    git_tree(project)
    (project / ".git").rmdir()
    _, found, _ = lint(capsys, ".")
    assert len({path for path, _, _ in found}) == 6


def test_respect_gitignore_must_be_a_boolean(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config(project, 'respect-gitignore = "yes"\n')
    write(project, "model.py", MODEL)
    code, _, err = lint(capsys, "model.py")
    assert code == 2 and "`respect-gitignore` must be true or false" in err


# --- --force-exclude ---------------------------------------------------------------------


def test_force_exclude_applies_excludes_to_named_files(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config(project, 'extend-exclude = ["legacy/*", "gen_*.py"]\n')
    write(project, "legacy/old.py", MODEL)
    write(project, "gen_model.py", MODEL)
    write(project, "model.py", MODEL)
    named = ("legacy/old.py", "gen_model.py", "model.py")
    _, found, _ = lint(capsys, *named)
    assert len(found) == 3  # named files are linted...
    _, found, _ = lint(capsys, "--force-exclude", *named)
    assert [path for path, _, _ in found] == ["model.py"]  # ...unless --force-exclude
    config(project, 'extend-exclude = ["legacy/*", "gen_*.py"]\nforce-exclude = true\n')
    _, found, _ = lint(capsys, *named)
    assert [path for path, _, _ in found] == ["model.py"]
    _, found, _ = lint(capsys, "--no-force-exclude", *named)
    assert len(found) == 3


def test_force_exclude_with_stdin_filename(
    project: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import io

    config(project, 'extend-exclude = ["legacy/*"]\n')

    class Stdin:
        buffer = io.BytesIO(MODEL.encode())

    monkeypatch.setattr(sys, "stdin", Stdin)
    code, found, _ = lint(capsys, "--force-exclude", "--stdin-filename", "legacy/x.py")
    assert code == 0 and found == []


# --- --show-settings, fixable -------------------------------------------------------------


def test_show_settings(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    config(project / "proj", 'select = ["EXL2"]\nunfixable = ["EXL303"]\n')
    write(project, "proj/model.py", MODEL)
    code = main(["--show-settings", "proj/model.py"])
    out, _ = capsys.readouterr()
    assert code == 0
    assert out.startswith("Resolved settings for: proj/model.py\n")
    assert f"Settings path: {project / 'proj' / 'pyproject.toml'}" in out
    assert "select = ['EXL2']" in out and "unfixable = ['EXL303']" in out
    assert "respect-gitignore = True" in out


def test_fixable_keys_are_validated(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    config(project, 'unfixable = ["XYZ1"]\n')
    write(project, "model.py", MODEL)
    code, _, err = lint(capsys, "model.py")
    assert code == 2 and "`unfixable`" in err and "XYZ1" in err


def test_a_named_ignored_directory_is_walked(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    git_tree(project)
    _, found, _ = lint(capsys, "generated")
    assert [path for path, _, _ in found] == ["generated/model.py"]


def test_force_exclude_applies_to_a_named_directory(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config(project, 'extend-exclude = ["legacy"]\n')
    write(project, "legacy/old.py", MODEL)
    _, found, _ = lint(capsys, "legacy")
    assert len(found) == 1
    _, found, _ = lint(capsys, "--force-exclude", "legacy")
    assert found == []
