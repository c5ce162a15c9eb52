"""EXL601: the example inputs of an export, read from the file (call sites, conventions).

Each program below is linted, and the ones that claim torch.export fails (or bakes a value)
are also run with the real torch.export, in-process, so that a claim that stops being true on
the installed torch fails here. The look-alikes must stay silent.
"""

from __future__ import annotations

import textwrap
from typing import Any

import pytest

from exportlint import lint_source
from exportlint.analysis.export_calls import (
    Hint,
    Scope,
    dim_hint,
    example_tensor,
    export_sites,
)
from exportlint.analysis.imports import import_table
from exportlint.diagnostics import Applicability
from exportlint.fixer import fix_text

MODEL = """\
import torch
from torch.export import Dim, export


class Model(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.proj = torch.nn.Linear(8, 4)

    def forward(self, x, steps: int = 1, flag: bool = False):
        out = self.proj(x) * steps
        return out + 1 if flag else out


"""


def program(tail: str) -> str:
    return MODEL + textwrap.dedent(tail)


def exl601(source: str) -> list[tuple[int, str]]:
    return [(d.line, d.message) for d in lint_source(source, "example.py") if d.code == "EXL601"]


def line_of(source: str, marker: str) -> int:
    lines = source.splitlines()
    return next(i for i, text in enumerate(lines, start=1) if marker in text)


# ------------------------------------------------------------------ hazards


