// When someone else saved a record after this editor opened it: the fields that differ,
// side by side, and the person chooses whose values stand. Nothing is overwritten silently.
#pragma once

#include <formwork/store/edit_session.hpp>

#include <wx/dialog.h>

#include <functional>
#include <string>

class wxListCtrl;

namespace formwork::ui {

enum class ConflictChoice {
    keep_mine,    // save this editor's values as the next revision after theirs
    take_theirs,  // drop this editor's unsaved values for the stored ones
    decide_later  // leave the conflict open: nothing is saved until the person chooses
};

class ConflictDialog : public wxDialog {
public:
    // `describe` names a field path as the editor names it ("EIA author: Name"); without it,
    // the engine's label.
    ConflictDialog(wxWindow* parent, const forms::SaveConflict& conflict, const wxString& record_title,
                   const std::function<wxString(const std::string& path)>& describe = {});

    // What the person chose; decide_later when they closed the dialog.
    ConflictChoice choice() const noexcept { return choice_; }
    wxListCtrl* differences() const noexcept { return list_; }

private:
    wxListCtrl* list_ = nullptr;
    ConflictChoice choice_ = ConflictChoice::decide_later;
};

}  // namespace formwork::ui
