// The controls of fields by type (see field_controls.hpp).
#include "field_controls.hpp"

#include "accessible_label.hpp"
#include "wx_text.hpp"

#include <formwork/store/record_store.hpp>
#include <formwork/model/date_format.hpp>
#include <formwork/model/values.hpp>
#include <formwork/sdk/uk_date.hpp>

#include <wx/checkbox.h>
#include <wx/checklst.h>
#include <wx/choice.h>
#include <wx/button.h>
#include <wx/datetime.h>
#include <wx/calctrl.h>
#include <wx/generic/calctrlg.h>
#include <wx/popupwin.h>
#include <wx/panel.h>
#include <wx/radiobut.h>
#include <wx/settings.h>
#include <wx/textctrl.h>
#include <wx/textwrapper.h>

#include <algorithm>
#include <sstream>

namespace formwork::ui {

using forms::FieldType;

wxColour mark_background(Mark mark) {
    switch (mark) {
    case Mark::error: return wxColour(255, 226, 226);
    case Mark::warning: return wxColour(255, 243, 205);
    case Mark::none: break;
    }
    return wxNullColour;
}

wxColour mark_foreground(Mark mark) {
    switch (mark) {
    case Mark::error: return wxColour(176, 0, 32);
    case Mark::warning: return wxColour(138, 90, 0);
    case Mark::none: break;
    }
    return wxNullColour;
}

int label_column_width(wxWindow* window) { return window->FromDIP(280); }

wxString plain_text(std::string_view text) {
    // An ampersand in a form's text is an ampersand, not a keyboard mnemonic.
    return wxControl::EscapeMnemonics(from_utf8(text));
}

namespace {

int control_column_width(wxWindow* window) { return window->FromDIP(560); }

wxString label_text(const forms::Node& node) {
    wxString text = plain_text(node.label.empty() ? node.id : node.label);
    if (node.required && node.required->is_literal_true()) text += " *";
    return text;
}

std::vector<std::string> split_codes(std::string_view text) {
    std::vector<std::string> codes;
    std::size_t start = 0;
    while ((start = text.find_first_not_of(" \t\r\n", start)) != std::string_view::npos) {
        const auto end = text.find_first_of(" \t\r\n", start);
        codes.emplace_back(text.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start));
        start = end;
    }
    return codes;
}

}  // namespace

std::string stored_text(const forms::EditSession& session, const forms::Node&, std::string_view path) {
    // EditSession::value gives a multi-choice's codes space-separated, as set_value takes them.
    return session.value(path);
}

// --- FieldControl -----------------------------------------------------------------------

FieldControl::FieldControl(wxWindow*, const forms::Node& node, std::string path, EditHandler on_edit)
    : node_(node), path_(std::move(path)), on_edit_(std::move(on_edit)),
      read_only_(node.read_only || node.calculate.has_value()) {}

FieldControl::~FieldControl() = default;

void FieldControl::finish(wxWindow* parent, wxWindow* editor, bool expand) {
    editor_ = editor;
    expand_ = expand;
    label_ = new wxStaticText(parent, wxID_ANY, label_text(node_));
    windows_.insert(windows_.begin(), label_);
    windows_.push_back(editor);
    if (!node_.hint.empty()) {
        hint_ = new wxStaticText(parent, wxID_ANY, plain_text(node_.hint));
        hint_->SetFont(hint_->GetFont().Smaller());
        hint_->SetForegroundColour(wxSystemSettings::GetColour(wxSYS_COLOUR_GRAYTEXT));
        wrap_width_ = control_column_width(parent);
        hint_->Wrap(wrap_width_);
        windows_.push_back(hint_);
    }
    if (extra_ != nullptr) windows_.push_back(extra_);
    message_text_ = new wxStaticText(parent, wxID_ANY, wxString());
    message_text_->Hide();
    tie();
    if (read_only_) editor->SetToolTip(_("Worked out from the rest of the record; it cannot be typed."));
}

