#!/usr/bin/python3
"""Reads a CSV export with Python's csv module, an independent reader, for the CSV tests.

  read_csv.py FILE       first line: "bom" or "no-bom"; then "crlf" or "not-crlf" (whether
                         every line of the file ends CR LF, as RFC 4180 has it); then one line
                         per row, its fields tab-separated

In every field, backslash, tab, newline and carriage return are written as \\\\, \\t, \\n
and \\r. The file must be UTF-8: a byte that is not fails the reader (exit 1).
"""
import csv
import io
import sys


def escape(value):
    return value.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")


def main():
    data = open(sys.argv[1], "rb").read()
    bom = data.startswith(b"\xef\xbb\xbf")
    text = data.decode("utf-8-sig")
    # Outside quoted fields every line ends CR LF: the reader below would accept bare LFs too.
    rows = list(csv.reader(io.StringIO(text, newline=""), dialect="excel", strict=True))
    quoted = False
    crlf = text.endswith("\r\n") or text == ""
    for i, c in enumerate(text):
        if c == '"':
            quoted = not quoted
        elif c == "\n" and not quoted and (i == 0 or text[i - 1] != "\r"):
            crlf = False
    print("bom" if bom else "no-bom")
    print("crlf" if crlf else "not-crlf")
    for row in rows:
        print("\t".join(escape(field) for field in row))


main()
