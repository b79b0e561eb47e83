// The History panel below the record editors (Record › History, Ctrl+H; docs/app.md,
// "History"): every audit entry of the record in front, newest first, each as a row saying
// when, who and what was done in words, with a row under it for each field it changed, named
// by the field's label, its value before and after. Long values are shortened in the list;
// the area beside it gives the chosen row in full.
//
// Below the list, "Compare…" shows two revisions side by side (revision_compare_dialog.hpp),
// and "Restore this revision…" brings back the content of the chosen entry's revision as a
// new save that names it (formwork/store/revisions.hpp), reopening a locked record with a
// reason first. The window ties the panel to the record's open tab (RecordHooks).
#pragma once

#include <formwork/model/definition.hpp>
#include <formwork/store/audit_log.hpp>
#include <formwork/store/record_store.hpp>

#include <wx/dataview.h>
#include <wx/panel.h>
#include <wx/sizer.h>
#include <wx/stattext.h>
#include <wx/textctrl.h>

#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

class wxButton;

namespace formwork::ui {

class RecordEditor;

// A field's path as people name it, from the form's labels: "Title",
// "Actions, row 2, Owner", "Impacts, Disability, Nature", "Lead officer (role)". Steps the
// form does not know (a field since removed) are given as they are. "meta/status" is
// "Status".
wxString field_label(const forms::FormDefinition& form, std::string_view path);

// A value as the editor shows it: a choice's label, Yes or No, a date in the council's
// format; "meta/status" by the status's label. Anything the form does not describe (or with
// no form) as stored.
wxString value_in_words(const forms::FormDefinition* form, std::string_view path, const std::string& value);

// One line of the panel: an entry's heading, or one change under it.
struct HistoryRow {
    enum class Kind { entry, change } kind = Kind::entry;
    long sequence = 0;  // the audit entry's
    long revision = 0;  // the record's revision after the entry (0 for an export)
    wxString when;      // heading only: local time, "7 Dec 2026 14:05"
    wxString who;       // heading only
    wxString what;      // heading: the action in words; change: the field's label
    wxString before;    // change only: in full
    wxString after;     // change only: in full
};

// How a record other than the one shown is named (the source of a copy): its title, or ""
// when it cannot be read (erased since), when it is named by its id.
using RecordNamer = std::function<wxString(const std::string& id)>;

// The panel's rows for a record's history, newest entry first. `form` may be null (its plugin
// is not loaded): paths are then shown as they are.
std::vector<HistoryRow> describe_history(const forms::FormDefinition* form, const std::vector<forms::AuditEntry>& entries,
                                         const RecordNamer& name_of = {});

// The revisions a record's entries reach, oldest first, each named as Compare lists it:
// "Revision 3: 7 Dec 2026 14:05, Officer Ada, Changed 2 fields" (from the entry that made
// it). Exports, which make no revision, are not among them.
struct RevisionChoice {
    long revision = 0;
    wxString label;
};
std::vector<RevisionChoice> revision_choices(const std::vector<HistoryRow>& rows);

// A value as the list shows it: on one line, at most `limit` characters, "…" where cut.
wxString shortened(const wxString& value, std::size_t limit);

class HistoryPanel : public wxPanel {
public:
    enum Column : unsigned { column_when, column_who, column_what, column_before, column_after, column_count };
    // How many characters of a value the list shows before it cuts the rest off.
    static constexpr std::size_t shown_length = 48;
    // The window name of the question that asks why a locked record is reopened to restore
    // one of its revisions, for tests that find and answer it.
    static constexpr const char* reopen_to_restore_name = "reopen to restore";

    explicit HistoryPanel(wxWindow* parent);

    // What the panel needs of the window to restore a revision: the record's open tab (null
    // when it is not open), which saves what is typed in it before and reads the record again
    // after; the name the audit log gives the person; and what else shows the record (the
    // list), told it changed.
    struct RecordHooks {
        std::function<RecordEditor*(const std::string& id)> editor_for;
        std::function<std::string()> user;
        std::function<void()> record_changed;
    };
    void set_record_hooks(RecordHooks hooks) { hooks_ = std::move(hooks); }

    // Shows a record's history, read from `store` now. `form` (may be null) names the fields.
    void show_record(forms::RecordStore& store, forms::FormDefinitionPtr form, const std::string& id,
                     const wxString& title);
    // No record: says why in the heading ("Open a record…").
    void show_nothing(const wxString& why);
    // Reads the history of the record shown again (after a save, an export).
    void refresh();

