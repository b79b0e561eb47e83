#include "history_panel.hpp"

#include "accessible_label.hpp"
#include "assert_handler.hpp"
#include "record_editor.hpp"
#include "revision_compare_dialog.hpp"
#include "wx_text.hpp"

#include <formwork/model/date_format.hpp>
#include <formwork/model/definition_walk.hpp>
#include <formwork/model/record.hpp>
#include <formwork/store/export_entry.hpp>
#include <formwork/store/revisions.hpp>

#include <wx/button.h>
#include <wx/datetime.h>
#include <wx/msgdlg.h>
#include <wx/settings.h>
#include <wx/splitter.h>
#include <wx/textdlg.h>
#include <wx/tokenzr.h>

#include <algorithm>
#include <cstdio>
#include <set>
#include <utility>

namespace formwork::ui {
namespace {

using forms::FieldType;
using forms::Node;
using forms::NodeKind;

// A path read against the form: the people's name of every step, and the field it ends at.
struct NamedPath {
    wxString label;
    const Node* field = nullptr;  // null when the path does not end at a field the form has
    bool person_part = false;
};

wxString node_label(const Node& node) { return from_utf8(node.label.empty() ? node.id : node.label); }

// "meta/erase-reason" as words: "Erase reason".
wxString meta_label(std::string_view name) {
    if (name == "status") return _("Status");
    wxString words = from_utf8(std::string(name));
    words.Replace("-", " ");
    if (!words.empty()) words[0] = wxToupper(words[0]);
    return words;
}

NamedPath name_path(const forms::FormDefinition& form, std::string_view path) {
    NamedPath named;
    if (path.rfind("meta/", 0) == 0) {
        named.label = meta_label(path.substr(5));
        return named;
    }
    const auto add = [&](const wxString& part) { named.label += (named.label.empty() ? "" : ", ") + part; };
    const std::vector<Node>* level = &form.items;
    const Node* node = nullptr;
    while (!path.empty()) {
        const auto slash = path.find('/');
        std::string_view step = path.substr(0, slash);
        const std::string_view rest = slash == std::string_view::npos ? std::string_view{} : path.substr(slash + 1);
        const auto give_up = [&] {
            // A step the form does not know (a field since removed): the rest as it is.
            add(from_utf8(std::string(path)));
            named.field = nullptr;
        };
        if (node != nullptr && node->kind == NodeKind::table) {
            // row[2] or row[@key='disability']
            const auto open = step.find('[');
            if (step.substr(0, open) != "row" || open == std::string_view::npos || step.back() != ']') {
                give_up();
                return named;
            }
            const std::string_view predicate = step.substr(open + 1, step.size() - open - 2);
            if (predicate.rfind("@key=", 0) == 0 && predicate.size() >= 7) {
                const std::string key(predicate.substr(6, predicate.size() - 7));
                const auto found = std::find_if(node->fixed_rows.begin(), node->fixed_rows.end(),
                                                [&](const forms::ChoiceOption& row) { return row.code == key; });
                add(found != node->fixed_rows.end() && !found->label.empty() ? from_utf8(found->label) : from_utf8(key));
            } else {
                add(wxString::Format(_("row %s"), from_utf8(std::string(predicate))));
            }
            level = &node->children;
            node = nullptr;
            path = rest;
            continue;
        }
        if (node != nullptr && node->kind == NodeKind::field) {
            if (node->type == FieldType::person && (step == "name" || step == "role") && rest.empty()) {
                named.label += step == "name" ? _(" (name)") : _(" (role)");
                named.person_part = true;
                return named;
            }
            give_up();
            return named;
        }
        if (node != nullptr) level = &node->children;  // a group
        const Node* found = forms::find_item(*level, step);
        if (found == nullptr) {
            give_up();
            return named;
        }
        node = found;
        add(node_label(*node));
        path = rest;
    }
    named.field = node != nullptr && node->kind == NodeKind::field ? node : nullptr;
    return named;
}

// A value as the person typed or chose it: a choice's label, Yes or No, a date in the
// council's format. Anything the form does not describe is given as stored.
wxString shown_value(const forms::FormDefinition* form, const NamedPath& named, const std::string& value) {
    if (value.empty() || form == nullptr || named.field == nullptr || named.person_part) return from_utf8(value);
    const Node& field = *named.field;
    switch (field.type) {
    case FieldType::boolean:
        if (value == "true") return _("Yes");
        if (value == "false") return _("No");
        break;
    case FieldType::date:
        return from_utf8(forms::format_date(value, form->date_format));
    case FieldType::choice:
        if (const auto* list = form->list(field.choice_list))
            if (const auto* option = list->find(value)) return from_utf8(option->label);
        break;
    case FieldType::multi_choice:
        if (const auto* list = form->list(field.choice_list)) {
            wxString labels;
            for (const auto& code : wxStringTokenize(from_utf8(value), " ", wxTOKEN_STRTOK)) {
                const auto* option = list->find(code.utf8_string());
                labels += (labels.empty() ? "" : "; ") + (option != nullptr ? from_utf8(option->label) : code);
            }
            return labels;
        }
        break;
    default:
        break;
    }
    return from_utf8(value);
}

// The entry's time in the person's own time zone: "7 Dec 2026 14:05".
wxString local_time(const std::string& at) {
    wxDateTime time;
    wxString::const_iterator end;
    const wxString text = from_utf8(at);
    if (!time.ParseFormat(text, "%Y-%m-%dT%H:%M:%SZ", &end)) return text;
    return time.FromTimezone(wxDateTime::UTC).Format("%e %b %Y %H:%M").Strip(wxString::leading);
}

wxString status_label(const forms::FormDefinition* form, const std::string& status) {
    return from_utf8(form != nullptr ? form->lifecycle.label_of(status) : status);
}

const forms::FieldChange* change_at(const forms::AuditEntry& entry, std::string_view path) {
    for (const auto& change : entry.changes)
        if (change.path == path) return &change;
    return nullptr;
}

wxString count_of(std::size_t count, const wxString& one, const wxString& many) {
    return wxString::Format(count == 1 ? one : many, count);
}

void describe_export(const forms::AuditEntry& entry, HistoryRow& heading, std::vector<HistoryRow>& rows) {
    const auto facts = forms::parse_export_changes(entry.changes);
    if (!facts) {
        heading.what = _("Exported");
        return;
    }
    const std::size_t records = facts->record_ids.size();
    if (facts->format == "xml")
        heading.what = wxString::Format(_("Exported in an XML submission (serial %ld), %s"), facts->serial,
                                        count_of(records, _("%zu record"), _("%zu records")));
    else if (facts->format == "xlsx")
        heading.what = wxString::Format(_("Exported in a workbook, %s"), count_of(records, _("%zu record"), _("%zu records")));
    else
        heading.what = wxString::Format(_("Exported in a %s file, %s"), from_utf8(facts->format),
                                        count_of(records, _("%zu record"), _("%zu records")));
    const auto add = [&](const wxString& what, const wxString& value) {
        HistoryRow row;
        row.kind = HistoryRow::Kind::change;
        row.sequence = entry.sequence;
        row.what = what;
        row.after = value;
        rows.push_back(std::move(row));
    };
    add(_("File"), from_utf8(facts->file));
    if (!facts->scope.empty()) add(_("What was exported"), from_utf8(facts->scope));
    add(_("SHA-256 of the file"), from_utf8(facts->sha256));
}

}  // namespace

wxString field_label(const forms::FormDefinition& form, std::string_view path) { return name_path(form, path).label; }

wxString value_in_words(const forms::FormDefinition* form, std::string_view path, const std::string& value) {
    if (path == "meta/status") return status_label(form, value);
    if (form == nullptr) return from_utf8(value);
    return shown_value(form, name_path(*form, path), value);
}

wxString shortened(const wxString& value, std::size_t limit) {
    wxString line = value;
    line.Replace("\r\n", " ");
    line.Replace("\n", " ");
    line.Replace("\t", " ");
    if (line.length() <= limit) return line;
    return line.Left(limit > 0 ? limit - 1 : 0) + wxString(L"\u2026");
}

std::vector<HistoryRow> describe_history(const forms::FormDefinition* form, const std::vector<forms::AuditEntry>& entries,
                                         const RecordNamer& name_of) {
    std::vector<HistoryRow> rows;
    for (auto entry = entries.rbegin(); entry != entries.rend(); ++entry) {
        HistoryRow heading;
        heading.sequence = entry->sequence;
        heading.revision = entry->revision;
        heading.when = local_time(entry->at);
        heading.who = from_utf8(entry->by);
        std::vector<HistoryRow> changes;
        const auto tombstone = forms::parse_tombstone(entry->tombstone);

        // Paths the heading already says in words, not listed again under it.
        std::vector<std::string_view> said = {"meta/status", "meta/reopen-reason", "meta/erase-reason", "meta/imported-from"};
        const auto* status = change_at(*entry, "meta/status");
        const wxString moved = status != nullptr ? wxString::Format(_("from %s to %s"), status_label(form, status->old_value),
                                                                    status_label(form, status->new_value))
                                                 : wxString();
        std::size_t fields = 0;
        for (const auto& change : entry->changes)
            if (change.path.rfind("meta/", 0) != 0 && change.path.rfind("erased/", 0) != 0) ++fields;

        if (entry->action == forms::export_action) {
            describe_export(*entry, heading, changes);
        } else if (entry->action == "create") {
            heading.what = _("Created");
        } else if (entry->action == "update") {
            heading.what = count_of(fields, _("Changed %zu field"), _("Changed %zu fields"));
        } else if (entry->action == "status") {
            heading.what = status != nullptr ? _("Status moved ") + moved : wxString(_("Status moved"));
        } else if (entry->action == "reopen") {
            heading.what = _("Reopened") + (status != nullptr ? " (" + moved + ")" : wxString());
            if (const auto* reason = change_at(*entry, "meta/reopen-reason"))
                heading.what += _(", because: ") + from_utf8(reason->new_value);
        } else if (entry->action == "import") {
            heading.what = fields > 0 ? count_of(fields, _("Imported from a file, %zu field"), _("Imported from a file, %zu fields"))
                                      : wxString(_("Imported from a file"));
            // A text a plugin read (a ModernGov meeting) names its file; a record file does not.
            if (const auto* source = change_at(*entry, "meta/imported-from"))
                heading.what += " (" + from_utf8(source->new_value) + ")";
            if (status != nullptr) heading.what += _(", status ") + moved;
        } else if (entry->action == "duplicate") {
            // The source by its title, as lists name it; its id in full in the row below.
            if (const auto* source = change_at(*entry, "meta/duplicated-from")) {
                const wxString name = name_of ? name_of(source->new_value) : wxString();
                heading.what = name.empty() ? wxString::Format(_("Created as a copy of record %s"), from_utf8(source->new_value))
                                            : wxString::Format(_("Created as a copy of \"%s\""), name);
            } else {
                heading.what = _("Created as a copy");
            }
        } else if (entry->action == "restore-revision") {
            if (const auto* restored = change_at(*entry, "meta/restored-revision")) {
                heading.what = wxString::Format(_("Revision %s restored"), from_utf8(restored->new_value));
                said.push_back("meta/restored-revision");
            } else {
                heading.what = _("An earlier revision restored");
            }
        } else if (entry->action == "erase") {
            heading.what = _("Erased");
            if (const auto* reason = change_at(*entry, "meta/erase-reason"))
                heading.what += _(", because: ") + from_utf8(reason->new_value);
        } else {
            // Withdrawing, restoring and actions added since: in words where known, else by
            // name; a reason the entry gives is said in the heading, other changes below.
            if (entry->action == "withdraw") heading.what = _("Withdrawn");
            else if (entry->action == "restore") heading.what = _("Restored");
            else {
                heading.what = from_utf8(entry->action);
                if (!heading.what.empty()) heading.what[0] = wxToupper(heading.what[0]);
            }
            if (status != nullptr) heading.what += ", " + _("status ") + moved;
            said = {"meta/status"};
            for (const auto& change : entry->changes) {
                const auto& path = change.path;
                if (path.rfind("meta/", 0) == 0 && path.size() > 12 && path.compare(path.size() - 7, 7, "-reason") == 0) {
                    heading.what += _(", because: ") + from_utf8(change.new_value);
                    said.push_back(path);
                }
            }
        }
        if (tombstone)
            heading.what += wxString::Format(_("; its values erased on %s by %s, because: %s"), local_time(tombstone->at),
                                             from_utf8(tombstone->by), from_utf8(tombstone->reason));

        if (entry->action != forms::export_action)
            for (const auto& change : entry->changes) {
                if (std::find(said.begin(), said.end(), change.path) != said.end()) continue;
                if (change.path.rfind("erased/", 0) == 0) continue;  // the erase entry's confirmations
                HistoryRow row;
                row.kind = HistoryRow::Kind::change;
                row.sequence = entry->sequence;
                row.revision = entry->revision;
                const NamedPath named = form != nullptr ? name_path(*form, change.path)
                                                        : NamedPath{from_utf8(change.path), nullptr, false};
                row.what = named.label;
                if (tombstone) {
                    row.before = row.after = _("(erased)");
                } else {
                    row.before = shown_value(form, named, change.old_value);
                    row.after = shown_value(form, named, change.new_value);
                }
                changes.push_back(std::move(row));
            }
        rows.push_back(std::move(heading));
        rows.insert(rows.end(), std::make_move_iterator(changes.begin()), std::make_move_iterator(changes.end()));
    }
    return rows;
}

std::vector<RevisionChoice> revision_choices(const std::vector<HistoryRow>& rows) {
    // The rows are newest first: the last heading of a revision is the entry that made it (a
    // withdrawal after it keeps its revision).
    std::vector<RevisionChoice> choices;
    for (auto row = rows.rbegin(); row != rows.rend(); ++row) {
        if (row->kind != HistoryRow::Kind::entry || row->revision <= 0) continue;
        if (std::any_of(choices.begin(), choices.end(), [&](const RevisionChoice& known) { return known.revision == row->revision; }))
            continue;
        choices.push_back({row->revision, wxString::Format(_("Revision %ld: %s, %s, %s"), row->revision, row->when, row->who,
                                                           shortened(row->what, 60))});
    }
    std::sort(choices.begin(), choices.end(),
              [](const RevisionChoice& left, const RevisionChoice& right) { return left.revision < right.revision; });
    return choices;
}

HistoryPanel::HistoryPanel(wxWindow* parent) : wxPanel(parent, wxID_ANY) {
    SetName("history");
    auto* sizer = new wxBoxSizer(wxVERTICAL);
    heading_ = new wxStaticText(this, wxID_ANY, _("History"));
    heading_->SetName("history heading");
    heading_->SetFont(heading_->GetFont().Bold());
    sizer->Add(heading_, wxSizerFlags().Expand().Border(wxALL, FromDIP(6)));

    // The list on the left, the chosen row in full on its right; the person moves the line
    // between them.
    auto* split = new wxSplitterWindow(this, wxID_ANY, wxDefaultPosition, wxDefaultSize, wxSP_LIVE_UPDATE | wxSP_3DSASH);
    split->SetName("history and details");
    list_ = new wxDataViewListCtrl(split, wxID_ANY, wxDefaultPosition, wxDefaultSize,
                                   wxDV_ROW_LINES | wxDV_MULTIPLE | wxDV_VERT_RULES);
    list_->SetName("history entries");
    // Sized so that every column shows in a window of 1200 pixels; each can be widened.
    list_->AppendTextColumn(_("When"), wxDATAVIEW_CELL_INERT, FromDIP(118), wxALIGN_LEFT, wxDATAVIEW_COL_RESIZABLE);
    list_->AppendTextColumn(_("Who"), wxDATAVIEW_CELL_INERT, FromDIP(90), wxALIGN_LEFT, wxDATAVIEW_COL_RESIZABLE);
    list_->AppendTextColumn(_("What"), wxDATAVIEW_CELL_INERT, FromDIP(220), wxALIGN_LEFT, wxDATAVIEW_COL_RESIZABLE);
    list_->AppendTextColumn(_("Before"), wxDATAVIEW_CELL_INERT, FromDIP(115), wxALIGN_LEFT, wxDATAVIEW_COL_RESIZABLE);
    list_->AppendTextColumn(_("After"), wxDATAVIEW_CELL_INERT, FromDIP(115), wxALIGN_LEFT, wxDATAVIEW_COL_RESIZABLE);
    tie_label(heading_, list_);
    details_ = new wxTextCtrl(split, wxID_ANY, wxString(), wxDefaultPosition, wxDefaultSize,
                              wxTE_MULTILINE | wxTE_READONLY | wxTE_WORDWRAP);
    details_->SetName("history details");
    split->SetMinimumPaneSize(FromDIP(80));
    split->SetSashGravity(1.0);
    split->SplitVertically(list_, details_, -FromDIP(250));
    sizer->Add(split, wxSizerFlags(1).Expand().Border(wxLEFT | wxRIGHT, FromDIP(6)));

    // Two entries chosen (Ctrl+click) are compared; one, against the latest.
    revision_actions_ = new wxBoxSizer(wxHORIZONTAL);
    compare_ = new wxButton(this, wxID_ANY, wxString(L"Co&mpare\u2026"));
    compare_->SetName("compare revisions");
    compare_->SetToolTip(_("Two revisions side by side: those of the two entries chosen, or the one chosen and the latest"));
    restore_ = new wxButton(this, wxID_ANY, wxString(L"Restore this re&vision\u2026"));
    restore_->SetName("restore revision");
    restore_->SetToolTip(_("The chosen entry's revision back, as a new save that names it: nothing is lost"));
    note_ = new wxStaticText(this, wxID_ANY, wxString(), wxDefaultPosition, wxDefaultSize, wxST_ELLIPSIZE_END);
    note_->SetName("history note");
    revision_actions_->Add(compare_, wxSizerFlags().CenterVertical());
    revision_actions_->Add(restore_, wxSizerFlags().CenterVertical().Border(wxLEFT, FromDIP(6)));
    revision_actions_->Add(note_, wxSizerFlags(1).CenterVertical().Border(wxLEFT, FromDIP(12)));
    sizer->Add(revision_actions_, wxSizerFlags().Expand().Border(wxALL, FromDIP(6)));
    SetSizer(sizer);

    list_->Bind(wxEVT_DATAVIEW_SELECTION_CHANGED, [this](wxDataViewEvent&) {
        show_details();
        update_actions();
    });
    compare_->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) { compare(); });
    restore_->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) { restore_selected(); });
    show_nothing(_("Open a record to see its history."));
}

