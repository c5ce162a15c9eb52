"""`exportlint server`: the real server in a subprocess, driven over stdio by a real LSP client
(pytest-lsp's, built on pygls), plus a raw JSON-RPC client for malformed input.

The unit tests at the end cover the pure parts (positions, the noqa edit, the scheduler's
latest-text-wins rule) directly.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import threading
import time
from collections.abc import AsyncIterator, Callable, Sequence
from concurrent.futures import Executor, Future, ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("pygls")
pytest.importorskip("pytest_lsp")

from lsprotocol import types
from pygls.protocol import default_converter
from pytest_lsp.client import (
    DEFAULT_CLIENT_FEATURES,
    LanguageClient,
    client_capabilities,
    register_lsp_features,
)

REPO = Path(__file__).resolve().parents[1]
RULES = REPO / "rules"
ENV = {**os.environ, "PYTHONPATH": str(REPO)}
SERVER = [sys.executable, "-m", "exportlint", "server"]
# Generous: every wait ends on the event it waits for, so these only bound a failing test,
# and a 2-core machine running other suites can be many times slower than an idle one.
TIMEOUT = 120.0
LONG_TIMEOUT = 600.0  # a lint or fix of a 20,000-line document, or the verifier
CLOSED = -1  # `Harness.diagnostics(uri, CLOSED)`: the empty list published on close

MODEL = """\
import torch


class Model(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.proj = torch.nn.Linear(8, 8)

    def forward(self, points, mask):
        h = self.proj(points)
        pooled = h.sum(dim=0) / h.shape[0]
        half = int(h.shape[0] * 0.5)
        if mask.all():
            pooled = pooled * 2
        if h.shape[1] > 4:  # noqa: E501
            pooled = pooled[:4]
        return pooled[:half]
"""
CLEAN = """\
import torch


class Model(torch.nn.Module):
    def forward(self, points):
        return points.sum(dim=0) / points.shape[0]
"""


# ----------------------------------------------------------------------------- harness


@dataclass
class Published:
    uri: str
    version: int | None
    diagnostics: list[types.Diagnostic]
    at: float


class Signal:
    """Wakes whoever waits for something the server sends: tests wait for the event they
    need (a publish, a message), for as long as a loaded machine needs, never for a fixed
    time."""

    def __init__(self) -> None:
        self._waiters: list[asyncio.Future[None]] = []

    def fire(self) -> None:
        waiters, self._waiters = self._waiters, []
        for waiter in waiters:
            if not waiter.done():
                waiter.set_result(None)

    async def until(self, condition: Callable[[], Any], what: str, timeout: float = TIMEOUT) -> Any:
        """`condition()`'s first truthy value, re-checked at every notification."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while not (found := condition()):
            remaining = deadline - loop.time()
            if remaining <= 0:
                raise AssertionError(f"{what}: not within {timeout:g} s")
            waiter = loop.create_future()
            self._waiters.append(waiter)
            with contextlib.suppress(asyncio.TimeoutError):
                await asyncio.wait_for(waiter, remaining)
        return found


@dataclass
class Harness:
    client: LanguageClient
    root: Path
    published: list[Published] = field(default_factory=list)
    versions: dict[str, int] = field(default_factory=dict)
    signal: Signal = field(default_factory=Signal)

    def uri(self, name: str) -> str:
        return (self.root / name).as_uri()

    def open(self, name: str, text: str, language: str = "python") -> str:
        uri = self.uri(name)
        self.versions[uri] = 1
        self.client.text_document_did_open(
            types.DidOpenTextDocumentParams(types.TextDocumentItem(uri, language, 1, text))
        )
        return uri

    def replace(self, uri: str, text: str) -> int:
        """A full-text change; returns the new version."""
        self.versions[uri] += 1
        self.client.text_document_did_change(
            types.DidChangeTextDocumentParams(
                types.VersionedTextDocumentIdentifier(uri=uri, version=self.versions[uri]),
                [types.TextDocumentContentChangeWholeDocument(text=text)],
            )
        )
        return self.versions[uri]

    def edit(self, uri: str, start: tuple[int, int], end: tuple[int, int], text: str) -> int:
        """An incremental change (0-based line, UTF-16 character)."""
        self.versions[uri] += 1
        self.client.text_document_did_change(
            types.DidChangeTextDocumentParams(
                types.VersionedTextDocumentIdentifier(uri=uri, version=self.versions[uri]),
                [
                    types.TextDocumentContentChangePartial(
                        range=types.Range(types.Position(*start), types.Position(*end)), text=text
                    )
                ],
            )
        )
        return self.versions[uri]

    async def diagnostics(
        self, uri: str, version: int | None = None, timeout: float = TIMEOUT
    ) -> list[types.Diagnostic]:
        """The diagnostics published for `uri` at `version` (default: its current one)."""
        wanted = self.versions.get(uri) if version is None else version
        if wanted == CLOSED:
            wanted = None

        def found() -> Published | None:
            return next(
                (p for p in reversed(self.published) if p.uri == uri and p.version == wanted),
                None,
            )

        item = await self.signal.until(found, f"diagnostics for {uri} version {wanted}", timeout)
        return list(item.diagnostics)

    async def next_publish(self, uri: str, after: int) -> list[types.Diagnostic]:
        """The first diagnostics published for `uri` after the first `after` publishes."""

        def found() -> Published | None:
            return next((p for p in self.published[after:] if p.uri == uri), None)

        item = await self.signal.until(found, f"new diagnostics for {uri}")
        return list(item.diagnostics)

    async def message(self, test: Callable[[str], bool]) -> str:
        """The first `window/showMessage` text that passes `test`."""

        def found() -> str | None:
            return next((m.message for m in self.client.messages if test(m.message)), None)

        result: str = await self.signal.until(found, "no such message", timeout=LONG_TIMEOUT)
        return result

    async def hover(self, uri: str, line: int, character: int) -> types.Hover | None:
        return await asyncio.wait_for(
            self.client.text_document_hover_async(
                types.HoverParams(
                    types.TextDocumentIdentifier(uri), types.Position(line, character)
                )
            ),
            TIMEOUT,
        )

    async def actions(
        self, uri: str, range_: types.Range, only: Sequence[str] | None = None
    ) -> list[types.CodeAction]:
        result = await asyncio.wait_for(
            self.client.text_document_code_action_async(
                types.CodeActionParams(
                    types.TextDocumentIdentifier(uri),
                    range_,
                    types.CodeActionContext(diagnostics=[], only=only),
                )
            ),
            TIMEOUT,
        )
        return [a for a in result or [] if isinstance(a, types.CodeAction)]

    async def resolve(self, action: types.CodeAction) -> types.CodeAction:
        return await asyncio.wait_for(self.client.code_action_resolve_async(action), TIMEOUT)


def _client(published: list[Published], signal: Signal) -> LanguageClient:
    client = LanguageClient(converter_factory=default_converter)
    features = dict(DEFAULT_CLIENT_FEATURES)

    def record(client: LanguageClient, params: types.PublishDiagnosticsParams) -> None:
        client.diagnostics[params.uri] = params.diagnostics
        published.append(
            Published(params.uri, params.version, list(params.diagnostics), time.monotonic())
        )

    def register(client: LanguageClient, params: types.RegistrationParams) -> None:
        return None

    def signalling(handler: Callable[..., Any]) -> Callable[..., Any]:
        def handle(client: LanguageClient, params: Any) -> Any:
            try:
                return handler(client, params)
            finally:
                signal.fire()

        return handle

    features[types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS] = record
    features[types.CLIENT_REGISTER_CAPABILITY] = register
    register_lsp_features(client, {k: signalling(f) for k, f in features.items()})
    return client


@contextlib.asynccontextmanager
async def served(
    root: Path,
    options: object = None,
    capabilities: types.ClientCapabilities | None = None,
) -> AsyncIterator[Harness]:
    published: list[Published] = []
    signal = Signal()
    client = _client(published, signal)
    await client.start_io(*SERVER, env=ENV, cwd=str(root))
    harness = Harness(client, root, published, signal=signal)
    try:
        await asyncio.wait_for(
            client.initialize_session(
                types.InitializeParams(
                    capabilities=capabilities or client_capabilities("visual-studio-code"),
                    root_uri=root.as_uri(),
                    workspace_folders=[types.WorkspaceFolder(root.as_uri(), root.name)],
                    initialization_options=options,
                )
            ),
            TIMEOUT,
        )
        yield harness
    finally:
        with contextlib.suppress(Exception):
            await asyncio.wait_for(client.shutdown_session(), 10)
        await client.stop()


def workspace_edits(edit: types.WorkspaceEdit | None, uri: str) -> list[types.TextEdit]:
    assert edit is not None
    out: list[types.TextEdit] = []
    for change in edit.document_changes or []:
        assert isinstance(change, types.TextDocumentEdit)
        assert change.text_document.uri == uri
        out.extend(e for e in change.edits if isinstance(e, types.TextEdit))
    for target, edits in (edit.changes or {}).items():
        assert target == uri
        out.extend(edits)
    return out


def code_units(text: str, encoding: str) -> int:
    if encoding == "utf-8":
        return len(text.encode("utf-8"))
    if encoding == "utf-32":
        return len(text)
    return len(text.encode("utf-16-le")) // 2


def apply_lsp_edits(text: str, edits: Sequence[types.TextEdit], encoding: str = "utf-16") -> str:
    """Apply LSP edits the way an editor does: an implementation independent of the
    server's."""
    starts = [0] + [m.end() for m in re.finditer(r"\r\n|\r|\n", text)]

    def offset(position: types.Position) -> int:
        if position.line >= len(starts):
            return len(text)
        start = starts[position.line]
        end = starts[position.line + 1] if position.line + 1 < len(starts) else len(text)
        line = text[start:end].rstrip("\r\n")
        units = 0
        for index, char in enumerate(line):
            if units >= position.character:
                return start + index
            units += code_units(char, encoding)
        return start + len(line)

    spans = sorted((offset(e.range.start), offset(e.range.end), e.new_text) for e in edits)
    for (_, end, _), (start, _, _) in itertools.pairwise(spans):
        assert end <= start, "overlapping edits"
    for start, end, new in reversed(spans):
        text = text[:start] + new + text[end:]
    return text


def cli(cwd: Path, *args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "exportlint", *args],
        cwd=cwd,
        env=ENV,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=120,
    )


