// One record open for editing: the values a person changes, checked as they change, and
// saved to the store without losing anyone's work. The editor window draws a session and
// forwards keystrokes to it; the session holds no widgets, so it is tested without a display.
#pragma once

#include <formwork/model/definition.hpp>
#include <formwork/model/diagnostic.hpp>
#include <formwork/model/record.hpp>
#include <formwork/store/record_store.hpp>
#include <formwork/model/validator.hpp>

#include <chrono>
#include <cstddef>
#include <deque>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace formwork::forms {

// When unsaved edits go to the store: once typing pauses, and never later than `longest`
// after the first unsaved edit, so a crash loses at most the field being typed.
struct AutosavePolicy {
    std::chrono::milliseconds quiet{700};
    std::chrono::milliseconds longest{1500};
};

// One field whose value differs between this session and the stored record.
struct FieldDifference {
    std::string path;   // e.g. "impacts/row[@key='age']/nature"
    std::string label;  // the field's label, for the dialog
    std::string mine;
    std::string theirs;
};

// Someone else saved the record after this session loaded it.
struct SaveConflict {
    Record mine;    // what this session holds
    Record theirs;  // as stored now
    std::vector<FieldDifference> differences;
};

struct SaveOutcome {
    enum class Kind { nothing_to_save, saved, conflict, failed } kind = Kind::nothing_to_save;
    std::string message;  // failed: the store's words, for the person
};

class EditSession {
public:
    using Clock = std::chrono::steady_clock;

    // Opens a stored record. Throws StoreError when there is no such record.
    static EditSession open(RecordStore& store, FormDefinitionPtr form, const std::string& id, std::string user,
                            AutosavePolicy policy = {});
    // A new record of `form`, saved at once as revision 1 so that autosave always updates.
    static EditSession create(RecordStore& store, FormDefinitionPtr form, std::string user, AutosavePolicy policy = {});
    // The same, starting from `started`, a new record of `form` already holding values (one a
    // plugin started from another record: forms::prefill_record).
    static EditSession create(RecordStore& store, FormDefinitionPtr form, Record started, std::string user,
                              AutosavePolicy policy = {});

    RecordStore& store() const noexcept { return *store_; }
    const FormDefinition& form() const noexcept { return *form_; }
    const FormDefinitionPtr& form_ptr() const noexcept { return form_; }
    const Record& record() const noexcept { return record_; }
    const std::string& id() const noexcept { return record_.meta.id; }
    // How lists name the record: the form's record-title, else the form's title.
    std::string title() const;

    // The text at a field path ("" when empty or absent).
    std::string value(std::string_view path) const;
    // Sets a value as typed, then recalculates and revalidates. Refused text (not UTF-8, a
    // character XML forbids, an unknown path) returns the diagnostic and changes nothing.
    std::optional<Diagnostic> set_value(std::string_view path, std::string_view value, Clock::time_point now = Clock::now());
    // Rows of a repeating table. Refused past max-rows or below min-rows, with the reason.
    std::optional<Diagnostic> add_row(std::string_view table_path, Clock::time_point now = Clock::now());
    std::optional<Diagnostic> remove_row(std::string_view table_path, std::size_t row /* 1-based */,
                                         Clock::time_point now = Clock::now());
    // Pastes tab-separated text (as Word and Excel copy it) into a table from a cell on;
    // all of it or none of it. See table_paste.hpp.
    Diagnostics paste(std::string_view table_path, std::size_t first_row /* 1-based */, std::size_t first_column,
                      std::string_view text, Clock::time_point now = Clock::now());
    // Puts the values of `filled` (a record of this form, e.g. a prefill_record result) in
    // place of this record's, as one step: the metadata stays this record's.
    std::optional<Diagnostic> take_values(const Record& filled, Clock::time_point now = Clock::now());
    std::size_t row_count(std::string_view table_path) const;

    // What the latest edit left: every diagnostic at the record's status, and which
    // elements are relevant (by path; a path not in the map is relevant).
    const Diagnostics& diagnostics() const noexcept { return diagnostics_; }
    bool relevant(std::string_view path) const;
    // Runs the checks again, e.g. after the stored records a plugin reads have changed.
    void revalidate();
    // Every diagnostic the record would have at `status` (a status change being weighed),
    // checked as this session checks: with its user, and the store's records for the plugin.
    Diagnostics diagnostics_at(const std::string& status) const;

