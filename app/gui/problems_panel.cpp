// The problems panel (see problems_panel.hpp).
#include "problems_panel.hpp"

#include "accessible_label.hpp"

#include <wx/listctrl.h>
#include <wx/settings.h>
#include <wx/sizer.h>
#include <wx/stattext.h>

namespace formwork::ui {

ProblemsPanel::ProblemsPanel(wxWindow* parent) : wxPanel(parent, wxID_ANY) {
    auto* sizer = new wxBoxSizer(wxVERTICAL);
    heading_ = new wxStaticText(this, wxID_ANY, _("Problems"));
    heading_->SetFont(heading_->GetFont().Bold());
    sizer->Add(heading_, wxSizerFlags().Border(wxLEFT | wxTOP | wxBOTTOM, FromDIP(4)));
    list_ = new wxListCtrl(this, wxID_ANY, wxDefaultPosition, wxDefaultSize, wxLC_REPORT | wxLC_SINGLE_SEL);
    list_->AppendColumn(_("Severity"), wxLIST_FORMAT_LEFT, FromDIP(90));
    list_->AppendColumn(_("Field"), wxLIST_FORMAT_LEFT, FromDIP(400));
    list_->AppendColumn(_("Problem"), wxLIST_FORMAT_LEFT, FromDIP(760));
    list_->SetMinSize(wxSize(-1, FromDIP(96)));
    sizer->Add(list_, wxSizerFlags(1).Expand());
    SetSizer(sizer);
    tie_label(heading_, list_);
    list_->Bind(wxEVT_LIST_ITEM_ACTIVATED, &ProblemsPanel::on_activated, this);
    update_heading();
}

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
    list_->Freeze();
    // Rows are rewritten in place and the surplus removed, so the list does not flicker.
    const long rows = static_cast<long>(problems_.size());
    while (list_->GetItemCount() > rows) list_->DeleteItem(list_->GetItemCount() - 1);
    for (long row = 0; row < rows; ++row) {
        const auto& problem = problems_[static_cast<std::size_t>(row)];
        wxString severity = problem.severity == forms::Severity::error ? _("Error") : _("Warning");
        if (!problem.when.empty()) severity += " (" + problem.when + ")";
        if (row >= list_->GetItemCount()) list_->InsertItem(row, severity);
        else list_->SetItem(row, 0, severity);
        list_->SetItem(row, 1, problem.field);
        list_->SetItem(row, 2, problem.message);
        list_->SetItemTextColour(row, problem.severity == forms::Severity::error ? wxColour(176, 0, 32)
                                                                                 : wxSystemSettings::GetColour(wxSYS_COLOUR_LISTBOXTEXT));
        list_->SetItemState(row, 0, wxLIST_STATE_SELECTED);
    }
    for (long row = 0; row < rows; ++row) {
        const auto& problem = problems_[static_cast<std::size_t>(row)];
        if (!selected_path.empty() && problem.path == selected_path && problem.message == selected_message) {
            list_->SetItemState(row, wxLIST_STATE_SELECTED, wxLIST_STATE_SELECTED);
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

long ProblemsPanel::selected() const { return list_->GetNextItem(-1, wxLIST_NEXT_ALL, wxLIST_STATE_SELECTED); }

void ProblemsPanel::select(std::size_t index) {
    if (index >= problems_.size()) return;
    const long row = static_cast<long>(index);
    list_->SetItemState(row, wxLIST_STATE_SELECTED | wxLIST_STATE_FOCUSED, wxLIST_STATE_SELECTED | wxLIST_STATE_FOCUSED);
    list_->EnsureVisible(row);
}

void ProblemsPanel::activate(std::size_t index) {
    if (index >= problems_.size()) return;
    select(index);
    if (on_activate_) on_activate_(problems_[index].path);
}

void ProblemsPanel::on_activated(wxListEvent& event) {
    const long row = event.GetIndex();
    if (row >= 0 && static_cast<std::size_t>(row) < problems_.size() && on_activate_)
        on_activate_(problems_[static_cast<std::size_t>(row)].path);
}

}  // namespace formwork::ui
