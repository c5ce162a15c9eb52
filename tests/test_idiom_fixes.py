"""Issue 8 §3, the idiom families: the candidates EXL201/202/301/302/403/501 offer for real
model code, what they write, and (with torch) that the rewritten code computes what the
original computed. The catalogue goldens (rules/*/fixed_*.py) prove the end-to-end exports.
"""

from __future__ import annotations

import ast
import textwrap
import types

import pytest

from exportlint.diagnostics import Applicability, Diagnostic
from exportlint.engine import lint_source
from exportlint.fixer import fix_text


def found(text: str, code: str) -> list[Diagnostic]:
    return [d for d in lint_source(text, "m.py") if d.code == code]


def fixed(text: str) -> str:
    return fix_text(text, "m.py", unsafe=True).text


def load(text: str, name: str) -> types.ModuleType:
    """Run a module's text (the tests' own sources, never user code) and return it."""
    module = types.ModuleType(name)
    exec(compile(text, f"<{name}>", "exec"), module.__dict__)
    return module


# ------------------------------------------------------------------ numpy helpers -> torch

SINCOS = textwrap.dedent(
    """\
    import numpy as np
    import torch


    def freqs(dim, pos):
        omega = np.arange(dim // 2, dtype=np.float64)
        omega /= dim / 2.0
        omega = 1.0 / 10000**omega
        out = np.einsum("m,d->md", pos.reshape(-1), omega)
        return np.concatenate([np.sin(out), np.cos(out)], axis=1)


    def table(dim, height, width):
        grid_h = np.arange(height, dtype=np.float32)
        grid_w = np.arange(width, dtype=np.float32)
        grid = np.stack(np.meshgrid(grid_w, grid_h), axis=0)
        return np.concatenate([freqs(dim // 2, grid[1]), freqs(dim // 2, grid[0])], axis=1)


    class Model(torch.nn.Module):
        def __init__(self):
            super().__init__()
            self.default = torch.from_numpy(table(8, 2, 2))

        def forward(self, x):
            pos = table(8, x.shape[1], x.shape[2])
            return x.flatten(1)[..., None] + torch.from_numpy(pos).float().sum()
    """
)


def test_numpy_table_helpers_are_rewritten_with_torch_ops_together() -> None:
    diagnostics = found(SINCOS, "EXL301")
    assert diagnostics, "the numpy calls on the dynamic size are reported"
    fix = diagnostics[0].fix
    assert fix is not None and fix.applicability is Applicability.UNSAFE
    assert "`freqs`" in fix.description and "`table`" in fix.description
    text = fixed(SINCOS)
    assert "np." not in text.replace("import numpy as np", "")
    assert 'torch.meshgrid(grid_w, grid_h, indexing="xy")' in text  # numpy's default indexing
    assert "torch.outer(pos.reshape(-1), omega)" in text  # einsum "m,d->md"
    assert "axis=" not in text and "dim=1" in text
    # The results are consumed as they are: as_tensor takes a tensor (and an array) whole,
    # in forward and in __init__, which calls the same helper for the default size.
    assert "torch.from_numpy" not in text
    assert text.count("torch.as_tensor(") == 2
    assert found(text, "EXL301") == []
    assert fixed(text) == text  # a fixed point


def test_the_torch_table_has_the_numpy_values() -> None:
    np = pytest.importorskip("numpy")
    torch = pytest.importorskip("torch")
    before = load(SINCOS, "before")
    after = load(fixed(SINCOS), "after")
    for height, width in ((2, 2), (3, 5), (7, 4)):
        want = before.table(8, height, width)
        have = after.table(8, height, width)
        assert isinstance(have, torch.Tensor)
        assert have.dtype == torch.float64 and want.dtype == np.float64
        np.testing.assert_allclose(have.numpy(), want, rtol=1e-6, atol=1e-6)


