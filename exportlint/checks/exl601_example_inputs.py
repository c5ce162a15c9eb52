"""EXL601: example inputs that torch.export cannot generalise from.

Read from the export call sites and example-input conventions of the file (never run):
a size 0 or 1 traced on a dimension `dynamic_shapes` declares dynamic, a size a named Dim
cannot take (another size of the same Dim, outside its bounds), a `dynamic_shapes`
dict whose keys are not the inputs the export passes, and a Python int, bool or float input
whose value differs between input sets (export bakes the traced value).
"""

from __future__ import annotations

import ast
import contextlib
from collections.abc import Sequence

from exportlint.analysis.export_calls import (
    ExportSite,
    Hint,
    NamedDim,
    Unreadable,
    axis_hints,
    dim_hint,
    example_tensor,
    named_dim,
    spec_for,
)
from exportlint.checks.base import Rule, candidates, source
from exportlint.codemods import NotRewritable
from exportlint.codemods.example_inputs import (
    rewrite_example_size,
    rewrite_own_dim,
    rewrite_spec_key,
)
from exportlint.diagnostics import Fix, Severity
from exportlint.fixes import display_only

_DYNAMIC = (Hint.AUTO, Hint.DYNAMIC, Hint.NAMED)


class ExampleInputs(Rule):
    code = "EXL601"
    name = "example-inputs"
    severity = Severity.ERROR
    summary = (
        "example inputs export cannot generalise from: size 0/1 on a dynamic dimension, "
        "a size a named Dim cannot take, "
        "`dynamic_shapes` keys that are not the inputs, a Python int/bool/float that differs "
        "between input sets"
    )

    # Forward bodies of the test harness's `Model(x, y)`: the export call sits in it.
    VALID = (
        "ep = torch.export.export(Model(), (torch.randn(2, 4), torch.randn(2, 4)),\n"
        "    dynamic_shapes={'x': {0: torch.export.Dim.DYNAMIC}, 'y': None})\nreturn x",
        "ep = torch.export.export(Model(), (torch.randn(1, 4), torch.randn(1, 4)),\n"
        "    dynamic_shapes={'x': {1: torch.export.Dim.DYNAMIC}, 'y': None})\nreturn x",
    )
    INVALID = (
        "ep = torch.export.export(Model(), (torch.randn(1, 4), torch.randn(3, 4)),\n"
        "    dynamic_shapes={'x': {0: torch.export.Dim.DYNAMIC}, 'y': None})\nreturn x",
        "ep = torch.export.export(Model(), (torch.randn(2, 4), torch.randn(2, 4)),\n"
        "    dynamic_shapes={'inputs': {0: torch.export.Dim.DYNAMIC}, 'y': None})\nreturn x",
    )

    def export_sites(self, sites: Sequence[ExportSite]) -> None:
        for site in sites:
            self._keys(site)
            self._sizes(site)
            self._varying(site)

    # -------------------------------------------------------------- dynamic_shapes keys

    def _keys(self, site: ExportSite) -> None:
        spec = site.dynamic_shapes
        if spec is None or site.args is None:
            return
        if isinstance(spec, (ast.Tuple, ast.List)):
            # Positional: one entry per input, whatever the forward calls them.
            if not site.kwargs and len(spec.elts) != len(site.args):
                self.report(
                    spec,
                    f"`dynamic_shapes` has {len(spec.elts)} entries for the "
                    f"{len(site.args)} inputs the export passes: torch.export fails "
                    '("Detected mismatch between the structure of `inputs` and '
                    '`dynamic_shapes`")',
                    site.stmt,
                    help="give one entry per input, in order (`None` for an input with no "
                    "dynamic dimension)",
                    fix=display_only("One entry per input, in the order of the arguments"),
                )
            return
        signature = site.signature()
        if not isinstance(spec, ast.Dict) or signature is None:
            return
        positional, keyword_only = signature
        if len(site.args) > len(positional):
            return  # more inputs than the forward takes: another mistake, not ours to judge
        passed = [*positional[: len(site.args)], *(name for name, _ in site.kwargs)]
        owner = f"{site.model}.forward"
        keys: list[tuple[str, ast.expr]] = []
        for key in spec.keys:
            if not (isinstance(key, ast.Constant) and isinstance(key.value, str)):
                return  # `**other` or computed keys: we cannot tell what is there
            keys.append((key.value, key))
        every = [*positional, *keyword_only]
        named = {name for name, _ in keys}
        missing = [name for name in passed if name not in named]
        strays = [name for name, _ in keys if name not in every]
        for name, key in keys:
            if name in passed:
                continue
            if name not in every:
                why = f"`{owner}` has no argument `{name}` (its arguments: {', '.join(every)})"
            else:
                why = f"this export does not pass `{name}` (it passes {', '.join(passed)})"
            hint = display_only(f"Use the argument names of `{owner}`: {', '.join(passed)}")
            # One key naming no argument and one passed argument without a key: the key
            # was meant for it (`"mask"` for `attention_mask`). Anything else is a guess.
            if strays == [name] and len(missing) == 1 and isinstance(key, ast.Constant):
                hint = rewrite_spec_key(self.ctx, key, missing[0])
            self.report(
                key,
                f'`dynamic_shapes` names `{name}`: {why}; torch.export fails ("its top-level '
                'keys must be the arg names … of `inputs`")',
                site.stmt,
                help="key `dynamic_shapes` by the names of the forward's arguments that the "
                "export passes, exactly",
                fix=hint,
            )
        if missing and named <= set(every):
            listed = ", ".join(f"`{name}`" for name in missing)
            self.report(
                spec,
                f"`dynamic_shapes` has no key for {listed}, which the export passes to "
                f'`{owner}`: torch.export fails ("its top-level keys must be the arg names '
                '… of `inputs`")',
                site.stmt,
                help="add a key for every input the export passes (`None` when none of its "
                "dimensions is dynamic)",
                fix=display_only(f"Add {listed} to `dynamic_shapes` (`None` for a static input)"),
            )

    # -------------------------------------------------------------- example sizes

    def _sizes(self, site: ExportSite) -> None:
        """Each traced size against what `dynamic_shapes` says of its dimension."""
        if site.args is None or site.dynamic_shapes is None:
            return
        signature = site.signature()
        positional = signature[0] if signature is not None else []
        inputs = [
            (positional[i] if i < len(positional) else None, i, node)
            for i, node in enumerate(site.args)
        ]
        inputs.extend((name, -1, node) for name, node in site.kwargs)
        # Named Dims seen so far: name -> (size, input label, axis).
        seen: dict[str, tuple[int, str, int]] = {}
        for name, index, node in inputs:
            spec = spec_for(site, index, name)
            if spec is None or isinstance(spec, Unreadable):
                continue
            tensor = example_tensor(node, site.scope)
            if tensor is None:
                continue
            rank = len(tensor.sizes)
            label = name or _only_key(site) or f"input {index}"
            if isinstance(spec, (ast.Tuple, ast.List)) and len(spec.elts) != rank:
                self._report_rank(site, label, spec, rank)
                continue
            for entry in axis_hints(spec, site.scope):
                axis, hint, hint_node = entry.axis, entry.hint, entry.value
                if hint not in _DYNAMIC:
                    continue
                if hint is Hint.NAMED and -rank <= axis < 0:
                    # Measured on torch 2.13: a named Dim on a negative axis is honoured
                    # (counted from the end); only the Dim.AUTO/DYNAMIC hints ignore it.
                    axis += rank
                elif not 0 <= axis < rank:
                    if entry.key is not None:
                        self._report_ignored_axis(site, label, entry.key, axis, rank, hint)
                    continue
                size, size_node = tensor.sizes[axis]
                dim = named_dim(hint_node, site.scope)
                if size in (0, 1):
                    # torch.onnx.export retries what torch.export refuses: measured on torch
                    # 2.13, a size-1 example on a Dim.DYNAMIC axis exports there, dynamic.
                    if site.exporter != "torch.onnx":
                        known = seen.get(dim.name) if dim is not None else None
                        self._report_zero_one(site, label, axis, size, size_node, hint, dim, known)
                    continue
                if dim is None:
                    continue
                first = seen.setdefault(dim.name, (size, label, axis))
                if first[0] != size:
                    self._report_unequal(site, label, axis, size, size_node, dim, first, hint_node)
                elif (dim.minimum is not None and size < dim.minimum) or (
                    dim.maximum is not None and size > dim.maximum
                ):
                    self._report_range(site, label, axis, size, size_node, dim)

    def _report_rank(self, site: ExportSite, label: str, spec: ast.expr, rank: int) -> None:
        assert isinstance(spec, (ast.Tuple, ast.List))
        self.report(
            spec,
            f"`dynamic_shapes` gives `{label}` {len(spec.elts)} dimensions, its example has "
            f'{rank}: torch.export fails ("Expected dynamic shape spec ... to have the same '
            'length as the actual tensor shape")',
            site.stmt,
            help="one entry per dimension of the example, or a dict `{axis: Dim}`",
            fix=display_only(f"Give `{label}` {rank} entries"),
        )

    def _report_ignored_axis(
        self, site: ExportSite, label: str, key: ast.expr, axis: int, rank: int, hint: Hint
    ) -> None:
        why = "negative axes" if axis < 0 else "axes past the example's rank"
        outcome = (
            "torch.export fails on a named Dim past the example's rank"
            if hint is Hint.NAMED
            else f"torch.export silently ignores {why} given as Dim.AUTO/Dim.DYNAMIC, so no "
            f"dimension of `{label}` becomes dynamic by it (the program accepts only the "
            "traced size)"
        )
        self.report(
            key,
            f"`dynamic_shapes` declares axis {axis} of `{label}` (a {rank}-D example) dynamic: "
            + outcome,
            site.stmt,
            help=f"write the axis as an index from 0 to {rank - 1}"
            + (f" (`{axis + rank}` for `{axis}`)" if -rank <= axis < 0 else ""),
            fix=display_only("Use a non-negative axis within the example's rank"),
        )

    def _report_unequal(
        self,
        site: ExportSite,
        label: str,
        axis: int,
        size: int,
        node: ast.expr,
        dim: NamedDim,
        first: tuple[int, str, int],
        hint_node: ast.expr,
    ) -> None:
        other_size, other_label, other_axis = first
        hint = display_only(f"Make the examples agree on `{dim.name}`")
        ranked: list[Fix] = []
        # The examples say the sizes differ; the model most often lets them (queries and
        # memory of cross-attention): a dimension of its own, export infers any equality the
        # model needs. Else the examples were meant to agree.
        with contextlib.suppress(NotRewritable):
            ranked.append(rewrite_own_dim(self.ctx, hint_node, label, axis, dim.name))
        agree = _size_fix(
            self,
            hint,
            node,
            size,
            other_size,
            f"the size of `{other_label}` on the same Dim `{dim.name}`",
            label,
            axis,
        )
        if agree is not hint:
            ranked.append(agree)
        best, others = candidates(ranked or [hint])
        self.report(
            node,
            f"example size {size} on dimension {axis} of `{label}`, but the same Dim `{dim.name}` "
            f"is {other_size} on dimension {other_axis} of `{other_label}`: torch.export "
            f'fails ("{label}.size()[{axis}] = {size} is not equal to '
            f'{other_label}.size()[{other_axis}] = {other_size}")',
            site.stmt,
            help="give the examples equal sizes where they share a Dim, or give the "
            "dimensions different Dims",
            fix=best,
            alternatives=others,
        )

    def _report_range(
        self, site: ExportSite, label: str, axis: int, size: int, node: ast.expr, dim: NamedDim
    ) -> None:
        low = "0" if dim.minimum is None else str(dim.minimum)
        high = "inf" if dim.maximum is None else str(dim.maximum)
        # Called only for a size outside the bounds: below the minimum, or above the maximum.
        bound = dim.minimum if dim.minimum is not None and size < dim.minimum else dim.maximum
        self.report(
            node,
            f"example size {size} on dimension {axis} of `{label}` is outside the range "
            f"[{low}, {high}] of Dim `{dim.name}`: torch.export fails "
            f'("{size} not in range")',
            site.stmt,
            help=f"trace with a size within [{low}, {high}], or widen the Dim's bounds",
            fix=_size_fix(
                self,
                display_only(f"Trace with a size within the bounds of `{dim.name}`"),
                node,
                size,
                size if bound is None else bound,
                f"the nearest bound of `{dim.name}`",
                label,
                axis,
            ),
        )

    def _report_zero_one(
        self,
        site: ExportSite,
        label: str,
        axis: int,
        size: int,
        node: ast.expr,
        hint: Hint,
        dim: NamedDim | None,
        known: tuple[int, str, int] | None,
    ) -> None:
        if hint is Hint.AUTO:
            outcome = (
                f"torch.export specialises sizes 0 and 1, so the exported program accepts only "
                f'{size} there ("Guard failed: {label}.size()[{axis}] == {size}")'
            )
        else:
            outcome = (
                'torch.export fails: sizes 0 and 1 are specialised ("export 0/1 specialized" / '
                '"Constraints violated")'
            )
        self.report(
            node,
            f"example size {size} on dimension {axis} of `{label}`, which `dynamic_shapes` "
            f"declares dynamic ({hint.value}): {outcome}",
            site.stmt,
            help="trace with a size of at least 2 on dynamic dimensions; keep 0 or 1 only "
            "where the dimension is static (`Dim.STATIC` or `None`)",
            fix=_size_fix(
                self,
                display_only("Trace with a size of at least 2 on this dimension"),
                node,
                size,
                *_traceable_size(dim, known),
                label,
                axis,
            ),
        )

    # -------------------------------------------------------------- baked Python scalars

    def _varying(self, site: ExportSite) -> None:
        sets = site.input_sets
        if len(sets) < 2:
            return
        signature = site.signature()
        positional = signature[0] if signature is not None else []
        width = len(sets[0])
        for index in range(width):
            first = _scalar(sets[0][index], site)
            if first is None:
                continue
            for other in sets[1:]:
                if len(other) != width:
                    return
                value = _scalar(other[index], site)
                if value is None or value == first:
                    continue
                if type(value) is not type(first):
                    break
                name = positional[index] if index < len(positional) else None
                if type(first) is int and self._dynamic_int(site, index, name):
                    break
                self._report_baked(site, other[index], name or f"input {index}", first, value)
                break

    def _dynamic_int(self, site: ExportSite, index: int, name: str | None) -> bool:
        spec = spec_for(site, index, name)
        if spec is None:
            return False
        if isinstance(spec, Unreadable):
            return True  # it may be declared dynamic
        return dim_hint(spec, site.scope) in (*_DYNAMIC, Hint.UNKNOWN)

    def _report_baked(
        self, site: ExportSite, node: ast.expr, label: str, first: object, value: object
    ) -> None:
        kind = type(first).__name__
        self.report(
            node,
            f"`{label}` is the Python {kind} `{first!r}` in the traced inputs and "
            f"`{source(node, 20)}` here: torch.export bakes the traced value into the program "
            f'("Guard failed: {label} == {first!r}"), and the ONNX model always computes '
            f"with `{first!r}`",
            site.stmt,
            help=(
                "pass it as a tensor, mark an int dynamic in `dynamic_shapes` "
                "(`Dim.DYNAMIC`), or export one program per value"
                if kind == "int"
                else "pass it as a tensor (a bool: and branch with torch.cond / torch.where), "
                "or export one program per value"
            ),
            fix=display_only("Pass the value as a tensor, or export one program per value"),
        )


