// SDK 1.3. The exporter contract's data: what to export and how (options are data, not
// flags scattered over calls), and the delegate an exporter reports progress to and asks
// whether to stop. The shell's progress dialog and the command line's progress bar
// implement the delegate; tests implement it to cancel halfway.
#pragma once

#include <boost/config.hpp>

#include <string>

namespace formwork::sdk {

struct CollectionDetails {
    std::string collection;      // e.g. "Council questions return"
    std::string year;            // e.g. "2023"
    std::string reference_date;  // YYYY-MM-DD
};

struct ExportOptions {
    std::string format = "xlsx";            // "xlsx", "xml" or "csv"
    std::string layout = "sheet-per-table";  // workbooks: "sheet-per-table" or "wide"
    std::string form;                       // scope: empty for every form
    std::string status;                     // scope: empty for complete and later (submissions) or all (workbooks)
    std::string modified_from;              // scope: YYYY-MM-DD, empty for no lower bound
    std::string modified_to;                // scope: YYYY-MM-DD, empty for no upper bound
    bool include_drafts = false;            // submissions: drafts too, each marked as a draft
    CollectionDetails collection;           // submissions
    // SDK 1.8: one plugin view, by the name its sheet has in a workbook (csv only). With a
    // view, modified_from and modified_to are the range of the view's own dates (a meeting's
    // date), given to the plugin in ViewRequest::date_from and date_to, and the records in
    // scope are not chosen by their modified date.
    std::string view;
    // SDK 1.10: submissions leave out a record that would fail the schema (a draft not yet
    // valid) and list it, instead of refusing the whole submission.
    bool skip_invalid = false;
    // SDK 1.10: workbooks and CSV show a choice by its code, for analysts, not by its label.
    bool choice_codes = false;
};

class BOOST_SYMBOL_VISIBLE ExportProgress {
public:
    ExportProgress() = default;
    ExportProgress(const ExportProgress&) = delete;
    ExportProgress& operator=(const ExportProgress&) = delete;
    virtual ~ExportProgress();

    // `fraction` runs from 0 to 1; `stage` says what is being done, for people.
    virtual void OnProgress(double fraction, const std::string& stage) = 0;
    // Asked between records: true stops the export, and no file is left.
    virtual bool IsCancelled() const = 0;
};

}  // namespace formwork::sdk
