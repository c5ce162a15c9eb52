"""Where names lead: local names a function assigns, functions and classes of other modules
(whole-project analysis), attributes of `self`, and methods found through the bases."""

from __future__ import annotations

import ast

from exportlint.analysis.frame import AnyFunction
from exportlint.analysis.interpreter_base import InterpreterBase
from exportlint.analysis.kinds import STATIC, UNKNOWN, Kind, Value, instance_attribute
from exportlint.analysis.surface import FunctionNode, ModuleInfo
from exportlint.analysis.walk import local_nodes


class LookupMixin(InterpreterBase):
    """Resolves names, attributes of `self` and methods, across modules."""

    def _assigned(self, fn: AnyFunction) -> frozenset[str]:
        # Kept on the node: the functions of a shared module (parsed once per process) are
        # interpreted again for every linted file that reaches them.
        names: frozenset[str] | None = getattr(fn, "_exportlint_assigned", None)
        if names is None:
            names = _assigned_names(fn)
            fn._exportlint_assigned = names  # type: ignore[union-attr]
        return names

    def _imported(self, qualname: str) -> Value:
        """A function or class of another module, when whole-project analysis can read it."""
        if self.project is None:
            return UNKNOWN
        found = self.project.locate(qualname, self.info)
        if found is None:
            return UNKNOWN
        if found.function is not None:
            return Value(Kind.STATIC, func=found.function, home=found.module)
        return Value(Kind.STATIC, owner=found.name, source="class", home=found.module)

    def _self_attribute(self, receiver: Value, attr: str) -> Value:
        if attr == "training":
            return STATIC
        assigned = instance_attribute(receiver, attr)
        if assigned is not None:
            return assigned
        home = self._home(receiver)
        attrs = self._class_attributes(home, receiver.owner)
        if attr in attrs:
            return attrs[attr]
        found = self._find_method(home, receiver.owner, attr)
        if found is not None:
            return Value(Kind.STATIC, func=found[2], owner=found[1], home=found[0])
        return UNKNOWN

    def _home(self, value: Value) -> ModuleInfo:
        return value.home if isinstance(value.home, ModuleInfo) else self.info

    def _find_method(
        self, home: ModuleInfo, owner: str, method: str, depth: int = 0
    ) -> tuple[ModuleInfo, str, FunctionNode] | None:
        """Method lookup through the bases, those of other modules included."""
        found = home.find_method(owner, method)
        if found is not None:
            return home, found[0], found[1]
        if self.project is None or depth > 4:
            return None
        for cls in home.ancestors(owner):
            for base in cls.external:
                located = self.project.locate(base, home)
                if located is None or not located.is_class:
                    continue
                deeper = self._find_method(located.module, located.name, method, depth + 1)
                if deeper is not None:
                    return deeper
        return None

    def _class_attributes(self, home: ModuleInfo, owner: str) -> dict[str, Value]:
        # Kept on the module: a shared module's classes are read once per process.
        attrs = home.attributes.get(owner)
        if attrs is None:
            from exportlint.analysis.attributes import class_attributes

            attrs = home.attributes[owner] = class_attributes(home, owner)
        return attrs

    def _super_method(self, owner: str, method: str) -> tuple[ModuleInfo, str, FunctionNode] | None:
        info = self.info.classes.get(owner)
        if info is None:
            return None
        for base in info.bases:
            found = self._find_method(self.info, base, method)
            if found is not None:
                return found
        if self.project is not None:
            for qualname in info.external:
                located = self.project.locate(qualname, self.info)
                if located is not None and located.is_class:
                    deeper = self._find_method(located.module, located.name, method, 1)
                    if deeper is not None:
                        return deeper
        return None


def _assigned_names(fn: AnyFunction) -> frozenset[str]:
    store, name_class, binds = ast.Store, ast.Name, _BINDS_NAMES
    nodes = local_nodes(fn)
    # Comprehensions over the function's nodes: one class test for most of them.
    names: set[str] = {
        n.id for n in nodes if n.__class__ is name_class and n.ctx.__class__ is store
    }
    for node in [n for n in nodes if n.__class__ in binds]:
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            for alias in node.names:
                names.add((alias.asname or alias.name).split(".")[0])
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and node is not fn:
            names.add(node.name)
    return frozenset(names)


# Besides names stored to: imports and nested definitions bind names too.
_BINDS_NAMES = frozenset({ast.Import, ast.ImportFrom, ast.FunctionDef, ast.AsyncFunctionDef})
