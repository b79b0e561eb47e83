#!/usr/bin/python3
"""Reads and edits the real formwork window through the Linux accessibility stack (AT-SPI), as
a screen reader does: the tables of the record editor, the forms navigator, the problems list
and the record list (issue 19).

Run by accessibility_test.sh inside a private D-Bus session with the AT-SPI bus, under Xvfb,
against one `formwork --open ID` process at a time:

    accessibility_test.py --cli FORMWORK_CLI --db DB --pid PID --plugins DIR CHECK...

where each CHECK is one of

    records           the record list is a table "Records" with every record's title
    navigator         the navigator is a tree "Forms" with every form's title
    eia=ID            the seed EIA's protected characteristics: read, walk, edit
    approval=ID       an approval trail's sign-off table: read, walk, edit
    meeting=ID        a meeting's attendance table: read, walk, edit
    problems=ID       a record with problems: each is in the problems list, and each problem of
                      a table cell is that cell's accessible description

Every failure is printed as a `FAIL:` line saying what was missing; the exit status is 1 when
there was one. Every wait has a timeout, and the whole run has an alarm.
"""
import argparse
import os
import re
import signal
import subprocess
import sys
import time
import xml.etree.ElementTree as ET

import gi

gi.require_version("Atspi", "2.0")
gi.require_version("Gdk", "3.0")
from gi.repository import Atspi, Gdk, GLib  # noqa: E402
import pyatspi  # noqa: E402

TABLE_ROLES = (pyatspi.ROLE_TABLE, pyatspi.ROLE_TREE_TABLE, pyatspi.ROLE_TREE)

failures = []


def fail(message):
    failures.append(message)
    print(f"FAIL: {message}", flush=True)


def note(message):
    print(f"  {message}", flush=True)


def squash(text):
    """Whitespace as a screen reader hears it: runs of spaces and newlines as one space."""
    return " ".join((text or "").split())


def without_star(heading):
    """A column heading without its mark of a required column (" *" or ", required")."""
    heading = (heading or "").strip()
    if heading.endswith("*"):
        return heading[:-1].rstrip()
    if heading.endswith(", required"):
        return heading[: -len(", required")]
    return heading


# ---------------------------------------------------------------------------------------------
# Waiting, events and keys

def pump(seconds):
    """Runs the GLib main loop for a while, so that AT-SPI events reach the listeners."""
    loop = GLib.MainLoop()
    GLib.timeout_add(max(1, int(seconds * 1000)), loop.quit)
    loop.run()


def wait_for(predicate, timeout, step=0.1):
    """predicate()'s first true value, polled until timeout seconds; None when it never was."""
    end = time.monotonic() + timeout
    while True:
        try:
            value = predicate()
        except Exception:  # an object that went away while it was read: try again
            value = None
        if value:
            return value
        if time.monotonic() >= end:
            return None
        pump(step)


events = []


def on_event(event):
    try:
        source = event.source.name if event.source is not None else None
        target = event.any_data.name if isinstance(event.any_data, Atspi.Accessible) else event.any_data
    except Exception:
        source, target = None, None
    events.append((event.type, source, target))


focused_objects = []


def on_focus(event):
    if event.detail1 == 1 and event.source is not None:
        focused_objects.append(event.source)
        del focused_objects[:-20]


_keymap = None


def keycode(name):
    """The X keycode of a key named as a keysym ("Tab", "Shift_L")."""
    global _keymap
    if _keymap is None:
        display = Gdk.Display.open(os.environ.get("DISPLAY", ":0"))
        _keymap = Gdk.Keymap.get_for_display(display)
    keyval = Gdk.keyval_from_name(name)
    found, keys = _keymap.get_entries_for_keyval(keyval)
    if not found or not keys:
        raise RuntimeError(f"no keycode for {name} on this display")
    return keys[0].keycode


