"""parse → export surface → kind inference + checks → suppressions, for one file."""

from __future__ import annotations

import ast
import os
import sys
import warnings
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Literal

from exportlint.analysis import events
from exportlint.analysis.export_calls import ExportSite, export_sites, may_have_export_sites
from exportlint.analysis.infer import Interpreter
from exportlint.analysis.project import LoadedModule, Project
from exportlint.analysis.summaries import Summaries
from exportlint.analysis.surface import (
    ModuleInfo,
    build_module_info,
    entry_points,
    mark_external_modules,
)
from exportlint.candidates import check_candidates, checked_candidates
from exportlint.cascades import CONVERSION_CODES, Conversions, Key, Roots, event_values, merged
from exportlint.cascades import roots_of as cascade_roots
from exportlint.checks import ALL_RULES, CATALOGUE, PARSE_ERROR
from exportlint.checks.base import Rule
from exportlint.checks.interests import call_routes
from exportlint.codemods import DEFERRED
from exportlint.config import Settings
from exportlint.diagnostics import Applicability, Diagnostic, Edit, Fix
from exportlint.document import DecodeError, decode, source_lines
from exportlint.fixes import FixContext, import_edit
from exportlint.loop_buffers import LEN, LOOP, merge_loop_buffers
from exportlint.selection import enabled_codes, fixability
from exportlint.suppressions import apply_noqa, skip_file

ALL_CODES = sorted(CATALOGUE)
# Deeply nested expressions recurse deeply in the interpreter. Python 3.11+ calls between
# Python functions use no C stack; 8,000 also stays within a 1 MB thread stack on 3.10.
_RECURSION_LIMIT = 8_000
# Building the ast recurses in C (~70-100 bytes a level): 4,000 allows ~12,000 levels, about
# 1 MB of stack, safe in any thread. 20,000 (60,000 levels) crashed a 1 MB thread. Deeper
# source is a RecursionError, reported as EXL000.
_PARSE_RECURSION_LIMIT = 4_000


@dataclass(frozen=True)
class LintResult:
    """Everything one file's analysis found: diagnostics in that file and in the project's
    other modules its traced code reaches, and the files it read (path -> content digest),
    on which the result depends."""

    diagnostics: list[Diagnostic]
    dependencies: dict[str, str] = field(default_factory=dict)
    # Reports left out as consequences of a conversion reported elsewhere
    # (`exportlint/cascades.py`): the fixer counts them as already there, so that fixing the
    # conversion does not look like it made them (they are what export meets next).
    consequences: list[Diagnostic] = field(default_factory=list)


def lint_bytes(
    data: bytes, path: str, settings: Settings | None = None, *, fixes: bool = True
) -> list[Diagnostic]:
    """Lint a file's bytes: decoding problems become one EXL000 diagnostic."""
    return _only(lint_result(data, path, settings, fixes=fixes).diagnostics, path)


def lint_result(
    data: bytes, path: str, settings: Settings | None = None, *, fixes: bool = True
) -> LintResult:
    """Lint a file's bytes, with the diagnostics whole-project analysis puts in other files.

    `fixes=False` does not build the libcst rewrites: a diagnostic whose rule would have built
    one gets a pending fix (`Fix.pending`: the rule's advice, no edits). The diagnostics are
    otherwise the same; it is what output that shows no edits needs (on the transformers
    corpus, about 40% less CPU)."""
    try:
        document = decode(data, path)
    except DecodeError as error:
        return LintResult(_parse_error(path, str(error), error.line, error.column, settings))
    return lint_source_result(document.text, path, settings, fixes=fixes)


def lint_source(
    text: str,
    path: str = "<stdin>",
    settings: Settings | None = None,
    *,
    fixes: bool = True,
    candidates: int | None = None,
) -> list[Diagnostic]:
    """Lint Python source text. Never raises on bad input: problems become EXL000.

    Only the diagnostics of this file; `lint_source_result` has those of the project's other
    modules reached from it too. `candidates`: how many applicable candidate fixes to build per
    hazard (None: all; see `exportlint.candidates`)."""
    found = lint_source_result(text, path, settings, fixes=fixes, candidates=candidates)
    return _only(found.diagnostics, path)


