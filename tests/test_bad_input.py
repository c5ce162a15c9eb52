"""Bad and extreme input: every problem becomes a clear EXL000 diagnostic or error message,
never a traceback; the run goes on with the other files; no source file is ever modified."""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

import exportlint
from exportlint import lint_source
from exportlint.engine import lint_bytes

REPO = Path(exportlint.__file__).resolve().parent.parent

# One EXL101 at 4:12-4:23.
MODEL = """\
import torch
class M(torch.nn.Module):
    def forward(self, x):
        if x.sum() > 0:
            return x
        return -x
"""
MODEL_AT = (4, 12, 4, 23)

CLEAN = "import torch\n\n\ndef helper(x):\n    return x + 1\n"


def children_cpu() -> float:
    """CPU seconds used by this process's finished children (user + system)."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run(cwd: Path, *args: str) -> tuple[int, list[dict[str, Any]], str]:
    """Run the real CLI with JSON output: exit code, diagnostics, stderr."""
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    env.pop("EXPORTLINT_DEBUG", None)
    result = subprocess.run(
        [sys.executable, "-m", "exportlint", "--output-format", "json", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )
    assert "Traceback" not in result.stderr, result.stderr
    assert "Traceback" not in result.stdout
    return result.returncode, json.loads(result.stdout or "[]"), result.stderr


def project(tmp_path: Path, files: dict[str, bytes | str]) -> dict[Path, bytes]:
    """Write `files` under tmp_path (with an empty [tool.exportlint], so that nothing above
    tmp_path changes the results); return a snapshot of every file's bytes."""
    (tmp_path / "pyproject.toml").write_text("[tool.exportlint]\n", encoding="utf-8")
    for name, content in files.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, str):
            path.write_text(content, encoding="utf-8", newline="")
        else:
            path.write_bytes(content)
    return snapshot(tmp_path)


def snapshot(root: Path) -> dict[Path, bytes]:
    out: dict[Path, bytes] = {}
    for path in sorted(root.rglob("*")):
        if ".exportlint_cache" in path.parts or path.is_symlink() or not path.is_file():
            continue
        if os.access(path, os.R_OK):
            out[path] = path.read_bytes()
    return out


def by_path(found: list[dict[str, Any]]) -> dict[str, list[tuple[str, int, int]]]:
    out: dict[str, list[tuple[str, int, int]]] = {}
    for d in found:
        out.setdefault(Path(d["path"]).as_posix(), []).append((d["code"], d["line"], d["column"]))
    return out


def only(found: list[dict[str, Any]], path: str) -> dict[str, Any]:
    (item,) = [d for d in found if Path(d["path"]).as_posix() == path]
    return item


# --- syntax and encoding ----------------------------------------------------------------


def test_syntax_error_is_one_exl000_and_the_run_goes_on(tmp_path: Path) -> None:
    before = project(
        tmp_path,
        {
            "broken.py": "import torch\n\ndef f(x:\n    return x\n",
            "model.py": MODEL,
            "clean.py": CLEAN,
            "indent.py": "def f():\nreturn 1\n",
        },
    )
    code, found, _ = run(tmp_path, "--no-cache", ".")
    assert code == 1
    broken = only(found, "broken.py")
    assert broken["code"] == "EXL000"
    assert broken["name"] == "parse-error"
    assert broken["severity"] == "error"
    assert broken["message"].startswith("cannot parse: ")
    assert broken["line"] in (3, 4) and broken["column"] >= 1
    assert broken["end_line"] >= broken["line"]
    indent = only(found, "indent.py")
    assert (indent["code"], indent["line"]) == ("EXL000", 2)
    assert "indent" in indent["message"]
    assert by_path(found)["model.py"] == [("EXL101", 4, 12)]
    assert "clean.py" not in by_path(found)
    assert snapshot(tmp_path) == before


def test_syntax_error_position_is_one_based() -> None:
    (d,) = lint_source("x = (1,\ny = 2\nz = ]\n", "bad.py")
    assert d.code == "EXL000"
    assert d.line >= 1 and d.column >= 1
    (d,) = lint_source("def f(:\n    pass\n", "bad.py")
    assert (d.line, d.column) == (1, 7)


