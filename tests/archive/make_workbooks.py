#!/usr/bin/env python3
"""Writes the workbooks xlsx_package_test.cpp reads into the folder given, and the fuzz seeds.

openpyxl writes what it can (values, numbers, dates and times under built-in and custom formats,
the 1904 system, a hidden sheet, defined names, an odd sheet name); what openpyxl 3.0 does not
write (shared strings, rich text and phonetic runs, _xHHHH_ escapes, shared formulas, cells and
rows without references, t="d" cells, and every malformed part) is written by hand with zipfile.

Usage: make_workbooks.py FOLDER              every workbook of the tests
       make_workbooks.py --libreoffice FOLDER  FOLDER/values.xlsx re-saved by LibreOffice into
                                             FOLDER/libreoffice/values.xlsx
       make_workbooks.py --seeds FOLDER        the fuzz target's seeds (tests/fuzz/seeds/workbook)
"""
import datetime
import os
import subprocess
import sys
import tempfile
import zipfile
from html import escape
from pathlib import Path

WHEN = (2024, 1, 1, 0, 0, 0)
MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG = "http://schemas.openxmlformats.org/package/2006/relationships"


def write_parts(path, entries):
    """The fuzz target's other input: each part a line "@@ NAME" and its text (workbook_fuzz.cpp)."""
    Path(path).write_text("".join(f"@@ {name}\n{data}\n" for name, data in entries), encoding="utf-8")


def write_zip(path, entries):
    if Path(path).suffix == ".parts":
        write_parts(path, entries)
        return
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in entries:
            entry = zipfile.ZipInfo(name, date_time=WHEN)
            entry.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(entry, data)


def sheet_xml(sheet_data, prefix=""):
    p = prefix + ":" if prefix else ""
    if prefix:
        sheet_data = sheet_data.replace("</", "\0").replace("<", "<" + p).replace("\0", "</" + p)
    xmlns = f'xmlns:{prefix}="{MAIN}"' if prefix else f'xmlns="{MAIN}"'
    return f'<?xml version="1.0" encoding="UTF-8"?>\n<{p}worksheet {xmlns}><{p}sheetData>{sheet_data}</{p}sheetData></{p}worksheet>'


