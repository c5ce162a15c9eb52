"""The `exportlint.verifyFile` command.

The verifier (`exportlint.verify`, installed with the `verify` extra: torch, onnx,
onnxruntime) does not exist in this version. The command is registered so that editors can bind
it, and answers with a message saying so; it never pretends to verify. It never imports the
verifier on the server's own thread either: finding out whether it is there is
`importlib.util.find_spec`, which does not import torch.
"""

from __future__ import annotations

import importlib.util

from lsprotocol import types

COMMAND = "exportlint.verifyFile"
VERIFIER_MODULE = "exportlint.verify"

UNAVAILABLE = (
    "exportlint: verification is not available in this version of exportlint "
    f"(`{VERIFIER_MODULE}` is not installed). The static diagnostics are unaffected."
)
NOT_SUPPORTED = (
    f"exportlint: `{VERIFIER_MODULE}` is installed, but this version of the language server "
    "cannot run it yet; run the verifier from the command line instead."
)


def verifier_available() -> bool:
    try:
        return importlib.util.find_spec(VERIFIER_MODULE) is not None
    except (ImportError, ValueError):
        return False


def verify_message(arguments: object) -> types.ShowMessageParams:
    """What to tell the user for `exportlint.verifyFile` (arguments: `[uri]`)."""
    if not (isinstance(arguments, (list, tuple)) and arguments and isinstance(arguments[0], str)):
        return types.ShowMessageParams(
            type=types.MessageType.Error,
            message=f"exportlint: `{COMMAND}` takes one argument, the document's URI",
        )
    if not verifier_available():
        return types.ShowMessageParams(type=types.MessageType.Warning, message=UNAVAILABLE)
    return types.ShowMessageParams(type=types.MessageType.Warning, message=NOT_SUPPORTED)