@pytest.mark.parametrize(
    ("content", "line", "column"),
    [
        (b'x = "\xff"\n', 1, 6),  # in the first two lines, where the coding cookie is looked for
        (b'x = 1\ny = 2\nz = "caf\xe9"\n', 3, 9),
        (b"import torch\n# \x80 comment\n", 2, 3),
        (b'ok = "\xc3\xa9"\nbad = "\xc3"\n', 2, 8),  # a truncated UTF-8 sequence
    ],
)
def test_non_utf8_bytes_name_the_byte_and_line(
    tmp_path: Path, content: bytes, line: int, column: int
) -> None:
    before = project(tmp_path, {"bad.py": content, "model.py": MODEL})
    code, found, _ = run(tmp_path, "--no-cache", "bad.py", "model.py")
    assert code == 1
    bad = only(found, "bad.py")
    assert bad["code"] == "EXL000"
    with pytest.raises(UnicodeDecodeError) as error:
        content.decode("utf-8")
    assert f"0x{content[error.value.start]:02x}" in bad["message"]
    assert f"line {line}" in bad["message"]
    assert (bad["line"], bad["column"]) == (line, column)
    assert "coding" in bad["message"]  # says how to fix it
    assert by_path(found)["model.py"] == [("EXL101", 4, 12)]
    assert snapshot(tmp_path) == before


def test_latin1_file_with_a_coding_cookie(tmp_path: Path) -> None:
    source = (
        "# -*- coding: latin-1 -*-\n"
        "import torch\n"
        "class M(torch.nn.Module):\n"
        "    def forward(self, x):\n"
        '        s = "déjà vu"; n = int(x.max().item())\n'
        "        return x * n\n"
    )
    content = source.encode("latin-1")
    assert b"\xe9" in content
    before = project(tmp_path, {"latin.py": content})
    code, found, _ = run(tmp_path, "--no-cache", "latin.py")
    assert code == 1
    (item,) = found
    assert item["code"] == "EXL201"
    # Columns count characters, so `int` is where a reader sees it.
    line = source.splitlines()[4]
    assert item["line"] == 5
    assert item["column"] == line.index("int(") + 1
    assert snapshot(tmp_path) == before


def test_latin1_file_full_format_shows_decoded_text(tmp_path: Path) -> None:
    source = (
        "# -*- coding: latin-1 -*-\n"
        "import torch\n"
        "class M(torch.nn.Module):\n"
        "    def forward(self, x):\n"
        '        s = "é"; n = int(x.max().item())\n'
        "        return x * n\n"
    )
    project(tmp_path, {"latin.py": source.encode("latin-1")})
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    result = subprocess.run(
        [sys.executable, "-m", "exportlint", "--no-cache", "latin.py"],
        cwd=tmp_path,
        capture_output=True,
        env=env,
        timeout=60,
        check=False,
    )
    out = result.stdout.decode("utf-8")
    assert '5 |         s = "é"; n = int(x.max().item())' in out
    source_line = next(line for line in out.splitlines() if line.startswith("5 | "))
    caret = out.splitlines()[out.splitlines().index(source_line) + 1]
    assert caret.index("^") == source_line.index("int(")


def test_utf8_bom(tmp_path: Path) -> None:
    before = project(
        tmp_path, {"bom.py": b"\xef\xbb\xbf" + MODEL.encode(), "only.py": b"\xef\xbb\xbf"}
    )
    code, found, _ = run(tmp_path, "--no-cache", "bom.py", "only.py")
    assert code == 1
    (item,) = found
    assert item["path"] == "bom.py"
    assert (item["line"], item["column"], item["end_line"], item["end_column"]) == MODEL_AT
    assert snapshot(tmp_path) == before


@pytest.mark.parametrize("newline", ["\r\n", "\r"], ids=["crlf", "cr"])
def test_other_line_endings_keep_positions(tmp_path: Path, newline: str) -> None:
    text = MODEL.replace("\n", newline)
    before = project(tmp_path, {"model.py": text.encode()})
    code, found, _ = run(tmp_path, "--no-cache", "model.py")
    assert code == 1
    (item,) = found
    assert (item["line"], item["column"], item["end_line"], item["end_column"]) == MODEL_AT
    assert snapshot(tmp_path) == before  # line endings untouched


