"""Candidates for hazard kinds that had none (issue 8, held-out kinds): a loop over the
positions of a tensor's non-zero entries read with `.tolist()` (mixture-of-experts routing)
becomes a loop over every position. What each writes, and the look-alikes that get none.
The catalogue goldens (rules/EXL202-host-conversion/fixed_tolist_*.py) prove the rewrite
with torch.export, ONNX and onnxruntime (tests/test_fixes_export.py).
"""

from __future__ import annotations

import textwrap

import pytest

from exportlint.diagnostics import Applicability, Diagnostic
from exportlint.engine import lint_source
from exportlint.fixer import apply_edits


def found(text: str, code: str) -> list[Diagnostic]:
    return [d for d in lint_source(text, "m.py") if d.code == code]


def fixed(text: str) -> str:
    """The text after EXL202's first candidate (the fixer's next round may go on: `route`,
    an argument, has a dynamic number of columns here, so the new loop is EXL401's; in the
    catalogue hazards the count is static)."""
    (diagnostic,) = found(text, "EXL202")
    assert diagnostic.fix is not None
    return apply_edits(text, diagnostic.fix.edits)


def model(body: str) -> str:
    return textwrap.dedent(
        """\
        import torch
        from torch import nn


        class Model(nn.Module):
            def __init__(self):
                super().__init__()
                self.experts = nn.ModuleDict({str(i): nn.Linear(4, 4) for i in range(3)})

            def forward(self, x, route):
        """
    ) + textwrap.indent(textwrap.dedent(body), " " * 8)


# ------------------------------------------------------- positions of non-zero entries


NAMED = model(
    """\
    out = x.clone()
    hits = torch.nonzero(route.sum(dim=0), as_tuple=True)[0].tolist()  # experts hit
    for e in hits:
        rows = route[:, e] > 0
        out[rows] = self.experts[str(e)](x[rows])
    return out
    """
)


def test_positions_only_iterated_become_every_position() -> None:
    (diagnostic,) = found(NAMED, "EXL202")
    assert diagnostic.fix is not None
    assert diagnostic.fix.applicability is Applicability.UNSAFE
    assert "hits = range(route.sum(dim=0).shape[0])  # experts hit\n" in fixed(NAMED)


@pytest.mark.parametrize(
    ("positions", "length"),
    [
        ("torch.where(route.sum(0) > 0)[0]", "route.sum(0)"),
        ("route.sum(0).nonzero().squeeze(-1)", "route.sum(0)"),
        ("torch.nonzero(route.sum(0) != 0)[:, 0]", "route.sum(0)"),
        ("torch.argwhere(route.any(0)).flatten()", "route.any(0)"),
    ],
)
def test_the_spellings_of_positions_in_a_loop_header(positions: str, length: str) -> None:
    text = model(
        f"""\
        out = x.clone()
        for e in {positions}.tolist():
            rows = route[:, e] > 0
            out[rows] = self.experts[str(e)](x[rows])
        return out
        """
    )
    assert found(text, "EXL202")
    assert f"        for e in range({length}.shape[0]):\n" in fixed(text)


def test_positions_through_a_name_of_the_tensor() -> None:
    text = model(
        """\
        out = x.clone()
        hit = torch.nonzero(route.sum(0) > 0).squeeze(-1)
        for e in hit.tolist():
            rows = route[:, e] > 0
            out[rows] = self.experts[str(e)](x[rows])
        return out
        """
    )
    assert "        for e in range(route.sum(0).shape[0]):\n" in fixed(text)


@pytest.mark.parametrize(
    "body",
    [
        # The positions are counted or kept: every position is not the same list.
        """\
        hits = torch.nonzero(route.sum(0), as_tuple=True)[0].tolist()
        for e in hits:
            x = x + e
        return x * len(hits)
        """,
        # enumerate numbers the experts hit, not the positions.
        """\
        hits = torch.nonzero(route.sum(0), as_tuple=True)[0].tolist()
        for i, e in enumerate(hits):
            x = x + i * e
        return x
        """,
        # The tensor the positions come from changes before the loop.
        """\
        hit = torch.nonzero(route.sum(0) > 0).squeeze(-1)
        route = route[:, :2]
        for e in hit.tolist():
            x = x + route[:, e].sum()
        return x
        """,
        # Values, not positions.
        """\
        for n in route.sum(0).tolist():
            x = x + n
        return x
        """,
    ],
)
def test_no_every_position_candidate_where_it_is_not_the_same_loop(body: str) -> None:
    text = model(body)
    offered = [
        f.description
        for d in lint_source(text, "m.py")
        for f in (d.fix, *d.alternatives)
        if f is not None
    ]
    assert not any("every position" in description for description in offered)