def as_cli(diagnostic: types.Diagnostic) -> tuple[Any, ...]:
    """An LSP diagnostic in the CLI's JSON terms (ASCII text: characters are columns)."""
    r = diagnostic.range
    message = diagnostic.message.split("\nhelp: ")[0]
    severity = "error" if diagnostic.severity == types.DiagnosticSeverity.Error else "warning"
    return (
        diagnostic.code,
        r.start.line + 1,
        r.start.character + 1,
        r.end.line + 1,
        r.end.character + 1,
        severity,
        message,
    )


def cli_tuple(item: dict[str, Any]) -> tuple[Any, ...]:
    return (
        item["code"],
        item["line"],
        item["column"],
        item["end_line"],
        item["end_column"],
        item["severity"],
        item["message"],
    )


def range_of(diagnostics: Sequence[types.Diagnostic], code: str) -> types.Range:
    return next(d.range for d in diagnostics if d.code == code)


# ---------------------------------------------------------------------- the lifecycle


@pytest.mark.asyncio
async def test_diagnostics_on_open_change_save_and_close(tmp_path: Path) -> None:
    async with served(tmp_path) as lsp:
        uri = lsp.open("model.py", MODEL)
        found = await lsp.diagnostics(uri, 1)
        assert sorted(d.code for d in found) == ["EXL101", "EXL102", "EXL301"]
        exl101 = next(d for d in found if d.code == "EXL101")
        assert exl101.source == "exportlint"
        assert exl101.severity == types.DiagnosticSeverity.Error
        assert exl101.range == types.Range(types.Position(12, 11), types.Position(12, 21))
        assert exl101.code_description is not None
        assert "EXL101-tensor-condition" in exl101.code_description.href
        assert "help: " in exl101.message
        exl102 = next(d for d in found if d.code == "EXL102")
        assert exl102.severity == types.DiagnosticSeverity.Warning

        version = lsp.replace(uri, CLEAN)
        assert await lsp.diagnostics(uri, version) == []

        count = len(lsp.published)
        lsp.client.text_document_did_save(
            types.DidSaveTextDocumentParams(types.TextDocumentIdentifier(uri))
        )
        assert await lsp.next_publish(uri, count) == []

        version = lsp.replace(uri, MODEL)
        assert len(await lsp.diagnostics(uri, version)) == 3
        lsp.client.text_document_did_close(
            types.DidCloseTextDocumentParams(types.TextDocumentIdentifier(uri))
        )
        assert await lsp.diagnostics(uri, CLOSED) == []  # cleared, no version


@pytest.mark.asyncio
async def test_same_results_as_the_cli_on_the_catalogue(tmp_path: Path) -> None:
    files = sorted(RULES.glob("*/hazard_*.py")) + sorted(RULES.glob("*/safe_*.py"))[:10]
    work = tmp_path / "catalogue"
    work.mkdir()
    for file in files:
        shutil.copy(file, work / f"{file.parent.name[:6]}_{file.name}")
    result = cli(tmp_path, "check", "--no-cache", "--output-format", "json", "catalogue")
    assert result.returncode == 1, result.stderr
    expected: dict[str, set[tuple[Any, ...]]] = {}
    for item in json.loads(result.stdout):
        expected.setdefault(Path(item["path"]).name, set()).add(cli_tuple(item))
    async with served(tmp_path) as lsp:
        uris = {
            path.name: lsp.open(f"catalogue/{path.name}", path.read_text(encoding="utf-8"))
            for path in sorted(work.iterdir())
        }
        for name, uri in uris.items():
            got = {as_cli(d) for d in await lsp.diagnostics(uri, 1)}
            assert got == expected.get(name, set()), name


# ------------------------------------------------------------------------ code actions