def test_crlf_full_format(tmp_path: Path) -> None:
    project(tmp_path, {"model.py": MODEL.replace("\n", "\r\n").encode()})
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    result = subprocess.run(
        [sys.executable, "-m", "exportlint", "--no-cache", "model.py"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        check=False,
    )
    assert result.returncode == 1
    assert "\r" not in result.stdout
    assert "4 |         if x.sum() > 0:\n" in result.stdout


def test_form_feed_does_not_shift_lines() -> None:
    text = MODEL.replace("import torch\n", "import torch\n\x0c\n")
    (d,) = lint_source(text, "ff.py")
    assert (d.line, d.column) == (5, 12)


def test_non_ascii_columns_count_characters() -> None:
    # ast columns are UTF-8 byte offsets; reported columns count characters.
    text = forward_with(['s = "ünïcödé → ✓"; n = int(x.max().item())', "return x * n"])
    (d,) = lint_source(text, "u.py")
    assert d.code == "EXL201"
    line = text.splitlines()[3]
    assert d.column == line.index("int(") + 1
    assert d.end_column == line.index("int(") + len("int(x.max().item())") + 1


@pytest.mark.parametrize(
    ("content", "words"),
    [
        (b"# -*- coding: no-such-codec -*-\nx = 1\n", "no-such-codec"),
        (b"\xef\xbb\xbf# -*- coding: latin-1 -*-\nx = 1\n", "encoding"),
    ],
    ids=["unknown-codec", "bom-and-latin1-cookie"],
)
def test_bad_encoding_declarations(content: bytes, words: str) -> None:
    (d,) = lint_bytes(content, "enc.py")
    assert d.code == "EXL000"
    assert words in d.message


# --- empty, NUL, binary -----------------------------------------------------------------


def test_empty_and_trivial_files(tmp_path: Path) -> None:
    before = project(
        tmp_path,
        {
            "empty.py": b"",
            "newline.py": b"\n",
            "spaces.py": b"   \n\t\n",
            "comment.py": b"# just a comment",
            "docstring.py": b'"""Only a docstring."""\n',
            "pkg/__init__.py": b"",
        },
    )
    code, found, _ = run(tmp_path, "--no-cache", ".")
    assert (code, found) == (0, [])
    assert snapshot(tmp_path) == before
    code, found, _ = run(tmp_path, "--no-cache", "--output-format", "full", "empty.py")
    assert (code, found) == (0, [])  # full output of nothing is empty, not JSON


def test_nul_bytes(tmp_path: Path) -> None:
    before = project(
        tmp_path,
        {
            "nul.py": b"x = 1\ny = 2\x00\n",
            "nul_in_string.py": b'x = "a\x00b"\n',
            "model.py": MODEL,
        },
    )
    code, found, _ = run(tmp_path, "--no-cache", ".")
    assert code == 1
    for name in ("nul.py", "nul_in_string.py"):
        item = only(found, name)
        assert item["code"] == "EXL000"
        assert "null" in item["message"].lower() or "nul" in item["message"].lower()
        assert item["line"] >= 1 and item["column"] >= 1
    assert by_path(found)["model.py"] == [("EXL101", 4, 12)]
    assert snapshot(tmp_path) == before


def test_binary_garbage(tmp_path: Path) -> None:
    garbage = bytes(range(256)) * 4
    before = project(tmp_path, {"blob.py": garbage, "model.py": MODEL})
    code, found, _ = run(tmp_path, "--no-cache", ".")
    assert code == 1
    assert only(found, "blob.py")["code"] == "EXL000"
    assert by_path(found)["model.py"] == [("EXL101", 4, 12)]
    assert snapshot(tmp_path) == before


# --- file system oddities ---------------------------------------------------------------


def test_unreadable_file(tmp_path: Path) -> None:
    project(tmp_path, {"secret.py": MODEL, "model.py": MODEL})
    secret = tmp_path / "secret.py"
    secret.chmod(0)
    try:
        if os.access(secret, os.R_OK):
            pytest.skip("running as root: chmod 000 does not make a file unreadable")
        code, found, _ = run(tmp_path, "--no-cache", ".")
        assert code == 1
        item = only(found, "secret.py")
        assert item["code"] == "EXL000"
        assert "cannot read" in item["message"]
        assert by_path(found)["model.py"] == [("EXL101", 4, 12)]
    finally:
        secret.chmod(0o644)
    assert secret.read_text(encoding="utf-8") == MODEL


def test_directory_named_like_a_python_file(tmp_path: Path) -> None:
    project(tmp_path, {"weird.py/inner.py": MODEL})
    code, found, _ = run(tmp_path, "--no-cache", ".")
    assert code == 1
    assert by_path(found) == {"weird.py/inner.py": [("EXL101", 4, 12)]}


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="no symlinks")
def test_symlinks(tmp_path: Path) -> None:
    before = project(tmp_path, {"real/model.py": MODEL, "other.py": MODEL})
    (tmp_path / "real" / "a_link.py").symlink_to("model.py")
    (tmp_path / "dangling.py").symlink_to("does_not_exist.py")
    # A symlink named on the command line is linted under the name given.
    code, found, _ = run(tmp_path, "--no-cache", "real/a_link.py")
    assert code == 1
    assert by_path(found) == {"real/a_link.py": [("EXL101", 4, 12)]}
    # Walking a directory: a file and a link to it are one file, reported at its real path;
    # the dangling link is passed over, not a crash.
    code, found, err = run(tmp_path, "--no-cache", ".")
    assert code == 1
    assert by_path(found) == {
        "other.py": [("EXL101", 4, 12)],
        "real/model.py": [("EXL101", 4, 12)],
    }
    # A dangling symlink named on the command line is a missing path: exit 2, named.
    code, found, err = run(tmp_path, "--no-cache", "dangling.py", "other.py")
    assert code == 2
    assert "dangling.py" in err
    assert by_path(found) == {"other.py": [("EXL101", 4, 12)]}
    assert snapshot(tmp_path) == before
    assert os.readlink(tmp_path / "dangling.py") == "does_not_exist.py"


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="no symlinks")
def test_symlinked_directory_loop(tmp_path: Path) -> None:
    project(tmp_path, {"pkg/model.py": MODEL})
    (tmp_path / "pkg" / "loop").symlink_to("..", target_is_directory=True)
    start = children_cpu()
    code, found, _ = run(tmp_path, "--no-cache", ".")
    assert children_cpu() - start < 30  # CPU, not wall: a loop would spin; load does not count
    assert code == 1
    assert by_path(found) == {"pkg/model.py": [("EXL101", 4, 12)]}


