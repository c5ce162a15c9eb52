"""exportlint: find torch.export / ONNX export hazards in PyTorch model code, statically."""

from exportlint.diagnostics import Diagnostic, Severity
from exportlint.engine import lint_source
from exportlint.runner import lint_paths

__version__ = "0.1.0"

__all__ = ["Diagnostic", "Severity", "__version__", "lint_paths", "lint_source"]
