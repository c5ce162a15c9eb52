"""Whole-project analysis: finding the source of other modules, read as text, never imported.

The interpreter follows a call, a base class or a callable given to torch.cond into another
module when this resolves the name to a Python file. Module names are resolved by walking
directories ourselves (importlib's finders may import parent packages, which would run user
code): first the package the linted file belongs to, then the configured root, then (with
`follow-imports = "all"`) the interpreter's own `sys.path`.

A module is the project's own when it lies in the linted file's top-level package or under
the configured root (outside virtual environments); a hazard there is reported where it is.
Other modules (installed packages) are reported on the call site in the linted file.
"""

from __future__ import annotations

import ast
import hashlib
import os
import sys
import warnings
from dataclasses import dataclass
from pathlib import Path

from exportlint.analysis.summaries import SHARED
from exportlint.analysis.surface import FunctionNode, ModuleInfo, build_module_info
from exportlint.analysis.walk import walk_nodes, walk_statements

# Modules whose API the interpreter models itself (or that are never model code).
_NOT_FOLLOWED = frozenset(
    {
        "torch", "functorch", "numpy", "math", "builtins", "typing", "typing_extensions",
        "random", "time", "os", "sys", "logging", "warnings", "collections", "functools",
        "itertools", "dataclasses", "abc", "enum", "inspect", "re", "copy", "contextlib",
        "einops", "onnx", "onnxscript", "jax", "tensorflow", "packaging", "importlib",
    }
)  # fmt: skip
_VENV_PARTS = frozenset({"site-packages", "dist-packages", ".venv", "venv", ".tox", ".nox"})
# How many `from .x import f` re-exports to follow for one name.
_MAX_HOPS = 6


@dataclass(frozen=True)
class Located:
    """A module-level definition found in some module."""

    module: ModuleInfo
    name: str
    function: FunctionNode | None = None
    is_class: bool = False


@dataclass
class LoadedModule:
    info: ModuleInfo
    text: str
    lines: list[str]
    digest: str


# Parsed modules, shared by every file linted in this process: transformers' 500 modeling
# files all call into the same few shared modules. Keyed by path; checked by size and mtime.
_LOADED: dict[str, tuple[tuple[int, int], tuple[str, ...], LoadedModule | None]] = {}
_PARSED = [0]


def package_of(path: str) -> tuple[str, str]:
    """(the directory its top-level package lives in, its dotted module name)."""
    file = Path(os.path.abspath(path))
    parts = [file.stem] if file.stem != "__init__" else []
    directory = file.parent
    while (directory / "__init__.py").is_file() and directory.parent != directory:
        parts.insert(0, directory.name)
        directory = directory.parent
    return str(directory), ".".join(parts)


