#!/usr/bin/python3
"""Reads an .xlsx with openpyxl, an independent reader, for the workbook tests.

  read_workbook.py cells FILE        one line per fact, tab-separated, easy to parse in C++:
      sheet       NAME  STATE                    (visible / hidden)
      cell        NAME!A1  PYTYPE  DATA_TYPE  VALUE
      numfmt      NAME!A1  FORMAT                (date cells: their number format)
      fill        NAME!A1  RGB                   (cells with a solid fill)
      hidden      NAME  COLUMN                   (hidden columns)
      width       NAME  COLUMN  WIDTH
      freeze      NAME  CELL
      autofilter  NAME  REF
      merged      NAME  RANGE
      validation  NAME  SQREF  TYPE  FORMULA1  PROMPT_TITLE  PROMPT
      protected   NAME  OPTIONS                  (protected sheets: the things still allowed,
                                                  comma-separated: formatColumns, autoFilter...)
      conditional NAME  SQREF  TYPE  OPERATOR  FORMULA  FILL
      prop        NAME  VALUE                    (document properties that are set)
  read_workbook.py part FILE NAME    the bytes of one part of the package (a zip member)
  read_workbook.py parts FILE        the names of the package's parts

In every field, backslash, tab, newline and carriage return are written as \\\\, \\t, \\n
and \\r. Text cells are decoded as Excel decodes them (ECMA-376 ST_Xstring: _xHHHH_ is the
character U+HHHH): openpyxl 3.0.9 does not decode inline strings, which are all that
libxlsxwriter's constant-memory mode writes.
"""
import datetime
import re
import sys
import zipfile

XSTRING = re.compile(r"_x([0-9A-Fa-f]{4})_")


def escape(value):
    text = str(value)
    return text.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")


def excel_text(text):
    return XSTRING.sub(lambda m: chr(int(m.group(1), 16)), text)


def shown(value):
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (datetime.datetime, datetime.date, datetime.time)):
        return value.isoformat()
    if isinstance(value, str):
        return excel_text(value)
    return repr(value)


def line(*fields):
    sys.stdout.write("\t".join(escape(f) for f in fields) + "\n")


def colour(color):
    if color is None:
        return ""
    rgb = getattr(color, "rgb", None)
    return rgb if isinstance(rgb, str) else ""


def cells(path):
    import openpyxl

    workbook = openpyxl.load_workbook(path)
    for ws in workbook.worksheets:
        name = ws.title
        line("sheet", name, ws.sheet_state)
        for row in ws.iter_rows():
            for cell in row:
                if cell.value is None:
                    continue
                ref = "%s!%s" % (name, cell.coordinate)
                line("cell", ref, type(cell.value).__name__, cell.data_type, shown(cell.value))
                if isinstance(cell.value, (datetime.datetime, datetime.date)):
                    line("numfmt", ref, cell.number_format)
                if cell.fill is not None and cell.fill.fill_type == "solid":
                    line("fill", ref, colour(cell.fill.fgColor))
        for key, dimension in sorted(ws.column_dimensions.items()):
            if dimension.min is None:
                continue
            for index in range(dimension.min, (dimension.max or dimension.min) + 1):
                letter = openpyxl.utils.get_column_letter(index)
                if dimension.hidden:
                    line("hidden", name, letter)
                if dimension.customWidth:
                    line("width", name, letter, "%.2f" % dimension.width)
        if ws.freeze_panes:
            line("freeze", name, ws.freeze_panes)
        if ws.auto_filter.ref:
            line("autofilter", name, ws.auto_filter.ref)
        for merged in ws.merged_cells.ranges:
            line("merged", name, str(merged))
        for validation in ws.data_validations.dataValidation:
            line("validation", name, str(validation.sqref), validation.type or "", validation.formula1 or "",
                 validation.promptTitle or "", validation.prompt or "")
        if ws.protection.sheet:
            # In sheetProtection, an option set to false is one the protection allows.
            allowed = [option for option in ("selectLockedCells", "selectUnlockedCells", "formatCells", "formatColumns",
                                             "formatRows", "insertColumns", "insertRows", "insertHyperlinks",
                                             "deleteColumns", "deleteRows", "sort", "autoFilter", "pivotTables")
                       if getattr(ws.protection, option) is False]
            line("protected", name, ",".join(allowed))
        for formatting in ws.conditional_formatting:
            for rule in formatting.rules:
                fill = ""
                if rule.dxf is not None and rule.dxf.fill is not None:
                    fill = colour(rule.dxf.fill.bgColor) or colour(rule.dxf.fill.fgColor)
                line("conditional", name, str(formatting.sqref), rule.type or "", rule.operator or "",
                     ";".join(rule.formula or []), fill)
    properties = workbook.properties
    for key in ("title", "subject", "creator", "description", "keywords", "category", "lastModifiedBy", "created"):
        value = getattr(properties, key, None)
        if value not in (None, ""):
            line("prop", key, shown(value))


def main(argv):
    if len(argv) == 3 and argv[1] == "cells":
        cells(argv[2])
    elif len(argv) == 4 and argv[1] == "part":
        with zipfile.ZipFile(argv[2]) as package:
            sys.stdout.buffer.write(package.read(argv[3]))
    elif len(argv) == 3 and argv[1] == "parts":
        with zipfile.ZipFile(argv[2]) as package:
            for name in package.namelist():
                line(name)
    else:
        sys.stderr.write(__doc__)
        return 2
    return 0


if __name__ == "__main__":
    sys.stdout.reconfigure(encoding="utf-8")
    sys.exit(main(sys.argv))