def _only(found: list[Diagnostic], path: str) -> list[Diagnostic]:
    return [d for d in found if d.path == path]


def lint_source_result(
    text: str,
    path: str = "<stdin>",
    settings: Settings | None = None,
    *,
    fixes: bool = True,
    candidates: int | None = None,
    only: frozenset[str] | None = None,
) -> LintResult:
    """`only`: analyse just the entry points of these classes and functions (a candidate
    check's scope, `exportlint.candidate_scope`)."""
    settings = settings or Settings()
    if skip_file(text):
        return LintResult([])
    codes = enabled_codes(ALL_CODES, settings, path)
    if not codes:
        return LintResult([])
    limit = sys.getrecursionlimit()
    try:
        # CPython limits the depth of the ast it builds by the recursion limit (3x in 3.11),
        # minus how deep the caller already is: at the default 1000 a 5,000-term `a + b + ...`
        # chain fails with "maximum recursion depth exceeded during ast construction", and
        # where it fails would depend on the caller's stack (pytest, an editor plugin).
        sys.setrecursionlimit(max(limit, _PARSE_RECURSION_LIMIT))
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # SyntaxWarning for invalid escapes etc.
            tree = ast.parse(text, filename=path)
    except SyntaxError as error:
        line = error.lineno or 1
        column = error.offset or 1
        message = f"cannot parse: {error.msg}"
        return LintResult(_parse_error(path, message, line, column, settings, codes))
    except (ValueError, MemoryError, RecursionError) as error:
        # NUL bytes (ValueError), or nesting deeper than the parser allows.
        message = "source contains NUL bytes" if "null" in str(error) else _parse_failure(error)
        return LintResult(_parse_error(path, message, 1, 1, settings, codes))
    finally:
        sys.setrecursionlimit(limit)
    rules = [cls for cls in ALL_RULES if cls.code in codes]
    if not rules:
        return LintResult([])
    lines = source_lines(text)
    return _analyse(tree, path, rules, settings, lines, codes, text, fixes, candidates, only)


def _parse_failure(error: BaseException) -> str:
    # The parser's MemoryError and RecursionError often carry no message at all (a 3,000-term
    # `x ** x ** ...` is a bare MemoryError): EXL000 must still say why.
    detail = str(error).strip()
    if isinstance(error, (MemoryError, RecursionError)):
        reason = "the code is nested too deeply for Python's parser"
        return f"cannot parse: {reason}" + (f" ({detail})" if detail else "")
    return f"cannot parse: {detail or type(error).__name__}"


def read_error(path: str, error: OSError, settings: Settings | None = None) -> list[Diagnostic]:
    """A file that exists but cannot be read (permissions, a directory, I/O error)."""
    reason = error.strerror or str(error)
    return _parse_error(path, f"cannot read: {reason}", 1, 1, settings)


def _parse_error(
    path: str,
    message: str,
    line: int,
    column: int,
    settings: Settings | None,
    codes: frozenset[str] | None = None,
) -> list[Diagnostic]:
    if codes is None:
        codes = enabled_codes(ALL_CODES, settings or Settings(), path)
    if PARSE_ERROR.code not in codes:
        return []
    return [
        Diagnostic(
            path=path,
            line=line,
            column=max(column, 1),
            end_line=line,
            end_column=max(column, 1) + 1,
            code=PARSE_ERROR.code,
            name=PARSE_ERROR.name,
            severity=PARSE_ERROR.severity,
            message=message,
            noqa_line=line,
        )
    ]