    // Autosave.
    bool dirty() const noexcept { return dirty_; }
    bool save_due(Clock::time_point now) const noexcept;
    SaveOutcome save();
    // Set after save() met a newer stored revision, until the person chooses.
    const std::optional<SaveConflict>& conflict() const noexcept { return conflict_; }
    // Reads the record again as stored (after someone else saved it), when there is
    // nothing unsaved here: false, and nothing changed, while there are unsaved values or
    // a conflict (saving them brings up the conflict instead). Throws StoreError when the
    // record is no longer there, or is now of another form version.
    bool reload();
    SaveOutcome keep_mine();  // saves this session's values as the next revision after theirs
    void take_theirs();       // drops this session's unsaved values for the stored ones

    // The statuses the lifecycle allows next, and a move to one. Saves first; refused while
    // errors remain at that status, with the diagnostics that say which. A move back to the
    // first status reopens a locked record and needs a reason (the audit log keeps it).
    std::vector<LifecycleStatus> next_statuses() const;
    StatusChangeResult change_status(const std::string& to, const std::string& reopen_reason = {});

    // A record in any status but its lifecycle's first is locked (DESIGN.md): set_value,
    // add_row, remove_row and paste refuse, saying so, until it is reopened.
    bool locked() const;
    // Whether the lifecycle has a way back to the first status from where the record is.
    bool can_reopen() const;
    // Why an edit of a locked record was refused, and what to do about it.
    std::string locked_message() const;

    // --- Undo and redo (docs/app.md, "Undo and redo") -----------------------------------------
    // Every edit above that changes the record is one step: a paste, a row added or removed, a
    // value set. Values set one after another at one path are one step (typing a word is one
    // step, not one per key) until end_typing(), an edit of another path or an edit of another
    // kind. Each step keeps the instance as it was before it (its XML text), so undoing brings
    // back exactly that, recalculated and checked again, and leaves the session dirty: autosave
    // stores it as the next revision, and no stored revision is ever rewritten. The history
    // lasts as long as the session, and is cleared when the record is replaced by the stored one
    // (a status change, a reopen, reload, take_theirs): a step never crosses a status change.

    // Edits made while a Step lives are one step of the history (a row import, clearing a
    // selection, a paste made of several calls). Steps nest: the outermost one counts.
    class Step {
    public:
        explicit Step(EditSession& session) : session_(session) { session_.begin_step(); }
        ~Step() { session_.end_step(); }
        Step(const Step&) = delete;
        Step& operator=(const Step&) = delete;

    private:
        EditSession& session_;
    };
    void begin_step();
    void end_step() noexcept;
    // The person left the field being typed into: the next edit of it is a step of its own.
    void end_typing() noexcept { typing_path_.clear(); }

    // Refused (with why) while the record is locked (DESIGN.md), during a save conflict, and
    // when there is nothing to undo or redo. A new edit after an undo forgets what could be redone.
    bool can_undo() const;
    bool can_redo() const;
    std::optional<Diagnostic> undo(Clock::time_point now = Clock::now());
    std::optional<Diagnostic> redo(Clock::time_point now = Clock::now());
    std::size_t undo_steps() const noexcept { return undo_.size(); }
    std::size_t redo_steps() const noexcept { return redo_.size(); }
    // The oldest steps are forgotten past this many. Each step keeps the instance's text: for
    // the largest sample record (the devolution deal's approval trail) 44 KB, written in 14 us
    // and read back in 14 us. So a tab holds at most about 9 MB of history however long it
    // stays open (a copy of the DOM would be four times that), and 200 steps is more than a
    // morning's typing, field by field.
    static constexpr std::size_t history_limit = 200;

private:
    class Recording;  // one edit's place in the history (edit_session.cpp)

    EditSession(RecordStore& store, FormDefinitionPtr form, Record record, std::string user, AutosavePolicy policy);
    void edited(Clock::time_point now);
    void check();
    std::string snapshot() const;
    void restore(const std::string& snapshot);
    void remember(std::string before);
    void clear_history() noexcept;
    std::optional<Diagnostic> history_refusal(const char* what) const;

    RecordStore* store_;
    FormDefinitionPtr form_;
    Record record_;
    std::string user_;
    AutosavePolicy policy_;
    long base_revision_ = 0;
    bool dirty_ = false;
    Clock::time_point first_unsaved_{};
    Clock::time_point last_edit_{};
    Diagnostics diagnostics_;
    std::unordered_map<std::string, bool> relevance_;
    std::optional<SaveConflict> conflict_;
    // Undo and redo: the instance's text before each step, oldest first, and after each step undone.
    std::deque<std::string> undo_;
    std::vector<std::string> redo_;
    std::string typing_path_;   // the path whose typing the last step holds ("" for none)
    int step_depth_ = 0;        // Steps open now
    std::string step_before_;   // the instance before the outermost open Step
    unsigned long edits_ = 0;   // edits made, so that a step knows whether it changed anything
    unsigned long step_edits_ = 0;
};

}  // namespace formwork::forms
