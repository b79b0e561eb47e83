# The fuzz targets, each with its seeds and its dictionary: one list for the fuzz build
# (CMakeLists.txt, which writes it out for scripts/fuzz.sh) and the ordinary build's replay tests
# (replay.cmake). Seeds are folders (every file in them) or files, given where they are shipped;
# the plugin_file target's are the plugins of the build at hand. The XML examples of docs/ seed
# the XML targets too; they are written out of the Markdown here, into the build tree.
set(FORMWORK_FUZZ_DOC_EXAMPLES "${CMAKE_BINARY_DIR}/fuzz-doc-examples")
file(REMOVE_RECURSE "${FORMWORK_FUZZ_DOC_EXAMPLES}")
file(GLOB formwork_fuzz_docs "${CMAKE_SOURCE_DIR}/docs/*.md")
foreach(doc IN LISTS formwork_fuzz_docs)
  set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS "${doc}")
  file(READ "${doc}" markdown)
  # A list item per block: the examples' own semicolons are kept out of CMake's list syntax.
  string(REPLACE ";" "<semicolon>" markdown "${markdown}")
  string(REGEX MATCHALL "```xml\n[^`]*```" blocks "${markdown}")
  get_filename_component(stem "${doc}" NAME_WE)
  set(number 0)
  foreach(block IN LISTS blocks)
    math(EXPR number "${number} + 1")
    string(REGEX REPLACE "^```xml\n(.*)```$" "\\1" example "${block}")
    string(REPLACE "<semicolon>" ";" example "${example}")
    file(WRITE "${FORMWORK_FUZZ_DOC_EXAMPLES}/${stem}-${number}.xml" "${example}")
  endforeach()
endforeach()
set(FORMWORK_FUZZ_TARGETS record definition profile moderngov word_trail plugin_file archive workbook)

set(FORMWORK_FUZZ_SEEDS_record
  "${CMAKE_SOURCE_DIR}/plugins/approvals/samples" "${CMAKE_SOURCE_DIR}/plugins/attendance/samples"
  "${CMAKE_SOURCE_DIR}/plugins/eia/samples" "${CMAKE_SOURCE_DIR}/plugins/questions/samples"
  "${FORMWORK_FUZZ_DOC_EXAMPLES}")
set(FORMWORK_FUZZ_DICTIONARY_record records.dict)

set(FORMWORK_FUZZ_SEEDS_definition
  "${CMAKE_SOURCE_DIR}/plugins/approvals/forms" "${CMAKE_SOURCE_DIR}/plugins/attendance/forms"
  "${CMAKE_SOURCE_DIR}/plugins/eia/forms" "${CMAKE_SOURCE_DIR}/plugins/questions/forms"
  "${CMAKE_SOURCE_DIR}/tests/fixtures/forms" "${FORMWORK_FUZZ_DOC_EXAMPLES}")
set(FORMWORK_FUZZ_DICTIONARY_definition definitions.dict)

set(FORMWORK_FUZZ_SEEDS_profile "${CMAKE_SOURCE_DIR}/profiles" "${FORMWORK_FUZZ_DOC_EXAMPLES}")
set(FORMWORK_FUZZ_DICTIONARY_profile profiles.dict)

set(FORMWORK_FUZZ_SEEDS_moderngov "${CMAKE_SOURCE_DIR}/tests/fixtures/moderngov")
set(FORMWORK_FUZZ_DICTIONARY_moderngov moderngov.dict)

set(FORMWORK_FUZZ_SEEDS_word_trail "${CMAKE_SOURCE_DIR}/tests/fixtures/word-trails")
set(FORMWORK_FUZZ_DICTIONARY_word_trail word-trail.dict)

set(FORMWORK_FUZZ_SEEDS_plugin_file
  "$<TARGET_FILE:approvals>" "$<TARGET_FILE:attendance>" "$<TARGET_FILE:eia>" "$<TARGET_FILE:questions>"
  "$<TARGET_FILE:formwork_sdk>")
set(FORMWORK_FUZZ_DICTIONARY_plugin_file plugin-file.dict)

# Zip archives from outside, through the guarded archive module (forms/archive). Its seeds are
# tiny zips made by seeds/make_archive_seeds.py; FORMWORK_FUZZ_LIBRARIES_<target> names what a
# target links beyond the host.
set(FORMWORK_FUZZ_SEEDS_archive "${CMAKE_SOURCE_DIR}/tests/fuzz/seeds/archive")
set(FORMWORK_FUZZ_DICTIONARY_archive archive.dict)
set(FORMWORK_FUZZ_LIBRARIES_archive formwork::archive)

# xlsx workbooks coming back (forms/archive's XlsxPackage). Its seeds are small workbooks made by
# tests/archive/make_workbooks.py --seeds, as zips and as text of their parts, which the target
# stores into a zip itself with libzip.
pkg_check_modules(FUZZ_LIBZIP REQUIRED IMPORTED_TARGET libzip)
set(FORMWORK_FUZZ_SEEDS_workbook "${CMAKE_SOURCE_DIR}/tests/fuzz/seeds/workbook")
set(FORMWORK_FUZZ_DICTIONARY_workbook workbook.dict)
set(FORMWORK_FUZZ_LIBRARIES_workbook formwork::archive PkgConfig::FUZZ_LIBZIP)
