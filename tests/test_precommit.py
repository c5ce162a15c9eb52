"""The pre-commit hooks, run by the real `pre-commit` in temporary git repositories.

`pre-commit` builds the hooks' environment itself (a venv, `pip install` of this repository
from the package index): that takes a while the first time, so the environment is built once
per module in a private PRE_COMMIT_HOME and shared by the tests. Skipped, with the reason, when
git or pre-commit is not installed or the package index cannot be reached.
"""

from __future__ import annotations

import importlib.util
import os
import resource
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
RULES = REPO / "rules"
HAZARD = RULES / "EXL101-tensor-condition" / "hazard_if_padding_mask.py"
FIXABLE = RULES / "EXL303-len-of-tensor" / "hazard_len_mean_pool.py"
SAFE = RULES / "EXL101-tensor-condition" / "safe_where_gain.py"
NETWORK_TROUBLE = (
    "Could not find a version",
    "No matching distribution",
    "Temporary failure in name resolution",
    "Failed to establish a new connection",
    "ConnectionError",
    "Network is unreachable",
)

if shutil.which("git") is None:
    pytest.skip("git is not installed", allow_module_level=True)
if importlib.util.find_spec("pre_commit") is None:
    pytest.skip("pre-commit is not installed (pip install pre-commit)", allow_module_level=True)


@dataclass(frozen=True)
class HookRepo:
    path: Path
    rev: str
    env: dict[str, str]


def run(
    args: list[str], cwd: Path, env: dict[str, str], timeout: float = 600
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        args, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout, check=False
    )


def precommit_cli(*args: str) -> list[str]:
    return [sys.executable, "-m", "pre_commit", *args]