void HistoryPanel::show_record(forms::RecordStore& store, forms::FormDefinitionPtr form, const std::string& id,
                               const wxString& title) {
    store_ = &store;
    form_ = std::move(form);
    record_id_ = id;
    title_ = title;
    refresh();
}

void HistoryPanel::show_nothing(const wxString& why) {
    store_ = nullptr;
    form_.reset();
    record_id_.clear();
    title_.clear();
    entries_.clear();
    latest_revision_ = 0;
    read_error_.clear();
    note_->SetLabelText(wxString());
    heading_->SetLabel(wxControl::EscapeMnemonics(why));
    fill();
}

void HistoryPanel::refresh() {
    if (store_ == nullptr || record_id_.empty()) return;
    read_error_.clear();
    try {
        entries_ = store_->history(record_id_);
    } catch (const std::exception& e) {
        // The database unreachable for now: said in the heading, the rows as they were.
        read_error_ = from_utf8(e.what());
        heading_->SetLabel(wxControl::EscapeMnemonics(_("History of ") + title_ + _(" could not be read: ") + read_error_));
        return;
    }
    latest_revision_ = 0;
    for (const auto& entry : entries_) latest_revision_ = std::max(latest_revision_, entry.revision);
    heading_->SetLabel(wxControl::EscapeMnemonics(
        wxString::Format(_("History of %s: %s"), title_,
                         count_of(entries_.size(), _("%zu entry"), _("%zu entries")))));
    fill();
}

