"""exportlint.ops.simple_loop_for: eager, torch.export (strict and not), ONNX, onnxruntime.

Every model below is checked the same way (see ``_prove``):

1. eager equals the plain Python loop it replaces, on every input set;
2. ``torch.export.export`` with ``Dim.DYNAMIC`` succeeds with ``strict=False`` and
   ``strict=True`` and ``ep.module()`` equals the Python loop on sizes not used for tracing;
3. ``torch.onnx.export(..., dynamo=True, custom_translation_table=...)`` succeeds, the model
   passes ``onnx.checker.check_model(full_check=True)`` and onnxruntime equals the Python
   loop on the trace inputs and on unseen sizes, including other iteration counts.
"""

from __future__ import annotations

import ast
import importlib.util
import subprocess
import sys
import warnings
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("torch")
pytest.importorskip("onnx")
pytest.importorskip("onnxruntime")
pytest.importorskip("onnxscript")

import numpy as np
import onnx
import onnxruntime as ort
import torch
from torch.export import Dim

from exportlint.ops import onnx_translation_table, simple_loop_for

pytestmark = pytest.mark.export

ATOL = 1e-5
DYN = Dim.DYNAMIC
Args = tuple[torch.Tensor, ...]


def _flat(out: Any) -> list[torch.Tensor]:
    return [out] if isinstance(out, torch.Tensor) else list(out)


def _assert_same(got: Any, expected: Any, what: str, *, structure: bool = True) -> None:
    """``structure``: a tensor must come back as a tensor, not as a 1-tuple (onnxruntime
    always returns a list, so its results are compared without it)."""
    if structure:
        assert isinstance(got, torch.Tensor) == isinstance(expected, torch.Tensor), (
            f"{what}: got {type(got).__name__}, expected {type(expected).__name__}"
        )
    got_list = [torch.as_tensor(g) for g in _flat(got)]
    exp_list = _flat(expected)
    assert len(got_list) == len(exp_list), what
    for k, (g, e) in enumerate(zip(got_list, exp_list)):
        assert tuple(g.shape) == tuple(e.shape), f"{what}: output {k} {g.shape} vs {e.shape}"
        assert g.dtype == e.dtype, f"{what}: output {k} {g.dtype} vs {e.dtype}"
        if e.numel():
            diff = (g.double() - e.double()).abs().max().item()
            assert diff <= ATOL, f"{what}: output {k} differs by {diff}"


def _prove(
    model: torch.nn.Module,
    reference: Callable[..., Any],
    trace: Args,
    unseen: Sequence[Args],
    dynamic_shapes: Any,
    *,
    onnx_only: Sequence[Args] = (),
    onnx_from_strict_program: bool = False,
    translation_table: bool = True,
) -> None:
    """``unseen``: sizes for ep.module() and onnxruntime (dynamic dims >= 2, which export
    assumes); ``onnx_only``: further sets (sizes 0 or 1) that only onnxruntime sees.
    ``onnx_from_strict_program``: also convert the strict=True ExportedProgram to ONNX.
    ``translation_table``: pass ``custom_translation_table=onnx_translation_table()``
    (without it, torch.onnx finds the translation that ``import exportlint.ops`` registered).
    """
    model.eval()
    everything = [trace, *unseen, *onnx_only]
    expected = [reference(*args) for args in everything]
    for args, exp in zip(everything, expected):
        _assert_same(model(*args), exp, "eager")

    sources: list[Any] = [model]
    for strict in (False, True):
        ep = torch.export.export(model, trace, dynamic_shapes=dynamic_shapes, strict=strict)
        module = ep.module()
        for n, (args, exp) in enumerate(zip([trace, *unseen], expected)):
            _assert_same(module(*args), exp, f"ep.module() strict={strict} input set {n}")
        if strict and onnx_from_strict_program:
            # A fresh program: torch.onnx leaves unbacked symbols pending in the shape
            # environment of the program it converts (torch 2.13), so an ExportedProgram
            # with data-dependent sizes converts once only -- even without simple_loop_for.
            sources.append(ep)

    for source in sources:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            program = torch.onnx.export(
                source,
                trace,
                dynamic_shapes=None
                if isinstance(source, torch.export.ExportedProgram)
                else dynamic_shapes,
                dynamo=True,
                custom_translation_table=onnx_translation_table() if translation_table else None,
                verbose=False,
            )
        assert program is not None
        proto = program.model_proto
        onnx.checker.check_model(proto, full_check=True)
        session = ort.InferenceSession(
            proto.SerializeToString(), providers=["CPUExecutionProvider"]
        )
        names = [i.name for i in session.get_inputs()]
        what = type(source).__name__
        for n, (args, exp) in enumerate(zip(everything, expected)):
            feeds = {name: a.numpy() for name, a in zip(names, args)}
            got = [torch.from_numpy(np.asarray(g)) for g in session.run(None, feeds)]
            _assert_same(got, exp, f"onnxruntime ({what}) input set {n}", structure=False)


