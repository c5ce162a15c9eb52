"""The fixer and the fix flags, on real files.

Every codemod end to end (in-process through `exportlint.cli.main`, and once for real with
`python -m exportlint`), safe vs unsafe, --diff, --fix-only, --show-fixes, exit codes,
idempotency, byte-exact preservation of what a fix does not touch (LF, CRLF, CR, no trailing
newline, BOM, a latin-1 coding cookie), imports (`import torch` added once and in place,
`import torch as th` reused), bad input (read-only, vanished, changed on disk, symlink,
syntax error), stdin, the json fix object, the full output, and the fixer's own machinery
(non-overlapping edits, rollback of unparsable rounds, non-convergence).

Nothing of exportlint is mocked except where a test says so and why: a file that changes
or vanishes between the fixer's two reads (`Path.read_bytes` wrapped), a rule whose fix is
made unparsable on purpose (the rule module's `fix` wrapped), and `MAX_ROUNDS` lowered.
"""

from __future__ import annotations

import ast
import json
import os
import stat
import subprocess
import sys
import threading
from pathlib import Path
from typing import Any

import pytest

import exportlint
import exportlint.codemods.length as length_family
from exportlint import fixer
from exportlint.cli import main
from exportlint.diagnostics import Applicability, Diagnostic, Edit, Fix, Severity
from exportlint.document import decode
from exportlint.engine import lint_source
from exportlint.fixer import apply_edits, fix_file, fix_text
from exportlint.fixes import fix as make_fix

REPO = Path(exportlint.__file__).resolve().parent.parent

HEAD = (
    "import math\n"
    "\n"
    "import torch\n"
    "import torch.nn.functional as F\n"
    "\n"
    "\n"
    "class M(torch.nn.Module):\n"
    # Annotated: the codemods that need a tensor are safe only for known tensors.
    "    def forward(self, x: torch.Tensor, y: torch.Tensor):\n"
)

# (id, code, body before, body after, applicability). Bodies go under HEAD's `forward`.
CODEMODS: list[tuple[str, str, str, str, Applicability]] = [
    (
        "data-detach",
        "EXL202",
        "        return x.data * 2\n",
        "        return x.detach() * 2\n",
        Applicability.SAFE,
    ),
    (
        "len-shape",
        "EXL303",
        "        k = len(x)\n        return x * k\n",
        "        k = x.shape[0]\n        return x * k\n",
        Applicability.SAFE,
    ),
    (
        "len-parenthesised",
        "EXL303",
        "        return x * len(y + 1)\n",
        "        return x * (y + 1).shape[0]\n",
        Applicability.SAFE,
    ),
    (
        "as_tensor-tensor",
        "EXL301",
        "        return x * torch.as_tensor(x.shape[0])\n",
        "        return x * torch.tensor(x.shape[0])\n",
        Applicability.SAFE,
    ),
    (
        "int-of-size",
        "EXL301",
        "        return x[: int(x.shape[0]) - 1]\n",
        "        return x[: x.shape[0] - 1]\n",
        Applicability.SAFE,
    ),
    (
        "int-half",
        "EXL301",
        "        h = x.shape[0]\n        return x[: int(h * 0.5)]\n",
        "        h = x.shape[0]\n        return x[: h // 2]\n",
        Applicability.SAFE,
    ),
    (
        "int-quarter",
        "EXL301",
        "        h = x.shape[0]\n        return x[: int(h / 4)]\n",
        "        h = x.shape[0]\n        return x[: h // 4]\n",
        Applicability.SAFE,
    ),
    (
        "pad-cat-full",
        "EXL301",
        "        n = x.shape[-1]\n        return F.pad(x, (0, 1), value=n)\n",
        "        n = x.shape[-1]\n"
        "        return torch.cat(\n"
        "            [x, torch.full((*x.shape[:-1], 1), n, dtype=x.dtype, device=x.device)],\n"
        "            dim=-1,\n"
        "        )\n",
        Applicability.SAFE,
    ),
    (
        "round-half-exact",
        "EXL302",
        "        return x[: round(x.shape[0] / 2)]\n",
        "        return x[: (x.shape[0] + (x.shape[0] // 2) % 2) // 2]\n",
        Applicability.SAFE,
    ),
    (
        "sqrt-pow",
        "EXL302",
        "        d = x.size(1)\n        return x / math.sqrt(d)\n",
        "        d = x.size(1)\n        return x / d ** 0.5\n",
        Applicability.UNSAFE,
    ),
    (
        "add_-out-of-place",
        "EXL501",
        "        x.add_(y)\n        return x\n",
        "        x = x.add(y)\n        return x\n",
        Applicability.UNSAFE,
    ),
    (
        "iadd-out-of-place",
        "EXL501",
        "        x += y\n        return x\n",
        "        x = x + y\n        return x\n",
        Applicability.UNSAFE,
    ),
    (
        "int-item-sym-int",
        "EXL201",
        "        n = int(x.max().item())\n        return y[:n]\n",
        "        n = torch.sym_int(x.max().item())\n        return y[:n]\n",
        Applicability.SAFE,
    ),
]