def press(name, *modifiers, settle=0.25):
    """Presses a key (a keysym name: "Down", "F2", "Return"), with modifiers held
    ("Shift_L", "Alt_L", "Control_L"), through AT-SPI's synthesised (XTEST) key events."""
    registry = pyatspi.Registry
    for modifier in modifiers:
        registry.generateKeyboardEvent(keycode(modifier), None, pyatspi.KEY_PRESS)
    if modifiers:
        registry.generateKeyboardEvent(keycode(name), None, pyatspi.KEY_PRESSRELEASE)
    else:
        registry.generateKeyboardEvent(Gdk.keyval_from_name(name), None, pyatspi.KEY_SYM)
    for modifier in reversed(modifiers):
        registry.generateKeyboardEvent(keycode(modifier), None, pyatspi.KEY_RELEASE)
    pump(settle)


def type_text(text):
    for ch in text:
        pyatspi.Registry.generateKeyboardEvent(Gdk.unicode_to_keyval(ord(ch)), None, pyatspi.KEY_SYM)
        pump(0.02)
    pump(0.2)


# ---------------------------------------------------------------------------------------------
# The accessibility tree

def find_application(pid, timeout):
    def look():
        desktop = pyatspi.Registry.getDesktop(0)
        for i in range(desktop.childCount):
            app = desktop.getChildAtIndex(i)
            if app is None or app.name != "formwork":
                continue
            if pid is None or app.get_process_id() == pid:
                return app
        return None
    return wait_for(look, timeout, 0.3)


def children(obj):
    try:
        count = obj.childCount
    except Exception:
        return []
    out = []
    for i in range(count):
        try:
            child = obj.getChildAtIndex(i)
        except Exception:
            child = None
        if child is not None:
            out.append(child)
    return out


def find_all(root, predicate, into_tables=False, limit=20000):
    """Every descendant of root (breadth first) that predicate accepts. Tables' cells are not
    walked unless into_tables: a table is read through its Table interface."""
    found, queue, seen = [], [root], 0
    while queue and seen < limit:
        obj = queue.pop(0)
        seen += 1
        try:
            if predicate(obj):
                found.append(obj)
            if not into_tables and obj.getRole() in TABLE_ROLES:
                continue
        except Exception:
            continue
        queue.extend(children(obj))
    return found


def role_name(obj):
    try:
        return obj.getRoleName()
    except Exception:
        return "?"


def find_table(app, name, timeout=3):
    """The table named `name` (a table, tree table or tree), waited for."""
    def look():
        tables = find_all(app, lambda o: o.getRole() in TABLE_ROLES and o.name == name)
        return tables[0] if tables else None
    table = wait_for(look, timeout, 0.5)
    if table is None:
        same_name = find_all(app, lambda o: o.name == name)
        seen = ", ".join(f"a {role_name(o)}" for o in same_name) or "nothing"
        fail(f'no table named "{name}" in the window (by that name there is {seen})')
    return table


class Table:
    """A table read through AT-SPI's Table interface."""

    def __init__(self, obj):
        self.obj = obj
        self.t = obj.queryTable()

    @property
    def rows(self):
        return self.t.nRows

    @property
    def columns(self):
        return self.t.nColumns

    def headers(self):
        out = []
        for c in range(self.columns):
            header = self.t.getColumnHeader(c)
            out.append(header.name if header is not None else "")
        return out

    def cell(self, row, column):
        return self.t.getAccessibleAt(row, column)

    def name(self, row, column):
        cell = self.cell(row, column)
        return cell.name if cell is not None else None

    def description(self, row, column):
        cell = self.cell(row, column)
        return cell.description if cell is not None else None

    def column_of(self, heading):
        """The column whose header is `heading` (a required column's mark aside), else the
        first that starts with it; None when there is none."""
        headers = [without_star(h) for h in self.headers()]
        for c, h in enumerate(headers):
            if h == heading:
                return c
        for c, h in enumerate(headers):
            if h.startswith(heading):
                return c
        return None

    def focused(self, rows=None):
        """(row, column) of the cell with the FOCUSED state, else None."""
        for r in rows if rows is not None else range(self.rows):
            if r < 0 or r >= self.rows:
                continue
            for c in range(self.columns):
                cell = self.cell(r, c)
                if cell is not None and cell.getState().contains(pyatspi.STATE_FOCUSED):
                    return (r, c)
        return None

    def focused_near(self, row):
        """The focused cell, looked for near `row` first."""
        near = self.focused(range(row - 2, row + 3)) if row is not None else None
        return near or self.focused()