@pytest.mark.asyncio
async def test_fix_all_applies_what_the_cli_fix_writes(tmp_path: Path) -> None:
    cases = {"model.py": MODEL}
    for path in sorted(RULES.glob("*/hazard_*.py")):
        cases[path.name] = path.read_text(encoding="utf-8")
    expected: dict[str, str] = {}
    work = tmp_path / "cli"
    work.mkdir()
    for name, text in cases.items():
        (work / name).write_text(text, encoding="utf-8")
    cli(tmp_path, "check", "--fix", "--no-cache", "-q", "cli")
    for name in cases:
        expected[name] = (work / name).read_text(encoding="utf-8")
    fixed_somewhere = 0
    async with served(tmp_path) as lsp:
        for name, text in cases.items():
            uri = lsp.open(f"cli/{name}", text)
            await lsp.diagnostics(uri, 1)
            whole = types.Range(types.Position(0, 0), types.Position(len(text.splitlines()), 0))
            actions = await lsp.actions(uri, whole, only=[types.CodeActionKind.SourceFixAll])
            if not actions:
                assert expected[name] == text, name
                continue
            (action,) = actions
            assert action.kind == "source.fixAll.exportlint"
            assert action.edit is None  # the client resolves it
            resolved = await lsp.resolve(action)
            fixed = apply_lsp_edits(text, workspace_edits(resolved.edit, uri))
            assert fixed == expected[name], name
            fixed_somewhere += fixed != text
    assert fixed_somewhere >= 5


@pytest.mark.asyncio
async def test_fix_all_without_resolve_support_comes_with_its_edit(tmp_path: Path) -> None:
    capabilities = types.ClientCapabilities(
        text_document=types.TextDocumentClientCapabilities(
            code_action=types.CodeActionClientCapabilities()
        )
    )
    async with served(tmp_path, capabilities=capabilities) as lsp:
        uri = lsp.open("model.py", MODEL)
        await lsp.diagnostics(uri, 1)
        actions = await lsp.actions(
            uri, types.Range(types.Position(0, 0), types.Position(0, 0)), only=["source"]
        )
        (action,) = actions
        edits = workspace_edits(action.edit, uri)  # `changes`, not `documentChanges`
        assert action.edit is not None and action.edit.changes is not None
        assert "h.shape[0] // 2" in apply_lsp_edits(MODEL, edits)


@pytest.mark.asyncio
async def test_quickfixes_safe_unsafe_and_noqa(tmp_path: Path) -> None:
    async with served(tmp_path) as lsp:
        uri = lsp.open("model.py", MODEL)
        found = await lsp.diagnostics(uri, 1)

        actions = await lsp.actions(uri, range_of(found, "EXL301"))
        titles = [a.title for a in actions]
        safe = next(a for a in actions if a.title.startswith("EXL301:"))
        assert safe.kind == types.CodeActionKind.QuickFix and safe.is_preferred
        assert "unsafe" not in safe.title
        assert safe.diagnostics and safe.diagnostics[0].code == "EXL301"
        assert "Disable EXL301 for this line" in titles
        text = apply_lsp_edits(MODEL, workspace_edits(safe.edit, uri))
        assert "half = h.shape[0] // 2" in text
        version = lsp.replace(uri, text)
        assert "EXL301" not in [d.code for d in await lsp.diagnostics(uri, version)]

        found = await lsp.diagnostics(uri)
        actions = await lsp.actions(uri, range_of(found, "EXL101"))
        unsafe = next(a for a in actions if a.title.startswith("EXL101:"))
        assert unsafe.title.endswith("(unsafe fix)") and not unsafe.is_preferred
        assert "torch.cond" in apply_lsp_edits(text, workspace_edits(unsafe.edit, uri))

        # Display-only suggestions are not actions; a noqa with another code is extended.
        actions = await lsp.actions(uri, range_of(found, "EXL102"))
        assert [a.title for a in actions] == ["Disable EXL102 for this line"]
        extended = apply_lsp_edits(text, workspace_edits(actions[0].edit, uri))
        assert "if h.shape[1] > 4:  # noqa: E501, EXL102\n" in extended
        version = lsp.replace(uri, extended)
        assert "EXL102" not in [d.code for d in await lsp.diagnostics(uri, version)]

        found = await lsp.diagnostics(uri)
        noqa = next(
            a
            for a in await lsp.actions(uri, range_of(found, "EXL101"))
            if a.title == "Disable EXL101 for this line"
        )
        silenced = apply_lsp_edits(extended, workspace_edits(noqa.edit, uri))
        assert "        if mask.all():  # noqa: EXL101\n" in silenced
        version = lsp.replace(uri, silenced)
        assert await lsp.diagnostics(uri, version) == []


@pytest.mark.asyncio
async def test_noqa_goes_on_the_first_line_of_the_statement(tmp_path: Path) -> None:
    text = MODEL.replace(
        "        half = int(h.shape[0] * 0.5)\n",
        '        half = (1 +\n                int(h.shape[0] * 0.5) - len("""\n"""))\n',
    )
    async with served(tmp_path) as lsp:
        uri = lsp.open("model.py", text)
        found = await lsp.diagnostics(uri, 1)
        assert range_of(found, "EXL301").start.line == 12
        actions = await lsp.actions(uri, range_of(found, "EXL301"))
        noqa = next(a for a in actions if a.title == "Disable EXL301 for this line")
        silenced = apply_lsp_edits(text, workspace_edits(noqa.edit, uri))
        assert "        half = (1 +  # noqa: EXL301\n" in silenced
        version = lsp.replace(uri, silenced)
        assert "EXL301" not in [d.code for d in await lsp.diagnostics(uri, version)]


# ------------------------------------------------------------------------------- hover


@pytest.mark.asyncio
async def test_hover_shows_the_rule_doc(tmp_path: Path) -> None:
    async with served(tmp_path) as lsp:
        uri = lsp.open("model.py", MODEL)
        found = await lsp.diagnostics(uri, 1)
        start = range_of(found, "EXL101").start
        hover = await lsp.hover(uri, start.line, start.character + 3)
        assert hover is not None and isinstance(hover.contents, types.MarkupContent)
        assert hover.contents.kind == types.MarkupKind.Markdown
        assert "# EXL101 tensor-condition" in hover.contents.value
        assert hover.range == range_of(found, "EXL101")

        line = MODEL.splitlines()[14]  # the `if h.shape[1] > 4:` line, with its noqa comment
        codes = "E501, EXL102, EXL1"
        version = lsp.replace(uri, MODEL.replace("E501", codes))
        await lsp.diagnostics(uri, version)
        at = line.index("E501") + len("E501, ") + 2
        hover = await lsp.hover(uri, 14, at)
        assert hover is not None and isinstance(hover.contents, types.MarkupContent)
        assert hover.contents.value.startswith("# EXL102 shape-condition")
        assert hover.range == types.Range(types.Position(14, at - 2), types.Position(14, at + 4))
        hover = await lsp.hover(uri, 14, at + len("EXL102, ") + 1)  # a prefix: the list
        assert hover is not None and isinstance(hover.contents, types.MarkupContent)
        assert "**EXL101**" in hover.contents.value and "**EXL102**" in hover.contents.value
        assert await lsp.hover(uri, 14, line.index("E501") + 1) is None  # not ours
        assert await lsp.hover(uri, 0, 0) is None


# -------------------------------------------------------------------- settings, options


