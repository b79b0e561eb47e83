#!/usr/bin/python3
"""Edits a workbook as an officer would in Excel, with openpyxl (an independent writer).

    edit_workbook.py IN.xlsx OUT.xlsx EDITS.json     columns by their headings, as people see them
    edit_workbook.py IN.xlsx OUT.xlsx STEP...        columns by their field paths (Fields sheet)

STEPs (tests/cli/workbook_import_test.sh, tests/gui/workbook_import_dialog_test.cpp): each
column is found by its field path in the Fields sheet, each records or table sheet by its form
there, each record's row by its id:
  set FORM ID PATH VALUE             a cell of record ID's row on its form's records sheet;
                                     a VALUE starting with = is written as a formula
  row FORM TABLE ID PATH=VALUE...    a new row on the sheet of the form's TABLE, for record ID
  new FORM PATH=VALUE...             a new record's row on the form's records sheet

EDITS is a list of edits, each an object with one key:
  {"set": [SHEET, HEADING, ROW, VALUE]}   a cell, by its column's heading; ROW is the sheet's
                                           row number, or {"id": RECORD_ID} for the first row
                                           whose "Record id" cell holds it, or
                                           {"id": RECORD_ID, "row": N} for that record's row
                                           whose "Row" cell is N, or {"key": KEY} with it for a
                                           fixed table's row key
  {"append": [SHEET, {HEADING: VALUE, ...}]} a new row under the last
  {"delete": [SHEET, ROW]}                 removes a row (ROW as for "set")
VALUE is a string, a number, true/false, null (a cleared cell), {"formula": "=1+1"},
{"text": "=looks like a formula"} (text, as Excel keeps text typed after an apostrophe) or
{"date": "YYYY-MM-DD"} (a date cell, formatted dd/mm/yyyy as an officer's Excel would).
"""
import datetime
import json
import sys

import openpyxl


def column_of(sheet, heading):
    for cell in sheet[1]:
        if cell.value == heading:
            return cell.column
    raise SystemExit(f"no heading {heading!r} on sheet {sheet.title!r}")


def row_of(sheet, where):
    if isinstance(where, int):
        return where
    id_column = column_of(sheet, "Record id")
    for row in range(2, sheet.max_row + 1):
        if sheet.cell(row, id_column).value != where["id"]:
            continue
        if "row" in where and sheet.cell(row, column_of(sheet, "Row")).value != where["row"]:
            continue
        if "key" in where and sheet.cell(row, column_of(sheet, "Row key")).value != where["key"]:
            continue
        return row
    raise SystemExit(f"no row {where!r} on sheet {sheet.title!r}")


def put(cell, value):
    if isinstance(value, dict) and "formula" in value:
        cell.value = value["formula"]
    elif isinstance(value, dict) and "text" in value:
        cell.value = value["text"]
        cell.data_type = "s"
    elif isinstance(value, dict) and "date" in value:
        cell.value = datetime.date.fromisoformat(value["date"])
        cell.number_format = "dd/mm/yyyy"
    else:
        cell.value = value


def apply_steps(book, steps):
    columns = {}  # sheet -> {path: column index}
    forms = {}    # sheet -> form id
    fields = book["Fields"]
    headings = [cell.value for cell in fields[1]]
    sheet_at, letter_at, path_at, form_at = (headings.index(h) for h in ("Sheet", "Column", "Field path", "Form"))
    for row in fields.iter_rows(min_row=2, values_only=True):
        if not row[path_at]:
            continue
        columns.setdefault(row[sheet_at], {})[row[path_at]] = openpyxl.utils.column_index_from_string(row[letter_at])
        forms[row[sheet_at]] = row[form_at]

    def records_sheet(form):
        for sheet, paths in columns.items():
            if forms[sheet] == form and "meta/revision" in paths:
                return sheet
        raise SystemExit("no records sheet of " + form)

    def table_sheet(form, table):
        for sheet, paths in columns.items():
            if forms[sheet] == form and any(p.startswith(table + "/row/") for p in paths):
                return sheet
        raise SystemExit("no sheet of table " + table)

    def row_of_record(sheet, record_id):
        ws, at = book[sheet], columns[sheet]["meta/id"]
        for row in range(2, ws.max_row + 1):
            if ws.cell(row=row, column=at).value == record_id:
                return row
        raise SystemExit("no row of " + record_id + " on " + sheet)

    at = 0
    while at < len(steps):
        kind = steps[at]
        if kind == "set":
            form, record_id, path, value = steps[at + 1:at + 5]
            sheet = records_sheet(form)
            book[sheet].cell(row=row_of_record(sheet, record_id), column=columns[sheet][path]).value = value
            at += 5
        elif kind in ("row", "new"):
            end = at + 1
            while end < len(steps) and steps[end] not in ("set", "row", "new"):
                end += 1
            if kind == "row":
                form, table, record_id = steps[at + 1:at + 4]
                values = [item.split("=", 1) for item in steps[at + 4:end]]
                sheet = table_sheet(form, table)
                values.append(("meta/id", record_id))
            else:
                form = steps[at + 1]
                values = [item.split("=", 1) for item in steps[at + 2:end]]
                sheet = records_sheet(form)
            ws = book[sheet]
            row = ws.max_row + 1
            for path, value in values:
                ws.cell(row=row, column=columns[sheet][path]).value = value
            at = end
        else:
            raise SystemExit("unknown step " + kind)


def main():
    source, target = sys.argv[1:3]
    book = openpyxl.load_workbook(source)
    if len(sys.argv) != 4 or not sys.argv[3].endswith(".json"):
        apply_steps(book, sys.argv[3:])
        book.save(target)
        return
    edits_file = sys.argv[3]
    with open(edits_file, encoding="utf-8") as edits:
        for edit in json.load(edits):
            (kind, arguments), = edit.items()
            if kind == "set":
                sheet_name, heading, where, value = arguments
                sheet = book[sheet_name]
                put(sheet.cell(row_of(sheet, where), column_of(sheet, heading)), value)
            elif kind == "append":
                sheet_name, values = arguments
                sheet = book[sheet_name]
                row = sheet.max_row + 1
                for heading, value in values.items():
                    put(sheet.cell(row, column_of(sheet, heading)), value)
            elif kind == "delete":
                sheet_name, where = arguments
                sheet = book[sheet_name]
                sheet.delete_rows(row_of(sheet, where))
            else:
                raise SystemExit(f"no edit {kind!r}")
    book.save(target)


if __name__ == "__main__":
    main()