def test_numpy_defaults_are_spelled_out_for_torch() -> None:
    text = textwrap.dedent(
        """\
        import numpy as np
        import torch


        def ramp(n):
            base = np.zeros((n, 2))
            scale = np.log(10000.0)
            steps = np.expand_dims(np.arange(n), axis=1).astype(np.float32)
            return base + np.round(steps * scale, 2)


        class Model(torch.nn.Module):
            def forward(self, x):
                return x + torch.from_numpy(ramp(x.shape[0]))
        """
    )
    assert found(text, "EXL301")
    new = fixed(text)
    assert "torch.zeros((n, 2), dtype=torch.float64)" in new  # numpy's default float
    assert "math.log(10000.0)" in new and "import math" in new  # of a Python number
    assert "torch.unsqueeze(torch.arange(n), dim=1).to(torch.float32)" in new
    assert "torch.round(steps * scale, decimals=2)" in new
    ast.parse(new)
    np = pytest.importorskip("numpy")
    pytest.importorskip("torch")
    before, after = load(text, "before"), load(new, "after")
    for n in (1, 4, 9):
        np.testing.assert_allclose(after.ramp(n).numpy(), before.ramp(n), rtol=1e-6)


def test_a_numpy_function_with_no_translation_keeps_the_advice() -> None:
    text = textwrap.dedent(
        """\
        import numpy as np
        import torch


        def table(n):
            grid = np.arange(n)
            return np.fft.rfft(grid).real


        class Model(torch.nn.Module):
            def forward(self, x):
                return x + torch.from_numpy(table(x.shape[0]))
        """
    )
    diagnostics = found(text, "EXL301")
    assert diagnostics
    for diagnostic in diagnostics:
        assert diagnostic.fix is not None
        assert diagnostic.fix.applicability is Applicability.DISPLAY_ONLY
        assert "no torch translation" in diagnostic.fix.description
    assert fixed(text) == text


def test_numpy_on_a_static_size_is_left_alone() -> None:
    text = textwrap.dedent(
        """\
        import numpy as np
        import torch


        def table(n):
            return np.sin(np.arange(n, dtype=np.float32))


        class Model(torch.nn.Module):
            def __init__(self):
                super().__init__()
                self.size = 4

            def forward(self, x):
                return x + torch.from_numpy(table(self.size))
        """
    )
    assert found(text, "EXL301") == []
    assert fixed(text) == text


# ------------------------------------------------------------------ int() of size arithmetic

INT_HEADER = """\
import math

import torch
from torch import nn


class Model(nn.Module):
    def __init__(self, patch=2, size=8, keep=0.7):
        super().__init__()
        self.patch, self.size, self.keep = patch, size, keep

    def forward(self, x):
        h, w = x.shape[-2:]
"""


def candidates(body: str) -> list[tuple[str, str]]:
    """(applicability, replacement text) of the EXL301 diagnostic's candidates, in order."""
    text = INT_HEADER + textwrap.indent(body, " " * 8) + "\n"
    (diagnostic,) = found(text, "EXL301")
    return [(f.applicability.value, "".join(e.content for e in f.edits)) for f in diagnostic.fixes]


def test_int_of_math_ceil_times_a_literal_drops_int() -> None:
    assert candidates("n = int(math.ceil(h / 4) * 4)\nreturn x[..., :n]") == [
        ("safe", "math.ceil(h / 4) * 4")
    ]


def test_int_of_math_ceil_times_an_attribute_keeps_sym_int_first() -> None:
    # `self.patch` may be a float: dropping int() is exact only when it is an int.
    assert candidates("n = int(math.ceil(h / self.patch) * self.patch)\nreturn x[..., :n]") == [
        ("safe", "torch.sym_"),
        ("unsafe", "math.ceil(h / self.patch) * self.patch"),
        # Last: the count on a float64 0-d tensor (codemods/size_counts.py).
        (
            "unsafe",
            "(torch.ceil(torch.tensor(h / self.patch, dtype=torch.float64)) * self.patch)"
            ".long().item(",
        ),
    ]