# ---------------------------------------------------------------------------------------
# d1: variable-length crops, `for s, e in zip(starts, ends): pieces.append(x[s:e])`


def _crop_loop(x: torch.Tensor, starts: torch.Tensor, ends: torch.Tensor) -> torch.Tensor:
    pieces = [x[s:e] for s, e in zip(starts.tolist(), ends.tolist())]
    return torch.cat(pieces) if pieces else x.new_zeros((0, x.shape[1]))


def _crop_body(
    i: torch.Tensor, x: torch.Tensor, starts: torch.Tensor, ends: torch.Tensor
) -> torch.Tensor:
    s = starts.index_select(0, i.reshape(1)).item()
    e = ends.index_select(0, i.reshape(1)).item()
    return x[s:e]


class Crops(torch.nn.Module):
    def forward(self, x: torch.Tensor, starts: torch.Tensor, ends: torch.Tensor) -> torch.Tensor:
        return simple_loop_for(starts.shape[0], _crop_body, (x, starts, ends))


def _crops(rows: int, cols: int, bounds: list[tuple[int, int]]) -> Args:
    gen = torch.Generator().manual_seed(rows * 100 + cols)
    x = torch.randn(rows, cols, generator=gen)
    starts = torch.tensor([b[0] for b in bounds], dtype=torch.int64)
    ends = torch.tensor([b[1] for b in bounds], dtype=torch.int64)
    return x, starts, ends


CROP_SHAPES = ({0: DYN, 1: DYN}, {0: DYN}, {0: DYN})


def test_variable_length_crops() -> None:
    _prove(
        Crops(),
        _crop_loop,
        _crops(10, 3, [(0, 1), (2, 5), (5, 9)]),
        [_crops(13, 5, [(1, 2), (3, 7), (4, 13), (0, 2)]), _crops(6, 2, [(4, 6), (0, 0)])],
        CROP_SHAPES,
        onnx_only=[_crops(7, 4, [(2, 6)]), _crops(5, 3, [])],
        onnx_from_strict_program=True,
    )


# ---------------------------------------------------------------------------------------
# d2: a loop over rows, `torch.cat([f(row) for row in x])`, reading a parameter


class RowLoop(torch.nn.Module):
    def __init__(self) -> None:
        super().__init__()
        self.weight = torch.nn.Parameter(torch.linspace(-1.0, 1.0, 12).reshape(4, 3))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        def body(i: torch.Tensor, x: torch.Tensor) -> torch.Tensor:
            row = x.index_select(0, i.reshape(1))  # [1, 4]
            return torch.relu(row @ self.weight) + i  # reads a parameter from the closure

        return simple_loop_for(x.shape[0], body, (x,))


