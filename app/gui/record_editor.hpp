// A record's editor, one per notebook tab: controls generated from the form's definition
// (nothing is built by hand for a particular form), live relevance and validation from the
// EditSession it draws, a problems panel, and autosave. See docs/app.md.
#pragma once

#include "conflict_dialog.hpp"

#include <formwork/sdk/record_start.hpp>
#include <formwork/store/edit_session.hpp>

#include <wx/event.h>
#include <wx/infobar.h>
#include <wx/panel.h>
#include <wx/timer.h>

#include <memory>
#include <string>
#include <string_view>
#include <vector>

class wxFlexGridSizer;
class wxSizer;

namespace formwork::ui {

class ProblemsPanel;
class TableEditor;

// Sent to the editor's parent (as a wxCommandEvent whose event object is the editor)
// whenever its title or saved state changes, so that the tab's label can follow.
wxDECLARE_EVENT(EVT_RECORD_EDITOR_STATE, wxCommandEvent);

class RecordEditor : public wxPanel {
public:
    RecordEditor(wxWindow* parent, forms::EditSession session);
    ~RecordEditor() override;

    forms::EditSession& session() noexcept { return session_; }
    // What the form's plugin offers to start the record from others (SDK 1.8): its key fields,
    // whose choice fills the rest, the fields picked from the records held, and its "next one"
    // commands. Asked once, as the editor opens; nothing for a form no plugin helps.
    const sdk::RecordAssist& assist() const noexcept { return assist_; }
    // What the plugin said it filled when a key field was last chosen ("" when nothing was).
    const wxString& start_notes() const noexcept { return start_notes_; }
    const std::string& record_id() const noexcept { return session_.id(); }
    // "Title" when saved, "Title *" while edits are waiting to be saved.
    wxString tab_label() const;
    // The save state the editor's bar shows: "Saved", "Unsaved changes", "Saving failed: …"
    // (the store's words; the edits are kept and saving is tried again) or "Conflict".
    wxString save_state_text() const;

    // Ctrl+S: saves now. A conflict opens the conflict dialog. Returns whether it is saved.
    bool save_now();
    // F7: runs the checks and shows every problem.
    void validate_now();
    // F8: focuses the field of the next problem after the one last focused. Returns false when there are none.
    bool focus_next_problem();
    // Edit › Undo (Ctrl+Z) and Redo (Ctrl+Shift+Z, Ctrl+Y): the session's history (a value typed
    // into one field, a paste, a row added, removed or imported are each one step). What is
    // being typed into a table's cell goes in first. False, with nothing changed, when there is
    // nothing to take back or do again, or the record is locked.
    bool can_undo() const { return session_.can_undo(); }
    bool can_redo() const { return session_.can_redo(); }
    bool undo();
    bool redo();
    // Before the tab closes or the program quits: saves, asking the person on a conflict.
    // Returns false when they chose to keep the tab open.
    bool prepare_to_close();

    // The control that edits a path: a field's own control, or the grid of a table for a cell's path.
    // A person field's path gives its name's text control, "PATH/role" its role's; a group's
    // path its first field's control. Null for a path the form does not show.
    wxWindow* control_for(std::string_view path) const;
    ProblemsPanel* problems() const noexcept { return problems_; }
    // The height the person gave the problems pane below the form (the main window keeps it
    // between runs and gives it to each tab it opens); 0 when the pane is not laid out yet.
    int problems_height() const;
    void set_problems_height(int height);

    // --- for the main window and for tests ---------------------------------------------------

    // Gives the focus to the first field shown (or else the first table), as a record opens.
    void focus_first_field();
    // Focuses a field's control, or selects a table's cell (a row's path: its first cell),
    // scrolling it into view. False when the path is not shown (not relevant, part switched off).
    bool focus_path(std::string_view path);
    // Whether the field, group or table at `path` is shown now (relevant, part switched on).
    bool is_shown(std::string_view path) const;
    // The paths of every field, group and table shown now, in the form's order.
    std::vector<std::string> visible_paths() const;
    // The problem message a field, group, table or cell is marked with ("" when none): the
    // engine's messages at that path, one to a line. A problem at a person's name or role, or at
    // a multi-choice's item, marks the field.
    wxString marked_message(std::string_view path) const;
    // Draws everything again from the session: values, relevance, marks, problems, status.
    // After an edit of its own the editor redraws only what that edit can change; call this
    // after changing the session directly (session().set_value, take_theirs, ...).
    void refresh_from_session();
    // The grid of the table at `path` or holding the cell at `path` (null for none): its
    // paste_text, import_file and refusal do what Ctrl+V and "Import rows from a file…" do.
    TableEditor* table_for(std::string_view path) const;

    // The section titles in the section list, and moving to one (as Ctrl+PgDn/PgUp do).
    std::vector<wxString> section_titles() const;
    int current_section() const;
    void show_section(int index);

