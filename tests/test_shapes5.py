"""What a value is (issue 9, shapes5): static axes of results whose shape is partly known,
receivers that are objects rather than tensors, and project subclasses of torch.distributions.

The catalogue cases prove these shapes on torch 2.13 (`rules/EXL401-tensor-loop/safe_nonzero_*`,
`safe_box_coordinates_unbind`, `rules/EXL304-api-dynamic-shapes/safe_gru_*`,
`rules/EXL404-no-onnx-translation/safe_distribution_*`,
`rules/EXL101-tensor-condition/*distribution_subclass*`); these tests pin the analysis on
several spellings of each, and that the hazards next to them stay reported.
"""

from __future__ import annotations

import ast
import textwrap

import pytest

from exportlint.engine import lint_source
from exportlint.fixer import fix_text

MODEL = """\
import torch
from torch import nn
from torch.export import Dim


class Model(nn.Module):
    def __init__(self):
        super().__init__()
        self.reg = nn.Linear(8, 4)
        self.emb = nn.Embedding(10, 8)
        self.gru = nn.GRU(16, 8, batch_first=True)
        self.step = nn.GRU(8, 8, batch_first=True)
        self.tm = nn.GRU(8, 8)
        self.out = nn.Linear(8, 10)

    def forward(self, x, mask, enc):
{body}

example_inputs = [(torch.randn(4, 8), torch.randn(4, 5) > 0, torch.randn(4, 5, 8))]
dynamic_shapes = ({{0: Dim.DYNAMIC}}, {{0: Dim.DYNAMIC}}, {{0: Dim.DYNAMIC, 1: Dim.DYNAMIC}})
"""


def _found(body: str) -> set[tuple[int, str]]:
    """(line within the body, code) of every diagnostic."""
    text = MODEL.format(body=textwrap.indent(textwrap.dedent(body), " " * 8))
    start = text.splitlines().index("    def forward(self, x, mask, enc):") + 2
    return {(d.line - start + 1, d.code) for d in lint_source(text, "m.py")}


@pytest.mark.parametrize(
    "body",
    [
        "idx = torch.nonzero(mask)\nreturn x[tuple(idx.t())]",
        "idx = mask.nonzero()\nreturn x[tuple(idx.T)]",
        "idx = torch.argwhere(mask)\nrows, cols = idx.t()\nreturn rows + cols",
        "idx = mask.nonzero()\nout = []\nfor c in idx.t():\n    out.append(c.sum())\n"
        "return torch.stack(out)",
        "idx = mask.nonzero()\nreturn torch.stack([c.sum() for c in idx.unbind(1)])",
        "idx = mask.nonzero()\nreturn torch.stack([c.sum() for c in idx.unbind(dim=-1)])",
        "return torch.stack([c.sum() for c in torch.where(mask)])",
        "idx = mask.nonzero()\nreturn torch.stack([c.sum() for c in idx.mT])",
        "return torch.stack([c.sum() for c in torch.nonzero(mask, as_tuple=True)])",
        "r, c = mask.nonzero(as_tuple=True)\nreturn x[r] + c",
        "return torch.stack([c.sum() for c in mask.nonzero(as_tuple=True)])",
    ],
)
def test_the_columns_of_a_nonzero_index_list_are_a_static_count(body: str) -> None:
    assert not {c for _, c in _found(body)} & {"EXL401"}


@pytest.mark.parametrize(
    "body",
    [
        "idx = mask.nonzero()\nreturn torch.stack([r.sum() for r in idx])",
        "idx = mask.nonzero()\nreturn torch.stack([r.sum() for r in idx.t().t()])",
        "idx = mask.nonzero()\nreturn torch.stack([r.sum() for r in idx.unbind(0)])",
    ],
)
def test_the_rows_of_a_nonzero_index_list_stay_reported(body: str) -> None:
    assert (2, "EXL401") in _found(body)


