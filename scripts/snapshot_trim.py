"""Run inside Pyodide around snapshot_warmup.py (scripts/make_snapshot.mjs), before the
memory snapshot is taken: keeps out of the heap what no answer reads, so that fewer
bytes go over the wire (about 290 kB of the xz-compressed snapshot).

- Docstrings (650,000 characters in the modules Pyodide and the core import): every
  function's, class's and module's `__doc__` becomes None.
- Line tables (580 kB): each code object's table is replaced by one that puts all of
  its instructions on its first line, so a traceback still names every function and
  the line it starts on, but not the line inside it.

Code objects are immutable, so what runs is a copy without them: the same bytecode.
Run before the warm-up, this script gives each function Pyodide's start-up made a copy
of its code, and makes every module imported from then on (the core, and what it and the
warm-up import) run from a copy of its code, so that its functions are made from the
copy. `finish()`, after the warm-up, drops the docstrings left. The core's functions are
not given new code after they are made: CPython stops specializing the calls to a
function whose `__code__` is set (it clears the function's version), and the core given
new code that way answered 7,300 stays 25-50% slower.
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


class TrimmingLoader:
    """Runs a module from a trimmed copy of the code its own loader gives, and hands the
    module back to that loader (nothing of this script stays referenced)."""

    def __init__(self, loader):
        self.loader = loader

    def create_module(self, spec):
        return self.loader.create_module(spec)

    def exec_module(self, module):
        loader = self.loader
        module.__spec__.loader = module.__loader__ = loader
        code = loader.get_code(module.__name__)
        if code is None:  # an extension module: no bytecode
            loader.exec_module(module)
        else:
            exec(trimmed(code, {}), module.__dict__)  # what the loader's own exec_module does


class TrimmingFinder:
    """First on sys.meta_path: the spec the other finders give, its loader wrapped."""

    def find_spec(self, name, path=None, target=None):
        for finder in sys.meta_path:
            find = getattr(finder, "find_spec", None)
            spec = find(name, path, target) if finder is not self and find else None
            if spec is not None:
                break
        else:
            return None
        if spec.has_location and hasattr(spec.loader, "get_code"):
            spec.loader = TrimmingLoader(spec.loader)
        return spec


def trim(new_code: bool) -> None:
    """Every docstring to None, and with `new_code` every function given trimmed code."""
    done: dict[types.CodeType, types.CodeType] = {}
    for obj in gc.get_objects():
        if isinstance(obj, types.FunctionType):
            obj.__doc__ = None
            if new_code:
                obj.__code__ = trimmed(obj.__code__, done)
        elif isinstance(obj, type) and isinstance(obj.__dict__.get("__doc__"), str):
            with contextlib.suppress(TypeError, AttributeError):  # a C type keeps its own
                obj.__doc__ = None
    for module in list(sys.modules.values()):
        with contextlib.suppress(AttributeError):
            module.__doc__ = None
    done.clear()
    gc.collect()


def finish() -> None:
    """Stop trimming imports; drop the docstrings the warm-up's modules and classes set."""
    sys.meta_path.remove(FINDER)
    trim(new_code=False)


# What start-up made is trimmed first, so that what the warm-up makes fills the memory
# it frees: a heap full of holes answered 10-15% slower (json.loads of the request too).
trim(new_code=True)
FINDER = TrimmingFinder()
sys.meta_path.insert(0, FINDER)