def split_cell_name(name, row_text):
    """A cell's name "<heading>, <row>: <value>" as (heading, value), or None."""
    separator = f", {row_text}: "
    at = (name or "").find(separator)
    if at < 0:
        return None
    return name[:at], name[at + len(separator):]


# ---------------------------------------------------------------------------------------------
# The store and the forms, read independently of the window

class Store:
    def __init__(self, cli, db):
        self.cli, self.db = cli, db

    def run(self, *args):
        done = subprocess.run([self.cli, "--db", self.db, *args], capture_output=True, text=True, timeout=30)
        return done

    def record(self, record_id):
        done = self.run("show", record_id)
        if done.returncode != 0:
            raise RuntimeError(f"formwork-cli show {record_id} exited {done.returncode}: {done.stderr.strip()}")
        return ET.fromstring(done.stdout)

    def form_titles(self):
        done = self.run("forms")
        titles = []
        for line in done.stdout.splitlines():
            m = re.match(r"^\s+(\S+)\s+v\d+\s+(.*?)\s+\(plugin \S+\)\s*$", line)
            if m:
                titles.append((m.group(1), m.group(2)))
        return titles

    def records(self):
        """{id: title} of every record."""
        done = self.run("list", "--limit", "1000")
        lines = done.stdout.splitlines()
        if not lines:
            return {}
        start = lines[0].find("TITLE")
        return {line[:36]: line[start:].strip() for line in lines[1:] if re.match(r"^[0-9a-f-]{36}\s", line)}

    def problems(self, record_id, work):
        """(severity, path, message) of each problem `validate` finds in the stored record."""
        path = os.path.join(work, f"{record_id}.xml")
        done = self.run("show", record_id, "-o", path)
        if done.returncode != 0:
            raise RuntimeError(f"formwork-cli show {record_id} -o exited {done.returncode}: {done.stderr.strip()}")
        done = self.run("validate", path)
        out = []
        for line in done.stdout.splitlines():
            if not line.startswith(path + ":"):
                continue
            m = re.match(r"^(\S+?): (error|warning): (.*)$", line[len(path) + 1:])
            if m:
                out.append((m.group(2), m.group(1), m.group(3)))
        return out


def record_table(record, table_id):
    """The element of a record holding a table's rows."""
    form_element = [e for e in record if e.tag != "meta"][0]
    for element in form_element.iter(table_id):
        if len(element) == 0 or all(child.tag == "row" for child in element):
            return element
    return None


class FormTable:
    """A table of a form definition: label, fixed rows, fields, choice labels."""

    def __init__(self, form_file, table_id):
        root = ET.parse(form_file).getroot()
        self.choices = {c.get("id"): {o.get("code"): squash(o.text) for o in c.findall("option")}
                        for c in root.iter("choices")}
        table = next(t for t in root.iter("table") if t.get("id") == table_id)
        self.id = table_id
        self.label = table.get("label")
        self.repeat = table.get("repeat") == "true"
        self.fixed_rows = [(r.get("key"), r.get("label")) for r in table.findall("row")]
        self.fields = [f for f in table.findall("field")]

    def field(self, field_id):
        return next(f for f in self.fields if f.get("id") == field_id)

    def label_of(self, field_id):
        return self.field(field_id).get("label")

    def shown(self, field_id, value):
        """What a cell shows for a stored value: a choice's label, "blank" when empty."""
        field = self.field(field_id)
        value = (value or "").strip()
        if not value:
            return "blank"
        if field.get("type") == "choice":
            return self.choices.get(field.get("list"), {}).get(value, value)
        return squash(value)

    def editable_fields(self):
        return [f.get("id") for f in self.fields
                if f.get("read-only") not in ("true", "true()") and f.get("calculate") is None]

    def row_text(self, index):
        return self.fixed_rows[index][1] if not self.repeat else f"row {index + 1}"


def stored_rows(form_table, record):
    """[{field: value}] for each row of the table in a record, in the table's order."""
    element = record_table(record, form_table.id)
    rows = list(element.findall("row")) if element is not None else []
    def values(row):
        return {child.tag: (child.text or "") for child in row}
    if form_table.repeat:
        return [values(row) for row in rows]
    by_key = {row.get("key"): values(row) for row in rows}
    return [by_key.get(key, {}) for key, _ in form_table.fixed_rows]


