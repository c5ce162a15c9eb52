"""Command line: argument parsing and exit codes only; all behaviour lives in the library.

Exit codes (as Ruff): 0 nothing found, 1 diagnostics found, 2 usage, configuration or
internal error.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import re
import sys
import traceback
from collections.abc import Sequence
from dataclasses import replace
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

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

if TYPE_CHECKING:
    from exportlint.fixer import FileFix
    from exportlint.verify import Report, VerifyOptions

EXIT_CLEAN, EXIT_FOUND, EXIT_ERROR = 0, 1, 2
COMMANDS = ("check", "rule", "server", "lsp", "verify")


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

    check.add_argument("--fix", action="store_true", help="apply safe fixes")
    check.add_argument(
        "--unsafe-fixes", action="store_true", help="also apply unsafe fixes (with --fix/--diff)"
    )
    check.add_argument(
        "--diff", action="store_true", help="print the diff --fix would make; write nothing"
    )
    check.add_argument(
        "--fix-only", action="store_true", help="apply fixes, do not report what remains"
    )
    check.add_argument("--show-fixes", action="store_true", help="list the fixes applied")
    check.add_argument(
        "--verify",
        action="store_true",
        help="with --fix/--diff: export each fixed model (torch.export, ONNX, onnxruntime) and "
        "apply a fix only if it verifies (unsafe fixes included)",
    )
    check.add_argument(
        "--max-verifications",
        type=int,
        metavar="N",
        help="with --fix --verify: verifications per file while trying candidate fixes "
        "(default 12; config verify.max-verifications)",
    )

    rule = sub.add_parser("rule", help="print a rule's documentation")
    rule.add_argument("code", nargs="?", help="EXL101")
    rule.add_argument("--all", action="store_true", help="print every rule")

    server = sub.add_parser(
        "server", aliases=["lsp"], help="run the language server (LSP, on stdio)"
    )
    server.add_argument("--tcp", metavar="HOST:PORT", help="listen on TCP instead (debugging)")

    verify = sub.add_parser(
        "verify", help="export the models of files with example inputs and check them"
    )
    verify.add_argument("paths", nargs="*", help="files or directories (default: .)")
    verify.add_argument("--strict", action="store_true", help="also torch.export strict=True")
    verify.add_argument("--timeout", type=float, metavar="SECONDS", help="per model (default 300)")
    verify.add_argument("--rtol", type=float, help="relative tolerance (default 1e-4)")
    verify.add_argument("--atol", type=float, help="absolute tolerance (default 1e-4)")
    verify.add_argument("--report", type=Path, metavar="FILE.md", help="write a Markdown report")
    verify.add_argument("--output-format", choices=("full", "json"), default="full")
    verify.add_argument("--no-progress", action="store_true", help="no progress bar")
    verify.add_argument("--config", type=Path, help="pyproject.toml to read settings from")
    verify.add_argument("--isolated", action="store_true", help="ignore configuration files")
    verify.set_defaults(
        select=None, ignore=None, extend_select=None, exclude=None, extend_exclude=None
    )
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
        if options.command in ("server", "lsp"):
            return _server(options)
        if options.command == "verify":
            return _verify(options)
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


def _server(options: argparse.Namespace) -> int:
    # Imported here: the lint path never loads pygls.
    try:
        from exportlint.lsp import serve
        from exportlint.lsp.server import parse_address
    except ImportError as error:
        print(f"exportlint: error: the language server needs {error.name}", file=sys.stderr)
        return EXIT_ERROR
    if options.tcp is not None:
        try:
            parse_address(options.tcp)
        except ValueError as error:
            print(f"exportlint: error: {error}", file=sys.stderr)
            return EXIT_ERROR
    return serve(options.tcp)


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
    if options.verify and not (options.fix or options.fix_only or options.diff):
        raise ConfigError(
            "--verify goes with --fix, --fix-only or --diff (or run `exportlint verify`)"
        )
    if options.fix or options.fix_only or options.diff:
        return _fix(options, settings)
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

    _report(options, diagnostics, files, stdin_text)
    if status == EXIT_ERROR:
        return status
    return _exit_code(diagnostics, options.exit_zero)


def _report(
    options: argparse.Namespace,
    diagnostics: list[Diagnostic],
    files: int,
    stdin_text: str | None,
    fixed: int = 0,
) -> None:
    @lru_cache(maxsize=64)
    def lines(path: str) -> list[str]:
        if stdin_text is not None:
            return source_lines(stdin_text)
        try:
            return source_lines(_display_text(Path(path).read_bytes(), path))
        except OSError:
            return []

    _write(render(options.output_format, diagnostics, lines, options.unsafe_fixes))
    if options.output_format in ("full", "concise"):
        if options.statistics and diagnostics:
            _write(statistics(diagnostics))
        if not options.quiet:
            stream = sys.stderr if not diagnostics else sys.stdout
            print(summary(diagnostics, files, fixed, options.unsafe_fixes), file=stream)
    elif options.statistics and diagnostics:
        print(statistics(diagnostics), file=sys.stderr, end="")


def _fix(options: argparse.Namespace, settings: Settings) -> int:
    """--fix, --fix-only and --diff. Exit codes as Ruff: after --fix, 0 if nothing remains;
    with --diff, 1 if there is a diff; with --fix-only, 0 unless something failed."""
    from exportlint.fixer import FileFix, fix_files, fix_text

    unsafe = options.unsafe_fixes
    results: list[FileFix] = []
    from_stdin = options.stdin_filename is not None or options.paths == ["-"]
    status = EXIT_CLEAN
    verification = None
    if from_stdin and options.verify:
        raise ConfigError("--verify needs files: it cannot verify source read from stdin")
    if from_stdin:
        name = options.stdin_filename or "<stdin>"
        data = sys.stdin.buffer.read()
        try:
            document = decode(data, name)
        except DecodeError:
            from exportlint.engine import lint_bytes

            with contextlib.redirect_stdout(sys.stderr):
                _report(options, lint_bytes(data, name, settings), 1, None)
            sys.stdout.buffer.write(data)  # unchanged: never lose the user's text
            return EXIT_FOUND
        result = fix_text(document.text, name, settings, unsafe, document.newline)
        results.append(FileFix(name, document.text, result, remaining=result.remaining))
        if not options.diff:
            # Like Ruff: the fixed source goes to stdout, the report to stderr.
            sys.stdout.write(result.text)
            sys.stdout.flush()
    else:
        found = discover(options.paths or ["."], settings)
        for missing in found.missing:
            print(f"exportlint: error: {missing}: no such file or directory", file=sys.stderr)
            status = EXIT_ERROR
        if options.verify:
            fixed, verification = _fix_verified(options, settings, found.files)
            results.extend(fixed)
        else:
            results.extend(
                fix_files(found.files, settings, unsafe, write=not options.diff, jobs=options.jobs)
            )
    for item in results:
        if item.result is not None:
            for problem in item.result.problems:
                print(f"exportlint: warning: {problem}", file=sys.stderr)
        if item.error:
            print(f"exportlint: error: {item.path}: {item.error}", file=sys.stderr)
            status = EXIT_ERROR
    if options.diff:
        status = _print_diff(options, results, status)
        if verification is not None:  # stdout holds the diff: the tables go to stderr
            _verification_output(verification, sys.stderr)
        return status
    applied = [
        d
        for r in results
        if r.result is not None and (r.written or from_stdin)
        for d in r.result.applied
    ]
    if options.show_fixes and applied:
        print(_fix_listing(applied), file=sys.stderr if from_stdin else sys.stdout)
    if options.fix_only:
        if verification is not None:
            _verification_output(verification, sys.stderr)
        if not options.quiet:
            count = len(applied)
            print(f"Fixed {count} diagnostic{'s' if count != 1 else ''}.", file=sys.stderr)
        return status
    remaining = [d for r in results for d in r.remaining]
    if from_stdin:
        with contextlib.redirect_stdout(sys.stderr):
            _report(
                options,
                remaining,
                len(results),
                results[0].result.text if results[0].result else None,
                fixed=len(applied),
            )
    elif verification is not None and options.output_format == "json":
        _verification_json(options, remaining, verification)
    else:
        _report(options, remaining, len(results), None, fixed=len(applied))
        if verification is not None:
            human = options.output_format in ("full", "concise")
            _verification_output(verification, sys.stdout if human else sys.stderr)
    if status == EXIT_ERROR:
        return status
    return _exit_code(remaining, options.exit_zero)


# ---------------------------------------------------------------------------- verification


def _verify_options(options: argparse.Namespace) -> VerifyOptions:
    from exportlint.verify import VerifyOptions

    for flag in ("timeout", "rtol", "atol"):
        value = getattr(options, flag, None)
        if value is not None and (
            value != value or value < 0 or (flag == "timeout" and value == 0)
        ):
            raise ConfigError(
                f"--{flag} must be a {'positive' if flag == 'timeout' else 'non-negative'} number"
            )
    return VerifyOptions(
        strict=getattr(options, "strict", False),
        timeout=getattr(options, "timeout", None),
        rtol=getattr(options, "rtol", None),
        atol=getattr(options, "atol", None),
        progress=not getattr(options, "no_progress", False),
    )


def _fix_verified(
    options: argparse.Namespace, settings: Settings, files: Sequence[Path]
) -> tuple[list[FileFix], Report]:
    from exportlint.candidate_search import try_candidates
    from exportlint.verify import WorkerUnavailable, fix_files_verified

    limit = options.max_verifications
    if limit is not None and limit < 1:
        raise ConfigError("--max-verifications must be a positive integer")
    if limit is None:
        limit = settings.verify.max_verifications
    verify_options = _verify_options(options)
    try:
        # Every hazard's first candidate, verified together; then, for each file that did
        # not verify, the other candidates one hazard after the other.
        fixed, report = fix_files_verified(
            files,
            settings,
            options.unsafe_fixes,
            write=not options.diff,
            options=verify_options,
            jobs=options.jobs,
        )
        return try_candidates(
            fixed, report, settings, verify_options, write=not options.diff, limit=limit
        )
    except WorkerUnavailable as error:
        raise ConfigError(str(error)) from None


def _verification_output(report: Report, stream: TextIO) -> None:
    """--fix --verify: a table per model verified, what happened to each file's fixes."""
    from exportlint.verify.report import render_full

    print("\n" + render_full(report), file=stream, end="")
    stream.flush()


