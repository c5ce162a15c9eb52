"""The `exportlint.verifyFile` command.

The verifier (`exportlint.verify`) exports the file's models with torch.export, torch.onnx and
onnxruntime in a worker process; it needs the `verify` extra (torch, onnx, onnxruntime,
onnxscript). The command runs it on a background thread, so diagnostics never wait for it,
and reports one message per model. Whether the extra is there is found out with
`importlib.util.find_spec`, which imports nothing.
"""

from __future__ import annotations

import importlib.util

from lsprotocol import types

from exportlint.config import Settings

COMMAND = "exportlint.verifyFile"
VERIFIER_MODULE = "exportlint.verify"
# What the verifier's worker imports: without these, the command says so instead of failing.
VERIFY_STACK = ("torch", "onnx", "onnxruntime", "onnxscript")

UNAVAILABLE = (
    'exportlint: verification needs the `verify` extra (pip install "exportlint[verify]": '
    "torch, onnx, onnxruntime, onnxscript). The static diagnostics are unaffected."
)


def verifier_available() -> bool:
    try:
        return all(
            importlib.util.find_spec(name) is not None for name in (VERIFIER_MODULE, *VERIFY_STACK)
        )
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
    return types.ShowMessageParams(
        type=types.MessageType.Info, message=f"exportlint: verifying {arguments[0]} …"
    )


def run_verifier(path: str, settings: Settings) -> list[types.ShowMessageParams]:
    """Verify one file's models (in the verifier's worker process): one message each."""
    from exportlint.verify import VerifyOptions, verify_files

    report = verify_files([path], settings, VerifyOptions(progress=False))
    messages = []
    for result in report.models:
        kind = types.MessageType.Info if result.status == "pass" else types.MessageType.Warning
        what = (
            "exports, and onnxruntime matches eager" if result.status == "pass" else (result.reason)
        )
        messages.append(
            types.ShowMessageParams(
                type=kind,
                message=f"exportlint verify {result.ref.name}: {result.status}: {what}",
            )
        )
    if not report.models:
        messages.append(
            types.ShowMessageParams(
                type=types.MessageType.Info,
                message=f"exportlint verify: {path} has no models with example inputs",
            )
        )
    messages.extend(
        types.ShowMessageParams(type=types.MessageType.Warning, message=f"exportlint: {p}")
        for p in report.problems
    )
    return messages
