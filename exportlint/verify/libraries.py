"""Operator registrations made by loading user code, undone before the next load (worker side).

A file that registers an operator (`torch.library.custom_op`, `torch.library.define`, a
`Library(ns, "DEF")`) is loaded several times in one worker: the original, then the fixed text
(while the original is still loaded: its eager outputs are the reference), then again for the
next model of the same file. The dispatcher keeps one definition per name: a second load would
raise "Tried to register an operator ... multiple times", or, if the file guards its
registrations (`if not hasattr(torch.ops.ns, "op"):`, as apex does), skip them and run the
earlier load's kernel (the fixed model the original's, whose export then fails). So every
`torch.library.Library` made while user code loads is remembered and destroyed before the next
load (`loading.load_example`), which registers its operators as a fresh process would. The
earlier model keeps calling `torch.ops.<ns>.<op>`, which then resolves to the new (same-named)
registration. A clash that still happens (a factory importing two files that define the same
operator) is retried once after forgetting.
"""

from __future__ import annotations

import contextlib
import os
import sys
import types
from collections.abc import Iterator
from typing import Any

import torch
import torch.library

_loaded: list[Any] = []  # the Library objects made by earlier loads, oldest first


def forget() -> None:
    """Destroy the registrations of every earlier load (idempotent)."""
    while _loaded:
        library = _loaded.pop()
        # A failed destroy leaves the old registration: the load then reports the clash.
        with contextlib.suppress(Exception):
            library._destroy()
    _clear_opdefs()


def _clear_opdefs() -> None:
    """custom_op keeps its libraries by qualified name: drop those already destroyed, so it
    does not destroy them a second time or hand out a stale one."""
    with contextlib.suppress(Exception):
        from torch._library import custom_ops

        for name, library in list(custom_ops.OPDEF_TO_LIB.items()):
            if getattr(library, "m", None) is None:
                del custom_ops.OPDEF_TO_LIB[name]


_CLASHES = (
    "with the same name and overload name multiple times",
    "Only a single TORCH_LIBRARY can be used to register the namespace",
)


def clashed(exc: BaseException) -> bool:
    """The load failed because an operator of this name is already registered (the error
    itself, or what it was raised from: a factory's error wraps the import's)."""
    chain: list[BaseException] = []
    current: BaseException | None = exc
    while current is not None and current not in chain:  # a context may loop back
        chain.append(current)
        current = current.__cause__ or current.__context__
    return any(clash in str(error) for error in chain for clash in _CLASHES)


@contextlib.contextmanager
def fresh_registrations() -> Iterator[None]:
    """Remember the libraries user code makes inside (for `forget`)."""
    cls: Any = torch.library.Library
    original_init = cls.__init__

    def init(self: Any, *args: Any, **kwargs: Any) -> None:
        original_init(self, *args, **kwargs)
        if _made_by_user_code(sys._getframe(1)):
            _loaded.append(self)

    # (Library.__init__ records its caller's line as the registration's location: with the
    # wrapper that is this file, which only shows in the dispatcher's own error messages.)
    cls.__init__ = init
    try:
        yield
    finally:
        cls.__init__ = original_init


_INSTALLED = tuple(
    {os.path.realpath(p) + os.sep for p in (sys.prefix, sys.base_prefix, sys.exec_prefix)}
)


def _made_by_user_code(frame: types.FrameType | None) -> bool:
    """The nearest caller outside installed code (torch, functools, ...) is user code
    (custom_op, define, Library in the user's file), and no import comes first: torch
    registers its own operators lazily when one of its modules is first imported
    (`streams::record_event` on the first use of torch._higher_order_ops), and those must
    never be destroyed."""
    while frame is not None:
        file = frame.f_code.co_filename
        if file.startswith("<frozen importlib"):
            return False  # a module being imported (torch's, or another installed package's)
        real = os.path.realpath(file)
        installed = "site-packages" in real or "dist-packages" in real
        if not (file.startswith("<") or installed or real.startswith(_INSTALLED)):
            return True  # through torch.library, functools and the like, to the user's line
        frame = frame.f_back
    return False
