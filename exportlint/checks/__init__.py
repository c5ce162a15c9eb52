"""The rules, one module each, registered here by code."""

from __future__ import annotations

from exportlint.checks.base import Rule
from exportlint.checks.exl101_tensor_condition import TensorCondition
from exportlint.checks.exl102_shape_condition import ShapeCondition
from exportlint.checks.exl201_item_to_python import ItemToPython
from exportlint.checks.exl202_host_conversion import HostConversion
from exportlint.checks.exl301_shape_baked_scalar import ShapeBakedScalar
from exportlint.checks.exl302_shape_math import ShapeMath
from exportlint.checks.exl303_len_of_tensor import LenOfTensor
from exportlint.checks.exl304_api_dynamic_shapes import ApiDynamicShapes
from exportlint.checks.exl401_tensor_loop import TensorLoop
from exportlint.checks.exl402_map_no_onnx import MapNoOnnx
from exportlint.checks.exl403_custom_op import CustomOp
from exportlint.checks.exl404_no_onnx_translation import NoOnnxTranslation
from exportlint.checks.exl501_input_mutation import InputMutation
from exportlint.checks.exl502_host_nondeterminism import HostNondeterminism
from exportlint.checks.exl601_example_inputs import ExampleInputs
from exportlint.diagnostics import Severity

ALL_RULES: tuple[type[Rule], ...] = (
    TensorCondition,
    ShapeCondition,
    ItemToPython,
    HostConversion,
    ShapeBakedScalar,
    ShapeMath,
    LenOfTensor,
    ApiDynamicShapes,
    TensorLoop,
    MapNoOnnx,
    CustomOp,
    NoOnnxTranslation,
    InputMutation,
    HostNondeterminism,
    ExampleInputs,
)


class RuleInfo:
    """Metadata of a code that has no Rule class (EXL000 comes from the engine itself)."""

    def __init__(self, code: str, name: str, severity: Severity, summary: str) -> None:
        self.code, self.name, self.severity, self.summary = code, name, severity, summary


PARSE_ERROR = RuleInfo(
    "EXL000", "parse-error", Severity.ERROR, "the file cannot be read, decoded or parsed"
)
# Reported by the engine's noqa pass (exportlint.suppressions), as Ruff's RUF100.
UNUSED_NOQA = RuleInfo(
    "EXL001", "unused-noqa", Severity.WARNING, "a `# noqa` code that suppresses nothing"
)

# code -> (name, severity, summary) for every code, EXL000 included.
CATALOGUE: dict[str, tuple[str, Severity, str]] = {
    PARSE_ERROR.code: (PARSE_ERROR.name, PARSE_ERROR.severity, PARSE_ERROR.summary),
    UNUSED_NOQA.code: (UNUSED_NOQA.name, UNUSED_NOQA.severity, UNUSED_NOQA.summary),
    **{rule.code: (rule.name, rule.severity, rule.summary) for rule in ALL_RULES},
}