HAZARDS = {
    "dynamic batch of one, module-level name": (
        """\
        B = 1
        x = torch.randn(B, 8)  # HERE
        ep = export(Model(), (x,), dynamic_shapes={"x": {0: Dim.DYNAMIC}})
        """,
        "fails",
    ),
    "size 0, tuple spec, in main()": (
        """\
        def main():
            m = Model().eval()
            example = (torch.zeros((0, 8)),)  # HERE
            ep = torch.export.export(m, example, dynamic_shapes=((Dim.DYNAMIC, None),))


        if __name__ == "__main__":
            main()
        """,
        "fails",
    ),
    "named Dim with min=1": (
        """\
        batch = Dim("batch", min=1, max=64)
        if __name__ == "__main__":
            example = torch.ones(1, 8).to("cpu")  # HERE
            ep = torch.export.export(Model(), (example,), dynamic_shapes={"x": {0: batch}})
        """,
        "fails",
    ),
    "torch.export.dims unpacked": (
        """\
        dx, dy = torch.export.dims("dx", "dy")
        ep = torch.export.export(
            Model(), args=(torch.randn(1, 8),), dynamic_shapes=({0: dx},)  # HERE
        )
        """,
        "fails",
    ),
    "Dim.AUTO specialises": (
        """\
        ep = torch.export.export(
            Model(), (torch.randn(1, 8),), dynamic_shapes={"x": (Dim.AUTO, None)}  # HERE
        )
        """,
        "specialises",
    ),
    "one named Dim, two example sizes": (
        """\
        class Pair(torch.nn.Module):
            def forward(self, a, b):
                return a.sum(0) + b.sum(0)


        batch = Dim("batch")
        ep = torch.export.export(
            Pair(),
            (torch.randn(3, 8), torch.randn(5, 8)),  # HERE
            dynamic_shapes={"a": {0: batch}, "b": {0: batch}},
        )
        """,
        "fails",
    ),
    "example outside the named Dim's range": (
        """\
        long = Dim("long", min=16, max=4096)
        ep = torch.export.export(
            Model(), (torch.randn(8, 8),), dynamic_shapes={"x": {0: long}}  # HERE
        )
        """,
        "fails",
    ),
    "negative axis, ignored": (
        """\
        ep = torch.export.export(
            Model(), (torch.randn(4, 8),), dynamic_shapes={"x": {-2: Dim.DYNAMIC}}  # HERE
        )
        """,
        "ignored",
    ),
    "axis past the rank, ignored": (
        """\
        ep = torch.export.export(
            Model(), (torch.randn(4, 8),), dynamic_shapes={"x": {2: Dim.DYNAMIC}}  # HERE
        )
        """,
        "ignored",
    ),
    "per-tensor tuple of the wrong length": (
        """\
        ep = torch.export.export(
            Model(), (torch.randn(4, 8),), dynamic_shapes={"x": (Dim.DYNAMIC,)}  # HERE
        )
        """,
        "fails",
    ),
    "key the forward does not have": (
        """\
        shapes = {
            "inputs": {0: Dim.DYNAMIC},  # HERE
        }
        ep = torch.export.export(Model(), (torch.randn(4, 8),), dynamic_shapes=shapes)
        """,
        "fails",
    ),
    "key for an argument not passed": (
        """\
        ep = torch.export.export(
            Model(),
            (torch.randn(4, 8),),
            dynamic_shapes={"x": {0: Dim.DYNAMIC}, "steps": None},  # HERE
        )
        """,
        "fails",
    ),
    "an input passed with no key": (
        """\
        ep = torch.export.export(
            Model(),
            (torch.randn(4, 8), 2),
            dynamic_shapes={"x": {0: Dim.DYNAMIC}},  # HERE
        )
        """,
        "fails",
    ),
    "ExportDB example_kwargs with no key": (
        """\
        example_args = (torch.randn(4, 8),)
        example_kwargs = {"flag": True}
        dynamic_shapes = {"x": {0: Dim.DYNAMIC}}  # HERE
        """,
        "convention",
    ),
    "(args, kwargs) pairs, a keyword input with no key": (
        """\
        example_inputs = [
            ((torch.randn(3, 8),), {"flag": True}),
            ((torch.randn(5, 8),), {"flag": True}),
        ]
        dynamic_shapes = {"x": {0: Dim.DYNAMIC}}  # HERE
        """,
        "pairs",
    ),
    "tuple spec of the wrong length": (
        """\
        ep = torch.export.export(
            Model(),
            (torch.randn(4, 8), 2),
            dynamic_shapes=({0: Dim.DYNAMIC},),  # HERE
        )
        """,
        "fails",
    ),
    "int differs between input sets": (
        """\
        example_inputs = [
            (torch.randn(3, 8), 2),
            (torch.randn(5, 8), 3),  # HERE
        ]
        dynamic_shapes = ({0: Dim.DYNAMIC}, None)
        """,
        "bakes",
    ),
    "the exported program called with another int": (
        """\
        ep = export(Model(), (torch.randn(3, 8), 2), dynamic_shapes=({0: Dim.DYNAMIC}, None))
        run = ep.module()
        out = run(torch.randn(5, 8), 3)  # HERE
        """,
        "run",
    ),
    "float differs between input sets": (
        """\
        class Scaled(torch.nn.Module):
            def forward(self, x, scale: float):
                return x * scale


        model = Scaled()
        example_inputs = [
            (torch.randn(3, 8), 0.5),
            (torch.randn(5, 8), -1.5),  # HERE
        ]
        dynamic_shapes = ({0: Dim.DYNAMIC}, None)
        """,
        "bakes",
    ),
    "onnx-diagnostic's _inputs class attribute": (
        """\
        class Stepped(Model):
            _inputs = [
                (torch.randn(3, 8), 2),
                (torch.randn(5, 8), 4),  # HERE
            ]
            _dynamic = ({0: Dim.DYNAMIC}, None)
        """,
        "bakes",
    ),
    "bool differs between input sets, names resolved": (
        """\
        first = (torch.randn(3, 8), 1, True)
        second = (torch.randn(5, 8), 1, False)  # HERE
        example_inputs = [first, second]
        dynamic_shapes = ({0: Dim.DYNAMIC}, None, None)
        """,
        "bakes",
    ),
}


@pytest.mark.parametrize("name", list(HAZARDS))
def test_hazard_is_reported_on_its_line(name: str) -> None:
    source = program(HAZARDS[name][0])
    found = exl601(source)
    assert [line for line, _ in found] == [line_of(source, "# HERE")], found


def test_messages_say_what_happens() -> None:
    (_, message), *_ = exl601(program(HAZARDS["Dim.AUTO specialises"][0]))
    assert "accepts only 1" in message and "Dim.AUTO" in message
    (_, message), *_ = exl601(program(HAZARDS["key the forward does not have"][0]))
    assert "`Model.forward` has no argument `inputs`" in message
    assert "x, steps, flag" in message
    (_, message), *_ = exl601(program(HAZARDS["key for an argument not passed"][0]))
    assert "does not pass `steps`" in message
    (_, message), *_ = exl601(program(HAZARDS["an input passed with no key"][0]))
    assert "no key for `steps`" in message
    (_, message), *_ = exl601(program(HAZARDS["int differs between input sets"][0]))
    assert "`steps` is the Python int `2`" in message and "`3` here" in message