void FieldControl::add_to(wxFlexGridSizer* grid, int label_width) {
    const int gap = label_->FromDIP(4);
    label_->Wrap(label_width);
    label_->SetMinSize(wxSize(label_width, -1));
    // A label sits level with the text of a one-line control, and at the top of a taller one.
    int nudge = label_offset();
    if (nudge < 0) {
        nudge = 0;
        const int control_height = editor_->GetBestSize().GetHeight();
        if (control_height < 3 * label_->GetCharHeight()) nudge = std::max(0, (control_height - label_->GetCharHeight()) / 2);
        if (label_->GetBestSize().GetHeight() > 2 * label_->GetCharHeight()) nudge = std::min(nudge, gap);
    }
    grid->Add(label_, wxSizerFlags().Border(wxTOP, gap + nudge).Top());
    auto* column = new wxBoxSizer(wxVERTICAL);
    column->Add(editor_, expand_ ? wxSizerFlags().Expand() : wxSizerFlags().Left());
    if (hint_ != nullptr) column->Add(hint_, wxSizerFlags().Border(wxTOP, gap / 2));
    if (extra_ != nullptr) column->Add(extra_, wxSizerFlags().Border(wxTOP, gap / 2));
    column->Add(message_text_, wxSizerFlags().Border(wxTOP, gap / 2));
    grid->Add(column, wxSizerFlags().Expand().Border(wxTOP | wxBOTTOM, gap));
}

void FieldControl::show(bool shown) {
    if (shown == shown_) return;
    shown_ = shown;
    for (auto* window : windows_) window->Show(shown);
    message_text_->Show(shown && mark_ != Mark::none);
}

std::vector<wxWindow*> FieldControl::tinted() const { return {editor_}; }

void FieldControl::tie() { tie_label(label_, control()); }

void FieldControl::set_mark(Mark mark, const wxString& message) {
    if (mark == mark_ && message == message_) return;
    const bool show_changed = (mark == Mark::none) != (mark_ == Mark::none);
    mark_ = mark;
    message_ = mark == Mark::none ? wxString() : message;
    for (auto* window : tinted()) {
        // GTK keeps a multi-line text's tint when the colour is merely unset: a text box is
        // given the window colour back outright.
        const wxColour plain =
            dynamic_cast<wxTextCtrl*>(window) != nullptr
                ? wxSystemSettings::GetColour(read_only_ ? wxSYS_COLOUR_BTNFACE : wxSYS_COLOUR_WINDOW)
                : wxNullColour;
        window->SetBackgroundColour(mark == Mark::none ? plain : mark_background(mark));
        // An old problem's tooltip goes with it.
        if (message_.empty()) window->UnsetToolTip();
        else window->SetToolTip(message_);
        window->Refresh();
    }
    if (mark == Mark::none && read_only_) editor_->SetToolTip(_("Worked out from the rest of the record; it cannot be typed."));
    message_text_->SetLabelText(message_);
    message_text_->SetForegroundColour(mark_foreground(mark));
    message_text_->Wrap(wrap_width_ > 0 ? wrap_width_ : control_column_width(message_text_->GetParent()));
    if (show_changed) message_text_->Show(shown_ && mark != Mark::none);
    set_accessible_description(control(), message_);
}

void FieldControl::wrap_texts(int width) {
    width = std::max(width, label_->FromDIP(160));
    if (width == wrap_width_) return;
    wrap_width_ = width;
    if (hint_ != nullptr) {
        hint_->SetLabelText(from_utf8(node_.hint));
        hint_->Wrap(width);
    }
    if (!message_.empty()) {
        message_text_->SetLabelText(message_);
        message_text_->Wrap(width);
    }
    wrap_control(width);
}

namespace {

// Text stays readable and selectable (a screen reader reads it); other controls are off.
void allow_typing(wxWindow* window, bool typed) {
    if (dynamic_cast<wxStaticText*>(window) != nullptr) return;
    if (auto* text = dynamic_cast<wxTextCtrl*>(window)) {
        text->SetEditable(typed);
        return;
    }
    if (dynamic_cast<wxPanel*>(window) != nullptr) {
        for (auto* child : window->GetChildren()) allow_typing(child, typed);
        return;
    }
    window->Enable(typed);
}

}  // namespace

void FieldControl::set_locked(bool locked) {
    if (locked == locked_) return;
    locked_ = locked;
    if (read_only_) return;  // calculated or read-only: never typed into
    for (auto* window : windows_)
        if (window != label_ && window != hint_ && window != extra_ && window != message_text_) allow_typing(window, !locked);
}

void FieldControl::edited(const std::string& path, const std::string& value) {
    if (loading_ || read_only_ || locked_) return;
    if (on_edit_) on_edit_(path, value);
}