def test_int_of_a_ratio_of_sizes_becomes_floor_division() -> None:
    assert candidates("n = int(16 * w / h)\nreturn x[..., :n]") == [
        ("safe", "16 * w // h"),
        ("safe", "torch.sym_"),
    ]
    # An attribute of unknown type: the integer form comes second, with its condition.
    assert candidates("n = int(self.size * w / h)\nreturn x[..., :n]") == [
        ("safe", "torch.sym_"),
        ("unsafe", "self.size * w // h"),
    ]
    # A sum in the numerator keeps its parentheses.
    assert candidates("n = int((w + 1) / h)\nreturn x[..., :n]")[0] == ("safe", "(w + 1) // h")


def test_int_of_a_size_times_a_ratio_gets_no_integer_form() -> None:
    # `h * self.keep` is a float for keep=0.7: only torch.sym_int is exact.
    assert candidates("n = int(h * self.keep)\nreturn x[..., :n]") == [("safe", "torch.sym_")]
    assert candidates("n = int(h / 3.0)\nreturn x[..., :n]") == [("safe", "torch.sym_")]


# ------------------------------------------------------------------ custom operators

CUSTOM_OP = textwrap.dedent(
    """\
    import numpy as np
    import torch


    @torch.library.custom_op("idioms_test::{name}", mutates_args=())
    def {name}(x: torch.Tensor, scale: float) -> torch.Tensor:
        {body}


    class Model(torch.nn.Module):
        def forward(self, x):
            return {name}(x, 0.5) + 1
    """
)


def test_a_custom_op_with_a_torch_body_is_traced_through_first() -> None:
    text = CUSTOM_OP.format(name="gelu_scale", body="return torch.nn.functional.gelu(x) * scale")
    (diagnostic,) = found(text, "EXL403")
    first, second = diagnostic.fixes
    assert "Trace the Python body" in first.description
    assert "register_fake" in second.description
    new = fixed(text)
    assert "custom_op" not in new and "def gelu_scale(x: torch.Tensor" in new
    assert found(new, "EXL403") == []


def test_a_custom_op_with_a_numpy_body_in_torch_is_traced_through() -> None:
    # EXL202 rewrites the body with torch ops; the operator is then traced through.
    body = "return torch.from_numpy(np.sin(x.numpy()) * scale)"
    new = fixed(CUSTOM_OP.format(name="np_sin", body=body))
    assert "custom_op" not in new and "torch.sin(torch.as_tensor(x)) * scale" in new
    assert found(new, "EXL403") == [] and found(new, "EXL202") == []


def test_a_custom_op_with_a_numpy_body_gets_a_fake_kernel_first() -> None:
    body = "return torch.from_numpy(np.fft.rfft(x.numpy()).real * scale)"
    text = CUSTOM_OP.format(name="np_sin", body=body)
    (diagnostic,) = found(text, "EXL403")
    assert "register_fake" in diagnostic.fixes[0].description
    new = fixed(text)
    assert (
        "@np_sin.register_fake\n"
        "def _np_sin_fake(x: torch.Tensor, scale: float) -> torch.Tensor:\n"
        "    return torch.empty_like(x)\n"
    ) in new
    # The fake is seen: what is left is the missing ONNX translation, with no fix.
    (left,) = found(new, "EXL403")
    assert "no fake" not in left.message and "no translation" in left.message
    assert left.fix is not None and left.fix.applicability is Applicability.DISPLAY_ONLY
    torch = pytest.importorskip("torch")
    module = load(new.replace("idioms_test::", "idioms_test_fake::"), "fake_op")
    x = torch.randn(3, 4)
    exported = torch.export.export(module.Model(), (x,))
    torch.testing.assert_close(exported.module()(x), module.Model()(x))