def test_diagnostic_fixes_the_example_where_the_size_is_used() -> None:
    source = program(HAZARDS["dynamic batch of one, module-level name"][0])
    (diagnostic,) = [d for d in lint_source(source, "example.py") if d.code == "EXL601"]
    assert "at least 2" in diagnostic.help
    # The use is rewritten, not `B = 1`: a constant the model may read keeps its value.
    assert diagnostic.fix is not None and diagnostic.fix.applicability is Applicability.UNSAFE
    fixed = fix_text(source, "example.py", unsafe=True).text
    assert "B = 1\n" in fixed and "x = torch.randn(2, 8)  # HERE" in fixed


# ------------------------------------------------------------------ look-alikes


LOOK_ALIKES = {
    "size 1 on a static dim": """\
        ep = export(Model(), (torch.randn(1, 8),), dynamic_shapes={"x": {0: Dim.STATIC}})
        """,
    "size 1 on a None dim, size 3 on the dynamic one": """\
        spec = {"x": (None, Dim.DYNAMIC, None)}
        ep = export(Model(), (torch.randn(1, 3, 8),), dynamic_shapes=spec)
        """,
    "sizes of at least 2": """\
        ep = export(Model(), (torch.randn(2, 8),), dynamic_shapes={"x": {0: Dim("b", min=1)}})
        """,
    "one named Dim, equal sizes; derived Dims not judged": """\
        class Pair(torch.nn.Module):
            def forward(self, a, b):
                return a.sum(0) + b[::2].sum(0)


        batch = Dim("batch", min=2, max=64)
        ep = torch.export.export(
            Pair(),
            (torch.randn(3, 8), torch.randn(6, 8)),
            dynamic_shapes={"a": {0: batch}, "b": {0: 2 * batch}},
        )
        """,
    "no dynamic_shapes": """\
        ep = export(Model(), (torch.randn(1, 8),))
        """,
    "torch.onnx.export retries size 1": """\
        spec = ({0: Dim.DYNAMIC},)
        onnx_program = torch.onnx.export(Model(), (torch.randn(1, 8),), dynamic_shapes=spec)
        """,
    "a name bound twice is not guessed": """\
        B = 1
        B = 4
        ep = export(Model(), (torch.randn(B, 8),), dynamic_shapes={"x": {0: Dim.DYNAMIC}})
        """,
    "all keys right, kwargs passed": """\
        ep = export(
            Model(), (torch.randn(2, 8),), {"steps": 3},
            dynamic_shapes={"x": {0: Dim.DYNAMIC}, "steps": None},
        )
        """,
    "ExportDB example_args and example_kwargs": """\
        example_args = (torch.randn(4, 8),)
        example_kwargs = {"steps": 2}
        dynamic_shapes = {"x": {0: Dim.DYNAMIC}, "steps": None}
        """,
    "(args, kwargs) pairs, keys right": """\
        example_inputs = [
            ((torch.randn(3, 8),), {"flag": True}),
            ((torch.randn(5, 8),), {"flag": True}),
        ]
        dynamic_shapes = {"x": {0: Dim.DYNAMIC}, "flag": None}
        """,
    "ints equal across sets, bool config": """\
        example_inputs = [(torch.randn(3, 8), 2, True), (torch.randn(5, 8), 2, True)]
        dynamic_shapes = ({0: Dim.DYNAMIC}, None, None)
        """,
    "the exported program called with the traced int": """\
        inputs = (torch.randn(3, 8), 2)
        ep = export(Model(), inputs, dynamic_shapes=({0: Dim.DYNAMIC}, None))
        out = ep.module()(*inputs)
        other = ep.module()(torch.randn(6, 8), 2)
        """,
    "int declared dynamic": """\
        example_inputs = [(torch.randn(3, 8), 2), (torch.randn(5, 8), 3)]
        dynamic_shapes = ({0: Dim.DYNAMIC}, Dim.DYNAMIC)
        """,
    "a test that expects the failure": """\
        import pytest


        def test_batch_one_is_refused():
            with pytest.raises(ValueError, match="0/1 specialized"):
                export(Model(), (torch.randn(1, 8),), dynamic_shapes=({0: Dim.DYNAMIC},))
        """,
    "names bound in a cycle": """\
        a = b
        b = a
        ep = export(Model(), (a,), dynamic_shapes={"x": {0: Dim.DYNAMIC}})
        """,
    "an int declared dynamic by name, for a model from elsewhere": """\
        from elsewhere import Encoder
        model = Encoder()
        example_inputs = [(torch.randn(3, 8), 2), (torch.randn(5, 8), 3)]
        dynamic_shapes = {"x": {0: Dim.DYNAMIC}, "steps": Dim.DYNAMIC}
        """,
    "an unknown model class": """\
        from elsewhere import Encoder
        ep = export(Encoder(), (torch.randn(4, 8),), dynamic_shapes={"inputs": {0: Dim.DYNAMIC}})
        """,
    "the TorchScript exporter": """\
        torch.onnx.export(Model(), (torch.randn(4, 8),), "m.onnx", dynamo=False,
                          dynamic_shapes={"inputs": {0: Dim.DYNAMIC}})
        """,
}


