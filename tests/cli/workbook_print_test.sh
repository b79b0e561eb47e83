#!/usr/bin/env bash
# The samples' workbook, printed: LibreOffice (headless, with a profile of its own) prints it to
# PDF, and poppler reads each page back. Every page of every visible sheet shows the sheet's
# title and the first and last heading of its sheet (the heading row repeated, every column fit
# to one page across), and says which page of its sheet it is. No page holds only the columns
# that overflowed. Page 1 of each sheet is drawn into PICTURES for a person to look at.
#   workbook_print_test.sh CLI PROFILE PICTURES
set -euo pipefail
cli="$1"; profile="$2"; pictures="$3"
fail() { echo "FAIL: $*" >&2; exit 1; }
for tool in soffice pdftotext pdftoppm pdfinfo; do
  command -v "$tool" >/dev/null || fail "no $tool: scripts/setup.sh installs libreoffice-calc-nogui and poppler-utils"
done
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
cd "$work"
unset FORMWORK_PLUGIN_PATH
export FORMWORK_DB="$work/council.db" FORMWORK_PROFILE="$profile" FORMWORK_USER=clerk
"$cli" import --samples >/dev/null 2>&1 || fail "import --samples"
"$cli" export --format xlsx --layout sheet-per-table -o samples.xlsx >/dev/null 2>err.txt || fail "export: $(cat err.txt)"

# One conversion: a first start of LibreOffice with a new profile takes a few seconds.
soffice --headless --norestore "-env:UserInstallation=file://$work/office-profile" \
  --convert-to pdf --outdir "$work" samples.xlsx >office.txt 2>&1 || fail "soffice: $(cat office.txt)"
[ -s samples.pdf ] || fail "soffice wrote no PDF: $(cat office.txt)"
pages=$(pdfinfo samples.pdf | awk '/^Pages:/ {print $2}')
pdftotext -layout samples.pdf samples.txt