@pytest.mark.asyncio
async def test_settings_from_pyproject_reloaded_when_it_changes(tmp_path: Path) -> None:
    config = tmp_path / "pyproject.toml"
    config.write_text('[tool.exportlint]\nignore = ["EXL101"]\n', encoding="utf-8")
    (tmp_path / "pkg").mkdir()
    async with served(tmp_path) as lsp:
        uri = lsp.open("pkg/model.py", MODEL)
        assert sorted(d.code for d in await lsp.diagnostics(uri, 1)) == ["EXL102", "EXL301"]

        # Reported by the client's file watcher.
        config.write_text('[tool.exportlint]\nignore = ["EXL3"]\n', encoding="utf-8")
        count = len(lsp.published)
        lsp.client.workspace_did_change_watched_files(
            types.DidChangeWatchedFilesParams(
                [types.FileEvent(config.as_uri(), types.FileChangeType.Changed)]
            )
        )
        found = await lsp.next_publish(uri, count)
        assert sorted(d.code for d in found) == ["EXL101", "EXL102"]

        # Not reported at all: noticed by polling.
        count = len(lsp.published)
        config.write_text('[tool.exportlint]\nselect = ["EXL102"]\n', encoding="utf-8")
        found = await lsp.next_publish(uri, count)
        assert [d.code for d in found] == ["EXL102"]

        # Broken: said once, defaults used; fixed: back.
        count = len(lsp.published)
        config.write_text("[tool.exportlint\n", encoding="utf-8")
        found = await lsp.next_publish(uri, count)
        assert sorted(d.code for d in found) == ["EXL101", "EXL102", "EXL301"]
        assert any("invalid TOML" in m.message for m in lsp.client.messages)


