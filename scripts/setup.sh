#!/usr/bin/env bash
# Installs every Debian 12 package that building, running and testing Formwork needs.
# Non-interactive and safe to run again: when everything is installed it changes nothing.
# Uses sudo when not run as root.
set -euo pipefail

packages=(
  # the toolchain
  g++ cmake ninja-build pkg-config
  # the engine and the programs
  libboost-dev libboost-filesystem-dev libpugixml-dev libcli11-dev libwxgtk3.2-dev
  libsqlite3-dev libxml2-dev libxlsxwriter-dev libssl-dev
  libpq-dev  # the PostgreSQL store (libpq)
  libzip-dev  # archives from outside: the xlsx package of a workbook coming back (forms/archive)
  postgresql postgresql-contrib  # the tests' throwaway server (scripts/pg_test_cluster.sh); contrib brings pg_trgm
  libgtk-3-dev  # the editor ties each label to its control for screen readers (ATK relations)
  # the tests: Catch2, a real X display for the GUI, independent readers of our exports
  catch2 xvfb xauth libxml2-utils python3 python3-openpyxl
  desktop-file-utils  # checks the desktop entry (app/gui/resources/formwork.desktop)
  python3-xlsxwriter  # the benchmark's baseline for the workbook export (bench/xlsxwriter_baseline.py)
  # the print test (tests/cli/workbook_print_test.sh): LibreOffice prints the samples' workbook
  # to PDF, and poppler reads its pages back as text and pictures
  libreoffice-calc-nogui poppler-utils
  # the screen reader's test (tests/gui/accessibility_test.sh): the AT-SPI bus and registry,
  # pyatspi, dbus-run-session, GTK's ATK bridge, and Gdk's keymap for the keys it presses
  at-spi2-core python3-pyatspi dbus-x11 libatk-adaptor gir1.2-gtk-3.0
  # the fuzz build (scripts/fuzz.sh): clang with libFuzzer and its sanitizer runtimes
  clang-14 libclang-rt-14-dev libfuzzer-14-dev
)

missing=()
for package in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q 'install ok installed'; then
    missing+=("$package")
  fi
done
if [ ${#missing[@]} -eq 0 ]; then
  echo "setup: all ${#packages[@]} system packages are installed"
  exit 0
fi

as_root=()
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null || { echo "setup: not root and no sudo; install as root: ${missing[*]}" >&2; exit 1; }
  as_root=(sudo)
fi
echo "setup: installing ${missing[*]}"
"${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -q
"${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}"
