"""The server's state and behaviour, independent of the transport: open documents, their
latest results, settings, and what each LSP message does to them."""

from __future__ import annotations

import asyncio
import os
import threading
from collections.abc import Sequence
from concurrent.futures import Executor, ThreadPoolExecutor
from typing import Any, Protocol

from lsprotocol import types

from exportlint.config import Settings
from exportlint.lsp.actions import FIX_ALL, code_actions
from exportlint.lsp.convert import to_lsp_diagnostic, workspace_edit
from exportlint.lsp.documents import Documents, Snapshot, is_python, uri_to_path
from exportlint.lsp.hover import hover
from exportlint.lsp.lint import LintResult, fix_all, lint
from exportlint.lsp.options import ClientOptions, parse_options
from exportlint.lsp.positions import UTF16, LineIndex
from exportlint.lsp.scheduler import Scheduler
from exportlint.lsp.settings import SettingsResolver
from exportlint.lsp.verify import run_verifier, verify_message

CONFIG_NAME = "pyproject.toml"
_Job = tuple[Snapshot, Settings]


class Client(Protocol):
    """What the session sends to the editor."""

    def publish(
        self, uri: str, diagnostics: Sequence[types.Diagnostic], version: int | None
    ) -> None: ...

    def show(self, kind: types.MessageType, message: str) -> None: ...