namespace {

// --- text, numbers, email, telephone, long text -----------------------------------------

class TextField final : public FieldControl {
public:
    TextField(wxWindow* parent, const forms::Node& node, std::string path, EditHandler on_edit)
        : FieldControl(parent, node, std::move(path), std::move(on_edit)) {
        const bool multi = node.type == FieldType::long_text;
        long style = multi ? wxTE_MULTILINE | wxTE_WORDWRAP : 0;
        if (read_only()) style |= wxTE_READONLY;
        text_ = new wxTextCtrl(parent, wxID_ANY, wxString(), wxDefaultPosition, wxDefaultSize, style);
        const int char_width = text_->GetCharWidth();
        const int line = text_->GetCharHeight();
        bool expand = true;
        switch (node.type) {
        case FieldType::integer:
        case FieldType::decimal:
            text_->SetMinSize(wxSize(char_width * 14, -1));
            expand = false;
            break;
        case FieldType::telephone:
            text_->SetMinSize(wxSize(char_width * 24, -1));
            expand = false;
            break;
        case FieldType::long_text: {
            // Room for a paragraph; a field allowed a long text gets a taller box.
            const int lines = node.max_length && *node.max_length <= 8000 ? 4 : 7;
            text_->SetMinSize(wxSize(-1, line * lines + text_->FromDIP(12)));
            break;
        }
        default:
            if (node.max_length && *node.max_length <= 60) {
                text_->SetMinSize(wxSize(char_width * static_cast<int>(std::max<std::size_t>(*node.max_length, 12) + 2), -1));
                expand = false;
            }
            break;
        }
        if (read_only()) text_->SetBackgroundColour(wxSystemSettings::GetColour(wxSYS_COLOUR_BTNFACE));
        if (multi) {
            count_ = new wxStaticText(parent, wxID_ANY, wxString());
            count_->SetFont(count_->GetFont().Smaller());
            count_->SetForegroundColour(wxSystemSettings::GetColour(wxSYS_COLOUR_GRAYTEXT));
            set_extra(count_);
            update_count();
        }
        text_->Bind(wxEVT_TEXT, [this](wxCommandEvent&) {
            if (loading_) return;
            shown_value_ = to_utf8(text_->GetValue());
            update_count();
            edited(this->path(), shown_value_);
        });
        finish(parent, text_, expand);
    }

    wxWindow* control(std::string_view) const override { return text_; }

    void load(const forms::EditSession& session) override {
        // Compared with what the control was last given or typed: asking a long text view
        // for its text at every keystroke costs more than the edit.
        std::string value = session.value(path());
        if (value == shown_value_) return;
        shown_value_ = std::move(value);
        loading_ = true;
        text_->ChangeValue(from_utf8(shown_value_));
        loading_ = false;
        update_count();
    }

private:
    std::vector<wxWindow*> tinted() const override { return {text_}; }

    void update_count() {
        if (count_ == nullptr) return;
        const std::string& value = shown_value_;
        const auto words = forms::count_words(value);
        wxString text = wxString::Format(words == 1 ? _("%zu word") : _("%zu words"), words);
        if (node().max_length) {
            std::size_t characters = 0;  // code points: UTF-8 bytes that do not continue one
            for (char c : value) characters += (static_cast<unsigned char>(c) & 0xC0) != 0x80 ? 1 : 0;
            text += wxString::Format(_(", %zu of %zu characters"), characters, *node().max_length);
        }
        if (text != count_->GetLabelText()) count_->SetLabelText(text);
    }

