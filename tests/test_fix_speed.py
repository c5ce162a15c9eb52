"""What makes `--fix` cheaper must not change what it does: without a cache, every file goes
to the fixer with no first lint (`cli._fix_files`), and the cyclic collector is off while a
file is fixed (`fixer._fix_file_collected`)."""

from __future__ import annotations

import gc
import shutil
from pathlib import Path

import pytest

from exportlint.cli import main
from exportlint.config import Settings
from exportlint.fixer import fix_files

ROOT = Path(__file__).resolve().parent.parent
# Rule folders with fixes of every kind (safe, unsafe, pending rewrites), files that stay
# as they are (look-alikes, goldens, a file that does not parse), and noqa comments.
FOLDERS = ("EXL000-parse-error", "EXL001-unused-noqa", "EXL303-len-of-tensor",
           "EXL401-tensor-loop", "EXL301-shape-baked-scalar")  # fmt: skip


def _fix(root: Path, capsys: pytest.CaptureFixture[str], *cache: str) -> tuple[str, str]:
    main(["check", "--isolated", *cache, "--fix", "--unsafe-fixes", "--exit-zero",
          "--show-fixes", "--jobs", "1", str(root)])  # fmt: skip
    out, err = capsys.readouterr()
    return out.replace(str(root), "<root>"), err.replace(str(root), "<root>")


def _files(root: Path) -> dict[Path, bytes]:
    return {p.relative_to(root): p.read_bytes() for p in sorted(root.rglob("*.py"))}


def test_fix_without_a_first_lint_writes_and_reports_the_same(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with_lint, without = tmp_path / "a" / "rules", tmp_path / "b" / "rules"
    for root in (with_lint, without):
        for folder in FOLDERS:
            shutil.copytree(ROOT / "rules" / folder, root / folder,
                            ignore=shutil.ignore_patterns("__pycache__"))  # fmt: skip
    # With a cache, the files are linted first (and the lint cached); without, they are not.
    first = _fix(with_lint, capsys, "--cache-dir", str(tmp_path / "cache"))
    second = _fix(without, capsys, "--no-cache")
    assert (tmp_path / "cache").is_dir()
    assert _files(with_lint) == _files(without)
    assert _files(without) != _files(ROOT / "rules"), "nothing was fixed"
    assert first == second
    assert "Fixed" in second[0]


def test_fix_files_leaves_the_collector_as_it_was(tmp_path: Path) -> None:
    path = tmp_path / "m.py"
    shutil.copy(ROOT / "rules" / "EXL303-len-of-tensor" / "hazard_len_mean_pool.py", path)
    enabled = gc.isenabled()
    try:
        gc.enable()
        frozen = gc.get_freeze_count()
        (fixed,) = fix_files([path], Settings(), unsafe=True, jobs=1)
        assert fixed.written
        assert gc.isenabled()
        assert gc.get_freeze_count() <= frozen  # a library caller's objects are not kept frozen
    finally:
        if not enabled:
            gc.disable()