def _traceable_size(dim: NamedDim | None, known: tuple[int, str, int] | None) -> tuple[int, str]:
    """The size to trace a dynamic dimension at instead of 0/1, and why: the size another
    input already traces the same named Dim at, else 2 (the least size export keeps dynamic)
    raised to the Dim's minimum. -1 when the Dim's bounds leave no such size."""
    low = max(2, dim.minimum or 0) if dim is not None else 2
    high = dim.maximum if dim is not None else None
    if known is not None and known[0] >= low and (high is None or known[0] <= high):
        return known[0], f"the size `{known[1]}` traces the same Dim at"
    if high is not None and low > high:
        return -1, ""
    return low, "the least size export keeps dynamic" if low == 2 else "the Dim's minimum"


def _size_fix(
    rule: Rule,
    hint: Fix,
    node: ast.expr,
    size: int,
    new: int,
    why: str,
    label: str,
    axis: int,
) -> Fix:
    """The example-size candidate, or `hint` (display-only) where none can be written."""
    try:
        return rewrite_example_size(rule.ctx, node, size, new, why, label, axis)
    except NotRewritable:
        return hint


def _scalar(node: ast.expr, site: ExportSite) -> int | float | None:
    """A Python int, bool (an int too) or float written in an input set."""
    value = site.scope.value(node)
    if isinstance(value, ast.Constant) and isinstance(value.value, (int, float)):
        return value.value
    if isinstance(value, ast.UnaryOp) and isinstance(value.op, ast.USub):
        inner = _scalar(value.operand, site)
        if inner is not None and type(inner) is not bool:
            return -inner
    return None


def _only_key(site: ExportSite) -> str | None:
    """The name a one-key `dynamic_shapes` dict gives the one input."""
    spec = site.dynamic_shapes
    if isinstance(spec, ast.Dict) and len(spec.keys) == 1:
        key = spec.keys[0]
        if isinstance(key, ast.Constant) and isinstance(key.value, str):
            return key.value
    return None
