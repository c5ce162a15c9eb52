"""Teach ``torch.onnx.export(..., dynamo=True)`` our operator, without a translation table.

onnx-diagnostic users convert with their own exporter; with plain ``torch.onnx.export`` a
higher-order operator the exporter does not know fails with "No ONNX function found".
torch.onnx builds its registry, on every export, from the list
``torch.onnx._internal.exporter._torchlib._torchlib_registry._registry`` (where torch's own
translations of ``cond``/``scan``/``while_loop`` are appended by the ``onnx_impl``
decorator).  :func:`register` appends one entry for ``simple_loop_for`` to that list, so
that ``custom_translation_table`` becomes optional.

Importing that module imports onnxscript (seconds), which ``import exportlint.ops`` must
not pay: when torch.onnx is not loaded yet, a one-shot import hook appends the entry right
after torch loads the module, which it does only when an ONNX export starts.  The entry's
function imports :mod:`exportlint.ops._onnx` only when a ``simple_loop_for`` node is
translated.

Everything here is private torch API: every failure is swallowed, and
``custom_translation_table=exportlint.ops.onnx_translation_table()`` keeps working.
"""

from __future__ import annotations

import importlib.abc
import importlib.machinery
import importlib.util
import sys
from collections.abc import Callable, Sequence
from types import ModuleType
from typing import Any

from exportlint.ops._loop import simple_loop_for_op

__all__ = ["register"]

REGISTRY_MODULE = "torch.onnx._internal.exporter._torchlib._torchlib_registry"
# Defines OnnxDecompMeta.  The two modules import each other: whichever is imported first,
# the entry can be appended only once both have run to the end.
REGISTRATION_MODULE = "torch.onnx._internal.exporter._registration"


def _translate(n_iter: Any, body: Any, operands: Any, concatenation_dims: Any = None) -> Any:
    from exportlint.ops._onnx import simple_loop_for_to_onnx

    return simple_loop_for_to_onnx(n_iter, body, operands, concatenation_dims)


def _append_entry(_loaded: ModuleType | None = None) -> None:
    """Append the entry if both torch modules are loaded completely (and it is not there)."""
    meta_class = getattr(sys.modules.get(REGISTRATION_MODULE), "OnnxDecompMeta", None)
    entries = getattr(sys.modules.get(REGISTRY_MODULE), "_registry", None)
    if meta_class is None or not isinstance(entries, list):
        return
    if any(getattr(m, "fx_target", None) is simple_loop_for_op for m in entries):
        return
    try:
        entry = meta_class(
            onnx_function=_translate,
            fx_target=simple_loop_for_op,
            signature=None,
            # Like torch's own higher-order translations (`no_compile=True`): the function
            # receives an ir.Function for the body, no ONNX signature describes it.
            skip_signature_inference=True,
        )
    except Exception:  # pragma: no cover - depends on the torch version
        return
    entries.append(entry)


class _RunAfter(importlib.abc.Loader):
    """Wraps the loader of the registry module: runs it, then appends our entry."""

    def __init__(self, loader: importlib.abc.Loader, then: Callable[[ModuleType], None]):
        self._loader = loader
        self._then = then

    def create_module(self, spec: importlib.machinery.ModuleSpec) -> ModuleType | None:
        return self._loader.create_module(spec)

    def exec_module(self, module: ModuleType) -> None:
        self._loader.exec_module(module)
        self._then(module)

    def __getattr__(self, name: str) -> Any:  # get_source, is_package, ... (inspect, pdb)
        return getattr(self._loader, name)


class _WhenImported(importlib.abc.MetaPathFinder):
    """A one-shot finder: the first import of ``name`` runs ``then`` on the module."""

    def __init__(self, name: str, then: Callable[[ModuleType], None]) -> None:
        self.name = name
        self.then = then

    def find_spec(
        self,
        fullname: str,
        path: Sequence[str] | None,
        target: ModuleType | None = None,
    ) -> importlib.machinery.ModuleSpec | None:
        if fullname != self.name:
            return None
        self.remove()
        spec = importlib.util.find_spec(fullname)  # the other finders, without this one
        if spec is not None and spec.loader is not None:
            spec.loader = _RunAfter(spec.loader, self.then)
        return spec

    def remove(self) -> None:
        if self in sys.meta_path:
            sys.meta_path.remove(self)


def register() -> None:
    """Make ``torch.onnx.export(..., dynamo=True)`` translate ``simple_loop_for`` (idempotent)."""
    _append_entry()
    hooked = {f.name for f in sys.meta_path if isinstance(f, _WhenImported)}
    for name in (REGISTRATION_MODULE, REGISTRY_MODULE):
        if name not in sys.modules and name not in hooked:
            sys.meta_path.insert(0, _WhenImported(name, _append_entry))
