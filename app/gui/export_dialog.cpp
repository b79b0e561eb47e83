// The export dialog and run_export (see export_dialog.hpp).
#include "export_dialog.hpp"

#include "accessible_label.hpp"
#include "assert_handler.hpp"
#include "wx_text.hpp"

#include <formwork/exporters/export_request.hpp>
#include <formwork/model/record.hpp>
#include <formwork/model/values.hpp>
#include <formwork/store/database_files.hpp>

#include <wx/artprov.h>
#include <wx/button.h>
#include <wx/checkbox.h>
#include <wx/choice.h>
#include <wx/datectrl.h>
#include <wx/dateevt.h>
#include <wx/filepicker.h>
#include <wx/msgdlg.h>
#include <wx/progdlg.h>
#include <wx/radiobox.h>
#include <wx/radiobut.h>
#include <wx/sizer.h>
#include <wx/statbmp.h>
#include <wx/statbox.h>
#include <wx/stattext.h>
#include <wx/textctrl.h>

#include <algorithm>
#include <exception>
#include <optional>
#include <set>
#include <utility>

namespace formwork::ui {

namespace {

std::string iso_date(const wxDateTime& date) { return date.IsValid() ? date.FormatISODate().ToStdString() : std::string(); }

wxDateTime from_iso_date(const std::string& text) {
    wxDateTime date;
    const wxString shown = from_utf8(text);
    if (text.empty() || !date.ParseISODate(shown)) return wxDateTime::Today();
    return date;
}

// "Excel workbook" from "Excel workbook: a row per record, ...".
wxString format_label(const exporters::ExporterEntry& entry) {
    const std::string description = entry.description;
    const auto colon = description.find(':');
    return from_utf8(colon == std::string::npos ? description : description.substr(0, colon));
}

std::string extension_of(const std::string& format) { return format == "xml" ? ".xml" : "." + format; }

// Why `output` must not be written, when it is the database at `database` or a file SQLite
// keeps beside it; "" when it is neither.
wxString database_refusal(const std::filesystem::path& output, const std::string& database) {
    const auto named = forms::database_file_named(database, output);
    if (!named) return {};
    return from_utf8(output.string()) + " is " + from_utf8(*named) + " " + from_utf8(database) +
           ": exporting there would destroy its records and audit log. Nothing was written; choose another file.";
}

// The engine's request that a request from the window stands for; `progress` is told how
// far it has got and asked whether to stop (nullptr: silent).
exporters::ExportRequest engine_request_for(const ExportRequest& request, sdk::ExportProgress* progress) {
    exporters::ExportRequest engine;
    engine.format = exporters::format_named(request.format);
    engine.layout = exporters::layout_named(request.layout);
    engine.include_drafts = request.include_drafts;
    engine.skip_invalid = request.skip_invalid;
    engine.choice_codes = request.choice_codes;
    engine.collection = request.collection;
    engine.target = request.output;
    engine.progress = progress;
    switch (request.scope) {
    case ExportScope::this_record:
    case ExportScope::selected_records:
        engine.record_ids = request.record_ids;
        break;
    case ExportScope::date_range:
        engine.modified_from = request.modified_from;
        engine.modified_to = request.modified_to;
        engine.form = request.form;
        break;
    case ExportScope::form:
        engine.form = request.form;
        break;
    }
    return engine;
}

constexpr std::pair<ExportScope, const char*> scope_names[] = {{ExportScope::this_record, "this-record"},
                                                               {ExportScope::selected_records, "selected-records"},
                                                               {ExportScope::form, "all-records"},
                                                               {ExportScope::date_range, "date-range"}};

}  // namespace

const char* scope_name(ExportScope scope) noexcept {
    for (const auto& [each, name] : scope_names)
        if (each == scope) return name;
    return "all-records";
}

std::optional<ExportScope> scope_named(std::string_view name) noexcept {
    for (const auto& [each, each_name] : scope_names)
        if (name == each_name) return each;
    return std::nullopt;
}

ExportChoices choices_of(const ExportRequest& request) {
    ExportChoices choices;
    choices.format = request.format;
    choices.layout = request.layout;
    choices.scope = scope_name(request.scope);
    if (request.output.has_parent_path()) {
        std::error_code error;
        const auto folder = std::filesystem::absolute(request.output.parent_path(), error);
        choices.folder = from_utf8((error ? request.output.parent_path() : folder).string());
    }
    return choices;
}

sdk::ExportOptions export_options_for(const ExportRequest& request) {
    return exporters::export_options(engine_request_for(request, nullptr));
}

ExportOutcome run_export(const exporters::ExportDataset& dataset, const ExportRequest& request,
                         sdk::ExportProgress* progress) {
    ExportOutcome outcome;
    const bool by_record = request.scope == ExportScope::this_record || request.scope == ExportScope::selected_records;
    if (by_record && request.record_ids.empty()) {
        outcome.message = "No records are chosen: choose them in the record list, or open one.";
        return outcome;
    }
    if (const auto refusal = database_refusal(request.output, dataset.source.location()); !refusal.empty()) {
        outcome.message = "The export was refused: " + refusal;
        return outcome;
    }
    try {
        outcome.result = exporters::run_export(dataset, engine_request_for(request, progress));
        outcome.kind = ExportOutcome::Kind::written;
        const auto count = outcome.result.records;
        outcome.message = "Exported " + from_utf8(forms::with_commas(count)) + (count == 1 ? " record" : " records") + " to " +
                          from_utf8(outcome.result.path.string());
        if (outcome.result.serial > 0) outcome.message += wxString::Format(" (submission serial number %ld)", outcome.result.serial);
        outcome.message += ".";
        if (outcome.result.audit_entry > 0)
            outcome.message += wxString::Format(" It is recorded in the audit log as entry #%ld.", outcome.result.audit_entry);
        for (const auto& warning : outcome.result.warnings) outcome.message += "\n\nWarning: " + from_utf8(warning);
    } catch (const exporters::ExportError& e) {
        const bool cancelled = e.kind == exporters::ExportError::Kind::cancelled;
        outcome.kind = cancelled ? ExportOutcome::Kind::cancelled : ExportOutcome::Kind::failed;
        outcome.message = cancelled ? wxString("The export was cancelled; no file was written.")
                                    : "The export failed: " + from_utf8(e.what());
        // Records refused are not a failure: the message says what to do about them, from its start.
        if (e.kind == exporters::ExportError::Kind::invalid_records) {
            outcome.message = from_utf8(e.what());
            if (!outcome.message.empty()) outcome.message[0] = wxToupper(outcome.message[0]);
        }
    } catch (const std::exception& e) {
        outcome.kind = ExportOutcome::Kind::failed;
        outcome.message = "The export failed: " + from_utf8(e.what());
    }
    return outcome;
}

// ---- The progress dialog ----

void ProgressDialogDelegate::OnProgress(double fraction, const std::string& stage) {
    value_ = std::clamp(static_cast<int>(fraction * range), 0, range - 1);
    if (!dialog_->Update(value_, from_utf8(stage))) cancelled_ = true;
    last_look_ = std::chrono::steady_clock::now();
}

bool ProgressDialogDelegate::IsCancelled() const {
    if (cancelled_) return true;
    // The dialog sees a click only while it is updated: give it a look now and then.
    const auto now = std::chrono::steady_clock::now();
    if (now - last_look_ >= std::chrono::milliseconds(50)) {
        last_look_ = now;
        if (!dialog_->Update(value_)) cancelled_ = true;
    }
    return cancelled_;
}

// ---- The dialog ----

ExportDialog::ExportDialog(wxWindow* parent, const forms::FormRegistry& registry, ExportContext context)
    : wxDialog(parent, wxID_ANY, "Export", wxDefaultPosition, wxDefaultSize, wxDEFAULT_DIALOG_STYLE | wxRESIZE_BORDER),
      registry_(registry),
      context_(std::move(context)) {
    SetName("export dialog");
    build();
    // Where the records are chosen, the export starts from them.
    ExportRequest start;
    if (!context_.current_record_id.empty())
        start.scope = ExportScope::this_record;
    else if (!context_.selected_record_ids.empty())
        start.scope = ExportScope::selected_records;
    // Else, and where the records it was last used on are there to choose, as it was left.
    const auto& remembered = context_.remembered;
    if (const auto scope = scope_named(remembered.scope)) {
        const bool there = (*scope != ExportScope::this_record || !context_.current_record_id.empty()) &&
                           (*scope != ExportScope::selected_records || !context_.selected_record_ids.empty());
        if (there) start.scope = *scope;
    }
    if (std::find(formats_.begin(), formats_.end(), remembered.format) != formats_.end())
        start.format = remembered.format;
    if (remembered.layout == "wide" || remembered.layout == "sheet-per-table") start.layout = remembered.layout;
    start.form = context_.form;
    set_request(start);
}

void ExportDialog::build() {
    auto* top = new wxBoxSizer(wxVERTICAL);
    const auto gap = FromDIP(6);

    wxArrayString formats;
    for (const auto& entry : exporters::registered_exporters()) {
        formats_.emplace_back(entry.format);
        formats.Add(format_label(entry));
    }
    format_ = new wxRadioBox(this, wxID_ANY, "&Format", wxDefaultPosition, wxDefaultSize, formats, 1, wxRA_SPECIFY_ROWS);
    format_->SetName("format");
    for (std::size_t i = 0; i < formats_.size(); ++i)
        format_->SetItemToolTip(static_cast<unsigned>(i), from_utf8(exporters::registered_exporters()[i].description));
    top->Add(format_, wxSizerFlags().Expand().Border(wxALL, gap));

    auto* layout_row = new wxBoxSizer(wxHORIZONTAL);
    auto* layout_label = new wxStaticText(this, wxID_ANY, "&Layout:");
    layout_ = new wxChoice(this, wxID_ANY);
    layout_->SetName("layout");
    layout_->Append("A sheet per table");  // sheet-per-table
    layout_->Append("One wide sheet");     // wide
    layout_->SetToolTip("A workbook's layout: each table on a sheet of its own, or every value of a record on one row");
    tie_label(layout_label, layout_);
    layout_row->Add(layout_label, wxSizerFlags().CenterVertical().Border(wxRIGHT, gap));
    layout_row->Add(layout_, wxSizerFlags().CenterVertical());
    top->Add(layout_row, wxSizerFlags().Border(wxLEFT | wxRIGHT | wxBOTTOM, gap));
    codes_ = new wxCheckBox(this, wxID_ANY, "Show choices by their co&des, for analysts (workbooks and CSV)");
    codes_->SetName("choice codes");
    codes_->SetToolTip("Each choice as its code, as a submission holds it, rather than its label");
    top->Add(codes_, wxSizerFlags().Border(wxLEFT | wxRIGHT | wxBOTTOM, gap));

    // Which records.
    auto* records = new wxStaticBoxSizer(wxVERTICAL, this, "Records");
    auto* box = records->GetStaticBox();
    this_record_ = new wxRadioButton(box, wxID_ANY,
                                     context_.current_record_id.empty()
                                         ? wxString("&This record (none is open)")
                                         : "&This record: " + wxControl::EscapeMnemonics(context_.current_record_title),
                                     wxDefaultPosition, wxDefaultSize, wxRB_GROUP);
    this_record_->SetName("scope this record");
    selected_ = new wxRadioButton(box, wxID_ANY,
                                  context_.selected_record_ids.empty()
                                      ? wxString("The &selected records (none is selected in the list)")
                                      : "The &selected records: " + wxControl::EscapeMnemonics(context_.selected_description));
    selected_->SetName("scope selected records");
    whole_form_ = new wxRadioButton(box, wxID_ANY, "&All records");
    whole_form_->SetName("scope all records");
    date_range_ = new wxRadioButton(box, wxID_ANY, "Records &changed from");
    date_range_->SetName("scope date range");
    const auto today = wxDateTime::Today();
    from_ = new wxDatePickerCtrl(box, wxID_ANY, wxDateTime(1, wxDateTime::Jan, today.GetYear()), wxDefaultPosition,
                                 wxDefaultSize, wxDP_DROPDOWN | wxDP_SHOWCENTURY);
    from_->SetName("changed from");
    auto* to_label = new wxStaticText(box, wxID_ANY, "t&o");
    to_ = new wxDatePickerCtrl(box, wxID_ANY, today, wxDefaultPosition, wxDefaultSize, wxDP_DROPDOWN | wxDP_SHOWCENTURY);
    to_->SetName("changed to");
    set_accessible_name(from_, "Changed from");
    tie_label(to_label, to_);
    auto* range_row = new wxBoxSizer(wxHORIZONTAL);
    range_row->Add(date_range_, wxSizerFlags().CenterVertical().Border(wxRIGHT, gap));
    range_row->Add(from_, wxSizerFlags().CenterVertical().Border(wxRIGHT, gap));
    range_row->Add(to_label, wxSizerFlags().CenterVertical().Border(wxRIGHT, gap));
    range_row->Add(to_, wxSizerFlags().CenterVertical());

    auto* form_row = new wxBoxSizer(wxHORIZONTAL);
    auto* form_label = new wxStaticText(box, wxID_ANY, "Of the f&orm:");
    form_choice_ = new wxChoice(box, wxID_ANY);
    form_choice_->SetName("form");
    form_choice_->Append("Every form");
    form_ids_.emplace_back();
    std::vector<std::pair<wxString, std::string>> titled;
    for (const auto& entry : registry_.forms())
        if (registry_.latest(entry.form->id) == entry.form) titled.emplace_back(from_utf8(entry.form->title), entry.form->id);
    std::sort(titled.begin(), titled.end());
    for (const auto& [title, id] : titled) {
        form_choice_->Append(title);
        form_ids_.push_back(id);
    }
    form_choice_->SetSelection(0);
    tie_label(form_label, form_choice_);
    form_row->Add(form_label, wxSizerFlags().CenterVertical().Border(wxRIGHT, gap));
    form_row->Add(form_choice_, wxSizerFlags(1).CenterVertical());

    for (auto* button : {this_record_, selected_, whole_form_}) records->Add(button, wxSizerFlags().Border(wxALL, gap / 2));
    records->Add(range_row, wxSizerFlags().Border(wxALL, gap / 2));
    records->Add(form_row, wxSizerFlags().Expand().Border(wxALL, gap / 2));
    top->Add(records, wxSizerFlags().Expand().Border(wxLEFT | wxRIGHT | wxBOTTOM, gap));

    // A submission's collection: what `formwork-cli export --format xml` requires.
    submission_box_ = new wxStaticBoxSizer(wxVERTICAL, this, "Submission");
    auto* sbox = submission_box_->GetStaticBox();
    auto* grid = new wxFlexGridSizer(2, gap, gap);
    grid->AddGrowableCol(1);
    auto* collection_label = new wxStaticText(sbox, wxID_ANY, "Colle&ction:");
    collection_ = new wxTextCtrl(sbox, wxID_ANY, wxEmptyString, wxDefaultPosition, wxSize(FromDIP(320), -1));
    collection_->SetName("collection");
    collection_->SetHint("e.g. Equality and governance");
    tie_label(collection_label, collection_);
    auto* year_label = new wxStaticText(sbox, wxID_ANY, "&Year:");
    year_ = new wxTextCtrl(sbox, wxID_ANY, wxString::Format("%d", today.GetYear()), wxDefaultPosition,
                           wxSize(FromDIP(80), -1));
    year_->SetName("collection year");
    year_->SetMaxLength(4);
    tie_label(year_label, year_);
    auto* reference_label = new wxStaticText(sbox, wxID_ANY, "&Reference date:");
    reference_date_ = new wxDatePickerCtrl(sbox, wxID_ANY, today, wxDefaultPosition, wxDefaultSize,
                                           wxDP_DROPDOWN | wxDP_SHOWCENTURY);
    reference_date_->SetName("reference date");
    tie_label(reference_label, reference_date_);
    for (const auto& item : std::initializer_list<std::pair<wxWindow*, wxWindow*>>{
             {collection_label, collection_}, {year_label, year_}, {reference_label, reference_date_}}) {
        grid->Add(item.first, wxSizerFlags().CenterVertical());
        grid->Add(item.second, wxSizerFlags().CenterVertical().Expand());
    }
    submission_box_->Add(grid, wxSizerFlags().Expand().Border(wxALL, gap / 2));
    drafts_ = new wxCheckBox(sbox, wxID_ANY, "Include &drafts, each marked as a draft");
    drafts_->SetName("include drafts");
    submission_box_->Add(drafts_, wxSizerFlags().Border(wxALL, gap / 2));
    skip_invalid_ = new wxCheckBox(sbox, wxID_ANY, "&Leave out records that are not valid (a draft not yet complete), and list them");
    skip_invalid_->SetName("skip invalid");
    skip_invalid_->SetToolTip("Without this, one such record stops the whole submission, and each is named");
    submission_box_->Add(skip_invalid_, wxSizerFlags().Border(wxALL, gap / 2));
    top->Add(submission_box_, wxSizerFlags().Expand().Border(wxLEFT | wxRIGHT | wxBOTTOM, gap));

    auto* file_row = new wxBoxSizer(wxHORIZONTAL);
    auto* file_label = new wxStaticText(this, wxID_ANY, "Sa&ve as:");
    const auto first = formats_.empty() ? std::string("xlsx") : formats_.front();
    const auto suggested = context_.folder / ("formwork-export-" + iso_date(today) + extension_of(first));
    file_ = new wxFilePickerCtrl(this, wxID_ANY, from_utf8(suggested.string()), "Export to",
                                 "Excel workbooks (*.xlsx)|*.xlsx|XML submissions (*.xml)|*.xml|CSV files (*.csv)|*.csv|All files|*",
                                 wxDefaultPosition, wxSize(FromDIP(460), -1),
                                 wxFLP_SAVE | wxFLP_OVERWRITE_PROMPT | wxFLP_USE_TEXTCTRL);
    file_->SetName("output file");
    if (auto* text = file_->GetTextCtrl()) tie_label(file_label, text);
    // The file dialog has asked already whether to replace a file chosen through it.
    file_->GetPickerCtrl()->Bind(wxEVT_FILEPICKER_CHANGED, [this](wxFileDirPickerEvent& event) {
        confirmed_ = std::filesystem::path(event.GetPath().utf8_string());
        event.Skip();
    });
    file_row->Add(file_label, wxSizerFlags().CenterVertical().Border(wxRIGHT, gap));
    file_row->Add(file_, wxSizerFlags(1).CenterVertical());
    top->Add(file_row, wxSizerFlags().Expand().Border(wxLEFT | wxRIGHT | wxBOTTOM, gap));

    auto* buttons = new wxStdDialogButtonSizer;
    auto* ok = new wxButton(this, wxID_OK, "&Export");
    ok->SetDefault();
    buttons->AddButton(ok);
    buttons->AddButton(new wxButton(this, wxID_CANCEL));
    buttons->Realize();
    top->Add(buttons, wxSizerFlags().Expand().Border(wxALL, gap));
    SetSizerAndFit(top);

    format_->Bind(wxEVT_RADIOBOX, [this](wxCommandEvent&) {
        follow_format();
        update_enabled();
    });
    for (auto* button : {this_record_, selected_, whole_form_, date_range_})
        button->Bind(wxEVT_RADIOBUTTON, [this](wxCommandEvent&) { update_enabled(); });
    Bind(wxEVT_BUTTON, &ExportDialog::on_ok, this, wxID_OK);
}

std::string ExportDialog::chosen_format() const {
    const int chosen = format_->GetSelection();
    return chosen >= 0 && static_cast<std::size_t>(chosen) < formats_.size() ? formats_[static_cast<std::size_t>(chosen)]
                                                                             : std::string("xlsx");
}

wxRadioButton* ExportDialog::scope_button(ExportScope scope) const {
    switch (scope) {
    case ExportScope::this_record: return this_record_;
    case ExportScope::selected_records: return selected_;
    case ExportScope::form: return whole_form_;
    case ExportScope::date_range: return date_range_;
    }
    return whole_form_;
}

void ExportDialog::update_enabled() {
    const bool workbook = chosen_format() == "xlsx";
    layout_->Enable(workbook);
    submission_box_->GetStaticBox()->Enable(chosen_format() == "xml");
    codes_->Enable(chosen_format() != "xml");
    this_record_->Enable(!context_.current_record_id.empty());
    selected_->Enable(!context_.selected_record_ids.empty());
    const bool ranged = date_range_->GetValue();
    from_->Enable(ranged);
    to_->Enable(ranged);
    form_choice_->Enable(ranged || whole_form_->GetValue());
}

void ExportDialog::follow_format() {
    std::filesystem::path path(file_->GetPath().utf8_string());
    if (path.empty()) return;
    const auto extension = path.extension().string();
    std::set<std::string> known;
    for (const auto& format : formats_) known.insert(extension_of(format));
    if (!extension.empty() && known.count(extension) == 0) return;  // a name of their own
    path.replace_extension(extension_of(chosen_format()));
    file_->SetPath(from_utf8(path.string()));
}

ExportRequest ExportDialog::request() const {
    ExportRequest request;
    request.format = chosen_format();
    request.layout = layout_->GetSelection() == 1 ? "wide" : "sheet-per-table";
    if (this_record_->GetValue() && !context_.current_record_id.empty()) {
        request.scope = ExportScope::this_record;
        request.record_ids = {context_.current_record_id};
    } else if (selected_->GetValue() && !context_.selected_record_ids.empty()) {
        request.scope = ExportScope::selected_records;
        request.record_ids = context_.selected_record_ids;
    } else if (date_range_->GetValue()) {
        request.scope = ExportScope::date_range;
        request.modified_from = iso_date(from_->GetValue());
        request.modified_to = iso_date(to_->GetValue());
    } else {
        request.scope = ExportScope::form;
    }
    const int form = form_choice_->GetSelection();
    if (form > 0 && (request.scope == ExportScope::form || request.scope == ExportScope::date_range))
        request.form = form_ids_[static_cast<std::size_t>(form)];
    if (request.format == "xml") {
        request.collection.collection = collection_->GetValue().Strip(wxString::both).utf8_string();
        request.collection.year = year_->GetValue().Strip(wxString::both).utf8_string();
        request.collection.reference_date = iso_date(reference_date_->GetValue());
        request.include_drafts = drafts_->GetValue();
        request.skip_invalid = skip_invalid_->GetValue();
    } else {
        request.choice_codes = codes_->GetValue();
    }
    request.output = std::filesystem::path(file_->GetPath().Strip(wxString::both).utf8_string());
    if (!request.output.empty() && !request.output.has_extension()) request.output += extension_of(request.format);
    return request;
}

void ExportDialog::set_request(const ExportRequest& request) {
    const auto format = std::find(formats_.begin(), formats_.end(), request.format);
    if (format != formats_.end()) format_->SetSelection(static_cast<int>(format - formats_.begin()));
    layout_->SetSelection(request.layout == "wide" ? 1 : 0);
    auto scope = request.scope;
    if (scope == ExportScope::this_record && context_.current_record_id.empty()) scope = ExportScope::form;
    if (scope == ExportScope::selected_records && context_.selected_record_ids.empty()) scope = ExportScope::form;
    scope_button(scope)->SetValue(true);
    const auto form = std::find(form_ids_.begin(), form_ids_.end(), request.form);
    form_choice_->SetSelection(form != form_ids_.end() ? static_cast<int>(form - form_ids_.begin()) : 0);
    if (!request.modified_from.empty()) from_->SetValue(from_iso_date(request.modified_from));
    if (!request.modified_to.empty()) to_->SetValue(from_iso_date(request.modified_to));
    if (!request.collection.collection.empty()) collection_->ChangeValue(from_utf8(request.collection.collection));
    if (!request.collection.year.empty()) year_->ChangeValue(from_utf8(request.collection.year));
    if (!request.collection.reference_date.empty())
        reference_date_->SetValue(from_iso_date(request.collection.reference_date));
    drafts_->SetValue(request.include_drafts);
    skip_invalid_->SetValue(request.skip_invalid);
    codes_->SetValue(request.choice_codes);
    if (!request.output.empty()) file_->SetPath(from_utf8(request.output.string()));
    else follow_format();
    update_enabled();
}

wxString ExportDialog::problem() const {
    const auto chosen = request();
    if (chosen.output.empty()) return "Choose the file to save the export as.";
    std::error_code error;
    if (std::filesystem::is_directory(chosen.output, error))
        return from_utf8(chosen.output.string()) + " is a folder: give the file's name too.";
    const auto folder = chosen.output.has_parent_path() ? chosen.output.parent_path() : std::filesystem::path(".");
    if (!std::filesystem::is_directory(folder, error)) return "There is no folder " + from_utf8(folder.string()) + ".";
    if (const auto refusal = database_refusal(chosen.output, context_.database); !refusal.empty()) return refusal;
    if (chosen.scope == ExportScope::date_range && chosen.modified_from > chosen.modified_to)
        return "The dates are the wrong way round: the first must not be after the second.";
    // A CSV is one table: one form's records (chosen records are checked to be of one form as it runs).
    if (chosen.format == "csv" && chosen.form.empty() &&
        (chosen.scope == ExportScope::form || chosen.scope == ExportScope::date_range))
        return "A CSV file holds the records of one form: choose the form.";
    if (chosen.format == "xml") {
        if (chosen.collection.collection.empty()) return "A submission needs the collection's name.";
        const auto& year = chosen.collection.year;
        if (year.size() != 4 || !std::all_of(year.begin(), year.end(), [](char c) { return c >= '0' && c <= '9'; }) ||
            year == "0000")
            return "A submission needs the collection's year as four digits.";
    }
    return {};
}

void ExportDialog::on_ok(wxCommandEvent&) {
    if (export_now() && IsModal()) EndModal(wxID_OK);
}

bool ExportDialog::export_now() {
    const auto why = problem();
    if (!why.empty()) {
        if (modal_dialogs_allowed()) wxMessageBox(why, "Export", wxOK | wxICON_WARNING, this);
        else show_refusal(why);
        return false;
    }
    const auto chosen = request();
    std::error_code error;
    if (std::filesystem::exists(chosen.output, error) && chosen.output != confirmed_ && modal_dialogs_allowed()) {
        const int answer = wxMessageBox(from_utf8(chosen.output.string()) + " already exists. Replace it?", "Export",
                                        wxYES_NO | wxNO_DEFAULT | wxICON_QUESTION, this);
        if (answer != wxYES) return false;
    }
    if (!runner_) return true;
    if (refusal_ != nullptr) refusal_->ChangeValue(wxString(L"Exporting\u2026"));
    outcome_ = runner_(chosen);
    if (outcome_.kind == ExportOutcome::Kind::written) return true;
    show_refusal(outcome_.message);
    return false;
}

void ExportDialog::show_refusal(const wxString& text) {
    if (refusal_ == nullptr) {
        if (text.empty()) return;
        // Why the last export did not happen: shown here, above the buttons, with every setting
        // still as it was, so the person can change what it names and press Export again. Made
        // when first needed, so that a dialog never refused holds no empty box; kept after.
        const auto gap = FromDIP(6);
        auto* refusal_row = new wxBoxSizer(wxHORIZONTAL);
        refusal_icon_ = new wxStaticBitmap(this, wxID_ANY, wxArtProvider::GetBitmap(wxART_WARNING, wxART_MESSAGE_BOX));
        refusal_ = new wxTextCtrl(this, wxID_ANY, wxEmptyString, wxDefaultPosition, wxSize(FromDIP(460), FromDIP(130)),
                                  wxTE_MULTILINE | wxTE_READONLY | wxTE_WORDWRAP);
        refusal_->SetName("export refusal");
        set_accessible_name(refusal_, "Why the export was not written");
        refusal_row->Add(refusal_icon_, wxSizerFlags().Top().Border(wxRIGHT, gap));
        refusal_row->Add(refusal_, wxSizerFlags(1).Expand());
        auto* top = GetSizer();
        top->Insert(top->GetItemCount() - 1, refusal_row, wxSizerFlags(1).Expand().Border(wxLEFT | wxRIGHT | wxBOTTOM, gap));
        // Grown to hold the message, never narrower than the person made it.
        const auto width = GetSize().GetWidth();
        Layout();
        Fit();
        SetSize(std::max(width, GetSize().GetWidth()), GetSize().GetHeight());
    }
    refusal_->ChangeValue(text);
    refusal_->ShowPosition(0);
    if (!text.empty()) refusal_->SetFocus();  // read out first, and can be copied from
}

}  // namespace formwork::ui
