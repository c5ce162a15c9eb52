"""Command line: argument parsing and exit codes only; all behaviour lives in the library.

Exit codes (as Ruff): 0 nothing found, 1 diagnostics found, 2 usage, configuration or
internal error.
"""

from __future__ import annotations

import argparse
import os
import sys
import traceback
from collections.abc import Sequence
from dataclasses import replace
from functools import lru_cache
from pathlib import Path

from exportlint import __version__
from exportlint.cache import CACHE_DIR_NAME
from exportlint.checks import CATALOGUE
from exportlint.config import (
    ConfigError,
    Settings,
    find_config,
    load_settings,
    validate_code_selector,
)
from exportlint.diagnostics import Diagnostic
from exportlint.discovery import discover
from exportlint.document import DecodeError, decode, source_lines
from exportlint.report import FORMATS, render
from exportlint.report.full import statistics, summary
from exportlint.runner import lint_paths

EXIT_CLEAN, EXIT_FOUND, EXIT_ERROR = 0, 1, 2
COMMANDS = ("check", "rule")


def _codes(value: str) -> list[str]:
    return [
        part.strip().upper() if part.strip() != "ALL" else "ALL"
        for part in value.split(",")
        if part.strip()
    ]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="exportlint",
        description="Find torch.export / ONNX export hazards in PyTorch model code, statically.",
    )
    parser.add_argument("--version", action="version", version=f"exportlint {__version__}")
    sub = parser.add_subparsers(dest="command")

    check = sub.add_parser("check", help="lint files (the default command)")
    check.add_argument("paths", nargs="*", help="files or directories (default: .)")
    check.add_argument(
        "--select", type=_codes, action="append", help="codes or prefixes to enable (EXL1, EXL101)"
    )
    check.add_argument(
        "--ignore", type=_codes, action="append", help="codes or prefixes to disable"
    )
    check.add_argument(
        "--extend-select", type=_codes, action="append", help="codes to enable on top of `select`"
    )
    check.add_argument(
        "--exclude", action="append", help="glob patterns to exclude (replaces the configured ones)"
    )
    check.add_argument(
        "--extend-exclude", action="append", help="glob patterns to exclude, added to the defaults"
    )
    check.add_argument("--output-format", choices=FORMATS, default="full")
    check.add_argument(
        "--exit-zero", action="store_true", help="exit 0 even when diagnostics are found"
    )
    check.add_argument("--statistics", action="store_true", help="count diagnostics per rule")
    check.add_argument("--config", type=Path, help="pyproject.toml to read settings from")
    check.add_argument("--isolated", action="store_true", help="ignore configuration files")
    check.add_argument(
        "--stdin-filename", help="read source from stdin and report it under this name"
    )
    check.add_argument("--no-cache", action="store_true", help="do not read or write the cache")
    check.add_argument(
        "--cache-dir", type=Path, help=f"cache directory (default: ./{CACHE_DIR_NAME})"
    )
    check.add_argument("--jobs", "-j", type=int, help="worker processes (default: one per core)")
    check.add_argument(
        "--quiet", "-q", action="store_true", help="print diagnostics only, no summary"
    )

    rule = sub.add_parser("rule", help="print a rule's documentation")
    rule.add_argument("code", nargs="?", help="EXL101")
    rule.add_argument("--all", action="store_true", help="print every rule")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    # `check` is the default command: `exportlint src/` means `exportlint check src/`.
    if not args or (args[0] not in COMMANDS and args[0] not in ("-h", "--help", "--version")):
        args.insert(0, "check")
    parser = build_parser()
    try:
        options = parser.parse_args(args)
    except SystemExit as exit_:
        return EXIT_CLEAN if exit_.code == 0 else EXIT_ERROR
    try:
        if options.command == "rule":
            return _rule(options)
        return _check(options)
    except ConfigError as error:
        print(f"exportlint: error: {error}", file=sys.stderr)
        return EXIT_ERROR
    except KeyboardInterrupt:
        return EXIT_ERROR
    except Exception as error:
        # A bug in exportlint itself: exit 2 with one line naming where, not a traceback
        # (EXPORTLINT_DEBUG=1 re-raises for the full one).
        if os.environ.get("EXPORTLINT_DEBUG"):
            raise
        where = traceback.extract_tb(error.__traceback__)[-1]
        print(
            f"exportlint: internal error: {type(error).__name__}: {error} "
            f"(at {Path(where.filename).name}:{where.lineno}); please report it",
            file=sys.stderr,
        )
        return EXIT_ERROR


