"""Calls: the call of a function of the analysed code (frames, arguments, memo, module
switches), call dispatch, callees held in values, submodules, methods of `self` and `super()`,
and the functions given to torch.cond / while_loop / scan."""

from __future__ import annotations

import ast

from exportlint.analysis import events
from exportlint.analysis.dispatch import class_decorators, reachable_custom_ops
from exportlint.analysis.frame import AnyFunction, Frame
from exportlint.analysis.imports import dotted, qualified_name
from exportlint.analysis.interpreter_base import InterpreterBase
from exportlint.analysis.kinds import (
    DATA,
    INSTANCE,
    NONE,
    STATIC,
    UNKNOWN,
    Kind,
    Value,
    element_of,
    fixed,
    join,
    rename_symbols,
    sequence,
    symbol_pattern,
    without_symbols,
)
from exportlint.analysis.kinds import copy_with as replace  # dataclasses.replace, cheaper
from exportlint.analysis.module_outputs import (
    one_tensor_layer,
    returned_object,
    returns_one_tensor,
)
from exportlint.analysis.params import defaults_by_param
from exportlint.analysis.shapes import layer_output, passes_sizes, recurrent_output
from exportlint.analysis.summaries import (
    Recording,
    Uncacheable,
    _LoggedDict,
    loads_agree,
    memo_agrees,
    signature,
)
from exportlint.analysis.surface import ModuleInfo


