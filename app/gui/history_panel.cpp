#include "history_panel.hpp"

#include "accessible_label.hpp"
#include "wx_text.hpp"

#include <formwork/model/date_format.hpp>
#include <formwork/model/definition_walk.hpp>
#include <formwork/store/export_entry.hpp>

#include <wx/datetime.h>
#include <wx/settings.h>
#include <wx/splitter.h>
#include <wx/tokenzr.h>

#include <algorithm>
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

wxString shortened(const wxString& value, std::size_t limit) {
    wxString line = value;
    line.Replace("\r\n", " ");
    line.Replace("\n", " ");
    line.Replace("\t", " ");
    if (line.length() <= limit) return line;
    return line.Left(limit > 0 ? limit - 1 : 0) + wxString(L"\u2026");
}

std::vector<HistoryRow> describe_history(const forms::FormDefinition* form, const std::vector<forms::AuditEntry>& entries) {
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
        std::vector<std::string_view> said = {"meta/status", "meta/reopen-reason", "meta/erase-reason"};
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
            if (status != nullptr) heading.what += _(", status ") + moved;
        } else if (entry->action == "erase") {
            heading.what = _("Erased");
            if (const auto* reason = change_at(*entry, "meta/erase-reason"))
                heading.what += _(", because: ") + from_utf8(reason->new_value);
        } else {
            // Withdrawing, restoring and actions added since: in words where known, else by
            // name; a reason the entry gives is said in the heading, other changes below.
            if (entry->action == "withdraw") heading.what = _("Withdrawn");
            else if (entry->action == "restore") heading.what = _("Restored");
            else if (entry->action == "duplicate") heading.what = _("Made as a copy");
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
                                   wxDV_ROW_LINES | wxDV_SINGLE | wxDV_VERT_RULES);
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

    // Comparing two revisions and restoring an earlier one will put their buttons here.
    revision_actions_ = new wxBoxSizer(wxHORIZONTAL);
    sizer->Add(revision_actions_, wxSizerFlags().Expand().Border(wxALL, FromDIP(6)));
    SetSizer(sizer);

    list_->Bind(wxEVT_DATAVIEW_SELECTION_CHANGED, [this](wxDataViewEvent&) { show_details(); });
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
    const int chosen = list_->GetSelectedRow();
    const long chosen_sequence = chosen != wxNOT_FOUND && static_cast<std::size_t>(chosen) < rows_.size()
                                     ? rows_[static_cast<std::size_t>(chosen)].sequence
                                     : 0;
    rows_ = describe_history(form_.get(), entries_);
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
    // The same entry stays chosen when the list is read again.
    if (chosen_sequence != 0)
        for (std::size_t index = 0; index < rows_.size(); ++index)
            if (rows_[index].sequence == chosen_sequence && rows_[index].kind == HistoryRow::Kind::entry) {
                list_->SelectRow(static_cast<unsigned>(index));
                break;
            }
    show_details();
    Layout();
}

wxString HistoryPanel::text_at(std::size_t row, Column column) const {
    if (row >= static_cast<std::size_t>(list_->GetItemCount())) return {};
    return list_->GetTextValue(static_cast<unsigned>(row), static_cast<unsigned>(column));
}

bool HistoryPanel::select_row(std::size_t row) {
    if (row >= rows_.size()) return false;
    list_->SelectRow(static_cast<unsigned>(row));
    list_->EnsureVisible(list_->RowToItem(static_cast<int>(row)));
    show_details();
    return true;
}

std::optional<forms::AuditEntry> HistoryPanel::selected_entry() const {
    const int chosen = list_->GetSelectedRow();
    if (chosen == wxNOT_FOUND || static_cast<std::size_t>(chosen) >= rows_.size()) return std::nullopt;
    const long sequence = rows_[static_cast<std::size_t>(chosen)].sequence;
    for (const auto& entry : entries_)
        if (entry.sequence == sequence) return entry;
    return std::nullopt;
}

void HistoryPanel::show_details() {
    const int chosen = list_->GetSelectedRow();
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

}  // namespace formwork::ui