# ---------------------------------------------------------------------------------------------
# The checks

class Context:
    def __init__(self, args):
        self.args = args
        self.store = Store(args.cli, args.db)
        self.app = None
        self.work = args.work


def check_records(ctx):
    print("records: the record list", flush=True)
    obj = find_table(ctx.app, "Records")
    if obj is None:
        return
    table = Table(obj)
    headers = [without_star(h) for h in table.headers()]
    note(f"Records: {table.rows} rows, columns {headers}")
    title_column = table.column_of("Title")
    if title_column is None:
        fail(f'the table "Records" has no column "Title"; its headers are {headers}')
        return
    shown = [squash(table.name(r, title_column)) for r in range(table.rows)]
    expected = [squash(t) for t in ctx.store.records().values()]
    if not expected:
        fail("formwork-cli list printed no records")
    for title in expected:
        if not any(s and (s == title or title.startswith(s.rstrip("…"))) for s in shown):
            fail(f'the record "{title}" is not a row of the table "Records" (its rows: {shown[:5]}...)')
    keyboard_rows(ctx, obj, table, "Records")


def keyboard_rows(ctx, obj, table, what):
    """Down and Up move the focused cell between rows of a table, with active-descendant
    events."""
    if table.rows < 2:
        fail(f'the table "{what}" has {table.rows} rows: too few to move between')
        return
    if not give_focus(ctx, obj, table, what):
        return
    start = table.focused()
    events.clear()
    press("Down")
    moved = wait_for(lambda: (lambda f: f if f and f != start else None)(table.focused_near(start[0])), 2)
    if moved != (start[0] + 1, start[1]) and not (start[0] == table.rows - 1 and moved is None):
        fail(f'in the table "{what}", Down from row {start[0] + 1} put the focus on {describe(moved)}, '
             f"not row {start[0] + 2}")
        return
    if not any(kind == "object:active-descendant-changed" for kind, _, _ in events):
        fail(f'in the table "{what}", Down sent no object:active-descendant-changed event '
             f"(events seen: {sorted(set(kind for kind, _, _ in events))})")
    press("Up")
    back = wait_for(lambda: (lambda f: f if f == start else None)(table.focused_near(start[0])), 2)
    if back != start:
        fail(f'in the table "{what}", Up did not bring the focus back to row {start[0] + 1}: '
             f"it is on {describe(table.focused())}")
    else:
        note(f'{what}: Down and Up move the focused cell ({table.name(*start)!r})')


def describe(cell):
    return "no cell" if cell is None else f"row {cell[0] + 1}, column {cell[1] + 1}"