    wxTextCtrl* text_ = nullptr;
    wxStaticText* count_ = nullptr;
    std::string shown_value_ = "\x01";  // nothing loaded yet
};

// --- date ---------------------------------------------------------------------------------

// A text box that shows the date in the council's format whatever the machine's locale, and a
// button that opens a calendar. Each key typed goes to the engine, as in any text box (so
// autosave has it): the engine reads the text day first and keeps ISO, or keeps the text as
// typed and says what is wrong with it. The box is left as typed until the person leaves it
// or presses Enter; then a date is shown again in the council's format, and text that is no
// date stays as it is, marked.
class DateField final : public FieldControl {
public:
    DateField(wxWindow* parent, const forms::Node& node, std::string path, std::string format, EditHandler on_edit)
        : FieldControl(parent, node, std::move(path), std::move(on_edit)), format_(std::move(format)) {
        panel_ = new wxPanel(parent, wxID_ANY);
        auto* sizer = new wxBoxSizer(wxHORIZONTAL);
        text_ = new wxTextCtrl(panel_, wxID_ANY, wxString(), wxDefaultPosition, wxDefaultSize,
                               read_only() ? wxTE_READONLY : wxTE_PROCESS_ENTER);
        text_->SetMinSize(wxSize(text_->GetCharWidth() * 18, -1));
        text_->SetHint(from_utf8(format_));
        if (read_only()) text_->SetBackgroundColour(wxSystemSettings::GetColour(wxSYS_COLOUR_BTNFACE));
        calendar_button_ = new wxButton(panel_, wxID_ANY, wxString(L"\u2026"), wxDefaultPosition, wxDefaultSize,
                                        wxBU_EXACTFIT);
        calendar_button_->SetName("calendar button");
        calendar_button_->SetToolTip(_("Choose the date from a calendar"));
        if (read_only()) calendar_button_->Disable();
        sizer->Add(text_, wxSizerFlags().CentreVertical());
        sizer->Add(calendar_button_, wxSizerFlags().CentreVertical().Border(wxLEFT, panel_->FromDIP(4)));
        panel_->SetSizer(sizer);

        text_->Bind(wxEVT_TEXT, [this](wxCommandEvent&) {
            if (loading_) return;
            typing_ = true;
            edited(this->path(), to_utf8(text_->GetValue()));
            typing_ = false;
        });
        text_->Bind(wxEVT_TEXT_ENTER, [this](wxCommandEvent&) { show_stored(); });
        text_->Bind(wxEVT_KILL_FOCUS, &DateField::on_leave, this);
        calendar_button_->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) { open_calendar(); });
        finish(parent, panel_, false);
        set_accessible_name(calendar_button_,
                            wxString::Format(_("%s: choose from a calendar"), from_utf8(node.label.empty() ? node.id : node.label)));
    }

    // The editor lets its fields go before their windows: a focus change while the windows
    // are destroyed must not reach this one.
    ~DateField() override { text_->Unbind(wxEVT_KILL_FOCUS, &DateField::on_leave, this); }

    wxWindow* control(std::string_view) const override { return text_; }

    void load(const forms::EditSession& session) override {
        // Compared with what was last loaded, so that a reload while a person types in the box
        // (another field's edit, an autosave) leaves their typing alone.
        std::string value = session.value(path());
        if (value == loaded_value_) return;
        loaded_value_ = std::move(value);
        if (typing_) return;  // the box keeps the keys as typed until the person leaves it
        show_stored();
    }

