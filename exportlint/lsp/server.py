"""The pygls wiring: LSP messages in, `Session` calls, notifications out."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Sequence
from typing import Any

from lsprotocol import types
from pygls.exceptions import JsonRpcException
from pygls.lsp.server import LanguageServer
from pygls.protocol import LanguageServerProtocol
from pygls.protocol.language_server import lsp_method

from exportlint import __version__
from exportlint.lsp.actions import KINDS
from exportlint.lsp.session import Session
from exportlint.lsp.verify import COMMAND as VERIFY_COMMAND

logger = logging.getLogger(__name__)

POLL_SECONDS = 2.0  # how often pyproject.toml files are re-statted, for clients without watchers
_WATCHER_ID = "exportlint-pyproject-watcher"


class _Dropped:
    """A message that could not be read; already answered (requests) or logged."""

    jsonrpc = ""


_DROPPED = _Dropped()


class ExportlintProtocol(LanguageServerProtocol):
    """pygls's protocol with two changes:

    * a request whose params do not match the method's schema gets an `InvalidParams` error
      response (pygls logs it and never answers, leaving the client waiting);
    * documents are kept by `Session`, not in pygls's workspace (see `documents.py`), and the
      text-sync notifications call the handlers directly (pygls's own handlers also keep a
      future per notification, which grows without bound over a long session).
    """

    def structure_message(self, data: dict[str, Any]) -> Any:
        try:
            return super().structure_message(data)
        except JsonRpcException as error:
            if "method" in data and data.get("id") is not None:
                self._send_response(data["id"], None, error.to_response_error())
            logger.warning("dropped a malformed %s message", data.get("method", "?"))
            return _DROPPED

    def handle_message(self, message: Any) -> None:
        if message is _DROPPED:
            return
        super().handle_message(message)

    def _call_user_handler(self, method: str, params: Any) -> None:
        handler = self.fm.features.get(method)
        if handler is not None:
            handler(params)

    @lsp_method(types.TEXT_DOCUMENT_DID_OPEN)
    def lsp_text_document__did_open(self, params: types.DidOpenTextDocumentParams) -> None:
        self._call_user_handler(types.TEXT_DOCUMENT_DID_OPEN, params)

    @lsp_method(types.TEXT_DOCUMENT_DID_CHANGE)
    def lsp_text_document__did_change(self, params: types.DidChangeTextDocumentParams) -> None:
        self._call_user_handler(types.TEXT_DOCUMENT_DID_CHANGE, params)

    @lsp_method(types.TEXT_DOCUMENT_DID_CLOSE)
    def lsp_text_document__did_close(self, params: types.DidCloseTextDocumentParams) -> None:
        self._call_user_handler(types.TEXT_DOCUMENT_DID_CLOSE, params)


class ExportlintServer(LanguageServer):
    def report_server_error(self, error: Exception, source: Any) -> None:
        # Problems with what the client sent go to the log, not to a pop-up per keystroke.
        with contextlib.suppress(Exception):
            self.window_log_message(
                types.LogMessageParams(type=types.MessageType.Error, message=f"exportlint: {error}")
            )


class _Client:
    """`session.Client` over a pygls server."""

    def __init__(self, server: LanguageServer) -> None:
        self.server = server

    def publish(
        self, uri: str, diagnostics: Sequence[types.Diagnostic], version: int | None
    ) -> None:
        self.server.text_document_publish_diagnostics(
            types.PublishDiagnosticsParams(uri=uri, diagnostics=list(diagnostics), version=version)
        )

    def show(self, kind: types.MessageType, message: str) -> None:
        self.server.window_show_message(types.ShowMessageParams(type=kind, message=message))


def create_server() -> ExportlintServer:
    server = ExportlintServer(
        "exportlint",
        __version__,
        text_document_sync_kind=types.TextDocumentSyncKind.Incremental,
        protocol_cls=ExportlintProtocol,
    )
    session = Session(_Client(server))
    tasks: set[asyncio.Task[None]] = set()

    @server.feature(types.INITIALIZE)
    def initialize(params: types.InitializeParams) -> None:
        session.initialize(params, str(server.workspace.position_encoding or "utf-16"))

    @server.feature(types.INITIALIZED)
    def initialized(params: types.InitializedParams) -> None:
        _watch_pyproject(server)
        task = asyncio.get_running_loop().create_task(_poll(session))
        tasks.add(task)
        task.add_done_callback(tasks.discard)

    @server.feature(types.SHUTDOWN)
    def shutdown(params: None) -> None:
        for task in tasks:
            task.cancel()
        session.shutdown()

    @server.feature(types.TEXT_DOCUMENT_DID_OPEN)
    def did_open(params: types.DidOpenTextDocumentParams) -> None:
        session.did_open(params.text_document)

    @server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
    def did_change(params: types.DidChangeTextDocumentParams) -> None:
        session.did_change(params)

    @server.feature(types.TEXT_DOCUMENT_DID_SAVE, types.SaveOptions(include_text=False))
    def did_save(params: types.DidSaveTextDocumentParams) -> None:
        session.did_save(params.text_document.uri)

    @server.feature(types.TEXT_DOCUMENT_DID_CLOSE)
    def did_close(params: types.DidCloseTextDocumentParams) -> None:
        session.did_close(params.text_document.uri)

    @server.feature(types.WORKSPACE_DID_CHANGE_WATCHED_FILES)
    def files_changed(params: types.DidChangeWatchedFilesParams) -> None:
        session.files_changed([change.uri for change in params.changes])

    @server.feature(types.WORKSPACE_DID_CHANGE_CONFIGURATION)
    def configuration_changed(params: types.DidChangeConfigurationParams) -> None:
        session.configuration_changed(params.settings)

    @server.feature(
        types.TEXT_DOCUMENT_CODE_ACTION,
        types.CodeActionOptions(code_action_kinds=list(KINDS), resolve_provider=True),
    )
    async def code_action(params: types.CodeActionParams) -> list[types.CodeAction] | None:
        return await session.code_actions(params)

    @server.feature(types.CODE_ACTION_RESOLVE)
    async def code_action_resolve(params: types.CodeAction) -> types.CodeAction:
        return await session.resolve_code_action(params)

    @server.feature(types.TEXT_DOCUMENT_HOVER)
    def hover(params: types.HoverParams) -> types.Hover | None:
        return session.hover(params)

    @server.command(VERIFY_COMMAND)
    def verify_file(*arguments: Any) -> None:
        session.verify_file(list(arguments))

    server.session = session  # type: ignore[attr-defined]  # for tests and debugging
    return server


def _watch_pyproject(server: LanguageServer) -> None:
    """Ask the client to report pyproject.toml changes, if it can (polling covers the rest)."""
    workspace = server.client_capabilities.workspace
    watched = workspace.did_change_watched_files if workspace else None
    if not (watched and watched.dynamic_registration):
        return
    options = types.DidChangeWatchedFilesRegistrationOptions(
        watchers=[types.FileSystemWatcher(glob_pattern="**/pyproject.toml")]
    )
    registration = types.Registration(
        id=_WATCHER_ID, method=types.WORKSPACE_DID_CHANGE_WATCHED_FILES, register_options=options
    )
    future = server.client_register_capability(types.RegistrationParams([registration]))
    # A client that refuses is fine: polling still notices the change.
    future.add_done_callback(lambda done: done.cancelled() or done.exception())


async def _poll(session: Session) -> None:
    while True:
        await asyncio.sleep(POLL_SECONDS)
        try:
            session.poll()
        except Exception:
            logger.exception("checking pyproject.toml for changes failed")


def serve(tcp: str | None = None) -> int:
    """Run the server on stdio, or on `HOST:PORT` (for debugging)."""
    logging.basicConfig(level=logging.WARNING, format="exportlint-lsp: %(levelname)s %(message)s")
    server = create_server()
    if tcp is None:
        server.start_io()
        return 0
    host, port = parse_address(tcp)
    server.start_tcp(host, port)
    return 0


def parse_address(value: str) -> tuple[str, int]:
    """`HOST:PORT`, `[::1]:PORT` or `:PORT` (localhost)."""
    host, sep, port = value.rpartition(":")
    if not sep or not port.isdigit() or not 0 < int(port) < 65536:
        raise ValueError(f"--tcp expects HOST:PORT, got {value!r}")
    host = host.strip("[]") or "127.0.0.1"
    return host, int(port)
