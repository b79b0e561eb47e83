#!/usr/bin/env python3
"""Writes the archive fuzz target's seeds (tests/fuzz/seeds/archive/, docs/fuzzing.md): tiny zips,
a few hundred bytes each, that lead the fuzzer to each path of the guarded archive module: a
small xlsx package, stored and deflated entries, a folder, and the refusals (a DOCTYPE, '..',
a ratio past the target's limit, a flipped byte). Run it again after changing it; the output is
the same from run to run. Usage: make_archive_seeds.py [FOLDER]
"""
import sys
import zipfile
from pathlib import Path

WHEN = (2024, 1, 1, 0, 0, 0)


def write(path, entries):
    """entries: (name, bytes, method) triples."""
    with zipfile.ZipFile(path, "w", compresslevel=9) as archive:
        for name, data, method in entries:
            entry = zipfile.ZipInfo(name, date_time=WHEN)
            entry.compress_type = method
            entry.external_attr = 0o644 << 16
            archive.writestr(entry, data)


def main(folder):
    out = Path(folder)
    out.mkdir(parents=True, exist_ok=True)
    D, S = zipfile.ZIP_DEFLATED, zipfile.ZIP_STORED
    write(out / "small-xlsx.zip", [
        ("[Content_Types].xml", b'<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>', D),
        ("_rels/.rels", b'<Relationships><Relationship Id="r1" Target="xl/workbook.xml"/></Relationships>', D),
        ("xl/workbook.xml", b'<workbook><sheets><sheet name="A" r:id="r1"/></sheets></workbook>', D),
        ("xl/sharedStrings.xml", b'<sst><si><t xml:space="preserve"> </t></si></sst>', D),
        ("xl/worksheets/sheet1.xml", b'<worksheet><sheetData><row r="1"><c r="A1" t="s"><v>0</v></c></row></sheetData></worksheet>', D),
    ])
    write(out / "stored.zip", [("xl/workbook.xml", b"<workbook/>", S), ("data.bin", b"\x00\x01\x02\x03", S)])
    write(out / "folder.zip", [("xl/", b"", S), ("xl/styles.xml", b"<styleSheet><numFmts/></styleSheet>", D)])
    write(out / "doctype.zip", [("xl/sharedStrings.xml", b'<!DOCTYPE s [<!ENTITY e "e">]><s>&e;</s>', D)])
    write(out / "dotdot.zip", [("xl/../evil.xml", b"<a/>", D)])
    write(out / "ratio.zip", [("xl/worksheets/sheet1.xml", bytes(200 * 1024), D)])
    write(out / "deep-xml.zip", [("xl/deep.xml", b"<a>" * 80 + b"</a>" * 80, D)])
    text = b"checksum " * 8
    write(out / "crc.zip", [("data.txt", text, S)])
    flipped = bytearray((out / "crc.zip").read_bytes())
    flipped[flipped.find(text) + 3] ^= 0x01
    (out / "crc.zip").write_bytes(bytes(flipped))


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else Path(__file__).resolve().parent / "archive")