@pytest.mark.parametrize("name", list(LOOK_ALIKES))
def test_look_alike_is_silent(name: str) -> None:
    assert exl601(program(LOOK_ALIKES[name])) == []


def test_forward_with_var_keywords_takes_any_key() -> None:
    source = textwrap.dedent(
        """\
        import torch
        from torch.export import Dim

        class Model(torch.nn.Module):
            def forward(self, x, **kwargs):
                return x

        ep = torch.export.export(Model(), (torch.randn(4, 8),), dynamic_shapes={"y": None})
        """
    )
    assert exl601(source) == []


def test_the_tutorials_linear_layer() -> None:
    # torch.export tutorial, "0/1 specialization": the exported Linear refuses a batch of 2.
    source = textwrap.dedent(
        """\
        import torch
        from torch.export import Dim, export

        ep = export(
            torch.nn.Linear(4, 3),
            (torch.randn(1, 4),),
            dynamic_shapes={
                "input": (Dim.AUTO, Dim.STATIC),
            },
        )
        """
    )
    found = exl601(source)
    assert [line for line, _ in found] == [6] and "accepts only 1" in found[0][1]
    assert "dimension 0 of `input`" in found[0][1]


def test_a_tuple_spec_needs_no_forward() -> None:
    source = textwrap.dedent(
        """\
        import torch
        from torch.export import Dim
        from elsewhere import Encoder

        ep = torch.export.export(
            Encoder(), (torch.randn(2, 8), torch.ones(2)), dynamic_shapes=({0: Dim.DYNAMIC},)
        )
        """
    )
    found = exl601(source)
    assert [line for line, _ in found] == [6] and "1 entries for the 2 inputs" in found[0][1]


def test_no_traced_code_needed() -> None:
    # A script that only exports an imported model still gets its call sites checked.
    source = textwrap.dedent(
        """\
        import torch
        from torch.export import Dim

        ep = torch.export.export(
            torch.nn.Linear(8, 4), (torch.randn(1, 8),), dynamic_shapes=({0: Dim.DYNAMIC},)
        )
        """
    )
    assert [line for line, _ in exl601(source)] == [5]


# ------------------------------------------------------------------ odd code


def _programs(text: str) -> list[str]:
    return text.split("\n---\n")


