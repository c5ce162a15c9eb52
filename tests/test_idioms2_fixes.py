"""The idiom candidates added for real model code (issue 8 §3, held-out kinds): a dynamic
number of linspace steps, numpy arrays of sizes, a custom operator with a registered Python
kernel, `.numpy()` of counts only iterated, sizes read only to decide whether to warn. What
each writes, the look-alikes that get none, and (with torch) that the rewrite computes what
the original did and exports where no catalogue golden proves it.
"""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from exportlint.diagnostics import Applicability, Diagnostic
from exportlint.engine import lint_source
from exportlint.fixer import fix_text


def found(text: str, code: str) -> list[Diagnostic]:
    return [d for d in lint_source(text, "m.py") if d.code == code]


def fixed(text: str) -> str:
    return fix_text(text, "m.py", unsafe=True).text


def candidates(diagnostic: Diagnostic) -> list[str]:
    fixes = [diagnostic.fix, *diagnostic.alternatives]
    return [f.description for f in fixes if f is not None and f.edits]


# ------------------------------------------------------------------ linspace / logspace

LINSPACE = textwrap.dedent(
    """\
    import torch
    from torch import nn


    class Model(nn.Module):
        def forward(self, x):
            n = x.shape[1]
            ramp = torch.linspace(-1.0, 1.0, n, dtype=x.dtype)  # keep
            return x * ramp
    """
)


def test_linspace_with_a_dynamic_step_count_becomes_an_arange_ramp() -> None:
    (diagnostic,) = found(LINSPACE, "EXL301")
    assert diagnostic.fix is not None
    assert diagnostic.fix.applicability is Applicability.UNSAFE
    assert (
        "    ramp = -1.0 + torch.arange(n, dtype=x.dtype) * ((1.0 - -1.0) / "
        "torch.sym_max(n - 1, 1))  # keep\n" in fixed(LINSPACE)
    )


def test_linspace_operands_are_parenthesised_only_where_needed() -> None:
    text = LINSPACE.replace("-1.0, 1.0, n,", "0.5, n - 0.5, steps=n,")
    assert "0.5 + torch.arange(n, dtype=x.dtype) * ((n - 0.5 - 0.5) / " in fixed(text)


def test_logspace_is_the_power_of_the_ramp() -> None:
    text = LINSPACE.replace("torch.linspace(-1.0, 1.0, n,", "torch.logspace(0, 2, n, base=2.0,")
    assert "ramp = 2.0 ** (0 + torch.arange(n, dtype=x.dtype) * ((2 - 0) / " in fixed(text)


def test_linspace_with_an_integer_dtype_gets_no_ramp() -> None:
    # linspace truncates to an int dtype; the ramp would not.
    text = LINSPACE.replace("dtype=x.dtype", "dtype=torch.int64")
    (diagnostic,) = found(text, "EXL301")
    assert not candidates(diagnostic)
    assert fixed(text) == text


def test_linspace_with_static_steps_is_silent() -> None:
    assert not found(LINSPACE.replace("n = x.shape[1]", "n = 8"), "EXL301")


def test_linspace_ramp_equals_linspace() -> None:
    torch = pytest.importorskip("torch")
    for steps in (0, 1, 2, 7, 64):
        ramp = 0.5 + torch.arange(steps) * ((steps - 0.5 - 0.5) / torch.sym_max(steps - 1, 1))
        assert torch.allclose(ramp, torch.linspace(0.5, steps - 0.5, steps), atol=1e-5)


# ------------------------------------------------------------------ numpy arrays of sizes

GRID = textwrap.dedent(
    """\
    import numpy as np
    import torch
    from torch import nn


    class Model(nn.Module):
        def forward(self, x):
            n = x.shape[1]
            grid = np.arange(n) + 0.5
            grid = grid / np.array([n, 2.0])[:1]
            return x + torch.from_numpy(grid)
    """
)