class CallsMixin(InterpreterBase):
    """Calls: following the functions of the analysed code, and dispatching the others."""

    def call_function(
        self,
        fn: AnyFunction,
        owner: str,
        self_value: Value | None,
        args: list[Value],
        kwargs: dict[str, Value],
        entry: bool = False,
        closure: Frame | None = None,
        home: object = None,
    ) -> Value:
        keywords = tuple(sorted(kwargs.items()))
        idents, pattern = symbol_pattern([*args, *(v for _, v in keywords)])
        memo_key = (id(fn), self_value, tuple(args), keywords, pattern)
        # The memo (and a shared-module summary) holds results with the arguments' idents as
        # placeholders -1, -2, ...: the same for every caller, each renames them to its own.
        placeholders = {-1 - i: ident for i, ident in enumerate(idents)}
        summaries = self._summaries
        if memo_key in self._memo:
            found = self._memo[memo_key]
            if summaries is not None and summaries.recording is not None:
                summaries.recording.hits.append((memo_key, found))
                summaries.recording.keep.append(fn)
            return rename_symbols(found, placeholders)
        if id(fn) in self._active or self._depth >= MAX_CALL_DEPTH:
            return UNKNOWN
        switched = isinstance(home, ModuleInfo) and home is not self.info
        if switched and summaries is not None:
            if summaries.recording is None and closure is None and self.info is self.entry_info:
                # The linted file calls into another module: replay or record (summaries.py).
                assert isinstance(home, ModuleInfo)
                found = self._summarised(
                    fn, owner, self_value, args, kwargs, home, memo_key, idents
                )
                return rename_symbols(found, placeholders)
            if summaries.recording is not None:
                if home is self.entry_info:
                    summaries.abort()  # back into the linted file: not the same elsewhere
                summaries.recording.modules.append(home)  # type: ignore[arg-type]
        found = self._call_now(fn, owner, self_value, args, kwargs, closure, home, memo_key, idents)
        return rename_symbols(found, placeholders)

    def _call_now(
        self,
        fn: AnyFunction,
        owner: str,
        self_value: Value | None,
        args: list[Value],
        kwargs: dict[str, Value],
        closure: Frame | None,
        home: object,
        memo_key: object,
        idents: tuple[int, ...],
    ) -> Value:
        """Interpret the call; its result in the memo's form (see `call_function`)."""
        self._active.add(id(fn))
        self._depth += 1
        saved_stmt = self._stmt
        saved_info, saved_sink = self.info, self.sink
        switched = isinstance(home, ModuleInfo) and home is not self.info
        if switched:
            assert isinstance(home, ModuleInfo) and self._sink_for is not None
            self._sites.append((self.info, self._call_node or saved_stmt, saved_stmt))
            self.info = home
            self.sink = self._sink_for(home)
        self._functions.append(fn)
        name = getattr(fn, "name", "<lambda>")
        self._names.append(f"{owner}.{name}" if owner else name)
        try:
            result = self._interpret(fn, owner, self_value, args, kwargs, closure)
        finally:
            self._functions.pop()
            self._names.pop()
            self._active.discard(id(fn))
            self._depth -= 1
            self._stmt = saved_stmt
            if switched:
                self._sites.pop()
                self.info, self.sink = saved_info, saved_sink
        # The symbols this run made mean nothing to the caller (nor to another call that
        # shares the memoised result); those of the arguments are the caller's own.
        result = rename_symbols(result, {ident: -1 - i for i, ident in enumerate(idents)})
        self._memo[memo_key] = result
        return result

    def _summarised(
        self,
        fn: AnyFunction,
        owner: str,
        self_value: Value | None,
        args: list[Value],
        kwargs: dict[str, Value],
        home: ModuleInfo,
        memo_key: object,
        idents: tuple[int, ...],
    ) -> Value:
        """A call from the linted file into another module: replayed from the summary of the
        same call made by a file linted before, or interpreted and recorded; in the memo's form."""
        summaries = self._summaries
        assert summaries is not None and self.project is not None
        held: list[object] = []
        extra = (self._loops, self._in_submodule)
        key = summaries.key(
            self.entry_info, fn, owner, self_value, args, kwargs, self._depth, extra, held
        )
        if key is None:
            return self._call_now(fn, owner, self_value, args, kwargs, None, home, memo_key, idents)
        stored = summaries.lookup(key)
        if (
            stored is not None
            and memo_agrees(stored, self._memo, self.entry_info)
            and loads_agree(stored, self.project.find)
        ):
            self._replay(stored)
            assert stored.result is not None
            return stored.result
        project = self.project
        recording = Recording(len(self._names), len(self._memo))
        recording.keep.extend(held)
        recording.modules.append(home)
        cache = self._cache = _LoggedDict(self._cache)
        range_args, in_test = set(self._range_args), set(self._in_test)
        idents_before, call_node = self._idents, self._call_node
        project.log = recording.loads
        summaries.recording = recording
        try:
            result = self._call_now(
                fn, owner, self_value, args, kwargs, None, home, memo_key, idents
            )
        finally:
            summaries.recording = None
            project.log = None
            self._cache = dict(cache)
        if recording.ok:
            _finish(
                recording, self, result, cache.log, range_args, in_test, idents_before, call_node
            )
        if recording.ok:
            summaries.store(key, recording, fn)
        return result

    def _replay(self, recording: Recording) -> None:
        """Do what the recorded call did, for this file (see summaries.py)."""
        assert self.project is not None and self._sink_for is not None
        for name in recording.loads:
            self.project.load(name)
        self.project.dependencies.update(recording.dependencies)
        for module in recording.modules:
            self._sink_for(module)
        self._memo.update(recording.inserted)
        self._cache.update(recording.cache)
        self._range_args |= recording.range_args
        self._in_test |= recording.in_test
        self._idents += recording.idents
        if recording.call_node_changed:
            self._call_node = recording.call_node
        chain = self.chain()
        for module, *report, below in recording.reports:
            self._sink_for(module).deliver(*report, chain + below)  # type: ignore[attr-defined]

    def _interpret(
        self,
        fn: AnyFunction,
        owner: str,
        self_value: Value | None,
        args: list[Value],
        kwargs: dict[str, Value],
        closure: Frame | None,
    ) -> Value:
        env: dict[str, Value] = dict(closure.env) if closure else {}
        a = fn.args
        positional = [*a.posonlyargs, *a.args]
        values = list(args)
        if self_value is not None:
            values.insert(0, self_value)
        defaults = defaults_by_param(a)
        for index, param in enumerate(positional):
            if index < len(values):
                env[param.arg] = values[index]
            elif param.arg in kwargs:
                env[param.arg] = kwargs[param.arg]
            else:
                default = defaults.get(param.arg)
                env[param.arg] = self._default_value(default)
        for param in a.kwonlyargs:
            env[param.arg] = kwargs.get(param.arg, self._default_value(defaults.get(param.arg)))
        if a.vararg is not None:
            extra = values[len(positional) :]
            env[a.vararg.arg] = fixed(tuple(extra)) if extra else sequence(UNKNOWN)
        if a.kwarg is not None:
            env[a.kwarg.arg] = UNKNOWN
        for param in (*positional, *a.kwonlyargs):
            value = env.get(param.arg)
            if value is not None and value.kind is Kind.TENSOR and not value.ident:
                env[param.arg] = value.with_ident(self._new_ident())
        frame = Frame(
            env=env,
            owner=owner,
            functions=(fn, *closure.functions) if closure else (fn,),
            nested=dict(closure.nested) if closure else {},
        )
        if closure is not None:
            frame.facts = dict(closure.facts)
        if isinstance(fn, ast.Lambda):
            return self.eval(fn.body, frame)
        self.exec_block(fn.body, frame)
        if not frame.returns:
            return NONE
        out = frame.returns[0]
        for value in frame.returns[1:]:
            out = join(out, value)
        return out if out.func is not None else _wrapper_returned(frame, out)

    def _default_value(self, default: ast.expr | None) -> Value:
        if default is None:
            return UNKNOWN
        if isinstance(default, ast.Constant):
            return NONE if default.value is None else STATIC
        return UNKNOWN

    def _call(self, node: ast.Call, frame: Frame, loop_iterable: bool) -> Value:
        func = node.func
        qualname = qualified_name(func, self.info.imports, frame.env.keys())
        receiver: Value | None = None
        method: str | None = None
        callee = UNKNOWN
        if qualname is None:
            if isinstance(func, ast.Attribute):
                receiver = self.eval(func.value, frame)
                method = func.attr
            else:
                callee = self.eval(func, frame)
        in_range = loop_iterable and qualname == "builtins.range"
        args: list[Value] = []
        for arg in node.args:
            value = self._argument(arg, frame, in_range)
            if isinstance(arg, ast.Starred) and value.elts is not None:
                args.extend(value.elts)
            elif isinstance(arg, ast.Starred):
                args.append(element_of(value))
            else:
                args.append(value)
        kwargs = {kw.arg: self.eval(kw.value, frame) for kw in node.keywords if kw.arg}
        for kw in node.keywords:
            if kw.arg is None:
                self.eval(kw.value, frame)
        if qualname == "torch._check" or qualname == "torch._check_is_size":
            self._record_fact(node, qualname, frame)
            return NONE
        if qualname == "torch._assert" and node.args and args:
            # `torch._assert(cond, msg)` is `assert cond, msg` (timm's `_assert(H ==
            # self.img_size[0], ...)`): its test is converted to bool the same way.
            self._condition(node.args[0], args[0], frame, "assert", guard_only=False)
            return NONE
        self.sink.call(
            events.Call(
                node,
                qualname,
                receiver,
                method,
                tuple(args),
                kwargs,
                self._stmt,
                is_loop_iterable=loop_iterable,
                in_loop_range=id(node) in self._range_args,
                callee=callee if callee.func is not None else None,
                function=self._functions[-1] if self._functions else None,
            )
        )
        self._call_node = node
        if qualname is not None:
            return self._call_qualified(node, qualname, args, kwargs, frame)
        if receiver is not None and method is not None:
            return self._call_method(node, receiver, method, args, kwargs, frame)
        return self._call_value(callee, args, kwargs, frame)

    def _argument(self, arg: ast.expr, frame: Frame, in_range: bool) -> Value:
        if in_range and isinstance(arg, ast.Call):
            # `range(len(x))` as a loop iterable: EXL401 reports the loop, so `len` is marked.
            self._range_args.add(id(arg))
        return self.eval(arg, frame)

    def _call_value(
        self, callee: Value, args: list[Value], kwargs: dict[str, Value], frame: Frame
    ) -> Value:
        if callee.func is not None:
            closure = (
                frame
                if callee.func in frame.nested.values() or isinstance(callee.func, ast.Lambda)
                else None
            )
            self_value = None
            if callee.owner and closure is None and not is_static_method(callee.func):
                self_value = Value(Kind.STATIC, is_self=True, owner=callee.owner)
            if self_value is not None:
                self_value = replace(self_value, home=callee.home)
            return self.call_function(
                callee.func,
                callee.owner,
                self_value,
                args,
                kwargs,
                closure=closure,
                home=callee.home,
            )
        if callee.is_module:
            return self._submodule_call(callee, args, kwargs)
        if callee.source == "class":
            home = callee.home if isinstance(callee.home, ModuleInfo) else self.info
            info = home.classes.get(callee.owner)
            if info is not None and info.is_module:
                return Value(Kind.STATIC, is_module=True, owner=callee.owner)
            if info is not None:
                return self._construct(callee.owner, home, args, kwargs)
            return UNKNOWN
        return UNKNOWN

    def _construct(
        self, owner: str, home: ModuleInfo, args: list[Value], kwargs: dict[str, Value]
    ) -> Value:
        """Build an instance of a plain class of the project (`Boxes(t)`, a structures
        class): its `__init__` runs with the caller's values (an `assert` on the tensor there
        is in the traced path), and the instance remembers the attributes it assigned, so
        that its methods, followed like `self`'s, see `self.tensor` as the tensor passed."""
        me = Value(Kind.STATIC, is_self=True, owner=owner, home=home, source=INSTANCE)
        found = self._find_method(home, owner, "__init__")
        if found is None:
            return me
        where, cls, init = found
        key = (id(init), owner, tuple(args), tuple(sorted(kwargs.items())))
        known = self._instances.get(key)
        if known is not None:
            return known
        self._constructing.append((owner, {}))
        try:
            self.call_function(init, cls, me, args, kwargs, home=where)
        finally:
            _, assigned = self._constructing.pop()
        built = replace(
            me,
            source=f"{INSTANCE}:{','.join(assigned)}" if assigned else INSTANCE,
            parts=tuple(without_symbols(v) for v in assigned.values()),
        )
        self._instances[key] = built
        return built

    def _submodule_call(self, module: Value, args: list[Value], kwargs: dict[str, Value]) -> Value:
        """Calling a submodule of a class of this project: its forward runs with the caller's
        values, so a size the caller passes stays dynamic there even if annotated `int`."""
        # Only when a size or data value is passed: with tensors alone, the forward's own run
        # as an entry point (arguments taken for dynamic tensors) already sees the same kinds.
        # Also a tensor whose axes the file's dynamic_shapes declares (the model's input handed
        # to its patch embedding): the entry-point run does not know which axes are declared,
        # and `assert H == self.img_size[0]` pins only a declared one (EXL102).
        # One level deep: a size passed on through every layer of a stack would otherwise have
        # each layer interpreted again under each caller (twice the time on transformers).
        if (
            not self._in_submodule
            and module.owner
            and isinstance(module.home, ModuleInfo)
            and (passes_sizes(args, kwargs) or _passes_declared_axes(args, kwargs))
        ):
            found = self._find_method(module.home, module.owner, "forward")
            if found is not None:
                home, owner, fn = found
                me = Value(Kind.STATIC, is_self=True, owner=module.owner, home=module.home)
                self._in_submodule = True
                try:
                    self.call_function(fn, owner, me, args, kwargs, home=home)
                finally:
                    self._in_submodule = False
        self._decorator_dispatch(module, args, kwargs)
        return self._module_output(args, kwargs, module)

    def _decorator_dispatch(
        self, module: Value, args: list[Value], kwargs: dict[str, Value]
    ) -> None:
        """A submodule whose class a decorator rewires (`@use_experts_implementation`): the
        custom operators the decorator's dispatch can reach are called here."""
        home = module.home
        if self.project is None or not module.owner or not isinstance(home, ModuleInfo):
            return
        node = self._call_node
        if not isinstance(node, ast.Call):
            return
        for decorator in class_decorators(home, module.owner):
            name = qualified_name(decorator, home.imports, ()) or dotted(decorator) or ""
            if name in home.functions:
                where, function = home, home.functions[name]
            else:
                located = self.project.locate(name, home) if name else None
                if located is None or located.function is None:
                    continue
                where, function = located.module, located.function
            for reached in reachable_custom_ops(function, where):
                namespace, _, op = reached.op.partition("::")
                self.sink.call(
                    events.Call(
                        node,
                        f"torch.ops.{namespace}.{op}",
                        None,
                        None,
                        tuple(args),
                        kwargs,
                        self._stmt,
                        through=f"`@{name.rsplit('.', 1)[-1]}` on `{module.owner}` → "
                        f"{_short_path(reached.path)}:{reached.line}",
                    )
                )

    def _module_output(
        self, args: list[Value], kwargs: dict[str, Value], module: Value | None = None
    ) -> Value:
        inputs = [*args, *kwargs.values()]
        dynamic = any(v.dynamic or v.kind is Kind.UNKNOWN for v in inputs) or not inputs
        # A submodule may return a tensor, a tuple or a ModelOutput: treat the result as a
        # tensor for what is computed from it, but never report on its own truth or length,
        # unless the layer certainly returns one tensor (nn.Linear, a projector whose
        # forward returns one).
        one_tensor = module is not None and (
            one_tensor_layer(module)
            or (
                bool(module.owner)
                and isinstance(module.home, ModuleInfo)
                and returns_one_tensor(module.home, module.owner)
            )
        )
        if module is not None and module.owner and isinstance(module.home, ModuleInfo):
            made = returned_object(module.home, module.owner)
            if made is not None:
                # `return FixedCategorical(logits=x)`: an object, not a tensor. A class of the
                # project is an instance whose methods are followed (`dist.mode()` is its own
                # `mode`, not `aten.mode`); a torch.distributions object is not known.
                name, local = made
                if not local:
                    return UNKNOWN
                return Value(
                    Kind.STATIC, is_self=True, owner=name, home=module.home, source=INSTANCE
                )
        if module is not None and module.source.startswith("nn.") and args:
            # `out, h = self.gru(x, h)`: out keeps x's time axis (one step stays one step).
            known = recurrent_output(module.source[3:], args[0], dynamic)
            if known is not None:
                return known
        if module is not None and module.source.startswith("nn.") and len(args) == 1:
            # nn.Linear(d, 8)(x).shape[-1] is 8: a size fixed by the layer is static.
            known = layer_output(module.source[3:], args[0], dynamic)
            if known is not None:
                return replace(known, optional=not one_tensor)
        return Value(Kind.TENSOR, dynamic=dynamic, optional=not one_tensor)

    def _call_method(
        self,
        node: ast.Call,
        receiver: Value,
        method: str,
        args: list[Value],
        kwargs: dict[str, Value],
        frame: Frame,
    ) -> Value:
        if receiver.is_self:
            found = self._find_method(self._home(receiver), receiver.owner, method)
            if found is not None:
                home, owner, fn = found
                self_value = None if is_static_method(fn) else receiver
                return self.call_function(fn, owner, self_value, args, kwargs, home=home)
            attr = self._self_attribute(receiver, method)
            if attr.is_module:
                return self._submodule_call(attr, args, kwargs)
            return UNKNOWN
        if (
            receiver.source == "class"
            and method == "apply"
            and self._find_method(self._home(receiver), receiver.owner, "apply") is None
        ):
            # `MyFn.apply(x)` of a torch.autograd.Function: export traces its `forward(ctx,
            # ...)` (a custom op or a hazard in there is in the graph's path).
            found = self._find_method(self._home(receiver), receiver.owner, "forward")
            if found is not None and is_static_method(found[2]):
                home, owner, fn = found
                return self.call_function(fn, owner, None, [UNKNOWN, *args], kwargs, home=home)
            return UNKNOWN
        if receiver.source == "super":
            found = self._super_method(receiver.owner, method)
            if found is not None:
                home, owner, fn = found
                self_value = Value(Kind.STATIC, is_self=True, owner=frame.owner, home=self.info)
                return self.call_function(fn, owner, self_value, args, kwargs, home=home)
            return UNKNOWN
        if receiver.kind is Kind.TENSOR:
            return self._tensor_method(node, receiver, method, args, kwargs)
        if receiver.is_module:
            if method in ("forward", "__call__"):
                return self._module_output(args, kwargs, receiver)
            return UNKNOWN
        if receiver.is_container:
            if method in ("append", "extend", "insert") and isinstance(node.func, ast.Attribute):
                added = args[-1] if args else UNKNOWN
                if method == "extend":
                    added = element_of(added)
                target = node.func.value
                if isinstance(target, ast.Name):
                    frame.env[target.id] = (
                        sequence(join(element_of(receiver), added))
                        if (receiver.elts or receiver.elem)
                        else sequence(added)
                    )
                return NONE
            if method == "pop":
                return element_of(receiver)
            return UNKNOWN
        if method == "item" and receiver.kind is Kind.UNKNOWN and not args:
            # Only tensors (and numpy scalars) have `.item()`: what it returns is data.
            return DATA.with_origin(node)
        if (
            method == "size"
            and len(args) == 1
            and receiver.kind is Kind.UNKNOWN
            and is_self_attribute(node.func)
        ):
            # `self.weights.size(0)` of a table built in `__init__` by a helper the analysis
            # cannot read: a size fixed at construction. Comparing a dynamic length with it
            # (`if max_pos > self.weights.size(0):` regrowing the table) is a guard (EXL102).
            return STATIC
        if receiver.kind is Kind.STATIC and receiver.func is None and receiver.source != "class":
            return STATIC
        return UNKNOWN

    def _follow_branches(self, node: ast.Call, frame: Frame) -> None:
        """Analyse the functions given to torch.cond / while_loop / scan with tensor operands."""
        for arg in node.args:
            callee = self._cache.get(id(arg))
            if callee is None or callee.func is None:
                continue
            fn = callee.func
            count = len(fn.args.args) + len(fn.args.posonlyargs)
            is_bound = (
                callee.owner and not isinstance(fn, ast.Lambda) and fn.name not in frame.nested
            )
            if is_bound and not is_static_method(fn) and count:
                count -= 1
                self_value: Value | None = Value(
                    Kind.STATIC, is_self=True, owner=callee.owner, home=callee.home
                )
            else:
                self_value = None
            operands = [Value(Kind.TENSOR, dynamic=True)] * count
            closure = frame if (isinstance(fn, ast.Lambda) or fn.name in frame.nested) else None
            self.call_function(
                fn, callee.owner, self_value, operands, {}, closure=closure, home=callee.home
            )