@pytest.mark.parametrize(
    "body",
    [
        "return torch.stack([c * 2 for c in self.reg(x).unbind(-1)], -1)",
        "b = torch.stack([x[:, 0], x[:, 1], x[:, 2], x[:, 3]], dim=-1)\n"
        "return torch.stack([c * 2 for c in b.unbind(-1)], -1)",
        "b = torch.stack([x[:, 0], x[:, 1], x[:, 2], x[:, 3]], dim=1)\n"
        "return torch.stack([c * 2 for c in b.unbind(1)], 1)",
        "z = x.new_zeros(x.shape[0], 4)\nreturn torch.stack([c + 1 for c in z.unbind(dim=1)], 1)",
        "b = self.reg(x)\nreturn torch.stack([c + 1 for c in b.T])",
    ],
)
def test_unbind_of_an_axis_a_layer_or_a_literal_fixed(body: str) -> None:
    assert not {c for _, c in _found(body)} & {"EXL401"}


@pytest.mark.parametrize(
    "body",
    [
        "return torch.stack([c * 2 for c in self.reg(x).unbind(0)])",
        "b = torch.stack([x[:, 0], x[:, 1]], dim=1)\nreturn torch.stack([c for c in b.unbind(0)])",
        "b = x[:, 1:]\nreturn torch.stack([c * 2 for c in b.T.T])",
    ],
)
def test_unbind_of_a_dynamic_axis_stays_reported(body: str) -> None:
    assert any(code == "EXL401" for _, code in _found(body))


@pytest.mark.parametrize(
    "body",
    [
        # an attention decoder's step: (b, 1) tokens, embedded, with a (b, 1, h) context
        "tok = torch.empty(x.shape[0], 1, dtype=torch.long).fill_(1)\n"
        "emb = self.emb(tok)\n"
        "w = torch.softmax(torch.bmm(emb, enc.transpose(1, 2)), dim=-1)\n"
        "o, h = self.gru(torch.cat((emb, torch.bmm(w, enc)), dim=2))\n"
        "return o",
        # one step at a time, fed by unsqueeze
        "o, h = self.step(self.reg(x).unsqueeze(1))\nreturn o",
        # a greedy loop: topk(1) then squeeze(-1) feeds the next step
        "tok = torch.zeros(x.shape[0], 1, dtype=torch.long)\n"
        "h = None\n"
        "outs = []\n"
        "for _ in range(3):\n"
        "    o, h = self.step(self.emb(tok), h)\n"
        "    logits = self.out(o)\n"
        "    _, top = logits.topk(1)\n"
        "    tok = top.squeeze(-1).detach()\n"
        "    outs.append(logits)\n"
        "return torch.cat(outs, 1)",
        "tok = torch.zeros(x.shape[0], 1, dtype=torch.long)\n"
        "h = None\n"
        "for _ in range(3):\n"
        "    o, h = self.step(self.emb(tok), h)\n"
        "    tok = self.out(o).topk(1)[1][:, :, 0]\n"
        "return h",
    ],
)
def test_a_recurrent_step_of_one_time_step_is_not_a_dynamic_length(body: str) -> None:
    assert not {c for _, c in _found(body)} & {"EXL304"}


@pytest.mark.parametrize(
    "body",
    [
        "o, h = self.step(enc)\nreturn o",
        "o, h = self.gru(torch.cat((enc, enc), dim=2))\nreturn o",
        # time-major: unsqueeze(1) makes the batch axis 1, time is still the dynamic rows
        "o, h = self.tm(enc[0].unsqueeze(1))\nreturn o",
        "o, h = self.step(enc[:, 1:])\nreturn o",
    ],
)
def test_a_recurrent_layer_over_a_dynamic_length_stays_reported(body: str) -> None:
    assert any(code == "EXL304" for _, code in _found(body))


HEADS = """\
import torch
from torch import nn
from torch.export import Dim


class FixedCategorical(torch.distributions.Categorical):
    def mode(self):
        return self.probs.argmax(dim=-1, keepdim=True)

    def scores(self, h):
        return h.mode(-1).values


class Head(nn.Module):
    def __init__(self):
        super().__init__()
        self.linear = nn.Linear(8, 4)

    def forward(self, x):
        return FixedCategorical(logits=self.linear(x), validate_args=False)


class NormalHead(nn.Module):
    def __init__(self):
        super().__init__()
        self.linear = nn.Linear(8, 4)

    def forward(self, x):
        return torch.distributions.Normal(self.linear(x), 1.0, validate_args=False)


class Plain(nn.Module):
    def __init__(self):
        super().__init__()
        self.linear = nn.Linear(8, 4)

    def forward(self, x):
        return self.linear(x)


class Model(nn.Module):
    def __init__(self):
        super().__init__()
        self.head = Head()
        self.normal = NormalHead()
        self.plain = Plain()

    def forward(self, x):
{body}


example_inputs = [(torch.randn(4, 8),)]
dynamic_shapes = ({{0: Dim.DYNAMIC}},)
"""


