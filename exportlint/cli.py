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
from collections.abc import Callable, Iterator, Sequence
from dataclasses import fields, replace
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from exportlint import __version__
from exportlint.cache import CACHE_DIR_NAME
from exportlint.config import (
    ConfigError,
    Settings,
    find_config,
    load_settings,
    validate_code_selector,
)
from exportlint.diagnostics import DOCS_URL, Diagnostic
from exportlint.discovery import Discovery, discover
from exportlint.document import DecodeError, decode, source_lines
from exportlint.report import FORMATS, HUMAN_FORMATS, render
from exportlint.report.full import fixable, statistics, summary
from exportlint.report.style import Style, use_color
from exportlint.resolver import Resolver
from exportlint.runner import keep_frozen, lint_paths

if TYPE_CHECKING:
    from exportlint.fixer import FileFix
    from exportlint.verify import Report, VerifyOptions

EXIT_CLEAN, EXIT_FOUND, EXIT_ERROR = 0, 1, 2
COMMANDS = ("check", "rule", "server", "lsp", "verify")
# Options that only mean something with --fix --verify (the verifier's own).
VERIFY_FLAGS = ("report", "timeout", "strict", "no_progress", "rtol", "atol")


def _codes(value: str) -> list[str]:
    return [
        part.strip().upper() if part.strip() != "ALL" else "ALL"
        for part in value.split(",")
        if part.strip()
    ]