def git_env(home: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GIT_", "PRE_COMMIT"))}
    env.pop("PYTHONPATH", None)  # the hook must run the exportlint pre-commit installed
    env.update(
        PRE_COMMIT_HOME=str(home),
        GIT_AUTHOR_NAME="t",
        GIT_AUTHOR_EMAIL="t@example.com",
        GIT_COMMITTER_NAME="t",
        GIT_COMMITTER_EMAIL="t@example.com",
        # No system or user git config (core.hooksPath, commit signing) gets in the way; HOME
        # stays, so that pip keeps the machine's index configuration and cache.
        GIT_CONFIG_NOSYSTEM="1",
        GIT_CONFIG_GLOBAL=os.devnull,
    )
    # pre-commit puts its venv's bin first: the interpreter running the tests must be found.
    env["PATH"] = os.pathsep.join([str(Path(sys.executable).parent), env.get("PATH", "")])
    return env


def _git(cwd: Path, env: dict[str, str], *args: str) -> str:
    result = run(["git", *args], cwd, env)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


@pytest.fixture(scope="module")
def hook_repo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[HookRepo]:
    """The working tree as it is (what `pre-commit try-repo` would see), committed in a
    throw-away repository, with the hooks' environment built once."""
    home = tmp_path_factory.mktemp("pre-commit-home")
    env = git_env(home)
    snapshot = tmp_path_factory.mktemp("exportlint-snapshot")
    rev = snapshot_repository(REPO, snapshot, env)
    repo = HookRepo(snapshot, rev, env)

    project = new_project(tmp_path_factory.mktemp("warm-up"), repo, ["exportlint"])
    started = time.monotonic()
    built = run(precommit_cli("install-hooks"), project, env, timeout=900)
    if built.returncode != 0:
        output = built.stdout + built.stderr
        if any(trouble in output for trouble in NETWORK_TROUBLE):
            pytest.skip(f"pre-commit could not install the hook from the package index: {output}")
        pytest.fail(f"pre-commit install-hooks failed:\n{output}")
    print(f"hook environment built in {time.monotonic() - started:.1f}s")
    yield repo


def snapshot_repository(source: Path, snapshot: Path, env: dict[str, str]) -> str:
    """Commit the tracked files of `source`, as they are in its working tree, in a new
    repository at `snapshot` (branch `main`); its HEAD sha. Tracked files only: an untracked
    `.venv` (1.3 GB after the Quick start) or a scratch file must never be copied, nor make
    the tests depend on it."""
    listed = _git(source, env, "ls-files", "-z")
    for name in filter(None, listed.split("\0")):
        path = source / name
        if path.is_file():
            (snapshot / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(path, snapshot / name)
    _git(snapshot, env, "init", "-q")
    _git(snapshot, env, "checkout", "-q", "-b", "main")
    _git(snapshot, env, "add", "-A")
    _git(snapshot, env, "commit", "-q", "-m", "snapshot")
    return _git(snapshot, env, "rev-parse", "HEAD")


def test_the_snapshot_holds_tracked_files_only(tmp_path: Path) -> None:
    env = git_env(tmp_path / "home")
    source = tmp_path / "source"
    source.mkdir()
    _git(source, env, "init", "-q")
    (source / "tracked.py").write_text("x = 1\n", encoding="utf-8")
    _git(source, env, "add", "tracked.py")
    _git(source, env, "commit", "-q", "-m", "one file")
    (source / "tracked.py").write_text("x = 2\n", encoding="utf-8")  # modified: as it is now
    (source / "scratch.py").write_text("y = 1\n", encoding="utf-8")  # untracked, not ignored
    (source / ".venv" / "lib").mkdir(parents=True)
    (source / ".venv" / "lib" / "big.py").write_text("z = 1\n", encoding="utf-8")
    snapshot = tmp_path / "snapshot"
    snapshot.mkdir()
    rev = snapshot_repository(source, snapshot, env)
    assert len(rev) == 40
    files = sorted(p.relative_to(snapshot).as_posix() for p in snapshot.rglob("*.py"))
    assert files == ["tracked.py"]
    assert (snapshot / "tracked.py").read_text(encoding="utf-8") == "x = 2\n"


def new_project(path: Path, repo: HookRepo, hooks: list[str]) -> Path:
    _git(path, repo.env, "init", "-q")
    hook_list = "\n".join(f"      - id: {hook}" for hook in hooks)
    (path / ".pre-commit-config.yaml").write_text(
        f"repos:\n  - repo: {repo.path}\n    rev: {repo.rev}\n    hooks:\n{hook_list}\n",
        encoding="utf-8",
    )
    (path / ".gitignore").write_text(".exportlint_cache/\n", encoding="utf-8")
    _git(path, repo.env, "add", ".pre-commit-config.yaml", ".gitignore")
    _git(path, repo.env, "commit", "-q", "--no-verify", "-m", "config")
    return path


def test_the_hook_environment_has_no_torch(hook_repo: HookRepo) -> None:
    home = Path(hook_repo.env["PRE_COMMIT_HOME"])
    site_packages = list(home.glob("*/py_env-*/lib*/python*/site-packages"))
    site_packages += list(home.glob("*/py_env-*/Lib/site-packages"))
    assert site_packages, sorted(str(p) for p in home.rglob("py_env-*"))
    for directory in site_packages:
        installed = {p.name.split("-")[0].lower() for p in directory.iterdir()}
        assert "exportlint" in installed
        assert "libcst" in installed
        assert not installed & {"torch", "onnx", "onnxruntime", "numpy"}, sorted(installed)


def test_try_repo_check_hook(hook_repo: HookRepo, tmp_path: Path) -> None:
    project = new_project(tmp_path, hook_repo, ["exportlint"])
    shutil.copy(HAZARD, project / "model.py")
    shutil.copy(SAFE, project / "safe.py")
    _git(project, hook_repo.env, "add", "model.py", "safe.py")
    args = ["try-repo", str(hook_repo.path), "exportlint", "--ref", hook_repo.rev]
    found = run(precommit_cli(*args, "--files", "model.py"), project, hook_repo.env)
    assert found.returncode == 1, found.stdout + found.stderr
    assert "model.py:18:16: EXL101 [error]" in found.stdout
    clean = run(precommit_cli(*args, "--files", "safe.py"), project, hook_repo.env)
    assert clean.returncode == 0, clean.stdout + clean.stderr


def test_a_staged_hazard_fails_the_commit(hook_repo: HookRepo, tmp_path: Path) -> None:
    project = new_project(tmp_path, hook_repo, ["exportlint"])
    installed = run(precommit_cli("install"), project, hook_repo.env)
    assert installed.returncode == 0, installed.stdout + installed.stderr
    shutil.copy(HAZARD, project / "model.py")
    _git(project, hook_repo.env, "add", "model.py")
    commit = run(["git", "commit", "-m", "add a model"], project, hook_repo.env)
    assert commit.returncode != 0
    output = commit.stdout + commit.stderr
    assert "exportlint" in output and "Failed" in output
    assert "model.py:18:16: EXL101 [error]" in output
    assert _git(project, hook_repo.env, "rev-list", "--count", "HEAD") == "1"  # no commit

    shutil.copy(SAFE, project / "model.py")
    _git(project, hook_repo.env, "add", "model.py")
    commit = run(["git", "commit", "-m", "add a model"], project, hook_repo.env)
    output = commit.stdout + commit.stderr
    assert commit.returncode == 0, output
    assert "exportlint" in output and "Passed" in output


def test_the_fix_hook_rewrites_the_file(hook_repo: HookRepo, tmp_path: Path) -> None:
    project = new_project(tmp_path, hook_repo, ["exportlint-fix"])
    shutil.copy(FIXABLE, project / "model.py")
    _git(project, hook_repo.env, "add", "model.py")
    args = ["try-repo", str(hook_repo.path), "exportlint-fix", "--ref", hook_repo.rev]
    fixed = run(precommit_cli(*args, "--files", "model.py"), project, hook_repo.env)
    output = fixed.stdout + fixed.stderr
    assert fixed.returncode == 1, output  # files were modified by this hook
    assert "files were modified by this hook" in output
    expected = FIXABLE.read_text(encoding="utf-8").replace("len(points)", "points.shape[0]")
    assert (project / "model.py").read_text(encoding="utf-8") == expected
    again = run(precommit_cli(*args, "--files", "model.py"), project, hook_repo.env)
    assert again.returncode == 0, again.stdout + again.stderr


def test_a_commit_of_five_model_files_is_quick(hook_repo: HookRepo, tmp_path: Path) -> None:
    project = new_project(tmp_path, hook_repo, ["exportlint"])
    installed = run(precommit_cli("install"), project, hook_repo.env)
    assert installed.returncode == 0, installed.stdout + installed.stderr
    models = sorted(RULES.glob("*/safe_*.py"))[:5]
    for index, model in enumerate(models):
        shutil.copy(model, project / f"model_{index}.py")
    _git(project, hook_repo.env, "add", *(f"model_{i}.py" for i in range(len(models))))
    started = _children_cpu()
    commit = run(["git", "commit", "-m", "five models"], project, hook_repo.env)
    elapsed = _children_cpu() - started
    output = commit.stdout + commit.stderr
    assert commit.returncode == 0, output
    assert "exportlint" in output and "Passed" in output
    # About 0.5 s on an idle machine (README, pre-commit section). CPU seconds of git,
    # pre-commit and exportlint, not wall time, so that a loaded machine does not fail it;
    # the bound catches a hook that imports torch or lints the whole tree.
    assert elapsed < 10.0, f"the commit took {elapsed:.2f} s of CPU"


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def readme_snippet() -> str:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    block = readme.split("<!-- pre-commit-snippet -->", 1)[1].split("<!-- /pre-commit-snippet -->")[
        0
    ]
    return block.split("```yaml\n", 1)[1].split("```", 1)[0]


def test_the_readme_snippet_works_as_written(hook_repo: HookRepo, tmp_path: Path) -> None:
    """The README's .pre-commit-config.yaml, with only the URL pointed at a local clone: its
    `rev` must exist, and `pre-commit autoupdate --freeze` must pin it to a sha."""
    snippet = readme_snippet()
    url = "https://github.com/exportlint/exportlint"
    assert url in snippet
    project = tmp_path
    _git(project, hook_repo.env, "init", "-q")
    (project / ".pre-commit-config.yaml").write_text(
        snippet.replace(url, str(hook_repo.path)), encoding="utf-8"
    )
    shutil.copy(HAZARD, project / "model.py")
    _git(project, hook_repo.env, "add", "-A")
    found = run(precommit_cli("run", "--files", "model.py"), project, hook_repo.env, 900)
    output = found.stdout + found.stderr
    assert found.returncode == 1, output
    assert "model.py:18:16: EXL101 [error]" in output

    frozen = run(precommit_cli("autoupdate", "--freeze"), project, hook_repo.env)
    assert frozen.returncode == 0, frozen.stdout + frozen.stderr
    config = (project / ".pre-commit-config.yaml").read_text(encoding="utf-8")
    assert f"rev: {hook_repo.rev}" in config, config