private:
    std::vector<wxWindow*> tinted() const override { return {text_}; }

    void on_leave(wxFocusEvent& event) {
        event.Skip();
        show_stored();
    }

    // The stored value the council's way: "15/1/24", read as 2024-01-15, shows as 15/01/2024;
    // text that is no date is stored, and shown, as typed.
    void show_stored() {
        const wxString shown = from_utf8(forms::format_date(loaded_value_, format_));
        if (text_->GetValue() == shown) return;
        loading_ = true;
        text_->ChangeValue(shown);
        loading_ = false;
    }

    void open_calendar() {
        if (popup_ == nullptr) {
            popup_ = new wxPopupTransientWindow(panel_, wxBORDER_SIMPLE);
            popup_->SetName("calendar popup");
            calendar_ = new wxGenericCalendarCtrl(popup_, wxID_ANY, wxDefaultDateTime, wxDefaultPosition, wxDefaultSize,
                                                  wxCAL_MONDAY_FIRST | wxCAL_SHOW_HOLIDAYS);
            auto* sizer = new wxBoxSizer(wxVERTICAL);
            sizer->Add(calendar_);
            popup_->SetSizerAndFit(sizer);
            // A click on a day picks it; a click on the month's arrows only turns the page.
            calendar_->Bind(wxEVT_LEFT_DOWN, [this](wxMouseEvent& event) {
                wxDateTime day;
                if (calendar_->HitTest(event.GetPosition(), &day) == wxCAL_HITTEST_DAY) pick_later(day);
                event.Skip();
            });
            // Enter (the generic calendar's double click) picks the day the arrow keys reached.
            calendar_->Bind(wxEVT_CALENDAR_DOUBLECLICKED, [this](wxCalendarEvent&) { pick_later(calendar_->GetDate()); });
            calendar_->Bind(wxEVT_CHAR_HOOK, [this](wxKeyEvent& event) {
                if (event.GetKeyCode() == WXK_ESCAPE) {
                    popup_->Dismiss();
                    text_->SetFocus();
                    return;
                }
                event.Skip();
            });
        }
        wxDateTime shown;
        const auto read = sdk::read_uk_date(to_utf8(text_->GetValue()));
        if (read.iso.empty() || !shown.ParseISODate(from_utf8(read.iso))) shown = wxDateTime::Today();
        calendar_->SetDate(shown);
        // Under the box, from its left edge.
        popup_->Position(text_->GetScreenPosition(), wxSize(0, text_->GetSize().GetHeight()));
        popup_->Popup(calendar_);
    }

    // The pick is made after the calendar's own event is over: closing the popup inside it
    // would pull the window out from under its handler.
    void pick_later(const wxDateTime& date) {
        panel_->CallAfter([this, date] {
            if (popup_ == nullptr || !popup_->IsShown()) return;
            popup_->Dismiss();
            text_->SetFocus();
            if (!date.IsValid() || locked()) return;
            // Typed in, as a person's edit: the engine stores it and the box shows it.
            text_->SetValue(from_utf8(forms::format_date(to_utf8(date.FormatISODate()), format_)));
            show_stored();
        });
    }

    std::string format_;
    wxPanel* panel_ = nullptr;
    wxTextCtrl* text_ = nullptr;
    wxButton* calendar_button_ = nullptr;
    wxPopupTransientWindow* popup_ = nullptr;  // made at the first open: most records never open it
    wxGenericCalendarCtrl* calendar_ = nullptr;
    std::string loaded_value_ = "\x01";  // nothing loaded yet
    bool typing_ = false;                // an edit from the box's own keys is being made
};

// --- boolean ------------------------------------------------------------------------------

class BooleanField final : public FieldControl {
public:
    BooleanField(wxWindow* parent, const forms::Node& node, std::string path, EditHandler on_edit)
        : FieldControl(parent, node, std::move(path), std::move(on_edit)) {
        // Three states, so that "not answered" exists beside yes and no.
        box_ = new wxCheckBox(parent, wxID_ANY, _("Yes"), wxDefaultPosition, wxDefaultSize,
                              wxCHK_3STATE | wxCHK_ALLOW_3RD_STATE_FOR_USER);
        box_->Set3StateValue(wxCHK_UNDETERMINED);
        if (read_only()) box_->Disable();
        box_->Bind(wxEVT_CHECKBOX, [this](wxCommandEvent&) {
            switch (box_->Get3StateValue()) {
            case wxCHK_CHECKED: edited(this->path(), "true"); break;
            case wxCHK_UNCHECKED: edited(this->path(), "false"); break;
            case wxCHK_UNDETERMINED: edited(this->path(), ""); break;
            }
        });
        finish(parent, box_, false);
    }

    wxWindow* control(std::string_view) const override { return box_; }

    void load(const forms::EditSession& session) override {
        const std::string value = session.value(path());
        const wxCheckBoxState state = value == "true"    ? wxCHK_CHECKED
                                      : value == "false" ? wxCHK_UNCHECKED
                                                         : wxCHK_UNDETERMINED;
        if (state != box_->Get3StateValue()) box_->Set3StateValue(state);
    }

private:
    wxCheckBox* box_ = nullptr;
};

// --- a choice of a few: radio buttons -----------------------------------------------------

// An option's label broken into lines no wider than `width`. GTK never wraps a radio button's
// label, and one wider than the control column is allocated less than it needs ("Both positive
// and negative impact has been identified..." in the EIA): GTK then complains
// (gtk_box_gadget_distribute) and cuts the text off.
wxString wrapped_option(wxWindow* window, const wxString& label, int width) {
    class Lines final : public wxTextWrapper {
    public:
        wxString text;
        void OnOutputLine(const wxString& line) override { text += line; }
        void OnNewLine() override { text += '\n'; }
    } lines;
    lines.Wrap(window, label, width);
    return lines.text;
}