def test_row_loop() -> None:
    model = RowLoop()

    def reference(x: torch.Tensor) -> torch.Tensor:
        with torch.no_grad():
            return torch.cat([torch.relu(row[None] @ model.weight) + i for i, row in enumerate(x)])

    _prove(
        model,
        reference,
        (torch.randn(5, 4),),
        [(torch.randn(9, 4),), (torch.randn(2, 4),)],
        ({0: DYN},),
        onnx_only=[(torch.randn(1, 4),)],
    )


# ---------------------------------------------------------------------------------------
# two outputs, concatenated along different axes, with different dtypes


class TwoOutputs(torch.nn.Module):
    def forward(self, x: torch.Tensor, starts: torch.Tensor, ends: torch.Tensor) -> Any:
        def body(
            i: torch.Tensor, x: torch.Tensor, starts: torch.Tensor, ends: torch.Tensor
        ) -> tuple[torch.Tensor, torch.Tensor]:
            s = starts.index_select(0, i.reshape(1)).item()
            e = ends.index_select(0, i.reshape(1)).item()
            piece = x[s:e] * 2  # [e - s, D], along axis 0
            positions = torch.arange(s, e, dtype=torch.int64).unsqueeze(0)  # [1, e - s], axis 1
            return piece, positions

        rows, positions = simple_loop_for(
            starts.shape[0], body, (x, starts, ends), concatenation_dims=(0, 1)
        )
        return rows.t(), positions


def _two_outputs_loop(x: torch.Tensor, starts: torch.Tensor, ends: torch.Tensor) -> Any:
    bounds = list(zip(starts.tolist(), ends.tolist()))
    if not bounds:
        return x.new_zeros((0, x.shape[1])).t(), torch.zeros((1, 0), dtype=torch.int64)
    rows = torch.cat([x[s:e] * 2 for s, e in bounds])
    positions = torch.cat([torch.arange(s, e).unsqueeze(0) for s, e in bounds], dim=1)
    return rows.t(), positions


def test_two_outputs_with_different_axes() -> None:
    _prove(
        TwoOutputs(),
        _two_outputs_loop,
        _crops(10, 3, [(0, 1), (2, 5), (5, 9)]),
        [_crops(13, 5, [(1, 2), (3, 7), (4, 13), (0, 2)]), _crops(6, 2, [(4, 6), (1, 1)])],
        CROP_SHAPES,
        onnx_only=[_crops(7, 4, [(2, 6)]), _crops(5, 3, [])],
    )


# ---------------------------------------------------------------------------------------
# zero and one iteration: the iteration count comes from the data (a 0-d int64 input)


class FirstCrops(torch.nn.Module):
    """Crops only the first ``count`` boxes of a padded list."""

    def forward(
        self, x: torch.Tensor, starts: torch.Tensor, ends: torch.Tensor, count: torch.Tensor
    ) -> torch.Tensor:
        return simple_loop_for(count, _crop_body, (x, starts, ends))


def _first_crops_loop(
    x: torch.Tensor, starts: torch.Tensor, ends: torch.Tensor, count: torch.Tensor
) -> torch.Tensor:
    n = int(count)
    return _crop_loop(x, starts[:n], ends[:n])


def test_zero_and_one_iteration() -> None:
    def with_count(args: Args, count: int) -> Args:
        return (*args, torch.tensor(count, dtype=torch.int64))

    _prove(
        FirstCrops(),
        _first_crops_loop,
        with_count(_crops(10, 3, [(0, 1), (2, 5), (5, 9)]), 2),
        [
            with_count(_crops(13, 5, [(1, 2), (3, 7), (4, 13), (0, 2)]), 0),
            with_count(_crops(6, 2, [(4, 6), (0, 3)]), 1),
            with_count(_crops(8, 4, [(1, 2), (3, 7), (4, 8)]), 3),
        ],
        (*CROP_SHAPES, None),
    )


