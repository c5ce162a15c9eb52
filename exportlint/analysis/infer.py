"""Kind inference: a small abstract interpreter over the functions torch.export traces.

Parameters of an entry point start as tensors (unless annotated, defaulted, or shown otherwise
by the file's example inputs); assignments propagate; branches and loops join; calls to methods
and functions of the same file are followed with the argument values at the call site
(memoised). On the way it emits events (see `events.py`) that the rules turn into diagnostics.

Where things are (the `Interpreter` is composed of one mixin per concern):
- `infer.py`: the entry point, `Interpreter.run`, and the values given to its parameters.
- `interpreter_base.py`: the state the parts share (memo, caches, module switches, sinks).
- `frame.py`: `Frame` (one function's environment, facts, returns) and `EventSink`.
- `statements.py`: assignments, if/for/while/try/match, joins of branch states (`_merge`).
- `expressions.py`: names, attributes, subscripts, arithmetic, comparisons, comprehensions.
- `calls.py`: following calls into the analysed code, call dispatch, submodules, `super()`.
- `torch_calls.py`: builtins, math/numpy, the torch function tables, tensor methods.
- `lookup.py`: where names lead: imports of other modules, `self` attributes, methods.
- `conditions.py`: reported conditions, `is_exporting()`/`self.training` tests, `isinstance`
  narrowing, `torch._check` facts.
Values and kinds are in `kinds.py`, shapes in `shapes.py`, the tables of torch names in
`tables.py` and `tensor_api.py`, fact arithmetic in `facts.py`.
"""

from __future__ import annotations

import ast

from exportlint.analysis.call_sites import sequence_arguments
from exportlint.analysis.calls import CallsMixin, is_static_method
from exportlint.analysis.conditions import ConditionsMixin
from exportlint.analysis.expressions import ExpressionsMixin
from exportlint.analysis.frame import AnyFunction, EventSink, Frame
from exportlint.analysis.imports import dotted
from exportlint.analysis.kinds import STATIC, UNKNOWN, Kind, Value, sequence
from exportlint.analysis.kinds import copy_with as replace  # dataclasses.replace, cheaper
from exportlint.analysis.lookup import LookupMixin
from exportlint.analysis.params import (
    annotation_value,
    defaults_by_param,
    looks_like_int,
    looks_like_object,
    used_as_tensor,
)
from exportlint.analysis.shapes import with_dynamic_axes
from exportlint.analysis.statements import StatementsMixin
from exportlint.analysis.surface import EntryPoint
from exportlint.analysis.torch_calls import TorchCallsMixin

__all__ = ["AnyFunction", "EventSink", "Frame", "Interpreter"]


class Interpreter(
    StatementsMixin,
    ConditionsMixin,
    ExpressionsMixin,
    CallsMixin,
    TorchCallsMixin,
    LookupMixin,
):
    """Interprets the entry points of one module (and what they call), emitting events."""

    # ----------------------------------------------------------------- entry points

    def run(self, entry: EntryPoint) -> None:
        fn = entry.function
        args = fn.args
        positional = [*args.posonlyargs, *args.args]
        is_method = bool(entry.owner) and not is_static_method(fn)
        values: list[Value] = []
        example = self.info.example_args.get("args", [])
        params = positional[1:] if is_method else positional
        defaults = defaults_by_param(args)
        # The file's own `dynamic_shapes` says which axes of the exported model's inputs are
        # dynamic: the others are static, whatever the code does with them.
        shapes = self.info.example_args.get("dynamic_shapes")
        exported = shapes is not None and (entry.owner == "Model" or self._only_model(entry))
        # A submodule's forward: what the file's own call sites pass (a list of feature maps).
        # Only an unannotated parameter reads it (see `_param_value`): the search walks the
        # classes that build the submodule, and most forwards annotate every parameter.
        hinted = entry.owner and not exported and any(p.annotation is None for p in params)
        passed = sequence_arguments(self.info, entry.owner) if hinted else {}
        for index, param in enumerate(params):
            hint = passed.get(index) or (example[index] if index < len(example) else None)
            value = self._param_value(param, defaults.get(param.arg), hint, fn)
            if exported and shapes is not None:
                spec = shapes[index] if index < len(shapes) else None
                value = with_dynamic_axes(value, spec, hint, self._later_hints(index))
            values.append(value)
        kwonly = {a.arg: self._param_value(a, defaults.get(a.arg), None) for a in args.kwonlyargs}
        self_value = (
            Value(Kind.STATIC, is_self=True, owner=entry.owner, home=self.info)
            if is_method
            else None
        )
        self.call_function(fn, entry.owner, self_value, values, kwonly, entry=True)

    def _later_hints(self, index: int) -> list[ast.expr | None]:
        """Argument `index` in the file's later input sets (`example_inputs[1:]`)."""
        out: list[ast.expr | None] = []
        found = self.info.example_args
        while f"args{len(out) + 1}" in found:
            later = found[f"args{len(out) + 1}"]
            out.append(later[index] if index < len(later) else None)
        return out

    def _only_model(self, entry: EntryPoint) -> bool:
        modules = [c for c in self.info.classes.values() if c.is_module and "forward" in c.methods]
        return len(modules) == 1 and modules[0].node.name == entry.owner

    def _param_value(
        self,
        param: ast.arg,
        default: ast.expr | None,
        hint: ast.expr | None,
        function: ast.AST | None = None,
    ) -> Value:
        origin = f"argument `{param.arg}`"
        if param.annotation is not None:
            annotated = annotation_value(param.annotation)
            if annotated is None:
                return UNKNOWN  # annotated with a type we do not model (a Cache, a config...)
            return replace(annotated, input_alias=annotated.kind is Kind.TENSOR, origin=origin)
        if hint is not None and isinstance(hint, (ast.Tuple, ast.List, ast.Dict, ast.Constant)):
            # The file's own example inputs show this argument is not a tensor.
            if isinstance(hint, ast.Constant):
                return STATIC.with_origin(origin)
            items = hint.elts if isinstance(hint, (ast.Tuple, ast.List)) else []
            if items and all(isinstance(item, ast.Constant) for item in items):
                return sequence(STATIC, source="input")  # `(3, 4)`: Python numbers
            return sequence(Value(Kind.TENSOR, dynamic=True, input_alias=True), source="input")
        if isinstance(hint, ast.Call) and (dotted(hint.func) or "").startswith("torch."):
            return Value(Kind.TENSOR, dynamic=True, input_alias=True, origin=origin)
        if default is not None:
            if isinstance(default, ast.Constant) and default.value is None:
                if looks_like_int(param.arg) or looks_like_object(param.arg):
                    return UNKNOWN
                return Value(
                    Kind.TENSOR, dynamic=True, input_alias=True, optional=True, origin=origin
                )
            if isinstance(default, (ast.Constant, ast.Tuple, ast.List, ast.Dict)):
                return STATIC.with_origin(origin)
            return UNKNOWN
        if looks_like_object(param.arg) or (
            looks_like_int(param.arg)
            and not (function is not None and used_as_tensor(function, param.arg))
        ):
            return UNKNOWN  # `patch_height`, `past_key_values`: most likely not a tensor
        return Value(Kind.TENSOR, dynamic=True, input_alias=True, assumed=True, origin=origin)