void HistoryPanel::fill() {
    std::set<long> chosen_sequences;
    for (const auto row : chosen_rows()) chosen_sequences.insert(rows_[row].sequence);
    // The source of a copy by its title, read with this record's form (a copy is of the same form).
    const RecordNamer name_of = [this](const std::string& id) {
        try {
            if (store_ != nullptr && form_)
                if (const auto source = store_->load(id)) return from_utf8(forms::record_title(*form_, *source));
        } catch (const std::exception&) {
            // named by its id
        }
        return wxString();
    };
    rows_ = describe_history(form_.get(), entries_, name_of);
    list_->DeleteAllItems();
    for (const auto& row : rows_) {
        wxVector<wxVariant> cells;
        const bool heading = row.kind == HistoryRow::Kind::entry;
        cells.push_back(wxVariant(row.when));
        cells.push_back(wxVariant(row.who));
        // A change is indented under its entry's heading.
        cells.push_back(wxVariant(heading ? shortened(row.what, 200) : "    " + shortened(row.what, 200)));
        cells.push_back(wxVariant(shortened(row.before, shown_length)));
        cells.push_back(wxVariant(shortened(row.after, shown_length)));
        list_->AppendItem(cells);
    }
    // The same entries stay chosen when the list is read again.
    for (std::size_t index = 0; index < rows_.size(); ++index)
        if (rows_[index].kind == HistoryRow::Kind::entry && chosen_sequences.count(rows_[index].sequence) > 0)
            list_->SelectRow(static_cast<unsigned>(index));
    show_details();
    update_actions();
    Layout();
}