def _verification_json(
    options: argparse.Namespace, remaining: list[Diagnostic], report: Report
) -> None:
    """--fix --verify --output-format json: one object, {"diagnostics": [the remaining
    diagnostics, as without --verify], "verification": {...}}."""
    import json

    from exportlint.verify.report import report_json

    diagnostics = json.loads(render("json", remaining, lambda path: [], options.unsafe_fixes))
    verification = report_json(report)
    _write(json.dumps({"diagnostics": diagnostics, "verification": verification}) + "\n")


def _verify(options: argparse.Namespace) -> int:
    """`exportlint verify`: 0 every model verified, 1 a model failed (or could not be
    verified), 2 usage or configuration error (or the verification stack is missing)."""
    from exportlint.verify import WorkerUnavailable, verify_files
    from exportlint.verify.report import render_full, render_json, render_markdown

    settings = _settings(options)
    verify_options = _verify_options(options)
    status = EXIT_CLEAN
    found = discover(options.paths or ["."], settings)
    for missing in found.missing:
        print(f"exportlint: error: {missing}: no such file or directory", file=sys.stderr)
        status = EXIT_ERROR
    try:
        report = verify_files(found.files, settings, verify_options)
    except WorkerUnavailable as error:
        print(f"exportlint: error: {error}", file=sys.stderr)
        return EXIT_ERROR
    _write(render_json(report) if options.output_format == "json" else render_full(report))
    if options.report is not None:
        try:
            options.report.write_text(render_markdown(report), encoding="utf-8")
        except OSError as error:
            print(
                f"exportlint: error: --report {options.report}: {error.strerror}", file=sys.stderr
            )
            status = EXIT_ERROR
    if status == EXIT_ERROR:
        return status
    return EXIT_CLEAN if report.passed else EXIT_FOUND