def test_numpy_array_of_sizes_becomes_torch_tensor() -> None:
    out = fixed(GRID)
    # A float literal among the numbers: numpy's float64, written out for torch.
    assert "grid = grid / torch.tensor([n, 2.0], dtype=torch.float64)[:1]" in out
    assert "grid = torch.arange(n) + 0.5" in out


def test_numpy_array_with_a_positional_dtype_gets_the_keyword() -> None:
    text = GRID.replace("np.array([n, 2.0])", "np.array([n, n], np.float32)")
    assert "torch.tensor([n, n], dtype=torch.float32)" in fixed(text)


# ------------------------------------------------------------------ custom operators

LIBRARY_OP = textwrap.dedent(
    """\
    import torch
    from torch import nn
    from torch.library import Library


    def fused(x: torch.Tensor) -> torch.Tensor:
        return x * 2


    def fused_fake(x: torch.Tensor) -> torch.Tensor:
        return torch.empty_like(x)


    lib = Library("t2", "FRAGMENT")
    lib.define("fused(Tensor x) -> Tensor")
    register("fused", fused, fake_impl=fused_fake, target_lib=lib)


    class Model(nn.Module):
        def forward(self, x):
            return torch.ops.t2.fused(x)
    """
)


def test_custom_op_with_a_registered_python_kernel_calls_it() -> None:
    (diagnostic,) = found(LIBRARY_OP, "EXL403")
    assert len(candidates(diagnostic)) == 1  # the fake kernel is never a candidate
    assert "        return fused(x)\n" in fixed(LIBRARY_OP)


def test_custom_op_kernel_named_otherwise_is_found_through_the_registration() -> None:
    text = LIBRARY_OP.replace("def fused(", "def fused_cpu(").replace(
        '"fused", fused,', '"fused", fused_cpu,'
    )
    assert "        return fused_cpu(x)\n" in fixed(text)


def test_custom_op_without_a_python_kernel_gets_no_call() -> None:
    text = LIBRARY_OP.replace('register("fused", fused, fake_impl=fused_fake, target_lib=lib)', "")
    text = text.replace("def fused(", "def other(")
    (diagnostic,) = found(text, "EXL403")
    assert not candidates(diagnostic)


def test_custom_op_kernel_using_numpy_is_not_called() -> None:
    text = LIBRARY_OP.replace("return x * 2", "return torch.from_numpy(x.numpy() * 2)")
    (diagnostic,) = found(text, "EXL403")
    assert not candidates(diagnostic)


# ------------------------------------------------------------------ .numpy() of counts

COUNTS = textwrap.dedent(
    """\
    import torch
    from torch import nn


    class Model(nn.Module):
        def __init__(self):
            super().__init__()
            self.heads = nn.ModuleList(nn.Linear(4, 4) for _ in range(3))

        def forward(self, x, label):
            order = label.argsort()
            rows = x[order]
            counts = nn.functional.one_hot(label, 3).sum(dim=0)
            counts = counts.cpu().numpy()
            out = []
            start = 0
            for i, n in enumerate(counts):
                stop = start + n
                if n == 0:
                    continue
                out.append(self.heads[i](rows[start:stop]))
                start = stop
            return torch.cat(out)
    """
)


def test_numpy_counts_become_a_list_and_the_empty_skip_goes() -> None:
    (diagnostic,) = found(COUNTS, "EXL202")
    assert candidates(diagnostic)  # the skip kept fails export on 2.13: Eq(u0, 0), EXL101
    out = fixed(COUNTS)
    assert "        counts = counts.cpu().tolist()\n" in out
    assert "if n == 0" not in out and "continue" not in out


def test_numpy_counts_used_as_an_array_get_no_list() -> None:
    text = COUNTS.replace("for i, n in enumerate(counts):", "for i, n in enumerate(counts * 1):")
    (diagnostic,) = found(text, "EXL202")
    assert not any("tolist" in c for c in candidates(diagnostic))


