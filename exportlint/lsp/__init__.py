"""`exportlint server`: the language server (pygls + lsprotocol), imported only by that command.

Modules, one job each: `positions` (offsets <-> LSP positions), `documents` (open documents),
`options` (client options), `settings` (pyproject.toml per document, reloaded on change),
`lint` (one lint, converted), `convert` (exportlint -> LSP types), `scheduler` (debounce, latest
text wins), `actions` (code actions), `noqa` (the 'disable for this line' edit), `hover`,
`verify` (the verifyFile command), `session` (state and behaviour), `server` (pygls wiring).
"""

from __future__ import annotations


def serve(tcp: str | None = None) -> int:
    from exportlint.lsp.server import serve as _serve

    return _serve(tcp)
