from __future__ import annotations

import ast
from functools import partial

from exportlint.analysis import events
from exportlint.analysis.kinds import Kind, is_constant_tensor
from exportlint.candidates import Candidate, build_candidates
from exportlint.checks.base import Rule, candidates, kind_phrase, source
from exportlint.checks.causal_masks import detected_mask, hint_position, mask_argument
from exportlint.checks.distributions import (
    project_subclass,
    takes_validate_args,
    validating_distribution,
    validating_sample,
)
from exportlint.checks.interests import Calls
from exportlint.codemods import NotRewritable, failed_rewrite
from exportlint.diagnostics import Fix, Severity
from exportlint.fixes import display_only

_WHAT = {
    "if": "an `if` test",
    "elif": "an `elif` test",
    "while": "a `while` test",
    "ternary": "a conditional expression",
    "assert": "an `assert`",
    "bool": "`bool()`",
    "and": "an `and` operand",
    "or": "an `or` operand",
    "not": "a `not` operand",
    "comprehension": "a comprehension filter",
}


_ADVICE = {
    "if": "Rewrite with torch.cond(pred, true_fn, false_fn, operands)",
    "while": "Rewrite the loop with torch._higher_order_ops.while_loop, or vectorise it",
    "bool": "Keep the value a tensor: torch.where(...) / torch.cond(...) instead of bool()",
    "and": "Combine tensor conditions with torch.logical_and / `&` and branch with torch.cond",
    "or": "Combine tensor conditions with torch.logical_or / `|` and branch with torch.cond",
    "not": "Negate tensor conditions with torch.logical_not / `~` and branch with torch.cond",
    "comprehension": "Filter with a mask (torch.where, boolean indexing) instead of `if`",
}