# Every codemod in one file, and what `--fix --unsafe-fixes` makes of it.
ALL_BEFORE = (
    HEAD
    + "".join(
        before.replace("return ", f"r{i} = ") for i, (_, _, before, _, _) in enumerate(CODEMODS)
    )
    + "        return x\n"
)
ALL_AFTER = (
    HEAD
    + "".join(
        after.replace("return ", f"r{i} = ") for i, (_, _, _, after, _) in enumerate(CODEMODS)
    )
    + "        return x\n"
)

# A diagnostic no fix can remove (EXL202 `.tolist()` has no fix at all).
UNFIXABLE = "        lengths = x.tolist()\n"


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The cwd, with an empty [tool.exportlint] so that no configuration further up counts."""
    (tmp_path / "pyproject.toml").write_text("[tool.exportlint]\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["check", "--no-cache", *args])
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    assert "internal error" not in err
    return code, out, err


def run(cwd: Path, *args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    env.pop("EXPORTLINT_DEBUG", None)
    result = subprocess.run(
        [sys.executable, "-m", "exportlint", "check", "--no-cache", *args],
        cwd=cwd,
        input=stdin,
        capture_output=True,
        env=env,
        timeout=60,
        check=False,
    )
    assert b"Traceback" not in result.stderr
    return result


def model(body: str) -> str:
    return HEAD + body


def parses(data: bytes) -> bool:
    try:
        ast.parse(data)
    except SyntaxError:
        return False
    return True


# --- every codemod ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("code", "before", "after", "applicability"),
    [case[1:] for case in CODEMODS],
    ids=[case[0] for case in CODEMODS],
)
def test_codemod(
    project: Path,
    capsys: pytest.CaptureFixture[str],
    code: str,
    before: str,
    after: str,
    applicability: Applicability,
) -> None:
    path = project / "model.py"
    path.write_text(model(before), encoding="utf-8")
    (found,) = lint_source(model(before), "model.py")
    assert found.code == code
    assert found.fix is not None and found.fix.applicability is applicability

    status, out, err = cli(capsys, "--fix", "model.py")
    if applicability is Applicability.UNSAFE:
        # Not applied without --unsafe-fixes, and the summary says how to apply it.
        assert status == 1
        assert path.read_text(encoding="utf-8") == model(before)
        assert "1 more fixable with `exportlint --fix --unsafe-fixes`." in out
        assert "= unsafe fix: " in out
        status, out, err = cli(capsys, "--fix", "--unsafe-fixes", "model.py")
    assert status == 0, out + err
    assert path.read_text(encoding="utf-8") == model(after)
    assert "All checks passed (1 file checked) (1 fixed)." in err

    # Idempotent: a second --fix (and --diff) find nothing to do.
    status, out, err = cli(capsys, "--fix", "--unsafe-fixes", "model.py")
    assert (status, out) == (0, "")
    assert "(1 fixed)" not in err
    assert path.read_text(encoding="utf-8") == model(after)
    assert cli(capsys, "--diff", "--unsafe-fixes", "model.py")[:2] == (0, "")


def test_every_codemod_at_once_with_python_m(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text("[tool.exportlint]\n", encoding="utf-8")
    path = tmp_path / "model.py"
    path.write_text(ALL_BEFORE, encoding="utf-8")
    safe = sum(1 for case in CODEMODS if case[4] is Applicability.SAFE)

    result = run(tmp_path, "--fix", "--show-fixes", "model.py")
    assert result.returncode == 1  # the unsafe ones remain
    assert f"Fixed {safe} diagnostics:".encode() in result.stdout
    assert f"{len(CODEMODS) - safe} more fixable with".encode() in result.stdout

    result = run(tmp_path, "--fix", "--unsafe-fixes", "model.py")
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout == b""
    assert f"({len(CODEMODS) - safe} fixed)".encode() in result.stderr
    assert path.read_text(encoding="utf-8") == ALL_AFTER

    again = run(tmp_path, "--fix", "--unsafe-fixes", "model.py")
    assert again.returncode == 0
    assert path.read_text(encoding="utf-8") == ALL_AFTER
    assert run(tmp_path, "--diff", "--unsafe-fixes", "model.py").returncode == 0


def test_fix_text_reaches_a_fixed_point_in_one_call() -> None:
    result = fix_text(ALL_BEFORE, "model.py", unsafe=True)
    assert result.text == ALL_AFTER
    assert result.problems == ()
    assert result.remaining == ()
    assert sorted(d.code for d in result.applied) == sorted(case[1] for case in CODEMODS)
    assert fix_text(result.text, "model.py", unsafe=True).applied == ()


# --- flags and exit codes ---------------------------------------------------------------------


def test_exit_codes_after_fix(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = project / "model.py"
    path.write_text(model("        return len(x)\n"), encoding="utf-8")
    assert cli(capsys, "--fix", "model.py")[0] == 0  # everything fixed

    path.write_text(model(UNFIXABLE + "        return len(x)\n"), encoding="utf-8")
    status, out, _ = cli(capsys, "--fix", "model.py")
    assert status == 1  # something remains
    assert "return x.shape[0]" in path.read_text(encoding="utf-8")
    assert "EXL202" in out and "EXL303" not in out
    assert "Found 1 diagnostic (1 error, 0 warnings) in 1 file checked (1 fixed)." in out
    assert cli(capsys, "--fix", "--exit-zero", "model.py")[0] == 0


def test_diff_writes_nothing(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = project / "model.py"
    path.write_text(model("        return len(x)\n"), encoding="utf-8")
    before = path.stat()

    status, out, err = cli(capsys, "--diff", "model.py")
    assert status == 1
    assert out.startswith("--- model.py\n+++ model.py\n@@ ")
    assert "-        return len(x)\n+        return x.shape[0]\n" in out
    assert "Would fix 1 diagnostic in 1 file." in err
    assert path.read_text(encoding="utf-8") == model("        return len(x)\n")
    assert path.stat().st_mtime_ns == before.st_mtime_ns

    # Only an unsafe fix: no diff without --unsafe-fixes, one with it.
    path.write_text(model("        x += y\n        return x\n"), encoding="utf-8")
    status, out, err = cli(capsys, "--diff", "model.py")
    assert (status, out) == (0, "")
    assert "Would fix 0 diagnostics in 0 files." in err
    status, out, _ = cli(capsys, "--diff", "--unsafe-fixes", "model.py")
    assert status == 1 and "+        x = x + y\n" in out
    assert "x += y" in path.read_text(encoding="utf-8")


def test_diff_of_a_file_without_a_trailing_newline(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (project / "model.py").write_text(model("        return len(x)"), encoding="utf-8")
    status, out, _ = cli(capsys, "--diff", "model.py")
    assert status == 1
    # Marked the way `diff -u` marks it, not run together as "-a+b".
    assert out.endswith(
        "-        return len(x)\n\\ No newline at end of file\n"
        "+        return x.shape[0]\n\\ No newline at end of file\n"
    )


def test_fix_only(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = project / "model.py"
    path.write_text(model(UNFIXABLE + "        return len(x)\n"), encoding="utf-8")
    status, out, err = cli(capsys, "--fix-only", "model.py")
    assert status == 0  # what remains is not reported and does not count
    assert out == ""
    assert "EXL202" not in err
    assert "Fixed 1 diagnostic." in err
    assert "return x.shape[0]" in path.read_text(encoding="utf-8")


def test_show_fixes(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (project / "a.py").write_text(
        model("        k = len(x)\n        return x.data * len(y) * k\n"), encoding="utf-8"
    )
    (project / "b.py").write_text(model("        x += y\n        return x\n"), encoding="utf-8")
    status, out, _ = cli(capsys, "--fix", "--unsafe-fixes", "--show-fixes", "a.py", "b.py")
    assert status == 0
    assert out.startswith(
        "Fixed 4 diagnostics:\n"
        "- a.py:\n"
        "    1 x EXL202 (host-conversion)\n"
        "    2 x EXL303 (len-of-tensor)\n"
        "- b.py:\n"
        "    1 x EXL501 (input-mutation)\n"
    )
    # Nothing fixed, nothing listed.
    status, out, _ = cli(capsys, "--fix", "--show-fixes", "a.py")
    assert (status, out) == (0, "")


def test_only_files_with_a_fix_are_written(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    clean = project / "clean.py"
    clean.write_text(model("        return x + 1\n"), encoding="utf-8")
    unsafe_only = project / "unsafe.py"
    unsafe_only.write_text(model("        x += y\n        return x\n"), encoding="utf-8")
    old = 1_000_000_000 * 10**9
    for path in (clean, unsafe_only):
        os.utime(path, ns=(old, old))
    cli(capsys, "--fix", ".")
    assert clean.stat().st_mtime_ns == old
    assert unsafe_only.stat().st_mtime_ns == old
    assert sorted(p.name for p in project.iterdir()) == ["clean.py", "pyproject.toml", "unsafe.py"]


# --- bytes outside the edits ----------------------------------------------------------------


def _body(newline: str, tail: str) -> str:
    return (
        "# -*- coding: {coding} -*-\n"
        "import torch  \n"  # trailing spaces
        "\n"
        "\n"
        "class M(torch.nn.Module):\n"
        "\tdef forward(self, x):\n"  # a tab
        '\t\ts = "\u00e9t\u00e9"; k = len(x)  # caf\u00e9\n'  # non-ASCII before the edit
        "\t\tn = int(x.max().item())"
    ).replace("\n", newline) + tail


@pytest.mark.parametrize(
    ("newline", "tail", "encoding", "bom"),
    [
        ("\n", "\n", "utf-8", False),
        ("\r\n", "\r\n", "utf-8", False),
        ("\r", "\r", "utf-8", False),
        ("\n", "", "utf-8", False),
        ("\r\n", "", "utf-8", False),
        ("\n", "\n", "utf-8", True),
        ("\r\n", "\r\n", "latin-1", False),
        ("\n", "", "latin-1", False),
    ],
    ids=["lf", "crlf", "cr", "lf-no-eol", "crlf-no-eol", "bom", "latin1-crlf", "latin1-no-eol"],
)
def test_bytes_outside_the_edits_are_kept(
    project: Path,
    capsys: pytest.CaptureFixture[str],
    newline: str,
    tail: str,
    encoding: str,
    bom: bool,
) -> None:
    coding = "latin-1" if encoding == "latin-1" else "utf-8"
    text = _body(newline, tail).replace("{coding}", coding)
    data = (b"\xef\xbb\xbf" if bom else b"") + text.encode(encoding)
    path = project / "model.py"
    path.write_bytes(data)

    status, out, err = cli(capsys, "--fix", "--unsafe-fixes", "model.py")
    assert status == 0, out + err
    # The two edits, and nothing else: a file without a trailing newline still has none.
    expected = data.replace(b"k = len(x)", b"k = x.shape[0]").replace(
        b"n = int(x.max().item())", b"n = torch.sym_int(x.max().item())"
    )
    assert path.read_bytes() == expected
    status, _, _ = cli(capsys, "--fix", "--unsafe-fixes", "model.py")
    assert status == 0
    assert path.read_bytes() == expected


def test_import_torch_as_th_is_reused(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = project / "model.py"
    path.write_text(
        "import torch as th\n"
        "\n"
        "\n"
        "class M(th.nn.Module):\n"
        "    def forward(self, x):\n"
        "        m = int(x.max().item())\n"
        "        n = x.shape[0]\n"
        "        return x[:m] * th.as_tensor(n)\n",
        encoding="utf-8",
    )
    assert cli(capsys, "--fix", "--unsafe-fixes", "model.py")[0] == 0
    assert path.read_text(encoding="utf-8") == (
        "import torch as th\n"
        "\n"
        "\n"
        "class M(th.nn.Module):\n"
        "    def forward(self, x):\n"
        "        m = th.sym_int(x.max().item())\n"
        "        n = x.shape[0]\n"
        "        return x[:m] * th.tensor(n)\n"
    )


def test_import_torch_is_added_once_in_the_right_place(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Three fixes need `torch` in a file that never binds it: one `import torch`, after the
    # docstring, the __future__ import and the other imports.
    path = project / "model.py"
    path.write_text(
        '"""Doc."""\n'
        "\n"
        "from __future__ import annotations\n"
        "\n"
        "from torch import nn\n"
        "\n"
        "\n"
        "class M(nn.Module):\n"
        "    def forward(self, x):\n"
        "        m = int(x.max().item())\n"
        "        k = int(x.min().item())\n"
        "        return x[:m] * nn.functional.pad(x, (0, 1), value=x.shape[-1])[:k]\n",
        encoding="utf-8",
    )
    assert cli(capsys, "--fix", "--unsafe-fixes", "model.py")[0] == 0
    assert path.read_text(encoding="utf-8") == (
        '"""Doc."""\n'
        "\n"
        "from __future__ import annotations\n"
        "\n"
        "from torch import nn\n"
        "import torch\n"
        "\n"
        "\n"
        "class M(nn.Module):\n"
        "    def forward(self, x):\n"
        "        m = torch.sym_int(x.max().item())\n"
        "        k = torch.sym_int(x.min().item())\n"
        "        return x[:m] * torch.cat(\n"
        "            [x, torch.full((*x.shape[:-1], 1), x.shape[-1], dtype=x.dtype,"
        " device=x.device)],\n"
        "            dim=-1,\n"
        "        )[:k]\n"
    )


@pytest.mark.parametrize(
    "imports",
    ["import torch\n", "import torch.nn\n", "import torch.nn.functional as F, torch\n"],
)
def test_an_existing_torch_binding_is_not_imported_again(imports: str) -> None:
    source = (
        imports + "\n\nclass M(torch.nn.Module):\n    def forward(self, x):\n"
        "        m = int(x.max().item())\n        return x[:m]\n"
    )
    fixed = fix_text(source, "model.py", unsafe=True).text
    assert fixed.startswith(imports + "\n\nclass M")
    assert "torch.sym_int(x.max().item())" in fixed


def test_added_import_uses_the_file_newline() -> None:
    source = (
        "from torch import nn\r\n\r\n\r\nclass M(nn.Module):\r\n    def forward(self, x):\r\n"
        "        m = int(x.max().item())\r\n        return x[:m]"
    )
    fixed = fix_text(source, "model.py", unsafe=True, newline="\r\n").text
    assert fixed == source.replace(
        "from torch import nn\r\n", "from torch import nn\r\nimport torch\r\n"
    ).replace("m = int(x.max().item())", "m = torch.sym_int(x.max().item())")


# --- bad input --------------------------------------------------------------------------------


def test_read_only_file(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # As root, os.access says every file is writable; the fixer also treats a file without
    # any write bit as read-only, so this holds for root too.
    path = project / "model.py"
    path.write_text(model("        return len(x)\n"), encoding="utf-8")
    path.chmod(0o444)
    before = path.read_bytes()
    status, out, err = cli(capsys, "--fix", "model.py")
    assert status == 2
    assert "exportlint: error: model.py: not written: the file is read-only" in err
    assert path.read_bytes() == before
    assert stat.S_IMODE(path.stat().st_mode) == 0o444
    assert "EXL303" in out  # the original diagnostics are reported
    assert "fixed" not in out
    assert sorted(p.name for p in project.iterdir()) == ["model.py", "pyproject.toml"]


@pytest.mark.skipif(
    hasattr(os, "geteuid") and os.geteuid() == 0,
    reason="root may create files in a read-only directory: nothing to refuse",
)
def test_read_only_directory(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    directory = project / "locked"
    directory.mkdir()
    path = directory / "model.py"
    path.write_text(model("        return len(x)\n"), encoding="utf-8")
    directory.chmod(0o555)
    try:
        status, _, err = cli(capsys, "--fix", "locked/model.py")
    finally:
        directory.chmod(0o755)
    assert status == 2
    assert "not written: Permission denied" in err
    assert path.read_text(encoding="utf-8") == model("        return len(x)\n")


def test_file_mode_is_kept(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = project / "model.py"
    path.write_text(model("        return len(x)\n"), encoding="utf-8")
    path.chmod(0o751)
    assert cli(capsys, "--fix", "model.py")[0] == 0
    assert stat.S_IMODE(path.stat().st_mode) == 0o751
    assert "x.shape[0]" in path.read_text(encoding="utf-8")
    assert sorted(p.name for p in project.iterdir()) == ["model.py", "pyproject.toml"]


def test_vanished_file(tmp_path: Path) -> None:
    path = tmp_path / "gone.py"
    path.write_text(model("        return len(x)\n"), encoding="utf-8")
    path.unlink()  # deleted between discovery and fix
    result = fix_file(str(path))
    assert not result.written
    assert result.result is None
    assert result.error == "cannot read: No such file or directory"
    assert [d.code for d in result.remaining] == ["EXL000"]
    assert not path.exists()


def _on_second_read(monkeypatch: pytest.MonkeyPatch, target: Path, action: Any) -> None:
    """Run `action()` just before the fixer reads `target` the second time: the re-read
    `_write` does right before replacing the file. Wraps `Path.read_bytes`, so that the
    change happens between the fixer's read and its write, deterministically."""
    original = Path.read_bytes
    target = target.resolve()
    reads = 0

    def read_bytes(self: Path) -> bytes:
        nonlocal reads
        if self == target:
            reads += 1
            if reads == 2:
                action()
        return original(self)

    monkeypatch.setattr(Path, "read_bytes", read_bytes)