class RadioChoiceField final : public FieldControl {
public:
    RadioChoiceField(wxWindow* parent, const forms::Node& node, std::string path, const forms::ChoiceList& list,
                     EditHandler on_edit)
        : FieldControl(parent, node, std::move(path), std::move(on_edit)) {
        panel_ = new wxPanel(parent, wxID_ANY);
        std::size_t total = 0;
        for (const auto& option : list.options) total += option.label.size();
        auto* sizer = new wxBoxSizer(total <= 60 ? wxHORIZONTAL : wxVERTICAL);
        const bool horizontal = total <= 60;
        // A visible "Not answered" keeps the group reachable with Tab (GTK focuses the
        // checked button of a group) and lets a person take an answer back.
        // Until the editor knows its width (wrap_control), lines of at most about 60 characters,
        // which read well and fit the narrowest control column the editor gives.
        const int label_room = std::min(label_room_in(control_column_width(parent)), panel_->GetCharWidth() * 60);
        auto add = [&](const wxString& label, std::string code, bool first) {
            auto* button = new wxRadioButton(panel_, wxID_ANY, wrapped_option(panel_, label, label_room),
                                             wxDefaultPosition, wxDefaultSize, first ? wxRB_GROUP : 0);
            labels_.push_back(label);
            if (read_only()) button->Disable();
            sizer->Add(button, wxSizerFlags().Border(horizontal ? wxRIGHT : wxBOTTOM, panel_->FromDIP(horizontal ? 12 : 2)));
            button->Bind(wxEVT_RADIOBUTTON, [this, code](wxCommandEvent&) { edited(this->path(), code); });
            buttons_.push_back(button);
            codes_.push_back(std::move(code));
        };
        for (const auto& option : list.options) add(plain_text(option.label), option.code, buttons_.empty());
        add(_("(none chosen)"), std::string(), buttons_.empty());
        buttons_.back()->SetForegroundColour(wxSystemSettings::GetColour(wxSYS_COLOUR_GRAYTEXT));
        buttons_.back()->SetValue(true);
        panel_->SetSizer(sizer);
        finish(parent, panel_, false);
    }

    wxWindow* control(std::string_view) const override {
        for (auto* button : buttons_)
            if (button->GetValue()) return button;
        return buttons_.front();
    }

    void load(const forms::EditSession& session) override {
        const std::string value = session.value(path());
        auto found = std::find(codes_.begin(), codes_.end(), value);
        if (found == codes_.end()) found = codes_.end() - 1;  // an unknown code: the engine says so
        auto* button = buttons_[static_cast<std::size_t>(found - codes_.begin())];
        if (!button->GetValue()) button->SetValue(true);
    }

private:
    std::vector<wxWindow*> tinted() const override { return {panel_}; }

    // The room a label has in a control column `width` wide, once the indicator has its own.
    int label_room_in(int width) const { return width - panel_->FromDIP(32); }

    void wrap_control(int width) override {
        bool changed = false;
        for (std::size_t i = 0; i < buttons_.size(); ++i) {
            const auto text = wrapped_option(panel_, labels_[i], label_room_in(width));
            if (text == buttons_[i]->GetLabel()) continue;
            buttons_[i]->SetLabel(text);
            buttons_[i]->InvalidateBestSize();
            changed = true;
        }
        if (changed) panel_->Layout();
    }

    // Each button is named with the question, which its own label does not give.
    void tie() override {
        const wxString question = from_utf8(node().label);
        for (std::size_t i = 0; i < buttons_.size(); ++i) set_accessible_name(buttons_[i], question + ": " + labels_[i]);
    }

    wxPanel* panel_ = nullptr;
    std::vector<wxRadioButton*> buttons_;
    std::vector<wxString> labels_;  // each option's label unwrapped, as a screen reader says it
    std::vector<std::string> codes_;
};

// --- a choice of many, or a record of another form: a drop-down ---------------------------

