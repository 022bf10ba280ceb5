"""Writing an output file safely: every command's one way to put a workbook on disk.

A command's output is first written to a hidden temporary file in the output's own folder and then
renamed over the output with ``os.replace``: a reader never sees half a file, a failed run leaves
nothing behind, and an existing output is replaced in one step. The output may never be a file the
run reads. Every way the path can be wrong (a folder, a missing folder, a file where a folder should
be, a name too long, no permission) is one Chinese sentence saying what to change, raised as a
:class:`PerfevalError` before any work is lost. Written files get the permissions the user's umask
gives any new file (``mkstemp`` alone would leave them readable by their owner only).

Plain standard library, so every adapter (the template, the scored copy, the batch summary, the
self-check workbook) shares it.
"""

from __future__ import annotations

import errno
import os
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path

from .errors import PerfevalError

#: Temporary files start with this; a run that fails leaves none of them behind.
TEMP_PREFIX = ".~perfeval-"
#: The longest file name most file systems accept, in bytes.
MAX_NAME_BYTES = 255


def _folder(path: Path) -> Path:
    return path.parent if str(path.parent) else Path(".")


def _same_file(a: os.stat_result, b: os.stat_result) -> bool:
    return (a.st_dev, a.st_ino) == (b.st_dev, b.st_ino)


def check_output(path: str | os.PathLike, *, inputs: Iterable[str | os.PathLike] = (),
                 suffix: str | None = ".xlsx", what: str = "输出文件") -> Path:
    """Refuse an output path that cannot or must not be written, before any work is done.

    Args:
        path: the output file.
        inputs: every file the run reads; the output may be none of them.
        suffix: the required extension (None for any).
        what: the output's name in messages (汇总表, 评分副本 …).

    Raises:
        PerfevalError with a one-line Chinese message saying what to change.
    """
    path = Path(path)
    size = len(os.fsencode(path.name))
    if size > MAX_NAME_BYTES:
        raise PerfevalError(f"{what}的文件名过长（{size}字节，最多{MAX_NAME_BYTES}字节），请改用较短的文件名")
    if path.is_dir():
        raise PerfevalError(f"{what}“{path}”是一个文件夹，请在文件夹后写上文件名（如“{path / ('结果' + (suffix or ''))}”）")
    if suffix and path.suffix.lower() != suffix:
        raise PerfevalError(f"{what}须为 {suffix} 文件（收到“{path.name}”），请改用 {suffix} 结尾的文件名")
    folder = _folder(path)
    for parent in (folder, *folder.parents):
        if parent.exists():
            if not parent.is_dir():
                raise PerfevalError(f"“{parent}”是一个文件而不是文件夹，{what}无法写在它下面，请换一个输出路径")
            break
    if not folder.is_dir():
        raise PerfevalError(f"输出文件夹“{folder}”不存在，请先建立该文件夹或换一个输出路径")
    os.unlink(_temporary(path, what))  # can a file be made there at all? Ask now, not after the work
    if path.exists():
        mine = path.stat()
        for source in inputs:
            try:
                if _same_file(mine, os.stat(source)):
                    raise PerfevalError(f"{what}“{path}”是本次要读取的文件，不能覆盖它；请用 -o 另选一个文件名")
            except OSError:
                continue
    return path


def _os_message(error: OSError, path: Path, what: str) -> str:
    folder = _folder(path)
    if isinstance(error, FileNotFoundError):
        return f"输出文件夹“{folder}”不存在，请先建立该文件夹或换一个输出路径"
    if isinstance(error, NotADirectoryError):
        return f"输出路径“{path}”中有一段是文件而不是文件夹，请换一个输出路径"
    if isinstance(error, IsADirectoryError):
        return f"{what}“{path}”是一个文件夹，请在文件夹后写上文件名"
    if isinstance(error, PermissionError) or error.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return f"没有在“{folder}”中写文件的权限，请换一个可以写入的文件夹（如“文档”或桌面）"
    if error.errno == errno.ENAMETOOLONG:
        return f"{what}的路径或文件名过长，请改用较短的文件名或文件夹"
    if error.errno == errno.ENOSPC:
        return f"“{folder}”所在的磁盘已满，请清理磁盘或换一个输出位置"
    return f"无法写入{what}“{path}”：{error.strerror or error}"


def _temporary(path: Path, what: str) -> str:
    """A new empty hidden file beside ``path``; PerfevalError when none can be made there."""
    try:
        handle, temp = tempfile.mkstemp(prefix=TEMP_PREFIX, suffix=path.suffix, dir=_folder(path))
    except OSError as error:
        raise PerfevalError(_os_message(error, path, what)) from None
    os.close(handle)
    return temp


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def write_output(path: str | os.PathLike, write: Callable[[str], object], *,
                 inputs: Iterable[str | os.PathLike] = (), suffix: str | None = ".xlsx",
                 what: str = "输出文件") -> bool:
    """Write ``path`` by calling ``write(temporary_path)``, then rename the temporary file over it.

    Args:
        path: the output file; checked by :func:`check_output` first.
        write: writes the whole file to the path it is given.
        inputs, suffix, what: as :func:`check_output`.

    Returns:
        True when an existing file was replaced (commands say so), False for a new file.

    Raises:
        PerfevalError for a path that cannot be written; whatever ``write`` raises otherwise. Either
        way no temporary file is left behind and an existing output is unchanged.
    """
    path = check_output(path, inputs=inputs, suffix=suffix, what=what)
    existed = path.exists()
    temp = _temporary(path, what)
    try:
        write(temp)
        os.chmod(temp, 0o666 & ~_umask())
        try:
            os.replace(temp, path)
        except PermissionError:
            raise PerfevalError(f"无法替换“{path}”：文件可能正在 Excel 中打开，请关闭后重试") from None
    except OSError as error:
        raise PerfevalError(_os_message(error, path, what)) from None
    finally:
        if os.path.exists(temp):
            os.unlink(temp)
    return existed


def replaced_note(replaced: bool) -> str:
    """What a command adds after the output's path when it replaced an existing file."""
    return "（已替换原有的同名文件）" if replaced else ""


__all__ = ["MAX_NAME_BYTES", "TEMP_PREFIX", "check_output", "replaced_note", "write_output"]