def test_a_fake_for_a_tuple_of_outputs_has_one_tensor_per_output() -> None:
    text = textwrap.dedent(
        """\
        import torch
        from torch import Tensor


        @torch.library.custom_op("idioms_test::pair", mutates_args=())
        def pair(a: Tensor, b: Tensor) -> tuple[Tensor, Tensor]:
            return torch.tensor(a.tolist()), torch.tensor(b.tolist())


        class Model(torch.nn.Module):
            def forward(self, x, y):
                return pair(x, y)
        """
    )
    new = fixed(text)
    assert "return (torch.empty_like(a), torch.empty_like(b))" in new
    ast.parse(new)


def test_registered_kernels_and_torch_ops_calls_follow_the_traced_body() -> None:
    text = textwrap.dedent(
        """\
        import torch


        @torch.library.custom_op("idioms_test::route", mutates_args=())
        def route(x: torch.Tensor) -> torch.Tensor:
            return x * torch.sigmoid(x)


        @route.register_fake
        def _(x):
            return torch.empty_like(x)


        class Model(torch.nn.Module):
            def forward(self, x):
                return torch.ops.idioms_test.route.default(x) * 2
        """
    )
    new = fixed(text)
    assert "register_fake" not in new and "custom_op" not in new
    assert "return route(x) * 2" in new
    assert "\n\n\n\nclass" not in new  # the removed kernel takes its blank lines along


def test_an_operator_used_elsewhere_keeps_its_decorator() -> None:
    text = textwrap.dedent(
        """\
        import torch


        @torch.library.custom_op("idioms_test::kept", mutates_args=())
        def kept(x: torch.Tensor) -> torch.Tensor:
            return x * 2


        kept.register_autograd(lambda ctx, grad: grad * 2)
        OPS = {"kept": kept._opoverload}


        class Model(torch.nn.Module):
            def forward(self, x):
                return kept(x)
        """
    )
    (diagnostic,) = found(text, "EXL403")
    assert all("Trace the Python body" not in f.description for f in diagnostic.fixes)


NUMBERS = textwrap.dedent(
    """\
    import numpy as np
    import torch
    from torch import nn


    def helper(dim, pos):
        return np.sin(pos * np.log(dim)) + np.sqrt(dim)


    class Attn(nn.Module):
        def forward(self, q, k):
            d_k = q.size(-1)
            scores = torch.matmul(q, k.transpose(-2, -1)) / np.sqrt(d_k)
            n = q.shape[1]
            flat = np.prod(q.shape[1:])
            h = torch.as_tensor(helper(n, np.arange(n)))
            return scores * np.log(n) + flat + h.float().sum()
    """
)


def test_numpy_math_of_sizes_and_numbers_stays_python_or_a_0d_tensor() -> None:
    new = fixed(NUMBERS)
    assert "/ d_k ** 0.5" in new  # np.sqrt of a size (torch.sqrt wants a tensor)
    assert "math.prod(q.shape[1:])" in new and "import math" in new
    # math.log of a size fails export (EXL302): a 0-d float64 tensor instead.
    assert "torch.log(torch.tensor(n, dtype=torch.float64))" in new
    # In the helper, `dim` is what its callers pass: a size; `pos` an array.
    assert "torch.sin(pos * torch.log(torch.tensor(dim, dtype=torch.float64)))" in new
    assert "+ dim ** 0.5" in new
    assert [d.code for d in lint_source(new, "m.py") if d.code.startswith("EXL3")] == []
    np = pytest.importorskip("numpy")
    torch = pytest.importorskip("torch")
    before, after = load(NUMBERS, "before_numbers"), load(new, "after_numbers")
    for n in (2, 5):
        np.testing.assert_allclose(
            after.helper(n, torch.arange(n)).numpy(), before.helper(n, np.arange(n)), rtol=1e-6
        )
        q, k = torch.randn(2, n, 4), torch.randn(2, n, 4)
        torch.testing.assert_close(after.Attn()(q, k), before.Attn()(q, k))