class _Sink:
    """Fans interpreter events out to the rules, collecting their diagnostics.

    One per module analysed. The sink of an installed package (`relocate`) does not keep what
    its rules report: each diagnostic goes to the call site, in the project's code, that led
    into the package, naming the hazard's file and line."""

    def __init__(
        self,
        rules: list[type[Rule]],
        path: str,
        ctx: FixContext,
        text: str = "",
        settings: Settings | None = None,
        place: Callable[[], tuple[tuple[str, ...], _Sink | None, ast.AST, ast.stmt]] | None = None,
    ) -> None:
        self.path = path
        self.ctx = ctx
        self.lines = ctx.lines
        self.text = text
        # Whole-project analysis: the chain of functions from the entry point, and for an
        # installed package, the sink and node of the call site to report on instead.
        self.place = place
        self.entry = True
        # The module this sink reports on, and the run's summaries (recording reports).
        self.info: ModuleInfo | None = None
        self.summaries: Summaries | None = None
        self._torch_import: Edit | bool | None = False  # False: not computed yet
        self.found: dict[tuple[str, int, int, int, int], Diagnostic] = {}
        # One report per hazard (`exportlint/cascades.py`): the event being handled (its
        # values, `event_values`, are read only when a report is made), what each report
        # follows from, and the run's conversion reports (shared by the sinks of one run).
        self._event: object = None
        self.roots: dict[Key, Roots] = {}
        # The nodes of the reports a fill loop merges (`exportlint/loop_buffers.py`).
        self.nodes: dict[Key, ast.AST] = {}
        self.conversions = Conversions()
        instances = [cls(self._reporter(cls), ctx) for cls in rules]
        for instance in instances:
            configure = getattr(instance, "configure", None)
            if configure is not None and settings is not None:
                configure(settings)

        def hooks(name: str) -> list[Callable[..., None]]:
            return [
                getattr(r, name)
                for r in instances
                if getattr(type(r), name) is not getattr(Rule, name)
            ]

        self._export_sites = hooks("export_sites")
        self._condition = hooks("condition")
        # Each call goes only to the hooks whose rule declares it (`Rule.calls`).
        self._call = hooks("call")
        self._call_routes = call_routes(
            [type(r).calls for r in instances if type(r).call is not Rule.call]
        )
        self._attribute = hooks("attribute")
        self._iteration = hooks("iteration")
        self._mutation = hooks("mutation")
        self._index = hooks("index")
        self._arithmetic = hooks("arithmetic")
        self._finish = hooks("finish")

    def close(self) -> None:
        """Drop the references between the sink, its rules and the interpreter: without these
        cycles the file's tree is freed by reference counting, not by the cyclic collector."""
        self._export_sites = []
        self._condition = self._call = self._attribute = []
        self._iteration = self._mutation = self._index = self._arithmetic = []
        self._finish = []
        self.place = None
        self.ctx.value_of = _no_value
        for error in self.ctx.deferred:
            error.__traceback__ = None
        self.ctx.deferred.clear()

    # Each hook starts with `fix_deferred` clear: what a rule reports says whether that rule,
    # for this event, began a rewrite that was deferred.

    def export_sites(self, sites: list[ExportSite]) -> None:
        self._event = None
        for hook in self._export_sites:
            hook(sites)

    def finish(self) -> None:
        """Every entry point of the file has run (rules that wait for a better-informed run
        report what is left)."""
        for hook in self._finish:
            self.ctx.fix_deferred = False
            hook()

    def condition(self, event: events.Condition) -> None:
        self._event = event
        for hook in self._condition:
            self.ctx.fix_deferred = False
            hook(event)

    def call(self, event: events.Call) -> None:
        self._event = event
        hooks = self._call
        for at in self._call_routes.route(event):
            self.ctx.fix_deferred = False
            hooks[at](event)

    def attribute(self, event: events.Attribute) -> None:
        self._event = event
        for hook in self._attribute:
            self.ctx.fix_deferred = False
            hook(event)

    def iteration(self, event: events.Iteration) -> None:
        self._event = event
        for hook in self._iteration:
            self.ctx.fix_deferred = False
            hook(event)

    def mutation(self, event: events.Mutation) -> None:
        self._event = event
        for hook in self._mutation:
            self.ctx.fix_deferred = False
            hook(event)

    def index(self, event: events.Index) -> None:
        self._event = event
        for hook in self._index:
            hook(event)

    def arithmetic(self, event: events.Arithmetic) -> None:
        self._event = event
        for hook in self._arithmetic:
            hook(event)

    def _reporter(self, rule: type[Rule]) -> Callable[..., None]:
        def report(
            node: ast.AST,
            message: str,
            stmt: ast.stmt,
            help: str = "",
            fix: Fix | None = None,
            alternatives: tuple[Fix, ...] = (),
        ) -> None:
            if self.ctx.defer_fixes and (self.ctx.fix_deferred or _deferred(fix, alternatives)):
                fix, alternatives = _pending(fix), ()
            line = getattr(node, "lineno", 1)
            roots = cascade_roots(event_values(self._event))
            if self.place is not None:
                chain, target, site, site_stmt = self.place()
                summaries = self.summaries
                if summaries is not None and summaries.recording is not None:
                    if target is not None or self.entry:
                        summaries.abort()  # on the linted file: not the same from elsewhere
                    elif roots is not None or rule.code in CONVERSION_CODES:
                        # What a report follows from is this run's nodes: not replayed.
                        summaries.abort()
                    else:
                        args = (rule, node, message, stmt, help, fix, alternatives)
                        summaries.report(self.info, args, chain)
                if target is not None:
                    reached = " → ".join(f"`{name}`" for name in chain)
                    where = f"`{self.path}:{line}`"
                    message = f"{message} (in {where}, reached from {reached})"
                    target.add(rule, site, message, site_stmt, help, None)
                    return
                self.deliver(rule, node, message, stmt, help, fix, alternatives, chain, roots)
                return
            self.add(rule, node, message, stmt, help, fix, alternatives, roots)

        return report

    def deliver(
        self,
        rule: type[Rule],
        node: ast.AST,
        message: str,
        stmt: ast.stmt,
        help: str,
        fix: Fix | None,
        alternatives: tuple[Fix, ...],
        chain: tuple[str, ...],
        roots: Roots = None,
    ) -> None:
        """A diagnostic in this module, reached through `chain` (also a summary's replay)."""
        if chain and not self.entry:
            reached = " → ".join(f"`{name}`" for name in chain)
            message = f"{message} (reached from {reached})"
        self.add(rule, node, message, stmt, help, fix, alternatives, roots)

    def add(
        self,
        rule: type[Rule],
        node: ast.AST,
        message: str,
        stmt: ast.stmt,
        help: str = "",
        fix: Fix | None = None,
        alternatives: tuple[Fix, ...] = (),
        roots: Roots = None,
    ) -> None:
        """`roots`: the conversions the report follows from (None: an independent hazard)."""
        line = getattr(node, "lineno", 1)
        end_line = getattr(node, "end_lineno", None) or line
        column = self._column(line, getattr(node, "col_offset", 0))
        end_column = self._column(end_line, getattr(node, "end_col_offset", None) or 0)
        if end_line == line and end_column <= column:
            end_column = column + 1
        key = (rule.code, line, column, end_line, end_column)
        if key in self.found:
            self._repeated(rule, node, key, roots)
            return
        same = self._same_hazard(key, stmt)
        if same is not None and same[0] == "drop":
            self._repeated(rule, node, same[1], roots)
            return
        if same is not None:
            del self.found[same[1]]  # the new report encloses the one kept so far
            roots = merged(roots, self.roots.pop(same[1], None))
        self.roots[key] = roots
        if rule.code in MERGED_CODES:
            self.nodes[key] = node
        if rule.code in CONVERSION_CODES:
            # A conversion is never a consequence: `math.log10(rms)` after
            # `rms = math.sqrt(t.item())` needs a rewrite of its own once `rms` stays a tensor.
            self.roots[key] = None
            self.conversions.add(node, self, key)
        if self.ctx.check_candidate is not None:
            fix, alternatives = checked_candidates(self.ctx, rule.code, line, column, fix,
                                                   alternatives)  # fmt: skip
        if fix is not None:
            fix = self._with_imports(fix)
        alternatives = tuple(self._with_imports(a) for a in alternatives)
        self.found[key] = Diagnostic(
            path=self.path,
            line=line,
            column=column,
            end_line=end_line,
            end_column=end_column,
            code=rule.code,
            name=rule.name,
            severity=rule.severity,
            message=message,
            noqa_line=getattr(stmt, "lineno", line),
            help=help,
            fix=fix,
            alternatives=alternatives,
        )

    def _repeated(self, rule: type[Rule], node: ast.AST, key: Key, roots: Roots) -> None:
        """A report made again as the one kept on `key`: a consequence only if both were."""
        if rule.code in CONVERSION_CODES:
            self.conversions.add(node, self, key)
        else:
            self.roots[key] = merged(self.roots.get(key), roots)

    def _same_hazard(
        self, key: tuple[str, int, int, int, int], stmt: ast.stmt
    ) -> tuple[Literal["drop", "replace"], Key] | None:
        """Whether a report on `key` repeats one already kept on the same line with the same
        code: None if it is new, ("drop", kept key) to drop it, or ("replace", kept key) when
        it encloses the kept report and replaces it.

        One hazard is reported once. The same hazard reaches a rule several times on one line
        when expressions nest (`int(math.ceil(float(s)))`, `bool(t.all())`, a chained
        `x.mul_(g).add_(1)`), when the line repeats the expression (`np.arange(n)` twice), and
        for the operands of one tensor test (`if a.any() or b.any():` fails at its first
        operand; its fix rewrites the whole statement). Two different sizes tested on one
        line (`h % 2 == 1 or w % 2 == 1`) stay two reports."""
        code, line, column, end_line, end_column = key
        text = self._text(key)
        for other, kept in self.found.items():
            if other[0] != code or other[1] != line:
                continue
            nested = (column <= other[2] and (end_line, end_column) >= (other[3], other[4])) or (
                other[2] <= column and (other[3], other[4]) >= (end_line, end_column)
            )
            one_test = code == "EXL101" and kept.noqa_line == getattr(stmt, "lineno", line)
            if not (nested or one_test or self._text(other) == text):
                continue
            # Which report stays must not depend on its fix: with fixes deferred (the LSP,
            # a lint that shows no edits) no fix is built yet, and both runs must keep the
            # same report. Of nested reports the enclosing one stays (the test of the
            # statement: `while not bool(t.all())`, whose rewrite covers the inner ones).
            wider = (column, -end_line, -end_column) < (other[2], -other[3], -other[4])
            if nested and wider and (end_line, end_column) >= (other[3], other[4]):
                return ("replace", other)
            return ("drop", other)
        return None

    def _text(self, key: tuple[str, int, int, int, int]) -> str:
        """The source text of a one-line range (empty for a multi-line one)."""
        _code, line, column, end_line, end_column = key
        if line != end_line or not 0 < line <= len(self.lines):
            return ""
        return self.lines[line - 1][column - 1 : end_column - 1]

    def _with_imports(self, fix: Fix) -> Fix:
        """A fix that writes `torch.` in a file that never binds `torch` also imports it."""
        if not fix.edits or self.ctx.module_alias("torch") is not None:
            return fix
        if not any("torch." in edit.content for edit in fix.edits):
            return fix
        if self._torch_import is False:
            self._torch_import = import_edit(self.ctx, "torch")
        if isinstance(self._torch_import, Edit):
            return replace(fix, edits=(*fix.edits, self._torch_import))
        return fix

    def _column(self, line: int, byte_offset: int) -> int:
        """ast columns are UTF-8 byte offsets; users and editors count characters."""
        if 0 < line <= len(self.lines):
            text = self.lines[line - 1]
            if not text.isascii():
                return len(text.encode("utf-8")[:byte_offset].decode("utf-8", "replace")) + 1
        return byte_offset + 1