def _rule(options: argparse.Namespace) -> int:
    from exportlint.docs import rule_doc

    if options.all:
        codes = sorted(CATALOGUE)
    elif options.code:
        codes = [options.code.upper()]
    else:
        print(
            "exportlint: error: give a rule code (exportlint rule EXL101) or --all", file=sys.stderr
        )
        return EXIT_ERROR
    texts = []
    for code in codes:
        doc = rule_doc(code)
        if doc is None:
            print(
                f"exportlint: error: unknown rule `{code}` (see `exportlint rule --all`)",
                file=sys.stderr,
            )
            return EXIT_ERROR
        texts.append(doc.rstrip("\n"))
    print("\n\n---\n\n".join(texts))
    return EXIT_CLEAN


def _settings(options: argparse.Namespace) -> Settings:
    if options.isolated:
        settings = Settings(root=str(Path.cwd()))
    elif options.config is not None:
        if not options.config.is_file():
            raise ConfigError(f"--config {options.config}: no such file")
        settings = load_settings(options.config)
    else:
        found = find_config(Path.cwd())
        settings = load_settings(found) if found else Settings(root=str(Path.cwd()))
    updates: dict[str, tuple[str, ...]] = {}
    for flag in ("select", "ignore", "extend_select"):
        given = getattr(options, flag)
        if given:
            codes = tuple(code for group in given for code in group)
            for code in codes:
                validate_code_selector(code, f"--{flag.replace('_', '-')}")
            updates[flag] = codes
    if "extend_select" in updates:
        updates["extend_select"] = settings.extend_select + updates["extend_select"]
    if options.exclude:
        updates["exclude"] = tuple(options.exclude)
    if options.extend_exclude:
        updates["extend_exclude"] = settings.extend_exclude + tuple(options.extend_exclude)
    return replace(settings, **updates)  # type: ignore[arg-type]  # keys are tuple fields


def _check(options: argparse.Namespace) -> int:
    settings = _settings(options)
    if options.jobs is not None and options.jobs < 1:
        raise ConfigError("--jobs must be at least 1")
    status = EXIT_CLEAN
    stdin_text: str | None = None
    if options.stdin_filename is not None or options.paths == ["-"]:
        name = options.stdin_filename or "<stdin>"
        data = sys.stdin.buffer.read()
        from exportlint.engine import lint_bytes

        diagnostics = lint_bytes(data, name, settings)
        stdin_text = _display_text(data, name)
        files = 1
    else:
        found = discover(options.paths or ["."], settings)
        for missing in found.missing:
            print(f"exportlint: error: {missing}: no such file or directory", file=sys.stderr)
            status = EXIT_ERROR
        cache_dir = None
        if not options.no_cache:
            cache_dir = options.cache_dir or Path(settings.root) / CACHE_DIR_NAME
        diagnostics = lint_paths(found.files, settings, cache_dir=cache_dir, jobs=options.jobs)
        files = len(found.files)

    @lru_cache(maxsize=64)
    def lines(path: str) -> list[str]:
        if stdin_text is not None:
            return source_lines(stdin_text)
        try:
            return source_lines(_display_text(Path(path).read_bytes(), path))
        except OSError:
            return []

    _write(render(options.output_format, diagnostics, lines))
    if options.output_format in ("full", "concise"):
        if options.statistics and diagnostics:
            _write(statistics(diagnostics))
        if not options.quiet:
            print(summary(diagnostics, files), file=sys.stderr if not diagnostics else sys.stdout)
    elif options.statistics and diagnostics:
        print(statistics(diagnostics), file=sys.stderr, end="")
    if status == EXIT_ERROR:
        return status
    return _exit_code(diagnostics, options.exit_zero)


def _display_text(data: bytes, path: str) -> str:
    # Decoded as the engine decoded it (coding cookie, BOM), so that the line shown under a
    # diagnostic in a latin-1 or BOM file is the line the columns refer to.
    try:
        return decode(data, path).text
    except DecodeError:
        return data.decode("utf-8", "replace")


def _write(text: str) -> None:
    try:
        sys.stdout.write(text)
        sys.stdout.flush()
    except BrokenPipeError:  # `exportlint src | head`
        sys.stderr.close()


def _exit_code(diagnostics: list[Diagnostic], exit_zero: bool) -> int:
    if diagnostics and not exit_zero:
        return EXIT_FOUND
    return EXIT_CLEAN