def _head_codes(body: str) -> list[tuple[str, str]]:
    text = HEADS.format(body=textwrap.indent(textwrap.dedent(body), " " * 8))
    lines = text.splitlines()
    return [(lines[d.line - 1].strip(), d.code) for d in lint_source(text, "m.py")]


@pytest.mark.parametrize(
    "body",
    [
        "dist = self.head(x)\nreturn dist.mode()",
        "return self.head(x).mode()",
        "dist = self.normal(x)\nreturn dist.mode, dist.sample()",
        "d = self.normal(x)\nreturn d.mode().sort()",
    ],
)
def test_methods_of_objects_a_submodule_returns_are_not_tensor_methods(body: str) -> None:
    assert _head_codes(body) == []


def test_a_hazard_in_the_project_class_method_is_followed() -> None:
    found = _head_codes("dist = self.head(x)\nreturn dist.scores(self.plain(x))")
    assert ("return h.mode(-1).values", "EXL404") in found


def test_the_tensor_method_of_a_submodule_output_stays_reported() -> None:
    assert ("return self.plain(x).mode(-1).values", "EXL404") in _head_codes(
        "return self.plain(x).mode(-1).values"
    )


SUBCLASS = """\
import torch
from torch import nn
from torch.distributions import Bernoulli, MultivariateNormal, Normal
{prelude}

{classes}


class Model(nn.Module):
    def __init__(self):
        super().__init__()
        self.linear = nn.Linear(8, 4)

    def forward(self, x):
        h = self.linear(x)
        dist = {build}
        return dist.mean
"""


def _subclass(classes: str, build: str, prelude: str = "") -> str:
    return SUBCLASS.format(classes=textwrap.dedent(classes), build=build, prelude=prelude)


def _lines_with(text: str, code: str) -> list[str]:
    lines = text.splitlines()
    return [lines[d.line - 1].strip() for d in lint_source(text, "m.py") if d.code == code]


@pytest.mark.parametrize(
    ("classes", "build"),
    [
        ("class FixedCategorical(torch.distributions.Categorical):\n    pass",
         "FixedCategorical(logits=h)"),
        ("class FixedNormal(Normal):\n    def mode(self):\n        return self.mean",
         "FixedNormal(h, h.exp())"),
        ("class A(Bernoulli):\n    pass\n\n\nclass B(A):\n    pass",
         "B(logits=h, validate_args=True)"),
        ("class Mvn(MultivariateNormal):\n    pass",
         "Mvn(h, scale_tril=torch.diag_embed(h.exp()))"),
    ],
)  # fmt: skip
def test_project_subclasses_of_distributions_validate_like_their_base(
    classes: str, build: str
) -> None:
    text = _subclass(classes, build)
    assert _lines_with(text, "EXL101") == [f"dist = {build}"]


@pytest.mark.parametrize(
    ("classes", "build", "prelude"),
    [
        ("class FixedNormal(Normal):\n    pass",
         "FixedNormal(h, h.exp(), validate_args=False)", ""),
        ("class FixedNormal(Normal):\n    pass", "FixedNormal(h, h.exp())",
         "torch.distributions.Distribution.set_default_validate_args(False)"),
        ("class Normal:\n    def __init__(self, loc, scale):\n        self.loc = loc",
         "Normal(h, h.exp())", ""),
        ("class FixedNormal(nn.Module):\n    pass", "FixedNormal(h, h.exp())", ""),
        ("class FixedNormal(Normal):\n    pass", "FixedNormal(0.0, 1.0)", ""),
    ],
)  # fmt: skip
def test_subclass_look_alikes_stay_silent(classes: str, build: str, prelude: str) -> None:
    assert _lines_with(_subclass(classes, build, prelude), "EXL101") == []


