"""`# noqa`, `# noqa: EXL101, EXL2` and `# exportlint: skip-file`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from exportlint import lint_source
from exportlint.cli import main
from exportlint.suppressions import noqa_codes, skip_file, suppressed

# The hazard lines carry a `{a}`, `{b}`, `{c}` slot for a trailing comment:
# EXL201 at line 4, EXL303 at line 5, EXL101 at line 6.
TEMPLATE = """\
import torch
class M(torch.nn.Module):
    def forward(self, x):
        n = int(x.max().item()){a}
        k = len(x){b}
        if x.sum() > 0:{c}
            return x * n * k
        return -x
"""

# A multi-line statement: EXL201 on line 5 inside a statement starting on line 4, EXL101 on
# lines 7-8 (statement starts on 7), EXL303 on line 12 inside a statement starting on 10.
MULTILINE = """\
import torch
class M(torch.nn.Module):
    def forward(self, x):
        y = torch.cat({l4}
            [x, x * int(x.max().item())]{l5}
        ){l6}
        if (x.sum(){l7}
                > 0):{l8}
            return y
        return torch.stack([{l10}
            x,
            x * len(x),{l12}
        ])
"""


def found(text: str) -> list[tuple[int, str]]:
    """What the hazard rules report (EXL001, unused noqa codes, is tested on its own)."""
    return [(d.line, d.code) for d in lint_source(text, "model.py") if d.code != "EXL001"]


def model(a: str = "", b: str = "", c: str = "") -> str:
    return TEMPLATE.format(a=a, b=b, c=c)


ALL = [(4, "EXL201"), (5, "EXL303"), (6, "EXL101")]


def test_template_reports_three() -> None:
    assert found(model()) == ALL


@pytest.mark.parametrize(
    "comment", ["  # noqa", "  # NOQA", "  #noqa", "# noqa", "  # noqa  ", "  # noqa -- ok here"]
)
def test_bare_noqa_suppresses_everything_on_the_line(comment: str) -> None:
    assert found(model(c=comment)) == ALL[:2]
    assert found(model(a=comment, b=comment, c=comment)) == []


@pytest.mark.parametrize(
    ("comment", "expected"),
    [
        ("  # noqa: EXL101", ALL[:2]),
        ("  # noqa:EXL101", ALL[:2]),
        ("  # noqa: exl101", ALL[:2]),
        ("  # noqa: EXL1", ALL[:2]),
        ("  # noqa: EXL", ALL[:2]),
        ("  # noqa: EXL201, EXL101", ALL[:2]),
        ("  # noqa: EXL201,EXL1", ALL[:2]),
        ("  # noqa: EXL201 EXL101", ALL[:2]),
        ("  # noqa: EXL101 reason: data-dependent on purpose", ALL[:2]),
        # Another code, a longer code, or another linter's code: not suppressed.
        ("  # noqa: EXL201", ALL),
        ("  # noqa: EXL2", ALL),
        ("  # noqa: EXL1011", ALL),
        ("  # noqa: E501", ALL),
        ("  # noqa: F401, E731", ALL),
        ("  # type: ignore[arg-type]", ALL),
        ("  # no qa", ALL),
    ],
)
def test_noqa_with_codes(comment: str, expected: list[tuple[int, str]]) -> None:
    assert found(model(c=comment)) == expected


def test_noqa_on_each_line_with_its_own_code() -> None:
    text = model(a="  # noqa: EXL201", b="  # noqa: EXL303", c="  # noqa: EXL101")
    assert found(text) == []
    # Codes swapped between lines: nothing is suppressed.
    text = model(a="  # noqa: EXL303", b="  # noqa: EXL101", c="  # noqa: EXL201")
    assert found(text) == ALL


def test_noqa_on_another_line_does_not_suppress() -> None:
    text = model().replace("        if x.sum()", "        # noqa\n        if x.sum()")
    assert found(text) == [(4, "EXL201"), (5, "EXL303"), (7, "EXL101")]
    text = model().replace("            return x * n * k", "            return x * n * k  # noqa")
    assert found(text) == ALL


def multiline(**comments: str) -> str:
    slots = {f"l{n}": "" for n in (4, 5, 6, 7, 8, 10, 12)}
    slots.update(comments)
    return MULTILINE.format(**slots)


def test_multiline_statement_unsuppressed() -> None:
    assert found(multiline()) == [(5, "EXL201"), (7, "EXL101"), (12, "EXL303")]


def test_noqa_on_first_line_of_multiline_statement() -> None:
    text = multiline(l4="  # noqa: EXL201", l7="  # noqa: EXL101", l10="  # noqa: EXL303")
    assert found(text) == []
    # A bare noqa on the first line works too.
    assert found(multiline(l4="  # noqa")) == [(7, "EXL101"), (12, "EXL303")]


def test_noqa_on_the_reported_line_of_a_multiline_statement() -> None:
    text = multiline(l5="  # noqa: EXL201", l12="  # noqa")
    assert found(text) == [(7, "EXL101")]


def test_noqa_on_a_later_line_of_the_statement_does_not_suppress() -> None:
    text = multiline(l6="  # noqa", l8="  # noqa: EXL101")
    assert found(text) == [(5, "EXL201"), (7, "EXL101"), (12, "EXL303")]


def test_noqa_for_another_code_on_the_first_line() -> None:
    text = multiline(l4="  # noqa: EXL101", l7="  # noqa: EXL201")
    assert found(text) == [(5, "EXL201"), (7, "EXL101"), (12, "EXL303")]


def test_noqa_with_crlf_line_endings() -> None:
    text = model(c="  # noqa: EXL101").replace("\n", "\r\n")
    assert found(text) == ALL[:2]


def test_noqa_after_a_form_feed_line() -> None:
    # str.splitlines() would count the form feed as a line break and look one line off.
    text = model(c="  # noqa: EXL101").replace("import torch\n", "import torch\n\x0c\n", 1)
    assert found(text) == [(5, "EXL201"), (6, "EXL303")]


def test_noqa_looking_text_in_strings() -> None:
    # Only a comment suppresses: a string holding noqa text is data, not a directive.
    text = model(a='; s = "# noqa"', b="; t = '# noqa: EXL303'")
    assert found(text) == ALL
    weird = [
        '"""\n# noqa\n# noqa: EXL101\n# exportlint: skip-file is not at the line start\n"""',
        "'# noqa: \\\\ ,,, ::: EXL'",
        "f'{1}# noqa'",
        "'#' + 'noqa'",
        "r'# noqa: (?P<codes>'",
        "'# NOQA:' + '\\x00'",
    ]
    for literal in weird:
        text = model().replace("        k = len(x)", f"        s = {literal}\n        k = len(x)")
        assert [code for _, code in found(text)] == ["EXL201", "EXL303", "EXL101"], literal