    const std::string& record_id() const noexcept { return record_id_; }
    // The latest revision the entries shown reach; 0 when none.
    long latest_revision() const noexcept { return latest_revision_; }
    const std::vector<HistoryRow>& rows() const noexcept { return rows_; }
    // A cell as the list shows it (values shortened).
    wxString text_at(std::size_t row, Column column) const;
    // Why the last read failed, or "".
    const wxString& read_error() const noexcept { return read_error_; }

    // Chooses one row (and no other), as a click does.
    bool select_row(std::size_t row);
    // Chooses these rows, as Ctrl+click does.
    bool select_rows(const std::vector<std::size_t>& rows);
    // The row of the newest entry that made `revision` (its heading); rows().size() for none.
    std::size_t row_of_revision(long revision) const;
    // The audit entry of the rows chosen (its heading or its changes): what "Restore this
    // revision…" acts on. Nothing when no row is chosen, or rows of several entries are.
    std::optional<forms::AuditEntry> selected_entry() const;
    // Every entry with a row chosen, oldest first.
    std::vector<forms::AuditEntry> selected_entries() const;

    // --- Compare and Restore ------------------------------------------------------------------

    // The two revisions "Compare…" starts from (older first): those of the two entries
    // chosen (the oldest and newest of several); one entry chosen: its revision and the
    // latest (or the one before, when it is the latest); none: the last two. Nothing when the
    // record has fewer than two revisions.
    std::optional<std::pair<long, long>> revisions_to_compare() const;
    // "Compare…": the two revisions side by side, in a dialog that can choose any two (asks a
    // person: under test, only inside ModalDialogsAnswered). False, having said why, when
    // there is nothing to compare.
    bool compare();

    // What a restore did, in words for the note beside the buttons.
    struct RestoreOutcome {
        enum class Kind { restored, unchanged, cancelled, refused } kind = Kind::refused;
        wxString message;
        long revision = 0;  // the record's revision after it (restored)
    };
    // "Restore this revision…" on the chosen entry's revision: asks to confirm, or, when the
    // record is locked, for the reason to reopen it (required); saves what is typed in its
    // open tab first (a save that cannot be made refuses the restore), then restores, and the
    // tab shows the restored content. A refusal (withdrawn, saved meanwhile by someone) is
    // said and changes nothing. Asks a person: under test, only inside ModalDialogsAnswered.
    RestoreOutcome restore_selected();
    // The restore itself, with no question asked: `reopen_reason` for a locked record, and
    // `seen_revision` the revision the person looked at (0: the panel's latest), which a save
    // in between makes a conflict.
    RestoreOutcome restore(long revision, const std::string& reopen_reason = {}, long seen_revision = 0);

    wxButton* compare_button() const noexcept { return compare_; }
    wxButton* restore_button() const noexcept { return restore_; }
    // What the last restore (or refusal) said, beside the buttons.
    wxStaticText* action_note() const noexcept { return note_; }

    wxStaticText* heading() const noexcept { return heading_; }
    wxDataViewListCtrl* list() const noexcept { return list_; }
    // The chosen row in full: every value unshortened.
    wxTextCtrl* details() const noexcept { return details_; }
    // "Compare…", "Restore this revision…" and the note on what was done last.
    wxBoxSizer* revision_actions() const noexcept { return revision_actions_; }

private:
    void fill();
    void show_details();
    void update_actions();
    std::vector<std::size_t> chosen_rows() const;
    // The row the details show: the one with the keyboard's focus when it is chosen, else the first chosen.
    int current_row() const;
    // The outcome said beside the buttons, and to the person when it is a refusal.
    RestoreOutcome said(RestoreOutcome outcome);

    forms::RecordStore* store_ = nullptr;
    forms::FormDefinitionPtr form_;
    std::string record_id_;
    wxString title_;
    std::vector<forms::AuditEntry> entries_;
    std::vector<HistoryRow> rows_;
    long latest_revision_ = 0;
    wxString read_error_;

    wxStaticText* heading_ = nullptr;
    wxDataViewListCtrl* list_ = nullptr;
    wxTextCtrl* details_ = nullptr;
    wxBoxSizer* revision_actions_ = nullptr;
    wxButton* compare_ = nullptr;
    wxButton* restore_ = nullptr;
    wxStaticText* note_ = nullptr;
    RecordHooks hooks_;
};

}  // namespace formwork::ui