# --- size and depth ---------------------------------------------------------------------


def test_a_directory_of_1000_files(tmp_path: Path) -> None:
    files: dict[str, bytes | str] = {}
    for i in range(1000):
        group = f"pkg{i // 100}"
        if i % 4 == 0:
            files[f"{group}/m{i:04d}.py"] = MODEL
        elif i == 999:
            files[f"{group}/m{i:04d}.py"] = b"def broken(:\n"
        else:
            files[f"{group}/m{i:04d}.py"] = CLEAN
    before = project(tmp_path, files)
    code, found, _ = run(tmp_path, "--jobs", "2", ".")
    assert code == 1
    hazards = [d for d in found if d["code"] == "EXL101"]
    assert len(hazards) == 250
    assert {Path(d["path"]).name for d in hazards} == {f"m{i:04d}.py" for i in range(0, 1000, 4)}
    assert [d["code"] for d in found if d["code"] != "EXL101"] == ["EXL000"]
    # Sorted by path, so a second run (now from the cache) gives identical output.
    paths = [d["path"] for d in found]
    assert paths == sorted(paths)
    code2, found2, _ = run(tmp_path, "--jobs", "2", ".")
    assert (code2, found2) == (code, found)
    summary = subprocess.run(
        [sys.executable, "-m", "exportlint", "--output-format", "concise", "."],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(REPO)},
        timeout=120,
        check=False,
    )
    assert "Found 251 diagnostics (251 errors, 0 warnings) in 1000 files checked." in summary.stdout
    assert snapshot(tmp_path) == before


