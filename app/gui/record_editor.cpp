// PLACEHOLDER so that the main window links while the editor is written (issue 9).
#include "record_editor.hpp"

#include <wx/sizer.h>
#include <wx/stattext.h>

namespace formwork::ui {

wxDEFINE_EVENT(EVT_RECORD_EDITOR_STATE, wxCommandEvent);

struct RecordEditor::Layout {};

RecordEditor::RecordEditor(wxWindow* parent, forms::EditSession session)
    : wxPanel(parent, wxID_ANY), session_(std::move(session)), layout_(std::make_unique<Layout>()) {
    auto* sizer = new wxBoxSizer(wxVERTICAL);
    sizer->Add(new wxStaticText(this, wxID_ANY, wxString::FromUTF8(session_.title())));
    SetSizer(sizer);
}
RecordEditor::~RecordEditor() = default;
wxString RecordEditor::tab_label() const { return wxString::FromUTF8(session_.title()); }
wxString RecordEditor::save_state_text() const { return "Saved"; }
bool RecordEditor::save_now() { return session_.save().kind != forms::SaveOutcome::Kind::failed; }
void RecordEditor::validate_now() {}
bool RecordEditor::focus_next_problem() { return false; }
bool RecordEditor::prepare_to_close() { return save_now(); }
wxWindow* RecordEditor::control_for(std::string_view) const { return nullptr; }

}  // namespace formwork::ui
