"""The UDF module every installed add-in names in its config ("UDF Modules" = ``perfeval_xl.udfs``).

The functions live in :mod:`perfeval_xl.excel.udfs`; this name stays so that add-ins installed before
the package was split into folders, and the VBA wrappers that call ``perfeval_xl.udfs``, keep working.
"""

from .excel.udfs import *  # noqa: F401,F403
from .excel.udfs import __all__  # noqa: F401