mkdir -p "$pictures"
rm -f "$pictures"/*.png
/usr/bin/python3 - samples.xlsx samples.txt "$pages" "$pictures" <<'PY' || exit 1
import re, subprocess, sys, zipfile
import xml.etree.ElementTree as ET

book, text_file, pages, pictures = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
NS = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
      "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships"}
problems = []

def unescape(text):  # Excel's _xHHHH_
    return re.sub(r"_x([0-9A-Fa-f]{4})_", lambda m: chr(int(m.group(1), 16)), text)

def column_number(ref):
    letters = re.match(r"[A-Z]+", ref).group(0)
    n = 0
    for c in letters:
        n = n * 26 + ord(c) - 64
    return n

# The visible sheets in order, each with its title (the header's centre) and its headings.
with zipfile.ZipFile(book) as z:
    workbook = ET.fromstring(z.read("xl/workbook.xml"))
    rels = ET.fromstring(z.read("xl/_rels/workbook.xml.rels"))
    targets = {r.get("Id"): r.get("Target") for r in rels}
    sheets = []
    for sheet in workbook.find("m:sheets", NS):
        if sheet.get("state") in ("hidden", "veryHidden"):
            continue
        xml = ET.fromstring(z.read("xl/" + targets[sheet.get("{%s}id" % NS["r"])]))
        header = xml.find("m:headerFooter/m:oddHeader", NS)
        centre = re.search(r"&C(.*?)(?:&[LR]|$)", header.text if header is not None else "")
        title = centre.group(1).replace("&B", "").replace("&&", "&") if centre else None
        pane = xml.find("m:sheetViews/m:sheetView/m:pane", NS)
        repeats = pane is not None and bool(pane.get("ySplit"))
        frozen = int(float(pane.get("ySplit"))) if repeats else 1
        # Hidden columns (a multi-choice's codes, a records sheet's Revision) do not print.
        hidden = set()
        for col in xml.findall("m:cols/m:col", NS):
            if col.get("hidden") in ("1", "true"):
                hidden.update(range(int(col.get("min")), int(col.get("max")) + 1))
        headings = {}
        for row in xml.find("m:sheetData", NS):
            if int(row.get("r")) != frozen:
                continue
            for cell in row:
                t = cell.find("m:is/m:t", NS)
                if t is not None and t.text and column_number(cell.get("r")) not in hidden:
                    headings[column_number(cell.get("r"))] = unescape(t.text)
        if title is None:
            problems.append(f"sheet '{sheet.get('name')}' has no header with its title")
        if not headings:
            problems.append(f"sheet '{sheet.get('name')}' has no heading row")
            continue
        left = re.search(r"&L(.*?)(?:&[CR]|$)", header.text if header is not None else "")
        council = "".join((left.group(1) if left else "").replace("&&", "&").split())
        sheets.append({"name": sheet.get("name"), "title": title or sheet.get("name"), "repeats": repeats,
                       "first": headings[min(headings)], "last": headings[max(headings)]})

texts = open(text_file, encoding="utf-8").read().split("\f")[:pages]

def squeezed(text):  # a small print may space a word's letters apart
    return "".join(text.split())

def shows_words(text, heading):
    whole = squeezed(text)
    return [word for word in heading.split() if word not in whole]

# The pages go through the visible sheets in order; a page's header names its sheet: the council
# on the left, the title in the middle, the day of the export on the right. Pages are numbered
# through the whole printout.
titles = {squeezed(sheet["title"]): i for i, sheet in enumerate(sheets)}
at = -1
firsts = {}
for p, text in enumerate(texts, 1):
    lines = [line for line in text.splitlines() if line.strip()]
    header = squeezed(lines[0]) if lines else ""
    found = re.search(r"Page(\d+)of(\d+)", squeezed(text))
    if not found or (int(found.group(1)), int(found.group(2))) != (p, pages):
        problems.append(f"page {p} does not say 'Page {p} of {pages}'")
    title = re.sub(r"Exported.*$", "", header)
    if not header.startswith(council) or "Exported" not in header:
        problems.append(f"page {p}'s header is not the council, a title and the export's date: {lines[:1]}")
        continue
    title = title[len(council):]
    if title not in titles or titles[title] < at or titles[title] > at + 1:
        expected = sheets[min(at + 1, len(sheets) - 1)]["title"]
        problems.append(f"page {p} is headed '{title}', not '{sheets[at]['title'] if at >= 0 else expected}' or '{expected}'")
        continue
    if titles[title] == at + 1:
        at += 1
        firsts[at] = p
    sheet = sheets[at]
    where = f"page {p} (page {p - firsts[at] + 1} of sheet '{sheet['name']}')"
    # A sheet of sections (the Summary) freezes no heading row: its first page has its heading.
    if sheet["repeats"] or p == firsts[at]:
        for which in ("first", "last"):
            missing = shows_words(text, sheet[which])
            if missing:
                problems.append(f"{where} does not show the {which} heading '{sheet[which]}' (missing {missing})")
if at != len(sheets) - 1:
    problems.append(f"the pages end at sheet {at + 1} of {len(sheets)}")

for i, sheet in enumerate(sheets):
    if i not in firsts:
        continue
    picture = "%02d-%s" % (i + 1, re.sub(r"[^A-Za-z0-9.-]+", "_", sheet["name"]))
    subprocess.run(["pdftoppm", "-png", "-r", "60", "-f", str(firsts[i]), "-l", str(firsts[i]), "-singlefile",
                    "samples.pdf", f"{pictures}/{picture}"], check=True)
    last = firsts.get(i + 1, pages + 1)
    print(f"  {sheet['name']}: {last - firsts[i]} page(s), from page {firsts[i]}")

if problems:
    for problem in problems[:40]:
        print("FAIL: " + problem, file=sys.stderr)
    if len(problems) > 40:
        print(f"FAIL: ... and {len(problems) - 40} more", file=sys.stderr)
    sys.exit(1)
PY
echo "printed pages: $pages (was 294)"
echo "page 1 of each sheet: $pictures"