# ------------------------------------------- a device kernel registered as a decomposition

GUARDED_KERNEL = textwrap.dedent(
    """\
    import torch

    if not hasattr(torch.ops.fc3, "rms"):
        torch.library.define("fc3::rms", "(Tensor x, float eps) -> Tensor")

        @torch.library.impl("fc3::rms", 'cpu')  # the fused kernel's CPU fallback
        def _rms_cpu(x, eps):
            return x * torch.rsqrt(x.pow(2).mean(-1, keepdim=True) + eps)


    class Model(torch.nn.Module):
        def forward(self, x):
            return torch.ops.fc3.rms(x, 1e-6)
    """
)


def test_a_decorated_device_kernel_becomes_the_composite_kernel() -> None:
    (diagnostic,) = found(GUARDED_KERNEL, "EXL403")
    assert diagnostic.fix is not None
    assert diagnostic.fix.applicability is Applicability.UNSAFE
    text = apply_edits(GUARDED_KERNEL, diagnostic.fix.edits)
    assert (
        "    @torch.library.impl(\"fc3::rms\", 'CompositeImplicitAutograd')  # the fused "
        "kernel's CPU fallback\n" in text
    )
    assert not found(text, "EXL403")  # torch's own decomposition: export traces the body


def test_a_kernel_registered_by_a_call_under_a_guard_gets_the_composite_candidate() -> None:
    text = GUARDED_KERNEL.replace(
        "    @torch.library.impl(\"fc3::rms\", 'cpu')  # the fused kernel's CPU fallback\n", ""
    ).replace(
        "        return x * torch.rsqrt(x.pow(2).mean(-1, keepdim=True) + eps)\n",
        "        return x * torch.rsqrt(x.pow(2).mean(-1, keepdim=True) + eps)\n\n"
        '    torch.library.impl("fc3::rms", "CPU", _rms_cpu)\n',
    )
    (diagnostic,) = found(text, "EXL403")
    assert diagnostic.fix is not None
    assert 'torch.library.impl("fc3::rms", "CompositeImplicitAutograd", _rms_cpu)' in (
        apply_edits(text, diagnostic.fix.edits)
    )


@pytest.mark.parametrize(
    "kernel",
    [
        # A fake (meta) kernel computes shapes, not values.
        '@torch.library.impl("fc3::rms", "Meta")\ndef _rms_meta(x, eps):\n    return x\n',
        # numpy: export cannot trace the body.
        '@torch.library.impl("fc3::rms", "cpu")\ndef _rms_np(x, eps):\n'
        "    return torch.from_numpy(x.numpy() * 2)\n",
    ],
)
def test_no_composite_candidate_for_a_kernel_export_cannot_trace(kernel: str) -> None:
    text = (
        "import torch\n\n"
        'torch.library.define("fc3::rms", "(Tensor x, float eps) -> Tensor")\n\n\n'
        f"{kernel}\n\n"
        "class Model(torch.nn.Module):\n"
        "    def forward(self, x):\n"
        "        return torch.ops.fc3.rms(x, 1e-6)\n"
    )
    (diagnostic,) = found(text, "EXL403")
    offered = [f.description for f in (diagnostic.fix, *diagnostic.alternatives) if f.edits]
    assert not any("CompositeImplicitAutograd" in d for d in offered)


# ------------------------------------------------------------------ divmod of a size


def divmod_model(call: str) -> str:
    return textwrap.dedent(
        f"""\
        import torch


        class Model(torch.nn.Module):
            def forward(self, x):
                q, r = {call}  # pieces
                return x[:, : q * 4] * r
        """
    )