def test_noqa_comment_containing_a_string_quote() -> None:
    text = model(c='  # noqa: EXL101 -- the "if" is fine, it\'s static')
    assert found(text) == ALL[:2]


@pytest.mark.parametrize(
    "line",
    [
        "# exportlint: skip-file",
        "#exportlint:skip-file",
        "  #  exportlint :  skip-file  ",
    ],
)
def test_skip_file(line: str) -> None:
    assert found(line + "\n" + model()) == []
    assert found(model() + line + "\n") == []


def test_skip_file_must_be_its_own_comment_line() -> None:
    assert found("x = 1  # exportlint: skip-file\n" + model()) == [
        (line + 1, code) for line, code in ALL
    ]
    assert found("# exportlint: skip-files\n" + model()) == [(line + 1, c) for line, c in ALL]


def test_skip_file_through_the_cli(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "pyproject.toml").write_text("[tool.exportlint]\n", encoding="utf-8")
    (tmp_path / "skipped.py").write_text("# exportlint: skip-file\n" + model(), "utf-8")
    (tmp_path / "noqa.py").write_text(model("  # noqa", "  # noqa", "  # noqa: EXL1"), "utf-8")
    assert main(["--no-cache", "--output-format", "json", "."]) == 0
    out, _ = capsys.readouterr()
    assert json.loads(out) == []
    (tmp_path / "partial.py").write_text(model(c="  # noqa: EXL101"), "utf-8")
    assert main(["--no-cache", "--output-format", "json", "."]) == 1
    out, _ = capsys.readouterr()
    assert [(d["path"], d["code"]) for d in json.loads(out)] == [
        ("partial.py", "EXL201"),
        ("partial.py", "EXL303"),
    ]


def test_suppression_helpers() -> None:
    assert noqa_codes("x = 1") is None
    assert noqa_codes("x = 1  # noqa") == frozenset()
    assert noqa_codes("x = 1  # noqa: EXL101, exl2") == frozenset({"EXL101", "EXL2"})
    assert suppressed("EXL101", frozenset())
    assert suppressed("EXL201", frozenset({"EXL2"}))
    assert not suppressed("EXL101", frozenset({"EXL2"}))
    assert not suppressed("EXL101", None)
    assert skip_file("# exportlint: skip-file\n")
    assert not skip_file("x = 'skip-file'\n")