def give_focus(ctx, obj, table, what):
    """Gives a table the keyboard focus through AT-SPI, with the pointer over the window so
    that the synthesised keys go to it; True when one of its cells is then focused."""
    frames = find_all(ctx.app, lambda o: o.getRole() == pyatspi.ROLE_FRAME, limit=50)
    if frames:
        box = frames[0].queryComponent().getExtents(pyatspi.DESKTOP_COORDS)
        pyatspi.Registry.generateMouseEvent(box.x + box.width // 2, box.y + 10, "abs")
    try:
        obj.queryComponent().grabFocus()
    except Exception as error:
        fail(f'the table "{what}" cannot take the focus through AT-SPI: {error}')
        return False
    focused = wait_for(table.focused, 3)
    if focused is None:
        state = obj.getState()
        fail(f'after grabFocus on the table "{what}", none of its cells has the FOCUSED state '
             f"(the table is {'' if state.contains(pyatspi.STATE_FOCUSED) else 'not '}focused)")
        return False
    return True


def check_navigator(ctx):
    print("navigator: the forms navigator", flush=True)
    obj = find_table(ctx.app, "Forms")
    if obj is None:
        return
    names = set()
    try:
        table = Table(obj)
        for r in range(table.rows):
            for c in range(table.columns):
                names.add(squash(table.name(r, c)))
    except NotImplementedError:
        pass
    for cell in find_all(obj, lambda o: o is not obj, into_tables=True, limit=2000):
        names.add(squash(cell.name))
    titles = ctx.store.form_titles()
    if not titles:
        fail("formwork-cli forms listed no forms")
    for form_id, title in titles:
        if not any(n == title or title in n for n in names):
            fail(f'the form "{title}" ({form_id}) is not in the navigator "Forms" '
                 f"(it reads {sorted(n for n in names if n)[:12]})")
    note(f"Forms: {len(titles)} form titles looked for among {len(names)} cell names")


def read_table(ctx, form_table, record_id, read_fields):
    """Finds the table by its label, checks its headers, rows and row labels, and compares the
    named cells of `read_fields` with the stored record. (object, Table, {field: column}), or
    None when there is no such table."""
    obj = find_table(ctx.app, form_table.label)
    if obj is None:
        return None
    table = Table(obj)
    headers = table.headers()
    note(f'"{form_table.label}": a {role_name(obj)}, {table.rows} rows x {table.columns} columns, '
         f"headers {headers}")
    first_heading = form_table.label if not form_table.repeat else "Row"
    if table.columns == 0 or not without_star(headers[0]).startswith(first_heading):
        fail(f'the first column of "{form_table.label}" is headed {headers[:1]}, not "{first_heading}"')
    columns = {}
    for field in form_table.fields:
        column = table.column_of(field.get("label"))
        if column is None:
            fail(f'"{form_table.label}" has no column headed "{field.get("label")}" (headers: {headers})')
        else:
            columns[field.get("id")] = column
    record = ctx.store.record(record_id)
    rows = stored_rows(form_table, record)
    if table.rows != len(rows):
        fail(f'"{form_table.label}" has {table.rows} rows; the record has {len(rows)}')
    for r in range(min(table.rows, len(rows))):
        row_text = form_table.row_text(r)
        first = squash(table.name(r, 0))
        want_first = row_text if not form_table.repeat else str(r + 1)
        if not (first == want_first or first.endswith(want_first)):
            fail(f'row {r + 1} of "{form_table.label}" begins with {first!r}, not {want_first!r}')
        for field_id in read_fields:
            if field_id not in columns:
                continue
            name = table.name(r, columns[field_id])
            expected = form_table.shown(field_id, rows[r].get(field_id))
            parts = split_cell_name(name, row_text)
            heading = form_table.label_of(field_id)
            if parts is None or not without_star(parts[0]).startswith(heading):
                fail(f'the cell "{heading}" of {row_text} in "{form_table.label}" is named {name!r}, '
                     f'not "{heading}, {row_text}: {expected}"')
            elif squash(parts[1]) != expected:
                fail(f'the cell "{heading}" of {row_text} in "{form_table.label}" reads {parts[1]!r}; '
                     f"the record has {expected!r}")
    return obj, table, columns


def walk_and_edit(ctx, form_table, record_id, obj, table, columns, edit_row, edit_field, text,
                  second_line=None):
    """Moves to a cell with the keyboard only (Up, Down, Left, Right), checks Tab and
    Shift+Tab, cancels one edit with Escape, makes one (Enter, type, Enter) and reads it back
    through AT-SPI and through the store."""
    what = form_table.label
    if edit_field not in columns:
        return
    editable = sorted(columns[f] for f in form_table.editable_fields() if f in columns)
    target = (edit_row, columns[edit_field])
    if not give_focus(ctx, obj, table, what):
        return
    at = table.focused()
    note(f'"{what}": the focus starts on {describe(at)} ({table.name(*at)!r})')

    reported = set()

    def step(key, expect, *modifiers, also=()):
        """Presses a key that should move the focus to `expect` (or to one of `also`). On a
        miss, says so (once a key) and goes on from wherever the focus is."""
        nonlocal at
        events.clear()
        press(key, *modifiers)
        allowed = (expect, *also)
        moved = wait_for(lambda: (lambda f: f if f in allowed else None)(table.focused_near(expect[0])), 2)
        keys = "+".join([m.split("_")[0] for m in modifiers] + [key])
        if moved is None:
            now = table.focused_near(at[0])
            if keys not in reported:
                reported.add(keys)
                fail(f'in "{what}", {keys} on {describe(at)} put the focus on {describe(now)}, not on {describe(expect)}'
                     + (" (the first key after the table took the focus did not move it: GTK's tree view only"
                        " selects the cursor row when no row is selected)" if now == at and first[0] else ""))
            first[0] = False
            misses[0] += 1
            at = now
            return False
        first[0] = False
        if keys not in reported and not any(kind == "object:active-descendant-changed" for kind, _, _ in events):
            reported.add(keys)
            fail(f'in "{what}", {keys} moved the focus but sent no object:active-descendant-changed event')
        at = moved
        return True
    first = [True]
    misses = [0]

    def go(to):
        """Walks to a cell with the arrow keys only: rows first, then the editable cells."""
        for _ in range(3 * (table.rows + table.columns) + 6):
            if at is None or at == to or misses[0] > 3:
                break
            # From a row's label, Up and Down may go on to the first editable cell.
            into = () if at[1] in editable else ((at[0] + (1 if at[0] < to[0] else -1), min(editable)),)
            if at[0] < to[0]:
                step("Down", (at[0] + 1, at[1]), also=into)
            elif at[0] > to[0]:
                step("Up", (at[0] - 1, at[1]), also=into)
            elif at[1] not in editable:
                step("Right" if at[1] < to[1] else "Left",
                     (at[0], min(editable) if at[1] < to[1] else max(e for e in editable if e < at[1])))
            elif at[1] < to[1]:
                step("Right", (at[0], editable[editable.index(at[1]) + 1]))
            else:
                step("Left", (at[0], editable[editable.index(at[1]) - 1]))
        return at == to

    # Past the cell (a row below, an editable cell to the right), then back: every arrow key.
    position = editable.index(target[1])
    past = (min(edit_row + 1, table.rows - 1), editable[min(position + 1, len(editable) - 1)])
    go(past)
    if not go(target):
        fail(f'in "{what}", the arrow keys did not reach {describe(target)}; the focus is on {describe(at)}')
        return
    note(f'"{what}": Up, Down, Left and Right reached {describe(at)} ({table.name(*at)!r})')

    # Tab to the next editable cell and Shift+Tab back.
    after = (target[0], editable[position + 1]) if position + 1 < len(editable) else (target[0] + 1, editable[0])
    if after[0] < table.rows:
        if step("Tab", after) and step("Tab", target, "Shift_L"):
            note(f'"{what}": Tab and Shift+Tab move to the next and back')
        if at != target and not go(target):
            fail(f'in "{what}", the arrow keys did not bring the focus back to {describe(target)} after Tab')
            return

    row_text = form_table.row_text(edit_row)
    before = table.name(*target)

    def value_now():
        parts = split_cell_name(table.name(*target), row_text)
        return squash(parts[1]) if parts else None

    # F2, typing, Escape: nothing changes.
    press("F2", settle=0.4)
    type_text("discarded")
    if wait_for(lambda: editor_holding(ctx.app, "discarded"), 2) is None:
        fail(f'in "{what}", F2 on {describe(target)} opened no editor: no focused text holds what was typed')
    press("Escape", settle=0.5)
    if table.name(*target) != before:
        fail(f'in "{what}", Escape did not cancel the edit: the cell went from {before!r} to {table.name(*target)!r}')
    focused = wait_for(lambda: table.focused_near(target[0]), 2)
    if focused != target:
        fail(f'in "{what}", after Escape the focus is on {describe(focused)}, not back on {describe(target)}')

    # Enter, typing, Enter: the value is in the cell and in the store.
    press("Return", settle=0.4)
    type_text(text)
    if second_line is not None:
        press("Return", "Alt_L")
        type_text(second_line)
    press("Return", settle=0.5)
    shown = wait_for(lambda: (lambda v: v if v and v.startswith(squash(text)) else None)(value_now()), 5)
    if shown is None:
        fail(f'in "{what}", after Enter, typing {text!r} and Enter the cell reads {table.name(*target)!r}')
    else:
        note(f'"{what}": the edited cell reads {table.name(*target)!r}')
    expected = text if second_line is None else f"{text}\n{second_line}"

    def stored():
        rows = stored_rows(form_table, ctx.store.record(record_id))
        value = rows[edit_row].get(edit_field, "") if edit_row < len(rows) else ""
        return value if value == expected else None
    if wait_for(stored, 8, 0.5) is None:
        rows = stored_rows(form_table, ctx.store.record(record_id))
        held = rows[edit_row].get(edit_field) if edit_row < len(rows) else None
        fail(f'in "{what}", the edit of "{form_table.label_of(edit_field)}" in {row_text} did not reach the store '
             f"within 8 s: formwork-cli show has {held!r}, not {expected!r}")
    else:
        note(f'"{what}": formwork-cli show has the new value')

    # Shift+Tab on the first editable cell leaves the table.
    at = wait_for(lambda: table.focused_near(target[0]), 2)
    first_cell = (0, editable[0])
    if at is None:
        fail(f'in "{what}", after the edit no cell has the focus')
    elif go(first_cell):
        press("Tab", "Shift_L", settle=0.4)
        if wait_for(lambda: not obj.getState().contains(pyatspi.STATE_FOCUSED) and table.focused() is None, 2) is None:
            fail(f'in "{what}", Shift+Tab on the first editable cell did not leave the table: the focus is on '
                 f"{describe(table.focused())}")
        else:
            note(f'"{what}": Shift+Tab on the first editable cell leaves the table')


def editor_holding(app, typed):
    """The focused text (a cell's editor) that holds `typed`, else None. GTK's own cell editor
    is no child of the table's accessible, so the objects that announced taking the focus
    are looked at first."""
    def holds(obj):
        try:
            return obj.getState().contains(pyatspi.STATE_FOCUSED) and typed in obj.queryText().getText(0, -1)
        except Exception:
            return False
    for obj in reversed(focused_objects):
        if holds(obj):
            return obj
    found = find_all(app, holds)
    return found[0] if found else None


def check_table(ctx, form_file, table_id, record_id, read_fields, edit):
    form_table = FormTable(form_file, table_id)
    print(f'{table_id}: the table "{form_table.label}" of {record_id}', flush=True)
    found = read_table(ctx, form_table, record_id, read_fields)
    if found is None:
        return
    obj, table, columns = found
    walk_and_edit(ctx, form_table, record_id, obj, table, columns, **edit)


def check_problems(ctx, record_id):
    print(f"problems: the problems list of {record_id}", flush=True)
    expected = ctx.store.problems(record_id, ctx.work)
    if not expected:
        fail(f"formwork-cli validate found no problems in {record_id}: the check needs a record with some")
        return
    obj = find_table(ctx.app, "Problems")
    if obj is not None:
        table = Table(obj)
        rows = [squash(table.name(r, 0)) for r in range(table.rows)]
        note(f"Problems: {table.rows} rows for the {len(expected)} problems formwork-cli validate finds; "
             f"the first reads {rows[:1]}")
        for severity, path, message in expected:
            word = severity.capitalize()
            if not any(row.startswith(word + ",") and squash(message) in row for row in rows):
                fail(f'no row of "Problems" reads "{word}, <field>, {message}" (for {path})')
    # Each problem of a table cell is that cell's description.
    form = FormTable(os.path.join(ctx.args.plugins, "eia", "forms", "eia.form.xml"), "impacts")
    cell_problems = [(p, m) for _, p, m in expected if p.startswith("impacts/row[")]
    if not cell_problems:
        return
    obj = find_table(ctx.app, form.label)
    if obj is None:
        return
    table = Table(obj)
    keys = [key for key, _ in form.fixed_rows]
    described = 0
    for path, message in cell_problems:
        m = re.match(r"impacts/row\[@key='([^']+)'\]/(\S+)$", path)
        if not m or m.group(1) not in keys:
            continue
        row = keys.index(m.group(1))
        column = table.column_of(form.label_of(m.group(2)))
        if column is None or row >= table.rows:
            fail(f'"{form.label}" has no cell for {path}')
            continue
        description = table.description(row, column) or ""
        if squash(message) not in squash(description):
            fail(f'the cell "{form.label_of(m.group(2))}" of {form.fixed_rows[row][1]} in "{form.label}" is '
                 f"described as {description!r}, not with its problem {message!r}")
        else:
            described += 1
    note(f'"{form.label}": {described} of {len(cell_problems)} cells with a problem are described by it')


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--cli", required=True)
    parser.add_argument("--db", required=True)
    parser.add_argument("--pid", type=int)
    parser.add_argument("--plugins", required=True, help="the plugins' source folder (forms and samples)")
    parser.add_argument("--work", default=os.environ.get("TMPDIR", "/tmp"))
    parser.add_argument("--timeout", type=int, default=60, help="for the whole run, in seconds")
    parser.add_argument("checks", nargs="+")
    args = parser.parse_args()

    def out_of_time(*_):
        print(f"FAIL: accessibility_test.py ran out of its {args.timeout} s; it stopped in the middle", flush=True)
        os._exit(1)
    signal.signal(signal.SIGALRM, out_of_time)
    signal.alarm(args.timeout)

    started = time.monotonic()
    Atspi.set_timeout(5000, 15000)  # no D-Bus call into the window waits more than 5 s
    ctx = Context(args)
    ctx.app = find_application(args.pid, 20)
    if ctx.app is None:
        fail(f"no application named formwork{f' (pid {args.pid})' if args.pid else ''} on the AT-SPI bus within 20 s")
        return 1
    frame = wait_for(lambda: next(iter(find_all(ctx.app, lambda o: o.getRole() == pyatspi.ROLE_FRAME, limit=20)), None), 15)
    if frame is None:
        fail("formwork has no frame on the AT-SPI bus within 15 s")
        return 1
    note(f"the window: {frame.name!r}")
    # The record opened with --open is in a tab of its own once its editor is made.
    opened = {record_id for check in args.checks for record_id in [check.partition("=")[2]] if record_id}
    titles = ctx.store.records()
    for record_id in sorted(opened):
        title = titles.get(record_id)
        if title is None:
            fail(f"formwork-cli list has no record {record_id}")
            continue
        tab = wait_for(lambda: next(iter(find_all(ctx.app, lambda o: o.getRole() == pyatspi.ROLE_PAGE_TAB
                                                  and squash(o.name) == squash(title), limit=400)), None), 15, 0.5)
        if tab is None:
            fail(f'formwork --open {record_id} shows no tab named "{title}" within 15 s')
        else:
            note(f"the record's tab: {tab.name!r} ({time.monotonic() - started:.1f} s)")
    pyatspi.Registry.registerEventListener(on_event, "object:active-descendant-changed")
    pyatspi.Registry.registerEventListener(on_focus, "object:state-changed:focused")

    plugins = args.plugins
    for check in args.checks:
        kind, _, record_id = check.partition("=")
        try:
            if kind == "records":
                check_records(ctx)
            elif kind == "navigator":
                check_navigator(ctx)
            elif kind == "eia":
                check_table(ctx, os.path.join(plugins, "eia", "forms", "eia.form.xml"), "impacts", record_id,
                            ["impact", "nature"],
                            dict(edit_row=1, edit_field="nature", text="Checked with a screen reader",
                                 second_line="No impact on working-age adults"))
            elif kind == "approval":
                check_table(ctx, os.path.join(plugins, "approvals", "forms", "approval-trail.form.xml"), "sign-offs",
                            record_id, ["name", "title", "service-area", "role"],
                            dict(edit_row=1, edit_field="title", text="Senior Accountant (checked with a screen reader)"))
            elif kind == "meeting":
                check_table(ctx, os.path.join(plugins, "attendance", "forms", "attendance-meeting.form.xml"),
                            "attendance", record_id, ["name", "role", "attendance"],
                            dict(edit_row=2, edit_field="role", text="Cabinet Member (checked with a screen reader)"))
            elif kind == "problems":
                check_problems(ctx, record_id)
            else:
                fail(f"unknown check {check!r}")
        except Exception as error:  # one broken check does not hide the others
            fail(f"{check}: {type(error).__name__}: {error}")
        note(f"{kind} done at {time.monotonic() - started:.1f} s")
    pyatspi.Registry.deregisterEventListener(on_event, "object:active-descendant-changed")
    pyatspi.Registry.deregisterEventListener(on_focus, "object:state-changed:focused")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