# Export calls and conventions written in every half-finished way an editor sees: the reading
# gives up quietly (no diagnostic it cannot stand behind, never an exception).
ODD_CODE = _programs(
    """\
export()
dynamic_shapes = 3
---
import torch
torch.export.export()
dynamic_shapes=1
---
import torch
torch.export.export(*a, **k)
dynamic_shapes=1
---
import torch
torch.export.export(M(), *args, dynamic_shapes={**d})
---
import torch
class Model(torch.nn.Module):
    def forward(self, *a, **k): return a
example_inputs = [*sets]
dynamic_shapes = {**x}
---
import torch
example_inputs = []
dynamic_shapes = ()
---
import torch
example_inputs = [1, 2]
dynamic_shapes = (None,)
---
import torch
class A(torch.nn.Module):
    _inputs = [1, 2]
    def forward(self, x): return x
---
import torch
class A(torch.nn.Module):
    _inputs = [(torch.randn(1),), (torch.randn(2), 3)]
    _dynamic = 5
    def forward(self, x): return x
---
import torch
from torch.export import Dim
d = Dim(name)
example_inputs = [(torch.randn(1, 2),), (torch.randn(3, 2),)]
dynamic_shapes = ({0: d, x: 1, None: 2},)
---
import torch
from torch.export import Dim
example_inputs = [(torch.randn(),), (torch.randn(size=3),)]
dynamic_shapes = ({0: Dim.DYNAMIC},)
---
import torch
from torch.export import Dim
example_inputs = [(torch.randint(5),), (torch.randint(1, (2,)),)]
dynamic_shapes = ({0: Dim.DYNAMIC},)
---
import torch
from torch.export import Dim
example_inputs = [(torch.full(),), (torch.arange(1, 5),)]
dynamic_shapes = ({5: Dim.DYNAMIC, -9: Dim.AUTO},)
---
import torch
a = b
b = a
example_inputs = [(a,), (b,)]
dynamic_shapes = a
---
import torch
x = torch.randn(1, 2)
ep = torch.export.export(Model(), (x,), dynamic_shapes={'x': {0: torch.export.Dim.DYNAMIC}})
ep.module()(*x)
m = ep.module()
m(*[])
m(y=1)
---
import torch
from torch.export import Dim
example_inputs = [(torch.randn(1.5, 2),), (torch.randn(True, 2),)]
dynamic_shapes = ({0: Dim.DYNAMIC},)
---
import torch
example_inputs = [(torch.randn(2, 2), -True), (torch.randn(3, 2), -False)]
dynamic_shapes = ({0: torch.export.Dim.DYNAMIC}, None)
---
import torch
with pytest.raises():
    torch.export.export(M(), (torch.randn(1),), dynamic_shapes=({0: torch.export.Dim.DYNAMIC},))
---
import torch
dx, dy = torch.export.dims()
ep = torch.export.export(M(), (torch.randn(2),), dynamic_shapes=({0: dx}, {0: dy}))
---
import torch
from torch.export import Dim
b = Dim('b', min='x', max=None)
ep = torch.export.export(M(), (torch.randn(2),), dynamic_shapes=({0: b},))
---
import torch
example_args = torch.randn(2)
example_kwargs = [1]
dynamic_shapes = {'x': None}
"""
)


@pytest.mark.parametrize("source", ODD_CODE)
def test_odd_code_never_breaks_the_reading(source: str) -> None:
    lint_source(source, "odd.py")


# ------------------------------------------------------------------ the reading itself


def _scope(source: str) -> tuple[Any, Scope]:
    import ast

    tree = ast.parse(textwrap.dedent(source))
    sites = export_sites(tree, import_table(tree), lambda name: None)
    return sites, sites[0].scope if sites else Scope({}, {})


def test_reads_export_for_training_and_keyword_arguments() -> None:
    sites, _ = _scope(
        """\
        import torch
        ep = torch.export.export_for_training(mod=Model(), args=(a, b), kwargs={"c": c})
        """
    )
    (site,) = sites
    assert site.exporter == "torch.export" and site.model == "Model"
    assert site.args is not None and len(site.args) == 2
    assert [name for name, _ in site.kwargs] == ["c"]


def test_example_tensor_sizes() -> None:
    import ast

    source = textwrap.dedent(
        """\
        import torch
        S = 16
        a = torch.randint(0, 9, (2, S))
        b = torch.full((1, 4), 0.5).float()
        c = torch.zeros(size=(3, 0))
        d = torch.randn(*shape)
        """
    )
    tree = ast.parse(source)
    from exportlint.analysis.export_calls import _bindings

    scope = Scope(import_table(tree), _bindings(tree.body))

    def sizes(name: str) -> list[int] | None:
        tensor = example_tensor(ast.Name(id=name), scope)
        return None if tensor is None else [size for size, _ in tensor.sizes]

    assert sizes("a") == [2, 16]
    assert sizes("b") == [1, 4]
    assert sizes("c") == [3, 0]
    assert sizes("d") is None