class Session:
    def __init__(
        self,
        client: Client,
        executor: Executor | None = None,
        long_executor: Executor | None = None,
    ) -> None:
        self.client = client
        self.documents = Documents()
        self.results: dict[str, LintResult] = {}
        # The last lint with fixes built, per document (code actions): the published results
        # have them pending.
        self.with_fixes: dict[str, LintResult] = {}
        # Documents to lint again although their text did not change (a file their analysis
        # reads was saved).
        self._stale: set[str] = set()
        self.options = ClientOptions()
        self.encoding: str = UTF16
        self.root = os.getcwd()
        self.document_changes = False
        self.resolve_support = False
        self.resolver = SettingsResolver(self.options, self._config_error)
        # Two lanes. Lints (diagnostics, and the lint a code action may need) are short and
        # run one at a time, latest text first. Requests that can take seconds on a big file
        # (`source.fixAll`: the fixer lints and rewrites until nothing changes) get their own
        # thread, so that no lint, and so no diagnostics and no hover, ever waits for them.
        # Both are Python threads: they share the GIL, so a lint beside a fixAll runs slower,
        # but it runs.
        self.executor = executor or ThreadPoolExecutor(
            max_workers=1, thread_name_prefix="exportlint-lint"
        )
        self.long_executor = long_executor or ThreadPoolExecutor(
            max_workers=1, thread_name_prefix="exportlint-fixall"
        )
        self.scheduler: Scheduler[_Job, LintResult] = Scheduler(
            self.executor, self._prepare, self._work, self._deliver
        )

    # ------------------------------------------------------------------ setup

    def initialize(self, params: types.InitializeParams, encoding: str) -> None:
        self.encoding = str(encoding)
        folders = [uri_to_path(f.uri) for f in params.workspace_folders or []]
        roots = [f for f in folders if f]
        if params.root_uri:
            roots.append(uri_to_path(params.root_uri) or "")
        if params.root_path:
            roots.append(params.root_path)
        self.root = next((r for r in roots if r and os.path.isdir(r)), os.getcwd())
        capabilities = params.capabilities
        workspace = capabilities.workspace
        edit = workspace.workspace_edit if workspace else None
        self.document_changes = bool(edit and edit.document_changes)
        document = capabilities.text_document
        action = document.code_action if document else None
        resolve = action.resolve_support if action else None
        self.resolve_support = bool(resolve and "edit" in resolve.properties)
        self.set_options(params.initialization_options)

    def set_options(self, raw: object, base: ClientOptions | None = None) -> bool:
        """Apply client options; True if they changed."""
        options, problems = parse_options(raw, base)
        for problem in problems:
            self.client.show(types.MessageType.Error, f"exportlint: {problem}")
        changed = options != self.options
        self.options = options
        self.resolver.set_options(options)
        return changed

    def _config_error(self, message: str) -> None:
        self.client.show(types.MessageType.Error, f"exportlint: {message}")

    # ------------------------------------------------------------ documents

    def did_open(self, item: types.TextDocumentItem) -> None:
        path = uri_to_path(item.uri) or ""
        if not is_python(item.language_id, path):
            return
        self.documents.open(item)
        self.scheduler.schedule(item.uri, 0.0)

    def did_change(self, params: types.DidChangeTextDocumentParams) -> None:
        snapshot = self.documents.change(
            params.text_document, params.content_changes, self.encoding
        )
        if snapshot is not None:
            self.scheduler.schedule(snapshot.uri, self.options.debounce)

    def did_save(self, uri: str) -> None:
        path = uri_to_path(uri) or ""
        if os.path.basename(path) == CONFIG_NAME:
            self.settings_changed()
            return
        if uri in self.documents:
            self.scheduler.schedule(uri, 0.0)
        # Whole-project analysis read the saved file from disk for the open documents that
        # reach it: their results are out of date.
        for other in self.documents:
            result = self.results.get(other)
            if other != uri and result is not None and path in result.dependencies:
                self._stale.add(other)
                self.with_fixes.pop(other, None)
                self.scheduler.schedule(other, 0.0)

    def did_close(self, uri: str) -> None:
        was_open = self.documents.close(uri)
        self.scheduler.forget(uri)
        gone = self.results.pop(uri, None)
        self.with_fixes.pop(uri, None)
        self._stale.discard(uri)
        if was_open:
            self.client.publish(uri, [], None)
        if gone is not None:
            # What its analysis put in other open documents goes with it.
            self._republish({path for path, _ in gone.placed}, uri)

    # ------------------------------------------------------------- settings

    def files_changed(self, uris: Sequence[str]) -> None:
        if any(os.path.basename(uri_to_path(uri) or "") == CONFIG_NAME for uri in uris):
            self.settings_changed()

    def configuration_changed(self, settings: object) -> None:
        if isinstance(settings, dict) and self.set_options(settings, self.options):
            self.relint_all()

    def settings_changed(self) -> None:
        self.resolver.invalidate()
        self.relint_all()

    def poll(self) -> None:
        """Called now and then: notices `pyproject.toml` changes the client did not report."""
        if self.resolver.stale():
            self.relint_all()

    def relint_all(self) -> None:
        for uri in self.documents:
            self.scheduler.schedule(uri, 0.0)

    def settings_for(self, snapshot: Snapshot) -> Settings:
        return self.resolver.settings_for(snapshot.path if snapshot.is_file else None, self.root)

    # ------------------------------------------------------------- linting

    def _prepare(self, uri: str) -> _Job | None:
        snapshot = self.documents.get(uri)
        if snapshot is None:
            return None
        settings = self.settings_for(snapshot)
        previous = self.results.get(uri)
        stale = uri in self._stale
        self._stale.discard(uri)
        if previous is not None and not stale and self._same(previous, snapshot, settings):
            # Saved, refocused, or edited back to the same text: the answer is known.
            self._deliver(uri, previous.for_version(snapshot))
            return None
        return snapshot, settings

    def _same(self, result: LintResult, snapshot: Snapshot, settings: Settings) -> bool:
        return (
            result.settings == settings
            and result.settings.root == settings.root
            and result.encoding == self.encoding
            and result.snapshot.text == snapshot.text
        )

    def _work(self, job: _Job) -> LintResult:
        snapshot, settings = job
        # Publishing shows no edits: the fixes are built when a code action asks for them.
        return lint(snapshot, settings, self.encoding, fixes=False)

    def _deliver(self, uri: str, result: LintResult) -> None:
        if uri not in self.documents:
            return
        previous = self.results.get(uri)
        self.results[uri] = result
        self.client.publish(uri, self._published(uri, result), result.snapshot.version)
        if previous is not None and previous.placed == result.placed:
            return
        # Whole-project analysis: the other open documents this one's traced code reaches
        # (or reached before this lint) show what it finds there, as the CLI does.
        touched = {path for path, _ in result.placed}
        if previous is not None:
            touched.update(path for path, _ in previous.placed)
        self._republish(touched, uri)

    def _republish(self, paths: set[str], changed: str) -> None:
        """Publish again the open documents at `paths`: what `changed` puts in them did."""
        if not paths:
            return
        for other in self.documents:
            shown = self.results.get(other)
            if other != changed and shown is not None and shown.snapshot.path in paths:
                self.client.publish(other, self._published(other, shown), shown.snapshot.version)

    def _published(self, uri: str, result: LintResult) -> Sequence[types.Diagnostic]:
        """A document's diagnostics and those the analysis of the other open documents puts
        in it (a helper their traced code calls), as `exportlint` over all of them reports:
        its own first, one per place and code, the others in the order of their documents.
        Those were found in the file as saved: while the document has unsaved changes they
        are left out (they come back when it is saved)."""
        path = result.snapshot.path
        extra = [
            d
            for other in sorted(self.results)
            if other != uri
            for d in self.results[other].placed_in(path)
        ]
        if not extra or not _saved(result.snapshot):
            return result.lsp
        seen = {(d.line, d.column, d.end_line, d.end_column, d.code) for d in result.diagnostics}
        index = LineIndex(result.snapshot.text, result.encoding)
        out = list(result.lsp)
        for d in extra:
            key = (d.line, d.column, d.end_line, d.end_column, d.code)
            if key not in seen:
                seen.add(key)
                out.append(to_lsp_diagnostic(d, index))
        return out

    async def current_result(self, uri: str) -> LintResult | None:
        """Results for the document's current text, fixes built: the published ones if they
        are, else a lint now (on the worker, not published: the scheduler will publish its
        own)."""
        snapshot = self.documents.get(uri)
        if snapshot is None:
            return None
        settings = self.settings_for(snapshot)
        result = self.results.get(uri)
        if result is not None and self._same(result, snapshot, settings) and result.complete:
            return result.for_version(snapshot)
        built = self.with_fixes.get(uri)
        if built is not None and self._same(built, snapshot, settings):
            return built.for_version(snapshot)
        loop = asyncio.get_running_loop()
        built = await loop.run_in_executor(
            self.executor, lint, snapshot, settings, self.encoding, True
        )
        self.with_fixes[uri] = built
        return built

    # ------------------------------------------------------------- features

    async def code_actions(self, params: types.CodeActionParams) -> list[types.CodeAction] | None:
        result = await self.current_result(params.text_document.uri)
        if result is None:
            return None
        actions = code_actions(
            result, params.range, params.context.only, document_changes=self.document_changes
        )
        if not self.resolve_support:
            for action in actions:
                if action.kind == FIX_ALL:
                    await self.resolve_code_action(action)
        return actions

    async def resolve_code_action(self, action: types.CodeAction) -> types.CodeAction:
        data: Any = action.data
        if action.kind != FIX_ALL or not isinstance(data, dict):
            return action
        uri = data.get("uri")
        snapshot = self.documents.get(uri) if isinstance(uri, str) else None
        if snapshot is None:
            return action
        settings = self.settings_for(snapshot)

        def current() -> bool:
            # Every change makes a new Snapshot (a save or a refocus does not).
            return self.documents.get(snapshot.uri) is snapshot

        def work() -> types.TextEdit | None:
            if not current():
                return None  # changed while queued behind another fix-all: not worth it
            return fix_all(snapshot, settings, self.encoding)

        loop = asyncio.get_running_loop()
        edit = await loop.run_in_executor(self.long_executor, work)
        if not current():
            # Changed while the fixer ran (seconds, on a big file). The edit is for the old
            # text: a client that does not check versions (`changes` rather than versioned
            # `documentChanges`) would apply it to the new text and garble it. No edit at all;
            # the user asks again.
            edit = None
        action.edit = workspace_edit(
            snapshot.uri, snapshot.version, [edit] if edit else [], self.document_changes
        )
        return action

    def hover(self, params: types.HoverParams) -> types.Hover | None:
        snapshot = self.documents.get(params.text_document.uri)
        if snapshot is None:
            return None
        result = self.results.get(snapshot.uri)
        return hover(result, snapshot.text, params.position, self.encoding)

    def verify_file(self, arguments: object) -> None:
        message = verify_message(arguments)
        self.client.show(message.type, message.message)
        if message.type is not types.MessageType.Info:
            return  # bad arguments, or no verifier
        assert isinstance(arguments, (list, tuple))
        path = uri_to_path(str(arguments[0]))
        if path is None:
            self.client.show(types.MessageType.Warning, "exportlint: only files can be verified")
            return
        settings = self.resolver.settings_for(path, self.root)

        def work() -> None:
            # Its own thread (and the verifier's own worker process): diagnostics go on.
            try:
                for result in run_verifier(path, settings):
                    self.client.show(result.type, result.message)
            except Exception as error:  # report, never take the server down
                self.client.show(types.MessageType.Error, f"exportlint verify failed: {error}")

        threading.Thread(target=work, name="exportlint-verify", daemon=True).start()

    def shutdown(self) -> None:
        for uri in self.documents:
            self.scheduler.forget(uri)
        self.executor.shutdown(wait=False, cancel_futures=True)
        self.long_executor.shutdown(wait=False, cancel_futures=True)


def _saved(snapshot: Snapshot) -> bool:
    """Whether the document's text is the file's on disk (what the analysis of other
    documents read)."""
    if not snapshot.is_file:
        return False
    from exportlint.document import DecodeError, decode

    try:
        with open(snapshot.path, "rb") as handle:
            return decode(handle.read(), snapshot.path).text == snapshot.text
    except (OSError, DecodeError):
        return False
