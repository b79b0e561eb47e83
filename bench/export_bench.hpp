// The exporters' part of formwork_bench: the Excel workbook and the XML submission of
// 100,000 records of a 20-field form from a real SQLite store, against libxlsxwriter,
// Python XlsxWriter and xmllint doing the same work, and each export's own peak memory.
// See docs/performance.md.
#pragma once

namespace formwork::bench {

// Prints its rows under the caller's table. quick: 5,000 records and fewer repetitions,
// else 100,000. Works in a temporary folder it removes; throws std::runtime_error when
// the exports cannot be exercised (the exit status says so; timings are never judged).
void run_export_bench(bool quick);

// The option that makes formwork_bench the process an export's peak memory is measured
// in; never given by people. See run_export_child.
inline constexpr const char* export_child_option = "--export-child";

// formwork_bench --export-child FORMAT DATABASE DESTINATION MODIFIED_TO|-
// A fresh process (its parent's memory is not in its figures) that forks once more; the
// grandchild runs make_exporter(FORMAT)->run on the store (FORMAT "xml-header": only
// SubmissionExporter::make_header) and prints "run_ns", "records" and "bytes"; this
// process waits for it with wait4 and prints its "maxrss_kb". Returns the grandchild's
// exit status.
int run_export_child(int argc, char** argv);

}  // namespace formwork::bench