MAX_CALL_DEPTH = 12


def is_static_method(fn: AnyFunction) -> bool:
    if isinstance(fn, ast.Lambda):
        return True
    return any(dotted(d) == "staticmethod" for d in fn.decorator_list)


def _short_path(path: str) -> str:
    """`transformers/integrations/moe.py` for a file of an installed package."""
    parts = path.replace("\\", "/").split("/")
    if "site-packages" in parts:
        return "/".join(parts[parts.index("site-packages") + 1 :])
    return "/".join(parts[-2:])


def _finish(
    recording: Recording,
    interpreter: CallsMixin,
    result: Value,
    cache_log: list[tuple[int, Value]],
    range_args: set[int],
    in_test: set[int],
    idents: int,
    call_node: ast.AST | None,
) -> None:
    """Note what a recorded call left behind: the memo entries it made, the memo entries of
    the file it read (and their results), the expression values, marks and idents."""
    memo = interpreter._memo
    inserted = list(memo.items())[recording.memo_size :]
    recording.inserted = inserted
    made = {key for key, _ in inserted}
    hits = [(key, value) for key, value in recording.hits if key not in made]
    recording.hits = hits
    entry = interpreter.entry_info
    try:
        recording.hit_signatures = [signature(value, entry, {}) for _, value in hits]
    except Uncacheable:
        recording.ok = False
        return
    recording.result = result
    # The last value stored for each node, in the order first stored.
    recording.cache = list(dict(cache_log).items())
    recording.range_args = interpreter._range_args - range_args
    recording.in_test = interpreter._in_test - in_test
    recording.idents = interpreter._idents - idents
    recording.call_node_changed = interpreter._call_node is not call_node
    recording.call_node = interpreter._call_node
    project = interpreter.project
    assert project is not None
    recording.found = {name: project.find(name) for name in dict.fromkeys(recording.loads)}
    recording.dependencies = dict(project.dependencies)


