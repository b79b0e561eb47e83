#!/usr/bin/python3
"""formwork_bench's second baseline for the workbook export: Python XlsxWriter (Debian's
python3-xlsxwriter) writing the same cells in constant_memory mode.

    xlsxwriter_baseline.py CELLS.csv OUT.xlsx

CELLS.csv, written by formwork_bench: a header row (the column titles), a row of types
(s text, n number, d date YYYY-MM-DD, t date and time YYYY-MM-DDThh:mm:ss, b boolean 1/0),
then the data. The file is read and its values converted to Python numbers, dates and
booleans first, untimed; then only the write is timed: the workbook, its header row
(bold, frozen), every cell by its type (dates with a yyyy-mm-dd format), the column
widths, the autofilter and close(). Prints "write_ns N" on standard output.
"""

import csv
import datetime
import sys
import time

import xlsxwriter


def main():
    source, destination = sys.argv[1], sys.argv[2]
    with open(source, newline="", encoding="utf-8") as f:
        reader = csv.reader(f)
        headers = next(reader)
        types = next(reader)
        convert = {
            "s": str,
            "n": float,
            "d": lambda v: datetime.date(int(v[0:4]), int(v[5:7]), int(v[8:10])),
            "t": lambda v: datetime.datetime(int(v[0:4]), int(v[5:7]), int(v[8:10]),
                                             int(v[11:13]), int(v[14:16]), int(v[17:19])),
            "b": lambda v: v == "1",
        }
        converters = [convert[t] for t in types]
        rows = [[c(v) for c, v in zip(converters, row)] for row in reader]

    start = time.perf_counter_ns()
    workbook = xlsxwriter.Workbook(destination, {"constant_memory": True})
    sheet = workbook.add_worksheet("bench-export")
    header = workbook.add_format({"bold": True, "bg_color": "#DDEBF7", "bottom": 1})
    date = workbook.add_format({"num_format": "yyyy-mm-dd"})
    stamp = workbook.add_format({"num_format": "yyyy-mm-dd hh:mm:ss"})
    for c, title in enumerate(headers):
        sheet.write_string(0, c, title, header)
    sheet.freeze_panes(1, 0)
    writers = []
    for t in types:
        if t == "s":
            writers.append(lambda r, c, v: sheet.write_string(r, c, v))
        elif t == "n":
            writers.append(lambda r, c, v: sheet.write_number(r, c, v))
        elif t == "d":
            writers.append(lambda r, c, v: sheet.write_datetime(r, c, v, date))
        elif t == "t":
            writers.append(lambda r, c, v: sheet.write_datetime(r, c, v, stamp))
        else:
            writers.append(lambda r, c, v: sheet.write_boolean(r, c, v))
    for r, row in enumerate(rows, start=1):
        for c, value in enumerate(row):
            writers[c](r, c, value)
    for c in range(len(headers)):
        sheet.set_column(c, c, 16)
    sheet.autofilter(0, 0, len(rows), len(headers) - 1)
    workbook.close()
    elapsed = time.perf_counter_ns() - start
    print(f"write_ns {elapsed}")


if __name__ == "__main__":
    main()