def _analyse(
    tree: ast.Module,
    path: str,
    rules: list[type[Rule]],
    settings: Settings,
    lines: list[str],
    codes: frozenset[str],
    text: str,
    fixes: bool = True,
    candidates: int | None = None,
    only: frozenset[str] | None = None,
) -> LintResult:
    info = build_module_info(tree, settings.module_bases)
    project = None
    if settings.follow_imports != "none" and path != "<stdin>":
        project = Project(path, settings.follow_imports, settings.module_bases, settings.root)
        info.path = project.entry_path
        info.name = project.entry_name
        info.is_package = os.path.basename(path) == "__init__.py"
        mark_external_modules(info, lambda base: project.is_module_class(base, info))
    points = entry_points(info, settings.entry_points)
    if only is not None:
        points = [p for p in points if (p.owner or p.function.name) in only]
    # Export call sites and example inputs: read only in files that mention them.
    reads_sites = any(r.export_sites is not Rule.export_sites for r in rules)
    sites = (
        export_sites(tree, info.imports, lambda name: _forward_of(info, name))
        if reads_sites and may_have_export_sites(text)
        else []
    )
    if not points and not sites:
        return LintResult([])
    ctx = FixContext(lines, info.imports, tree)
    ctx.defer_fixes = not fixes
    if fixes:
        check_candidates(ctx, text, path, settings, candidates)
    sink = _Sink(rules, path, ctx, text, settings)
    sink.info = info
    sinks: dict[int, _Sink] = {id(info): sink}
    summaries = _summaries(settings, codes, project) if not fixes else None
    sink.summaries = summaries
    interpreter = Interpreter(info, sink, project, lambda module: sink_for(module), summaries)

    def sink_for(module: ModuleInfo) -> _Sink:
        found = sinks.get(id(module))
        if found is None:
            assert project is not None
            loaded = project.loaded(module)
            found = sinks[id(module)] = _module_sink(
                rules, settings, path, loaded, project, interpreter, sinks, not fixes, candidates
            )
            found.info = module
            found.summaries = summaries
            found.conversions = sink.conversions
        return found

    sink.place = lambda: (interpreter.chain(), None, tree, tree.body[0])
    sink.ctx.value_of = interpreter.value_of
    if sites:
        sink.export_sites(sites)
    skipped: list[Diagnostic] = []
    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(max(limit, _RECURSION_LIMIT))
    try:
        for point in points:
            try:
                interpreter.run(point)
            except RecursionError:
                # Pathological nesting: skip this function rather than crash, but say so: a
                # silently unanalysed `forward` would read as "no hazards here".
                if PARSE_ERROR.code in codes:
                    skipped.append(_too_deep(path, point.function))
    finally:
        sys.setrecursionlimit(limit)
    sink.finish()
    consequences = _drop_consequences(list(sinks.values()))
    found: list[Diagnostic] = []
    for each in sinks.values():
        merge_loop_buffers(each.found, each.nodes, each.ctx.parent)
        kept = [*each.found.values(), *(skipped if each is sink else [])]
        kept.sort(key=lambda d: (d.line, d.column, d.code))
        found.extend(
            fixability(apply_noqa(kept, each.lines, each.text, each.path, codes), settings)
        )
        each.close()
    interpreter.close()
    # `self.<name>` values keep the module they come from (`Value.home`): the linted file's
    # table of them is a cycle through its ModuleInfo, which only the cyclic collector would
    # free (the shared modules' tables live on with them, in the process's module cache).
    info.attributes.clear()
    return LintResult(
        found, dict(project.dependencies) if project is not None else {}, consequences
    )