def test_dim_hints() -> None:
    import ast

    source = textwrap.dedent(
        """\
        import torch
        from torch.export import Dim
        from torch.export.dynamic_shapes import Dim as D
        n = Dim("n", max=9)
        """
    )
    tree = ast.parse(source)
    from exportlint.analysis.export_calls import _bindings

    scope = Scope(import_table(tree), _bindings(tree.body))

    def hint(text: str) -> Hint:
        return dim_hint(ast.parse(text, mode="eval").body, scope)

    assert hint("Dim.DYNAMIC") is Hint.DYNAMIC
    assert hint("torch.export.Dim.AUTO") is Hint.AUTO
    assert hint("D.STATIC") is Hint.STATIC
    assert hint("None") is Hint.STATIC
    assert hint("n") is Hint.NAMED
    assert hint("Dim('m')") is Hint.NAMED
    assert hint("2 * n") is Hint.UNKNOWN
    assert hint("'batch'") is Hint.UNKNOWN


# ------------------------------------------------------------------ proofs with torch


def _run(source: str) -> dict[str, Any]:
    namespace: dict[str, Any] = {"__name__": "__main__"}
    exec(compile(source, "example.py", "exec"), namespace)
    return namespace


@pytest.mark.export
@pytest.mark.parametrize("name", [n for n, (_, claim) in HAZARDS.items() if claim == "fails"])
def test_claimed_failure_is_real(name: str) -> None:
    pytest.importorskip("torch")
    with pytest.raises(
        Exception,
        match=r"0/1 special|specialized|arg names|mismatch|not equal|not in range|same length",
    ):
        _run(program(HAZARDS[name][0]))


# Hazards whose example EXL601 rewrites (the others keep display-only advice).
_FIXED_BY_EXAMPLE = [
    n
    for n, (tail, claim) in HAZARDS.items()
    if claim in ("fails", "specialises")
    and all(
        d.fix is not None and d.fix.edits
        for d in lint_source(program(tail), "example.py")
        if d.code == "EXL601"
    )
]


def test_example_fixes_cover_the_size_hazards() -> None:
    # Fails on the code before the example fixes: every size 0/1, out-of-range size, unequal
    # named Dim and misnamed key got display-only advice there.
    assert len(_FIXED_BY_EXAMPLE) >= 8, _FIXED_BY_EXAMPLE


@pytest.mark.export
@pytest.mark.parametrize("name", _FIXED_BY_EXAMPLE)
def test_fixed_example_exports_and_is_dynamic(name: str) -> None:
    """The fixed file runs its export for real and the program takes other sizes."""
    torch = pytest.importorskip("torch")
    fixed = fix_text(program(HAZARDS[name][0]), "example.py", unsafe=True).text
    assert exl601(fixed) == []
    namespace = _run(fixed)  # an export in main() runs there, and must not raise
    programs = [v for v in namespace.values() if isinstance(v, torch.export.ExportedProgram)]
    for ep in programs:
        assert ep.range_constraints, "no dimension came out dynamic"


@pytest.mark.export
def test_claimed_specialisation_is_real() -> None:
    torch = pytest.importorskip("torch")
    namespace = _run(program(HAZARDS["Dim.AUTO specialises"][0]))
    with pytest.raises(Exception, match=r"Guard failed"):
        namespace["ep"].module()(torch.randn(5, 8))


@pytest.mark.export
def test_claimed_baking_is_real() -> None:
    torch = pytest.importorskip("torch")
    namespace = _run(program(HAZARDS["int differs between input sets"][0]))
    model = namespace["Model"]()
    ep = torch.export.export(
        model, namespace["example_inputs"][0], dynamic_shapes=namespace["dynamic_shapes"]
    )
    x, steps = namespace["example_inputs"][1]
    with pytest.raises(Exception, match=r"Guard failed: steps == 2"):
        ep.module()(x, steps)


@pytest.mark.export
@pytest.mark.parametrize(
    "name",
    [
        "size 1 on a static dim",
        "sizes of at least 2",
        "all keys right, kwargs passed",
        "the exported program called with the traced int",
        "one named Dim, equal sizes; derived Dims not judged",
    ],
)
def test_look_alike_exports(name: str) -> None:
    pytest.importorskip("torch")
    namespace = _run(program(LOOK_ALIKES[name]))
    assert namespace["ep"] is not None