@pytest.mark.asyncio
async def test_initialization_options_override_select_and_ignore(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text(
        '[tool.exportlint]\nselect = ["EXL1"]\n', encoding="utf-8"
    )
    async with served(tmp_path, options={"select": ["EXL3"]}) as lsp:
        uri = lsp.open("model.py", MODEL)
        assert [d.code for d in await lsp.diagnostics(uri, 1)] == ["EXL301"]
    options = {"exportlint": {"ignore": "EXL101, EXL102"}, "select": "nonsense"}
    async with served(tmp_path, options=options) as lsp:
        uri = lsp.open("model.py", MODEL)
        assert await lsp.diagnostics(uri, 1) == []  # pyproject's select, options' ignore
        lsp.client.workspace_did_change_configuration(
            types.DidChangeConfigurationParams(settings={"exportlint": {"select": ["ALL"]}})
        )
        found = await lsp.next_publish(uri, len(lsp.published))
        assert [d.code for d in found] == ["EXL301"]
    async with served(tmp_path, options={"select": ["EXL9"], "debounceMs": "x"}) as lsp:
        uri = lsp.open("model.py", MODEL)
        assert sorted(d.code for d in await lsp.diagnostics(uri, 1)) == ["EXL101", "EXL102"]
        messages = [m.message for m in lsp.client.messages]
        assert any("EXL9" in m and "matches no rule" in m for m in messages), messages
        assert any("debounceMs" in m for m in messages), messages


# ---------------------------------------------------------------------------- verify


@pytest.mark.asyncio
@pytest.mark.export
async def test_verify_file_runs_the_verifier_in_the_background(tmp_path: Path) -> None:
    pytest.importorskip("torch")
    pytest.importorskip("onnxruntime")
    pytest.importorskip("onnxscript")
    model = REPO / "rules" / "EXL102-shape-condition" / "hazard_long_sequence_damping.py"
    async with served(tmp_path) as lsp:
        uri = lsp.open("model.py", model.read_text(encoding="utf-8"))
        (tmp_path / "model.py").write_text(model.read_text(encoding="utf-8"), encoding="utf-8")
        result = await asyncio.wait_for(
            lsp.client.workspace_execute_command_async(
                types.ExecuteCommandParams("exportlint.verifyFile", [uri])
            ),
            TIMEOUT,
        )
        assert result is None
        # Diagnostics do not wait for the verifier.
        assert [d.code for d in await lsp.diagnostics(uri, 1)] == ["EXL102"]
        await lsp.message(lambda m: m.startswith("exportlint verify "))
        messages = [m.message for m in lsp.client.messages]
        assert any("verifying" in m for m in messages), messages
        # The shape branch is baked: the verifier reports the model as failing, per model.
        report = [m for m in messages if m.startswith("exportlint verify Model:")]
        assert report and ": fail:" in report[0], messages


@pytest.mark.asyncio
async def test_verify_file_rejects_bad_arguments(tmp_path: Path) -> None:
    async with served(tmp_path) as lsp:
        await asyncio.wait_for(
            lsp.client.workspace_execute_command_async(
                types.ExecuteCommandParams("exportlint.verifyFile", [])
            ),
            TIMEOUT,
        )
        await lsp.message(lambda m: True)
        (message,) = lsp.client.messages
        assert message.type == types.MessageType.Error
        assert "takes one argument" in message.message


# --------------------------------------------------------------------------- positions


@pytest.mark.asyncio
@pytest.mark.parametrize("encoding", ["utf-16", "utf-8", "utf-32"])
async def test_position_encodings_and_crlf(tmp_path: Path, encoding: str) -> None:
    text = MODEL.replace(
        "        if mask.all():\n",
        "        s = '\U0001f600é'; t = 1 if mask.all() else 0\n        if t:\n",
    ).replace("\n", "\r\n")
    capabilities = client_capabilities("visual-studio-code")
    capabilities.general = types.GeneralClientCapabilities(position_encodings=[encoding])
    async with served(tmp_path, capabilities=capabilities) as lsp:
        uri = lsp.open("model.py", text)
        found = await lsp.diagnostics(uri, 1)
        line = text.split("\r\n")[12]
        start = line.index("mask.all()")
        # 😀 is one character for exportlint, 2 UTF-16 or 4 UTF-8 code units for the editor.
        (exl101,) = [d for d in found if d.code == "EXL101"]
        assert exl101.range.start == types.Position(12, code_units(line[:start], encoding))
        actions = await lsp.actions(uri, range_of(found, "EXL301"))
        safe = next(a for a in actions if a.title.startswith("EXL301:"))
        fixed = apply_lsp_edits(text, workspace_edits(safe.edit, uri), encoding)
        assert "\r\n        half = h.shape[0] // 2\r\n" in fixed
        noqa = next(
            a
            for a in await lsp.actions(uri, exl101.range)
            if a.title == "Disable EXL101 for this line"
        )
        silenced = apply_lsp_edits(text, workspace_edits(noqa.edit, uri), encoding)
        assert silenced.split("\r\n")[12] == line + "  # noqa: EXL101"
        # An incremental edit after the emoji, in the negotiated units.
        end = code_units(line, encoding)
        version = lsp.edit(uri, (12, end), (12, end), "  # noqa: EXL101")
        assert "EXL101" not in [d.code for d in await lsp.diagnostics(uri, version)]


@pytest.mark.asyncio
async def test_form_feed_is_not_a_line_break(tmp_path: Path) -> None:
    text = MODEL.replace("\n\nclass Model", "\n\x0c\nclass Model")
    async with served(tmp_path) as lsp:
        uri = lsp.open("model.py", text)
        found = await lsp.diagnostics(uri, 1)
        assert range_of(found, "EXL101").start.line == 12
        version = lsp.edit(uri, (12, 22), (12, 22), "  # noqa: EXL101")
        assert "EXL101" not in [d.code for d in await lsp.diagnostics(uri, version)]


# --------------------------------------------------------------------------- robustness


@pytest.mark.asyncio
async def test_unknown_documents_and_other_languages(tmp_path: Path) -> None:
    async with served(tmp_path) as lsp:
        ghost = lsp.uri("ghost.py")
        assert await lsp.hover(ghost, 0, 0) is None
        whole = types.Range(types.Position(0, 0), types.Position(5, 0))
        assert await lsp.actions(ghost, whole) == []
        lsp.versions[ghost] = 1
        lsp.replace(ghost, MODEL)  # didChange of a document never opened
        lsp.client.text_document_did_close(
            types.DidCloseTextDocumentParams(types.TextDocumentIdentifier(ghost))
        )
        toml = lsp.open("pyproject.toml", "[tool.exportlint]\n", language="toml")
        untitled = "untitled:Untitled-1"
        lsp.versions[untitled] = 1
        lsp.client.text_document_did_open(
            types.DidOpenTextDocumentParams(types.TextDocumentItem(untitled, "python", 1, MODEL))
        )
        assert len(await lsp.diagnostics(untitled, 1)) == 3
        uri = lsp.open("model.py", MODEL)
        assert len(await lsp.diagnostics(uri, 1)) == 3
        assert not [p for p in lsp.published if p.uri in (ghost, toml)]


def _big_document(lines: int) -> str:
    parts = [MODEL]
    index = 0
    while sum(p.count("\n") for p in parts) < lines:
        parts.append("\n\n" + MODEL.split("\n\n\n", 1)[1].replace("Model", f"Model{index}"))
        index += 1
    return "".join(parts)


@pytest.mark.asyncio
async def test_a_20000_line_document_and_50_rapid_edits(tmp_path: Path) -> None:
    text = _big_document(20_000)
    assert text.count("\n") >= 20_000
    async with served(tmp_path) as lsp:
        uri = lsp.open("big.py", text)
        # The lint runs on the worker: requests are answered meanwhile, before it ends.
        assert await lsp.hover(uri, 0, 0) is None
        assert not [p for p in lsp.published if p.uri == uri]
        found = await lsp.diagnostics(uri, 1, timeout=LONG_TIMEOUT)
        assert len(found) >= 3 * 1000

        lines = text.split("\n")
        for i in range(20, 70):
            lsp.edit(uri, (i, len(lines[i])), (i, len(lines[i])), "  # e")
            lines[i] += "  # e"
        final = lsp.versions[uri]
        assert await lsp.hover(uri, 0, 0) is None
        assert not [p for p in lsp.published if p.uri == uri and p.version == final]
        found = await lsp.diagnostics(uri, final, timeout=LONG_TIMEOUT)
        expected = cli(
            tmp_path,
            "check",
            "--output-format",
            "json",
            "--stdin-filename",
            "big.py",
            stdin="\n".join(lines),
        )
        assert {as_cli(d) for d in found} == {cli_tuple(d) for d in json.loads(expected.stdout)}
        versions = [p.version for p in lsp.published if p.uri == uri]
        assert versions == sorted(versions), versions  # never an older version after a newer
        assert len(versions) < 10, versions  # debounced: not one lint per keystroke


@pytest.mark.asyncio
async def test_a_slow_old_lint_never_overwrites_newer_diagnostics(tmp_path: Path) -> None:
    async with served(tmp_path) as lsp:
        uri = lsp.open("big.py", _big_document(10_000))  # linted at once: ~1 s of work
        # A round trip: once the hover is answered, the server has handed version 1 to the
        # worker (its lint starts on the loop iteration after the didOpen).
        await lsp.hover(uri, 0, 0)
        version = lsp.replace(uri, CLEAN)
        assert await lsp.diagnostics(uri, version, timeout=LONG_TIMEOUT) == []
        # One lint at a time, in order: version 1's lint ended before version 2's began, so
        # had its result been published it would be in the list already.
        mine = [p for p in lsp.published if p.uri == uri]
        assert [p.version for p in mine] == [version]
        assert list(lsp.client.diagnostics[uri]) == []


@pytest.mark.asyncio
async def test_a_long_fix_all_never_holds_up_other_documents(tmp_path: Path) -> None:
    text = _big_document(20_000)
    async with served(tmp_path) as lsp:
        big = lsp.open("big.py", text)
        await lsp.diagnostics(big, 1, timeout=LONG_TIMEOUT)
        # The fix-all action as a client sends it back to be resolved: the fixer on 20,000
        # lines, seconds of work.
        action = types.CodeAction(
            title="exportlint: apply all safe fixes",
            kind="source.fixAll.exportlint",
            data={"uri": big, "version": 1},
        )
        resolving = lsp.client.code_action_resolve(action)  # sent now; a Future
        uri = lsp.open("model.py", MODEL)
        found = await lsp.diagnostics(uri, 1, timeout=LONG_TIMEOUT)
        # With one worker for everything, these came only after the fixAll's response.
        assert not resolving.done(), "the new document's diagnostics waited for the fixAll"
        assert sorted(d.code for d in found) == ["EXL101", "EXL102", "EXL301"]
        start = range_of(found, "EXL101").start
        hover = await lsp.hover(uri, start.line, start.character + 1)
        assert hover is not None and isinstance(hover.contents, types.MarkupContent)
        assert "# EXL101 tensor-condition" in hover.contents.value
        assert not resolving.done()
        resolved = await asyncio.wait_for(asyncio.wrap_future(resolving), LONG_TIMEOUT)
        fixed = apply_lsp_edits(text, workspace_edits(resolved.edit, big))
        assert fixed.count("half = h.shape[0] // 2") == text.count("half = int(h.shape[0] * 0.5)")


class RawServer:
    """The server over bare pipes, to send what no well-behaved client would."""

    def __init__(self, cwd: Path) -> None:
        self.process = subprocess.Popen(
            SERVER,
            cwd=cwd,
            env=ENV,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
        )
        self.messages: list[dict[str, Any]] = []
        self._arrived = threading.Condition()
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        stream = self.process.stdout
        assert stream is not None
        while True:
            length = 0
            while True:
                header = stream.readline()
                if not header:
                    return
                if header in (b"\r\n", b"\n"):
                    break
                if header.lower().startswith(b"content-length:"):
                    length = int(header.split(b":")[1])
            message = json.loads(stream.read(length))
            with self._arrived:
                self.messages.append(message)
                self._arrived.notify_all()

    def send_bytes(self, body: bytes) -> None:
        assert self.process.stdin is not None
        self.process.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.process.stdin.flush()

    def send(self, message: dict[str, Any]) -> None:
        self.send_bytes(json.dumps({"jsonrpc": "2.0", **message}).encode())

    def wait(
        self, test: Callable[[dict[str, Any]], bool], timeout: float = TIMEOUT
    ) -> dict[str, Any]:
        def found() -> dict[str, Any] | None:
            return next((m for m in self.messages if test(m)), None)

        with self._arrived:
            message = self._arrived.wait_for(found, timeout)
        if message is None:
            raise AssertionError(f"no such message within {timeout:g} s")
        return message

    def response(self, id_: int, timeout: float = TIMEOUT) -> dict[str, Any]:
        return self.wait(lambda m: m.get("id") == id_ and "method" not in m, timeout)

    def close(self) -> None:
        with contextlib.suppress(Exception):
            self.send({"id": 999, "method": "shutdown"})
            self.response(999, timeout=5)
            self.send({"method": "exit"})
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


def test_malformed_messages_leave_the_server_answering(tmp_path: Path) -> None:
    server = RawServer(tmp_path)
    try:
        server.send(
            {"id": 1, "method": "initialize", "params": {"processId": None, "capabilities": {}}}
        )
        assert "capabilities" in server.response(1)["result"]
        server.send({"method": "initialized", "params": {}})
        uri = (tmp_path / "m.py").as_uri()
        hover = {"textDocument": {"uri": uri}, "position": {"line": 12, "character": 14}}

        server.send_bytes(b"{this is not json")
        server.send_bytes(b"[1, 2, 3]")
        server.send_bytes(json.dumps({"jsonrpc": "2.0", "id": 2}).encode())
        assert server.process.stdin is not None
        server.process.stdin.write(b"X-Nonsense: 1\r\n\r\n")  # a header without a length
        server.process.stdin.flush()
        server.send({"id": 3, "method": "textDocument/hover", "params": {"nonsense": 1}})
        assert server.response(3)["error"]["code"] == -32602  # invalid params, answered
        server.send({"id": 4, "method": "exportlint/noSuchMethod", "params": {}})
        assert server.response(4)["error"]["code"] == -32601
        server.send({"method": "textDocument/didOpen", "params": {"textDocument": 7}})
        server.send({"method": "textDocument/didChange", "params": {"nonsense": True}})
        server.send({"id": 5, "method": "textDocument/hover", "params": hover})
        assert server.response(5)["result"] is None  # an unknown document
        server.send({"id": 6, "method": "workspace/executeCommand", "params": {"command": "x"}})
        assert "error" in server.response(6)
        bad_range = {
            "textDocument": {"uri": uri, "version": 2},
            "contentChanges": [
                {"range": {"start": {"line": 999, "character": 5},
                           "end": {"line": 0, "character": 0}}, "text": "zzz"}
            ],
        }  # fmt: skip
        item = {"uri": uri, "languageId": "python", "version": 1, "text": MODEL}
        server.send({"method": "textDocument/didOpen", "params": {"textDocument": item}})
        server.wait(lambda m: m.get("method") == "textDocument/publishDiagnostics")
        server.send({"method": "textDocument/didChange", "params": bad_range})
        server.send({"id": 7, "method": "textDocument/hover", "params": hover})
        result = server.response(7)["result"]
        assert result is not None and "EXL101" in result["contents"]["value"]
        assert server.process.poll() is None
    finally:
        server.close()
    assert server.process.returncode == 0


def test_server_command_alias_and_tcp(tmp_path: Path) -> None:
    bad = cli(tmp_path, "lsp", "--tcp", "nonsense")
    assert bad.returncode == 2 and "HOST:PORT" in bad.stderr
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    process = subprocess.Popen(
        [*SERVER[:-1], "lsp", "--tcp", f"127.0.0.1:{port}"],
        cwd=tmp_path,
        env=ENV,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + TIMEOUT
        while True:
            try:
                connection = socket.create_connection(("127.0.0.1", port), timeout=5)
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.1)
        with connection:
            body = json.dumps(
                {"jsonrpc": "2.0", "id": 1, "method": "initialize",
                 "params": {"processId": None, "capabilities": {}}}
            ).encode()  # fmt: skip
            connection.sendall(b"Content-Length: %d\r\n\r\n" % len(body) + body)
            data = b""
            while b"capabilities" not in data:
                chunk = connection.recv(65536)
                assert chunk, "connection closed"
                data += chunk
            assert b'"codeActionProvider"' in data and b'"hoverProvider": true' in data
    finally:
        process.kill()
        process.wait()


def test_the_lint_path_never_imports_pygls(tmp_path: Path) -> None:
    probe = (
        "import sys\n"
        "from exportlint.cli import main\n"
        "status = main(['check', '--no-cache', '-q', sys.argv[1]])\n"
        "loaded = sorted(m for m in ('pygls', 'lsprotocol', 'cattrs') if m in sys.modules)\n"
        "print('LOADED', loaded)\n"
    )
    (tmp_path / "model.py").write_text(MODEL, encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-c", probe, str(tmp_path / "model.py")],
        cwd=tmp_path,
        env=ENV,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert "LOADED []" in result.stdout, result.stdout + result.stderr


def test_the_server_never_imports_torch_nor_the_fixer_at_start(tmp_path: Path) -> None:
    probe = (
        "import sys\n"
        "from exportlint.lsp.server import create_server\n"
        "from exportlint.lsp.lint import lint\n"
        "from exportlint.lsp.documents import Snapshot\n"
        "from exportlint.config import Settings\n"
        "create_server()\n"
        "lint(Snapshot('u', 'm.py', True, 1, sys.stdin.read()), Settings(), 'utf-16')\n"
        # libcst is imported to build the fixes of a document that has some (MODEL has):
        # tests/test_codemods.py checks it stays unimported when nothing is fixable.
        "print('LOADED', sorted(m for m in ('torch', 'numpy') if m in sys.modules))\n"
        "print('FIXER', 'exportlint.fixer' in sys.modules)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe],
        input=MODEL,
        env=ENV,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert "LOADED []" in result.stdout, result.stdout + result.stderr
    # The fixer module (no torch, no numpy) is imported by the candidate check of the fixes
    # the editor shows (exportlint.candidates): only torch and numpy are kept out.
    assert "FIXER" in result.stdout, result.stdout + result.stderr


# ------------------------------------------------------------------ the pure parts


def test_positions_round_trip_in_every_encoding() -> None:
    from exportlint.lsp.positions import UTF8, UTF16, UTF32, LineIndex

    text = "a\U0001f600b\r\nçd\rx\x0cy\n"
    for encoding, column in ((UTF8, 5), (UTF16, 3), (UTF32, 2)):
        index = LineIndex(text, encoding)
        assert index.position(2) == types.Position(0, column)  # just before "b"
        assert index.offset(types.Position(0, column)) == 2
        assert index.position(text.index("x")) == types.Position(2, 0)  # \r is a break
        assert index.position(text.index("y")) == types.Position(2, 2)  # \x0c is not
        assert index.offset(types.Position(0, 99)) == 3  # clamped to the line's end
        assert index.offset(types.Position(99, 0)) == len(text)
    index = LineIndex(text, UTF16)
    # Inside a surrogate pair: before the character.
    assert index.offset(types.Position(0, 2)) == 1
    assert index.edit_range(1, 2, 1, 3) == types.Range(types.Position(0, 1), types.Position(0, 3))


def test_replacement_edit_never_splits_crlf() -> None:
    from exportlint.lsp.convert import replacement_edit
    from exportlint.lsp.positions import LineIndex

    for old, new in [
        ("a\r\nb\r\n", "a\r\nX\r\nb\r\n"),
        ("a\r\nb", "a\r\n\r\nb"),
        ("x = 1\r\n", "y = 1\r\n"),
        ("same", "same"),
        ("", "new\n"),
    ]:
        edit = replacement_edit(old, new, LineIndex(old))
        if old == new:
            assert edit is None
            continue
        assert edit is not None
        assert apply_lsp_edits(old, [edit]) == new


@pytest.mark.parametrize(
    ("source", "line", "expected"),
    [
        ("x = f(a)\n", 1, "x = f(a)  # noqa: EXL101\n"),
        ("x = f(a)   \n", 1, "x = f(a)  # noqa: EXL101\n"),
        ("x = f(a)  # why\n", 1, "x = f(a)  # why  # noqa: EXL101\n"),
        ("x = f(a)  # noqa: E501\n", 1, "x = f(a)  # noqa: E501, EXL101\n"),
        ("x = f(a)  # NOQA:EXL2 EXL3 -- ok\n", 1, "x = f(a)  # NOQA:EXL2 EXL3, EXL101 -- ok\n"),
        # A backslash continuation: the comment goes on the diagnostic's own line.
        ("x = 1 + \\\n    f(a)\n", 2, "x = 1 + \\\n    f(a)  # noqa: EXL101\n"),
        # The first line ends inside a string: nowhere to put it there either.
        ('x = """\n""" + f(a)\n', 2, 'x = """\n""" + f(a)  # noqa: EXL101\n'),
        ("x = f(a)", 1, "x = f(a)  # noqa: EXL101"),
    ],
)
def test_noqa_edit(source: str, line: int, expected: str) -> None:
    from exportlint.diagnostics import Diagnostic, Severity
    from exportlint.document import source_lines
    from exportlint.fixer import apply_edits
    from exportlint.lsp.noqa import noqa_edit, scan
    from exportlint.suppressions import noqa_codes, suppressed

    diagnostic = Diagnostic(
        "m.py", line, 5, line, 9, "EXL101", "tensor-condition", Severity.ERROR, "m", noqa_line=1
    )
    comments = scan(source)
    assert comments is not None
    edit = noqa_edit(diagnostic, source_lines(source), comments)
    assert edit is not None
    result = apply_edits(source, [edit])
    assert result == expected
    changed = source_lines(result)[edit.line - 1]
    assert suppressed("EXL101", noqa_codes(changed))


def test_noqa_edit_refuses_when_already_suppressed_or_untokenizable() -> None:
    from exportlint.diagnostics import Diagnostic, Severity
    from exportlint.lsp.noqa import noqa_edit, scan

    diagnostic = Diagnostic("m.py", 1, 1, 1, 2, "EXL101", "n", Severity.ERROR, "m", noqa_line=1)
    for source in ("x = 1  # noqa\n", "x = 1  # noqa: EXL1\n"):
        comments = scan(source)
        assert comments is not None
        assert noqa_edit(diagnostic, [source.rstrip("\n")], comments) is None
    assert scan('x = """never closed\n') is None


def _result_with(diagnostic: Any, text: str) -> Any:
    """A LintResult holding one diagnostic built by the test, as the server would hold it."""
    from exportlint.config import Settings
    from exportlint.lsp.convert import to_lsp_diagnostic
    from exportlint.lsp.documents import Snapshot
    from exportlint.lsp.lint import LintResult
    from exportlint.lsp.positions import LineIndex

    snapshot = Snapshot("file:///m.py", "/m.py", True, 3, text)
    lsp = to_lsp_diagnostic(diagnostic, LineIndex(text))
    return LintResult(snapshot, Settings(), "utf-16", (diagnostic,), (lsp,))


def test_each_candidate_fix_is_a_quick_fix_in_order() -> None:
    from exportlint.diagnostics import Applicability, Diagnostic, Edit, Fix, Severity
    from exportlint.lsp.actions import FIX_ALL, code_actions

    text = "half = int(h.shape[0] * 0.5)\n"
    span = (1, 8, 1, 29)  # `int(h.shape[0] * 0.5)`
    first = Fix("floor-divide the size", Applicability.SAFE, (Edit(*span, "h.shape[0] // 2"),))
    second = Fix(
        "keep it symbolic", Applicability.UNSAFE, (Edit(*span, "torch.sym_int(h.shape[0] * 0.5)"),)
    )
    hint = Fix("see the rule's documentation", Applicability.DISPLAY_ONLY)
    twin = Fix("floor-divide the size", Applicability.SAFE, (Edit(*span, "(h.shape[0] // 2)"),))
    diagnostic = Diagnostic(
        "/m.py", *span, "EXL301", "shape-baked-scalar", Severity.WARNING, "m", noqa_line=1,
        fix=first, alternatives=(second, hint, twin),
    )  # fmt: skip
    assert diagnostic.fixes == (first, second, hint, twin)
    result = _result_with(diagnostic, text)
    whole = types.Range(types.Position(0, 0), types.Position(1, 0))

    actions = code_actions(result, whole, None, document_changes=True)
    assert [a.title for a in actions] == [
        "EXL301: floor-divide the size",
        "EXL301: keep it symbolic (unsafe fix)",
        "EXL301: floor-divide the size (2)",  # the display-only hint is not an action
        "Disable EXL301 for this line",
        "exportlint: apply all safe fixes",
    ]
    assert [a.is_preferred for a in actions[:3]] == [True, False, False]
    assert all(a.kind == types.CodeActionKind.QuickFix for a in actions[:4])
    assert all(a.diagnostics == [result.lsp[0]] for a in actions[:4])
    fixed = [
        apply_lsp_edits(text, workspace_edits(a.edit, "file:///m.py")).splitlines()[0]
        for a in actions[:3]
    ]
    assert fixed == [
        "half = h.shape[0] // 2",
        "half = torch.sym_int(h.shape[0] * 0.5)",
        "half = (h.shape[0] // 2)",
    ]
    assert actions[0].edit is not None and actions[0].edit.document_changes is not None
    (change,) = actions[0].edit.document_changes
    assert isinstance(change, types.TextDocumentEdit) and change.text_document.version == 3

    # The first candidate unsafe, a safe one after it: all offered, none preferred, and no
    # fix-all, which applies what `exportlint --fix` applies: the first candidate, if safe.
    reordered = replace(diagnostic, fix=second, alternatives=(first,))
    actions = code_actions(_result_with(reordered, text), whole, None, document_changes=False)
    assert [a.title for a in actions] == [
        "EXL301: keep it symbolic (unsafe fix)",
        "EXL301: floor-divide the size",
        "Disable EXL301 for this line",
    ]
    assert not any(a.is_preferred for a in actions)
    assert (
        code_actions(_result_with(reordered, text), whole, [FIX_ALL], document_changes=False) == []
    )


class _Recorder:
    """`session.Client` for in-process sessions: keeps what would go to the editor."""

    def __init__(self) -> None:
        self.published: list[tuple[str, int | None, list[types.Diagnostic]]] = []
        self.messages: list[str] = []

    def publish(
        self, uri: str, diagnostics: Sequence[types.Diagnostic], version: int | None
    ) -> None:
        self.published.append((uri, version, list(diagnostics)))

    def show(self, kind: types.MessageType, message: str) -> None:
        self.messages.append(message)


class _HeldExecutor(Executor):
    """Runs each job on `inner`, then holds its result back until `release` is set: the time
    between a long job's end and its answer, made as long as the test needs."""

    def __init__(self, inner: Executor, ran: threading.Event, release: threading.Event) -> None:
        self.inner, self.ran, self.release = inner, ran, release

    def submit(self, fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Future[Any]:
        def held() -> Any:
            result = fn(*args, **kwargs)
            self.ran.set()
            assert self.release.wait(LONG_TIMEOUT)
            return result

        return self.inner.submit(held)


def test_fix_all_of_a_document_changed_meanwhile_has_no_edit(tmp_path: Path) -> None:
    from exportlint.lsp.actions import FIX_ALL, FIX_ALL_TITLE
    from exportlint.lsp.session import Session

    uri = (tmp_path / "model.py").as_uri()
    changed = MODEL + "\n"

    def fix_all(version: int) -> types.CodeAction:
        return types.CodeAction(FIX_ALL_TITLE, kind=FIX_ALL, data={"uri": uri, "version": version})

    async def scenario() -> None:
        loop = asyncio.get_running_loop()
        ran, release = threading.Event(), threading.Event()
        with ThreadPoolExecutor(max_workers=1) as lints, ThreadPoolExecutor(max_workers=1) as long:
            session = Session(_Recorder(), lints, _HeldExecutor(long, ran, release))
            session.did_open(types.TextDocumentItem(uri, "python", 1, MODEL))
            resolving = asyncio.ensure_future(session.resolve_code_action(fix_all(1)))
            assert await loop.run_in_executor(None, ran.wait, LONG_TIMEOUT)  # fixer done
            session.did_change(
                types.DidChangeTextDocumentParams(
                    types.VersionedTextDocumentIdentifier(uri=uri, version=2),
                    [types.TextDocumentContentChangeWholeDocument(text=changed)],
                )
            )
            release.set()
            resolved = await asyncio.wait_for(resolving, LONG_TIMEOUT)
            # Computed for version 1, answered when version 2 is the text: no edit, rather
            # than one a client without version checks would apply to the wrong text.
            assert workspace_edits(resolved.edit, uri) == []
            # The document unchanged meanwhile: the edit.
            resolved = await asyncio.wait_for(session.resolve_code_action(fix_all(2)), LONG_TIMEOUT)
            fixed = apply_lsp_edits(changed, workspace_edits(resolved.edit, uri))
            assert "half = h.shape[0] // 2" in fixed
            session.shutdown()

    asyncio.run(scenario())


def test_scheduler_latest_text_wins() -> None:
    from exportlint.lsp.scheduler import Scheduler

    async def scenario() -> None:
        loop = asyncio.get_running_loop()
        texts = {"u": "old"}
        ran: list[str] = []
        delivered: list[str] = []
        arrived = asyncio.Event()
        started = threading.Event()  # the worker is linting "old"
        release = threading.Event()  # ... and may finish

        def work(text: str) -> str:
            ran.append(text)
            if text == "old":
                started.set()
                assert release.wait(LONG_TIMEOUT)
            return text

        def deliver(uri: str, result: str) -> None:
            delivered.append(result)
            arrived.set()

        async def wait(event: threading.Event | asyncio.Event) -> None:
            if isinstance(event, asyncio.Event):
                await asyncio.wait_for(event.wait(), LONG_TIMEOUT)
            else:
                assert await loop.run_in_executor(None, event.wait, LONG_TIMEOUT)

        with ThreadPoolExecutor(max_workers=1) as executor:

            async def drained() -> None:
                # The worker runs jobs in order, and results are handled on the loop in the
                # order they finish: after this, everything queued before has been handled.
                await loop.run_in_executor(executor, lambda: None)
                await asyncio.sleep(0)

            scheduler: Scheduler[str, str] = Scheduler(executor, texts.get, work, deliver)
            scheduler.schedule("u", 0.0)
            await wait(started)
            for i in range(50):  # a burst while "old" is linted: one lint, of the last text
                texts["u"] = f"new{i}"
                scheduler.schedule("u", 0.05)
            release.set()
            await wait(arrived)
            await drained()
            assert delivered == ["new49"]
            assert ran == ["old", "new49"]
            assert scheduler.dropped == 1  # "old", finished after newer text had arrived
            assert scheduler.pending() == 0

            # Closed while its lint is queued behind another: never delivered, never run.
            started.clear()
            release.clear()
            arrived.clear()
            texts["v"] = "old"
            scheduler.schedule("v", 0.0)
            texts["u"] = "changed"
            scheduler.schedule("u", 0.0)
            await wait(started)  # both timers have fired: "u" waits behind "v"
            scheduler.forget("u")
            release.set()
            await wait(arrived)
            await drained()
            assert delivered == ["new49", "old"]
            assert ran == ["old", "new49", "old"]
            assert scheduler.skipped == 1

    asyncio.run(scenario())


# ------------------------------------------------------------------ whole-project analysis

HELPER = """\
def gate(x):
    if x.sum() > 0:
        return x
    return -x
"""
CALLER = """\
import torch

from .helpers import gate


class Model(torch.nn.Module):
    def forward(self, x):
        return gate(x * 2)
"""


def test_open_documents_show_what_the_cli_shows_across_modules(tmp_path: Path) -> None:
    # The hazard is in helpers.py, reached from model.py's forward: `exportlint` over both
    # reports it in helpers.py; so must the editor, once model.py is open, and only while
    # what it shows holds (the helper's unsaved edits, the caller closed).
    from exportlint.lsp.session import Session

    (tmp_path / "pyproject.toml").write_text("[tool.exportlint]\n", encoding="utf-8")
    package = tmp_path / "pkg"
    package.mkdir()
    (package / "__init__.py").write_text("", encoding="utf-8")
    (package / "helpers.py").write_text(HELPER, encoding="utf-8")
    (package / "model.py").write_text(CALLER, encoding="utf-8")
    result = cli(
        tmp_path, "check", "--no-cache", "--output-format", "json", "pkg/model.py", "pkg/helpers.py"
    )
    expected = {cli_tuple(item) for item in json.loads(result.stdout)}
    assert [item["path"] for item in json.loads(result.stdout)] == ["pkg/helpers.py"]
    helper_uri = (package / "helpers.py").as_uri()
    model_uri = (package / "model.py").as_uri()
    recorder = _Recorder()

    def shown(uri: str) -> set[tuple[Any, ...]] | None:
        found = [d for u, _, d in recorder.published if u == uri]
        return {as_cli(d) for d in found[-1]} if found else None

    async def until(condition: Callable[[], bool]) -> None:
        deadline = time.monotonic() + LONG_TIMEOUT
        while not condition():
            assert time.monotonic() < deadline
            await asyncio.sleep(0.02)

    async def scenario() -> None:
        with ThreadPoolExecutor(max_workers=1) as lints, ThreadPoolExecutor(max_workers=1) as long:
            session = Session(recorder, lints, long)
            session.did_open(types.TextDocumentItem(helper_uri, "python", 1, HELPER))
            await until(lambda: shown(helper_uri) is not None)
            assert shown(helper_uri) == set()  # alone, nothing traces it
            session.did_open(types.TextDocumentItem(model_uri, "python", 1, CALLER))
            await until(lambda: bool(shown(helper_uri)))
            assert shown(helper_uri) == expected
            assert shown(model_uri) == set()
            (message,) = [m for *_, m in expected]
            assert "reached from `Model.forward` → `gate`" in message

            # Unsaved edits to the helper: what the caller's analysis found on disk is no
            # longer where it says; shown again once saved, found in the saved text.
            edited = "\n\n" + HELPER
            session.did_change(
                types.DidChangeTextDocumentParams(
                    types.VersionedTextDocumentIdentifier(uri=helper_uri, version=2),
                    [types.TextDocumentContentChangeWholeDocument(text=edited)],
                )
            )
            await until(lambda: shown(helper_uri) == set())
            (package / "helpers.py").write_text(edited, encoding="utf-8")
            session.did_save(helper_uri)
            await until(lambda: bool(shown(helper_uri)))
            assert {(code, line) for code, line, *_ in shown(helper_uri) or ()} == {("EXL101", 4)}

            session.did_close(model_uri)
            await until(lambda: shown(helper_uri) == set())
            session.shutdown()

    asyncio.run(scenario())
