// The problems panel (see problems_panel.hpp).
#include "problems_panel.hpp"

#include "accessible_label.hpp"

#include <wx/dataview.h>
#include <wx/sizer.h>
#include <wx/stattext.h>

namespace formwork::ui {

namespace {

enum Column : unsigned { column_severity, column_field, column_message };

// The list's rows, which shows errors in red: a wxDataViewListCtrl's own store has no colours.
class ProblemStore : public wxDataViewListStore {
public:
    std::vector<bool> errors{};  // by row

    bool GetAttrByRow(unsigned int row, unsigned int, wxDataViewItemAttr& attr) const override {
        if (row >= errors.size() || !errors[row]) return false;
        attr.SetColour(wxColour(176, 0, 32));
        return true;
    }
};

}  // namespace

ProblemsPanel::ProblemsPanel(wxWindow* parent) : wxPanel(parent, wxID_ANY) {
    auto* sizer = new wxBoxSizer(wxVERTICAL);
    heading_ = new wxStaticText(this, wxID_ANY, _("Problems"));
    heading_->SetFont(heading_->GetFont().Bold());
    sizer->Add(heading_, wxSizerFlags().Border(wxLEFT | wxTOP | wxBOTTOM, FromDIP(4)));
    list_ = new wxDataViewListCtrl(this, wxID_ANY, wxDefaultPosition, wxDefaultSize, wxDV_SINGLE | wxDV_ROW_LINES);
    auto* store = new ProblemStore;
    list_->AssociateModel(store);
    store->DecRef();  // the list holds it now
    list_->AppendTextColumn(_("Severity"), wxDATAVIEW_CELL_INERT, FromDIP(140), wxALIGN_LEFT, wxDATAVIEW_COL_RESIZABLE);
    list_->AppendTextColumn(_("Field"), wxDATAVIEW_CELL_INERT, FromDIP(400), wxALIGN_LEFT, wxDATAVIEW_COL_RESIZABLE);
    list_->AppendTextColumn(_("Problem"), wxDATAVIEW_CELL_INERT, FromDIP(760), wxALIGN_LEFT, wxDATAVIEW_COL_RESIZABLE);
    list_->SetMinSize(wxSize(-1, FromDIP(96)));
    sizer->Add(list_, wxSizerFlags(1).Expand());
    SetSizer(sizer);
    tie_label(heading_, list_);
    name_cells(list_, &namer_);
    list_->Bind(wxEVT_DATAVIEW_ITEM_ACTIVATED, &ProblemsPanel::on_activated, this);
    update_heading();
}

ProblemsPanel::~ProblemsPanel() { unname_cells(list_); }

wxString ProblemsPanel::severity_text(const Problem& problem) {
    wxString severity = problem.severity == forms::Severity::error ? _("Error") : _("Warning");
    if (!problem.when.empty()) severity += " (" + problem.when + ")";
    return severity;
}

wxString ProblemsPanel::spoken(const Problem& problem) {
    wxString text = problem.severity == forms::Severity::error ? _("Error") : _("Warning");
    if (!problem.when.empty()) text += " " + problem.when;
    if (!problem.field.empty()) text += ", " + problem.field;
    if (!problem.message.empty()) text += ", " + problem.message;
    return text;
}

wxString ProblemsPanel::Namer::cell_name(unsigned row, unsigned column) const {
    if (row >= problems_.size()) return {};
    const auto& problem = problems_[row];
    switch (column) {
        case column_severity: return spoken(problem);
        case column_field: return problem.field;
        case column_message: return problem.message;
        default: return {};
    }
}

wxString ProblemsPanel::Namer::cell_description(unsigned, unsigned) const { return {}; }

std::size_t ProblemsPanel::error_count() const noexcept {
    std::size_t errors = 0;
    for (const auto& problem : problems_) errors += problem.severity == forms::Severity::error ? 1 : 0;
    return errors;
}

void ProblemsPanel::set_problems(std::vector<Problem> problems) {
    if (problems == problems_) return;
    std::string selected_path;
    wxString selected_message;
    if (const long at = selected(); at >= 0 && static_cast<std::size_t>(at) < problems_.size()) {
        selected_path = problems_[static_cast<std::size_t>(at)].path;
        selected_message = problems_[static_cast<std::size_t>(at)].message;
    }
    problems_ = std::move(problems);
    auto* store = static_cast<ProblemStore*>(list_->GetStore());
    const std::vector<bool> were_errors = store->errors;
    store->errors.assign(problems_.size(), false);
    for (std::size_t row = 0; row < problems_.size(); ++row)
        store->errors[row] = problems_[row].severity == forms::Severity::error;

    list_->Freeze();
    list_->UnselectAll();
    // Rows are rewritten in place and the surplus removed, so the list does not flicker.
    const auto rows = static_cast<unsigned>(problems_.size());
    const auto shown = [this] { return static_cast<unsigned>(list_->GetItemCount()); };
    while (shown() > rows) list_->DeleteItem(shown() - 1);
    for (unsigned row = 0; row < rows; ++row) {
        const auto& problem = problems_[row];
        const wxString cells[] = {severity_text(problem), problem.field, problem.message};
        if (row >= shown()) {
            wxVector<wxVariant> values;
            for (const auto& cell : cells) values.push_back(cell);
            list_->AppendItem(values);
            continue;
        }
        for (unsigned column = 0; column < 3; ++column)
            if (list_->GetTextValue(row, column) != cells[column]) list_->SetTextValue(cells[column], row, column);
        if (row < were_errors.size() && were_errors[row] != store->errors[row]) store->RowChanged(row);  // its colour
    }
    for (unsigned row = 0; row < rows; ++row) {
        const auto& problem = problems_[row];
        if (!selected_path.empty() && problem.path == selected_path && problem.message == selected_message) {
            list_->SelectRow(row);
            break;
        }
    }
    list_->Thaw();
    update_heading();
}

void ProblemsPanel::update_heading() {
    const auto errors = error_count();
    const auto warnings = problems_.size() - errors;
    wxString text;
    if (problems_.empty()) text = _("Problems: none");
    else
        text = wxString::Format(_("Problems: %zu %s, %zu %s"), errors, errors == 1 ? _("error") : _("errors"), warnings,
                                warnings == 1 ? _("warning") : _("warnings"));
    if (text == heading_->GetLabel()) return;
    heading_->SetLabel(text);
    // A bold label's best size is measured in the normal font: measure it here.
    heading_->SetMinSize(heading_->GetTextExtent(text));
    Layout();
}

long ProblemsPanel::selected() const { return list_->GetSelectedRow(); }

void ProblemsPanel::select(std::size_t index) {
    if (index >= problems_.size()) return;
    const auto item = list_->RowToItem(static_cast<int>(index));
    // The current row (where the arrow keys go on from) first: on GTK it moves the selection too.
    list_->SetCurrentItem(item);
    list_->Select(item);
    list_->EnsureVisible(item);
}

void ProblemsPanel::activate(std::size_t index) {
    if (index >= problems_.size()) return;
    select(index);
    if (on_activate_) on_activate_(problems_[index].path);
}

void ProblemsPanel::on_activated(wxDataViewEvent& event) {
    const int row = list_->ItemToRow(event.GetItem());
    if (row >= 0 && static_cast<std::size_t>(row) < problems_.size() && on_activate_)
        on_activate_(problems_[static_cast<std::size_t>(row)].path);
}

}  // namespace formwork::ui
