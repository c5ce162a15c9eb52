"""The data every front end consumes: a diagnostic and its severity."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field

DOCS_URL = "https://github.com/exportlint/exportlint/blob/main/rules/{folder}/README.md"


class Severity(str, enum.Enum):
    # `error`: torch.export fails. `warning`: export succeeds but the program is specialised
    # or the ONNX model is silently wrong on other input sizes.
    ERROR = "error"
    WARNING = "warning"


class Applicability(str, enum.Enum):
    # `safe`: preserves behaviour for every input; applied by --fix.
    # `unsafe`: preserves it under the conditions the description states; --unsafe-fixes.
    # `display-only`: a suggestion shown to the user, never applied.
    SAFE = "safe"
    UNSAFE = "unsafe"
    DISPLAY_ONLY = "display-only"


@dataclass(frozen=True, order=True)
class Edit:
    """Replace the text between two positions (1-based lines and character columns, end
    exclusive) by `content`. An insertion has start == end."""

    line: int
    column: int
    end_line: int
    end_column: int
    content: str

    def to_json(self) -> dict[str, object]:
        return {
            "line": self.line,
            "column": self.column,
            "end_line": self.end_line,
            "end_column": self.end_column,
            "content": self.content,
        }


@dataclass(frozen=True)
class Fix:
    description: str
    applicability: Applicability
    edits: tuple[Edit, ...] = ()
    # A fix not built yet: the lint ran without building libcst rewrites (human output, LSP
    # diagnostics). It has no edits and is never applied; whoever needs the edits (`--fix`,
    # `--diff`, JSON, a code action) lints again with fixes built. `description` is the
    # rule's advice for the rewrite, not its result.
    pending: bool = False

    def to_json(self) -> dict[str, object]:
        data: dict[str, object] = {
            "applicability": self.applicability.value,
            "description": self.description,
            "edits": [edit.to_json() for edit in self.edits],
        }
        if self.pending:
            data["pending"] = True
        return data

    @classmethod
    def from_json(cls, data: dict[str, object]) -> Fix:
        edits = data.get("edits", [])
        assert isinstance(edits, list)
        fields = {
            "description": str(data["description"]),
            "applicability": _APPLICABILITIES[data["applicability"]],
            "edits": tuple(
                Edit(
                    line=int(e["line"]),
                    column=int(e["column"]),
                    end_line=int(e["end_line"]),
                    end_column=int(e["end_column"]),
                    content=str(e["content"]),
                )
                for e in edits
            ),
            "pending": data.get("pending") is True,
        }
        # As `Diagnostic.from_json`: no frozen `__init__` (most cached diagnostics have one).
        fix = object.__new__(cls)
        fix.__dict__.update(fields)
        return fix


@dataclass(frozen=True, order=True)
class Diagnostic:
    """One finding. Lines and columns are 1-based; columns count characters, end exclusive."""

    path: str
    line: int
    column: int
    end_line: int
    end_column: int
    code: str
    name: str
    severity: Severity
    message: str
    # The line a noqa comment must be on: the first line of the statement holding the finding.
    noqa_line: int = 0
    help: str = ""
    fix: Fix | None = field(default=None, compare=False)
    # The other candidate fixes, in order of preference after `fix`. Static analysis ranks
    # candidates; a run decides: `--fix` applies `fix`, `--fix --verify` tries `fixes` in order
    # and keeps the first that verifies, the LSP offers each as its own quick fix.
    alternatives: tuple[Fix, ...] = field(default=(), compare=False)

    @property
    def fixes(self) -> tuple[Fix, ...]:
        """Every candidate fix, best first."""
        return () if self.fix is None else (self.fix, *self.alternatives)

    @property
    def url(self) -> str:
        return DOCS_URL.format(folder=f"{self.code}-{self.name}")

    def to_json(self) -> dict[str, object]:
        return {
            "path": self.path,
            "line": self.line,
            "column": self.column,
            "end_line": self.end_line,
            "end_column": self.end_column,
            "code": self.code,
            "name": self.name,
            "severity": self.severity.value,
            "message": self.message,
            "help": self.help,
            "url": self.url,
            "fix": self.fix.to_json() if self.fix else None,
            "alternatives": [fix.to_json() for fix in self.alternatives],
        }

    @classmethod
    def from_json(cls, data: dict[str, object]) -> Diagnostic:
        """The diagnostic `to_json` wrote (plus `noqa_line`, which the cache keeps). A
        malformed one raises (KeyError, TypeError, ValueError: the cache treats it as a miss).

        A warm run decodes every cached diagnostic (thousands): the fields are set without the
        frozen dataclass `__init__` (one `object.__setattr__` call per field)."""
        fix = data.get("fix")
        alternatives = data.get("alternatives", ())
        if not isinstance(alternatives, (list, tuple)):
            raise TypeError(f"alternatives: {alternatives!r}")
        fields = {
            "path": str(data["path"]),
            "line": _int(data["line"]),
            "column": _int(data["column"]),
            "end_line": _int(data["end_line"]),
            "end_column": _int(data["end_column"]),
            "code": str(data["code"]),
            "name": str(data["name"]),
            "severity": _SEVERITIES[data["severity"]],
            "message": str(data["message"]),
            "noqa_line": _int(data["noqa_line"]) if "noqa_line" in data else 0,
            "help": str(data.get("help", "")),
            "fix": Fix.from_json(fix) if isinstance(fix, dict) else None,
            "alternatives": tuple(
                Fix.from_json(other) for other in alternatives if isinstance(other, dict)
            ),
        }
        diagnostic = object.__new__(cls)
        diagnostic.__dict__.update(fields)
        return diagnostic


def _int(value: object) -> int:
    if not isinstance(value, int):
        raise TypeError(f"not an int: {value!r}")
    return value


# The enum's own lookup (`Severity("error")`) is several times slower than a dict.
_SEVERITIES: dict[object, Severity] = {severity.value: severity for severity in Severity}
_APPLICABILITIES: dict[object, Applicability] = {
    applicability.value: applicability for applicability in Applicability
}
