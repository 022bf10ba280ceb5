"""Read the modules of a ``vbaProject.bin`` and add one standard module to it (MS-OVBA §2.3).

Adding a module touches only what names it: every stream is copied byte for byte except

* ``VBA/dir`` (decompressed: the PROJECTMODULES count + 1, and one more MODULE record before the
  terminator, laid out like the template's standard module RibbonMyAddin: name, stream name, empty
  doc string, MODULEOFFSET 0 (the stream holds source only), help context 0, cookie 0xFFFF, procedural),
* ``PROJECT`` (one more ``Module=NAME`` line after the last module line),
* ``PROJECTwm`` (one more name entry before its terminator),

and the new stream ``VBA/NAME`` holds the compressed source. This is only sound for a project whose
``_VBA_PROJECT`` stream has version 0xFFFF (§2.3.4.1): Office then ignores stored p-code and compiles
every module from its source, so a module without p-code is as good as any other. :func:`add_module`
refuses a project stored otherwise.
"""

from __future__ import annotations

import codecs
import io
import re
import struct
from dataclasses import dataclass

import olefile

from . import cfb
from .compression import compress, decompress

#: ``_VBA_PROJECT`` of a source-only project: reserved 0x61CC, version 0xFFFF, reserved 0x00, 0x0001.
SOURCE_ONLY = bytes.fromhex("CC61FFFF000100")
_PROJECTCODEPAGE, _PROJECTMODULES, _PROJECTVERSION = 0x0003, 0x000F, 0x0009
_MODULENAME, _MODULESTREAMNAME, _MODULEOFFSET, _MODULE_END = 0x0019, 0x001A, 0x0031, 0x002B
_PROCEDURAL = 0x0021
_TERMINATOR = 0x0010


@dataclass(frozen=True)
class Module:
    """One module of a VBA project as its ``dir`` stream describes it, with its source text."""

    name: str
    stream: str
    procedural: bool
    source: str


def read_streams(vba_project: bytes) -> dict[str, bytes]:
    """Every stream of the compound file by path (``"VBA/dir"``); ``ValueError`` when it is not one."""
    try:
        ole = olefile.OleFileIO(io.BytesIO(vba_project))
    except OSError as error:
        raise ValueError(f"not a compound file: {error}") from None
    with ole:
        return {"/".join(path): ole.openstream(path).read() for path in ole.listdir()}


def modules(vba_project: bytes) -> list[Module]:
    """The project's modules in ``dir`` order, sources decoded with the project's code page."""
    streams = read_streams(vba_project)
    records = _records(decompress(streams["VBA/dir"]))
    encoding = _encoding(records)
    found, current = [], {}
    for rid, data in records:
        if rid in (_MODULENAME, _MODULESTREAMNAME):
            current[rid] = data.decode(encoding, errors="replace")
        elif rid == _MODULEOFFSET:
            current[rid] = struct.unpack("<I", data)[0]
        elif rid == _PROCEDURAL:
            current[rid] = True
        elif rid == _MODULE_END:
            stream = current[_MODULESTREAMNAME]
            source = decompress(streams[f"VBA/{stream}"][current.get(_MODULEOFFSET, 0):])
            found.append(Module(current[_MODULENAME], stream, current.get(_PROCEDURAL, False),
                                source.decode(encoding, errors="replace")))
            current = {}
    return found


def add_module(vba_project: bytes, name: str, source: str) -> bytes:
    """The project with a standard module ``name`` holding ``source`` (ASCII; line ends become CRLF)."""
    streams = read_streams(vba_project)
    if streams.get("VBA/_VBA_PROJECT") != SOURCE_ONLY:
        raise ValueError("the VBA project stores p-code (_VBA_PROJECT version is not 0xFFFF)")
    if f"VBA/{name}" in streams or not re.fullmatch(r"[A-Za-z][A-Za-z0-9_]{0,30}", name):
        raise ValueError(f"module name taken or invalid: {name!r}")
    text = "\r\n".join(source.splitlines()) + "\r\n"
    code = compress(text.encode("ascii"))
    if decompress(code) != text.encode("ascii"):
        raise ValueError("module source does not survive compression")
    streams["VBA/dir"] = compress(_dir_with_module(decompress(streams["VBA/dir"]), name))
    streams["PROJECT"] = _project_with_module(streams["PROJECT"], name)
    streams["PROJECTwm"] = (streams["PROJECTwm"][:-2] + name.encode("ascii") + b"\0"
                            + name.encode("utf-16-le") + b"\0\0\0\0")
    streams[f"VBA/{name}"] = code
    return cfb.write(streams)


def module_record(name: str) -> bytes:
    """The ``dir`` records of a standard module whose stream holds only source (see the module doc)."""
    ascii_name, wide_name = name.encode("ascii"), name.encode("utf-16-le")
    return b"".join(_record(rid, data) for rid, data in (
        (_MODULENAME, ascii_name), (0x0047, wide_name), (_MODULESTREAMNAME, ascii_name), (0x0032, wide_name),
        (0x001C, b""), (0x0048, b""), (_MODULEOFFSET, struct.pack("<I", 0)), (0x001E, struct.pack("<I", 0)),
        (0x002C, struct.pack("<H", 0xFFFF)), (_PROCEDURAL, b""), (_MODULE_END, b"")))


def _dir_with_module(directory: bytes, name: str) -> bytes:
    offsets = {rid: offset for rid, offset, _ in _located(directory)}
    count_at = offsets[_PROJECTMODULES] + 6
    terminator = offsets[_TERMINATOR]
    count = struct.unpack_from("<H", directory, count_at)[0]
    return (directory[:count_at] + struct.pack("<H", count + 1) + directory[count_at + 2:terminator]
            + module_record(name) + directory[terminator:])


def _project_with_module(project: bytes, name: str) -> bytes:
    lines = project.split(b"\r\n")
    last = max(i for i, line in enumerate(lines) if re.match(rb"(Module|Document|Class|BaseClass)=", line))
    lines.insert(last + 1, b"Module=" + name.encode("ascii"))
    return b"\r\n".join(lines)


def _record(rid: int, data: bytes) -> bytes:
    return struct.pack("<HI", rid, len(data)) + data


def _located(directory: bytes) -> list[tuple[int, int, bytes]]:
    """(id, offset, data) of each ``dir`` record; PROJECTVERSION's size field says 4 but 6 bytes follow."""
    found, pos = [], 0
    while pos + 6 <= len(directory):
        rid, size = struct.unpack_from("<HI", directory, pos)
        if rid == _PROJECTVERSION:
            size = 6
        if pos + 6 + size > len(directory):
            raise ValueError("truncated dir stream record")
        found.append((rid, pos, directory[pos + 6:pos + 6 + size]))
        pos += 6 + size
        if rid == _TERMINATOR:
            break
    return found


def _records(directory: bytes) -> list[tuple[int, bytes]]:
    return [(rid, data) for rid, _, data in _located(directory)]


def _encoding(records: list[tuple[int, bytes]]) -> str:
    page = next((struct.unpack("<H", data)[0] for rid, data in records if rid == _PROJECTCODEPAGE), 1252)
    try:
        return codecs.lookup(f"cp{page}").name
    except LookupError:
        return "cp1252"
