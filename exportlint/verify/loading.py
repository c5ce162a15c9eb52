"""Loading a source from its text and finding its model and input sets (worker side).

A file is executed from the text given (never from disk, so the fixed text is tried without
writing it), as a module with a unique name and its real package (relative imports work). A
factory is imported with given modules pinned to given texts. Each job starts by forgetting the
user modules earlier jobs imported.
"""

from __future__ import annotations

import contextlib
import importlib
import importlib.abc
import importlib.machinery
import inspect
import linecache
import os
import re
import sys
import types
import uuid
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import torch

from exportlint.verify.common import InputSet, describe, seeded
from exportlint.verify.discovery import package_root, parse_factory
from exportlint.verify.libraries import clashed, forget, fresh_registrations
from exportlint.verify.results import Job, ModelRef

MISSING: Any = object()  # no dynamic_shapes given


class ExampleError(Exception):
    """The examples cannot be used (missing, malformed, or the model cannot be built)."""


@dataclass
class Example:
    model: torch.nn.Module
    sets: list[InputSet]
    shapes: Any  # the dynamic_shapes given, or MISSING


@contextlib.contextmanager
def load_example(job: Job, fixed: bool) -> Iterator[Example]:
    """Load the source (original or fixed) and find the model and its inputs.

    The module stays in sys.modules until exit: eager torch.cond and dynamo resolve the
    globals of traced functions through `sys.modules[f.__module__]`.
    """
    ref = job.ref
    # Every load registers its operators as a fresh process would. Clashing names are retried
    # below anyway, but a file that guards its registrations (`if not hasattr(torch.ops.ns,
    # "op"):`, as apex does) would skip them and run the kernel of an earlier load: the
    # original's kernel in the fixed model, or the fixed one in the next job's original.
    forget()
    if ref.style == "factory":
        modules = job.fixed_modules if fixed else job.original_modules
        with _overrides(modules or {}):
            try:
                try:
                    with seeded(), fresh_registrations():
                        model, sets, shapes = call_factory(ref.name)
                except ExampleError as exc:
                    if not clashed(exc):
                        raise
                    forget()  # an earlier load registered the same operators: once more
                    with seeded(), fresh_registrations():
                        model, sets, shapes = call_factory(ref.name)
            except ExampleError:
                raise
            except Exception as exc:
                raise ExampleError(f"{ref.name}: {describe(exc)}") from exc
            yield Example(model, sets, shapes)
        return
    text = job.fixed if fixed and job.fixed is not None else job.original
    with _module_from_text(ref.path, text, fixed) as module:
        with seeded():
            example = _from_module(module, ref)
        yield example


def _from_module(module: types.ModuleType, ref: ModelRef) -> Example:
    if ref.style == "onnx-diagnostic":
        cls = getattr(module, ref.name, None)
        model = _build(cls, ref.name)
        raw = getattr(cls, "_inputs", None)
        if raw is None:
            raise ExampleError(f"{ref.name}._inputs is missing")
        if isinstance(raw, list):
            sets = [_input_set(item, f"{ref.name}._inputs[{i}]") for i, item in enumerate(raw)]
        else:
            sets = [_input_set(raw, f"{ref.name}._inputs")]
        shapes = getattr(cls, "_dynamic", MISSING)
    else:
        model = _build(getattr(module, ref.name, None), ref.name)
        if ref.style == "exportlint":
            sets = _input_sets(getattr(module, "example_inputs", None), "example_inputs")
        else:
            args = getattr(module, "example_args", ())
            kwargs = getattr(module, "example_kwargs", None) or {}
            if not isinstance(args, (tuple, list)):
                args = (args,)
            if not isinstance(kwargs, Mapping):
                raise ExampleError("example_kwargs must be a dict")
            sets = [(tuple(args), dict(kwargs))]
        shapes = getattr(module, "dynamic_shapes", MISSING)
    if not sets:
        raise ExampleError(f"{ref.name}: no input sets")
    return Example(model, sets, shapes)