wxString HistoryPanel::text_at(std::size_t row, Column column) const {
    if (row >= static_cast<std::size_t>(list_->GetItemCount())) return {};
    return list_->GetTextValue(static_cast<unsigned>(row), static_cast<unsigned>(column));
}

bool HistoryPanel::select_row(std::size_t row) { return select_rows({row}); }

bool HistoryPanel::select_rows(const std::vector<std::size_t>& rows) {
    if (std::any_of(rows.begin(), rows.end(), [this](std::size_t row) { return row >= rows_.size(); })) return false;
    list_->UnselectAll();
    for (const auto row : rows) list_->SelectRow(static_cast<unsigned>(row));
    if (!rows.empty()) {
        const auto item = list_->RowToItem(static_cast<int>(rows.back()));
        list_->SetCurrentItem(item);
        list_->EnsureVisible(item);
    }
    show_details();
    update_actions();
    return true;
}

std::size_t HistoryPanel::row_of_revision(long revision) const {
    for (std::size_t index = rows_.size(); index-- > 0;)  // oldest first: the entry that made it
        if (rows_[index].kind == HistoryRow::Kind::entry && rows_[index].revision == revision) return index;
    return rows_.size();
}

std::vector<std::size_t> HistoryPanel::chosen_rows() const {
    std::vector<std::size_t> chosen;
    wxDataViewItemArray items;
    list_->GetSelections(items);
    for (const auto& item : items) {
        const int row = list_->ItemToRow(item);
        if (row != wxNOT_FOUND && static_cast<std::size_t>(row) < rows_.size()) chosen.push_back(static_cast<std::size_t>(row));
    }
    std::sort(chosen.begin(), chosen.end());
    return chosen;
}