def test_math_log_of_a_size_is_computed_in_the_graph() -> None:
    text = INT_HEADER + "        return x * (math.log(h) / math.log(self.size))\n"
    (diagnostic,) = found(text, "EXL302")
    assert diagnostic.fix is not None
    assert diagnostic.fix.applicability is Applicability.UNSAFE
    new = fixed(text)
    assert "torch.log(torch.tensor(h, dtype=torch.float64)) / math.log(self.size)" in new
    assert found(new, "EXL302") == []


def test_a_round_trip_through_numpy_stays_in_torch() -> None:
    text = textwrap.dedent(
        """\
        import numpy as np
        import torch


        class Model(torch.nn.Module):
            def forward(self, x):
                arr = x.detach().cpu().numpy()
                z = (arr - arr.mean()) / (arr.std() + 1e-5)
                return torch.from_numpy(np.clip(z, -1, 1).astype("float32")) + x.std()
        """
    )
    (diagnostic,) = found(text, "EXL202")
    assert diagnostic.fix is not None
    assert diagnostic.fix.applicability is Applicability.UNSAFE
    new = fixed(text)
    assert "arr = x.detach().cpu()\n" in new
    # numpy's std divides by n; torch's by n - 1 unless told. A tensor's own std is kept.
    assert "arr.std(correction=0)" in new and "+ x.std()" in new
    assert "torch.as_tensor(torch.clip(z, -1, 1).to(torch.float32))" in new
    torch = pytest.importorskip("torch")
    before, after = load(text, "before_roundtrip"), load(new, "after_roundtrip")
    x = torch.randn(4, 3)
    torch.testing.assert_close(after.Model()(x), before.Model()(x))


# ------------------------------------------------------------------ in-place changes of inputs


def test_an_in_place_method_without_a_twin_changes_a_copy() -> None:
    text = textwrap.dedent(
        """\
        import torch


        class Model(torch.nn.Module):
            def forward(self, x, y):
                # reset the first column
                x[:, 0].fill_(0.5)
                y.mul_(2)
                return x + y
        """
    )
    by_line = {d.line: d for d in found(text, "EXL501")}
    assert [f.description.split(":")[0] for f in by_line[8].fixes] == [
        "Compute out of place",
        "Change a copy",
    ]
    new = fixed(text)
    assert (
        "        # reset the first column\n        x = x.clone()\n        x[:, 0].fill_(0.5)\n"
        in new
    )
    assert "        y = y.mul(2)\n" in new
    assert found(new, "EXL501") == []
    torch = pytest.importorskip("torch")
    before, after = load(text, "before_fill"), load(new, "after_fill")
    x, y = torch.randn(3, 4), torch.randn(3, 4)
    torch.testing.assert_close(after.Model()(x.clone(), y.clone()), before.Model()(x, y))


def test_module_level_consumers_of_a_translated_helper_take_the_tensor() -> None:
    text = textwrap.dedent(
        """\
        import numpy as np
        import torch


        def table(n):
            return np.sin(np.arange(n, dtype=np.float32))


        DEFAULT = torch.from_numpy(table(4))


        class Model(torch.nn.Module):
            def forward(self, x):
                return x + torch.from_numpy(table(x.shape[0]))[:, None] + DEFAULT.sum()
        """
    )
    new = fixed(text)
    assert "DEFAULT = torch.as_tensor(table(4))" in new  # else the import would fail
    assert "torch.from_numpy" not in new
    torch = pytest.importorskip("torch")
    before, after = load(text, "before_module"), load(new, "after_module")
    x = torch.randn(5, 2)
    torch.testing.assert_close(after.Model()(x), before.Model()(x))


def test_a_body_naming_inp_is_not_taken_for_numpy() -> None:
    text = textwrap.dedent(
        """\
        import torch


        @torch.library.custom_op("idioms_test::scale_inp", mutates_args=())
        def scale_inp(inp: torch.Tensor) -> torch.Tensor:
            return inp * inp.sum().sigmoid()


        class Model(torch.nn.Module):
            def forward(self, x):
                return scale_inp(x)
        """
    )
    (diagnostic,) = found(text, "EXL403")
    assert "Trace the Python body" in diagnostic.fixes[0].description
