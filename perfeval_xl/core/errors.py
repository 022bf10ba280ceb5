"""Errors a finance user may see: each carries a Chinese message and never a traceback."""

from __future__ import annotations


class PerfevalError(Exception):
    """A problem the user can fix; ``str(error)`` is the Chinese message shown to them."""


class ValueReadError(PerfevalError):
    """A cell value that cannot be read as the indicator's actual value."""


class ParseError(PerfevalError):
    """A 评（扣）分标准 text the parser cannot turn into a rule."""