int HistoryPanel::current_row() const {
    const auto chosen = chosen_rows();
    if (chosen.empty()) return wxNOT_FOUND;
    const int current = list_->ItemToRow(list_->GetCurrentItem());
    if (current != wxNOT_FOUND && std::find(chosen.begin(), chosen.end(), static_cast<std::size_t>(current)) != chosen.end())
        return current;
    return static_cast<int>(chosen.front());
}

std::vector<forms::AuditEntry> HistoryPanel::selected_entries() const {
    std::set<long> sequences;
    for (const auto row : chosen_rows()) sequences.insert(rows_[row].sequence);
    std::vector<forms::AuditEntry> chosen;
    for (const auto& entry : entries_)
        if (sequences.count(entry.sequence) > 0) chosen.push_back(entry);
    return chosen;
}

std::optional<forms::AuditEntry> HistoryPanel::selected_entry() const {
    auto chosen = selected_entries();
    if (chosen.size() != 1) return std::nullopt;
    return std::move(chosen.front());
}

void HistoryPanel::show_details() {
    const int chosen = current_row();
    if (chosen == wxNOT_FOUND || static_cast<std::size_t>(chosen) >= rows_.size()) {
        details_->ChangeValue(rows_.empty() ? wxString() : _("Choose a row to see it in full."));
        return;
    }
    const auto& row = rows_[static_cast<std::size_t>(chosen)];
    // The entry's heading, then the change chosen (or every change of the entry) in full.
    wxString text;
    for (const auto& other : rows_) {
        if (other.sequence != row.sequence) continue;
        if (other.kind == HistoryRow::Kind::entry) {
            text += other.when + ", " + other.who + ": " + other.what;
            if (other.revision > 0) text += wxString::Format(_(" (revision %ld)"), other.revision);
            text += "\n";
            continue;
        }
        if (row.kind == HistoryRow::Kind::change && &other != &row) continue;
        text += "\n" + other.what + "\n";
        if (!other.before.empty()) text += _("Before: ") + other.before + "\n";
        text += (other.before.empty() && other.after.empty() ? wxString(_("(empty)")) : _("After: ") + other.after) + "\n";
    }
    details_->ChangeValue(text);
}