    // The status buttons' work: moves the record to `to` (a status id). When refused, the
    // problems are listed (with a dialog when interactive) and the first is selected. A move
    // back to the first status is a reopen: see reopen().
    bool change_status(const std::string& to, const std::string& reopen_reason = {});
    // A record in any status but the first is locked, and its editor read-only (DESIGN.md).
    // Reopen moves it back to the first status with a reason the audit log keeps. Refused,
    // saying why (status_refusal()), when the lifecycle has no way back or the reason is empty.
    bool reopen(const std::string& reason);
    // Record › Reopen… and the Reopen button: asks for the reason (when interactive), then
    // reopens; refuses with a message where the lifecycle has no way back.
    bool ask_to_reopen();
    // What the last refused status change said (empty after one that worked).
    const forms::Diagnostics& status_refusal() const noexcept { return status_refusal_; }
    // Settles a save conflict as the conflict dialog's buttons do.
    void resolve_conflict(ConflictChoice choice);

    // Someone else saved this record (the main window heard it from the store): a bar above
    // the form says who and offers Reload, or, with changes here not yet saved, says that
    // saving them will let the person choose whose version stands. A change no newer than
    // what the editor holds (its own save) is ignored.
    void saved_elsewhere(const forms::RecordChange& change);
    // The bar's Reload: the record as stored now, when nothing here is unsaved. False, with
    // the reason in the bar, when it cannot be.
    bool reload_from_store();
    // The bar (hidden when there is nothing to say) and whether it offers Reload.
    wxInfoBar* elsewhere_bar() const noexcept;
    bool offers_reload() const noexcept { return offers_reload_; }
    // What the bar says, or said last (GTK's bar keeps its text to itself).
    const wxString& elsewhere_message() const noexcept { return elsewhere_message_; }

    // Whether the editor may open modal dialogs (conflict, refused status change, removing a
    // filled row, closing with unsaved edits). Tests turn it off: a conflict then waits for
    // resolve_conflict, and prepare_to_close refuses to drop unsaved edits.
    void set_interactive(bool interactive);
    bool interactive() const noexcept { return interactive_; }

private:
    struct Layout;  // the generated controls, by path
    struct Section;
    struct Group;

    void build();
    void build_status_bar(wxWindow* parent, wxSizer* sizer);
    void rebuild_status_buttons();
    void build_items(const std::vector<forms::Node>& items, wxWindow* parent, wxSizer* sizer, const std::string& prefix,
                     int label_width, const wxString& qualifier, int group);
    void add_field(const forms::Node& item, wxWindow* parent, wxFlexGridSizer* run, const std::string& path, int label_width,
                   const wxString& qualifier);
    void build_item(const forms::Node& item, wxWindow* parent, wxSizer* sizer, const std::string& prefix, int label_width,
                    const wxString& qualifier, int group, wxFlexGridSizer*& run);
    void on_field_edit(const std::string& path, const std::string& value);
    bool is_key_field(const std::string& path) const;
    // A key field chosen: its value and what the plugin fills from it, one step of undo.
    void choose_key(const std::string& path, const std::string& value);
    void on_table_changed(TableEditor* table);
    void after_change(bool values, TableEditor* changed_table = nullptr);
    void load_values();
    bool apply_relevance();
    void apply_marks();
    void update_status_bar();
    void apply_lock();
    void update_state();
    void tell_elsewhere(const wxString& message, int icon);
    void on_timer(wxTimerEvent& event);
    void on_char_hook(wxKeyEvent& event);
    bool step_history(bool back);
    forms::SaveOutcome save(bool forced);
    void handle_conflict();
    void make_visible(wxWindow* window);
    void wrap_texts();
    void sync_section_list();
    wxString describe(const std::string& path) const;
    wxString status_label(const std::string& status) const;

    forms::EditSession session_;
    sdk::RecordAssist assist_;
    wxString start_notes_;
    ProblemsPanel* problems_ = nullptr;
    wxTimer autosave_timer_;
    std::unique_ptr<Layout> layout_;
    forms::Diagnostics status_refusal_;
    std::string pending_status_;  // a status refused for errors, checked again after each edit
    forms::Diagnostics pending_diagnostics_;
    std::string save_error_;
    std::chrono::steady_clock::time_point retry_after_{};
    wxString last_tab_label_;
    wxString last_state_text_;
    long last_problem_ = -1;
    long last_revision_ = -1;  // the revision update_state() last told the window of
    int wanted_problems_height_ = 0;  // set_problems_height before the tab was laid out
    bool interactive_ = true;
    bool offers_reload_ = false;
    wxString elsewhere_message_;
    bool in_dialog_ = false;
    bool built_ = false;
};

}  // namespace formwork::ui