def test_the_fix_reaches_the_subclass_call() -> None:
    text = _subclass(
        "class FixedCategorical(torch.distributions.Categorical):\n    pass",
        "FixedCategorical(logits=h)  # keep",
    )
    out = fix_text(text, "m.py", unsafe=True).text
    ast.parse(out)
    assert "dist = FixedCategorical(logits=h, validate_args=False)  # keep" in out


def test_a_subclass_whose_init_rejects_the_keyword_gets_advice_not_an_edit() -> None:
    classes = (
        "class Diag(MultivariateNormal):\n"
        "    def __init__(self, loc, std):\n"
        "        super().__init__(loc, scale_tril=torch.diag_embed(std))"
    )
    text = _subclass(classes, "Diag(h, h.exp())")
    (found,) = [d for d in lint_source(text, "m.py") if d.code == "EXL101"]
    assert "MultivariateNormal constructor `Diag.__init__` calls" in (found.help or "")
    assert fix_text(text, "m.py", unsafe=True).text == text


SAMPLED = """\
import torch
from torch import nn
from torch.distributions import Normal


class StdNormal(Normal):
    def describe(self):
        return "standard"


class OwnCdf(Normal):
    def cdf(self, value):
        return 0.5 * (1 + torch.tanh(0.8 * value))


class Model(nn.Module):
    def forward(self, x):
        {line}
"""


@pytest.mark.parametrize(
    ("line", "code"),
    [
        ("return StdNormal(0.0, 1.0).cdf(x)", "EXL101"),
        ("prior = StdNormal(0, 1)\n        return prior.log_prob(x)", "EXL101"),
        ("return StdNormal(0.0, 1.0).icdf(torch.sigmoid(x))", "EXL404"),
    ],
)
def test_methods_a_subclass_inherits_check_like_its_base(line: str, code: str) -> None:
    text = SAMPLED.format(line=line)
    assert code in {d.code for d in lint_source(text, "m.py")}


@pytest.mark.parametrize(
    "line",
    [
        "return OwnCdf(0.0, 1.0).cdf(x)",
        "return StdNormal(0.0, 1.0, validate_args=False).cdf(x)",
        "return StdNormal(0.0, 1.0).sample(x.shape)",
    ],
)
def test_a_subclass_method_of_its_own_or_without_checks_is_silent(line: str) -> None:
    assert not lint_source(SAMPLED.format(line=line), "m.py")


UNRANKED = """\
import torch
from torch import nn


class Model(nn.Module):
    def __init__(self):
        super().__init__()
        self.emb = nn.Embedding(10, 8)
        self.gru = nn.GRU(8, 8, batch_first=True)
        self.tm = nn.GRU(8, 8)

    def forward(self, token, hidden, seq):
        emb = self.emb(token)
        {line}
        return out
"""


@pytest.mark.parametrize(
    ("line", "reported"),
    [
        ("out, hidden = self.gru(emb.unsqueeze(1), hidden)", False),
        ("step = emb.unsqueeze(1)\n        out, _ = self.gru(step)", False),
        ("out, _ = self.tm(emb.unsqueeze(0))", False),
        ("out, _ = self.tm(emb.unsqueeze(1))", True),
        ("out, _ = self.gru(emb.unsqueeze(0))", True),
        ("out, _ = self.gru(seq)", True),
    ],
)
def test_a_new_axis_of_one_at_the_time_axis_of_unknown_rank(line: str, reported: bool) -> None:
    found = {d.code for d in lint_source(UNRANKED.format(line=line), "m.py")}
    assert ("EXL304" in found) is reported


def test_sizes_of_a_transposed_index_list_are_static_or_data_by_axis() -> None:
    found = _found(
        """
        idx = torch.nonzero(mask)
        cols = idx.t()
        out = x.new_zeros(())
        for i in range(len(cols)):
            out = out + cols[i].sum()
        for j in range(cols.shape[0]):
            out = out + cols[j].sum()
        if cols.shape[1] > 3:
            out = out * 2
        for k in range(idx.shape[0]):
            out = out + idx[k].sum()
        return out
        """
    )
    assert {line for line, _ in found} == {9, 11}