def test_a_20000_line_file(tmp_path: Path) -> None:
    lines = ["import torch", "class M(torch.nn.Module):", "    def forward(self, x):"]
    lines += [f"        x = x + {i}" for i in range(19_990)]
    lines += ["        if x.sum() > 0:", "            return x", "        return -x"]
    lines += [f"CONSTANT_{i} = {i}" for i in range(20_000 - len(lines))]
    text = "\n".join(lines) + "\n"
    assert text.count("\n") == 20_000
    before = project(tmp_path, {"big.py": text})
    start = children_cpu()
    code, found, _ = run(tmp_path, "--no-cache", "big.py")
    # CPU seconds of the exportlint process (about 2 s here): a quadratic walk shows up as
    # minutes, while a loaded machine stretches only the wall clock, which is not measured.
    assert children_cpu() - start < 15
    assert code == 1
    assert [(d["code"], d["line"], d["column"]) for d in found] == [("EXL101", 19_994, 12)]
    assert snapshot(tmp_path) == before


def forward_with(body: list[str]) -> str:
    head = ["import torch", "class M(torch.nn.Module):", "    def forward(self, x):"]
    return "\n".join(head + [f"        {line}" for line in body]) + "\n"


DEEP: dict[str, tuple[str, list[tuple[str, int]]]] = {
    # 100 levels of redundant parentheses.
    "parens": (
        forward_with(
            ["y = " + "(" * 100 + "x" + ")" * 100, "if y.sum() > 0:", "    return y", "return x"]
        ),
        [("EXL101", 5)],
    ),
    # 100 levels of nested binary operations, and of nested calls.
    "nested_binop": (
        forward_with(
            [
                "y = " + "(x + " * 100 + "x" + ")" * 100,
                "z = " + "torch.relu(" * 100 + "x" + ")" * 100,
                "if y.sum() > z.sum():",
                "    return y",
                "return x",
            ]
        ),
        [("EXL101", 6)],
    ),
    # A 5,000-term chain and 3,000 unary minuses.
    "chain": (
        forward_with(
            ["y = " + " + ".join(["x"] * 5000), "if y.sum() > 0:", "    return y", "return x"]
        ),
        [("EXL101", 5)],
    ),
    "unary": (
        forward_with(["y = " + "-" * 3000 + "x", "if y.sum() > 0:", "    return y", "return x"]),
        [("EXL101", 5)],
    ),
    # 50 nested ifs on shapes (EXL102 warnings), a tensor test at the bottom.
    "nested_ifs": (
        forward_with(
            [("    " * d) + f"if x.shape[0] > {d}:" for d in range(50)]
            + [("    " * 50) + "if x.sum() > 0:", ("    " * 51) + "return x", "return -x"]
        ),
        # `> 0` and `> 1` are decided by export's size >= 2 assumption (no guard): silent.
        [("EXL102", 4 + d) for d in range(2, 50)] + [("EXL101", 54)],
    ),
    # Deeply nested literals.
    "nested_lists": (
        forward_with(["y = " + "[" * 150 + "x" + "]" * 150, "if x.sum() > 0:", "    return x"]),
        [("EXL101", 5)],
    ),
}


@pytest.mark.parametrize("name", list(DEEP))
def test_deeply_nested_source(tmp_path: Path, name: str) -> None:
    text, expected = DEEP[name]
    # Analysed, not EXL000: how deep CPython's parser may go at the default recursion limit
    # (about 3,000 for a chain in 3.11) also depends on how deep the caller's stack is.
    before = project(tmp_path, {f"{name}.py": text})
    code, found, _ = run(tmp_path, "--no-cache", f"{name}.py")
    assert code == 1
    assert [(d["code"], d["line"]) for d in found] == expected
    assert snapshot(tmp_path) == before


