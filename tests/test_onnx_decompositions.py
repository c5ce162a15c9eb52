"""EXL404 candidates (codemods/onnx_decompositions.py): an integer remainder by a dynamic
size divides by a 0-d tensor; cumprod, searchsorted, median and kthvalue are written with
operators torch.onnx translates. What each writes, what is left alone, and (with torch) that
the rewrite computes what the original did on the look-alike inputs."""

from __future__ import annotations

import textwrap

import pytest

from exportlint.diagnostics import Applicability, Diagnostic
from exportlint.engine import lint_source
from exportlint.fixer import fix_text


def model(body: str) -> str:
    return textwrap.dedent(
        """\
        import torch


        class Model(torch.nn.Module):
            def forward(self, x, idx):
        """
    ) + textwrap.indent(textwrap.dedent(body), " " * 8)


def found(text: str) -> list[Diagnostic]:
    return [d for d in lint_source(text, "m.py") if d.code == "EXL404"]


def fixed(text: str) -> str:
    return fix_text(text, "m.py", unsafe=True).text


@pytest.mark.parametrize(
    ("line", "written"),
    [
        (
            "return x.argmax(-1) % x.shape[-1]",
            "return torch.remainder(x.argmax(-1), torch.tensor(x.shape[-1]))",
        ),
        (
            "i = x.argmax(-1)\nreturn i % (x.shape[0] * x.shape[1])  # flat",
            "return torch.remainder(i, torch.tensor(x.shape[0] * x.shape[1]))  # flat",
        ),
        (
            "i = x.argmax(-1)\nreturn i.remainder(x.size(1)).float()",
            "return torch.remainder(i, torch.tensor(x.size(1))).float()",
        ),
        (
            "i = x.argmax(-1)\nreturn x.shape[1] % (i + 1)",
            "return torch.remainder(torch.tensor(x.shape[1]), i + 1)",
        ),
        (
            "return torch.cumprod(1.0 - x, dim=1)",
            "return torch.exp(torch.cumsum(torch.log(1.0 - x), 1))",
        ),
        (
            "return torch.searchsorted(self.edges, x, side='right')",
            "return (self.edges.unsqueeze(-2) <= x.unsqueeze(-1)).sum(-1)",
        ),
        (
            "w = x.unfold(-1, 3, 1)\nreturn w.median(dim=-1).values",
            "return w.sort(dim=-1).values.select(-1, (w.shape[-1] - 1) // 2)",
        ),
        (
            "return x.kthvalue(2, 1).values",
            "return x.sort(dim=1).values.select(1, 2 - 1)",
        ),
        (
            "return torch.cummin(x, -1)[0]",
            "return torch.where(torch.arange(x.shape[-1], device=x.device)[None, :] <= "
            "torch.arange(x.shape[-1], device=x.device)[:, None], x.unsqueeze(-2), "
            "x[..., None, :1]).amin(-1)",
        ),
        (
            "return torch.hypot(x, idx + 1)",
            "return torch.sqrt(torch.square(x) + torch.square(idx + 1))",
        ),
        (
            "return torch.cdist(x, idx)",
            "return torch.sqrt(((x.unsqueeze(-2) - idx.unsqueeze(-3)) ** 2).sum(-1))",
        ),
        ("return torch.masked_select(x, x > 0)", "return x[x > 0]"),
        (
            "return torch.hann_window(x.shape[-1], dtype=x.dtype)",
            "return 0.5 - 0.5 * torch.cos(2 * torch.pi * torch.arange(x.shape[-1], "
            "dtype=x.dtype) / x.shape[-1])",
        ),
        (
            "return x * torch.hamming_window(x.size(1), periodic=False)",
            "return x * (0.54 - 0.46 * torch.cos(2 * torch.pi * torch.arange(x.size(1), "
            "dtype=torch.get_default_dtype()) / (x.size(1) - 1)))",
        ),
        (
            "return torch._higher_order_ops.map(lambda a, b: a + b, x, idx)",
            "return torch.vmap(lambda a, b: a + b, in_dims=(0, None))(x, idx)",
        ),
        (
            "return torch._higher_order_ops.map(self.body, (x, idx))",
            "return torch.vmap(self.body)((x, idx))",
        ),
    ],
)
def test_each_hazard_gets_an_unsafe_rewrite(line: str, written: str) -> None:
    text = model(line)
    (diagnostic,) = [
        d for d in lint_source(text, "m.py") if d.code in ("EXL304", "EXL402", "EXL404")
    ]
    assert diagnostic.fix is not None
    assert diagnostic.fix.applicability is Applicability.UNSAFE
    after = fixed(text)
    assert written in after
    assert not [d for d in lint_source(after, "m.py") if d.code in ("EXL304", "EXL402", "EXL404")]


