// Exporting from the window (File > Export…, Ctrl+E): a dialog that asks for what the
// command line's `export` takes (docs/exports.md) — a workbook, an XML submission or CSV, the
// layout, which records, the collection's details, the file — and run_export, which runs the
// registered exporter with them. The dialog only gathers an ExportRequest; run_export holds
// no UI, so the tests run exports through the same code the window does. See docs/app.md.
#pragma once

#include "preferences.hpp"

#include <formwork/exporters/export_request.hpp>
#include <formwork/host/form_registry.hpp>
#include <formwork/sdk/export.hpp>

#include <wx/dialog.h>
#include <wx/string.h>

#include <chrono>
#include <cstddef>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

class wxCheckBox;
class wxChoice;
class wxDatePickerCtrl;
class wxFilePickerCtrl;
class wxProgressDialog;
class wxRadioBox;
class wxRadioButton;
class wxStaticBitmap;
class wxStaticBoxSizer;
class wxTextCtrl;

namespace formwork::ui {

// Which records an export takes.
enum class ExportScope {
    this_record,       // the record in front (its editor's)
    selected_records,  // the records chosen in the record list
    form,              // every record of a form, or of every form
    date_range         // records changed between two dates (of a form, or of every form)
};

// A scope's name in the preferences ("this-record", "selected-records", "all-records",
// "date-range"), and back: nothing for a name it does not know.
const char* scope_name(ExportScope scope) noexcept;
std::optional<ExportScope> scope_named(std::string_view name) noexcept;

// Everything an export from the window needs: the command line's options, the records
// chosen in the window, and the file.
struct ExportRequest {
    std::string format = "xlsx";             // a registered exporter's format: "xlsx", "xml" or "csv"
    std::string layout = "sheet-per-table";  // workbooks: "sheet-per-table" or "wide"
    ExportScope scope = ExportScope::form;
    std::vector<std::string> record_ids;  // this_record and selected_records
    std::string form;                     // form and date_range: empty for every form
    std::string modified_from;            // date_range: YYYY-MM-DD, inclusive
    std::string modified_to;
    bool include_drafts = false;           // submissions
    bool skip_invalid = false;             // submissions: leave out (and list) records the schema refuses
    bool choice_codes = false;             // workbooks and CSV: choices by their codes
    sdk::CollectionDetails collection;     // submissions
    std::filesystem::path output;
};

// What an export did, in words for the person.
struct ExportOutcome {
    enum class Kind { written, cancelled, failed } kind = Kind::failed;
    exporters::ExportResult result;  // written: the file, the count, the warnings
    wxString message;                // what to tell the person, whatever happened
};

// What the dialog remembers of a request: its format, layout, scope and folder.
ExportChoices choices_of(const ExportRequest& request);

// The exporter options a request stands for, as the command line would give them.
sdk::ExportOptions export_options_for(const ExportRequest& request);

// Runs the export the request describes through exporters::run_export, and never throws.
// `progress` is told how far it has got and asked, between records, whether the person has
// cancelled (nullptr: silent, never cancelled). The exporter writes through
// forms::AtomicFile: a cancelled or failed export leaves no file (and no temporary file) at
// or beside `request.output`, and a file already there as it was. Records chosen by id
// (this record, the selected records) are read by the store's own query, with the statuses
// and dates of the request applied to them too. An output that is the store's database, or
// a file SQLite keeps beside it (forms::database_file_named), is refused before anything is
// written.
ExportOutcome run_export(const exporters::ExportDataset& dataset, const ExportRequest& request,
                         sdk::ExportProgress* progress);

// The delegate that drives a wxProgressDialog (made with wxPD_CAN_ABORT and `range` as its
// maximum): OnProgress moves the bar and shows the stage; IsCancelled lets the dialog see a
// click on Cancel (at most every 50 ms) and is true from then on. The bar stops short of
// its end until the caller's Update(range) (wxPD_AUTO_HIDE would hide it while a submission
// is still being checked).
class ProgressDialogDelegate final : public sdk::ExportProgress {
public:
    static constexpr int range = 1000;
    explicit ProgressDialogDelegate(wxProgressDialog& dialog) : dialog_(&dialog) {}
    void OnProgress(double fraction, const std::string& stage) override;
    bool IsCancelled() const override;

private:
    wxProgressDialog* dialog_;
    mutable int value_ = 0;
    mutable bool cancelled_ = false;
    mutable std::chrono::steady_clock::time_point last_look_{};
};

// What the window knows when the dialog opens.
struct ExportContext {
    std::string current_record_id;     // the record in front; "" for none
    wxString current_record_title;
    std::vector<std::string> selected_record_ids;  // chosen in the record list
    wxString selected_description;                 // "Motion 0003", "3 records"
    std::string form;                              // the form chosen on the left; "" for none
    std::filesystem::path folder;                  // where the file goes unless they choose
    std::string database{};                        // the open database's location: never the file
    ExportChoices remembered{};                    // how the dialog was last used: it opens so
};

class ExportDialog : public wxDialog {
public:
    // Runs the export a request describes (MainFrame::export_with_progress) and says how it went.
    using Runner = std::function<ExportOutcome(const ExportRequest&)>;

