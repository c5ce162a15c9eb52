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
