// Screen readers: a label tied to the control it names, as GTK's accessibility (ATK) wants it.
// wx has no portable call for this on GTK, so it is done here, with GTK kept out of headers.
#pragma once

#include <wx/stattext.h>
#include <wx/string.h>
#include <wx/window.h>

#include <string>

namespace formwork::ui {

// Ties `label` to `control`: the label becomes the mnemonic label of the control's focusable
// widget (a multi-line text's GtkTextView, a date picker's GtkEntry, ...), so that Orca reads
// the label when the control takes the focus, and the control's accessible is also given the
// label's text as its name (without any " *" required marker spelled as a star: "required").
void tie_label(wxStaticText* label, wxWindow* control);

// Names a control for screen readers when no visible label names it (a grid, a button that
// shows only a symbol). `name` is what is read.
void set_accessible_name(wxWindow* control, const wxString& name);

// The description a screen reader reads after the name: here, the problem with the value
// ("" clears it).
void set_accessible_description(wxWindow* control, const wxString& description);

// The name a screen reader reads for `control`'s focusable widget (ATK's accessible name),
// UTF-8; "" when it has none. For tests.
std::string accessible_name(wxWindow* control);

}  // namespace formwork::ui
