// One field of a form on screen: its label (tied to the control for screen readers), the
// control its type calls for, its hint, a word count for long text and the message of the
// problem the engine finds in it. Built from the definition for any form; it holds no rule:
// edits go to a callback (the editor forwards them to the EditSession) and values come back
// from the session.
#pragma once

#include <formwork/model/definition.hpp>
#include <formwork/store/edit_session.hpp>

#include <wx/colour.h>
#include <wx/sizer.h>
#include <wx/stattext.h>
#include <wx/string.h>
#include <wx/window.h>

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace formwork::ui {

// How a field or cell is marked: by the most severe problem the engine reports at its path.
enum class Mark { none, warning, error };

wxColour mark_background(Mark mark);  // the tint of a marked control or cell
wxColour mark_foreground(Mark mark);  // the colour of a mark's message text

// The width of the label column, so labels line up across sections and groups.
int label_column_width(wxWindow* window);

// A form's text (a label, hint or note) as a static text shows it: "&" stays "&".
wxString plain_text(std::string_view text);

// The text stored at a path as the editor shows it: a multi-choice's codes space-separated
// (as set_value takes them), anything else as EditSession::value gives it.
std::string stored_text(const forms::EditSession& session, const forms::Node& field, std::string_view path);

class FieldControl {
public:
    // Called with a path and the value the person gave: the field's own path, or a person
    // field's "PATH/name" or "PATH/role".
    using EditHandler = std::function<void(const std::string& path, const std::string& value)>;

    FieldControl(const FieldControl&) = delete;
    FieldControl& operator=(const FieldControl&) = delete;
    virtual ~FieldControl();

    const forms::Node& node() const noexcept { return node_; }
    const std::string& path() const noexcept { return path_; }
    bool read_only() const noexcept { return read_only_; }

    // The control that edits the value (a person field: the name's text control), as
    // RecordEditor::control_for returns it; `sub_path` selects a person field's role.
    virtual wxWindow* control(std::string_view sub_path = {}) const = 0;
    // Every window of the row, for showing and hiding.
    const std::vector<wxWindow*>& windows() const noexcept { return windows_; }
    wxStaticText* label() const noexcept { return label_; }

    // Puts the row into a two-column grid: label (wrapped to `label_width`) | control with
    // hint, count and message under it.
    void add_to(wxFlexGridSizer* grid, int label_width);
    void show(bool shown);
    bool shown() const noexcept { return shown_; }

    // Shows the stored value (without sending it back as an edit).
    virtual void load(const forms::EditSession& session) = 0;
    // Wraps the hint and the message to the width the control column has now.
    void wrap_texts(int width);
    // A locked record's field (DESIGN.md): its text can be read and selected but not
    // changed, its other controls are switched off, and nothing it sends is an edit.
    void set_locked(bool locked);
    bool locked() const noexcept { return locked_; }
    // Marks the field with the message of the problem at its path ("" and none: clear).
    void set_mark(Mark mark, const wxString& message);
    Mark mark() const noexcept { return mark_; }
    const wxString& marked_message() const noexcept { return message_; }

protected:
    FieldControl(wxWindow* parent, const forms::Node& node, std::string path, EditHandler on_edit);
    // Derived classes call this once their control exists: builds the label, hint, message.
    void finish(wxWindow* parent, wxWindow* editor, bool expand);
    void edited(const std::string& path, const std::string& value);
    void add_window(wxWindow* window) { windows_.push_back(window); }
    void set_extra(wxStaticText* extra) { extra_ = extra; }
    // The windows whose background shows the mark.
    virtual std::vector<wxWindow*> tinted() const;
    // Names the control for screen readers; by default the label is tied to control().
    virtual void tie();
    // Fits the control itself to a control column `width` wide, as wrap_texts does the texts.
    virtual void wrap_control(int /*width*/) {}
    // How far down the label goes to sit level with the control's text; -1: worked out
    // from the control's height.
    virtual int label_offset() const { return -1; }

    bool loading_ = false;  // true while load() sets controls, so their events are no edits

private:
    const forms::Node& node_;
    std::string path_;
    EditHandler on_edit_;
    bool read_only_ = false;
    bool locked_ = false;
    wxStaticText* label_ = nullptr;
    wxWindow* editor_ = nullptr;
    bool expand_ = true;
    wxStaticText* hint_ = nullptr;
    wxStaticText* extra_ = nullptr;    // a long text's word count
    wxStaticText* message_text_ = nullptr;
    int wrap_width_ = 0;
    std::vector<wxWindow*> windows_;
    bool shown_ = true;
    Mark mark_ = Mark::none;
    wxString message_;
};

// The control for `field` at `path`, chosen by its type; `store` lists the records a
// reference field may point at.
std::unique_ptr<FieldControl> make_field_control(wxWindow* parent, const forms::FormDefinition& form,
                                                 const forms::Node& field, std::string path, forms::RecordStore& store,
                                                 FieldControl::EditHandler on_edit);

}  // namespace formwork::ui