MERGED_CODES = frozenset({LEN, LOOP})


def _drop_consequences(sinks: list[_Sink]) -> list[Diagnostic]:
    """Leave out the reports that only follow from a conversion reported elsewhere
    (`exportlint/cascades.py`), in every module of the run; the reports left out."""
    conversions = sinks[0].conversions
    kept = {id(each): each.found.keys() for each in sinks}
    dropped = [(each, conversions.consequences(each, each.roots, kept)) for each in sinks]
    left_out: list[Diagnostic] = []
    for each, keys in dropped:
        for key in keys:
            left_out.append(each.found.pop(key))
    return left_out


def _summaries(
    settings: Settings, codes: frozenset[str], project: Project | None
) -> Summaries | None:
    """The summaries of calls into other modules (see analysis/summaries.py), for a lint that
    builds no fixes: keyed by all that decides what a call reports."""
    if project is None:
        return None
    fingerprint = _FINGERPRINTS.get(id(settings))
    if fingerprint is None or fingerprint[0] is not settings:
        if len(_FINGERPRINTS) >= 64:
            _FINGERPRINTS.clear()  # an editor's server makes settings again and again
        fingerprint = _FINGERPRINTS[id(settings)] = (settings, settings.fingerprint())
    context = (
        fingerprint[1],
        codes,
        project.search,
        project.top,
        project.root,
        project.follow,
        project.module_bases,
    )
    return Summaries(context)


