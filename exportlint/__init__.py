"""exportlint: find torch.export / ONNX export hazards in PyTorch model code, statically."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

__all__ = ["Diagnostic", "Severity", "__version__", "lint_paths", "lint_source"]

if TYPE_CHECKING:
    from exportlint.diagnostics import Diagnostic, Severity
    from exportlint.engine import lint_source
    from exportlint.runner import lint_paths

# Imported on first use: a warm (cached) CLI run never needs the analysis modules.
_LAZY = {
    "Diagnostic": "exportlint.diagnostics",
    "Severity": "exportlint.diagnostics",
    "lint_source": "exportlint.engine",
    "lint_paths": "exportlint.runner",
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        import importlib

        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'exportlint' has no attribute {name!r}")
