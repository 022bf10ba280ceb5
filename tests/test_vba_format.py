"""The VBA project format code of the add-in builder, checked against independent readers.

MS-OVBA compression (``perfeval_xl.excel.vba.compression``) against oletools' decompressor and the
specification's own examples (§3.2); the compound file writer (``perfeval_xl.excel.vba.cfb``) against
olefile's strict parser.
"""

from __future__ import annotations

import io
import random
import zipfile
from pathlib import Path

import olefile
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from oletools.olevba import VBA_Parser, decompress_stream

from perfeval_xl.excel.vba import cfb
from perfeval_xl.excel.vba.compression import compress, decompress


def oletools_decompress(container: bytes) -> bytes:
    return bytes(decompress_stream(bytearray(container)))


def template_streams() -> dict[str, bytes]:
    import xlwings

    template = Path(xlwings.__file__).parent / "quickstart_addin_ribbon.xlam"
    with zipfile.ZipFile(template) as z:
        data = z.read("xl/vbaProject.bin")
    with olefile.OleFileIO(io.BytesIO(data)) as ole:
        return {"/".join(path): ole.openstream(path).read() for path in ole.listdir()}


def read_back(data: bytes) -> dict[str, bytes]:
    with olefile.OleFileIO(io.BytesIO(data), raise_defects=olefile.DEFECT_INCORRECT) as ole:
        return {"/".join(path): ole.openstream(path).read() for path in ole.listdir()}


# MS-OVBA §3.2.1 and §3.2.2: a string and the compressed container the specification gives for it.
SPEC_EXAMPLES = [
    (b"abcdefghijklmnopqrstuv.",
     "01 19 B0 00 61 62 63 64 65 66 67 68 00 69 6A 6B 6C 6D 6E 6F 70 00 71 72 73 74 75 76 2E"),
    (b"#aaabcdefaaaaghijaaaaaklaaamnopqaaaaaaaaaaaarstuvwxyzaaa",
     "01 2F B0 00 23 61 61 61 62 63 64 65 82 66 00 70 61 67 68 69 6A 01 38 08 61 6B 6C 00 20 6D 6E 6F 70 06 71 02 "
     "70 04 00 72 73 74 75 76 10 77 78 79 7A 00 2C"),
]


@pytest.mark.parametrize(("plain", "container"), SPEC_EXAMPLES)
def test_compression_gives_the_specification_examples(plain, container):
    assert compress(plain) == bytes.fromhex(container)
    assert decompress(bytes.fromhex(container)) == plain


def template_sources() -> list[bytes]:
    """The template's module sources as olevba extracts them."""
    import xlwings

    parser = VBA_Parser(str(Path(xlwings.__file__).parent / "quickstart_addin_ribbon.xlam"))
    try:
        return [code.encode("latin-1") for _, _, _, code in parser.extract_macros()]
    finally:
        parser.close()


def test_template_sources_over_4_kb_round_trip():
    """The template's real modules (the xlwings module is 44 KB of VBA, eleven chunks)."""
    sources = template_sources()
    assert len(sources) == 5 and sum(len(source) > 4 * 4096 for source in sources) == 1
    for source in sources:
        packed = compress(source)
        assert oletools_decompress(packed) == source
        assert len(packed) < len(source)  # text compresses; no chunk is stored raw


def test_our_decompressor_reads_what_office_wrote():
    streams = template_streams()
    for name in ("VBA/dir", "VBA/xlwings"):  # streams without p-code in front of the compressed data
        assert decompress(streams[name]) == oletools_decompress(streams[name])


@pytest.mark.parametrize("plain", [b"", b"a", b"a" * 100_000, b"ab" * 30_000, b"\0" * 4096, b"xyz" * 1365 + b"x"])
def test_long_runs_round_trip(plain):
    packed = compress(plain)
    assert oletools_decompress(packed) == plain
    assert len(packed) < 64 + len(plain) // 50  # a run costs a few bytes per chunk


@pytest.mark.parametrize("size", [4096, 3 * 4096, 2 * 4096 + 100, 5 * 4096 + 3640])
def test_random_bytes_round_trip(size):
    plain = random.Random(size).randbytes(size)
    packed = compress(plain)
    assert oletools_decompress(packed) == plain
    assert decompress(packed) == plain


def test_an_incompressible_short_last_chunk_is_stored_raw_and_padded_as_the_specification_says():
    """A raw chunk always holds 4096 bytes (§2.4.1.1.6), so 4000 random bytes come back with 96 zeros."""
    plain = random.Random(7).randbytes(4000)
    packed = compress(plain)
    assert packed[2] & 0x80 == 0  # chunk header: not compressed
    assert oletools_decompress(packed) == plain + b"\0" * 96


@settings(max_examples=60, deadline=None)
@given(st.one_of(st.binary(max_size=12_000),
                 st.text(alphabet="ab \r\nFunction(),=", max_size=12_000).map(str.encode),
                 st.lists(st.sampled_from([b"Dim ", b"x", b" As Variant\r\n", b"\0" * 40, b"End Sub\r\n"]),
                          max_size=2000).map(b"".join)))
def test_any_bytes_round_trip(plain):
    unpacked = oletools_decompress(compress(plain))
    assert unpacked[:len(plain)] == plain
    tail = unpacked[len(plain):]
    # only an incompressible last chunk is padded, and only with zeros up to the chunk boundary
    assert tail == b"" or (tail == b"\0" * len(tail) and len(unpacked) % 4096 == 0)
    assert decompress(compress(plain)) == unpacked


def test_compound_file_holds_the_template_streams_exactly():
    streams = template_streams()
    written = cfb.write(streams)
    assert read_back(written) == streams
    assert cfb.write(dict(reversed(list(streams.items())))) == written  # order of the input does not matter


def test_compound_file_with_nested_storages_large_and_empty_streams():
    streams = {"a": b"x" * 5000, "b/c": b"", "b/d/e": b"y" * 10, "b/d/Long Name Of A Stream": bytes(range(256)) * 40,
               **{f"many/s{i}": bytes([i]) * (i * 97) for i in range(40)}}
    assert read_back(cfb.write(streams)) == streams


def test_compound_file_larger_than_one_fat_sector_covers():
    streams = {f"s{i}": bytes([i]) * 70_000 for i in range(20)}  # 2,700+ sectors: 22 FAT sectors
    assert read_back(cfb.write(streams)) == streams