# Settings -> their fingerprint (the object is kept so that its id is not reused).
_FINGERPRINTS: dict[int, tuple[Settings, str]] = {}


def _forward_of(info: ModuleInfo, class_name: str) -> ast.FunctionDef | ast.AsyncFunctionDef | None:
    found = info.find_method(class_name, "forward")
    return found[1] if found is not None else None


def _no_value(node: ast.AST) -> None:
    return None


def _deferred(fix: Fix | None, alternatives: tuple[Fix, ...]) -> bool:
    """A fix that says it was deferred, which a rule (or a codemod's cache of an `if` chain's
    rewrite, shared by its `elif`s) built from a `FixDeferred` in an earlier hook."""
    if fix is None or fix.edits:
        return False
    return DEFERRED in fix.description or any(DEFERRED in a.description for a in alternatives)


def _pending(fix: Fix | None) -> Fix:
    """The fix a deferred rewrite stands for: the rule's advice (what its `NotRewritable`
    fallback says, without the reason), no edits, never applied."""
    advice = ""
    if fix is not None:
        advice = fix.description.removesuffix(f" ({DEFERRED})").removesuffix(f": {DEFERRED}")
        if DEFERRED in advice:
            advice = ""  # the reason was put elsewhere in the text: no advice to show
    return Fix(advice, Applicability.DISPLAY_ONLY, pending=True)


