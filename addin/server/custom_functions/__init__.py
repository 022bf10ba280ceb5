"""The Excel functions xlwings Server offers to Office.js: those of ``perfeval_xl.excel.udfs``, one source for
both the classic add-in and the server (xlwings Server imports this package as ``custom_functions``)."""

from perfeval_xl.excel import udfs as _udfs
from perfeval_xl.core.functions import REGISTRY as _REGISTRY

globals().update({name: getattr(_udfs, name) for name in _REGISTRY})
__all__ = sorted(_REGISTRY)