def handmade(path, sheets, shared=None, styles=None, names="", date1904=False, absolute_targets=False,
             root_relationships=True, workbook_part="xl/workbook.xml", extra=()):
    """sheets: (name, worksheet xml, state or None). shared: a list of <si> bodies."""
    folder = workbook_part.rsplit("/", 1)[0]
    rels = []
    sheet_elements = []
    entries = [("[Content_Types].xml",
                '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
                '<Default Extension="xml" ContentType="application/xml"/></Types>')]
    for number, (name, xml, state) in enumerate(sheets, 1):
        target = f"worksheets/sheet{number}.xml"
        rels.append((f"rId{number}", "worksheet", ("/" + folder + "/" if absolute_targets else "") + target))
        state_attribute = f' state="{state}"' if state else ""
        sheet_elements.append(f'<sheet name="{name}" sheetId="{number}"{state_attribute} r:id="rId{number}"/>')
        entries.append((f"{folder}/{target}", xml))
    if shared is not None:
        rels.append(("rIdS", "sharedStrings", "sharedStrings.xml"))
        items = "".join(f"<si>{body}</si>" for body in shared)
        entries.append((f"{folder}/sharedStrings.xml",
                        f'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="{MAIN}" count="{len(shared)}" uniqueCount="{len(shared)}">{items}</sst>'))
    if styles is not None:
        rels.append(("rIdT", "styles", "styles.xml"))
        entries.append((f"{folder}/styles.xml", styles))
    pr = '<workbookPr date1904="1"/>' if date1904 else ""
    defined = f"<definedNames>{names}</definedNames>" if names else ""
    entries.append((workbook_part,
                    f'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{MAIN}" xmlns:r="{REL}">{pr}'
                    f'<sheets>{"".join(sheet_elements)}</sheets>{defined}</workbook>'))
    relationship_list = "".join(f'<Relationship Id="{i}" Type="{REL}/{t}" Target="{target}"/>' for i, t, target in rels)
    file = workbook_part.rsplit("/", 1)[1]
    entries.append((f"{folder}/_rels/{file}.rels",
                    f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{PKG}">{relationship_list}</Relationships>'))
    if root_relationships:
        entries.append(("_rels/.rels",
                        f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{PKG}">'
                        f'<Relationship Id="rId1" Type="{REL}/officeDocument" Target="{workbook_part}"/></Relationships>'))
    entries.extend(extra)
    write_zip(path, entries)


def styles_xml(formats, cell_formats):
    """formats: (id, code); cell_formats: numFmtId for each cellXfs entry."""
    numfmts = "".join(f'<numFmt numFmtId="{i}" formatCode="{escape(code, quote=True)}"/>' for i, code in formats)
    xfs = "".join(f'<xf numFmtId="{i}" fontId="0" fillId="0" borderId="0" xfId="0"/>' for i in cell_formats)
    return (f'<?xml version="1.0" encoding="UTF-8"?><styleSheet xmlns="{MAIN}"><numFmts count="{len(formats)}">{numfmts}</numFmts>'
            f'<cellXfs count="{len(cell_formats)}">{xfs}</cellXfs></styleSheet>')


def openpyxl_workbooks(folder):
    import openpyxl
    from openpyxl.workbook.defined_name import DefinedName

    # values.xlsx: what the importer meets in a workbook openpyxl edited. Row by row:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Values"
    rows = [
        ("text", "plain text"),
        ("number", 3.25),
        ("integer", -17),
        ("big integer", 12345678901234567890),
        ("true", True),
        ("false", False),
        ("error", "#N/A"),
        ("formula", "=1+2"),
        ("date builtin 14", datetime.date(2024, 3, 15)),
        ("date dd/mm/yyyy", datetime.date(2024, 3, 16)),
        ("date d mmm yyyy", datetime.date(2024, 3, 17)),
        ("date locale", datetime.date(2024, 3, 18)),
        ("time", datetime.time(13, 30)),
        ("datetime", datetime.datetime(2024, 3, 15, 9, 45)),
        ("decimal 0.00", 2.5),
        ("scientific", 1234.5),
        ("date default", datetime.date(1900, 2, 28)),
        ("date after phantom", datetime.date(1900, 3, 1)),
    ]
    formats = {
        "date builtin 14": "mm-dd-yy",
        "date dd/mm/yyyy": "dd/mm/yyyy",
        "date d mmm yyyy": "d mmm yyyy",
        "date locale": "[$-809]dd mmmm yyyy;@",
        "time": "h:mm",
        "datetime": "yyyy-mm-dd h:mm:ss",
        "decimal 0.00": "0.00",
        "scientific": "0.00E+00",
    }
    for label, value in rows:
        ws.append([label, value])
        if label in formats:
            ws.cell(row=ws.max_row, column=2).number_format = formats[label]
    hidden = wb.create_sheet("Hidden")
    hidden["A1"] = "kept out of sight"
    hidden.sheet_state = "hidden"
    odd = wb.create_sheet("O'Brien – café")
    odd["A1"] = "Ünïcödé"
    wb.defined_names.append(DefinedName("formwork_records", attr_text="Values!$A$1:$B$18"))
    local = DefinedName("local_only", attr_text="Values!$A$1", localSheetId=0)
    wb.defined_names.append(local)
    wb.save(folder / "values.xlsx")

    wb = openpyxl.Workbook()
    wb.epoch = openpyxl.utils.datetime.CALENDAR_MAC_1904
    ws = wb.active
    ws.title = "Mac"
    ws["A1"] = datetime.date(2024, 3, 15)
    ws["A1"].number_format = "dd/mm/yyyy"
    ws["A2"] = datetime.date(1904, 1, 1)
    ws["A2"].number_format = "dd/mm/yyyy"
    wb.save(folder / "date1904.xlsx")


def handmade_workbooks(folder):
    shared = [
        "<t>first</t>",
        # rich text: runs joined, phonetic runs and their properties left out
        '<r><t>Rich </t></r><r><rPr><b/></rPr><t xml:space="preserve">bold </t></r><r><t>end</t></r>'
        '<rPh sb="0" eb="1"><t>PHONETIC</t></rPh><phoneticPr fontId="1"/>',
        "<t>_x005F_x0041_</t>",          # "_x0041_" as typed
        "<t>bell_x0007_ring</t>",        # a control character
        "<t>_x0041__x00e9__x00E9_</t>",  # escapes, either case
        '<t xml:space="preserve">  </t>',  # spaces only
        "<t>_xD83D__xDE00_</t>",         # a surrogate pair
    ]
    styles = styles_xml([(164, "dd/mm/yyyy"), (165, "[h]:mm"), (166, '"day" 0'), (167, "mm:ss"), (168, "[Red]0.00;[Blue]-0.00"),
                         (169, "_(* #,##0.00_)"), (170, "mmm-yy"), (171, "h:mm AM/PM"), (172, "\\d0"), (173, "General")],
                        [0, 164, 165, 166, 14, 167, 168, 169, 170, 171, 172, 173])
    cells = (
        '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="s"><v>2</v></c>'
        '<c r="D1" t="s"><v>3</v></c><c r="E1" t="s"><v>4</v></c><c r="F1" t="s"><v>5</v></c><c r="G1" t="s"><v>6</v></c></row>'
        # a styled blank, an empty value, then values without references
        '<row r="2"><c r="A2" s="1"/><c r="B2"><v></v></c><c><v>7</v></c><c t="b"><v>1</v></c></row>'
        '<row><c><v>12345678901234567890</v></c></row>'  # row 3, exact digits kept as text
        # shared formulas: the master has the text, followers none; an array formula
        '<row r="5"><c r="A5"><f t="shared" ref="A5:A6" si="0">B5*2</f><v>4</v></c><c r="B5"><v>2</v></c>'
        '<c r="C5"><f t="array" ref="C5">SUM(B5:B6)</f><v>5</v></c><c r="D5" t="str"><f>"a"&amp;"b"</f><v>ab</v></c></row>'
        '<row r="6"><c r="A6"><f t="shared" si="0"/><v>6</v></c><c r="B6"><v>3</v></c><c r="C6"><f>1+2</f></c></row>'
        # styles: a custom date, elapsed time, a quoted "day" that is no date, built-in 14
        '<row r="7"><c r="A7" s="1"><v>45366</v></c><c r="B7" s="2"><v>1.5</v></c><c r="C7" s="3"><v>4</v></c>'
        '<c r="D7" s="4"><v>45367</v></c><c r="E7" t="d"><v>2024-03-15</v></c><c r="F7" t="d"><v>2024-03-15T12:00:00</v></c>'
        '<c r="G7" t="e"><v>#DIV/0!</v></c></row>'
        # more formats: minutes, colours, padding and fill, a month name, AM/PM, an escaped d, General
        '<row r="8">' + "".join(f'<c s="{style}"><v>1</v></c>' for style in range(5, 12)) + '</row>'
    )
    inline = (
        '<row r="1"><c r="A1" t="inlineStr"><is><t>inline</t></is></c>'
        '<c r="B1" t="inlineStr"><is><r><t>in</t></r><r><t>line runs</t></r></is></c>'
        '<c r="C1" t="inlineStr"><is><t>x_x0009_y</t></is></c></row>'
    )
    handmade(folder / "handmade.xlsx",
             [("Strings", sheet_xml(cells), None), ("Inline", sheet_xml(inline, prefix="x"), "veryHidden")],
             shared=shared, styles=styles, absolute_targets=True,
             names='<definedName name="_xlnm.Print_Area" localSheetId="0">Strings!$A$1</definedName>'
                   '<definedName name="formwork_ids">Strings!$A$1:$A$3</definedName>')

    # No _rels/.rels: the workbook part is found where every writer puts it.
    handmade(folder / "no-package-relationships.xlsx", [("Only", sheet_xml('<row r="1"><c r="A1"><v>1</v></c></row>'), None)],
             root_relationships=False)

    # Malformed: each refused, naming its part and cell.
    def one_sheet(name, data, **options):
        handmade(folder / name, [("Bad", sheet_xml(data), None)], **options)

    one_sheet("bad-shared-index.xlsx", '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>5</v></c></row>', shared=["<t>only</t>"])
    one_sheet("bad-reference.xlsx", '<row r="1"><c r="ZZZZ1"><v>1</v></c></row>')
    one_sheet("bad-number.xlsx", '<row r="3"><c r="C3"><v>12abc</v></c></row>')
    one_sheet("bad-style.xlsx", '<row r="1"><c r="B1" s="9"><v>1</v></c></row>', styles=styles_xml([], [0, 14]))
    one_sheet("backwards-cells.xlsx", '<row r="2"><c r="C2"><v>1</v></c><c r="B2"><v>2</v></c></row>')
    one_sheet("backwards-rows.xlsx", '<row r="4"><c r="A4"><v>1</v></c></row><row r="2"><c r="A2"><v>2</v></c></row>')
    one_sheet("wrong-row.xlsx", '<row r="2"><c r="A3"><v>1</v></c></row>')
    one_sheet("bad-boolean.xlsx", '<row r="1"><c r="A1" t="b"><v>yes</v></c></row>')
    one_sheet("bad-type.xlsx", '<row r="1"><c r="A1" t="q"><v>1</v></c></row>')
    one_sheet("infinite.xlsx", '<row r="1"><c r="A1"><v>inf</v></c></row>')
    doctype = ('<?xml version="1.0"?><!DOCTYPE worksheet [<!ENTITY e "boom">]>'
               f'<worksheet xmlns="{MAIN}"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&e;</t></is></c></row></sheetData></worksheet>')
    handmade(folder / "doctype.xlsx", [("Bad", doctype, None)])
    write_zip(folder / "not-a-workbook.xlsx", [("word/document.xml", "<document/>"), ("_rels/.rels", "<Relationships/>")])
    handmade(folder / "missing-sheet-part.xlsx", [("Gone", sheet_xml(""), None)],
             extra=[])
    # the sheet's part is named in the relationships but not in the package
    data = Path(folder / "missing-sheet-part.xlsx")
    with zipfile.ZipFile(data) as source:
        kept = [(n, source.read(n)) for n in source.namelist() if not n.endswith("sheet1.xml")]
    write_zip(data, kept)


def seeds(folder):
    """Small packages, one feature each, for the fuzzer to start from: each as a zip, and as the
    parts of one in text, which the fuzzer can change without breaking a zip's checksums."""
    for suffix in (".xlsx", ".parts"):
        seeds_as(folder, suffix)


def seeds_as(folder, suffix):
    styles = styles_xml([(164, "d mmm yyyy")], [0, 164, 21])
    handmade(folder / ("values" + suffix), [("S", sheet_xml(
        '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1"><v>1.5</v></c><c r="C1" t="b"><v>1</v></c><c r="D1" t="e"><v>#N/A</v></c></row>'
        '<row r="2"><c r="A2" s="1"><v>45366</v></c><c r="B2" s="2"><v>0.5</v></c><c r="C2" t="d"><v>2024-03-15</v></c></row>'), None)],
        shared=["<r><t>a</t></r><r><t>_x0041_</t></r><rPh><t>x</t></rPh>"], styles=styles,
        names='<definedName name="ids">S!$A$1</definedName>')
    handmade(folder / ("formulas" + suffix), [("F", sheet_xml(
        '<row><c><f t="shared" ref="A1:A2" si="0">B1</f><v>1</v></c><c t="str"><f>"x"</f><v>x</v></c></row>'
        '<row><c><f t="shared" si="0"/><v>2</v></c><c t="inlineStr"><is><t>i</t></is></c></row>'), "hidden")], date1904=True)
    handmade(folder / ("prefixed" + suffix), [("P", sheet_xml('<row r="1"><c r="A1"><v>1</v></c></row>', prefix="x"), None)],
             absolute_targets=True)


def libreoffice(folder):
    out = folder / "libreoffice"
    out.mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="formwork-lo-") as profile:
        environment = dict(os.environ, HOME=profile)
        subprocess.run(["soffice", f"-env:UserInstallation=file://{profile}", "--headless", "--norestore",
                        "--convert-to", "xlsx", "--outdir", str(out), str(folder / "values.xlsx")],
                       check=True, stdout=subprocess.DEVNULL, env=environment, timeout=240)
    if not (out / "values.xlsx").is_file():
        sys.exit("LibreOffice wrote no values.xlsx")


def main():
    arguments = sys.argv[1:]
    mode = "tests"
    if arguments and arguments[0] in ("--libreoffice", "--seeds"):
        mode = arguments.pop(0)
    if len(arguments) != 1:
        sys.exit(__doc__)
    folder = Path(arguments[0])
    folder.mkdir(parents=True, exist_ok=True)
    if mode == "--libreoffice":
        libreoffice(folder)
    elif mode == "--seeds":
        seeds(folder)
    else:
        openpyxl_workbooks(folder)
        handmade_workbooks(folder)


if __name__ == "__main__":
    main()