def _passes_declared_axes(args: list[Value], kwargs: dict[str, Value]) -> bool:
    """A tensor argument with an axis the file's `dynamic_shapes` declares dynamic."""
    for value in [*args, *kwargs.values()]:
        if value.kind is Kind.TENSOR and value.dims and any(d.declared for d in value.dims):
            return True
    return False


def is_self_attribute(func: ast.expr) -> bool:
    """`self.<name>.<method>`: a method called on an attribute of `self`."""
    return (
        isinstance(func, ast.Attribute)
        and isinstance(func.value, ast.Attribute)
        and isinstance(func.value.value, ast.Name)
        and func.value.value.id == "self"
    )


def _wrapper_returned(frame: Frame, joined: Value) -> Value:
    """`def batchify(fn, chunk): if chunk is None: return fn; def ret(x): ...; return ret`:
    a function returning the wrapper it defines, or on another path something that is no
    tensor or size (its argument unchanged, None). Calling the result follows the wrapper:
    a join of the two callables would follow neither."""
    wrappers = {id(v.func): v for v in frame.returns if v.func in frame.nested.values()}
    others = [v for v in frame.returns if v.func is None]
    if len(wrappers) == 1 and all(v.kind in (Kind.STATIC, Kind.UNKNOWN) for v in others):
        return next(iter(wrappers.values()))
    return joined