def _add_verifier_options(parser: argparse._ArgumentGroup) -> None:
    # The same options as `exportlint verify` (its own subparser), for --fix --verify.
    parser.add_argument("--strict", action="store_true", help="also torch.export strict=True")
    parser.add_argument("--timeout", type=float, metavar="SECONDS", help="per model (default 300)")
    parser.add_argument("--rtol", type=float, help="relative tolerance (default 1e-4)")
    parser.add_argument("--atol", type=float, help="absolute tolerance (default 1e-4)")
    parser.add_argument("--report", type=Path, metavar="FILE.md", help="write a Markdown report")
    parser.add_argument("--no-progress", action="store_true", help="no progress bar")


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
        "--fixable", type=_codes, action="append", help="codes whose fixes may be applied"
    )
    check.add_argument(
        "--unfixable", type=_codes, action="append", help="codes whose fixes are never applied"
    )
    check.add_argument(
        "--extend-fixable", type=_codes, action="append", help="codes added to `fixable`"
    )
    check.add_argument(
        "--exclude", action="append", help="glob patterns to exclude (replaces the configured ones)"
    )
    check.add_argument(
        "--extend-exclude", action="append", help="glob patterns to exclude, added to the defaults"
    )
    check.add_argument(
        "--respect-gitignore",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="skip what .gitignore ignores (default: on)",
    )
    check.add_argument(
        "--force-exclude",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="apply exclude patterns to files named on the command line too (pre-commit)",
    )
    check.add_argument("--output-format", choices=FORMATS, default="full")
    check.add_argument(
        "-o", "--output-file", type=Path, metavar="FILE", help="write the report to FILE"
    )
    check.add_argument(
        "--exit-zero", action="store_true", help="exit 0 even when diagnostics are found"
    )
    check.add_argument(
        "--exit-non-zero-on-fix",
        action="store_true",
        help="with --fix: exit 1 if anything was fixed, even if nothing remains",
    )
    check.add_argument(
        "--statistics", action="store_true", help="print only a count of diagnostics per rule"
    )
    check.add_argument("--config", type=Path, help="settings file to use for every file")
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
    check.add_argument(
        "--show-files", action="store_true", help="list the files that would be linted, and stop"
    )
    check.add_argument(
        "--show-settings",
        action="store_true",
        help="print the settings the first file would be linted with, and stop",
    )
    check.add_argument(
        "--add-noqa",
        action="store_true",
        help="add `# noqa: CODE` to every line with a diagnostic (to adopt exportlint)",
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
    verifier = check.add_argument_group("with --verify (see `exportlint verify`)")
    _add_verifier_options(verifier)
    verifier.add_argument(
        "--max-verifications",
        type=int,
        metavar="N",
        help="with --fix --verify: verifications per file while trying candidate fixes "
        "(default 12; config verify.max-verifications)",
    )

    rule = sub.add_parser("rule", help="print a rule's documentation")
    rule.add_argument("code", nargs="?", help="a code (EXL101), a prefix (EXL1) or a name")
    rule.add_argument("--all", action="store_true", help="print every rule's documentation")
    rule.add_argument("--list", action="store_true", help="one line per rule")
    rule.add_argument("--output-format", choices=("text", "json"), default="text")

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
    verify.add_argument(
        "--jobs",
        "-j",
        type=int,
        metavar="N",
        help="worker processes verifying models in parallel (default: one per core, at most 2)",
    )
    verify.add_argument("--config", type=Path, help="pyproject.toml to read settings from")
    verify.add_argument("--isolated", action="store_true", help="ignore configuration files")
    verify.set_defaults(
        select=None, ignore=None, extend_select=None, exclude=None, extend_exclude=None
    )
    return parser


def _looks_like_path(arg: str) -> bool:
    """Whether the first argument, not a command, is meant as a path to lint (`exportlint
    src/`): it exists, or it looks like one. `exportlint clean` is a mistyped command."""
    return (
        os.path.lexists(arg)
        or arg == "-"
        or "/" in arg
        or os.sep in arg
        or arg.endswith((".py", ".pyi"))
        or arg in (".", "..")
    )


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    # `check` is the default command: `exportlint src/` means `exportlint check src/`.
    if not args or (args[0].startswith("-") and args[0] not in ("-h", "--help", "--version")):
        args.insert(0, "check")
    elif args[0] not in COMMANDS and not args[0].startswith("-"):
        if not _looks_like_path(args[0]):
            print(
                f"exportlint: error: unknown command `{args[0]}` (commands: check, rule, "
                f"server, verify); to lint a path of that name: `exportlint check {args[0]}`",
                file=sys.stderr,
            )
            return EXIT_ERROR
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
        if argv is None:
            keep_frozen()  # a program's run, not a call from Python: the process ends next
        with _output(options):
            return _check(options)
    except ConfigError as error:
        print(f"exportlint: error: {error}", file=sys.stderr)
        return EXIT_ERROR
    except KeyboardInterrupt:
        return EXIT_ERROR
    except BrokenPipeError:
        # `exportlint check . | head`: the reader went away, which is not an error of ours.
        # Point stdout at devnull so that the interpreter's final flush does not raise again
        # (the recipe of the Python docs, "Note on SIGPIPE").
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_ERROR
    except Exception as error:
        # A bug in exportlint itself: exit 2 with one line naming where, not a traceback
        # (EXPORTLINT_DEBUG=1 re-raises for the full one).
        if os.environ.get("EXPORTLINT_DEBUG"):
            raise
        import traceback  # only on this path: a run that works never needs it

        where = traceback.extract_tb(error.__traceback__)[-1]
        print(
            f"exportlint: internal error: {type(error).__name__}: {error} "
            f"(at {Path(where.filename).name}:{where.lineno}); please report it",
            file=sys.stderr,
        )
        return EXIT_ERROR


@contextlib.contextmanager
def _output(options: argparse.Namespace) -> Iterator[TextIO]:
    """Where the report goes: stdout, or the file of -o/--output-file (what would have gone
    to stdout goes there, the summary included; messages stay on stderr)."""
    if options.output_file is None:
        yield sys.stdout
        return
    try:
        if options.output_file.parent != Path():
            options.output_file.parent.mkdir(parents=True, exist_ok=True)
        handle = options.output_file.open("w", encoding="utf-8")
    except OSError as error:
        raise ConfigError(f"--output-file {options.output_file}: {error.strerror}") from None
    with handle, contextlib.redirect_stdout(handle):
        yield handle


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
    """`exportlint rule EXL101 | tensor-condition | EXL1 | --all | --list`."""
    import json

    # Imported here: a `check` served from the cache never loads the rules (and the analysis
    # they import), about a third of a warm run's start-up.
    from exportlint.checks import CATALOGUE
    from exportlint.docs import rule_doc

    if options.all or options.list:
        codes = sorted(CATALOGUE)
    elif options.code:
        wanted = options.code.strip()
        by_name = [code for code, (name, _, _) in CATALOGUE.items() if name == wanted.lower()]
        codes = by_name or sorted(code for code in CATALOGUE if code.startswith(wanted.upper()))
        if not codes:
            print(
                f"exportlint: error: unknown rule `{wanted}`: not a code, a code prefix or a "
                "rule name (see `exportlint rule --list`)",
                file=sys.stderr,
            )
            return EXIT_ERROR
    else:
        print(
            "exportlint: error: give a rule code, prefix or name (exportlint rule EXL101), "
            "--list or --all",
            file=sys.stderr,
        )
        return EXIT_ERROR
    if options.output_format == "json":
        items = []
        for code in codes:
            name, severity, text = CATALOGUE[code]
            item: dict[str, object] = {
                "code": code,
                "name": name,
                "severity": severity.value,
                "summary": text,
                "url": DOCS_URL.format(folder=f"{code}-{name}"),
            }
            if not options.list:
                item["explanation"] = rule_doc(code)
            items.append(item)
        single = len(items) == 1 and not (options.all or options.list)
        _write(json.dumps(items[0] if single else items, indent=2) + "\n")
        return EXIT_CLEAN
    if options.list:
        width = max(len(CATALOGUE[code][0]) for code in codes)
        _write(
            "".join(
                f"{code}  {CATALOGUE[code][0]:<{width}}  {CATALOGUE[code][1].value:<7}  "
                f"{CATALOGUE[code][2]}\n"
                for code in codes
            )
        )
        return EXIT_CLEAN
    texts = [(rule_doc(code) or "").rstrip("\n") for code in codes]
    print("\n\n---\n\n".join(texts))
    return EXIT_CLEAN


def _overrides(options: argparse.Namespace) -> Callable[[Settings], Settings]:
    """The command line's settings, applied on top of whichever settings a file gets."""
    updates: dict[str, object] = {}
    flags = ("select", "ignore", "extend_select", "fixable", "unfixable", "extend_fixable")
    for flag in flags:
        given = getattr(options, flag, None)
        if given:
            codes = tuple(code for group in given for code in group)
            for code in codes:
                validate_code_selector(code, f"--{flag.replace('_', '-')}")
            updates[flag] = codes
    if getattr(options, "exclude", None):
        updates["exclude"] = tuple(options.exclude)
    for flag in ("respect_gitignore", "force_exclude"):
        if getattr(options, flag, None) is not None:
            updates[flag] = getattr(options, flag)
    extend_exclude = tuple(getattr(options, "extend_exclude", None) or ())

    def apply(settings: Settings) -> Settings:
        extra: dict[str, object] = {}
        for key in ("extend_select", "extend_fixable"):
            if key in updates:
                extra[key] = getattr(settings, key) + updates[key]
        if extend_exclude:
            extra["extend_exclude"] = settings.extend_exclude + extend_exclude
        return replace(settings, **{**updates, **extra})  # type: ignore[arg-type]

    return apply


def _resolver(options: argparse.Namespace) -> Resolver:
    """Settings per file (the closest settings file above it), or one for all with --config /
    --isolated; the fallback is the working directory's."""
    overrides = _overrides(options)
    if options.isolated:
        return Resolver(overrides(Settings(root=str(Path.cwd()))), overrides, hierarchical=False)
    if options.config is not None:
        if not options.config.is_file():
            raise ConfigError(f"--config {options.config}: no such file")
        return Resolver(overrides(load_settings(options.config)), overrides, hierarchical=False)
    found = find_config(Path.cwd())
    fallback = load_settings(found) if found else Settings(root=str(Path.cwd()))
    return Resolver(overrides(fallback), overrides)


def _check(options: argparse.Namespace) -> int:
    resolver = _resolver(options)
    settings = resolver.fallback
    if options.jobs is not None and options.jobs < 1:
        raise ConfigError("--jobs must be at least 1")
    fixing = options.fix or options.fix_only or options.diff
    if options.verify and not fixing:
        raise ConfigError(
            "--verify goes with --fix, --fix-only or --diff (or run `exportlint verify`)"
        )
    given = [f"--{flag.replace('_', '-')}" for flag in VERIFY_FLAGS if getattr(options, flag)]
    if given and not options.verify:
        raise ConfigError(f"{', '.join(given)} go{'es' if len(given) == 1 else ''} with --verify")
    if options.add_noqa and (fixing or options.stdin_filename is not None):
        raise ConfigError("--add-noqa cannot be combined with --fix, --diff or stdin")
    from_stdin = options.stdin_filename is not None or options.paths == ["-"]
    if from_stdin and options.stdin_filename is not None:
        settings = resolver.for_file(options.stdin_filename)
    if options.show_settings:
        return _show_settings(options, resolver, from_stdin)
    if options.show_files:
        found = _discover(options, resolver)
        _write("".join(f"{path}\n" for path in sorted(found.files, key=str)))
        return EXIT_ERROR if found.missing or found.errors else EXIT_CLEAN
    if fixing:
        return _fix(options, resolver, settings)
    if options.add_noqa:
        return _add_noqa(options, resolver)
    status = EXIT_CLEAN
    stdin_text: str | None = None
    sources: dict[str, bytes] | None = None
    if from_stdin:
        name = options.stdin_filename or "<stdin>"
        data = sys.stdin.buffer.read()
        from exportlint.engine import lint_bytes

        fixes = _shows_edits(options)
        diagnostics = (
            []
            if _stdin_excluded(options, settings)
            else lint_bytes(data, name, settings, fixes=fixes)
        )
        stdin_text = _display_text(data, name)
        files = 1
    else:
        found = _discover(options, resolver)
        if found.missing or found.errors:
            status = EXIT_ERROR
        # The full format shows each diagnostic's line: from the content the lint read.
        sources = {} if options.output_format == "full" else None
        diagnostics = lint_paths(
            found.files,
            settings,
            cache_dir=_cache_dir(options, settings),
            jobs=options.jobs,
            settings_for=_settings_for(found, settings),
            fixes=_shows_edits(options),
            sources=sources,
        )
        files = len(found.files)

    _report(options, diagnostics, files, stdin_text, failed=status == EXIT_ERROR, sources=sources)
    if status == EXIT_ERROR:
        return status
    return _exit_code(diagnostics, options.exit_zero)


def _shows_edits(options: argparse.Namespace) -> bool:
    """Whether the report shows fixes' edits (or needs them to say what is fixable): only
    then are the libcst rewrites built at lint time. The human formats show a fix not built
    yet as pending, without `[*]` (see README, "Fixing")."""
    return options.output_format in ("json", "json-lines", "rdjson")


def _discover(options: argparse.Namespace, resolver: Resolver) -> Discovery:
    found = discover(options.paths or ["."], resolver)
    for missing in found.missing:
        print(f"exportlint: error: {missing}: no such file or directory", file=sys.stderr)
    for error in found.errors:
        print(f"exportlint: error: {error}", file=sys.stderr)
    return found


def _groups(found: Discovery, default: Settings) -> list[tuple[Settings, list[Path]]]:
    """The files found, grouped by the settings that apply to each (a sub-project's own
    configuration), in the order they were found."""
    groups: dict[int, tuple[Settings, list[Path]]] = {}
    for path in found.files:
        own = found.settings_for(path, default)
        groups.setdefault(id(own), (own, []))[1].append(path)
    return list(groups.values())


def _settings_for(found: Discovery, default: Settings) -> Callable[[str], Settings]:
    by_name = {str(path): settings for path, settings in found.settings.items()}
    return lambda name: by_name.get(name, default)


def _cache_dir(options: argparse.Namespace, settings: Settings) -> Path | None:
    if options.no_cache:
        return None
    return options.cache_dir or Path(settings.root) / CACHE_DIR_NAME


def _stdin_excluded(options: argparse.Namespace, settings: Settings) -> bool:
    """--force-exclude with --stdin-filename: an excluded name is not linted (an editor or
    pre-commit passing every file gets the project's exclude list)."""
    if options.stdin_filename is None or not settings.force_exclude:
        return False
    from exportlint.discovery import force_excluded

    return force_excluded(Path(options.stdin_filename), settings)


def _show_settings(options: argparse.Namespace, resolver: Resolver, from_stdin: bool) -> int:
    if from_stdin:
        target = options.stdin_filename or "<stdin>"
        settings = resolver.for_file(target) if options.stdin_filename else resolver.fallback
    else:
        found = _discover(options, resolver)
        if not found.files:
            print("exportlint: error: no Python file to show the settings of", file=sys.stderr)
            return EXIT_ERROR
        target = str(found.files[0])
        settings = found.settings_for(found.files[0], resolver.fallback)
    lines = [
        f"Resolved settings for: {target}",
        f"Settings path: {settings.config_path or '(none: the defaults)'}",
        "",
    ]
    for item in fields(settings):
        value = getattr(settings, item.name)
        if item.name == "verify":
            for sub in fields(value):
                lines.append(f"verify.{sub.name} = {getattr(value, sub.name)!r}")
            continue
        if item.name == "per_file_ignores":
            value = {pattern: list(codes) for pattern, codes in value}
        elif isinstance(value, tuple):
            value = list(value)
        lines.append(f"{item.name.replace('_', '-')} = {value!r}")
    _write("\n".join(lines) + "\n")
    return EXIT_CLEAN


def _style(options: argparse.Namespace) -> Style:
    human = options.output_format in HUMAN_FORMATS
    return Style(human and options.output_file is None and use_color(sys.stdout))


def _report(
    options: argparse.Namespace,
    diagnostics: list[Diagnostic],
    files: int,
    stdin_text: str | None,
    fixed: int = 0,
    failed: bool = False,
    summary_line: bool = True,
    sources: dict[str, bytes] | None = None,
) -> None:
    """The diagnostics in the chosen format and, for people, the summary. With
    --statistics, only the table (as Ruff: the diagnostics are not printed). `sources`:
    files' contents already read (by name), not read again."""

    # The formats show only the lines of diagnostics: a file is split up to its last one.
    last: dict[str, int] = {}
    for d in diagnostics:
        if d.line > last.get(d.path, 0):
            last[d.path] = d.line

    @lru_cache(maxsize=64)
    def lines(path: str) -> list[str]:
        if stdin_text is not None:
            return source_lines(stdin_text, last.get(path, 0))
        data = sources.get(path) if sources is not None else None
        if data is None:
            try:
                with open(path, "rb") as handle:
                    data = handle.read()
            except OSError:
                return []
        return source_lines(_display_text(data, path), last.get(path, 0))

    if options.statistics:
        _write(_statistics(options, diagnostics))
        return
    style = _style(options)
    _write(render(options.output_format, diagnostics, lines, options.unsafe_fixes, style))
    if summary_line:
        _summary(options, diagnostics, files, fixed, failed)


def _summary(
    options: argparse.Namespace,
    diagnostics: list[Diagnostic],
    files: int,
    fixed: int = 0,
    failed: bool = False,
) -> None:
    if options.output_format not in HUMAN_FORMATS or options.quiet or options.statistics:
        return
    if failed and not diagnostics:
        return  # a path was missing or unreadable: "All checks passed" would be a lie
    stream = sys.stderr if not diagnostics else sys.stdout
    print(summary(diagnostics, files, fixed, options.unsafe_fixes), file=stream)


def _statistics(options: argparse.Namespace, diagnostics: list[Diagnostic]) -> str:
    if options.output_format in ("json", "json-lines"):
        import json

        counts: dict[str, list[Diagnostic]] = {}
        for d in diagnostics:
            counts.setdefault(d.code, []).append(d)
        rows = [
            {
                "code": code,
                "name": found[0].name,
                "severity": found[0].severity.value,
                "count": len(found),
                "fixable": any(fixable(d, options.unsafe_fixes) for d in found),
            }
            for code, found in sorted(counts.items(), key=lambda item: (-len(item[1]), item[0]))
        ]
        return json.dumps(rows, indent=2) + "\n"
    return statistics(diagnostics)


def _add_noqa(options: argparse.Namespace, resolver: Resolver) -> int:
    """--add-noqa: Ruff's way to adopt a linter on a codebase with findings."""
    from exportlint.add_noqa import add_noqa_file

    found = _discover(options, resolver)
    status = EXIT_ERROR if found.missing or found.errors else EXIT_CLEAN
    settings_for = _settings_for(found, resolver.fallback)
    diagnostics = lint_paths(
        found.files,
        resolver.fallback,
        cache_dir=_cache_dir(options, resolver.fallback),
        jobs=options.jobs,
        settings_for=settings_for,
        fixes=False,  # positions only
    )
    added = 0
    for path in dict.fromkeys(d.path for d in diagnostics):
        result = add_noqa_file(path, settings_for(path))
        if result.error:
            print(f"exportlint: error: {path}: {result.error}", file=sys.stderr)
            status = EXIT_ERROR
        added += result.added
    if not options.quiet:
        print(f"Added {added} noqa directive{'s' if added != 1 else ''}.", file=sys.stderr)
    return status


def _fix(options: argparse.Namespace, resolver: Resolver, settings: Settings) -> int:
    """--fix, --fix-only and --diff. Exit codes as Ruff: after --fix, 0 if nothing remains;
    with --diff, 1 if there is a diff; with --fix-only, 0 unless something failed."""
    from exportlint.fixer import FileFix, fix_text

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
        if _stdin_excluded(options, settings):
            if not options.diff:
                sys.stdout.write(document.text)
            return EXIT_CLEAN
        result = fix_text(document.text, name, settings, unsafe, document.newline)
        results.append(FileFix(name, document.text, result, remaining=result.remaining))
        if not options.diff:
            # Like Ruff: the fixed source goes to stdout, the report to stderr.
            sys.stdout.write(result.text)
            sys.stdout.flush()
    else:
        found = _discover(options, resolver)
        if found.missing or found.errors:
            status = EXIT_ERROR
        if options.verify:
            fixed, verification = _fix_verified(options, found, settings)
            results.extend(fixed)
            if options.report is not None and not _write_verify_report(options, verification):
                status = EXIT_ERROR
        else:
            results.extend(_fix_files(options, found, settings))
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
        if status == EXIT_CLEAN and options.exit_non_zero_on_fix and applied:
            return EXIT_FOUND
        return status
    remaining = [d for r in results for d in r.remaining]
    failed = status == EXIT_ERROR
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
    elif verification is not None:
        # The diagnostics left, the verification table, then the summary of the run: the
        # last lines on the screen say how it ended.
        human = options.output_format in HUMAN_FORMATS
        _report(options, remaining, len(results), None, len(applied), failed, summary_line=False)
        _verification_output(verification, sys.stdout if human else sys.stderr)
        _summary(options, remaining, len(results), len(applied), failed)
    else:
        _report(options, remaining, len(results), None, fixed=len(applied), failed=failed)
    if status == EXIT_ERROR:
        return status
    if options.exit_non_zero_on_fix and applied and not options.exit_zero:
        return EXIT_FOUND
    return _exit_code(remaining, options.exit_zero)


def _write_verify_report(options: argparse.Namespace, report: Report) -> bool:
    """--fix --verify --report FILE.md: the Markdown report `exportlint verify` writes."""
    from exportlint.verify.report import render_markdown

    try:
        options.report.write_text(render_markdown(report), encoding="utf-8")
    except OSError as error:
        print(f"exportlint: error: --report {options.report}: {error.strerror}", file=sys.stderr)
        return False
    return True


def _fix_files(options: argparse.Namespace, found: Discovery, settings: Settings) -> list[FileFix]:
    """Lint every file through the cache first; only the files with something fixable are
    read again and fixed (a warm --fix or --diff over a tree costs a warm check), each
    group of files with the settings that apply to it."""
    from exportlint.fixer import FileFix, fix_files, may_fix

    settings_for = _settings_for(found, settings)
    by_path: dict[str, list[Diagnostic]] = {str(p): [] for p in found.files}
    cache_dir = _cache_dir(options, settings)
    if cache_dir is None and options.unsafe_fixes and not _shows_edits(options):
        # No cache to read from or fill: the first lint would only tell which files the
        # fixer must read, and the fixer lints each file first anyway (fixes built), leaving
        # a file with nothing to apply as it was, its diagnostics those of that lint. So every
        # file goes to the fixer: a fixed file is linted once less (a fifth of a cold --fix
        # run on transformers). Not with the safe fixes only (the first lint builds all the
        # candidates there) nor when the output shows edits (it shows every candidate).
        return _fix_all(options, found, settings_for)
    # Which files have something to fix. With --unsafe-fixes, a fix not built yet (pending)
    # may be, and the fixer builds it (the first candidate of each hazard only): building
    # every candidate of every file here cost as much again as the fixing itself. Safe fixes
    # only: most pending rewrites are unsafe, so their files are told apart by building (and
    # caching) the fixes, as JSON output needs anyway.
    for d in lint_paths(
        found.files,
        settings,
        cache_dir=cache_dir,
        jobs=options.jobs,
        settings_for=settings_for,
        fixes=_shows_edits(options) or not options.unsafe_fixes,
    ):
        by_path.setdefault(d.path, []).append(d)
    results = {p: FileFix(p, "", None, remaining=tuple(ds)) for p, ds in by_path.items()}
    groups: dict[int, tuple[Settings, list[str]]] = {}
    for path, found_here in by_path.items():
        if any(may_fix(d, options.unsafe_fixes) for d in found_here):
            own = settings_for(path)
            groups.setdefault(id(own), (own, []))[1].append(path)
    for own, paths in groups.values():
        fixed = fix_files(
            paths,
            own,
            options.unsafe_fixes,
            write=not options.diff,
            jobs=options.jobs,
            known=by_path,
        )
        results.update((item.path, item) for item in fixed)
    return [results[str(p)] for p in found.files]


def _fix_all(
    options: argparse.Namespace, found: Discovery, settings_for: Callable[[str], Settings]
) -> list[FileFix]:
    """Every file given to the fixer, without a first lint (see `_fix_files`)."""
    from exportlint.fixer import fix_files

    groups: dict[int, tuple[Settings, list[str]]] = {}
    for path in map(str, found.files):
        own = settings_for(path)
        groups.setdefault(id(own), (own, []))[1].append(path)
    results: dict[str, FileFix] = {}
    for own, paths in groups.values():
        fixed = fix_files(
            paths,
            own,
            options.unsafe_fixes,
            write=not options.diff,
            jobs=options.jobs,
            known={p: () for p in paths},
            lint_first=False,
        )
        for item in fixed:
            if item.result is None and item.error.startswith("cannot read"):
                # A file the first lint could not read is reported by its EXL000 only, not
                # as a file the fixer failed on.
                item = replace(item, error="")
            results[item.path] = item
    return [results[str(p)] for p in found.files]


# ---------------------------------------------------------------------------- verification


def _verify_options(options: argparse.Namespace) -> VerifyOptions:
    from exportlint.verify import VerifyOptions

    jobs = getattr(options, "jobs", None)
    if jobs is not None and jobs < 1:
        raise ConfigError("--jobs must be at least 1")
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
        jobs=getattr(options, "jobs", None),
    )