def test_file_changed_on_disk_is_not_overwritten(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "model.py"
    path.write_text(model("        return len(x)\n"), encoding="utf-8")
    edited = model("        return len(x) + 1  # edited meanwhile\n")
    _on_second_read(monkeypatch, path, lambda: path.write_text(edited, encoding="utf-8"))
    result = fix_file(str(path))
    assert not result.written
    assert result.error == "not written: the file changed on disk while it was being fixed"
    assert path.read_text(encoding="utf-8") == edited
    assert [d.code for d in result.remaining] == ["EXL303"]  # of the text that was read


def test_file_vanishing_while_it_is_fixed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "model.py"
    path.write_text(model("        return len(x)\n"), encoding="utf-8")
    _on_second_read(monkeypatch, path, path.unlink)
    result = fix_file(str(path))
    assert not result.written
    assert result.error == "not written: the file vanished while it was being fixed"
    assert list(tmp_path.iterdir()) == []  # not recreated, no temporary file left


def test_concurrent_fixes_of_one_file_agree(tmp_path: Path) -> None:
    # Two fixers on one file at once (two editors' format-on-save): whichever writes, the
    # file ends up fixed and whole, never half-written.
    path = tmp_path / "model.py"
    path.write_text(ALL_BEFORE, encoding="utf-8")
    results: list[fixer.FileFix] = []
    threads = [
        threading.Thread(target=lambda: results.append(fix_file(str(path), unsafe=True)))
        for _ in range(2)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert path.read_text(encoding="utf-8") == ALL_AFTER
    assert [p.name for p in tmp_path.iterdir()] == ["model.py"]


def test_symlink_target_is_fixed_and_link_stays(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    real = project / "real.py"
    real.write_text(model("        return len(x)\n"), encoding="utf-8")
    link = project / "link.py"
    link.symlink_to("real.py")
    status, _, _ = cli(capsys, "--fix", "link.py")
    assert status == 0
    assert link.is_symlink() and os.readlink(link) == "real.py"
    assert real.read_text(encoding="utf-8") == model("        return x.shape[0]\n")


def test_syntax_error_file_is_untouched(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = project / "model.py"
    data = model("        return len(x\n").encode()
    path.write_bytes(data)
    status, out, _ = cli(capsys, "--fix", "--unsafe-fixes", "model.py")
    assert status == 1
    assert "EXL000" in out
    assert path.read_bytes() == data
    assert cli(capsys, "--diff", "model.py")[:2] == (0, "")


def test_undecodable_file_is_untouched(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = project / "model.py"
    data = model("        return len(x)  # caf\xe9\n").encode("latin-1")  # no cookie
    path.write_bytes(data)
    status, out, _ = cli(capsys, "--fix", "model.py")
    assert status == 1
    assert "EXL000" in out and "not valid utf-8" in out
    assert path.read_bytes() == data


def test_fix_that_cannot_be_encoded_is_not_written(tmp_path: Path) -> None:
    # A latin-1 file: nothing the fixes write today needs more, so check the guard directly.
    path = tmp_path / "model.py"
    data = b"# -*- coding: latin-1 -*-\nx = 1\n"
    path.write_bytes(data)
    document = decode(data, str(path))
    problem = fixer.write_atomically(
        path, data, document, "# -*- coding: latin-1 -*-\nx = '\u20ac'\n"
    )
    assert problem.startswith("not written: the fix needs characters iso-8859-1 cannot encode")
    assert path.read_bytes() == data


# --- stdin ------------------------------------------------------------------------------------


def test_stdin_fix_prints_the_fixed_source(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text("[tool.exportlint]\n", encoding="utf-8")
    source = model(UNFIXABLE + "        return len(x)\r\n").replace("\n", "\r\n").encode()
    source = source.replace(b"\r\r\n", b"\r\n")
    result = run(tmp_path, "--fix", "--stdin-filename", "model.py", stdin=source)
    assert result.returncode == 1  # the unfixable one remains
    assert result.stdout == source.replace(b"len(x)", b"x.shape[0]")
    report = result.stderr.decode()
    assert "model.py:9:19: EXL202" in report
    assert "(1 fixed)" in report

    result = run(tmp_path, "--diff", "-", stdin=source)
    assert result.returncode == 1
    assert b"+        return x.shape[0]\r\n" in result.stdout


def test_stdin_fix_of_undecodable_input_echoes_it(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text("[tool.exportlint]\n", encoding="utf-8")
    data = b"x = 1  # caf\xe9\n"
    result = run(tmp_path, "--fix", "-", stdin=data)
    assert result.returncode == 1
    assert result.stdout == data
    assert b"EXL000" in result.stderr


# --- reports ----------------------------------------------------------------------------------


def test_json_fix_object(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = model(
        "        k = len(x)\n"
        "        x += y\n"
        "        s = float(x.shape[0])\n"
        "        lengths = x.tolist()\n"
        "        return x * k * s\n"
    )
    (project / "model.py").write_text(text, encoding="utf-8")
    status, out, _ = cli(capsys, "--output-format", "json", "model.py")
    assert status == 1
    found: dict[str, dict[str, Any]] = {
        item["message"].split("`")[1]: item for item in json.loads(out)
    }
    assert found["len(x)"]["fix"] == {
        "applicability": "safe",
        "description": "Replace with `x.shape[0]`",
        "edits": [
            {"line": 9, "column": 13, "end_line": 9, "end_column": 19, "content": "x.shape[0]"}
        ],
    }
    for item in found.values():
        for edit in (item["fix"] or {}).get("edits", []):
            # 1-based, end exclusive: minimal edits, inside the reported node.
            assert edit["line"] == item["line"] == edit["end_line"]
            assert item["column"] <= edit["column"] <= edit["end_column"] <= item["end_column"]

    def fixed_line(key: str) -> str:
        edits = [Edit(**e) for e in found[key]["fix"]["edits"]]
        return apply_edits(text, edits).splitlines()[found[key]["line"] - 1].strip()

    assert found["x += y"]["fix"]["applicability"] == "unsafe"
    assert fixed_line("x += y") == "x = x + y"
    assert found["float(x.shape[0])"]["fix"]["applicability"] == "safe"
    assert fixed_line("float(x.shape[0])") == "s = torch.sym_float(x.shape[0])"
    assert found["x.tolist()"]["fix"] is None
    # The json object round-trips.
    for item in json.loads(out):
        assert Diagnostic.from_json(item).to_json() == item


def test_full_output_marks_and_fix_lines(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (project / "model.py").write_text(
        model(
            "        k = len(x)\n"
            "        x += y\n"
            "        s = float(x.shape[0])\n"
            "        lengths = x.tolist()\n"
            "        return x * k * s\n"
        ),
        encoding="utf-8",
    )
    # A check builds no fix (they are pending: no `[*]` claimed, the rule's advice shown);
    # the JSON report builds them, and the cache then holds them for the human formats too.
    status, out, _ = cli(capsys, "model.py")
    assert status == 1
    heads = [line for line in out.splitlines() if line.startswith("model.py:")]
    assert len(heads) == 4 and not any("[*]" in head for head in heads)
    assert "(not built yet: `exportlint --diff --unsafe-fixes` builds and shows it)" in out
    assert "3 with a candidate fix not built yet" in out

    def cached(*args: str) -> tuple[int, str]:
        status = main(["check", "--cache-dir", str(project / ".cache"), *args, "model.py"])
        return status, capsys.readouterr().out

    assert cached("--output-format", "json")[0] == 1
    status, out = cached()
    assert status == 1
    heads = [line for line in out.splitlines() if line.startswith("model.py:")]
    assert heads[0].startswith("model.py:9:13: EXL303 [*] [warning] ")
    assert heads[1].startswith("model.py:10:9: EXL501 [warning] ")  # unsafe: no mark
    assert heads[2].startswith("model.py:11:13: EXL301 [*] [error] ")
    assert heads[3].startswith("model.py:12:19: EXL202 [error] ")
    assert "  = fix: Replace with `x.shape[0]`\n" in out
    assert "  = unsafe fix: Compute out of place: `x = x + y` (" in out
    assert "  = fix: Replace `float(...)` with `torch.sym_float(...)`" in out
    assert "[*] 2 fixable with `exportlint --fix`.\n" in out
    assert "1 more fixable with `exportlint --fix --unsafe-fixes`." in out

    # With --unsafe-fixes the unsafe fix is marked too, and no hint is needed.
    _, out = cached("--unsafe-fixes")
    assert "model.py:10:9: EXL501 [*] [warning] " in out
    assert "more fixable" not in out


# --- the fixer's machinery ------------------------------------------------------------------


def _diagnostic(line: int, column: int, *edits: Edit, code: str = "EXL303") -> Diagnostic:
    return Diagnostic(
        "m.py", line, column, line, column + 1, code, "x", Severity.WARNING, "m",
        fix=Fix("f", Applicability.SAFE, edits),
    )  # fmt: skip


def test_non_overlapping_edits() -> None:
    outer = _diagnostic(1, 1, Edit(1, 1, 1, 10, "a"))
    inner = _diagnostic(1, 3, Edit(1, 3, 1, 5, "b"))
    after = _diagnostic(1, 10, Edit(1, 10, 1, 12, "c"))  # touches `outer`'s end: no overlap
    import_a = _diagnostic(2, 1, Edit(5, 1, 5, 1, "import torch\n"), Edit(2, 1, 2, 3, "x"))
    import_b = _diagnostic(3, 1, Edit(5, 1, 5, 1, "import torch\n"), Edit(3, 1, 3, 3, "y"))
    other_insert = _diagnostic(4, 1, Edit(5, 1, 5, 1, "import math\n"))
    chosen = fixer._non_overlapping([other_insert, import_b, after, inner, outer, import_a])
    # Source order; the inner edit waits for the next round; an identical insertion (the
    # same import) is shared; a different insertion at the same point waits.
    assert chosen == [outer, after, import_a, import_b]


def test_apply_edits() -> None:
    text = "ab\r\ncd\r\nef"
    edits = [
        Edit(1, 2, 1, 3, "X"),
        Edit(2, 1, 2, 1, "new\nline\n"),  # generated line breaks follow the file's
        Edit(2, 1, 2, 1, "new\nline\n"),  # the same edit twice is applied once
        Edit(3, 3, 3, 3, "\nlast"),
        Edit(9, 1, 9, 1, "!"),  # past the end: appended
    ]
    assert apply_edits(text, edits, "\r\n") == "aX\r\nnew\r\nline\r\ncd\r\nef\r\nlast!"
    # Columns count characters, not bytes.
    assert apply_edits("é = len(x)\n", [Edit(1, 5, 1, 11, "x.shape[0]")]) == "é = x.shape[0]\n"


def _break_len_fixes(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make EXL303's fix write code that does not parse (a dangling `(`), by wrapping the
    `fix` helper its codemod family calls: the only way to get a broken fix on purpose."""

    def broken(description: str, applicability: Applicability, *edits: Edit) -> Fix:
        edits = tuple(
            Edit(e.line, e.column, e.end_line, e.end_column, e.content + "(") for e in edits
        )
        return make_fix(description, applicability, *edits)

    monkeypatch.setattr(length_family, "fix", broken)


def test_unparsable_round_is_rolled_back_and_the_good_fixes_land(
    project: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    _break_len_fixes(monkeypatch)
    # More good fixes than MAX_ROUNDS, around two bad ones: all the good ones land, in
    # one run, and each bad one is reported once, with its rule and location.
    goods = "".join(f"        a{i} = x.data\n" for i in range(fixer.MAX_ROUNDS + 2))
    path = project / "model.py"
    path.write_text(
        model("        k = len(x)\n" + goods + "        j = len(y)\n        return x\n"),
        encoding="utf-8",
    )
    status, out, err = cli(capsys, "--fix", "model.py")
    assert status == 1  # the two EXL303 remain
    fixed = path.read_text(encoding="utf-8")
    assert fixed == model(
        "        k = len(x)\n"
        + goods.replace("x.data", "x.detach()")
        + "        j = len(y)\n        return x\n"
    )
    assert err.count("did not converge") == 0
    assert err.count("fix produced code that does not parse; it was rolled back") == 2
    line = len(HEAD.splitlines()) + 1
    assert f"exportlint: warning: model.py:{line}:13: EXL303 fix produced code" in err
    assert f"model.py:{line + fixer.MAX_ROUNDS + 3}:13: EXL303 fix produced code" in err
    assert f"({fixer.MAX_ROUNDS + 2} fixed)" in out


def test_only_unparsable_fixes_leave_the_file_alone(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _break_len_fixes(monkeypatch)
    path = tmp_path / "model.py"
    path.write_text(model("        return len(x)\n"), encoding="utf-8")
    old = 1_000_000_000 * 10**9
    os.utime(path, ns=(old, old))
    result = fix_file(str(path))
    assert not result.written and result.error == ""
    assert result.result is not None and len(result.result.problems) == 1
    assert path.stat().st_mtime_ns == old


def test_a_real_unparsable_fix_is_never_written(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # `y.data += 1` -> `y.detach() += 1` does not parse. Whether the rule offers that fix or
    # not, the file must come out parsing, that line untouched, the other fixes applied.
    path = project / "model.py"
    path.write_text(
        model("        k = len(x)\n        y.data += 1\n        return x * k\n"), encoding="utf-8"
    )
    cli(capsys, "--fix", "model.py")
    fixed = path.read_bytes()
    assert parses(fixed)
    assert b"        y.data += 1\n" in fixed
    assert b"k = x.shape[0]" in fixed


def test_non_convergence_is_reported(
    project: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # `int(x.data.shape[0])`: EXL301's edit covers EXL202's, so `.data` waits for round 2.
    text = model("        return x[: int(x.data.shape[0])]\n")
    assert fix_text(text, "model.py").problems == ()  # converges in the normal number of rounds
    monkeypatch.setattr(fixer, "MAX_ROUNDS", 1)
    path = project / "model.py"
    path.write_text(text, encoding="utf-8")
    status, out, err = cli(capsys, "--fix", "model.py")
    assert "exportlint: warning: model.py: fixes did not converge after 1 rounds" in err
    assert status == 1  # the deferred fix remains, reported
    assert "EXL202 [*]" in out
    # What was done is written, and it parses; the next run finishes the job.
    assert path.read_text(encoding="utf-8") == model("        return x[: x.data.shape[0]]\n")
    monkeypatch.setattr(fixer, "MAX_ROUNDS", 10)
    assert cli(capsys, "--fix", "model.py")[0] == 0
    assert path.read_text(encoding="utf-8") == model("        return x[: x.detach().shape[0]]\n")