@pytest.mark.export
def test_int_declared_dynamic_is_not_baked() -> None:
    torch = pytest.importorskip("torch")
    namespace = _run(program(LOOK_ALIKES["int declared dynamic"]))
    model = namespace["Model"]()
    ep = torch.export.export(
        model, namespace["example_inputs"][0], dynamic_shapes=namespace["dynamic_shapes"]
    )
    x, steps = namespace["example_inputs"][1]
    torch.testing.assert_close(ep.module()(x, steps), model(x, steps))


@pytest.mark.export
def test_torch_onnx_exports_a_size_one_example_dynamic() -> None:
    # Why torch.onnx.export call sites are not checked for 0/1 sizes.
    torch = pytest.importorskip("torch")
    ort = pytest.importorskip("onnxruntime")
    pytest.importorskip("onnxscript")
    namespace = _run(program(LOOK_ALIKES["torch.onnx.export retries size 1"]))
    session = ort.InferenceSession(
        namespace["onnx_program"].model_proto.SerializeToString(),
        providers=["CPUExecutionProvider"],
    )
    x = torch.randn(5, 8)
    (out,) = session.run(None, {session.get_inputs()[0].name: x.numpy()})
    assert out.shape == (5, 4)  # the batch stayed dynamic


@pytest.mark.export
@pytest.mark.parametrize("name", [n for n, (_, claim) in HAZARDS.items() if claim == "convention"])
def test_claimed_convention_failure_is_real(name: str) -> None:
    # ExportDB's convention, exported as its runner does.
    torch = pytest.importorskip("torch")
    namespace = _run(program(HAZARDS[name][0]))
    with pytest.raises(Exception, match=r"arg names"):
        torch.export.export(
            namespace["Model"](),
            namespace["example_args"],
            namespace.get("example_kwargs"),
            dynamic_shapes=namespace["dynamic_shapes"],
        )


# ------------------------------------------------------------------ the hints traced code gets


DECLARED = """\
import torch
from torch.export import Dim


class Model(torch.nn.Module):
    def forward(self, x, mask):
        if x.shape[1] > 4:
            x = x * 2
        if x.shape[0] > 4:
            x = x * 3
        if mask.shape[0] > 2:
            x = x + 1
        return x


"""


@pytest.mark.parametrize(
    "tail",
    [
        # dynamic_shapes keyed by the forward's argument names
        "example_inputs = [\n"
        "    (torch.randn(3, 8), torch.ones(3)), (torch.randn(5, 8), torch.ones(3))\n"
        "]\n"
        'dynamic_shapes = {"mask": None, "x": {0: Dim.DYNAMIC}}\n',
        # examples bound by unpacking, and the spec through a name
        "x, mask = torch.randn(3, 8), torch.ones(3)\n"
        "example_args = (x, mask)\n"
        "shapes = [{0: Dim.DYNAMIC}, None]\n"
        "dynamic_shapes = shapes\n",
        # a script exporting its model under `if __name__ == "__main__":`
        'if __name__ == "__main__":\n'
        "    x = torch.randn(3, 8)\n"
        "    model = Model().eval()\n"
        "    ep = torch.export.export(\n"
        '        model, (x, torch.ones(3)), dynamic_shapes={"x": {0: Dim.DYNAMIC}, "mask": None}\n'
        "    )\n",
        # (args, kwargs) pairs: the positional part is the inputs
        "example_inputs = [\n"
        "    ((torch.randn(3, 8), torch.ones(3)), {}),\n"
        "    ((torch.randn(5, 8), torch.ones(3)), {}),\n"
        "]\n"
        "dynamic_shapes = ({0: Dim.DYNAMIC}, None)\n",
    ],
    ids=["dict-spec", "unpacked-names", "export-call", "pairs"],
)
def test_the_files_dynamic_shapes_decide_which_axes_are_dynamic(tail: str) -> None:
    # Axis 1 of x and every axis of mask are static: only the batch test is reported.
    found = [(d.line, d.code) for d in lint_source(DECLARED + tail, "m.py")]
    assert found == [(9, "EXL102")]


def test_a_dict_spec_missing_an_argument_gives_no_hint() -> None:
    tail = (
        "example_inputs = [\n"
        "    (torch.randn(3, 8), torch.ones(3)), (torch.randn(5, 8), torch.ones(3))\n"
        "]\n"
        'dynamic_shapes = {"x": {0: Dim.DYNAMIC}}\n'
    )
    found = [(d.line, d.code) for d in lint_source(DECLARED + tail, "m.py")]
    # No axis is known static, and EXL601 says the spec lacks `mask`.
    assert (9, "EXL102") in found and (7, "EXL102") in found
    assert any(code == "EXL601" for _, code in found)