@pytest.mark.parametrize(
    "line",
    [
        "return x.median(dim=-1)",  # the indices are read too: no rewrite
        "return (x + 1).median(dim=-1).values",  # read twice: not an expression
        "return torch.cumprod(x, 1, dtype=torch.float64)",
        "return torch.searchsorted(self.edges, x, sorter=idx)",
        "return torch.cummax(x, dim=1).indices",
        # under vmap a loss fixes the mapped size (measured): no vmap rewrite
        "return torch._higher_order_ops.map(lambda a: F.cross_entropy(a, a), x)",
    ],
)
def test_rewrites_it_cannot_do_faithfully_stay_advice(line: str) -> None:
    text = model(line)
    (diagnostic,) = [d for d in lint_source(text, "m.py") if d.code in ("EXL402", "EXL404")]
    assert diagnostic.fix is not None
    assert diagnostic.fix.applicability is Applicability.DISPLAY_ONLY
    assert fixed(text) == text


def test_the_rewrites_compute_what_the_originals_did() -> None:
    torch = pytest.importorskip("torch")
    x = torch.rand(3, 7) + 0.1
    i = torch.randint(-20, 20, (3, 7), dtype=torch.int32)
    n = x.shape[1]
    assert torch.equal(torch.remainder(i, torch.tensor(n)), i % n)
    assert torch.remainder(i, torch.tensor(n)).dtype == (i % n).dtype
    assert torch.equal(torch.remainder(torch.tensor(n), i.abs() + 1), n % (i.abs() + 1))
    assert torch.allclose(torch.exp(torch.cumsum(torch.log(x), 1)), torch.cumprod(x, 1))
    edges = torch.tensor([0.2, 0.5, 0.9])
    for right in (False, True):
        below = (
            (edges.unsqueeze(-2) <= x.unsqueeze(-1))
            if right
            else (edges.unsqueeze(-2) < x.unsqueeze(-1))
        )
        assert torch.equal(below.sum(-1), torch.searchsorted(edges, x, right=right))
        # batched boundaries (one sorted row per row of x), which torch.bucketize rejects
        rows = torch.sort(torch.rand(3, 4), dim=-1).values
        batched = (
            (rows.unsqueeze(-2) <= x.unsqueeze(-1))
            if right
            else (rows.unsqueeze(-2) < x.unsqueeze(-1))
        )
        assert torch.equal(batched.sum(-1), torch.searchsorted(rows, x, right=right))
    w = x.unfold(-1, 4, 1)
    assert torch.equal(
        w.sort(dim=-1).values.select(-1, (w.shape[-1] - 1) // 2), w.median(-1).values
    )
    assert torch.equal(x.sort(dim=1).values.select(1, 2 - 1), x.kthvalue(2, 1).values)
    a, b = x, torch.randn(3, 7)
    assert torch.allclose(torch.sqrt(torch.square(a) + torch.square(b)), torch.hypot(a, b))
    assert torch.allclose(
        torch.sqrt(((a.unsqueeze(-2) - b.unsqueeze(-3)) ** 2).sum(-1)), torch.cdist(a, b), atol=1e-5
    )
    for n in (2, 5, 16):
        k = torch.arange(n, dtype=torch.get_default_dtype())
        for periodic in (True, False):
            span = n if periodic else n - 1
            hann = 0.5 - 0.5 * torch.cos(2 * torch.pi * k / span)
            hamming = 0.54 - 0.46 * torch.cos(2 * torch.pi * k / span)
            assert torch.allclose(hann, torch.hann_window(n, periodic=periodic), atol=1e-6)
            assert torch.allclose(hamming, torch.hamming_window(n, periodic=periodic), atol=1e-6)
    for values in (torch.randn(2, 4, 6), torch.randint(-9, 9, (2, 4, 6))):
        for dim in (0, 1, -1):
            y = values.movedim(dim, -1)
            steps = torch.arange(values.shape[dim])
            prefix = steps[None, :] <= steps[:, None]
            for op, reduce in ((torch.cummax, "amax"), (torch.cummin, "amin")):
                got = getattr(torch.where(prefix, y.unsqueeze(-2), y[..., None, :1]), reduce)(-1)
                assert torch.equal(got.movedim(-1, dim), op(values, dim).values)
    signal = torch.randn(2, 4, 11)
    pooled = torch.nn.functional.max_pool2d(
        signal.unsqueeze(-2), kernel_size=(1, 3), stride=(1, 2), padding=(0, 1), ceil_mode=True
    ).squeeze(-2)
    expected = torch.nn.functional.max_pool1d(signal, 3, 2, padding=1, ceil_mode=True)
    assert torch.equal(pooled, expected)
    for n in (2, 5, 8, 11):
        seq = torch.randn(2, n)
        halves = (seq[:, : (seq.shape[1] + 1) // 2], seq[:, (seq.shape[1] + 1) // 2 :])
        assert all(torch.equal(a, b) for a, b in zip(halves, seq.chunk(2, dim=1), strict=True))