void HistoryPanel::update_actions() {
    const bool readable = store_ != nullptr && form_ != nullptr && read_error_.empty();
    compare_->Enable(readable && revision_choices(rows_).size() >= 2);
    const auto entry = selected_entry();
    restore_->Enable(readable && entry && entry->revision > 0 && entry->action != forms::export_action);
}

HistoryPanel::RestoreOutcome HistoryPanel::said(RestoreOutcome outcome) {
    note_->SetLabelText(outcome.message);
    note_->SetToolTip(outcome.message);
    revision_actions_->Layout();
    if (outcome.kind == RestoreOutcome::Kind::refused) {
        if (modal_dialogs_allowed())
            wxMessageBox(outcome.message, _("Restore a revision"), wxOK | wxICON_INFORMATION, this);
        else
            std::fprintf(stderr, "formwork: %s\n", static_cast<const char*>(outcome.message.utf8_str()));
    }
    return outcome;
}

std::optional<std::pair<long, long>> HistoryPanel::revisions_to_compare() const {
    const auto choices = revision_choices(rows_);
    if (choices.size() < 2) return std::nullopt;
    std::vector<long> chosen;
    for (const auto& entry : selected_entries())
        if (entry.revision > 0 && std::find(chosen.begin(), chosen.end(), entry.revision) == chosen.end())
            chosen.push_back(entry.revision);
    std::sort(chosen.begin(), chosen.end());
    const long latest = choices.back().revision;
    const long before_latest = choices[choices.size() - 2].revision;
    if (chosen.size() >= 2) return std::make_pair(chosen.front(), chosen.back());
    if (chosen.size() == 1 && chosen.front() != latest) return std::make_pair(chosen.front(), latest);
    return std::make_pair(before_latest, latest);
}