class TensorCondition(Rule):
    code = "EXL101"
    name = "tensor-condition"
    severity = Severity.ERROR
    summary = "Python control flow on a tensor or on data read out of a tensor"

    VALID = (
        "if y is None:\n    return x\nreturn x + y",
        "if x.dim() == 3 and self.training:\n    x = x.mean(0)\nreturn x",
        "a = x.item()\ntorch._check(a >= 0)\ntorch._check(a <= 5)\n"
        "if a < 6:\n    return y.sin()\nreturn y.cos()",
        "return torch.where(x.sum() > 0, x, -x)",
        "mask = None\nif mask:\n    x = x * mask\nreturn x",
        "d = torch.distributions.Normal(x, 1.0, validate_args=False)\nreturn d.log_prob(y)",
    )
    INVALID = (
        "if x.sum() > 0:\n    return x\nreturn -x",
        "n = y.item()\nwhile n > 0:\n    n = n - 1\nreturn x",
        "return x if (x > 0).all() else -x",
        "assert (x >= 0).all()\nreturn x",
        "flag = bool(x.max() > 1)\nreturn x",
        "return torch.distributions.Normal(x, 1.0).log_prob(y)",
    )

    def condition(self, event: events.Condition) -> None:
        value = event.value
        if value.kind not in (Kind.TENSOR, Kind.DATA) or value.optional or value.is_container:
            return
        if is_constant_tensor(value):
            return  # torch.tensor(<Python value>): export knows its value
        first, others = candidates(self._fixes(event))
        what = _WHAT.get(event.context, "a condition")
        self.report(
            event.node,
            f"`{source(event.node)}` is {kind_phrase(value)} used as {what}; torch.export "
            "cannot decide it at trace time",
            event.stmt,
            help="use torch.cond(pred, true_fn, false_fn, operands), torch.where(...) for "
            "same-shape branches, or torch._check(...) for an assertion",
            fix=first,
            alternatives=others,
        )

    # A transformer stack handed a mask (`self.encoder(x, mask)`, `nn.X(...)(x, mask)`), a
    # distribution built (`Normal(mu, std)`, a file's subclass called by name) or its
    # `log_prob` / `cdf`.
    calls = Calls(
        prefixes=("torch.distributions.",),
        methods=frozenset({"log_prob", "cdf"}),
        self_methods=True,
        values=True,
    )

    def call(self, event: events.Call) -> None:
        detected = detected_mask(event, self.ctx) if event.qualname is None else None
        if detected is not None:
            layer, mask, flag = detected
            first, others = self._causal_fixes(event.node, layer, mask, flag)
            self.report(
                event.node,
                f"`{source(event.node, 40)}` hands `{mask}` to nn.{layer}, which compares the "
                "mask's values with a causal mask in Python (`_detect_is_causal_mask`); "
                "torch.export cannot decide it at trace time",
                event.stmt,
                help=f"pass {flag}=True when the mask is causal (or {flag}=False): the mask is "
                "then used as given, not inspected",
                fix=first,
                alternatives=others,
            )
            return
        checked = validating_sample(event, self.ctx.lines, self.ctx.imports, self.ctx.tree)
        if checked is not None:
            self.report(
                event.node,
                f"`{source(event.node, 40)}` checks its value with a Python `if` on tensor data "
                f"({checked} validates the sample's support); torch.export cannot decide it at "
                "trace time",
                event.stmt,
                help=f"build it with {checked}(..., validate_args=False), or call "
                "torch.distributions.Distribution.set_default_validate_args(False) before export",
                fix=display_only(
                    f"Build it with `{checked}(..., validate_args=False)`: the values are the "
                    "same, only the checks are skipped"
                ),
            )
            return
        # A condition hidden in a library: torch.distributions validates its arguments.
        distribution = validating_distribution(
            event, self.ctx.lines, self.ctx.tree, self.ctx.imports
        )
        if distribution is None:
            return
        where = f"{distribution}(...)"
        tree = self.ctx.tree
        subclass = (
            project_subclass(event.node.func, tree, self.ctx.imports) if tree is not None else None
        )
        own_init = subclass is not None and not takes_validate_args(subclass[0])
        if subclass is not None and own_init:
            # Its own `__init__` would reject the keyword: it goes to the base it calls.
            where = f"the {subclass[1]} constructor `{distribution}.__init__` calls"
        self.report(
            event.node,
            f"`{source(event.node, 40)}` validates its arguments with a Python `if` on tensor "
            "data (`constraint.check(value).all()`); torch.export cannot decide it at trace time",
            event.stmt,
            help=f"pass validate_args=False to {where}, or call "
            "torch.distributions.Distribution.set_default_validate_args(False) before export",
            fix=self._validation_fix(event, distribution, where if own_init else ""),
        )

    def _causal_fixes(
        self, node: ast.Call, layer: str, mask: str, flag: str
    ) -> tuple[Fix | None, tuple[Fix, ...]]:
        """`fix`/`alternatives` for a stack called with a mask and no causal hint:
        `flag=False` (exact), then `flag=True` when the mask is built causal in this code."""
        # The codemods (and libcst) are imported only when a fix is built.
        from exportlint.codemods.causal_hints import builds_causal_mask, rewrite_causal_hint

        at = hint_position(layer, flag)
        found = [
            Candidate(
                "Pass the causal hint",
                partial(rewrite_causal_hint, self.ctx, node, flag, at, False),
            )
        ]
        if builds_causal_mask(self.ctx, node, mask_argument(node, layer, mask)):
            found.append(
                Candidate(
                    "Pass the causal hint",
                    partial(rewrite_causal_hint, self.ctx, node, flag, at, True),
                )
            )
        kept, _ = build_candidates(self.ctx, found, self.code, node)
        advice = display_only(
            f"Pass `{flag}=True` if `{mask}` is the causal mask, `{flag}=False` otherwise"
        )
        return candidates([*kept, advice])

    def _validation_fix(self, event: events.Call, distribution: str, elsewhere: str) -> Fix:
        advice = display_only(
            f"Build it with `{distribution}(..., validate_args=False)`: the values are the "
            "same, only the argument checks are skipped"
        )
        if elsewhere:
            return display_only(
                f"Pass `validate_args=False` to {elsewhere}: the values are the same, only the "
                "argument checks are skipped"
            )
        try:
            from exportlint.codemods.validation import rewrite_validate_args

            return rewrite_validate_args(self.ctx, event.node, distribution)
        except NotRewritable:
            return advice
        except Exception as error:  # a codemod bug costs a fix, not the lint
            failed_rewrite(error)
            return advice

    def _fixes(self, event: events.Condition) -> list[Fix]:
        try:
            return self._rewrite(event)
        except NotRewritable as why:
            return [display_only(f"{_ADVICE.get(event.context, _ADVICE['if'])} ({why})")]
        except Exception as error:  # a codemod bug costs a fix, not the lint
            advice = _ADVICE.get(event.context, _ADVICE["if"])
            return [display_only(f"{advice} ({failed_rewrite(error)})")]

    def _data_checks(self, event: events.Condition) -> list[Fix]:
        """An `assert`, or an `if` that only raises in one branch: `torch._check` candidates
        (exportlint.codemods.data_checks); [] when the statement is no such check."""
        stmt = event.stmt
        if not (
            (event.context == "assert" and isinstance(stmt, ast.Assert))
            or (event.context in ("if", "elif") and isinstance(stmt, ast.If))
        ):
            return []
        from exportlint.codemods import data_checks

        if event.context == "elif" or not data_checks.is_data_check(self.ctx, stmt):
            return []
        try:
            return data_checks.check_candidates(self.ctx, stmt, event.env, event.value, event.node)
        except NotRewritable:
            return []

    def _rewrite(self, event: events.Condition) -> list[Fix]:
        # The codemods (and libcst) are imported only when a fix is built.
        from exportlint.codemods.branches import (
            rewrite_assert,
            rewrite_bool,
            rewrite_if,
            rewrite_raise_guard,
            rewrite_ternary,
        )

        stmt, node = event.stmt, event.node
        checks = self._data_checks(event)
        if checks:
            return checks
        if event.context in ("if", "elif") and isinstance(stmt, ast.If):
            if event.guard_only:
                guard = rewrite_raise_guard(self.ctx, stmt, event.value)
                if guard is not None:
                    return [guard]
            found = rewrite_if(self.ctx, stmt, event.env, event.function, event.value)
            if not any(f.edits for f in found) and event.context == "if":
                # `if mask.all(): mask = None`: a shortcut torch.cond cannot express.
                from exportlint.codemods.fast_paths import fast_path_candidates

                return fast_path_candidates(self.ctx, stmt) or found
            return found
        if event.context == "ternary":
            parent = self.ctx.parent(node)
            if isinstance(parent, ast.IfExp) and parent.test is node:
                if event.value.kind is Kind.DATA:
                    # `pos = 1 if len(indices) > 1 else 0`: choose symbolically, as for sizes.
                    from exportlint.codemods.branches import rewrite_size_ternary

                    try:
                        return [rewrite_size_ternary(self.ctx, parent, event.env, data=True)]
                    except NotRewritable:
                        pass
                return [rewrite_ternary(self.ctx, parent, event.value)]
        if event.context == "bool":
            call = self.ctx.parent(node)
            if (
                isinstance(call, ast.Call)
                and isinstance(call.func, ast.Name)
                and call.func.id == "bool"
                and len(call.args) == 1
                and call.args[0] is node
                and not call.keywords
            ):
                return [rewrite_bool(self.ctx, call, event.value)]
        if isinstance(stmt, ast.While) and any(n is node for n in ast.walk(stmt.test)):
            # The test, or a part of it (`while not bool(t.all())`): the loop is the fix.
            from exportlint.codemods.while_loops import rewrite_while_loop

            return [rewrite_while_loop(self.ctx, stmt, event.env, event.function)]
        if event.context == "assert" and isinstance(stmt, ast.Assert) and stmt.test is node:
            return [rewrite_assert(self.ctx, stmt, event.value)]
        return [display_only(_ADVICE.get(event.context, _ADVICE["if"]))]