class ListChoiceField final : public FieldControl {
public:
    ListChoiceField(wxWindow* parent, const forms::Node& node, std::string path,
                    std::vector<std::pair<std::string, std::string>> options, EditHandler on_edit)
        : FieldControl(parent, node, std::move(path), std::move(on_edit)) {
        choice_ = new wxChoice(parent, wxID_ANY);
        choice_->Append(wxString());
        codes_.emplace_back();
        for (auto& [code, label] : options) {
            choice_->Append(from_utf8(label));
            codes_.push_back(std::move(code));
        }
        choice_->SetSelection(0);
        if (read_only()) choice_->Disable();
        const int widest = choice_->GetBestSize().GetWidth();
        choice_->SetMinSize(wxSize(std::min(widest, control_column_width(parent)), -1));
        choice_->Bind(wxEVT_CHOICE, [this](wxCommandEvent&) {
            const int at = choice_->GetSelection();
            edited(this->path(), at == wxNOT_FOUND ? std::string() : codes_[static_cast<std::size_t>(at)]);
        });
        finish(parent, choice_, false);
    }

    wxWindow* control(std::string_view) const override { return choice_; }

    void load(const forms::EditSession& session) override {
        const std::string value = session.value(path());
        auto found = std::find(codes_.begin(), codes_.end(), value);
        if (found == codes_.end()) {
            // A code the list does not hold (a record since deleted, a list a council
            // changed): shown as it is, so that nothing is lost without the person knowing.
            choice_->Append(from_utf8(value));
            codes_.push_back(value);
            found = codes_.end() - 1;
        }
        const int at = static_cast<int>(found - codes_.begin());
        if (choice_->GetSelection() != at) choice_->SetSelection(at);
    }

private:
    wxChoice* choice_ = nullptr;
    std::vector<std::string> codes_;
};

// --- multi-choice: a list of check boxes --------------------------------------------------

class MultiChoiceField final : public FieldControl {
public:
    MultiChoiceField(wxWindow* parent, const forms::Node& node, std::string path, const forms::ChoiceList& list,
                     EditHandler on_edit)
        : FieldControl(parent, node, std::move(path), std::move(on_edit)) {
        wxArrayString labels;
        for (const auto& option : list.options) {
            labels.Add(from_utf8(option.label));
            codes_.push_back(option.code);
        }
        box_ = new wxCheckListBox(parent, wxID_ANY, wxDefaultPosition, wxDefaultSize, labels);
        const int rows = static_cast<int>(std::min<std::size_t>(std::max<std::size_t>(list.options.size(), 1), 8));
        const int row_height = box_->GetCharHeight() + box_->FromDIP(12);
        box_->SetMinSize(wxSize(std::min(box_->GetBestSize().GetWidth() + box_->FromDIP(24), control_column_width(parent)),
                                rows * row_height + box_->FromDIP(4)));
        if (read_only()) box_->Disable();
        box_->Bind(wxEVT_CHECKLISTBOX, [this](wxCommandEvent&) {
            std::string value;
            for (unsigned i = 0; i < box_->GetCount(); ++i) {
                if (!box_->IsChecked(i)) continue;
                if (!value.empty()) value += ' ';
                value += codes_[i];
            }
            edited(this->path(), value);
        });
        finish(parent, box_, false);
    }

    wxWindow* control(std::string_view) const override { return box_; }

    void load(const forms::EditSession& session) override {
        const auto codes = split_codes(stored_text(session, node(), path()));
        for (unsigned i = 0; i < box_->GetCount(); ++i) {
            const bool checked = std::find(codes.begin(), codes.end(), codes_[i]) != codes.end();
            if (box_->IsChecked(i) != checked) box_->Check(i, checked);
        }
    }

private:
    wxCheckListBox* box_ = nullptr;
    std::vector<std::string> codes_;
};

// --- person: a name and a role ------------------------------------------------------------

