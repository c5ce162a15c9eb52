"""What torch.cond's branches may return (torch 2.13): dense copies where a branch output may
be strided like a view, a None in the same place of both branches' tuples kept out of the
cond, and refusals with a reason for what torch.cond cannot return. The catalogue hazards
`hazard_cond_*.py` of EXL101 prove these end to end (tests/test_fixes_export.py)."""

from __future__ import annotations

import ast

from exportlint.diagnostics import Diagnostic
from exportlint.engine import lint_source
from exportlint.fixer import apply_edits, fix_text

HEADER = "import torch\n\n\nclass M(torch.nn.Module):\n"
DENSE = ".clone(memory_format=torch.contiguous_format)"


def diagnostics(body: str) -> list[Diagnostic]:
    return [d for d in lint_source(HEADER + body) if d.code == "EXL101"]


def fixed(body: str) -> str:
    text = fix_text(HEADER + body, unsafe=True).text
    ast.parse(text)
    return text


def test_arithmetic_on_a_transpose_returns_a_dense_copy() -> None:
    text = fixed(
        "    def forward(self, x):\n"
        "        if x.sum() > 0:\n"
        "            return x.transpose(1, 2) * 2\n"
        "        return torch.tanh(x).transpose(1, 2).contiguous()\n"
    )
    assert f"return (x.transpose(1, 2) * 2){DENSE}" in text


def test_an_assigned_view_is_a_dense_copy_not_a_plain_clone() -> None:
    body = (
        "    def forward(self, x, y):\n"
        "        if x.sum() > 0:\n"
        "            z = y.permute(0, 2, 1)\n"
        "        else:\n"
        "            z = torch.relu(y).permute(0, 2, 1).contiguous()\n"
        "        return z * 2\n"
    )
    [diagnostic] = diagnostics(body)
    # the plain torch.cond candidate (after the one with the rest of the function)
    [plain] = [
        f for f in diagnostic.fixes if f.description.startswith("Rewrite as `torch.cond(...)` (")
    ]
    text = apply_edits(HEADER + body, list(plain.edits), "\n")
    assert "torch.cond(" in text and f"return z{DENSE}" in text and "z.clone()" not in text


def test_a_fresh_output_is_not_copied() -> None:
    text = fixed(
        "    def forward(self, x, m):\n"
        "        if x.sum() > 0:\n"
        "            x = x.masked_fill(m[:, None], 0.0)\n"
        "        return x * 2\n"
    )
    assert "x = x.masked_fill(m[:, None], 0.0)\n" in text
    assert "return x\n" in text


def test_none_in_the_same_place_stays_out_of_the_cond() -> None:
    text = fixed(
        "    def forward(self, h):\n"
        "        if h.sum() > 0:\n"
        "            return self.a(h), None, h * 2\n"
        "        return self.b(h), None, h * 3\n"
    )
    assert "_outputs = torch.cond(" in text
    assert "return _outputs[0], None, _outputs[1]\n" in text
    assert "return self.a(h), h * 2\n" in text and "return self.b(h), h * 3\n" in text


def test_a_name_set_to_none_is_put_back_as_it_was() -> None:
    text = fixed(
        "    def forward(self, h):\n"
        "        weights = None\n"
        "        if h.sum() > 0:\n"
        "            return self.a(h), weights\n"
        "        return self.b(h), weights\n"
    )
    assert "return _outputs, weights\n" in text
    assert "return self.a(h)\n" in text


def test_torch_where_keeps_a_none_on_both_sides() -> None:
    text = fixed(
        "    def forward(self, h):\n"
        "        if h.mean() > 0:\n"
        "            return torch.tanh(h), None\n"
        "        return torch.sigmoid(h), None\n"
    )
    assert "torch.where(h.mean() > 0, None, None)" not in text
    assert text.rstrip().endswith("torch.sigmoid(h)), None")


