"""Settings: `[tool.exportlint]` in pyproject.toml, then command-line overrides.

Every key is checked: an unknown key or a value of the wrong type is a `ConfigError` naming
the key, never a silent default.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Any

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib


DEFAULT_EXCLUDE = (
    ".bzr", ".direnv", ".eggs", ".git", ".hg", ".mypy_cache", ".nox", ".pants.d",
    ".pytype", ".ruff_cache", ".svn", ".tox", ".venv", "__pypackages__", "_build",
    "buck-out", "build", "dist", "node_modules", "site-packages", "venv",
    ".exportlint_cache", "__pycache__",
)  # fmt: skip

# Base classes that are nn.Modules even though their definition is in another package
# (`module-bases`; the analysis reads them from here: a run that lints nothing, a warm
# one, does not import the analysis).
DEFAULT_MODULE_BASES = (
    "Module",
    "PreTrainedModel",
    "GradientCheckpointingLayer",
    "ModelMixin",
    "LightningModule",
)


class ConfigError(Exception):
    """A configuration problem the user must fix; the message names the key and the file."""


DEFAULT_VERIFY_TIMEOUT = 300.0
DEFAULT_VERIFY_RTOL = 1e-4
DEFAULT_VERIFY_ATOL = 1e-4
DEFAULT_MAX_VERIFICATIONS = 12
VERIFY_KEYS = ("factories", "timeout", "rtol", "atol", "max-verifications")


@dataclass(frozen=True)
class VerifyConfig:
    """`[tool.exportlint.verify]`: how `exportlint verify` and `--fix --verify` run."""

    factories: tuple[str, ...] = ()  # "package.module:callable" -> (model, inputs, shapes)
    timeout: float = DEFAULT_VERIFY_TIMEOUT  # seconds per model
    rtol: float = DEFAULT_VERIFY_RTOL
    atol: float = DEFAULT_VERIFY_ATOL
    # --fix --verify: at most this many verifications per file while trying candidate fixes.
    max_verifications: int = DEFAULT_MAX_VERIFICATIONS


@dataclass(frozen=True)
class Settings:
    select: tuple[str, ...] = ("EXL",)
    ignore: tuple[str, ...] = ()
    extend_select: tuple[str, ...] = ()
    per_file_ignores: tuple[tuple[str, tuple[str, ...]], ...] = ()
    exclude: tuple[str, ...] = DEFAULT_EXCLUDE
    extend_exclude: tuple[str, ...] = ()
    module_bases: tuple[str, ...] = DEFAULT_MODULE_BASES
    entry_points: tuple[str, ...] = ()
    # Which other modules the analysis follows calls and base classes into: "project" (the
    # linted file's package and the configured root), "all" (also installed packages), "none".
    follow_imports: str = "project"
    # Custom operators ("namespace::name") the project gives the ONNX exporter a translation.
    onnx_translated_ops: tuple[str, ...] = ()
    # Where the settings came from: patterns in `exclude` and `per-file-ignores` are relative
    # to it.
    root: str = field(default=".", compare=False)
    config_path: str = field(default="", compare=False)
    # Verification only; lint results do not depend on it.
    verify: VerifyConfig = field(default=VerifyConfig(), compare=False)
    # Which rules' fixes --fix may apply (selectors, as for select/ignore). A rule that is not
    # fixable keeps its fix as a display-only suggestion.
    fixable: tuple[str, ...] = ("ALL",)
    unfixable: tuple[str, ...] = ()
    extend_fixable: tuple[str, ...] = ()
    # File discovery only; lint results do not depend on them.
    respect_gitignore: bool = field(default=True, compare=False)
    force_exclude: bool = field(default=False, compare=False)

    def fingerprint(self) -> str:
        """A stable hash of everything that changes lint results (for the cache key)."""
        data = asdict(self)
        data.pop("root")
        data.pop("config_path")
        data.pop("exclude")
        data.pop("extend_exclude")
        data.pop("verify")
        data.pop("respect_gitignore")
        data.pop("force_exclude")
        return hashlib.sha256(json.dumps(data, sort_keys=True).encode()).hexdigest()[:16]


_LIST_KEYS = {
    "select": "select",
    "ignore": "ignore",
    "extend-select": "extend_select",
    "exclude": "exclude",
    "extend-exclude": "extend_exclude",
    "module-bases": "module_bases",
    "entry-points": "entry_points",
    "fixable": "fixable",
    "unfixable": "unfixable",
    "extend-fixable": "extend_fixable",
    "onnx-translated-ops": "onnx_translated_ops",
}
_CODE_KEYS = {"select", "ignore", "extend-select", "fixable", "unfixable", "extend-fixable"}
_BOOL_KEYS = {"respect-gitignore": "respect_gitignore", "force-exclude": "force_exclude"}
KNOWN_KEYS = frozenset(
    {
        *_LIST_KEYS,
        *_BOOL_KEYS,
        "per-file-ignores",
        "extend-module-bases",
        "verify",
        "follow-imports",
    }
)
FOLLOW_IMPORTS = ("project", "all", "none")
# A directory's own settings file: `exportlint.toml` (the table at top level) wins over a
# pyproject.toml's [tool.exportlint], as ruff.toml does over pyproject.toml.
EXPORTLINT_TOML = "exportlint.toml"


def config_in(directory: str | Path) -> Path | None:
    """`directory`'s settings file: exportlint.toml, or a pyproject.toml with a
    [tool.exportlint] table; None when it has neither."""
    # String paths: this runs for every directory holding a linted file (hundreds in a run),
    # where pathlib's objects cost more than the two `stat` calls.
    dedicated = os.path.join(directory, EXPORTLINT_TOML)
    if os.path.isfile(dedicated):
        return Path(dedicated)
    candidate = os.path.join(directory, "pyproject.toml")
    if os.path.isfile(candidate):
        tool = _read_toml(Path(candidate)).get("tool")
        # `tool = 3` is somebody else's broken file, not ours: isinstance, not a TypeError.
        if isinstance(tool, dict) and "exportlint" in tool:
            return Path(candidate)
    return None


def find_config(start: Path) -> Path | None:
    """The nearest settings file (see `config_in`), from `start` upwards."""
    start = start.resolve()
    for directory in [start, *start.parents]:
        found = config_in(directory)
        if found is not None:
            return found
    return None


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(f"{path}: invalid TOML: {error}") from None
    except UnicodeDecodeError as error:  # tomllib decodes as UTF-8 and lets this through
        raise ConfigError(f"{path}: invalid TOML: not UTF-8 (byte {error.start})") from None
    except OSError as error:
        raise ConfigError(f"{path}: cannot read: {error.strerror}") from None


def load_settings(path: Path | None) -> Settings:
    """Settings from a pyproject.toml (its [tool.exportlint] table), or the defaults."""
    if path is None:
        return Settings()
    data = _read_toml(path)
    if path.name == EXPORTLINT_TOML:
        return settings_from_table(data, str(path), str(path.parent), "")
    tool = data.get("tool", {})
    if not isinstance(tool, dict):  # `tool = "exportlint"` would be an AttributeError
        raise ConfigError(f"{path}: `tool` must be a table")
    table = tool.get("exportlint", {})
    if not isinstance(table, dict):
        raise ConfigError(f"{path}: [tool.exportlint] must be a table")
    return settings_from_table(table, str(path), str(path.parent))


def settings_from_table(
    table: Mapping[str, Any], where: str, root: str, section: str = "[tool.exportlint]"
) -> Settings:
    settings = Settings(root=root, config_path=where)
    updates: dict[str, Any] = {}
    for key, value in table.items():
        if key not in KNOWN_KEYS:
            known = ", ".join(sorted(KNOWN_KEYS))
            place = f" in {section}" if section else ""
            raise ConfigError(f"{where}: unknown key `{key}`{place} (known: {known})")
        if key in _BOOL_KEYS:
            if not isinstance(value, bool):
                raise ConfigError(f"{where}: `{key}` must be true or false, got {value!r}")
            updates[_BOOL_KEYS[key]] = value
        if key in _LIST_KEYS:
            items = _string_list(value, key, where)
            if key in _CODE_KEYS:
                for item in items:
                    validate_code_selector(item, f"{where}: `{key}`")
            updates[_LIST_KEYS[key]] = tuple(items)
        elif key == "extend-module-bases":
            updates["module_bases"] = (
                *updates.get("module_bases", settings.module_bases),
                *_string_list(value, key, where),
            )
        elif key == "per-file-ignores":
            if not isinstance(value, dict):
                raise ConfigError(f"{where}: `per-file-ignores` must be a table of glob = [codes]")
            pairs = []
            for pattern, codes in value.items():
                items = _string_list(codes, f"per-file-ignores.{pattern}", where)
                for item in items:
                    validate_code_selector(item, f"{where}: `per-file-ignores.{pattern}`")
                pairs.append((str(pattern), tuple(items)))
            updates["per_file_ignores"] = tuple(pairs)
        elif key == "verify":
            updates["verify"] = _verify_config(value, where)
        elif key == "follow-imports":
            if value not in FOLLOW_IMPORTS:
                choices = ", ".join(f'"{m}"' for m in FOLLOW_IMPORTS)
                raise ConfigError(
                    f"{where}: `follow-imports` must be one of {choices}, got {value!r}"
                )
            updates["follow_imports"] = value
    return replace(settings, **updates)


def _verify_config(table: Any, where: str) -> VerifyConfig:
    if not isinstance(table, dict):
        raise ConfigError(f"{where}: `verify` must be a table ([tool.exportlint.verify])")
    updates: dict[str, Any] = {}
    for key, value in table.items():
        name = f"verify.{key}"
        if key not in VERIFY_KEYS:
            known = ", ".join(VERIFY_KEYS)
            raise ConfigError(
                f"{where}: unknown key `{key}` in [tool.exportlint.verify] (known: {known})"
            )
        if key == "factories":
            items = _string_list(value, name, where)
            for item in items:
                module, colon, attribute = item.partition(":")
                if not (
                    colon
                    and all(p.isidentifier() for p in module.split("."))
                    and all(p.isidentifier() for p in attribute.split("."))
                ):
                    raise ConfigError(
                        f"{where}: `{name}`: `{item}` is not of the form `package.module:callable`"
                    )
            updates["factories"] = tuple(items)
        elif key == "max-verifications":
            if isinstance(value, bool) or not isinstance(value, int) or value < 1:
                raise ConfigError(f"{where}: `{name}` must be a positive integer, got {value!r}")
            updates["max_verifications"] = value
        else:
            if isinstance(value, bool) or not isinstance(value, (int, float)):
                raise ConfigError(f"{where}: `{name}` must be a number, got {value!r}")
            if key == "timeout" and not value > 0:
                raise ConfigError(f"{where}: `{name}` must be a positive number of seconds")
            if value < 0 or value != value:  # NaN
                raise ConfigError(f"{where}: `{name}` must not be negative, got {value!r}")
            updates[key] = float(value)
    return replace(VerifyConfig(), **updates)


def _string_list(value: Any, key: str, where: str) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ConfigError(f"{where}: `{key}` must be a list of strings, got {value!r}")
    return list(value)


def validate_code_selector(selector: str, where: str) -> None:
    """`EXL`, `EXL1`, `EXL101` and `ALL` are selectors; anything else is a mistake."""
    from exportlint.checks import CATALOGUE

    if selector == "ALL":
        return
    if not any(code.startswith(selector) for code in CATALOGUE):
        raise ConfigError(f"{where}: `{selector}` matches no rule code (codes look like EXL101)")