@pytest.mark.export
def test_claimed_guard_on_the_run_is_real() -> None:
    pytest.importorskip("torch")
    with pytest.raises(Exception, match=r"Guard failed: steps == 2"):
        _run(program(HAZARDS["the exported program called with another int"][0]))


@pytest.mark.export
def test_claimed_float_baking_is_real() -> None:
    torch = pytest.importorskip("torch")
    namespace = _run(program(HAZARDS["float differs between input sets"][0]))
    ep = torch.export.export(
        namespace["model"],
        namespace["example_inputs"][0],
        dynamic_shapes=namespace["dynamic_shapes"],
    )
    with pytest.raises(Exception, match=r"Guard failed: scale == 0.5"):
        ep.module()(*namespace["example_inputs"][1])


@pytest.mark.export
@pytest.mark.parametrize("name", [n for n, (_, claim) in HAZARDS.items() if claim == "ignored"])
def test_claimed_ignored_axis_is_real(name: str) -> None:
    # torch.export accepts the spec and makes nothing dynamic: other batch sizes are refused.
    torch = pytest.importorskip("torch")
    namespace = _run(program(HAZARDS[name][0]))
    assert not namespace["ep"].range_constraints
    with pytest.raises(Exception, match=r"Guard failed"):
        namespace["ep"].module()(torch.randn(6, 8))


def test_an_export_call_of_another_class_gives_no_hint() -> None:
    # The interpreter gives a file's dynamic_shapes to `Model` (or the only module): an
    # export of another class must not lend it Model's axes.
    tail = (
        "class Other(torch.nn.Module):\n"
        "    def forward(self, x):\n"
        "        return x\n"
        "\n"
        "\n"
        'ep = torch.export.export(Other(), (torch.randn(3, 8),), dynamic_shapes=({0: Dim("b")},))\n'
    )
    found = [(d.line, d.code) for d in lint_source(DECLARED + tail, "m.py")]
    assert (7, "EXL102") in found and (9, "EXL102") in found and (11, "EXL102") in found


@pytest.mark.export
@pytest.mark.parametrize("name", [n for n, (_, claim) in HAZARDS.items() if claim == "pairs"])
def test_claimed_pair_failure_is_real(name: str) -> None:
    # `exportlint verify`'s (args, kwargs) pairs, exported as it does.
    torch = pytest.importorskip("torch")
    namespace = _run(program(HAZARDS[name][0]))
    args, kwargs = namespace["example_inputs"][0]
    with pytest.raises(Exception, match=r"arg names"):
        torch.export.export(
            namespace["Model"](), args, kwargs, dynamic_shapes=namespace["dynamic_shapes"]
        )


# ------------------------------------------------------------------ a named Dim on a negative axis


NEGATIVE_NAMED = """\
ep = torch.export.export(
    Model(), (torch.randn(4, 8),), dynamic_shapes={"x": {-2: Dim("batch")}}
)
"""


def test_a_named_dim_on_a_negative_axis_is_honoured_and_not_reported() -> None:
    # Measured on torch 2.13: a named Dim counts a negative axis from the end (only the
    # Dim.AUTO/DYNAMIC hints ignore it), so the spec is right and must stay silent.
    assert exl601(program(NEGATIVE_NAMED)) == []
    torch = pytest.importorskip("torch")
    from torch.export import Dim, export

    class Tiny(torch.nn.Module):
        def forward(self, x: torch.Tensor) -> torch.Tensor:
            return x * 2

    ep = export(Tiny(), (torch.randn(4, 8),), dynamic_shapes={"x": {-2: Dim("batch")}})
    (placeholder,) = [n for n in ep.graph.nodes if n.op == "placeholder"]
    assert not isinstance(placeholder.meta["val"].shape[0], int)  # symbolic: dynamic
    assert placeholder.meta["val"].shape[1] == 8


def test_a_named_dim_on_a_negative_axis_still_meets_the_size_checks() -> None:
    source = program(NEGATIVE_NAMED.replace("torch.randn(4, 8)", "torch.randn(1, 8)"))
    assert [m for _, m in exl601(source) if "size 1" in m or "1" in m]
