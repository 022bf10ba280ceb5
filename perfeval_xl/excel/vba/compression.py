"""MS-OVBA §2.4.1 compression: the run-length encoding of a VBA project's ``dir`` stream and module sources.

A compressed container is the signature byte 0x01 followed by chunks, each encoding up to 4096 bytes of
the decompressed data: a 2-byte header (size − 3 in bits 0–11, 0b011 in bits 12–14, bit 15 set when the
chunk holds tokens) and either token sequences (a flag byte, then eight literal bytes or 2-byte copy
tokens that point back into the same chunk) or 4096 raw bytes.

The compressor finds matches through a table of the 3-byte prefixes seen so far in the chunk (the
specification's exhaustive search gives the same kind of stream, only slower); it is deterministic, so
two builds give the same bytes. A chunk whose tokens would not fit in 4096 bytes is stored raw, as the
specification says; a raw chunk always holds 4096 bytes, so an incompressible *last* chunk shorter than
that comes back padded with zero bytes (text never compresses that badly; :func:`compress` callers that
need the exact bytes back check the round trip).
"""

from __future__ import annotations

CHUNK_SIZE = 4096
_SIGNATURE = 0x01
_COMPRESSED = 0x8000
_CHUNK_SIGNATURE = 0x3000
#: Nearest earlier positions tried per match (bounds the work on text with many equal prefixes).
_CANDIDATES = 256


def compress(data: bytes) -> bytes:
    """The compressed container of ``data``."""
    out = bytearray([_SIGNATURE])
    for start in range(0, len(data), CHUNK_SIZE):
        out += _chunk(data[start:start + CHUNK_SIZE])
    return bytes(out)


def decompress(container: bytes) -> bytes:
    """The bytes a compressed container encodes; ``ValueError`` when it is not one."""
    if not container or container[0] != _SIGNATURE:
        raise ValueError("not an MS-OVBA compressed container (signature byte)")
    out = bytearray()
    pos = 1
    while pos < len(container):
        if pos + 2 > len(container):
            raise ValueError("truncated chunk header")
        header = int.from_bytes(container[pos:pos + 2], "little")
        if header & 0x7000 != _CHUNK_SIGNATURE:
            raise ValueError("bad chunk signature")
        end = min(pos + (header & 0x0FFF) + 3, len(container))
        pos += 2
        if not header & _COMPRESSED:
            out += container[pos:pos + CHUNK_SIZE]
            pos += CHUNK_SIZE
            continue
        chunk_start = len(out)
        while pos < end:
            flags = container[pos]
            pos += 1
            for bit in range(8):
                if pos >= end:
                    break
                if not flags >> bit & 1:
                    out.append(container[pos])
                    pos += 1
                    continue
                if pos + 2 > end:
                    raise ValueError("truncated copy token")
                token = int.from_bytes(container[pos:pos + 2], "little")
                pos += 2
                bits = _offset_bits(len(out) - chunk_start)
                length = (token & (0xFFFF >> bits)) + 3
                offset = (token >> (16 - bits)) + 1
                source = len(out) - offset
                if source < chunk_start:
                    raise ValueError("copy token points before its chunk")
                for i in range(length):  # byte by byte: a copy may overlap what it writes
                    out.append(out[source + i])
    return bytes(out)


def _offset_bits(difference: int) -> int:
    """Bits of a copy token's offset at ``difference`` bytes into the chunk (§2.4.1.3.19.3)."""
    return max((difference - 1).bit_length(), 4)


def _chunk(data: bytes) -> bytes:
    """One chunk with its header: tokens, or the raw 4096 bytes when tokens would not fit."""
    tokens = _tokens(data)
    if len(tokens) > CHUNK_SIZE:
        return (_CHUNK_SIGNATURE | (CHUNK_SIZE - 1)).to_bytes(2, "little") + data.ljust(CHUNK_SIZE, b"\0")
    header = _COMPRESSED | _CHUNK_SIGNATURE | (len(tokens) + 2 - 3)
    return header.to_bytes(2, "little") + tokens


def _tokens(data: bytes) -> bytes:
    out = bytearray()
    seen: dict[bytes, list[int]] = {}
    pos = 0
    while pos < len(data):
        flag_at = len(out)
        out.append(0)
        for bit in range(8):
            if pos >= len(data):
                break
            offset, length = _match(data, pos, seen)
            if length:
                bits = _offset_bits(pos)
                token = ((offset - 1) << (16 - bits)) | (length - 3)
                out += token.to_bytes(2, "little")
                out[flag_at] |= 1 << bit
            else:
                out.append(data[pos])
                length = 1
            for i in range(pos, pos + length):
                seen.setdefault(data[i:i + 3], []).append(i)
            pos += length
    return bytes(out)


def _match(data: bytes, pos: int, seen: dict[bytes, list[int]]) -> tuple[int, int]:
    """(offset, length) of the longest earlier match of at least 3 bytes at ``pos``, else (0, 0)."""
    limit = min((0xFFFF >> _offset_bits(pos)) + 3, len(data) - pos)
    if limit < 3:
        return 0, 0
    best, best_at = 0, 0
    for candidate in reversed(seen.get(data[pos:pos + 3], ())[-_CANDIDATES:]):
        length = _common_length(data, candidate, pos, limit)
        if length > best:
            best, best_at = length, candidate
            if best == limit:
                break
    return (pos - best_at, best) if best >= 3 else (0, 0)


def _common_length(data: bytes, a: int, b: int, limit: int) -> int:
    """The longest n ≤ limit with data[a:a+n] == data[b:b+n] (a < b; the spans may overlap, as copies do)."""
    low, high = 0, limit
    while low < high:
        middle = (low + high + 1) // 2
        if data[a:a + middle] == data[b:b + middle]:
            low = middle
        else:
            high = middle - 1
    return low