def test_zero_iterations_eager_shape_and_python_int_count() -> None:
    x, starts, ends = _crops(6, 3, [(0, 2), (2, 5)])
    empty = simple_loop_for(torch.tensor(0), _crop_body, (x, starts, ends))
    assert empty.shape == (0, 3)
    assert simple_loop_for(1, _crop_body, (x, starts, ends)).shape == (2, 3)


# ---------------------------------------------------------------------------------------
# the result's size used downstream.  Each iteration returns one row, so one iteration's
# size is the constant 1: a fake rule declaring it (instead of a fresh unbacked size) bakes
# `n = 1` into everything computed from `out.shape[0]` and the program is silently wrong.


class DownstreamShape(torch.nn.Module):
    def forward(self, x: torch.Tensor) -> torch.Tensor:
        def body(i: torch.Tensor, x: torch.Tensor) -> torch.Tensor:
            return x.index_select(0, i.reshape(1)) * 2

        out = simple_loop_for(x.shape[0], body, (x,))
        n = out.shape[0]
        position = torch.arange(n, dtype=out.dtype).unsqueeze(1)
        return torch.cat([out + position, out.new_zeros((n, 1))], dim=1)


def _downstream_loop(x: torch.Tensor) -> torch.Tensor:
    out = torch.cat([row[None] * 2 for row in x])
    n = out.shape[0]
    position = torch.arange(n, dtype=out.dtype).unsqueeze(1)
    return torch.cat([out + position, out.new_zeros((n, 1))], dim=1)


def test_result_shape_used_downstream() -> None:
    _prove(
        DownstreamShape(),
        _downstream_loop,
        (torch.randn(4, 3),),
        [(torch.randn(7, 3),), (torch.randn(2, 3),)],
        ({0: DYN},),
        onnx_only=[(torch.randn(1, 3),)],
    )


# ---------------------------------------------------------------------------------------
# a loop inside a loop: row i repeated reps[i] times, scaled by the repetition number


class Nested(torch.nn.Module):
    def forward(self, x: torch.Tensor, reps: torch.Tensor) -> torch.Tensor:
        def inner(j: torch.Tensor, row: torch.Tensor) -> torch.Tensor:
            return row * (j + 1)

        def outer(i: torch.Tensor, x: torch.Tensor, reps: torch.Tensor) -> torch.Tensor:
            row = x.index_select(0, i.reshape(1))
            count = reps.index_select(0, i.reshape(1)).reshape(())
            return simple_loop_for(count, inner, (row,))

        return simple_loop_for(x.shape[0], outer, (x, reps))


def _nested_loop(x: torch.Tensor, reps: torch.Tensor) -> torch.Tensor:
    pieces = [x[i : i + 1] * (j + 1) for i in range(x.shape[0]) for j in range(int(reps[i]))]
    return torch.cat(pieces) if pieces else x.new_zeros((0, x.shape[1]))


def test_nested_loops() -> None:
    _prove(
        Nested(),
        _nested_loop,
        (torch.randn(4, 3), torch.tensor([1, 0, 3, 2])),
        [
            (torch.randn(6, 3), torch.tensor([2, 1, 0, 0, 3, 1])),
            (torch.randn(2, 3), torch.tensor([0, 4])),
        ],
        ({0: DYN}, {0: DYN}),
        onnx_only=[
            (torch.randn(1, 3), torch.tensor([3])),
            (torch.randn(3, 3), torch.tensor([0, 0, 0])),
        ],
    )


# ---------------------------------------------------------------------------------------
# A drop-in for onnx-diagnostic's simple_loop_for: its documented example, run with only
# the import line changed (tests/ops_cases/onnx_diagnostic_simple_for_loop.py)

SEED = Path(__file__).resolve().parent / "ops_cases" / "onnx_diagnostic_simple_for_loop.py"
THEIR_IMPORT = "from onnx_diagnostic.export.cf_simple_loop_for import simple_loop_for\n"
OUR_IMPORT = "from exportlint.ops import simple_loop_for\n"