def test_nesting_beyond_the_analyser_limit_is_reported_not_dropped(tmp_path: Path) -> None:
    # Parses, but is too deep to interpret: the function is skipped with an EXL000 on its
    # `def` line, never silently reported as clean; the rest of the file is still analysed.
    # (A long `a + b + ...` chain is walked iteratively; 4,500 chained method calls are not:
    # 3,000 now interpret, and from about 6,000 Python's own parser refuses the file.)
    deep = forward_with(["y = x" + ".abs()" * 4_500, "return y"])
    text = deep + "\n\nclass N(torch.nn.Module):\n    def forward(self, x):\n"
    text += "        if x.sum() > 0:\n            return x\n        return -x\n"
    before = project(tmp_path, {"deep.py": text})
    code, found, _ = run(tmp_path, "--no-cache", "deep.py")
    assert code == 1
    assert [(d["code"], d["line"], d["column"]) for d in found] == [
        ("EXL000", 3, 5),
        ("EXL101", 10, 12),
    ]
    assert "too deeply" in found[0]["message"] and "`forward`" in found[0]["message"]
    assert snapshot(tmp_path) == before


def test_nesting_beyond_the_parser_limit(tmp_path: Path) -> None:
    # CPython itself rejects these; they become EXL000, not a crash.
    too_deep: dict[str, bytes | str] = {
        "parens.py": "y = " + "(" * 1000 + "x" + ")" * 1000 + "\n",
        "chain.py": "y = " + " + ".join(["x"] * 200_000) + "\n",
        "model.py": MODEL,
    }
    before = project(tmp_path, too_deep)
    code, found, _ = run(tmp_path, "--no-cache", ".")
    assert code == 1
    for name in ("parens.py", "chain.py"):
        item = only(found, name)
        assert item["code"] == "EXL000"
        assert item["message"].startswith("cannot parse")
    assert by_path(found)["model.py"] == [("EXL101", 4, 12)]
    assert snapshot(tmp_path) == before


def test_bad_input_through_stdin(tmp_path: Path) -> None:
    project(tmp_path, {})
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    for data, expected in (
        (b"", 0),
        (b"\x00\x01\x02", 1),
        (b'x = "\xff"\n', 1),
        (b"def f(:\n", 1),
        (MODEL.encode(), 1),
    ):
        result = subprocess.run(
            [sys.executable, "-m", "exportlint", "--stdin-filename", "s.py", "-q"],
            cwd=tmp_path,
            input=data,
            capture_output=True,
            env=env,
            timeout=60,
            check=False,
        )
        assert result.returncode == expected, data
        assert b"Traceback" not in result.stderr


# --- issue 10: what cannot be linted is named, never skipped --------------------------------


def test_an_unreadable_directory_is_an_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # Permissions cannot be taken from root, so the refusal is the operating system's answer
    # for one directory, given in-process; test_an_unreadable_directory_for_real does it
    # with chmod where it can.
    from exportlint.cli import main

    project(tmp_path, {"ok/model.py": MODEL, "locked/model.py": MODEL})
    monkeypatch.chdir(tmp_path)
    real_scandir = os.scandir

    def scandir(path: Any) -> Any:
        if Path(path).name == "locked":
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)
    code = main(["--no-cache", "--output-format", "concise", "."])
    out, err = capsys.readouterr()
    assert code == 2
    assert "locked: cannot read directory: Permission denied" in err
    assert "ok/model.py:4:12: EXL101" in out
    assert "All checks passed" not in out + err


@pytest.mark.skipif(
    not hasattr(os, "geteuid") or os.geteuid() == 0, reason="root reads any directory"
)
def test_an_unreadable_directory_for_real(tmp_path: Path) -> None:
    project(tmp_path, {"locked/model.py": MODEL})
    (tmp_path / "locked").chmod(0)
    try:
        code, found, err = run(tmp_path, "--no-cache", ".")
    finally:
        (tmp_path / "locked").chmod(0o755)
    assert code == 2 and found == []
    assert "locked: cannot read directory" in err


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_a_fifo_on_the_command_line_is_named_and_not_read(tmp_path: Path) -> None:
    project(tmp_path, {"model.py": MODEL})
    os.mkfifo(tmp_path / "pipe.py")  # reading it would block forever
    code, found, err = run(tmp_path, "--no-cache", "pipe.py", "model.py")
    assert code == 2
    assert "pipe.py: a FIFO (named pipe), not a file" in err
    assert "no such file" not in err
    assert [d["path"] for d in found] == ["model.py"]


