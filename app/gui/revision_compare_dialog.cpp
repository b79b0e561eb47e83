// Two revisions side by side (see revision_compare_dialog.hpp).
#include "revision_compare_dialog.hpp"

#include "accessible_label.hpp"
#include "wx_text.hpp"

#include <formwork/model/definition_walk.hpp>

#include <wx/button.h>
#include <wx/display.h>
#include <wx/sizer.h>

#include <algorithm>
#include <climits>
#include <cstdlib>
#include <set>
#include <string_view>
#include <utility>

namespace formwork::ui {
namespace {

using forms::Node;
using forms::NodeKind;

// Where a path comes in the form: each step's place among its level's elements, a table
// row's number (a fixed row's place in its table). A step the form does not know (a field
// since removed) comes after everything it knows.
std::vector<long> place_in_form(const forms::FormDefinition& form, std::string_view path) {
    std::vector<long> place;
    const std::vector<Node>* level = &form.items;
    const Node* node = nullptr;
    while (!path.empty()) {
        const auto slash = path.find('/');
        const std::string_view step = path.substr(0, slash);
        path = slash == std::string_view::npos ? std::string_view{} : path.substr(slash + 1);
        if (node != nullptr && node->kind == NodeKind::table) {
            const auto open = step.find('[');
            long row = LONG_MAX;
            if (open != std::string_view::npos && step.size() > open + 2) {
                const std::string predicate(step.substr(open + 1, step.size() - open - 2));
                if (predicate.rfind("@key=", 0) == 0 && predicate.size() >= 7) {
                    const std::string key = predicate.substr(6, predicate.size() - 7);
                    for (std::size_t index = 0; index < node->fixed_rows.size(); ++index)
                        if (node->fixed_rows[index].code == key) row = static_cast<long>(index);
                } else {
                    row = std::strtol(predicate.c_str(), nullptr, 10);
                }
            }
            place.push_back(row);
            level = &node->children;
            node = nullptr;
            continue;
        }
        if (node != nullptr && node->kind == NodeKind::field) {  // a person's name, then role
            place.push_back(step == "name" ? 0 : step == "role" ? 1 : 2);
            continue;
        }
        if (node != nullptr) level = &node->children;
        long index = 0;
        const Node* found = nullptr;
        long found_at = LONG_MAX;
        forms::for_each_element(*level, [&](const Node& item) {
            if (found == nullptr && item.id == step) {
                found = &item;
                found_at = index;
            }
            ++index;
        });
        place.push_back(found_at);
        if (found == nullptr) break;
        node = found;
    }
    return place;
}

const std::string& value_at(const forms::RevisionContent& content, const std::string& path) {
    static const std::string none;
    const auto found = content.values.find(path);
    return found == content.values.end() ? none : found->second;
}

wxString revision_name(long revision) { return wxString::Format(_("Revision %ld"), revision); }

}  // namespace

std::vector<CompareRow> compare_rows(const forms::FormDefinition& form, const forms::RevisionContent& a,
                                     const forms::RevisionContent& b, bool all) {
    std::set<std::string> differing;
    for (const auto& change : forms::compare_revisions(a, b)) differing.insert(change.path);
    const std::string status_path = "meta/status";

    std::vector<CompareRow> rows;
    if (all || differing.count(status_path) > 0)
        rows.push_back({status_path, field_label(form, status_path), value_in_words(&form, status_path, a.status),
                        value_in_words(&form, status_path, b.status), differing.count(status_path) > 0});

    std::set<std::string> paths;
    if (all) {
        for (const auto& [path, value] : a.values) paths.insert(path);
        for (const auto& [path, value] : b.values) paths.insert(path);
    } else {
        paths = differing;
        paths.erase(status_path);
    }
    std::vector<std::pair<std::vector<long>, CompareRow>> fields;
    for (const auto& path : paths)
        fields.push_back({place_in_form(form, path),
                          {path, field_label(form, path), value_in_words(&form, path, value_at(a, path)),
                           value_in_words(&form, path, value_at(b, path)), differing.count(path) > 0}});
    std::stable_sort(fields.begin(), fields.end(), [](const auto& left, const auto& right) {
        return left.first != right.first ? left.first < right.first : left.second.path < right.second.path;
    });
    for (auto& field : fields) rows.push_back(std::move(field.second));
    return rows;
}

RevisionCompareDialog::RevisionCompareDialog(wxWindow* parent, forms::RecordStore& store, forms::FormDefinitionPtr form,
                                             std::string id, const wxString& title, std::vector<RevisionChoice> revisions,
                                             long a, long b)
    : wxDialog(parent, wxID_ANY, _("Compare two revisions"), wxDefaultPosition, wxDefaultSize,
               wxDEFAULT_DIALOG_STYLE | wxRESIZE_BORDER, window_name),
      store_(store), form_(std::move(form)), id_(std::move(id)), revisions_(std::move(revisions)) {
    auto* sizer = new wxBoxSizer(wxVERTICAL);
    auto* heading = new wxStaticText(this, wxID_ANY, wxString());
    heading->SetLabelText(wxString::Format(_("Two revisions of \"%s\" side by side"), title));
    heading->SetFont(heading->GetFont().Bold());
    sizer->Add(heading, wxSizerFlags().Border(wxALL, FromDIP(10)));

    // Either revision can be changed here: any two can be compared.
    wxArrayString names;
    for (const auto& revision : revisions_) names.Add(revision.label);
    auto* chooser = new wxFlexGridSizer(2, FromDIP(6), FromDIP(8));
    chooser->AddGrowableCol(1);
    auto* label_a = new wxStaticText(this, wxID_ANY, _("Revision &A:"));
    choice_a_ = new wxChoice(this, wxID_ANY, wxDefaultPosition, wxDefaultSize, names);
    choice_a_->SetName("revision a");
    auto* label_b = new wxStaticText(this, wxID_ANY, _("Revision &B:"));
    choice_b_ = new wxChoice(this, wxID_ANY, wxDefaultPosition, wxDefaultSize, names);
    choice_b_->SetName("revision b");
    tie_label(label_a, choice_a_);
    tie_label(label_b, choice_b_);
    chooser->Add(label_a, wxSizerFlags().CenterVertical());
    chooser->Add(choice_a_, wxSizerFlags().Expand());
    chooser->Add(label_b, wxSizerFlags().CenterVertical());
    chooser->Add(choice_b_, wxSizerFlags().Expand());
    sizer->Add(chooser, wxSizerFlags().Expand().Border(wxLEFT | wxRIGHT, FromDIP(10)));

    all_ = new wxCheckBox(this, wxID_ANY, _("Show &all fields, not only those that differ"));
    all_->SetName("show all fields");
    sizer->Add(all_, wxSizerFlags().Border(wxALL, FromDIP(10)));

    summary_ = new wxStaticText(this, wxID_ANY, wxString());
    summary_->SetName("comparison summary");
    sizer->Add(summary_, wxSizerFlags().Expand().Border(wxLEFT | wxRIGHT | wxBOTTOM, FromDIP(10)));

    list_ = new wxDataViewListCtrl(this, wxID_ANY, wxDefaultPosition, wxDefaultSize,
                                   wxDV_ROW_LINES | wxDV_SINGLE | wxDV_VERT_RULES);
    list_->SetName("compared fields");
    list_->AppendTextColumn(_("Differs"), wxDATAVIEW_CELL_INERT, FromDIP(60), wxALIGN_CENTER, wxDATAVIEW_COL_RESIZABLE);
    list_->AppendTextColumn(_("Field"), wxDATAVIEW_CELL_INERT, FromDIP(240), wxALIGN_LEFT, wxDATAVIEW_COL_RESIZABLE);
    list_->AppendTextColumn(revision_name(a), wxDATAVIEW_CELL_INERT, FromDIP(290), wxALIGN_LEFT, wxDATAVIEW_COL_RESIZABLE);
    list_->AppendTextColumn(revision_name(b), wxDATAVIEW_CELL_INERT, FromDIP(290), wxALIGN_LEFT, wxDATAVIEW_COL_RESIZABLE);
    tie_label(summary_, list_);
    sizer->Add(list_, wxSizerFlags(3).Expand().Border(wxLEFT | wxRIGHT, FromDIP(10)));

    // The chosen row's values in full, wrapped: a long text needs the room.
    details_ = new wxTextCtrl(this, wxID_ANY, wxString(), wxDefaultPosition, wxSize(-1, FromDIP(170)),
                              wxTE_MULTILINE | wxTE_READONLY | wxTE_WORDWRAP);
    details_->SetName("compared values in full");
    sizer->Add(details_, wxSizerFlags(2).Expand().Border(wxALL, FromDIP(10)));

    auto* buttons = new wxBoxSizer(wxHORIZONTAL);
    buttons->AddStretchSpacer();
    auto* close = new wxButton(this, wxID_CLOSE);
    buttons->Add(close);
    sizer->Add(buttons, wxSizerFlags().Expand().Border(wxLEFT | wxRIGHT | wxBOTTOM, FromDIP(10)));
    SetEscapeId(wxID_CLOSE);
    SetAffirmativeId(wxID_CLOSE);
    SetSizer(sizer);

    // As large as the four columns want, and never larger than the screen.
    const int shown_on = wxDisplay::GetFromWindow(parent != nullptr ? parent : this);
    const wxRect screen = wxDisplay(static_cast<unsigned>(std::max(shown_on, 0))).GetClientArea();
    SetSize(wxSize(std::min(FromDIP(940), screen.GetWidth() - FromDIP(40)),
                   std::min(FromDIP(700), screen.GetHeight() - FromDIP(40))));
    CentreOnParent();

    const auto chosen = [this] {
        const int a_at = choice_a_->GetSelection();
        const int b_at = choice_b_->GetSelection();
        if (a_at == wxNOT_FOUND || b_at == wxNOT_FOUND) return;
        show_revisions(revisions_[static_cast<std::size_t>(a_at)].revision,
                       revisions_[static_cast<std::size_t>(b_at)].revision);
    };
    choice_a_->Bind(wxEVT_CHOICE, [chosen](wxCommandEvent&) { chosen(); });
    choice_b_->Bind(wxEVT_CHOICE, [chosen](wxCommandEvent&) { chosen(); });
    all_->Bind(wxEVT_CHECKBOX, [this](wxCommandEvent&) { fill(); });
    list_->Bind(wxEVT_DATAVIEW_SELECTION_CHANGED, [this](wxDataViewEvent&) { show_details(); });
    show_revisions(a, b);
    list_->SetFocus();
}

bool RevisionCompareDialog::show_revisions(long a, long b) {
    const auto index_of = [this](long revision) {
        for (std::size_t index = 0; index < revisions_.size(); ++index)
            if (revisions_[index].revision == revision) return static_cast<int>(index);
        return static_cast<int>(wxNOT_FOUND);
    };
    const int a_at = index_of(a);
    const int b_at = index_of(b);
    if (a_at == wxNOT_FOUND || b_at == wxNOT_FOUND) return false;
    choice_a_->SetSelection(a_at);
    choice_b_->SetSelection(b_at);
    a_ = a;
    b_ = b;
    list_->GetColumn(column_a)->SetTitle(revision_name(a));
    list_->GetColumn(column_b)->SetTitle(revision_name(b));
    read();
    fill();
    return true;
}

void RevisionCompareDialog::show_all(bool all) {
    all_->SetValue(all);
    fill();
}

void RevisionCompareDialog::read() {
    read_ = false;
    try {
        pair_ = forms::read_revisions(store_, *form_, id_, a_, b_);
        read_ = true;
        summary_->SetLabelText(wxString());
    } catch (const std::exception& e) {
        // An entry's values erased, or the record gone since: said, and nothing listed.
        summary_->SetLabelText(wxString::Format(_("Revisions %ld and %ld cannot be compared: %s"), a_, b_,
                                                from_utf8(e.what())));
    }
}

void RevisionCompareDialog::fill() {
    const bool all = all_->GetValue();
    rows_ = read_ ? compare_rows(*form_, pair_.from, pair_.to, all) : std::vector<CompareRow>{};
    // Whether a row differs goes without saying when only those that differ are listed.
    list_->GetColumn(column_differs)->SetHidden(!all);
    list_->DeleteAllItems();
    std::size_t fields = 0;
    bool status = false;
    for (const auto& row : rows_) {
        if (row.differs && row.path == "meta/status") status = true;
        else if (row.differs) ++fields;
        wxVector<wxVariant> cells;
        cells.push_back(wxVariant(row.differs ? wxString(L"\u2260") : wxString()));
        cells.push_back(wxVariant(row.field));
        cells.push_back(wxVariant(shortened(row.in_a, shown_length)));
        cells.push_back(wxVariant(shortened(row.in_b, shown_length)));
        list_->AppendItem(cells);
    }
    if (read_) {
        wxString said;
        if (a_ == b_) said = wxString::Format(_("Revision %ld on both sides: nothing differs."), a_);
        else if (fields == 0 && !status) said = wxString::Format(_("Revisions %ld and %ld hold the same values."), a_, b_);
        else {
            const wxString counted = fields == 1 ? _("1 field differs") : wxString::Format(_("%zu fields differ"), fields);
            said = status ? (fields > 0 ? _("The status and ") + counted : wxString(_("The status differs")))
                          : counted;
            said += wxString::Format(_(" between revision %ld and revision %ld."), a_, b_);
        }
        summary_->SetLabelText(said);
    }
    if (!rows_.empty()) list_->SelectRow(0);
    show_details();
    Layout();
}

bool RevisionCompareDialog::select_row(std::size_t row) {
    if (row >= rows_.size()) return false;
    list_->SelectRow(static_cast<unsigned>(row));
    list_->EnsureVisible(list_->RowToItem(static_cast<int>(row)));
    show_details();
    return true;
}

void RevisionCompareDialog::show_details() {
    const int chosen = list_->GetSelectedRow();
    if (chosen == wxNOT_FOUND || static_cast<std::size_t>(chosen) >= rows_.size()) {
        details_->ChangeValue(wxString());
        return;
    }
    const auto& row = rows_[static_cast<std::size_t>(chosen)];
    const auto in_full = [](const wxString& value) { return value.empty() ? wxString(_("(empty)")) : value; };
    details_->ChangeValue(row.field + (row.differs ? wxString() : _(" (the same in both)")) + "\n\n" +
                          revision_name(a_) + ":\n" + in_full(row.in_a) + "\n\n" + revision_name(b_) + ":\n" +
                          in_full(row.in_b) + "\n");
}

}  // namespace formwork::ui
