"""The export surface and kind inference, seen through what gets reported."""

from __future__ import annotations

import textwrap

from exportlint import lint_source
from exportlint.config import Settings


def codes(source: str, settings: Settings | None = None) -> list[tuple[int, str]]:
    text = textwrap.dedent(source)
    return [(d.line, d.code) for d in lint_source(text, "model.py", settings)]


def test_code_outside_forward_is_never_reported() -> None:
    assert (
        codes(
            """
        import torch

        class Model(torch.nn.Module):
            def __init__(self, n):
                super().__init__()
                t = torch.ones(3)
                if t.sum() > 0:
                    self.n = int(t.max().item())

            def forward(self, x):
                return x * 2

        def train(model, loader):
            for batch in loader:
                loss = model(batch).sum()
                if loss.item() > 10:
                    print(float(loss))

        x = torch.ones(4)
        if x.sum() > 0:
            pass
        """
        )
        == []
    )


def test_helpers_called_from_forward_are_followed() -> None:
    assert codes(
        """
        import torch
        from torch import nn

        def clip(t):
            if t.max() > 1:
                return t / t.max()
            return t

        class Block(nn.Module):
            def _norm(self, h):
                return clip(h)

            def forward(self, x):
                return self._norm(x)

        def unused(t):
            if t.max() > 1:
                return t
            return t
        """
    ) == [(6, "EXL101")]


def test_module_subclass_through_local_and_configured_bases() -> None:
    source = """
        import torch
        from somewhere import PreTrainedThing

        class Base(torch.nn.Module):
            pass

        class Child(Base):
            def forward(self, x):
                if x.sum() > 0:
                    return x
                return -x

        class Other(PreTrainedThing):
            def forward(self, x):
                if x.sum() > 0:
                    return x
                return -x

        class NotAModule:
            def forward(self, x):
                if x.sum() > 0:
                    return x
                return -x
        """
    assert codes(source) == [(10, "EXL101")]
    configured = Settings(module_bases=("Module", "PreTrainedThing"))
    assert codes(source, configured) == [(10, "EXL101"), (16, "EXL101")]


def test_entry_points_configure_plain_functions() -> None:
    source = """
        import torch

        def step(x):
            if x.sum() > 0:
                return x
            return -x
        """
    assert codes(source) == []
    assert codes(source, Settings(entry_points=("step",))) == [(5, "EXL101")]


def test_static_values_stay_silent() -> None:
    assert (
        codes(
            """
        import torch
        from torch import nn

        class Model(nn.Module):
            def __init__(self, config):
                super().__init__()
                self.layers = nn.ModuleList([nn.Linear(4, 4) for _ in range(config.n)])
                self.scale = config.hidden ** -0.5
                self.use_bias = config.bias
                self.proj = nn.Linear(4, 4)

            def forward(self, x, mask=None, output_attentions: bool = False):
                if mask is not None:
                    x = x.masked_fill(mask, 0.0)
                if self.training and self.use_bias:
                    x = x + 1
                if output_attentions:
                    x = x * 2
                if x.dim() == 3 and x.dtype == torch.float16:
                    x = x.float()
                for layer in self.layers:
                    x = layer(x)
                for i in range(len(self.layers)):
                    x = x * self.scale
                if len(x.shape) == 2:
                    x = x[None]
                out = self.proj(x)
                if out is None or torch.jit.is_tracing():
                    return x
                return out
        """
        )
        == []
    )


def test_training_only_code_is_not_traced() -> None:
    assert (
        codes(
            """
        import random
        import torch

        class Model(torch.nn.Module):
            def forward(self, x):
                if self.training:
                    if random.random() < 0.1:
                        return x
                    if x.sum() > 0:
                        x = x * 2
                return x
        """
        )
        == []
    )


def test_torch_check_facts_decide_comparisons() -> None:
    source = """
        import torch

        class Model(torch.nn.Module):
            def forward(self, x, y):
                a = x.item()
                torch._check(a >= 0)
                torch._check(a <= 5)
                if a < 6:
                    y = y + 1
                if a < 3:
                    y = y * 2
                return y
        """
    # a < 6 is settled by the checks; a < 3 is not.
    assert codes(source) == [(11, "EXL101")]


def test_kinds_flow_through_assignments_branches_and_unpacking() -> None:
    assert codes(
        """
        import torch

        class Model(torch.nn.Module):
            def forward(self, x):
                b, s, h = x.shape
                n = s * 2 + 1
                if n > 8:
                    x = x[:, :8]
                lengths = x.sum(-1)
                m = lengths.max()
                if m > 0:
                    x = x / m
                return x
        """
    ) == [(8, "EXL102"), (12, "EXL101")]


def test_and_or_operands_are_converted_one_by_one() -> None:
    # Python converts every operand but the last of a bare `and` to bool: a DIM predicate
    # handed to torch.cond is not a guard, a tensor operand in the middle is.
    assert codes(
        """
        import torch

        class Model(torch.nn.Module):
            def forward(self, x):
                pred = x.dim() > 2 and x.shape[2] > 10
                other = (x.sum() > 0) and x.dim() > 1
                return torch.cond(pred, lambda t: t.cos(), lambda t: t.sin(), [x])
        """
    ) == [(7, "EXL101")]


def test_messages_name_the_expression_and_its_kind() -> None:
    text = textwrap.dedent(
        """
        import torch

        class Model(torch.nn.Module):
            def forward(self, x):
                n = int(x.max().item())
                return x[:n]
        """
    )
    (diagnostic,) = lint_source(text, "m.py")
    assert "int(x.max().item())" in diagnostic.message
    assert "data-dependent" in diagnostic.message
    assert (diagnostic.line, diagnostic.column, diagnostic.end_column) == (6, 13, 32)


def test_non_ascii_columns_count_characters() -> None:
    text = (
        "import torch\nclass M(torch.nn.Module):\n    def forward(self, x):\n"
        "        é = 1; return x if x.sum() > 0 else -x\n"
    )
    (diagnostic,) = lint_source(text, "m.py")
    line = text.splitlines()[3]
    assert line[diagnostic.column - 1 : diagnostic.end_column - 1] == "x.sum() > 0"