def _module_sink(
    rules: list[type[Rule]],
    settings: Settings,
    path: str,
    loaded: LoadedModule,
    project: Project,
    interpreter: Interpreter,
    sinks: dict[int, _Sink],
    defer_fixes: bool,
    candidates: int | None = None,
) -> _Sink:
    """The sink of another module: reported in place when it is the project's own, else on
    the call site that led into it."""
    info = loaded.info
    shown = info.path if os.path.isabs(path) else os.path.relpath(info.path)
    ctx = FixContext(loaded.lines, info.imports, info.tree)
    ctx.value_of = interpreter.value_of
    ctx.defer_fixes = defer_fixes
    if not defer_fixes:
        check_candidates(ctx, loaded.text, shown, settings, candidates)
    sink = _Sink(rules, shown, ctx, loaded.text, settings)
    sink.entry = False
    if project.is_project(info):
        sink.place = lambda: (interpreter.chain(), None, info.tree, info.tree.body[0])
    else:

        def place() -> tuple[tuple[str, ...], _Sink | None, ast.AST, ast.stmt]:
            caller, node, stmt = interpreter.site(project.is_project)
            # The caller's module was entered before this one: its sink exists.
            return interpreter.chain(), sinks.get(id(caller)), node, stmt

        sink.place = place
    return sink


def _too_deep(path: str, function: ast.FunctionDef | ast.AsyncFunctionDef) -> Diagnostic:
    column = function.col_offset + 1  # indentation: ASCII, so bytes are characters
    return Diagnostic(
        path=path,
        line=function.lineno,
        column=column,
        end_line=function.lineno,
        end_column=column + 1,
        code=PARSE_ERROR.code,
        name=PARSE_ERROR.name,
        severity=PARSE_ERROR.severity,
        message=f"`{function.name}` is nested too deeply to analyse; it was skipped",
        noqa_line=function.lineno,
    )
