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
import sys
import zipfile
from collections.abc import Callable
from contextlib import contextmanager
from pathlib import Path
from typing import TypeVar

from ..core.errors import PerfevalError

MB = 1024 * 1024
#: Files larger than this on disk, or whose parts inflate to more than ISOLATE_INFLATED, are read apart.
ISOLATE_BYTES = 20 * MB
ISOLATE_INFLATED = 100 * MB
#: Below this on disk a file cannot inflate past ISOLATE_INFLATED without compressing better than the
#: safety checks allow (safety.RATIO_LIMIT : 1 for large parts).
SMALL_BYTES = ISOLATE_INFLATED // 100
#: Seconds a separate reading process may take before it is stopped.
READ_TIMEOUT = 600

T = TypeVar("T")


def needs_isolation(path: str | os.PathLike) -> bool:
    """True for a file large enough that its reader runs in a separate process."""
    try:
        size = Path(path).stat().st_size
        if size > ISOLATE_BYTES:
            return True
        if size < SMALL_BYTES:  # the usual unit workbook: no need to open its zip directory
            return False
        with zipfile.ZipFile(path) as archive:
            return sum(info.file_size for info in archive.infolist()) > ISOLATE_INFLATED
    except (OSError, zipfile.BadZipFile, ValueError, EOFError):
        return False  # not a zip (an .xls is bounded by its size) or unreadable: the checks say why


@contextmanager
def native_messages_silenced():
    """Point file descriptor 2 at the null device for the body: a reader in native code (calamine is
    Rust) prints a panic's message and backtrace, or a failed allocation, straight there. The panic
    reaches Python as an exception and the crash as a dead process, each the file's Chinese problem;
    a finance user must not see the Rust text."""
    sys.stderr.flush()
    saved = os.dup(2)
    try:
        with open(os.devnull, "w") as null:
            os.dup2(null.fileno(), 2)
        yield
    finally:
        os.dup2(saved, 2)
        os.close(saved)


def crashed_message(name: str) -> str:
    return (f"读取“{name}”时处理进程意外退出（文件可能已损坏或构造异常，需要的内存超出范围），已跳过该文件；"
            f"请让报送单位重新导出")


def _child(connection, func, args) -> None:
    try:
        result = ("ok", func(*args))
    except BaseException as error:  # sent back and raised in the parent as it was raised here
        result = ("error", error)
    try:
        try:
            connection.send(result)
        except (TypeError, AttributeError, ValueError) as error:  # unpicklable: say what it was
            connection.send(("error", PerfevalError(f"处理进程无法返回结果（{type(error).__name__}）")))
    except OSError:  # the caller is gone (its own process ended): nobody is waiting for the result
        pass
    connection.close()


def run_isolated(func: Callable[..., T], *args, name: str = "", timeout: float = READ_TIMEOUT) -> T:
    """``func(*args)`` in a fresh process; its result, or PerfevalError when that process dies or runs
    past ``timeout`` seconds (a hang guard). ``func`` must be a module-level function and its arguments
    and result picklable; exceptions it raises are raised here as they are."""
    context = multiprocessing.get_context("spawn")  # fork would copy this process's threads and pools
    receiver, sender = context.Pipe(duplex=False)
    process = context.Process(target=_child, args=(sender, func, args), daemon=True)
    process.start()
    sender.close()
    shown = name or str(args[0] if args else "")
    try:
        if not receiver.poll(timeout):
            raise PerfevalError(f"读取“{shown}”超过{timeout:.0f}秒仍未完成，已跳过该文件；请检查文件是否异常")
        status, value = receiver.recv()
    except (EOFError, OSError):
        raise PerfevalError(crashed_message(shown)) from None
    finally:
        receiver.close()
        if process.is_alive():
            process.kill()
        process.join()
    if status == "error":
        raise value
    return value


__all__ = ["ISOLATE_BYTES", "ISOLATE_INFLATED", "crashed_message", "native_messages_silenced", "needs_isolation",
           "run_isolated"]
