// A record's editor, one per notebook tab: controls generated from the form's definition
// (nothing is built by hand for a particular form), live relevance and validation from the
// EditSession it draws, a problems panel, and autosave. See docs/app.md.
#pragma once

#include <formwork/forms/edit_session.hpp>

#include <wx/event.h>
#include <wx/panel.h>
#include <wx/timer.h>

#include <memory>
#include <string>
#include <string_view>

namespace formwork::ui {

class ProblemsPanel;

// Sent to the editor's parent (as a wxCommandEvent whose event object is the editor)
// whenever its title or saved state changes, so that the tab's label can follow.
wxDECLARE_EVENT(EVT_RECORD_EDITOR_STATE, wxCommandEvent);

class RecordEditor : public wxPanel {
public:
    RecordEditor(wxWindow* parent, forms::EditSession session);
    ~RecordEditor() override;

    forms::EditSession& session() noexcept { return session_; }
    const std::string& record_id() const noexcept { return session_.id(); }
    // "Title" when saved, "Title *" while edits are waiting to be saved.
    wxString tab_label() const;
    // What the tab shows when it is not saved: "Saved", "Saving…", "Not saved: …", "Conflict".
    wxString save_state_text() const;

    // Ctrl+S: saves now. A conflict opens the conflict dialog. Returns whether it is saved.
    bool save_now();
    // F7: runs the checks and shows every problem.
    void validate_now();
    // F8: focuses the field of the next problem after the one last focused. Returns false when there are none.
    bool focus_next_problem();
    // Before the tab closes or the program quits: saves, asking the person on a conflict.
    // Returns false when they chose to keep the tab open.
    bool prepare_to_close();

    // The control that edits a path: a field's own control, or the grid of a table for a cell's path.
    wxWindow* control_for(std::string_view path) const;
    ProblemsPanel* problems() const noexcept { return problems_; }

private:
    forms::EditSession session_;
    ProblemsPanel* problems_ = nullptr;
    wxTimer autosave_timer_;
    struct Layout;  // the generated controls, by path
    std::unique_ptr<Layout> layout_;
};

}  // namespace formwork::ui