def test_none_in_one_branch_only_is_refused_with_the_reason() -> None:
    body = (
        "    def forward(self, h):\n"
        "        if h.sum() > 0:\n"
        "            return self.a(h), None\n"
        "        return self.b(h), h\n"
    )
    [diagnostic] = diagnostics(body)
    assert not any("torch.cond" in f.description for f in diagnostic.fixes)
    assert "torch.cond" not in fixed(body)


def test_an_object_returned_by_a_branch_is_refused_with_the_reason() -> None:
    body = (
        "    def forward(self, h):\n"
        "        if h.sum() > 0:\n"
        "            return BaseModelOutput(last_hidden_state=self.a(h))\n"
        "        return BaseModelOutput(last_hidden_state=self.b(h))\n"
    )
    [diagnostic] = diagnostics(body)
    assert not any("torch.cond" in f.description for f in diagnostic.fixes)
    assert "torch.cond" not in fixed(body)


def test_a_returned_list_or_dict_copies_its_operands() -> None:
    text = fixed(
        "    def forward(self, x):\n"
        "        if x.sum() > 0:\n"
        "            return [x, self.a(x)]\n"
        "        return [self.b(x), x]\n"
    )
    assert f"return [x{DENSE}, self.a(x)]" in text
    text = fixed(
        "    def forward(self, x):\n"
        "        if x.sum() > 0:\n"
        '            return {"h": x}\n'
        '        return {"h": self.b(x)}\n'
    )
    assert f'return {{"h": x{DENSE}}}' in text


def test_none_in_a_returned_list_is_refused() -> None:
    body = (
        "    def forward(self, x):\n"
        "        if x.sum() > 0:\n"
        "            return [self.a(x), None]\n"
        "        return [self.b(x), None]\n"
    )
    assert "torch.cond" not in fixed(body)


def test_the_rest_of_the_function_returning_none_keeps_it_out_of_the_cond() -> None:
    text = fixed(
        "    def forward(self, tokens, prompts):\n"
        "        if prompts.abs().sum() != 0:\n"
        "            tokens = torch.cat((prompts, tokens), dim=1)\n"
        "        hidden = self.proj(tokens)\n"
        "        return hidden.mean(dim=1), None\n"
    )
    assert text.count("return hidden.mean(dim=1)\n") == 2
    assert "_outputs = torch.cond(" in text and "return _outputs, None\n" in text


def test_a_name_the_branch_sets_is_not_taken_for_none() -> None:
    body = (
        "    def forward(self, h):\n"
        "        weights = None\n"
        "        if h.sum() > 0:\n"
        "            weights = h.softmax(-1)\n"
        "            return self.a(h), weights\n"
        "        return self.b(h), weights\n"
    )
    assert "_outputs" not in fixed(body)


def test_an_output_computed_from_a_view_through_a_name_is_a_dense_copy() -> None:
    """`v = x.permute(...)` then `out = v.index_put(...)` (or `v * 2`): laid out like the
    view; torch.cond rejects it ("stride is not a simple accumulative multiplication of
    sizes") unless it is a dense copy. The catalogue's
    `hazard_cond_boost_rows_of_permuted_view.py` proves it end to end."""
    for value in ("v.index_put((mask,), v[mask] * 2)", "v * 2", "-v.relu()"):
        text = fixed(
            "    def forward(self, x, mask):\n        if mask.any():\n"
            "            v = x.permute(0, 2, 3, 1)\n"
            f"            out = {value}\n"
            "        else:\n"
            "            out = x.new_zeros(x.shape[0], x.shape[2], x.shape[3], x.shape[1])\n"
            "        self.last = out.detach()\n        return out.sum(-1)\n"
        )
        assert f"            out = {value}\n            return out{DENSE}\n" in text, text
    # A fresh tensor computed from the view (a module's output) needs no copy.
    text = fixed(
        "    def forward(self, x, mask):\n        if mask.any():\n"
        "            v = x.permute(0, 2, 3, 1)\n            out = self.proj(v)\n"
        "        else:\n            out = x.new_zeros(x.shape[0], x.shape[2], x.shape[3], 4)\n"
        "        self.last = out.detach()\n        return out.sum(-1)\n"
    )
    assert "            out = self.proj(v)\n            return out\n" in text, text
