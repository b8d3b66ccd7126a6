"""Run inside Pyodide after snapshot_warmup.py, just before the memory snapshot is taken
(scripts/make_snapshot.mjs): drops from the heap what no answer reads, so that fewer
bytes go over the wire (about 290 kB of the xz-compressed snapshot).

- Docstrings (650,000 characters in the modules Pyodide and the core import): every
  function's, class's and module's `__doc__` becomes None.
- Line tables (580 kB): each code object's table is replaced by one that puts all of
  its instructions on its first line, so a traceback still names every function and
  the line it starts on, but not the line inside it.

Code objects are immutable: each function is given a copy of its code without them
(nested code objects too, for the functions made later from them), and the originals
are freed. Nothing else changes: the same bytecode runs.
"""

import contextlib
import gc
import sys
import types

HAS_DOCSTRING = 0x4000000  # CO_HAS_DOCSTRING (3.14): co_consts[0] is the docstring
NO_COLUMNS = 13  # a line table entry of a line (delta) and no columns
MAX_UNITS = 8  # code units one entry covers


def first_line_table(code: types.CodeType) -> bytes:
    """A line table that puts every code unit on the code's first line (delta 0)."""
    units = len(code.co_code) // 2
    table = bytes([0x80 | NO_COLUMNS << 3 | (MAX_UNITS - 1), 0]) * (units // MAX_UNITS)
    if units % MAX_UNITS:
        table += bytes([0x80 | NO_COLUMNS << 3 | (units % MAX_UNITS - 1), 0])
    return table


def trimmed(code: types.CodeType, done: dict) -> types.CodeType:
    if code in done:
        return done[code]
    consts = [
        trimmed(const, done) if isinstance(const, types.CodeType) else const
        for const in code.co_consts
    ]
    if code.co_flags & HAS_DOCSTRING and consts and isinstance(consts[0], str):
        consts[0] = None
    done[code] = code.replace(co_consts=tuple(consts), co_linetable=first_line_table(code))
    return done[code]


def trim() -> None:
    done: dict[types.CodeType, types.CodeType] = {}
    for obj in gc.get_objects():
        if isinstance(obj, types.FunctionType):
            obj.__doc__ = None
            obj.__code__ = trimmed(obj.__code__, done)
        elif isinstance(obj, type) and isinstance(obj.__dict__.get("__doc__"), str):
            with contextlib.suppress(TypeError, AttributeError):  # a C type keeps its own
                obj.__doc__ = None
    for module in list(sys.modules.values()):
        with contextlib.suppress(AttributeError):
            module.__doc__ = None


trim()
gc.collect()