bool HistoryPanel::compare() {
    const auto tell = [this](const wxString& message) {
        note_->SetLabelText(message);
        if (modal_dialogs_allowed()) wxMessageBox(message, _("Compare two revisions"), wxOK | wxICON_INFORMATION, this);
        else std::fprintf(stderr, "formwork: %s\n", static_cast<const char*>(message.utf8_str()));
        return false;
    };
    if (store_ == nullptr || record_id_.empty()) return tell(_("Open a record, or choose one in the list, to compare its revisions."));
    if (!form_) return tell(_("The form of this record is not loaded, so its revisions cannot be rebuilt."));
    const auto pair = revisions_to_compare();
    if (!pair) return tell(_("This record has one revision only: there is nothing to compare it with."));
    if (!modal_dialogs_allowed()) return tell(wxString(L"Compare\u2026 shows a dialog; under test, only inside ModalDialogsAnswered."));
    RevisionCompareDialog dialog(this, *store_, form_, record_id_, title_, revision_choices(rows_), pair->first, pair->second);
    dialog.ShowModal();
    return true;
}

namespace {

std::string trimmed(const wxString& text) {
    wxString copy = text;
    return to_utf8(copy.Trim(true).Trim(false));
}

}  // namespace

HistoryPanel::RestoreOutcome HistoryPanel::restore_selected() {
    using Kind = RestoreOutcome::Kind;
    if (store_ == nullptr || record_id_.empty())
        return said({Kind::refused, _("Open a record, or choose one in the list, to restore one of its revisions."), 0});
    if (!form_) return said({Kind::refused, _("The form of this record is not loaded, so its revisions cannot be rebuilt."), 0});
    const auto entry = selected_entry();
    if (!entry || entry->revision <= 0 || entry->action == forms::export_action)
        return said({Kind::refused, _("Choose one entry in the list: its revision is the one restored."), 0});
    const long revision = entry->revision;
    const long seen = latest_revision_;

    // As stored now: a withdrawn record is refused before anything is asked, a locked one
    // asks for the reason to reopen it.
    std::optional<forms::Record> stored;
    bool withdrawn = false;
    try {
        stored = store_->load(record_id_);
        withdrawn = store_->withdrawal(record_id_).has_value();
    } catch (const std::exception& e) {
        return said({Kind::refused, wxString::Format(_("\"%s\" could not be read: %s. Nothing was restored."), title_,
                                                     from_utf8(e.what())), 0});
    }
    if (!stored) return said({Kind::refused, wxString::Format(_("\"%s\" is no longer in the database."), title_), 0});
    if (withdrawn)
        return said({Kind::refused,
                     wxString::Format(_("\"%s\" is withdrawn: it is kept as it was, and nothing changes it until it is "
                                        "brought back (Restore, in the record list). Nothing was restored."),
                                      title_),
                     0});
    const auto& lifecycle = form_->lifecycle;
    const std::string& status = stored->meta.status;
    const bool locked = lifecycle.locks(status);
    const wxString status_name = from_utf8(lifecycle.label_of(status));
    const wxString first_name = from_utf8(lifecycle.label_of(lifecycle.initial()));
    if (locked && !lifecycle.allows(status, lifecycle.initial()))
        return said({Kind::refused,
                     wxString::Format(_("\"%s\" is %s, so it is locked, and its form gives no way back from %s to %s: "
                                        "it cannot be reopened, so no revision of it can be restored."),
                                      title_, status_name, status_name, first_name),
                     0});
    if (!modal_dialogs_allowed())
        return said({Kind::refused, wxString(L"Restore this revision\u2026 asks a person; under test, only inside "
                                             L"ModalDialogsAnswered."),
                     0});

    auto* editor = hooks_.editor_for ? hooks_.editor_for(record_id_) : nullptr;
    const wxString typed = editor != nullptr && editor->session().dirty()
                               ? _("\n\nWhat is typed in its tab and not saved yet is saved first, as a revision of its own.")
                               : wxString();
    std::string reason;
    if (locked) {
        wxTextEntryDialog dialog(
            this,
            wxString::Format(_("\"%s\" is %s, so it is locked. Restoring revision %ld reopens it first (back to %s), then "
                               "saves revision %ld's content as a new save that names it. Nothing is lost: every "
                               "revision stays in the history.%s\n\nWhy is it reopened? The audit log keeps the reason "
                               "with your name."),
                             title_, status_name, revision, first_name, revision, typed),
            wxString::Format(_("Reopen and restore revision %ld"), revision));
        dialog.SetName(reopen_to_restore_name);
        if (dialog.ShowModal() != wxID_OK) return said({Kind::cancelled, _("Nothing was restored."), 0});
        reason = trimmed(dialog.GetValue());
        if (reason.empty())
            return said({Kind::refused,
                         _("A locked record is reopened with a reason, which the audit log keeps: none was given. "
                           "Nothing was restored."),
                         0});
    } else {
        wxMessageDialog question(
            this,
            wxString::Format(_("Its content comes back as a new save, which names revision %ld in the history. Nothing "
                               "is lost: the revisions since stay in the history, and can be compared and restored in "
                               "turn. The status (%s) stays as it is.%s"),
                             revision, status_name, typed),
            wxString::Format(_("Restore revision %ld"), revision), wxYES_NO | wxICON_QUESTION);
        question.SetExtendedMessage(question.GetMessage());
        question.SetMessage(wxString::Format(_("Restore revision %ld of \"%s\"?"), revision, title_));
        question.SetYesNoLabels(wxString::Format(_("&Restore revision %ld"), revision), _("&Cancel"));
        if (question.ShowModal() != wxID_YES) return said({Kind::cancelled, _("Nothing was restored."), 0});
    }
    return restore(revision, reason, seen);
}

