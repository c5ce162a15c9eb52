"""Which files have examples, and which models they define: read from the text, cheaply.

No torch and no user code here: a file's module-level names and class bodies are read with
`ast`. The worker later loads the file and checks what the names really hold. Conventions:

1. ExportDB: module-level `model` (an instance) or `Model` (a class built with no arguments),
   `example_args` and/or `example_kwargs`, optional `dynamic_shapes`;
2. onnx-diagnostic: an `nn.Module` subclass with `_inputs` (one tuple of arguments, or a
   list of tuples/dicts) and optional `_dynamic` class attributes; one model per class;
3. ours (the rule catalogue): module-level `model` or `Model`, `example_inputs` (a list of
   argument tuples or `(args, kwargs)` pairs) and optional `dynamic_shapes`;
4. factories (`[tool.exportlint.verify] factories`): see `factory_file`.
"""

from __future__ import annotations

import ast
import re
import warnings
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path

from exportlint.verify.results import ModelRef

FACTORY_PATTERN = re.compile(
    r"^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*:[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$"
)
# Cheap pre-filter: a file with none of these words cannot have examples.
_HINT = re.compile(r"example_inputs|example_args|example_kwargs|_inputs\b")


def find_models(text: str, path: str) -> list[ModelRef]:
    """The models `text` (the source of `path`) defines with examples, in source order."""
    if not _HINT.search(text):
        return []
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            tree = ast.parse(text, filename=path)
    except (SyntaxError, ValueError, MemoryError, RecursionError):
        return []
    names: set[str] = set()
    classes: list[ast.ClassDef] = []
    for statement in _module_level(tree.body):
        names.update(_bound(statement))
        if isinstance(statement, ast.ClassDef):
            classes.append(statement)
    refs: list[ModelRef] = []
    module_model = "model" if "model" in names else "Model" if "Model" in names else None
    if module_model is not None:
        if "example_inputs" in names:
            refs.append(ModelRef(path, module_model, "exportlint"))
        elif "example_args" in names or "example_kwargs" in names:
            refs.append(ModelRef(path, module_model, "exportdb"))
    taken = {r.name for r in refs}
    for cls in classes:
        if cls.name in taken or not _class_has(cls, "_inputs"):
            continue
        taken.add(cls.name)
        span = (cls.lineno, cls.end_lineno or cls.lineno)
        refs.append(ModelRef(path, cls.name, "onnx-diagnostic", span))
    return refs


def has_examples(text: str, path: str) -> bool:
    return bool(find_models(text, path))


def _module_level(body: Sequence[ast.stmt]) -> Iterator[ast.stmt]:
    """Module-level statements, including those under module-level if/try/with."""
    for statement in body:
        yield statement
        if isinstance(statement, ast.If):
            yield from _module_level(statement.body)
            yield from _module_level(statement.orelse)
        elif isinstance(statement, ast.Try):
            yield from _module_level(statement.body)
            for handler in statement.handlers:
                yield from _module_level(handler.body)
            yield from _module_level(statement.orelse)
            yield from _module_level(statement.finalbody)
        elif isinstance(statement, ast.With):
            yield from _module_level(statement.body)


def _bound(statement: ast.stmt) -> Iterable[str]:
    if isinstance(statement, ast.Assign):
        for target in statement.targets:
            yield from _target_names(target)
    elif isinstance(statement, (ast.AnnAssign, ast.AugAssign)):
        if statement.value is not None or isinstance(statement, ast.AugAssign):
            yield from _target_names(statement.target)
    elif isinstance(statement, (ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)):
        yield statement.name
    elif isinstance(statement, (ast.Import, ast.ImportFrom)):
        for alias in statement.names:
            yield (alias.asname or alias.name).split(".")[0]


def _target_names(target: ast.expr) -> Iterator[str]:
    if isinstance(target, ast.Name):
        yield target.id
    elif isinstance(target, (ast.Tuple, ast.List)):
        for element in target.elts:
            yield from _target_names(element)
    elif isinstance(target, ast.Starred):
        yield from _target_names(target.value)


def _class_has(cls: ast.ClassDef, name: str) -> bool:
    for statement in cls.body:
        if isinstance(statement, ast.Assign) and any(
            name in _target_names(t) for t in statement.targets
        ):
            return True
        if (
            isinstance(statement, ast.AnnAssign)
            and statement.value is not None
            and name in _target_names(statement.target)
        ):
            return True
    return False


def parse_factory(spec: str) -> tuple[str, str]:
    """`pkg.module:make` -> ("pkg.module", "make"); ValueError when malformed."""
    if not FACTORY_PATTERN.match(spec):
        raise ValueError(f"`{spec}` is not of the form `package.module:callable`")
    module, _, attribute = spec.partition(":")
    return module, attribute


def factory_file(spec: str, roots: Sequence[str]) -> str | None:
    """The file defining a factory's module, looked up under the project roots (and their
    `src/`) without importing anything; None when it is not there (e.g. an installed
    package)."""
    try:
        module, _ = parse_factory(spec)
    except ValueError:
        return None
    parts = module.split(".")
    for root in roots:
        for base in (Path(root), Path(root) / "src"):
            for candidate in (
                base.joinpath(*parts).with_suffix(".py"),
                base.joinpath(*parts, "__init__.py"),
            ):
                if candidate.is_file():
                    return str(candidate.resolve())
    return None


def package_root(path: str) -> tuple[str, str]:
    """(directory to put on sys.path, dotted package name) for a file: the package is the
    chain of parent directories holding an `__init__.py` ("" for a top-level file)."""
    file = Path(path).resolve()
    directory = file.parent
    parts: list[str] = []
    while (directory / "__init__.py").is_file() and directory.parent != directory:
        parts.insert(0, directory.name)
        directory = directory.parent
    return str(directory), ".".join(parts)
