"""Client options: `initializationOptions` (and `workspace/didChangeConfiguration` settings).

Recognised keys, at the top level or under an `exportlint` key:

* `select`, `ignore`: lists of codes or prefixes (or one comma-separated string); each replaces
  the `pyproject.toml` value, as `--select` / `--ignore` do on the command line;
* `debounceMs`: how long the document must be still before it is linted (default 150).

Anything else is ignored; a bad value is reported and the key skipped, never fatal.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from exportlint.config import ConfigError, validate_code_selector

DEFAULT_DEBOUNCE = 0.15  # seconds
MAX_DEBOUNCE = 10.0


@dataclass(frozen=True)
class ClientOptions:
    select: tuple[str, ...] | None = None
    ignore: tuple[str, ...] | None = None
    debounce: float = DEFAULT_DEBOUNCE


def parse_options(
    raw: object, base: ClientOptions | None = None
) -> tuple[ClientOptions, list[str]]:
    """Options from a client's JSON value (on top of `base`), and the problems found."""
    base = base or ClientOptions()
    if not isinstance(raw, Mapping):
        return base, [] if raw is None else [f"options must be an object, got {raw!r}"]
    nested = raw.get("exportlint")
    table: Mapping[str, Any] = nested if isinstance(nested, Mapping) else raw
    problems: list[str] = []
    select, ignore, debounce = base.select, base.ignore, base.debounce
    if "select" in table:
        select = _codes(table["select"], "select", problems, base.select)
    if "ignore" in table:
        ignore = _codes(table["ignore"], "ignore", problems, base.ignore)
    for key in ("debounceMs", "debounce_ms"):
        if key in table:
            value = table[key]
            if isinstance(value, (int, float)) and not isinstance(value, bool) and value >= 0:
                debounce = min(float(value) / 1000, MAX_DEBOUNCE)
            else:
                problems.append(f"`{key}` must be a non-negative number of milliseconds")
    return ClientOptions(select, ignore, debounce), problems


def _codes(
    value: object, key: str, problems: list[str], fallback: tuple[str, ...] | None
) -> tuple[str, ...] | None:
    if value is None:
        return None
    if isinstance(value, str):
        items = [part.strip() for part in value.split(",") if part.strip()]
    elif isinstance(value, list) and all(isinstance(item, str) for item in value):
        items = [item.strip() for item in value]
    else:
        problems.append(f"`{key}` must be a list of rule codes, got {value!r}")
        return fallback
    codes = tuple("ALL" if item.upper() == "ALL" else item.upper() for item in items)
    for code in codes:
        try:
            validate_code_selector(code, f"client option `{key}`")
        except ConfigError as error:
            problems.append(str(error))
            return fallback
    return codes
