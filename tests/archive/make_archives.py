#!/usr/bin/env python3
"""Writes the archives guarded_archive_test.cpp opens, good and hostile, into the folder given.

Python's zipfile writes what libzip would refuse to write (two entries of one name, '..' in a
name); what neither writes (a flipped byte, an encryption flag, a NUL or invalid UTF-8 in a
name) is patched into the bytes afterwards. Every archive is the same from run to run.
Usage: make_archives.py FOLDER
"""
import random
import struct
import sys
import zipfile
from pathlib import Path

WHEN = (2024, 1, 1, 0, 0, 0)


def info(name, method=zipfile.ZIP_DEFLATED):
    entry = zipfile.ZipInfo(name, date_time=WHEN)
    entry.compress_type = method
    return entry


def write(path, entries, method=zipfile.ZIP_DEFLATED, level=None):
    """entries: (name, bytes) pairs, or (name, bytes, method)."""
    with zipfile.ZipFile(path, "w", compresslevel=level) as archive:
        for entry in entries:
            name, data = entry[0], entry[1]
            archive.writestr(info(name, entry[2] if len(entry) > 2 else method), data)


def patch(path, old, new):
    data = Path(path).read_bytes()
    assert data.count(old) >= 1, (path, old)
    Path(path).write_bytes(data.replace(old, new))


def set_flag_bits(path, bits):
    """Sets general-purpose flag bits in every local and central header."""
    data = bytearray(Path(path).read_bytes())
    for signature, flags_at in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        at = data.find(signature)
        while at != -1:
            (flags,) = struct.unpack_from("<H", data, at + flags_at)
            struct.pack_into("<H", data, at + flags_at, flags | bits)
            at = data.find(signature, at + 4)
    Path(path).write_bytes(bytes(data))


def main(folder):
    out = Path(folder)
    out.mkdir(parents=True, exist_ok=True)
    noise = random.Random(29).randbytes(200 * 1024)  # does not compress: several stream pieces

    good = [
        ("[Content_Types].xml", b'<?xml version="1.0"?><Types xmlns="urn:x"/>'),
        ("xl/", b""),
        ("xl/workbook.xml", b'<?xml version="1.0"?>\n<workbook><sheets><sheet name="A"/></sheets></workbook>\n'),
        ("xl/\u00dcbersicht.xml", "<s>\u00fcber</s>".encode()),
        ("bin/noise.bin", noise, zipfile.ZIP_STORED),
        ("bin/zeros.bin", bytes(300 * 1024)),
    ]
    write(out / "good.zip", good)

    # 50 MiB of zeros, deflated to about 50 KiB: a ratio of about 1000.
    with zipfile.ZipFile(out / "bomb.zip", "w", compresslevel=9) as archive:
        with archive.open(info("xl/worksheets/sheet1.xml"), "w") as entry:
            block = bytes(1 << 20)
            for _ in range(50):
                entry.write(block)

    write(out / "many.zip", [(f"part{n}.xml", b"<a/>") for n in range(20)])
    write(out / "dotdot.zip", [("xl/../../evil.xml", b"<a/>")])
    write(out / "absolute.zip", [("/etc/passwd", b"root:x:0:0")])
    write(out / "drive.zip", [("C:/evil.xml", b"<a/>")])
    write(out / "drive-backslash.zip", [("C:\\x", b"<a/>")])
    write(out / "backslash.zip", [("xl\\workbook.xml", b"<a/>")])
    write(out / "dot.zip", [("./xl/workbook.xml", b"<a/>")])
    write(out / "empty-folder-name.zip", [("xl//workbook.xml", b"<a/>")])
    write(out / "deep.zip", [("a/b/c/d/e/f.xml", b"<a/>")])
    write(out / "long-name.zip", [("x" * 300 + ".xml", b"<a/>")])

    write(out / "duplicate.zip", [("xl/workbook.xml", b"<a/>"), ("xl/workbooK.xml", b"<b/>")])
    patch(out / "duplicate.zip", b"xl/workbooK.xml", b"xl/workbook.xml")

    write(out / "nul-name.zip", [("xl/a#b.xml", b"<a/>")])
    patch(out / "nul-name.zip", b"xl/a#b.xml", b"xl/a\0b.xml")

    write(out / "not-utf8.zip", [("xl/QQ.xml", b"<a/>")])
    patch(out / "not-utf8.zip", b"xl/QQ.xml", b"xl/\xff\xfe.xml")

    # Flag bit 0: the entry is encrypted (traditional PKWARE), as far as any reader can tell.
    write(out / "encrypted-flag.zip", [("xl/workbook.xml", b"<a/>")])
    set_flag_bits(out / "encrypted-flag.zip", 0x0001)

    write(out / "bzip2.zip", [("xl/workbook.xml", b"<workbook/>" * 10)], method=zipfile.ZIP_BZIP2)

    # One byte of a stored entry's data flipped: its CRC no longer matches.
    text = b"hello, checksum " * 64
    write(out / "crc.zip", [("data.txt", text)], method=zipfile.ZIP_STORED)
    data = bytearray((out / "crc.zip").read_bytes())
    at = data.find(text) + 100
    data[at] ^= 0x01
    (out / "crc.zip").write_bytes(bytes(data))

    whole = (out / "good.zip").read_bytes()
    (out / "truncated.zip").write_bytes(whole[: len(whole) // 2])
    (out / "truncated-end.zip").write_bytes(whole[:-10])
    (out / "not-a-zip.zip").write_bytes(b"this is not a zip archive\n" * 10)

    laughs = (
        b'<?xml version="1.0"?>\n<!DOCTYPE lolz [\n <!ENTITY lol "lol">\n'
        b' <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">\n'
        b' <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">\n'
        b']>\n<sst>&lol3;</sst>\n'
    )
    write(out / "laughs.zip", [("xl/sharedStrings.xml", laughs)])
    write(out / "deep-xml.zip", [("xl/sharedStrings.xml", b"<a>" * 300 + b"</a>" * 300)])


if __name__ == "__main__":
    main(sys.argv[1])
