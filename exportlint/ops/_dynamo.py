"""Teach dynamo (``torch.export.export(strict=True)``, ``torch.compile``) our operator.

When dynamo meets a :class:`~torch._ops.HigherOrderOperator` it looks its name up in
``torch._dynamo.variables.higher_order_ops._hop_name_to_variable_class`` and, for a name it
does not know, stops with ``Unsupported: unsupported HigherOrderOperator`` (export then
reports it as an ``UncapturedHigherOrderOpError`` / graph break).  torch's own loop
operators (``map``, ``while_loop``, ``scan``) each have an entry there: a variable tracker
that *speculates* the body into a subgraph with ``speculate_subgraph`` (which also lifts
the tensors the body reads from its closure into extra inputs) and emits one
``call_function`` node for the operator.

There is no public registration API, so :func:`register` adds one entry for our operator
to that table, with a tracker written like torch's ``MapHigherOrderVariable``.  Nothing of
torch is modified.  The call node is created without an example value, so dynamo obtains
the output metadata by running the operator's fake-tensor rule (fresh unbacked sizes on
the concatenation axes) -- never from the body's one-iteration output.

Everything here is private torch API; :func:`register` therefore swallows import errors:
on a torch where these names moved, ``strict=False`` keeps working and ``strict=True``
fails with dynamo's own ``unsupported HigherOrderOperator`` message.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import torch

from exportlint.ops._loop import HOP_NAME

if TYPE_CHECKING:
    from torch._dynamo.symbolic_convert import InstructionTranslatorBase
    from torch._dynamo.variables.base import VariableTracker

__all__ = ["register"]

_REGISTERED = False


def register() -> bool:
    """Register the dynamo variable tracker for ``simple_loop_for`` (idempotent).

    Returns whether dynamo now knows the operator.
    """
    global _REGISTERED
    if _REGISTERED:
        return True
    try:
        from torch._dynamo.variables import higher_order_ops as hops

        table = hops._hop_name_to_variable_class
        variable_class = _make_variable_class(hops)
    except (ImportError, AttributeError):  # pragma: no cover - depends on the torch version
        return False
    if not isinstance(table, dict):  # pragma: no cover - depends on the torch version
        return False
    table[HOP_NAME] = variable_class
    _REGISTERED = True
    return True


def _make_variable_class(hops: Any) -> Any:
    from torch._dynamo import graph_break_hints
    from torch._dynamo.exc import unimplemented
    from torch._dynamo.utils import unpack_iterable
    from torch._dynamo.variables.lazy import LazyVariableTracker
    from torch._dynamo.variables.tensor import TensorVariable

    class SimpleLoopForHigherOrderVariable(hops.TorchHigherOrderOperatorVariable):  # type: ignore[misc]
        """``simple_loop_for_op(n_iter, body_fn, operands, concatenation_dims)``."""

        _HOP_NAME = "exportlint.ops.simple_loop_for"
        # Like cond/map/scan: a graph break inside the body is an error, not a fallback.
        _ALLOW_FALLBACK_TO_EAGER = False
        supports_input_mutation = False
        # The body may return a view of an operand (`x[s:e]`): the operator always
        # concatenates into a new tensor, so its outputs never alias its inputs.
        supports_aliasing = True

        def _call_function(
            self,
            tx: InstructionTranslatorBase,
            args: list[VariableTracker],
            kwargs: dict[str, VariableTracker],
        ) -> VariableTracker:
            args, kwargs = LazyVariableTracker.realize_all((args, kwargs))
            if kwargs or len(args) != 4:
                unimplemented(
                    gb_type="simple_loop_for: improper args/kwargs",
                    context=f"args: {args}, kwargs: {kwargs}",
                    explanation="simple_loop_for_op takes exactly (n_iter, body_fn, "
                    "operands, concatenation_dims); call exportlint.ops.simple_loop_for",
                    hints=[*graph_break_hints.USER_ERROR],
                )
            n_iter, body_fn, operands, dims = args
            hops._check_supported_callable_arg(tx, body_fn, "body_fn")
            if not isinstance(n_iter, TensorVariable):
                unimplemented(
                    gb_type="simple_loop_for: n_iter is not a tensor",
                    context=str(n_iter),
                    explanation="n_iter must be a 0-d int64 tensor",
                    hints=[*graph_break_hints.USER_ERROR],
                )
            operand_vars = unpack_iterable(tx, operands)
            hops._check_all_tensorvariable(operand_vars)

            # The index seen by the body: a clone of n_iter (same metadata: 0-d int64)
            # that is not a constant, or `i.item()` would be specialised to n_iter.
            with hops.discard_graph_changes(tx):
                index = n_iter.call_method(tx, "clone", args=[], kwargs={})
                index.as_proxy().node.meta["example_value"].constant = None

            (body_r, body_spec), body_graph, body_lifted_freevars = hops.speculate_subgraph(
                tx,
                body_fn,
                [index, *operand_vars],
                {},
                self._HOP_NAME,
                source_target=self.value,
                set_subgraph_inputs="flatten_manual",
                should_flatten_outputs=True,
                remove_consts_from_outputs=False,
                supports_input_mutation=self.supports_input_mutation,
                supports_aliasing=self.supports_aliasing,
            )
            hops._check_all_tensorvariable(unpack_iterable(tx, body_r))

            body_gm = torch.fx.GraphModule(dict(tx.output.nn_modules), body_graph)
            body_name = tx.output.install_subgraph("simple_loop_for_body", body_gm)
            body_node = hops.make_attr(tx, body_name)
            p_args = (
                n_iter.as_proxy(),
                body_node,
                tuple(
                    [operand.as_proxy() for operand in operand_vars]
                    + list(body_lifted_freevars.keys())
                ),
                dims.as_python_constant(),
            )
            # example value None: dynamo runs the operator's fake rule for the outputs.
            result: VariableTracker = hops._call_function_and_unflatten_output(
                tx, self.value, p_args, {}, None, body_spec, body_r
            )
            return result

    return SimpleLoopForHigherOrderVariable