def test_a_commented_skip_is_kept() -> None:
    text = COUNTS.replace("if n == 0:", "if n == 0:  # nothing routed")
    out = fixed(text)
    assert "# nothing routed" in out
    (diagnostic,) = found(text, "EXL202")
    assert all("drop the skip" not in c for c in candidates(diagnostic))


def test_numpy_counts_rewrite_computes_the_same() -> None:
    torch = pytest.importorskip("torch")
    namespace: dict[str, object] = {}
    exec(compile(COUNTS, "<counts>", "exec"), namespace)
    rewritten: dict[str, object] = {}
    exec(compile(fixed(COUNTS), "<counts_fixed>", "exec"), rewritten)
    torch.manual_seed(0)
    original = namespace["Model"]()  # type: ignore[operator]
    new = rewritten["Model"]()  # type: ignore[operator]
    new.load_state_dict(original.state_dict())
    x = torch.randn(6, 4)
    label = torch.tensor([2, 0, 2, 2, 0, 0])  # class 1 gets no row: the skipped piece
    assert torch.allclose(original(x, label), new(x, label))


# ------------------------------------------------------------------ warn-only sizes

WARN = textwrap.dedent(
    """\
    import warnings

    import torch
    from torch import nn


    def resize(x, size, check=True):
        if check:
            h = int(x.shape[-1])
            if h % 2:
                warnings.warn(f"odd size {h}")
        return nn.functional.interpolate(x, size=size)


    class Model(nn.Module):
        def forward(self, x):
            return resize(x, x.shape[-1] * 2)
    """
)


def test_size_read_only_to_warn_is_skipped_while_exporting() -> None:
    (diagnostic,) = found(WARN, "EXL301")
    assert diagnostic.fix is not None and "is_exporting" in diagnostic.fix.description
    out = fixed(WARN)
    assert "    if not torch.compiler.is_exporting() and check:\n" in out
    assert "h = int(x.shape[-1])" in out  # eager code unchanged
    assert not found(out, "EXL301")


def test_or_test_is_parenthesised() -> None:
    text = WARN.replace("if check:", "if check or x.dim() > 3:")
    assert "if not torch.compiler.is_exporting() and (check or x.dim() > 3):" in fixed(text)


def test_size_used_after_the_warning_block_is_not_skipped() -> None:
    text = WARN.replace(
        "return nn.functional.interpolate(x, size=size)",
        "return nn.functional.interpolate(x, size=size) * h",
    )
    (diagnostic,) = found(text, "EXL301")
    assert all("is_exporting" not in c for c in candidates(diagnostic))


def test_block_that_computes_is_not_skipped() -> None:
    text = WARN.replace('warnings.warn(f"odd size {h}")', "x = x[..., : h - 1]")
    (diagnostic,) = found(text, "EXL301")
    assert all("is_exporting" not in c for c in candidates(diagnostic))


# ------------------------------------------------------------------ end to end (torch)

ROOT = Path(__file__).resolve().parents[1]


def test_numpy_counts_fix_exports_and_matches(tmp_path: Path) -> None:
    """No catalogue golden proves this rewrite (the lint still reports the `.tolist()` it
    leaves): prove it here, against the original model, on unseen sizes."""
    pytest.importorskip("onnxruntime")
    from export_proof import run_case

    hazard = tmp_path / "counts.py"
    hazard.write_text(
        COUNTS.replace("def forward(self, x, label):", "def forward(self, x):").replace(
            "order = label.argsort()",
            "label = x[:, 0].gt(0).long() * 2\n        order = label.argsort()",
        )
        + textwrap.dedent(
            """

            from torch.export import Dim

            torch.manual_seed(0)
            example_inputs = [(torch.randn(6, 4),), (torch.randn(9, 4),), (torch.randn(4, 4),)]
            dynamic_shapes = ({0: Dim.DYNAMIC},)
            """
        ),
        encoding="utf-8",
    )
    hazard.write_text(
        hazard.read_text(encoding="utf-8").replace(
            "return torch.cat(out)",
            "mixed = torch.cat(out)\n"
            "        return torch.empty_like(mixed).index_copy(0, order, mixed)",
        ),
        encoding="utf-8",
    )
    out = tmp_path / "counts_fixed.py"
    out.write_text(fix_text(hazard.read_text(encoding="utf-8"), str(hazard), unsafe=True).text)
    assert "tolist()" in out.read_text(encoding="utf-8")
    outcome = run_case(out, reference=hazard)
    assert not outcome.hazard_shown, outcome.summary