class Project:
    """Resolves dotted names to modules for the analysis of one linted file."""

    def __init__(
        self, path: str, follow: str, module_bases: tuple[str, ...], root: str = "."
    ) -> None:
        self.follow = follow
        self.module_bases = module_bases
        self.entry_path = os.path.abspath(path)
        self.entry_root, self.entry_name = package_of(path)
        self.top = self.entry_name.split(".")[0] if "." in self.entry_name else ""
        self.root = os.path.abspath(root)
        roots = [self.entry_root]
        if self.root not in roots and not _in_venv(self.root):
            roots.append(self.root)
        self.project_roots = tuple(roots)
        self.search = self.project_roots
        if follow == "all":
            extra = [os.path.abspath(p or ".") for p in sys.path if p and os.path.isdir(p or ".")]
            self.search = tuple(dict.fromkeys([*roots, *extra]))
        self._by_name: dict[str, LoadedModule | None] = {}
        self._by_info: dict[int, LoadedModule] = {}
        self._module_classes: dict[tuple[int, str], bool] = {}
        # Every module file read: its digest (the results of the linted file depend on them).
        self.dependencies: dict[str, str] = {}
        # The module names looked up, while a call into another module is being recorded
        # (see summaries.py).
        self.log: list[str] | None = None
        self._found: dict[str, str | None] = {}

    # ------------------------------------------------------------------ names

    def absolute(self, qualname: str, info: ModuleInfo) -> str:
        """`..masking_utils.f` seen in `info` -> `transformers.masking_utils.f`."""
        if not qualname.startswith("."):
            return qualname
        level = len(qualname) - len(qualname.lstrip("."))
        rest = qualname[level:]
        package = info.name if info.is_package else info.name.rpartition(".")[0]
        for _ in range(level - 1):
            package = package.rpartition(".")[0]
        if not package:
            return rest
        return f"{package}.{rest}" if rest else package

    def is_project(self, info: ModuleInfo) -> bool:
        if info.path == self.entry_path:
            return True
        if self.top and info.name.split(".")[0] == self.top:
            return True
        return info.path.startswith(self.root + os.sep) and not _in_venv(info.path)

    def locate(self, qualname: str, info: ModuleInfo) -> Located | None:
        """The function or class a dotted name used in `info` refers to, if we can read it."""
        if self.follow == "none":
            return None
        name = self.absolute(qualname, info)
        for _ in range(_MAX_HOPS):
            if not name or name.split(".")[0] in _NOT_FOLLOWED:
                return None
            module_name, _, attr = name.rpartition(".")
            if not module_name:
                return None
            loaded = self.load(module_name)
            if loaded is None:
                return None
            target = loaded.info
            if attr in target.functions:
                return Located(target, attr, function=target.functions[attr])
            if attr in target.classes:
                return Located(target, attr, is_class=True)
            if attr in target.imports:  # a re-export: `from .utils import f` in __init__.py
                name = self.absolute(target.imports[attr], target)
                continue
            return None
        return None

    def is_module_class(self, qualname: str, info: ModuleInfo, depth: int = 0) -> bool:
        """Whether a base class named in `info` is an nn.Module, read from its module."""
        key = (id(info), qualname)
        if key in self._module_classes:
            return self._module_classes[key]
        self._module_classes[key] = False  # cycles
        found = self.locate(qualname, info)
        answer = False
        if found is not None and found.is_class and depth < 8:
            target = found.module
            for cls in target.ancestors(found.name):
                if cls.is_module or any(
                    self.is_module_class(base, target, depth + 1) for base in cls.external
                ):
                    answer = True
                    break
        self._module_classes[key] = answer
        return answer

    # ------------------------------------------------------------------ files

    def load(self, module_name: str) -> LoadedModule | None:
        if self.log is not None:
            self.log.append(module_name)
        if module_name in self._by_name:
            return self._by_name[module_name]
        found = None
        path = self._find(module_name)
        if path is not None:
            found = _load(path, module_name, self.module_bases)
            if found is not None:
                if self.follow == "project" and not self.is_project(found.info):
                    found = None
                else:
                    self.dependencies[path] = found.digest
                    self._by_info[id(found.info)] = found
        self._by_name[module_name] = found
        return found

    def loaded(self, info: ModuleInfo) -> LoadedModule:
        """The text of a module `locate` returned."""
        return self._by_info[id(info)]

    def find(self, module_name: str) -> str | None:
        """The file a module name resolves to from the linted file (None: not readable)."""
        if module_name not in self._found:
            self._found[module_name] = self._find(module_name)
        return self._found[module_name]

    def _find(self, module_name: str) -> str | None:
        parts = module_name.split(".")
        for root in self.search:
            base = os.path.join(root, *parts)
            for candidate in (base + ".py", os.path.join(base, "__init__.py")):
                if os.path.isfile(candidate):
                    candidate = os.path.abspath(candidate)
                    return None if candidate == self.entry_path else candidate
        return None


def _in_venv(path: str) -> bool:
    return any(part in _VENV_PARTS for part in Path(path).parts)


def _load(path: str, module_name: str, module_bases: tuple[str, ...]) -> LoadedModule | None:
    try:
        stat = os.stat(path)
    except OSError:
        return None
    key = (stat.st_size, stat.st_mtime_ns)
    cached = _LOADED.get(path)
    if cached is not None and cached[0] == key and cached[1] == module_bases:
        return cached[2]
    loaded = _parse(path, module_name, module_bases)
    _LOADED[path] = (key, module_bases, loaded)
    _PARSED[0] += 1
    return loaded


def parsed_count() -> int:
    """How many modules this process has parsed for whole-project analysis: the runner
    freezes them for the cyclic collector when it grows (see runner._lint_chunk)."""
    return _PARSED[0]


_FUNCTIONS = frozenset({ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda})


def _parse(path: str, module_name: str, module_bases: tuple[str, ...]) -> LoadedModule | None:
    from exportlint.document import DecodeError, decode, source_lines

    try:
        data = Path(path).read_bytes()
        text = decode(data, path).text
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            tree = ast.parse(text, filename=path)
    except (OSError, DecodeError, SyntaxError, ValueError, MemoryError, RecursionError):
        return None
    info = build_module_info(tree, module_bases)
    # Functions are statements; a lambda can be in any expression, so only a module that
    # spells one is walked whole.
    nodes = walk_nodes(tree) if "lambda" in text else walk_statements(tree)
    functions = _FUNCTIONS
    for node in nodes:
        if node.__class__ in functions:
            setattr(node, SHARED, True)  # summaries may name them (see summaries.py)
    info.path = path
    info.name = module_name
    info.is_package = os.path.basename(path) == "__init__.py"
    digest = hashlib.blake2b(data, digest_size=16).hexdigest()
    return LoadedModule(info, text, source_lines(text), digest)
