"""`# noqa`, `# noqa: EXL101, EXL2` and `# exportlint: skip-file`."""

from __future__ import annotations

import re

# Codes are letters followed by digits (EXL101, E501) or a bare `EXL` prefix, so that prose
# after the codes (`
_CODE = r"(?:EXL[0-9]*|[A-Z]+[0-9]+)"
_NOQA = re.compile(rf"#\s*noqa(?::\s*(?P<codes>{_CODE}(?:\s*,\s*{_CODE}|\s+{_CODE}\b)*))?", re.I)
_SKIP_FILE = re.compile(r"^\s*#\s*exportlint\s*:\s*skip-file\s*$", re.M)


def skip_file(text: str) -> bool:
    return "skip-file" in text and _SKIP_FILE.search(text) is not None


def noqa_codes(line: str) -> frozenset[str] | None:
    """None when the line has no noqa; an empty set for a bare `# noqa` (everything)."""
    if "noqa" not in line.lower():
        return None
    match = _NOQA.search(line)
    if match is None:
        return None
    codes = match.group("codes")
    if not codes:
        return frozenset()
    return frozenset(c.upper() for c in re.split(r"[\s,]+", codes) if c)


def suppressed(code: str, codes: frozenset[str] | None) -> bool:
    if codes is None:
        return False
    if not codes:
        return True
    return any(code.startswith(prefix) for prefix in codes)
