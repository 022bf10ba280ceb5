"""Our Excel functions registered into the `formulas` engine, looked up in REGISTRY at call time.

Looking the function up on each call (not binding it at registration) lets a test break one
function with ``monkeypatch.setitem(REGISTRY, ...)`` and see the workbook react.
"""

from __future__ import annotations

import numpy as np
import schedula as sh
from formulas.functions import FUNCTIONS, get_functions, wrap_func
from formulas.tokens.operand import XlError

from perfeval_xl.core.functions import REGISTRY


def plain(value):
    """An engine value as Excel hands it to a UDF: None for empty, "#N/A" for errors, 2-D lists."""
    if isinstance(value, np.ndarray):
        if value.ndim == 0:
            return plain(value.item())
        return [[plain(c) for c in row] for row in np.atleast_2d(value).tolist()]
    if value is sh.EMPTY:
        return None
    if isinstance(value, XlError):
        return str(value)
    return value


def register() -> None:
    for name in REGISTRY:
        def call(*args, _name=name):
            result = REGISTRY[_name].func(*[plain(a) for a in args])
            return np.asarray(result, dtype=object) if isinstance(result, list) else result

        FUNCTIONS[name] = wrap_func(call)
    get_functions.cache_clear()  # the engine snapshots FUNCTIONS on first use