HistoryPanel::RestoreOutcome HistoryPanel::restore(long revision, const std::string& reopen_reason, long seen_revision) {
    using Kind = RestoreOutcome::Kind;
    if (store_ == nullptr || !form_ || record_id_.empty())
        return said({Kind::refused, _("The form of this record is not loaded, so its revisions cannot be rebuilt."), 0});
    const std::string id = record_id_;
    const wxString title = title_;
    long base = seen_revision > 0 ? seen_revision : latest_revision_;
    // What is typed in the record's tab is saved first, as a revision of its own: the restore
    // then starts from it, and the tab can read the restored record. A save that cannot be
    // made (a colleague's save in between, a full disk) refuses the restore.
    auto* editor = hooks_.editor_for ? hooks_.editor_for(id) : nullptr;
    if (editor != nullptr && (editor->session().dirty() || editor->session().conflict())) {
        if (!editor->save_now())
            return said({Kind::refused,
                         wxString::Format(_("What is typed in the tab of \"%s\" could not be saved (%s): save it, or "
                                            "choose whose version stands, first. Nothing was restored."),
                                          title, editor->save_state_text()),
                         0});
        base = editor->session().record().meta.revision;
    }
    forms::RestoredRevision done;
    try {
        done = forms::restore_revision(*store_, *form_, id, revision, hooks_.user ? hooks_.user() : std::string(),
                                       reopen_reason, base);
    } catch (const forms::ConflictError& e) {
        refresh();
        return said({Kind::refused,
                     wxString::Format(_("\"%s\" was saved elsewhere after this history was read (it is at revision %ld "
                                        "now). Nothing was restored: look at its history again, and choose."),
                                      title, e.stored_revision),
                     0});
    } catch (const forms::WithdrawnError&) {
        return said({Kind::refused,
                     wxString::Format(_("\"%s\" is withdrawn: it is kept as it was, and nothing changes it until it is "
                                        "brought back (Restore, in the record list). Nothing was restored."),
                                      title),
                     0});
    } catch (const forms::LockedError&) {
        return said({Kind::refused,
                     wxString::Format(_("\"%s\" is locked: it is reopened, with a reason, before a revision is "
                                        "restored. Nothing was restored."),
                                      title),
                     0});
    } catch (const std::exception& e) {
        return said({Kind::refused,
                     wxString::Format(_("Revision %ld of \"%s\" was not restored: %s"), revision, title, from_utf8(e.what())),
                     0});
    }
    if (done.unchanged)
        return said({Kind::unchanged,
                      wxString::Format(_("\"%s\" holds what revision %ld held already: nothing was saved."), title, revision),
                      done.revision});
    // The tab shows the record as restored (and unlocked, when it was reopened), the list its
    // new time and status.
    if (editor != nullptr) editor->reload_from_store();
    if (hooks_.record_changed) hooks_.record_changed();
    if (record_id_ == id) {
        refresh();
        select_row(0);  // the restore's own entry, newest
    }
    return said({Kind::restored,
                 wxString::Format(done.reopened ? _("Revision %ld restored as revision %ld, after reopening it.")
                                                : _("Revision %ld restored as revision %ld."),
                                  revision, done.revision),
                 done.revision});
}

}  // namespace formwork::ui
