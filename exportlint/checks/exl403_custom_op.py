"""EXL403: custom operators, which torch.export keeps opaque and torch.onnx cannot translate."""

from __future__ import annotations

import ast
import contextlib
from typing import Any

from exportlint.analysis import events
from exportlint.analysis.imports import qualified_name
from exportlint.checks.base import Rule, candidates, source
from exportlint.checks.interests import Calls
from exportlint.codemods import NotRewritable
from exportlint.config import Settings
from exportlint.diagnostics import Fix, Severity
from exportlint.fixes import display_only

# Namespaces of torch's own operators: ATen and the decompositions ONNX knows.
_BUILTIN_NAMESPACES = frozenset(
    {"aten", "prims", "prim", "higher_order", "profiler", "_c10d_functional", "c10d_functional"}
)
_DEFINERS = frozenset({"torch.library.custom_op", "torch.library.triton_op"})
_COMPOSITE = "CompositeImplicitAutograd"
_FAKE_WORDS = ("register_fake", "impl_abstract", "register_meta")


class CustomOp(Rule):
    code = "EXL403"
    name = "custom-op"
    severity = Severity.ERROR
    summary = "a custom operator: no ONNX translation (and no export without a fake kernel)"

    VALID = (
        "return torch.ops.aten.mul.Tensor(x, 2)",
        "return torch.ops.prims.convert_element_type(x, torch.float16)",
    )
    INVALID = (
        "return torch.ops.mylib.fused_gelu(x)",
        "return torch.ops.vllm.moe_align(x, y).sum()",
    )

    translated: frozenset[str] = frozenset()
    _ops: dict[str, tuple[str, ast.FunctionDef | ast.AsyncFunctionDef]] | None = None

    def configure(self, settings: Settings) -> None:
        self.translated = frozenset(settings.onnx_translated_ops)

    # `values`: a function of the file defined as a custom operator, called by its name.
    calls = Calls(prefixes=("torch.ops.",), values=True)

    def call(self, event: events.Call) -> None:
        name = event.qualname or ""
        if name.startswith("torch.ops."):
            parts = name.split(".")
            if len(parts) < 4 or parts[2] in _BUILTIN_NAMESPACES:
                return
            by_name = f"{parts[2]}::{parts[3]}"
            if self._composite(by_name):
                return  # torch's own decomposition: export traces the kernel's body
            defined = next((f for o, f in self._nested_ops().values() if o == by_name), None)
            # The call written here (not one reached through a helper or a registry).
            direct = not event.through and (
                qualified_name(event.node.func, self.ctx.imports, ()) == name
            )
            found = (
                self._candidates(defined, by_name, True)
                if defined is not None
                else self._implementations(event.node, by_name)
                if direct
                else []
            )
            self._report(event, by_name, None, found)
            return
        callee = event.callee
        function = callee.func if callee is not None else None
        if isinstance(function, (ast.FunctionDef, ast.AsyncFunctionDef)):
            op = self._defined_op(function)
            if op is not None:
                has_fake = self._has_fake(op, function.name)
                self._report(event, op, has_fake, self._candidates(function, op, has_fake))
            return
        func = event.node.func
        if isinstance(func, ast.Name) and func.id in self._nested_ops():
            # `numpy_sin = _make_op()` where the factory defines `numpy_sin` as a custom op.
            op, defined = self._nested_ops()[func.id]
            has_fake = self._has_fake(op, func.id)
            self._report(event, op, has_fake, self._candidates(defined, op, has_fake))

    def _candidates(
        self, function: ast.FunctionDef | ast.AsyncFunctionDef, op: str, has_fake: bool
    ) -> list[Fix]:
        """Trace the body (torch.onnx can then translate it) when it is torch code, then a
        fake kernel (export can then trace the call) when there is none."""
        from exportlint.codemods import custom_ops  # libcst: only when a fix is built

        found: list[Fix] = []
        # numpy in the body: export cannot trace it (`.numpy()` of a fake tensor), so only
        # the fake kernel can help.
        if not custom_ops.body_uses_host(self.ctx, function):
            with contextlib.suppress(NotRewritable):
                found.append(custom_ops.trace_body(self.ctx, function, op))
        if not has_fake:
            with contextlib.suppress(NotRewritable):
                found.append(custom_ops.add_fake(self.ctx, function))
        return found

    def _implementations(self, call: ast.Call, op: str) -> list[Fix]:
        """An operator defined elsewhere (`Library.define` + `impl`): call the Python
        kernel the file registers for it, one candidate per plausible kernel."""
        from exportlint.codemods import custom_ops  # libcst: only when a fix is built

        found: list[Fix] = []
        for function in custom_ops.registered_implementations(self.ctx, op):
            with contextlib.suppress(NotRewritable):
                found.append(custom_ops.call_implementation(self.ctx, call, function, op))
        imported = custom_ops.imported_implementation(self.ctx, op)
        if imported is not None and not found:
            with contextlib.suppress(NotRewritable):
                found.append(custom_ops.call_imported(self.ctx, call, imported, op))
        # The kernel registered for a device, registered as torch's own decomposition
        # instead: after the direct call (its name is None under `@torch.library.impl`).
        for key, function in custom_ops.composite_kernels(self.ctx, op):
            with contextlib.suppress(NotRewritable):
                found.append(custom_ops.composite_kernel(self.ctx, key, function.name, op))
        return found

    def _composite(self, op: str) -> bool:
        """The file registers a Python kernel of `op` under CompositeImplicitAutograd
        (`@torch.library.impl("ns::op", "CompositeImplicitAutograd")`, `lib.impl("op", fn,
        "CompositeImplicitAutograd")`): torch.export traces its ATen operators (measured)."""
        text = "\n".join(self.ctx.lines)
        if _COMPOSITE not in text or self.ctx.tree is None:
            return False
        name = op.partition("::")[2]
        for node in ast.walk(self.ctx.tree):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr == "impl"
                and node.args
                and isinstance(node.args[0], ast.Constant)
                and node.args[0].value in (op, name)
                and any(
                    isinstance(v, ast.Constant) and v.value == _COMPOSITE
                    for v in [*node.args[1:], *(k.value for k in node.keywords)]
                )
            ):
                return True
        return False

    def _nested_ops(self) -> dict[str, tuple[str, ast.FunctionDef | ast.AsyncFunctionDef]]:
        """Custom operators defined anywhere in the file (in factories too), by name."""
        if self._ops is None:
            self._ops = {}
            tree = self.ctx.tree
            # Walking a whole module is not cheap: only files that mention a definer do.
            # (Kept on the tree: a shared module's sink is made again for every linted file.)
            mentions = getattr(tree, "_exportlint_mentions_ops", None)
            if mentions is None:
                text = "\n".join(self.ctx.lines)  # one search in C, not one per line
                mentions = "custom_op" in text or "triton_op" in text
                if tree is not None:
                    tree._exportlint_mentions_ops = mentions  # type: ignore[attr-defined]
            if tree is not None and mentions:
                for node in ast.walk(tree):
                    if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                        op = self._defined_op(node)
                        if op is not None:
                            self._ops[node.name] = (op, node)
        return self._ops

    def _defined_op(self, function: ast.FunctionDef | ast.AsyncFunctionDef) -> str | None:
        for decorator in function.decorator_list:
            if not isinstance(decorator, ast.Call) or not decorator.args:
                continue
            if qualified_name(decorator.func, self.ctx.imports, ()) not in _DEFINERS:
                continue
            first = decorator.args[0]
            if isinstance(first, ast.Constant) and isinstance(first.value, str):
                return first.value
            return function.name
        return None

    def _has_fake(self, op: str, function: str) -> bool:
        """A fake (meta) kernel registered in this file: `@fn.register_fake`,
        `torch.library.register_fake("ns::op")`, `impl_abstract`."""
        text = "\n".join(self.ctx.lines)
        for word in _FAKE_WORDS:
            if f"{function}.{word}" in text:
                return True
            for quote in ('"', "'"):
                if f"{word}({quote}{op}{quote}" in text:
                    return True
        return False

    def _report(
        self, event: events.Call, op: str, has_fake: bool | None, found: list[Fix] | None = None
    ) -> None:
        if op in self.translated and has_fake is not False:
            return
        if has_fake is False:
            why = (
                f"custom operator `{op}` has no fake (meta) implementation: torch.export "
                "cannot trace it"
            )
        else:
            why = (
                f"custom operator `{op}`: torch.export keeps it opaque and torch.onnx has no "
                "translation for it (DispatchError: No ONNX function found)"
            )
        if event.through:
            why += f" (reached through {event.through})"
        self.report(
            event.node,
            f"`{source(event.node, 40)}`: {why}",
            event.stmt,
            help="register a fake implementation (torch.library.register_fake) and give the "
            "ONNX exporter a translation (custom_translation_table); list translated "
            "operators in `onnx-translated-ops`",
            **self._as_candidates(found or []),
        )

    @staticmethod
    def _as_candidates(found: list[Fix]) -> dict[str, Any]:
        first, alternatives = candidates(found or [_ADVICE])
        return {"fix": first, "alternatives": alternatives}


_ADVICE = display_only(
    "Write it with ATen operators, or provide torch.library.register_fake and an onnxscript "
    "translation in torch.onnx.export(custom_translation_table=...)"
)