class PersonField final : public FieldControl {
public:
    PersonField(wxWindow* parent, const forms::Node& node, std::string path, EditHandler on_edit)
        : FieldControl(parent, node, std::move(path), std::move(on_edit)) {
        panel_ = new wxPanel(parent, wxID_ANY);
        auto* sizer = new wxFlexGridSizer(2, panel_->FromDIP(2), panel_->FromDIP(8));
        sizer->AddGrowableCol(0, 2);
        sizer->AddGrowableCol(1, 3);
        const long style = read_only() ? wxTE_READONLY : 0;
        auto* name_label = new wxStaticText(panel_, wxID_ANY, _("Name"));
        caption_ = name_label;
        auto* role_label = new wxStaticText(panel_, wxID_ANY, _("Role, job title or portfolio"));
        for (auto* small : {name_label, role_label}) {
            small->SetFont(small->GetFont().Smaller());
            small->SetForegroundColour(wxSystemSettings::GetColour(wxSYS_COLOUR_GRAYTEXT));
        }
        name_ = new wxTextCtrl(panel_, wxID_ANY, wxString(), wxDefaultPosition, wxDefaultSize, style);
        role_ = new wxTextCtrl(panel_, wxID_ANY, wxString(), wxDefaultPosition, wxDefaultSize, style);
        sizer->Add(name_label);
        sizer->Add(role_label);
        sizer->Add(name_, wxSizerFlags().Expand());
        sizer->Add(role_, wxSizerFlags().Expand());
        panel_->SetSizer(sizer);
        name_->Bind(wxEVT_TEXT, [this](wxCommandEvent&) { edited(this->path() + "/name", to_utf8(name_->GetValue())); });
        role_->Bind(wxEVT_TEXT, [this](wxCommandEvent&) { edited(this->path() + "/role", to_utf8(role_->GetValue())); });
        finish(parent, panel_, true);
        const wxString label = from_utf8(node.label);
        set_accessible_name(name_, wxString::Format(_("%s: name"), label));
        set_accessible_name(role_, wxString::Format(_("%s: role"), label));
    }

    wxWindow* control(std::string_view sub_path) const override {
        return sub_path.size() >= 5 && sub_path.substr(sub_path.size() - 5) == "/role" ? role_ : name_;
    }

    void load(const forms::EditSession& session) override {
        loading_ = true;
        for (auto [text, part] : {std::pair{name_, "/name"}, std::pair{role_, "/role"}}) {
            const wxString value = from_utf8(session.value(path() + part));
            if (value != text->GetValue()) text->ChangeValue(value);
        }
        loading_ = false;
    }

private:
    std::vector<wxWindow*> tinted() const override { return {name_, role_}; }
    int label_offset() const override {
        return caption_->GetBestSize().GetHeight() + panel_->FromDIP(2) +
               std::max(0, (name_->GetBestSize().GetHeight() - label()->GetCharHeight()) / 2);
    }

    wxStaticText* caption_ = nullptr;
    wxPanel* panel_ = nullptr;
    wxTextCtrl* name_ = nullptr;
    wxTextCtrl* role_ = nullptr;
};

}  // namespace

std::unique_ptr<FieldControl> make_field_control(wxWindow* parent, const forms::FormDefinition& form,
                                                 const forms::Node& field, std::string path, forms::RecordStore& store,
                                                 FieldControl::EditHandler on_edit) {
    switch (field.type) {
    case FieldType::date:
        return std::make_unique<DateField>(parent, field, std::move(path), form.date_format, std::move(on_edit));
    case FieldType::boolean: return std::make_unique<BooleanField>(parent, field, std::move(path), std::move(on_edit));
    case FieldType::person: return std::make_unique<PersonField>(parent, field, std::move(path), std::move(on_edit));
    case FieldType::choice:
    case FieldType::multi_choice: {
        const auto* list = form.list(field.choice_list);
        if (list == nullptr) break;  // the loader refuses this; a text box shows the code meanwhile
        if (field.type == FieldType::multi_choice)
            return std::make_unique<MultiChoiceField>(parent, field, std::move(path), *list, std::move(on_edit));
        if (list->options.size() <= 5)
            return std::make_unique<RadioChoiceField>(parent, field, std::move(path), *list, std::move(on_edit));
        std::vector<std::pair<std::string, std::string>> options;
        for (const auto& option : list->options) options.emplace_back(option.code, option.label);
        return std::make_unique<ListChoiceField>(parent, field, std::move(path), std::move(options), std::move(on_edit));
    }
    case FieldType::reference: {
        std::vector<std::pair<std::string, std::string>> options;
        try {
            forms::ListQuery query;
            query.form = field.references;
            query.sort = forms::ListSort::title;
            query.descending = false;
            query.limit = 500;
            for (auto& row : store.list(query).rows) options.emplace_back(std::move(row.id), std::move(row.title));
        } catch (const forms::StoreError&) {
            // No list to offer: the stored id is still shown as it is.
        }
        return std::make_unique<ListChoiceField>(parent, field, std::move(path), std::move(options), std::move(on_edit));
    }
    default: break;
    }
    return std::make_unique<TextField>(parent, field, std::move(path), std::move(on_edit));
}

}  // namespace formwork::ui