def _print_diff(options: argparse.Namespace, results: list[FileFix], status: int) -> int:
    import difflib

    # Compared as text: fixes can be applied and leave it as it was (no diff, exit 0).
    changed = [r for r in results if r.result is not None and r.result.text != r.original]
    for item in changed:
        assert item.result is not None
        _write(
            "".join(
                _diff_line(line)
                for line in difflib.unified_diff(
                    _diff_lines(item.original),
                    _diff_lines(item.result.text),
                    fromfile=item.path,
                    tofile=item.path,
                )
            )
        )
    count = sum(len(r.result.applied) for r in changed if r.result is not None)
    if not options.quiet:
        print(
            f"Would fix {count} diagnostic{'s' if count != 1 else ''} "
            f"in {len(changed)} file{'s' if len(changed) != 1 else ''}.",
            file=sys.stderr,
        )
    if status == EXIT_ERROR:
        return status
    return EXIT_FOUND if changed else EXIT_CLEAN


def _diff_lines(text: str) -> list[str]:
    # Python's line breaks only: str.splitlines also splits on form feeds and \u2028, which
    # would misnumber the hunks.
    return [m.group() for m in re.finditer(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+$", text)]


def _diff_line(line: str) -> str:
    # A last line without a newline would run into the next diff line ("-a+b"): mark it the
    # way `diff -u` does.
    if line.endswith(("\n", "\r")):
        return line
    return line + "\n\\ No newline at end of file\n"


def _fix_listing(applied: list[Diagnostic]) -> str:
    by_path: dict[str, dict[str, int]] = {}
    for d in applied:
        counts = by_path.setdefault(d.path, {})
        what = f"{d.code} ({d.name})"
        counts[what] = counts.get(what, 0) + 1
    out = [f"Fixed {len(applied)} diagnostic{'s' if len(applied) != 1 else ''}:"]
    for path, counts in by_path.items():
        out.append(f"- {path}:")
        out.extend(f"    {n} x {what}" for what, n in sorted(counts.items()))
    return "\n".join(out)


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