def _build(obj: Any, name: str) -> torch.nn.Module:
    if isinstance(obj, torch.nn.Module):
        return obj
    if isinstance(obj, type) and issubclass(obj, torch.nn.Module):
        try:
            return obj()
        except Exception as exc:
            raise ExampleError(f"{name}() fails: {describe(exc)}") from exc
    if obj is None:
        raise ExampleError(f"`{name}` is not defined")
    raise ExampleError(f"`{name}` is not a torch.nn.Module (class or instance)")


def _input_sets(raw: Any, what: str) -> list[InputSet]:
    if not isinstance(raw, (list, tuple)):
        raise ExampleError(f"{what} must be a list of input sets, not {type(raw).__name__}")
    return [_input_set(item, f"{what}[{i}]") for i, item in enumerate(raw)]


def _input_set(item: Any, what: str) -> InputSet:
    """A tuple of arguments, an `(args, kwargs)` pair, a dict of keyword arguments, or one
    argument."""
    if (
        isinstance(item, tuple)
        and len(item) == 2
        and isinstance(item[0], (tuple, list))
        and isinstance(item[1], Mapping)
    ):
        return tuple(item[0]), dict(item[1])
    if isinstance(item, tuple):
        return item, {}
    if isinstance(item, Mapping):
        return (), dict(item)
    return (item,), {}


def call_factory(spec: str) -> tuple[Any, Any, Any]:
    try:
        module_name, attribute = parse_factory(spec)
    except ValueError as exc:
        raise ExampleError(str(exc)) from None
    try:
        target: Any = importlib.import_module(module_name)
        for part in attribute.split("."):
            target = getattr(target, part)
        made = target()
    except Exception as exc:
        raise ExampleError(f"{spec}: {describe(exc)}") from exc
    if not (isinstance(made, (tuple, list)) and len(made) == 3):
        raise ExampleError(f"{spec} must return (model, inputs_list, dynamic_shapes_or_None)")
    model = _build(made[0], f"{spec}()[0]")
    sets = _input_sets(made[1], f"{spec}()[1]")
    if not sets:
        raise ExampleError(f"{spec}: no input sets")
    return model, sets, MISSING if made[2] is None else made[2]


def model_files(model: torch.nn.Module, roots: Sequence[str]) -> dict[str, str]:
    """Real path -> module name, for the project files the model's classes come from."""
    files: dict[str, str] = {}
    for sub in model.modules():
        name = type(sub).__module__
        module = sys.modules.get(name)
        file = getattr(module, "__file__", None)
        if file and _in_project(file, roots):
            files[os.path.realpath(file)] = name
    return files


def bind(model: torch.nn.Module, args: tuple[Any, ...], kwargs: dict[str, Any]) -> dict[str, Any]:
    try:
        signature = inspect.signature(model.forward)
    except (TypeError, ValueError):  # no signature (a builtin forward): positional names
        return {f"arg{i}": a for i, a in enumerate(args)} | kwargs
    try:
        return dict(signature.bind(*args, **kwargs).arguments)
    except TypeError as exc:
        raise ExampleError(f"an input set does not fit forward{signature}: {exc}") from None


def source_filename(path: str, fixed: bool) -> str:
    """The file name the code of a loaded source runs under (frames, tracebacks)."""
    real = os.path.realpath(path)
    return f"{real} (fixed)" if fixed else real


@contextlib.contextmanager
def _module_from_text(path: str, text: str, fixed: bool) -> Iterator[types.ModuleType]:
    """Execute `text` as the module of `path` (relative imports work), without touching the
    file; registered under a unique name until exit."""
    real = os.path.realpath(path)
    directory, package = package_root(real)
    stem = re.sub(r"\W", "_", Path(real).stem)
    name = f"_exportlint_verify_{stem}_{uuid.uuid4().hex}"
    # Tracebacks and inspect read source lines through linecache: give them this text.
    filename = source_filename(real, fixed)
    module = types.ModuleType(name)
    module.__file__ = real
    module.__package__ = package
    module.__spec__ = importlib.machinery.ModuleSpec(name, None, origin=real)
    saved_lines = linecache.cache.get(filename)
    linecache.cache[filename] = (len(text), None, text.splitlines(keepends=True), filename)
    sys.modules[name] = module
    added = directory not in sys.path
    if added:
        sys.path.insert(0, directory)
    try:
        try:
            code = compile(text, filename, "exec", dont_inherit=True)
            initial = dict(module.__dict__)
            try:
                with seeded(), fresh_registrations():
                    exec(code, module.__dict__)
            except Exception as exc:
                if not clashed(exc):
                    raise
                # An earlier load (the original, another model of the file) registered the
                # same operators: undo those registrations and load once more, afresh.
                forget()
                module.__dict__.clear()
                module.__dict__.update(initial)
                with seeded(), fresh_registrations():
                    exec(code, module.__dict__)
        except Exception as exc:
            raise ExampleError(f"cannot load {Path(real).name}: {describe(exc)}") from exc
        yield module
    finally:
        sys.modules.pop(name, None)
        if added and directory in sys.path:
            sys.path.remove(directory)
        if saved_lines is None:
            linecache.cache.pop(filename, None)
        else:
            linecache.cache[filename] = saved_lines