def _fix_verified(
    options: argparse.Namespace, found: Discovery, default: Settings
) -> tuple[list[FileFix], Report]:
    from exportlint.candidate_search import try_candidates
    from exportlint.verify import WorkerUnavailable, fix_files_verified

    limit = options.max_verifications
    if limit is not None and limit < 1:
        raise ConfigError("--max-verifications must be a positive integer")
    verify_options = _verify_options(options)
    results: list[FileFix] = []
    report: Report | None = None
    try:
        # Each group of files with the settings that apply to it. In each, every hazard's
        # first candidate, verified together; then, for each file that did not verify, the
        # other candidates one hazard after the other.
        for settings, files in _groups(found, default):
            fixed, verified = fix_files_verified(
                files,
                settings,
                options.unsafe_fixes,
                write=not options.diff,
                options=verify_options,
                jobs=options.jobs,
            )
            fixed, verified = try_candidates(
                fixed,
                verified,
                settings,
                verify_options,
                write=not options.diff,
                limit=settings.verify.max_verifications if limit is None else limit,
            )
            results.extend(fixed)
            report = verified if report is None else report + verified
    except WorkerUnavailable as error:
        raise ConfigError(str(error)) from None
    if report is None:
        # Nothing to verify: the report of a run over no file.
        _, report = fix_files_verified(
            [], default, options.unsafe_fixes, write=False, options=verify_options
        )
    return results, report


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

    resolver = _resolver(options)
    verify_options = _verify_options(options)
    status = EXIT_CLEAN
    found = _discover(options, resolver)
    if found.missing or found.errors:
        status = EXIT_ERROR
    report: Report | None = None
    try:
        # Each file with its own settings (the closest configuration file), as `check`.
        for settings, files in _groups(found, resolver.fallback) or [(resolver.fallback, [])]:
            verified = verify_files(files, settings, verify_options)
            report = verified if report is None else report + verified
    except WorkerUnavailable as error:
        print(f"exportlint: error: {error}", file=sys.stderr)
        return EXIT_ERROR
    assert report is not None
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