def test_math_and_item_only_used_to_warn_are_skipped_too() -> None:
    text = textwrap.dedent(
        """\
        import math
        import warnings

        import torch
        from torch import nn


        class Model(nn.Module):
            def forward(self, x, lengths):
                n = x.shape[1]
                if n > 4:
                    root = math.sqrt(n)
                    longest = int(lengths.max().item())
                    if root % 1 or longest > n:
                        warnings.warn("unusual input")
                return x * 2
        """
    )
    for code in ("EXL302", "EXL201"):
        (diagnostic,) = found(text, code)
        assert diagnostic.fix is not None and "is_exporting" in diagnostic.fix.description
    out = fixed(text)
    assert "        if not torch.compiler.is_exporting() and n > 4:\n" in out
    assert "root = math.sqrt(n)" in out and "int(lengths.max().item())" in out


def test_custom_op_named_like_an_imported_function_calls_it() -> None:
    text = textwrap.dedent(
        """\
        import torch
        from torch import nn

        from .kernels import rms_gate


        class Model(nn.Module):
            def forward(self, x):
                return torch.ops.fastlib.rms_gate(x)
        """
    )
    (diagnostic,) = found(text, "EXL403")
    assert diagnostic.fix is not None
    assert diagnostic.fix.applicability is Applicability.UNSAFE
    assert "        return rms_gate(x)\n" in fixed(text)
    other = text.replace("import rms_gate", "import other_gate")
    (diagnostic,) = found(other, "EXL403")
    assert not candidates(diagnostic)


def test_block_with_an_in_place_call_is_not_skipped() -> None:
    text = WARN.replace("h = int(x.shape[-1])", "h = int(x.shape[-1])\n        s = x.mul_(2)")
    (diagnostic,) = found(text, "EXL301")
    assert all("is_exporting" not in c for c in candidates(diagnostic))


# ------------------------------------------------------------------ .tolist() as an index

INDEX = textwrap.dedent(
    """\
    import torch
    from torch import nn


    class Model(nn.Module):
        def forward(self, x, keep):
            rows = x[keep.nonzero().squeeze(-1).tolist()]
            cols = keep.argsort().tolist()
            return rows.sum() + x[:, cols].sum()
    """
)


def test_tolist_used_as_an_index_indexes_with_the_tensor() -> None:
    out = fixed(INDEX)
    assert "rows = x[keep.nonzero().squeeze(-1)]" in out
    assert "cols = keep.argsort()\n" in out
    assert not found(out, "EXL202")


def test_tolist_used_otherwise_is_not_an_index() -> None:
    text = INDEX.replace("x[:, cols].sum()", "x[:, cols].sum() + len(cols)")
    diagnostics = found(text, "EXL202")
    assert all("Index with the tensor" not in c for d in diagnostics[1:] for c in candidates(d))


def test_tolist_index_selects_the_same() -> None:
    torch = pytest.importorskip("torch")
    x, keep = torch.randn(5, 5), torch.tensor([1, 0, 1, 1, 0])
    assert torch.equal(x[keep.nonzero().squeeze(-1).tolist()], x[keep.nonzero().squeeze(-1)])
    assert torch.equal(x[:, keep.argsort().tolist()], x[:, keep.argsort()])