class _TextLoader(importlib.abc.Loader):
    def __init__(self, path: str, text: str) -> None:
        self.path, self.text = path, text

    def create_module(self, spec: importlib.machinery.ModuleSpec) -> types.ModuleType | None:
        return None

    def exec_module(self, module: types.ModuleType) -> None:
        module.__file__ = self.path
        exec(compile(self.text, self.path, "exec", dont_inherit=True), module.__dict__)


class _TextFinder(importlib.abc.MetaPathFinder):
    """Imports the given modules from given texts (the fixed source of a project file)."""

    def __init__(self, modules: Mapping[str, tuple[str, str]]) -> None:
        self.modules = modules

    def find_spec(
        self,
        fullname: str,
        path: Sequence[str] | None,
        target: types.ModuleType | None = None,
    ) -> importlib.machinery.ModuleSpec | None:
        if fullname not in self.modules:
            return None
        file, text = self.modules[fullname]
        is_package = Path(file).name == "__init__.py"
        spec = importlib.machinery.ModuleSpec(
            fullname, _TextLoader(file, text), origin=file, is_package=is_package
        )
        if is_package:
            spec.submodule_search_locations = [str(Path(file).parent)]
        spec.has_location = True
        return spec


@contextlib.contextmanager
def _overrides(modules: Mapping[str, tuple[str, str]]) -> Iterator[None]:
    if not modules:
        yield
        return
    finder = _TextFinder(modules)
    sys.meta_path.insert(0, finder)
    try:
        yield
    finally:
        with contextlib.suppress(ValueError):
            sys.meta_path.remove(finder)


@contextlib.contextmanager
def project(roots: Sequence[str], baseline: set[str]) -> Iterator[None]:
    """The project's roots (and their src/) on sys.path; its modules imported afresh."""
    added = []
    for root in roots:
        for directory in (root, os.path.join(root, "src")):
            if os.path.isdir(directory) and directory not in sys.path:
                sys.path.insert(0, directory)
                added.append(directory)
    purge(baseline)
    importlib.invalidate_caches()
    try:
        yield
    finally:
        purge(baseline)
        for directory in added:
            with contextlib.suppress(ValueError):
                sys.path.remove(directory)


def purge(baseline: set[str]) -> None:
    """Forget the user modules imported by earlier jobs: they may hold other code (the
    original where the fixed text must run), or come from another project with a package of
    the same name. Installed packages (torch, transformers, ...) stay."""
    for name, module in list(sys.modules.items()):
        if name in baseline or name.split(".")[0] == "exportlint":
            continue
        locations = [getattr(module, "__file__", None), *(getattr(module, "__path__", None) or [])]
        files = [str(f) for f in locations if f]
        if files and not any(_installed(f) for f in files):
            del sys.modules[name]


def _installed(file: str) -> bool:
    real = os.path.realpath(file)
    parts = Path(real).parts
    if "site-packages" in parts or "dist-packages" in parts:
        return True
    prefixes = {sys.prefix, sys.base_prefix, sys.exec_prefix}
    return any(real.startswith(os.path.realpath(prefix) + os.sep) for prefix in prefixes)


def _in_project(file: str, roots: Sequence[str]) -> bool:
    real = os.path.realpath(file)
    if _installed(real):
        return False
    return any(real.startswith(os.path.realpath(root) + os.sep) for root in roots)
