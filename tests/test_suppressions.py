"""`# noqa`, `# noqa: EXL101, EXL2` and `# exportlint: skip-file`."""

from __future__ import annotations

import json
import os
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
REPO_ROOT = Path(__file__).resolve().parents[1]


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


# --- EXL001 unused-noqa ------------------------------------------------------------------


def unused(text: str, *args: str) -> list[tuple[int, int, str]]:
    return [(d.line, d.column, d.message) for d in lint_source(text, "m.py") if d.code == "EXL001"]


def test_an_unused_exportlint_code_is_reported() -> None:
    text = model(a="  # noqa: EXL101")  # line 4 has EXL201, not EXL101
    (found,) = [d for d in lint_source(text, "m.py") if d.code == "EXL001"]
    assert (found.line, found.column) == (4, 34)
    assert found.message == "unused `noqa` directive (unused: `EXL101`)"
    assert found.name == "unused-noqa" and found.severity.value == "warning"
    assert found.fix is not None and found.fix.applicability.value == "safe"
    # ...and the diagnostic it did not suppress is still there.
    assert (4, "EXL201") in found_all(text)


def found_all(text: str) -> list[tuple[int, str]]:
    return [(d.line, d.code) for d in lint_source(text, "m.py")]


@pytest.mark.parametrize(
    "comment",
    [
        "  # noqa: EXL201",  # used
        "  # noqa: EXL2",  # a used prefix
        "  # noqa",  # bare: may be another tool's
        "  # noqa: E501",  # another tool's code
        "  # noqa: F401, E731",
        "  # noqa: EXL101, EXL001",  # EXL001 silences itself
    ],
)
def test_look_alikes_are_not_reported(comment: str) -> None:
    assert unused(model(a=comment)) == []


def test_codes_of_rules_not_run_are_not_judged() -> None:
    from exportlint.config import Settings

    text = model(a="  # noqa: EXL101")
    only_2 = Settings(select=("EXL2", "EXL001"))
    assert [d.code for d in lint_source(text, "m.py", only_2)] == ["EXL201"]
    only_1 = Settings(select=("EXL1", "EXL001"))
    assert "EXL001" in [d.code for d in lint_source(text, "m.py", only_1)]
    assert "EXL001" not in [d.code for d in lint_source(text, "m.py", Settings(ignore=("EXL001",)))]


def test_noqa_text_in_a_string_is_not_a_directive() -> None:
    assert unused(model(a='; s = "# noqa: EXL101"')) == []


@pytest.mark.parametrize(
    ("comment", "fixed"),
    [
        ("  # noqa: EXL101", ""),
        ("  # noqa: EXL101, E501", "  # noqa: E501"),
        ("  # noqa: E501, EXL101", "  # noqa: E501"),
        ("  # noqa: EXL201, EXL101", "  # noqa: EXL201"),
        ("  # keep me  # noqa: EXL101", "  # keep me"),
        ("  # noqa: EXL101 -- reason", "  # -- reason"),
    ],
)
def test_the_fix_removes_only_what_is_unused(comment: str, fixed: str) -> None:
    from exportlint.config import Settings
    from exportlint.fixer import fix_text

    # Only EXL001's fix is under test: the hazard rules' own safe fixes (EXL201's
    # `torch.sym_int`) are left out by fixing with EXL001 and the noqa'd code selected.
    only = Settings(select=("EXL001", "EXL101"))
    result = fix_text(model(a=comment), "m.py", only)
    assert result.text == model(a=fixed)
    assert unused(result.text) == []


def test_unused_noqa_through_the_cli(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "pyproject.toml").write_text("[tool.exportlint]\n", encoding="utf-8")
    (tmp_path / "m.py").write_text(model(c="  # noqa: EXL101, EXL303"), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    code = main(["--no-cache", "--output-format", "concise", "m.py"])
    out, _ = capsys.readouterr()
    assert code == 1
    assert "m.py:6:26: EXL001 [*] [warning] unused `noqa` directive (unused: `EXL303`)" in out
    main(["--no-cache", "--fix", "m.py"])
    capsys.readouterr()
    fixed = (tmp_path / "m.py").read_text(encoding="utf-8")
    assert "        if x.sum() > 0:  # noqa: EXL101\n" in fixed


# --- --add-noqa --------------------------------------------------------------------------


def add_noqa(tmp_path: Path, text: str, *args: str) -> tuple[int, str, str]:
    (tmp_path / "pyproject.toml").write_text("[tool.exportlint]\n", encoding="utf-8")
    (tmp_path / "m.py").write_bytes(text.encode("utf-8"))
    cwd = Path.cwd()
    os.chdir(tmp_path)
    try:
        code = main(["--no-cache", "--add-noqa", *args, "m.py"])
    finally:
        os.chdir(cwd)
    return code, (tmp_path / "m.py").read_bytes().decode("utf-8"), ""


def test_add_noqa_suppresses_everything_and_keeps_comments(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = model(a="  # why: a reason", b="  # noqa: E501")
    code, written, _ = add_noqa(tmp_path, text)
    _, err = capsys.readouterr()
    assert code == 0
    assert written == model(
        a="  # why: a reason  # noqa: EXL201",
        b="  # noqa: E501, EXL303",
        c="  # noqa: EXL101",
    )
    assert "Added 3 noqa directives." in err
    assert [d for d in lint_source(written, "m.py")] == []  # nothing left, nothing unused
    # A second run has nothing to add.
    code, again, _ = add_noqa(tmp_path, written)
    assert code == 0 and again == written
    assert "Added 0 noqa directives." in capsys.readouterr().err


def test_add_noqa_merges_codes_of_one_line(tmp_path: Path) -> None:
    text = TEMPLATE.replace("        k = len(x){b}\n", "        k = len(x) + int(x.max().item())\n")
    code, written, _ = add_noqa(tmp_path, model_from(text))
    assert code == 0
    assert "        k = len(x) + int(x.max().item())  # noqa: EXL201, EXL303\n" in written
    assert lint_source(written, "m.py") == []


def model_from(template: str) -> str:
    return template.format(a="", b="", c="")


def test_add_noqa_on_a_multiline_statement_and_crlf(tmp_path: Path) -> None:
    text = MULTILINE.format(l4="", l5="", l6="", l7="", l8="", l10="", l12="").replace("\n", "\r\n")
    code, written, _ = add_noqa(tmp_path, text)
    assert code == 0
    assert "\n" not in written.replace("\r\n", "")  # newlines kept
    assert "y = torch.cat(  # noqa: EXL201\r\n" in written
    assert lint_source(written, "m.py") == []


def test_add_noqa_with_other_options(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, written, _ = add_noqa(tmp_path, model(), "--select", "EXL1")
    assert code == 0 and written == model(c="  # noqa: EXL101")
    (tmp_path / "m.py").write_text(model(), encoding="utf-8")
    os.chdir(tmp_path)
    try:
        assert main(["--add-noqa", "--fix", "m.py"]) == 2
    finally:
        os.chdir(REPO_ROOT)
    assert "--add-noqa" in capsys.readouterr().err