def test_a_symlink_loop_and_a_broken_link_are_named(tmp_path: Path) -> None:
    project(tmp_path, {"model.py": MODEL})
    (tmp_path / "loop.py").symlink_to("loop.py")
    (tmp_path / "gone.py").symlink_to("nowhere.py")
    code, found, err = run(tmp_path, "--no-cache", "loop.py", "gone.py", "model.py")
    assert code == 2
    assert "loop.py: a symbolic link loop" in err
    assert "gone.py: a broken symbolic link" in err
    assert "no such file" not in err
    assert len(found) == 1


def test_a_deeply_nested_expression_says_why_it_cannot_be_parsed() -> None:
    # A 3,000-term `x ** x ** ...` is a bare MemoryError in CPython's parser: the message
    # was "cannot parse: " with nothing after it.
    text = MODEL.replace("return x\n", "return " + " ** ".join(["x"] * 3000) + "\n", 1)
    (found,) = lint_source(text, "deep.py")
    assert found.code == "EXL000"
    assert found.message.startswith("cannot parse: ")
    assert "nested too deeply" in found.message
    assert len(found.message) > len("cannot parse: ") + 10


# --- the coding cookie: only a comment in the first two lines -----------------------------


@pytest.mark.parametrize("newline", ["\r", "\r\n", "\n"])
def test_encoding_in_code_is_not_a_coding_cookie(newline: str) -> None:
    # CR-only newlines made the whole file one "line" for the cookie search: `encoding: bool`
    # in a signature was read as a declaration ("unknown encoding: bool").
    text = newline.join(["# hello", "def f(x, encoding: bool):", "    return x", ""])
    assert lint_bytes(text.encode(), "cr.py") == []


@pytest.mark.parametrize("newline", ["\r", "\r\n", "\n"])
def test_a_real_cookie_is_honoured_with_any_newline(newline: str) -> None:
    from exportlint.document import decode

    text = newline.join(["#!/usr/bin/env python", "# -*- coding: latin-1 -*-", 'x = "\xe9"', ""])
    document = decode(text.encode("latin-1"), "latin.py")
    assert document.encoding == "iso-8859-1" and '"\xe9"' in document.text
    # Third line: too late to declare anything (Python ignores it too), so UTF-8 is assumed.
    late = newline.join(["", "", "# -*- coding: latin-1 -*-", "x = 1", ""])
    assert decode(late.encode(), "late.py").encoding == "utf-8"


# --- the cache: a bad entry is a miss, a failed save leaves nothing -------------------------


def cache_file(root: Path) -> Path:
    (found,) = [p for p in (root / ".exportlint_cache").glob("*.json")]
    return found


@pytest.mark.parametrize(
    "entry",
    [
        lambda digest: [digest, [{"line": 1}]],  # KeyError: 'path' before
        lambda digest: [digest, [None]],
        lambda digest: [digest, "not a list"],
        lambda digest: [digest],
        lambda digest: {"digest": digest},
        lambda digest: [digest, [{"path": "m.py", "line": "x", "column": 1}]],
    ],
)
def test_a_malformed_cache_entry_is_discarded(tmp_path: Path, entry: Any) -> None:
    project(tmp_path, {"model.py": MODEL})
    code, found, _ = run(tmp_path, ".")
    assert code == 1 and len(found) == 1
    path = cache_file(tmp_path)
    data = json.loads(path.read_text(encoding="utf-8"))
    for key, value in list(data.items()):
        data[key] = entry(value[0])  # the right digest, a broken entry
    path.write_text(json.dumps(data), encoding="utf-8")
    for _ in range(2):  # the first run discards and rewrites, the second reads it back
        code, again, err = run(tmp_path, ".")
        assert code == 1 and err == "", err
        assert again == found


def test_a_failed_cache_save_leaves_no_temporary_file(tmp_path: Path) -> None:
    project(tmp_path, {"model.py": MODEL})
    code, _, _ = run(tmp_path, ".")
    target = cache_file(tmp_path)
    # The cache file's name taken by a directory: os.replace fails on every save.
    target.unlink()
    target.mkdir()
    (target / "keep").write_text("", encoding="utf-8")
    for _ in range(2):
        code, found, err = run(tmp_path, ".")
        assert code == 1 and len(found) == 1 and err == ""
    leftovers = [p.name for p in (tmp_path / ".exportlint_cache").iterdir() if p.suffix == ".tmp"]
    assert leftovers == []
