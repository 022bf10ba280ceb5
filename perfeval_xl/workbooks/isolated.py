"""Reading a workbook in a separate process, so that a reader that crashes takes only that file down.

The readers are native code (calamine is Rust) or can exhaust memory on a crafted file; a crash there
(an abort, a failed 512 GiB allocation, the kernel's out-of-memory kill) would end the whole command.
Files past a size threshold are read in a fresh process, whose crash becomes that file's Chinese
problem; ordinary files keep the fast path in the calling process. ``batch`` also re-reads each file of a
worker chunk that crashed this way, so the file that crashed is named and the others are scored.
"""

from __future__ import annotations

import multiprocessing
import os
import zipfile
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path
from typing import TypeVar

from ..core.errors import PerfevalError

MB = 1024 * 1024
#: Files larger than this on disk, or whose parts inflate to more than ISOLATE_INFLATED, are read apart.
ISOLATE_BYTES = 20 * MB
ISOLATE_INFLATED = 100 * MB

T = TypeVar("T")


def needs_isolation(path: str | os.PathLike) -> bool:
    """True for a file large enough that its reader runs in a separate process."""
    try:
        if Path(path).stat().st_size > ISOLATE_BYTES:
            return True
        with zipfile.ZipFile(path) as archive:
            return sum(info.file_size for info in archive.infolist()) > ISOLATE_INFLATED
    except (OSError, zipfile.BadZipFile, ValueError, EOFError):
        return False  # not a zip (an .xls is bounded by its size) or unreadable: the checks say why


def crashed_message(name: str) -> str:
    return (f"读取“{name}”时处理进程意外退出（文件可能已损坏或构造异常，需要的内存超出范围），已跳过该文件；"
            f"请让报送单位重新导出")


def run_isolated(func: Callable[..., T], *args, name: str = "") -> T:
    """``func(*args)`` in a fresh process; its result, or PerfevalError when that process dies.

    ``func`` must be a module-level function and its arguments and result picklable. Exceptions it
    raises are raised here as they are.
    """
    with ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("spawn")) as pool:
        try:
            return pool.submit(func, *args).result()
        except BrokenProcessPool:
            raise PerfevalError(crashed_message(name or str(args[0] if args else ""))) from None


__all__ = ["ISOLATE_BYTES", "ISOLATE_INFLATED", "crashed_message", "needs_isolation", "run_isolated"]