@pytest.mark.parametrize(
    ("call", "pair"),
    [
        ("divmod(x.shape[1], 4)", "(x.shape[1] // 4, x.shape[1] % 4)"),
        ("divmod(x.size(-1), self.k)", "(x.size(-1) // self.k, x.size(-1) % self.k)"),
    ],
)
def test_divmod_of_a_size_becomes_the_pair_of_operators(call: str, pair: str) -> None:
    text = divmod_model(call)
    (diagnostic,) = found(text, "EXL302")
    assert diagnostic.fix is not None
    assert diagnostic.fix.applicability is Applicability.SAFE
    assert f"        q, r = {pair}  # pieces\n" in apply_edits(text, diagnostic.fix.edits)


def test_divmod_of_a_computed_operand_is_left_as_advice() -> None:
    (diagnostic,) = found(divmod_model("divmod(x.shape[1], self.step())"), "EXL302")
    assert diagnostic.fix is not None and not diagnostic.fix.edits


# ---------------------------------------------------- ceil division written by negation


@pytest.mark.parametrize(
    ("expression", "written", "safe"),
    [
        ("-(-n // 4)", "(n + 4 - 1) // 4", True),
        ("-(-x.size(1) // self.k)", "(x.size(1) + self.k - 1) // self.k", False),
        ("-n // 4", "-((n + 4 - 1) // 4)", True),
    ],
)
def test_negated_floor_division_divides_the_size_before_negating(
    expression: str, written: str, safe: bool
) -> None:
    text = textwrap.dedent(
        f"""\
        import torch


        class Model(torch.nn.Module):
            def forward(self, x):
                n = x.shape[1]
                m = {expression}
                return x[:, :m]
        """
    )
    (diagnostic,) = found(text, "EXL302")
    assert diagnostic.fix is not None
    want = Applicability.SAFE if safe else Applicability.UNSAFE
    assert diagnostic.fix.applicability is want
    assert f"        m = {written}\n" in apply_edits(text, diagnostic.fix.edits)


# ------------------------------------------------- a chain of in-place methods on an input


def chain_model(body: str) -> str:
    return textwrap.dedent(
        """\
        import torch


        class Model(torch.nn.Module):
            def forward(self, x, m, s):
        """
    ) + textwrap.indent(textwrap.dedent(body), " " * 8)


@pytest.mark.parametrize(
    ("body", "line"),
    [
        # A statement of its own, the argument read afterwards: assigned back.
        ("x.sub_(m).div_(s)  # normalise\nreturn x * 2\n", "x = x.sub(m).div(s)  # normalise"),
        ("x.data.sub_(m).div_(s)\nreturn x * 2\n", "x = x.sub(m).div(s)"),
        # Returned (also a single call): the same values, a new tensor.
        ("return x.sub_(m).div_(s)\n", "return x.sub(m).div(s)"),
        ("return x.add_(m)\n", "return x.add(m)"),
        ("y = torch.relu(x.mul_(m).add_(s))\nreturn y\n", "y = torch.relu(x.mul(m).add(s))"),
    ],
)
def test_a_chain_of_in_place_methods_is_computed_out_of_place(body: str, line: str) -> None:
    text = chain_model(body)
    diagnostics = found(text, "EXL501")
    assert diagnostics
    for diagnostic in diagnostics:  # every link of the chain carries the same edit
        assert diagnostic.fix is not None
        assert diagnostic.fix.applicability is Applicability.UNSAFE
        assert f"        {line}\n" in apply_edits(text, diagnostic.fix.edits)


@pytest.mark.parametrize(
    "body",
    [
        # The argument is read after an expression that changed it: no out-of-place form.
        "y = x.sub_(m).div_(s)\nreturn y + x\n",
        # The change only reaches the caller: nothing to compute out of place.
        "x.sub_(m).div_(s)\nreturn m\n",
    ],
)
def test_no_chain_rewrite_where_it_would_change_what_is_read(body: str) -> None:
    for diagnostic in found(chain_model(body), "EXL501"):
        fix = diagnostic.fix
        assert fix is None or not fix.edits or "out of place: `x." not in fix.description
