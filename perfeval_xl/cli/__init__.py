"""The ``perfeval-xl`` command line (console script ``perfeval_xl.cli:main``): the parser in
:mod:`.main`, one module per subcommand in :mod:`.commands`, terminal tables in :mod:`.console`.
Nothing outside this folder imports it."""

from .main import main

__all__ = ["main"]
