"""A minimal writer of MS-CFB compound files, version 3 (512-byte sectors), as ``vbaProject.bin`` is one.

Input: every stream by its path (``"VBA/dir"``); storages are the folders those paths name. Output: a
file with no free sectors, zero timestamps and CLSIDs, streams under 4096 bytes in the mini stream
(64-byte sectors), each storage's children in a binary search tree in the format's name order, every
node black (MS-CFB §2.6.4 allows that simplest tree). The layout depends on nothing but the input, so
the same streams always give the same bytes. Reading is olefile's job; this module only writes.

Limits (far above a VBA project's size): at most 109 FAT sectors, i.e. about 7 MB.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass, field

SECTOR = 512
MINI_SECTOR = 64
MINI_CUTOFF = 4096
_SIGNATURE = bytes.fromhex("D0CF11E0A1B11AE1")
_FREE, _END, _FAT, _NONE = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD, 0xFFFFFFFF
_ROOT, _STORAGE, _STREAM = 5, 1, 2
_BLACK = 1
_HEADER_FAT_SLOTS = 109


@dataclass
class _Entry:
    name: str
    kind: int
    data: bytes = b""
    children: list[_Entry] = field(default_factory=list)
    start: int = _END
    left: int = _NONE
    right: int = _NONE
    child: int = _NONE


def write(streams: dict[str, bytes]) -> bytes:
    """The compound file holding ``streams`` (path with ``/`` between storage and stream names → bytes)."""
    root = _tree(streams)
    entries = _number(root)
    small = [e for e in entries if e.kind == _STREAM and len(e.data) < MINI_CUTOFF]
    large = [e for e in entries if e.kind == _STREAM and len(e.data) >= MINI_CUTOFF]

    mini_stream, mini_fat = bytearray(), []
    for entry in small:
        entry.start = len(mini_fat) if entry.data else _END
        count = _sectors(len(entry.data), MINI_SECTOR)
        mini_fat += _chain(entry.start, count)
        mini_stream += entry.data.ljust(count * MINI_SECTOR, b"\0")
    root.data = bytes(mini_stream)

    body, fat = bytearray(), []

    def place(data: bytes) -> int:
        count = _sectors(len(data), SECTOR)
        start = len(fat) if count else _END
        fat.extend(_chain(start, count))
        body.extend(data.ljust(count * SECTOR, b"\0"))
        return start

    for entry in large:
        entry.start = place(entry.data)
    root.start = place(root.data)
    mini_fat_bytes = struct.pack(f"<{len(mini_fat)}I", *mini_fat)
    mini_fat_bytes += b"\xff" * (-len(mini_fat_bytes) % SECTOR)
    mini_fat_start = place(mini_fat_bytes)
    directory = b"".join(_directory_entry(e) for e in entries)
    directory += _directory_entry(None) * (-len(entries) % (SECTOR // 128))
    directory_start = place(directory)

    fat_count = 0
    while fat_count * (SECTOR // 4) < len(fat) + fat_count:
        fat_count += 1
    if fat_count > _HEADER_FAT_SLOTS:
        raise ValueError("compound file too large for this writer (more than 109 FAT sectors)")
    fat_sectors = list(range(len(fat), len(fat) + fat_count))
    fat += [_FAT] * fat_count
    fat += [_FREE] * (fat_count * (SECTOR // 4) - len(fat))
    body += struct.pack(f"<{len(fat)}I", *fat)

    header = struct.pack(
        "<8s16sHHHHH6sIIIIIIIII", _SIGNATURE, b"\0" * 16, 0x003E, 3, 0xFFFE, 9, 6, b"\0" * 6,
        0, fat_count, directory_start, 0, MINI_CUTOFF,
        mini_fat_start if mini_fat else _END, _sectors(len(mini_fat) * 4, SECTOR), _END, 0)
    header += struct.pack(f"<{_HEADER_FAT_SLOTS}I", *(fat_sectors + [_FREE] * (_HEADER_FAT_SLOTS - fat_count)))
    return header + bytes(body)


def _tree(streams: dict[str, bytes]) -> _Entry:
    root = _Entry("Root Entry", _ROOT)
    for path, data in streams.items():
        *folders, name = path.split("/")
        node = root
        for folder in folders:
            node = next((c for c in node.children if c.name == folder and c.kind == _STORAGE), None) or \
                _add(node, _Entry(folder, _STORAGE))
        _add(node, _Entry(name, _STREAM, bytes(data)))
    return root


def _add(parent: _Entry, child: _Entry) -> _Entry:
    if len(child.name) > 31 or any(_key(c.name) == _key(child.name) for c in parent.children):
        raise ValueError(f"bad or duplicate compound file name: {child.name!r}")
    parent.children.append(child)
    return child


def _key(name: str) -> tuple[int, str]:
    """MS-CFB §2.6.4 name order: shorter names first, then by upper-cased characters."""
    return len(name), name.upper()


def _number(root: _Entry) -> list[_Entry]:
    """Entries in directory order (root, then each storage's children by name, depth first), linked."""
    entries: list[_Entry] = []

    def visit(entry: _Entry) -> int:
        index = len(entries)
        entries.append(entry)
        ordered = sorted(entry.children, key=lambda c: _key(c.name))
        ids = [visit(child) for child in ordered]
        entry.child = _balance(ordered, ids)
        return index

    visit(root)
    return entries


def _balance(ordered: list[_Entry], ids: list[int]) -> int:
    """Link sorted siblings as a balanced binary search tree; return the id of its top node."""
    if not ordered:
        return _NONE
    middle = len(ordered) // 2
    top = ordered[middle]
    top.left = _balance(ordered[:middle], ids[:middle])
    top.right = _balance(ordered[middle + 1:], ids[middle + 1:])
    return ids[middle]


def _directory_entry(entry: _Entry | None) -> bytes:
    if entry is None:
        return struct.pack("<64sHBBIII16sIQQIQ", b"", 0, 0, 0, _NONE, _NONE, _NONE, b"", 0, 0, 0, 0, 0)
    name = entry.name.encode("utf-16-le") + b"\0\0"
    size = len(entry.data) if entry.kind != _STORAGE else 0
    start = entry.start if entry.kind != _STORAGE else 0
    return struct.pack("<64sHBBIII16sIQQIQ", name, len(name), entry.kind, _BLACK, entry.left, entry.right,
                       entry.child, b"", 0, 0, 0, start, size)


def _sectors(size: int, sector: int) -> int:
    return -(-size // sector)


def _chain(start: int, count: int) -> list[int]:
    """FAT entries of ``count`` consecutive sectors from ``start``: each points at the next, the last ends."""
    return [start + i + 1 for i in range(count - 1)] + [_END] * (count > 0)