    ExportDialog(wxWindow* parent, const forms::FormRegistry& registry, ExportContext context);

    // With a runner, Export runs the export from the dialog: the dialog closes (wxID_OK) only
    // once a file is written; after a refusal, a failure or a cancel it stays open, as it was,
    // and shows why. Without one, Export only closes it with the request.
    void set_runner(Runner runner) { runner_ = std::move(runner); }
    // Export, as the button does it: what must change is said (in a box when a person is
    // there), else the export runs. True when a file was written (or, without a runner, the
    // request is ready).
    bool export_now();
    // The last export run from the dialog.
    const ExportOutcome& outcome() const noexcept { return outcome_; }
    // Shows why the export did not happen in the dialog itself, above its buttons.
    void show_refusal(const wxString& text);

    // The request the controls describe.
    ExportRequest request() const;
    // Sets the controls from a request (as far as the context allows its scope).
    void set_request(const ExportRequest& request);
    // What must change before the export can run ("" when nothing): no file, a folder that
    // is not there, the open database (or its write-ahead log...) as the file, a submission
    // without its collection's details, dates the wrong way round, a CSV of every form.
    wxString problem() const;

    wxRadioBox* format_box() const noexcept { return format_; }
    wxChoice* layout_choice() const noexcept { return layout_; }
    wxChoice* form_choice() const noexcept { return form_choice_; }
    wxTextCtrl* collection_name() const noexcept { return collection_; }
    wxTextCtrl* collection_year() const noexcept { return year_; }
    wxDatePickerCtrl* reference_date() const noexcept { return reference_date_; }
    wxFilePickerCtrl* file_picker() const noexcept { return file_; }
    wxCheckBox* skip_invalid_box() const noexcept { return skip_invalid_; }
    wxCheckBox* codes_box() const noexcept { return codes_; }
    // Null until an export from the dialog was refused.
    wxTextCtrl* refusal_text() const noexcept { return refusal_; }
    wxRadioButton* scope_button(ExportScope scope) const;

private:
    void build();
    void update_enabled();
    void follow_format();  // the file's extension follows the format
    void on_ok(wxCommandEvent& event);
    std::string chosen_format() const;

    const forms::FormRegistry& registry_;
    ExportContext context_;
    std::vector<std::string> formats_;  // by radio index
    std::vector<std::string> form_ids_;  // by choice index; "" is every form
    std::filesystem::path confirmed_;   // a path the file dialog already asked to replace
    Runner runner_;
    ExportOutcome outcome_;

    wxRadioBox* format_ = nullptr;
    wxChoice* layout_ = nullptr;
    wxRadioButton* this_record_ = nullptr;
    wxRadioButton* selected_ = nullptr;
    wxRadioButton* whole_form_ = nullptr;
    wxRadioButton* date_range_ = nullptr;
    wxChoice* form_choice_ = nullptr;
    wxDatePickerCtrl* from_ = nullptr;
    wxDatePickerCtrl* to_ = nullptr;
    wxStaticBoxSizer* submission_box_ = nullptr;
    wxTextCtrl* collection_ = nullptr;
    wxTextCtrl* year_ = nullptr;
    wxDatePickerCtrl* reference_date_ = nullptr;
    wxCheckBox* drafts_ = nullptr;
    wxCheckBox* skip_invalid_ = nullptr;
    wxCheckBox* codes_ = nullptr;
    wxFilePickerCtrl* file_ = nullptr;
    wxStaticBitmap* refusal_icon_ = nullptr;
    wxTextCtrl* refusal_ = nullptr;
};

}  // namespace formwork::ui