@pytest.fixture(scope="module")
def seed(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    """The documentation's code with our import in place of theirs, imported as a module
    from a file, as a user's model file would be (strict export resolves the globals of
    the functions it traces through ``sys.modules``)."""
    text = SEED.read_text("utf-8")
    assert text.count(THEIR_IMPORT) == 1
    name = "exportlint_test_onnx_diagnostic_example"
    path = tmp_path_factory.mktemp("seed") / f"{name}.py"
    path.write_text(text.replace(THEIR_IMPORT, OUR_IMPORT), "utf-8")
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    try:
        spec.loader.exec_module(module)
        yield vars(module)
    finally:
        del sys.modules[name]


def _splits(rows: int, bounds: list[int]) -> Args:
    gen = torch.Generator().manual_seed(rows * 1000 + sum(bounds))
    return torch.rand((rows, max(bounds)), generator=gen), torch.tensor(bounds)


def test_documented_example_runs_eagerly(seed: dict[str, Any]) -> None:
    # The page prints `torch.abs(expected - results).max()`: results must be a tensor.
    assert isinstance(seed["results"], torch.Tensor)
    _assert_same(seed["results"], seed["expected"], "ModelWithLoop vs Model")
    assert tuple(seed["results"].shape) == (2, 14)


def test_documented_example_exports_and_matches_in_onnxruntime(seed: dict[str, Any]) -> None:
    crop_size = 4
    _prove(
        seed["ModelWithLoop"](crop_size),
        seed["Model"](crop_size),  # the original Python loop
        seed["args"],
        [
            _splits(3, [0, 3, 9, 10, 18, 30, 31, 40]),  # crops shorter and longer than 4
            _splits(5, [1, 7, 7]),  # an empty crop; splits not starting at 0
        ],
        seed["dynamic_shapes"],
        onnx_only=[_splits(4, [2, 9])],  # one iteration
        onnx_from_strict_program=True,
        # plain torch.onnx.export(model, args, dynamic_shapes=..., dynamo=True)
        translation_table=False,
    )


# The same crop loop written the way exportlint's loop codemod writes loops (a body that
# reads each bound with index_select(...).item(), n_iter a size, the axis as a tuple): the
# if/else on a size inside the body must be `torch.sym_min` -- a Python `if` on a size read
# with .item() cannot be exported (GuardOnDataDependentSymNode), nor can a torch.cond whose
# branches return different sizes.


class CropLoopAsTheCodemodWritesIt(torch.nn.Module):
    def __init__(self, crop_size: int) -> None:
        super().__init__()
        self.crop_size = crop_size

    def forward(self, W: torch.Tensor, splits: torch.Tensor) -> torch.Tensor:
        crop_size = self.crop_size
        starts = splits[:-1]
        ends = splits[1:]

        def _loop_body(
            i: torch.Tensor,
            starts: torch.Tensor,
            ends: torch.Tensor,
            W: torch.Tensor,
        ) -> torch.Tensor:
            start = starts.index_select(0, i.reshape(1)).item()
            end = ends.index_select(0, i.reshape(1)).item()
            extract = W[:, start:end]
            return extract[:, : torch.sym_min(extract.shape[1], crop_size)]

        cropped = simple_loop_for(starts.shape[0], _loop_body, (starts, ends, W), (1,))
        return cropped


def test_crop_loop_as_the_codemod_writes_it(seed: dict[str, Any]) -> None:
    _prove(
        CropLoopAsTheCodemodWritesIt(4),
        seed["Model"](4),
        seed["args"],
        [_splits(3, [0, 3, 9, 10, 18, 30, 31, 40]), _splits(5, [1, 7, 7])],
        seed["dynamic_shapes"],
        onnx_only=[_splits(4, [2, 9])],
    )


# The examples of onnx-diagnostic's docstring, in our words: the iteration count is an
# input (a 0-d int64 tensor), the body returns a 1-tuple and indexes with `i.item()`.


class Prefixes(torch.nn.Module):
    def forward(self, n_iter: torch.Tensor, x: torch.Tensor) -> torch.Tensor:
        def body(i: torch.Tensor, x: torch.Tensor) -> tuple[torch.Tensor]:
            return (x[: i.item() + 1].unsqueeze(1),)

        # Used directly as a tensor: a 1-tuple here would fail with a TypeError.
        return simple_loop_for(n_iter, body, (x,)) * 2


def _prefixes_loop(n_iter: torch.Tensor, x: torch.Tensor) -> torch.Tensor:
    pieces = [x[: i + 1].unsqueeze(1) for i in range(int(n_iter))]
    return (torch.cat(pieces) if pieces else x.new_zeros((0, 1))) * 2


class PrefixesAndSuffixes(torch.nn.Module):
    def forward(self, n_iter: torch.Tensor, x: torch.Tensor) -> Any:
        def body(i: torch.Tensor, x: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
            return x[: i.item() + 1].unsqueeze(1), x[i.item() + 1 :].unsqueeze(0)

        heads, tails = simple_loop_for(n_iter, body, (x,), [0, 1])
        return heads, tails


def _prefixes_and_suffixes_loop(n_iter: torch.Tensor, x: torch.Tensor) -> Any:
    n = int(n_iter)
    if not n:
        return x.new_zeros((0, 1)), x.new_zeros((1, 0))
    heads = torch.cat([x[: i + 1].unsqueeze(1) for i in range(n)])
    tails = torch.cat([x[i + 1 :].unsqueeze(0) for i in range(n)], dim=1)
    return heads, tails


def _count_and_vector(n: int, size: int) -> Args:
    return torch.tensor(n, dtype=torch.int64), torch.arange(size, dtype=torch.float32) * 0.5


COUNT_SHAPES = (None, {0: DYN})


def test_iteration_count_input_and_one_tuple_body() -> None:
    _prove(
        Prefixes(),
        _prefixes_loop,
        _count_and_vector(4, 10),
        [_count_and_vector(7, 9), _count_and_vector(2, 3), _count_and_vector(0, 5)],
        COUNT_SHAPES,
        # a negative count runs zero iterations, like range(n)
        onnx_only=[_count_and_vector(1, 6), _count_and_vector(-2, 4)],
    )


def test_two_outputs_concatenated_on_axes_given_as_a_list() -> None:
    _prove(
        PrefixesAndSuffixes(),
        _prefixes_and_suffixes_loop,
        _count_and_vector(4, 10),
        [_count_and_vector(7, 9), _count_and_vector(2, 3), _count_and_vector(0, 5)],
        COUNT_SHAPES,
        onnx_only=[_count_and_vector(1, 6)],
    )


@pytest.mark.parametrize("backend", ["eager", "aot_eager"])
def test_torch_compile(backend: str) -> None:
    torch._dynamo.reset()
    compiled = torch.compile(Prefixes(), backend=backend, fullgraph=True)
    for args in (_count_and_vector(4, 10), _count_and_vector(2, 7), _count_and_vector(0, 5)):
        _assert_same(compiled(*args), _prefixes_loop(*args), f"torch.compile({backend})")


class ShortDims(torch.nn.Module):
    """concatenation_dims shorter than the outputs: the others use axis 0 (onnx-diagnostic's
    eager rule), in eager, in the exported program and in ONNX."""

    def forward(self, n_iter: torch.Tensor, x: torch.Tensor) -> Any:
        def body(i: torch.Tensor, x: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
            return x[i.item() :].unsqueeze(0), x[: i.item() + 1].unsqueeze(1)

        return simple_loop_for(n_iter, body, (x,), concatenation_dims=1)


def _short_dims_loop(n_iter: torch.Tensor, x: torch.Tensor) -> Any:
    n = int(n_iter)
    if not n:
        return x.new_zeros((1, 0)), x.new_zeros((0, 1))
    tails = torch.cat([x[i:].unsqueeze(0) for i in range(n)], dim=1)
    heads = torch.cat([x[: i + 1].unsqueeze(1) for i in range(n)])
    return tails, heads


def test_short_concatenation_dims_default_to_axis_0() -> None:
    _prove(
        ShortDims(),
        _short_dims_loop,
        _count_and_vector(3, 8),
        [_count_and_vector(6, 7), _count_and_vector(0, 4)],
        COUNT_SHAPES,
        onnx_only=[_count_and_vector(1, 6)],
    )


def _rows(i: torch.Tensor, x: torch.Tensor) -> torch.Tensor:
    return x[: i.item() + 1]


@pytest.mark.parametrize(
    ("body", "single"),
    [
        (_rows, True),
        (lambda i, x: (_rows(i, x),), True),
        (lambda i, x: [_rows(i, x)], True),
        (lambda i, x: (_rows(i, x), _rows(i, x) + 1), False),
    ],
    ids=["tensor", "1-tuple", "1-list", "2-tuple"],
)
def test_return_convention(body: Callable[..., Any], single: bool) -> None:
    # onnx-diagnostic: `res[0] if len(res) == 1 else res`.
    x = torch.randn(4, 3)
    out = simple_loop_for(torch.tensor(3), body, (x,))
    expected = torch.cat([x[:1], x[:2], x[:3]])
    if single:
        assert isinstance(out, torch.Tensor)
        _assert_same(out, expected, "one output")
    else:
        assert isinstance(out, tuple) and len(out) == 2
        _assert_same(out, (expected, expected + 1), "two outputs")


@pytest.mark.parametrize(
    "n_iter",
    [
        torch.tensor(3),
        torch.tensor([3]),  # one element, not 0-d: onnx-diagnostic accepts it
        torch.tensor(3, dtype=torch.int32),
        3,
    ],
    ids=["0-d int64", "shape [1]", "int32", "int"],
)
def test_iteration_count_forms(n_iter: Any) -> None:
    x = torch.randn(4, 3)
    out = simple_loop_for(n_iter, _rows, (x,))
    _assert_same(out, torch.cat([x[:1], x[:2], x[:3]]), "n_iter")


@pytest.mark.parametrize("dims", [1, [1], (1,), [1, 0]], ids=["int", "list", "tuple", "padded"])
def test_concatenation_dims_forms(dims: Any) -> None:
    x = torch.randn(5, 2)

    def body(i: torch.Tensor, x: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        return x[: i.item() + 1].t(), x[i.item() :]

    first, second = simple_loop_for(torch.tensor(3), body, (x,), dims)
    _assert_same(first, torch.cat([x[:1].t(), x[:2].t(), x[:3].t()], dim=1), "axis 1")
    _assert_same(second, torch.cat([x[0:], x[1:], x[2:]]), "axis 0")


def test_gradients_flow_in_eager_mode() -> None:
    # Autograd falls through to the body's own operators, as in onnx-diagnostic.
    x = torch.randn(5, 3, requires_grad=True)
    weight = torch.linspace(0.5, 1.5, 3)

    def body(i: torch.Tensor, x: torch.Tensor) -> torch.Tensor:
        return (x[: i.item() + 1] * weight).sin()

    simple_loop_for(torch.tensor(4), body, (x,)).sum().backward()
    assert x.grad is not None
    got = x.grad.clone()
    x.grad = None
    torch.cat([(x[: i + 1] * weight).sin() for i in range(4)]).sum().backward()
    _assert_same(got, x.grad, "gradient")


# ---------------------------------------------------------------------------------------
# argument checking


def test_bad_arguments_are_reported() -> None:
    x, starts, ends = _crops(6, 3, [(0, 2), (2, 5)])
    with pytest.raises(ValueError, match="0-d int64"):
        simple_loop_for(torch.tensor([2, 1]), _crop_body, (x, starts, ends))
    with pytest.raises(TypeError, match="int64"):
        simple_loop_for(torch.tensor(2.0), _crop_body, (x, starts, ends))
    with pytest.raises(ValueError, match="concatenation_dims"):
        simple_loop_for(torch.tensor(2), _crop_body, (x, starts, ends), (0, 1))
    with pytest.raises(TypeError, match="operands must be tensors"):
        simple_loop_for(torch.tensor(2), _crop_body, (x, starts, 3))  # type: ignore[arg-type]


def test_in_place_writes_to_operands_are_rejected() -> None:
    class Mutates(torch.nn.Module):
        def forward(self, x: torch.Tensor) -> torch.Tensor:
            def body(i: torch.Tensor, x: torch.Tensor) -> torch.Tensor:
                x.add_(1)
                return x.index_select(0, i.reshape(1))

            return simple_loop_for(x.shape[0], body, (x,))

    with pytest.raises(RuntimeError, match="writes in place to operand 0"):
        torch.export.export(Mutates(), (torch.randn(3, 2),), dynamic_shapes=({0: DYN},))


def test_importing_the_ops_loads_no_onnx_stack() -> None:
    # torch.onnx.export works without a translation table because `import exportlint.ops`
    # registers one lazily: importing it must not load onnxscript or torch.onnx's registry.
    code = (
        "import sys, exportlint.ops\n"
        "loaded = [m for m in ('onnxscript', 'onnx_ir', "
        "'torch.onnx._internal.exporter._registration') if m in sys.modules]\n"
        "assert not loaded, loaded\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_translation_registered_once_when_torch_onnx_is_loaded_first() -> None:
    # The other order (exportlint.ops first, torch.onnx loaded by the export) is what the
    # documented example's test does.
    code = (
        "from torch.onnx._internal.exporter._torchlib import _torchlib_registry as r\n"
        "import exportlint.ops\n"
        "from exportlint.ops import _torch_onnx\n"
        "_torch_onnx.register()\n"
        "from exportlint.ops._loop import simple_loop_for_op\n"
        "found = [m for m in r.get_torchlib_ops() if m.fx_target is simple_loop_for_op]\n"
        "assert len(found) == 1, found\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def _imports_ops(path: Path, package: str) -> bool:
    """Whether the module at ``path`` (in ``package``) imports exportlint.ops."""
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.Import):
            if any(
                a.name == "exportlint.ops" or a.name.startswith("exportlint.ops.")
                for a in node.names
            ):
                return True
        elif isinstance(node, ast.ImportFrom):
            base = package.split(".")
            if node.level:
                base = base[: len(base) - node.level + 1]
                name = ".".join([*base, *([node.module] if node.module else [])])
            else:
                name = node.module or ""
            targets = [name] + [f"{name}.{a.name}" for a in node.names]
            if any(t == "exportlint.ops" or t.startswith("exportlint.ops.") for t in targets):
                return True
    return False


def test_nothing_else_in_exportlint_imports_the_ops_package() -> None:
    # The linter must never import torch: only exportlint/ops/ may import exportlint.ops, and
    # the verifier's worker module, which runs in its own process and imports torch anyway.
    root = Path(__file__).resolve().parents[1] / "exportlint"
    offenders = []
    for path in sorted(root.rglob("*.py")):
        parts = path.relative_to(root.parent).with_suffix("").parts
        if parts[:2] == ("exportlint", "ops") or parts == ("exportlint", "verify", "worker"):
            continue
        package = ".".join(parts if parts[-1] == "__init__" else parts[:-1])
        package = package.removesuffix(".__init__")
        if _imports_ops(path, package):
            offenders.append(str(path.relative_to(root.parent)))
    assert not offenders
