// The record editor (see record_editor.hpp): generated from the definition, drawing an
// EditSession and forwarding edits to it. No rule lives here: relevance, validation,
// autosave timing and status changes are the session's.
#include "record_editor.hpp"

#include "accessible_label.hpp"
#include "conflict_dialog.hpp"
#include "field_controls.hpp"
#include "problems_panel.hpp"
#include "table_editor.hpp"
#include "wx_text.hpp"

#include <formwork/host/record_start.hpp>
#include <formwork/model/validator.hpp>

#include <wx/button.h>
#include <wx/dataview.h>
#include <wx/frame.h>
#include <wx/listbox.h>
#include <wx/msgdlg.h>
#include <wx/scrolwin.h>
#include <wx/settings.h>
#include <wx/sizer.h>
#include <wx/splitter.h>
#include <wx/statbox.h>
#include <wx/statline.h>
#include <wx/textctrl.h>
#include <wx/textdlg.h>
#include <wx/stattext.h>

#include <algorithm>
#include <cstdlib>
#include <map>
#include <unordered_map>

namespace formwork::ui {

wxDEFINE_EVENT(EVT_RECORD_EDITOR_STATE, wxCommandEvent);

namespace {

std::string join(const std::string& prefix, const std::string& id) { return prefix.empty() ? id : prefix + "/" + id; }

constexpr int autosave_tick_ms = 250;

}  // namespace

struct RecordEditor::Group {
    const forms::Node* node = nullptr;
    std::string path;
    wxPanel* panel = nullptr;
    wxStaticText* message = nullptr;
    wxString qualifier;  // how its fields are named in the problems list: "EIA author"
    wxString title;      // how it is named itself: "Workforce data: Sex"
    bool shown = true;
    Mark mark = Mark::none;
    wxString marked;
};

struct RecordEditor::Section {
    wxString title;
    std::vector<wxWindow*> headings;  // heading, rule above it, and its notes
    std::vector<std::string> elements;  // the paths of its fields, groups and tables
    bool shown = true;
};

struct RecordEditor::Layout {
    wxInfoBar* elsewhere = nullptr;  // someone else saved this record
    wxStaticText* status = nullptr;
    wxStaticText* save_state = nullptr;
    wxStaticText* lock_note = nullptr;  // what a locked record says
    wxBoxSizer* status_buttons = nullptr;
    std::vector<wxButton*> buttons;
    std::vector<std::string> button_statuses;  // the statuses the buttons move to
    // The form above, the problems panel below, and a sash between them that the person
    // drags: a long list of problems, or a form with room to type, as the moment needs.
    wxSplitterWindow* split = nullptr;
    wxListBox* section_list = nullptr;
    wxScrolledWindow* scroll = nullptr;
    wxBoxSizer* scroll_sizer = nullptr;

    std::vector<Section> sections;
    std::vector<std::unique_ptr<FieldControl>> fields;
    std::unordered_map<std::string, FieldControl*> field_by_path;
    std::vector<TableEditor*> tables;
    std::vector<Group> groups;
    std::unordered_map<std::string, std::size_t> group_by_path;
    std::vector<std::string> order;  // every element path, in the form's order
    std::unordered_map<std::string, int> section_of;  // element path → section index
    std::unordered_map<std::string, wxString> field_names;  // field path → "Group: Label"
    bool has_calculations = false;
    std::vector<std::pair<wxStaticText*, wxString>> wrapped;  // notes and group hints, as written
    int wrapped_at = 0;     // the form's width the texts were last wrapped to
    int text_width = 760;   // a note's width now
    std::vector<FieldControl*> calculated;
    std::chrono::steady_clock::time_point section_shown_at{};  // the list follows scrolling after a pause

    // The marks last drawn, by the path of the field, group or table they were drawn on.
    std::map<std::string, std::pair<Mark, wxString>> marks;
    std::map<std::string, std::string> refused;  // a field's refused edit: path → message

    FieldControl* field(std::string_view path) const {
        if (auto found = field_by_path.find(std::string(path)); found != field_by_path.end()) return found->second;
        return nullptr;
    }
    TableEditor* table(std::string_view path) const {
        for (auto* table : tables)
            if (table->owns(path)) return table;
        return nullptr;
    }
    const Group* group(std::string_view path) const {
        if (auto found = group_by_path.find(std::string(path)); found != group_by_path.end()) return &groups[found->second];
        return nullptr;
    }
    // The field, group or table a diagnostic's path is drawn on: itself, or the nearest
    // enclosing one ("moved-by/name" → "moved-by", "wards/item" → "wards").
    std::string target(std::string_view path) const {
        if (table(path) != nullptr) return std::string(path);
        std::string_view at = path;
        while (!at.empty()) {
            if (field(at) != nullptr || group(at) != nullptr) return std::string(at);
            const auto slash = at.rfind('/');
            if (slash == std::string_view::npos) break;
            at = at.substr(0, slash);
        }
        return {};
    }
};

RecordEditor::RecordEditor(wxWindow* parent, forms::EditSession session)
    : wxPanel(parent, wxID_ANY), session_(std::move(session)), autosave_timer_(this), layout_(std::make_unique<Layout>()) {
    // Before the controls: the tables need to know which of their columns are picked.
    forms::Diagnostics assist_problems;
    assist_ = forms::record_assist(session_.form(), assist_problems);
    build();
    for (const auto& problem : assist_problems) {
        auto& said = layout_->refused[std::string()];
        said += (said.empty() ? "" : "\n") + problem.message;
    }
    refresh_from_session();
    // The parent hears of changes from now on, not of the editor's first drawing.
    last_tab_label_ = tab_label();
    last_state_text_ = save_state_text();
    apply_lock();
    built_ = true;
    Bind(wxEVT_TIMER, &RecordEditor::on_timer, this);
    Bind(wxEVT_CHAR_HOOK, &RecordEditor::on_char_hook, this);
    // Typing into a field is one step of the history until the focus moves on.
    Bind(wxEVT_CHILD_FOCUS, [this](wxChildFocusEvent& event) {
        event.Skip();
        session_.end_typing();
    });
    autosave_timer_.Start(autosave_tick_ms);
}

RecordEditor::~RecordEditor() {
    autosave_timer_.Stop();
    // The controls die with the window; the field objects that refer to them go first.
    layout_->fields.clear();
}

// --- building ------------------------------------------------------------------------------

void RecordEditor::build() {
    auto& layout = *layout_;
    auto* sizer = new wxBoxSizer(wxVERTICAL);
    layout.elsewhere = new wxInfoBar(this);
    layout.elsewhere->SetName("saved elsewhere");
    // At once, not sliding in: the form below must not move while someone types.
    layout.elsewhere->SetShowHideEffects(wxSHOW_EFFECT_NONE, wxSHOW_EFFECT_NONE);
    layout.elsewhere->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) { reload_from_store(); }, wxID_REFRESH);
    sizer->Add(layout.elsewhere, wxSizerFlags().Expand());
    build_status_bar(this, sizer);

    layout.split = new wxSplitterWindow(this, wxID_ANY, wxDefaultPosition, wxDefaultSize,
                                        wxSP_LIVE_UPDATE | wxSP_3DSASH | wxSP_NO_XP_THEME);
    layout.split->SetName("form and problems");
    auto* form_area = new wxPanel(layout.split);
    auto* middle = new wxBoxSizer(wxHORIZONTAL);
    layout.section_list = new wxListBox(form_area, wxID_ANY, wxDefaultPosition, wxSize(FromDIP(210), -1), 0, nullptr,
                                        wxLB_SINGLE | wxLB_NEEDED_SB);
    set_accessible_name(layout.section_list, _("Sections"));
    middle->Add(layout.section_list, wxSizerFlags().Expand().Border(wxRIGHT, FromDIP(4)));

    layout.scroll = new wxScrolledWindow(form_area, wxID_ANY, wxDefaultPosition, wxDefaultSize, wxVSCROLL | wxTAB_TRAVERSAL);
    layout.scroll->SetScrollRate(0, FromDIP(16));
    // Hints, notes and messages wrap to the width the form has.
    layout.scroll->Bind(wxEVT_SIZE, [this](wxSizeEvent& event) {
        event.Skip();
        CallAfter([this] { wrap_texts(); });
    });
    layout.scroll_sizer = new wxBoxSizer(wxVERTICAL);

    const auto& form = session_.form();
    const int margin = FromDIP(12);
    auto add_section = [&](const wxString& title) {
        Section section;
        section.title = title;
        layout.sections.push_back(section);
        auto& added = layout.sections.back();
        if (layout.sections.size() > 1) {
            auto* rule = new wxStaticLine(layout.scroll, wxID_ANY);
            added.headings.push_back(rule);
            layout.scroll_sizer->Add(rule, wxSizerFlags().Expand().Border(wxLEFT | wxRIGHT | wxTOP, margin));
        }
        auto* heading = new wxStaticText(layout.scroll, wxID_ANY, wxControl::EscapeMnemonics(title));
        heading->SetFont(heading->GetFont().Bold().Scaled(1.25f));
        heading->SetMinSize(heading->GetTextExtent(title));
        added.headings.push_back(heading);
        layout.scroll_sizer->Add(heading, wxSizerFlags().Border(wxLEFT | wxRIGHT | wxTOP, margin));
    };
    // Items outside any section make a section of their own, named by the form.
    bool in_loose = false;
    wxFlexGridSizer* run = nullptr;
    for (const auto& item : form.items) {
        if (!form.part_enabled(item.part)) continue;
        if (item.kind == forms::NodeKind::section) {
            in_loose = false;
            add_section(from_utf8(item.label.empty() ? item.id : item.label));
            build_items(item.children, layout.scroll, layout.scroll_sizer, "", label_column_width(this), wxString(), -1);
            continue;
        }
        if (!in_loose) {
            in_loose = true;
            run = nullptr;
            add_section(from_utf8(form.title));
        }
        build_item(item, layout.scroll, layout.scroll_sizer, "", label_column_width(this), wxString(), -1, run);
    }
    layout.scroll_sizer->AddSpacer(FromDIP(24));
    layout.scroll->SetSizer(layout.scroll_sizer);
    middle->Add(layout.scroll, wxSizerFlags(1).Expand());
    form_area->SetSizer(middle);

    problems_ = new ProblemsPanel(layout.split);
    problems_->set_on_activate([this](const std::string& path) {
        if (const long at = problems_->selected(); at >= 0) last_problem_ = at;
        focus_path(path);
    });
    // A new window gives the problems the height they ask for; growing the window grows the form.
    layout.split->SetMinimumPaneSize(FromDIP(48));
    layout.split->SetSashGravity(1.0);
    layout.split->SplitHorizontally(form_area, problems_, -problems_->GetBestSize().GetHeight());
    layout.split->Bind(wxEVT_SIZE, [this](wxSizeEvent& event) {
        event.Skip();
        // After the splitter's own handling of the size, which moves the sash by its gravity.
        if (wanted_problems_height_ > 0)
            CallAfter([this] {
                if (wanted_problems_height_ > 0) set_problems_height(wanted_problems_height_);
            });
    });
    sizer->Add(layout.split, wxSizerFlags(1).Expand());
    SetSizer(sizer);

    int widest = FromDIP(150);
    for (const auto& section : layout.sections) {
        layout.section_list->Append(section.title);
        widest = std::max(widest, layout.section_list->GetTextExtent(section.title).GetWidth() + FromDIP(24));
    }
    layout.section_list->SetMinSize(wxSize(std::min(widest, FromDIP(230)), -1));
    if (!layout.sections.empty()) layout.section_list->SetSelection(0);
    layout.section_list->Bind(wxEVT_LISTBOX, [this](wxCommandEvent& event) { show_section(event.GetSelection()); });
}

void RecordEditor::build_status_bar(wxWindow* parent, wxSizer* sizer) {
    auto& layout = *layout_;
    auto* bar = new wxBoxSizer(wxHORIZONTAL);
    layout.status = new wxStaticText(parent, wxID_ANY, wxString());
    layout.status->SetFont(layout.status->GetFont().Bold());
    bar->Add(layout.status, wxSizerFlags().CentreVertical().Border(wxLEFT | wxRIGHT, FromDIP(8)));
    layout.status_buttons = new wxBoxSizer(wxHORIZONTAL);
    bar->Add(layout.status_buttons, wxSizerFlags().CentreVertical());
    // A locked record says so, and how to change it.
    layout.lock_note = new wxStaticText(parent, wxID_ANY, wxString(), wxDefaultPosition, wxDefaultSize,
                                        wxST_NO_AUTORESIZE | wxST_ELLIPSIZE_END);
    layout.lock_note->SetMinSize(wxSize(FromDIP(200), -1));
    layout.lock_note->Hide();
    bar->Add(layout.lock_note, wxSizerFlags(1).CentreVertical().Border(wxLEFT, FromDIP(8)));
    bar->AddStretchSpacer();
    layout.save_state = new wxStaticText(parent, wxID_ANY, wxString(), wxDefaultPosition, wxDefaultSize,
                                         wxST_NO_AUTORESIZE | wxALIGN_RIGHT | wxST_ELLIPSIZE_END);
    layout.save_state->SetMinSize(wxSize(FromDIP(360), -1));
    bar->Add(layout.save_state, wxSizerFlags().CentreVertical().Border(wxLEFT | wxRIGHT, FromDIP(8)));
    sizer->Add(bar, wxSizerFlags().Expand().Border(wxTOP | wxBOTTOM, FromDIP(4)));
    rebuild_status_buttons();
}

wxString RecordEditor::status_label(const std::string& status) const {
    for (const auto& known : session_.form().lifecycle.statuses)
        if (known.id == status) return from_utf8(known.label.empty() ? known.id : known.label);
    return from_utf8(status);
}

void RecordEditor::rebuild_status_buttons() {
    auto& layout = *layout_;
    // The same statuses next: the buttons stay. Buttons made anew after the editor was laid
    // out were left at its corner by GTK, over the status (a body chosen, an undo).
    std::vector<std::string> next_ids;
    for (const auto& next : session_.next_statuses()) next_ids.push_back(next.id);
    if (built_ && next_ids == layout.button_statuses) return;
    layout.button_statuses = next_ids;
    for (auto* button : layout.buttons) button->Destroy();
    layout.buttons.clear();
    layout.status_buttons->Clear();
    const auto& lifecycle = session_.form().lifecycle;
    for (const auto& next : session_.next_statuses()) {
        const wxString label = from_utf8(next.label.empty() ? next.id : next.label);
        const bool back_to_start = !lifecycle.statuses.empty() && next.id == lifecycle.initial();
        const wxString text = back_to_start ? wxString::Format(wxString(L"Reopen as %s\u2026"), label.Lower())
                                            : wxString::Format(_("Mark %s"), label.Lower());
        auto* button = new wxButton(this, wxID_ANY, text);
        button->SetToolTip(back_to_start ? wxString::Format(_("Move the record back to %s, with a reason, to change it"), label)
                                         : wxString::Format(_("Check the record and move it to %s"), label));
        const std::string to = next.id;
        button->Bind(wxEVT_BUTTON, [this, to, back_to_start](wxCommandEvent&) {
            CallAfter([this, to, back_to_start] {
                if (back_to_start) ask_to_reopen();
                else change_status(to);
            });
        });
        layout.status_buttons->Add(button, wxSizerFlags().Border(wxRIGHT, FromDIP(6)));
        layout.buttons.push_back(button);
    }
    // Status buttons come before the form in the tab order, as they are on screen.
    if (layout.split != nullptr)
        for (auto* button : layout.buttons) button->MoveBeforeInTabOrder(layout.split);
}

void RecordEditor::build_items(const std::vector<forms::Node>& items, wxWindow* parent, wxSizer* sizer,
                               const std::string& prefix, int label_width, const wxString& qualifier, int group) {
    wxFlexGridSizer* run = nullptr;  // consecutive fields share a two-column grid
    // A group of counts only (a workforce breakdown, say) lays its fields out side by side:
    // label, box, label, box... so that a breakdown reads as one.
    const auto& form = session_.form();
    std::vector<const forms::Node*> counts;
    bool compact = group >= 0;
    for (const auto& item : items) {
        if (!form.part_enabled(item.part)) continue;
        const bool count = item.kind == forms::NodeKind::field &&
                           (item.type == forms::FieldType::integer || item.type == forms::FieldType::decimal) &&
                           item.hint.empty() && item.label.size() <= 32;
        compact = compact && count;
        counts.push_back(&item);
    }
    if (compact && counts.size() >= 4) {
        const std::size_t pairs = counts.size() >= 6 ? 3 : 2;
        int widest = 0;
        for (const auto* item : counts)
            widest = std::max(widest, GetTextExtent(plain_text(item->label) + " *").GetWidth());
        run = new wxFlexGridSizer(static_cast<int>(pairs * 2), 0, FromDIP(8));
        sizer->Add(run, wxSizerFlags().Border(wxLEFT | wxRIGHT, FromDIP(12)));
        for (std::size_t i = 0; i < counts.size(); ++i)
            add_field(*counts[i], parent, run, join(prefix, counts[i]->id), i % pairs == 0 ? label_width : widest + FromDIP(16),
                      qualifier);
        return;
    }
    for (const auto& item : items) build_item(item, parent, sizer, prefix, label_width, qualifier, group, run);
}

void RecordEditor::add_field(const forms::Node& item, wxWindow* parent, wxFlexGridSizer* run, const std::string& path,
                             int label_width, const wxString& qualifier) {
    auto& layout = *layout_;
    auto control = make_field_control(parent, session_.form(), item, path, session_.store(),
                                      [this](const std::string& at, const std::string& value) { on_field_edit(at, value); });
    control->add_to(run, label_width);
    if (item.calculate) {
        layout.has_calculations = true;
        layout.calculated.push_back(control.get());
    }
    const wxString label = from_utf8(item.label.empty() ? item.id : item.label);
    layout.field_names[path] = qualifier.empty() ? label : qualifier + ": " + label;
    layout.field_by_path[path] = control.get();
    layout.fields.push_back(std::move(control));
    const int section = static_cast<int>(layout.sections.size()) - 1;
    layout.order.push_back(path);
    layout.section_of[path] = section;
    if (section >= 0) layout.sections[static_cast<std::size_t>(section)].elements.push_back(path);
}

void RecordEditor::build_item(const forms::Node& item, wxWindow* parent, wxSizer* sizer, const std::string& prefix,
                              int label_width, const wxString& qualifier, int group, wxFlexGridSizer*& run) {
    auto& layout = *layout_;
    const auto& form = session_.form();
    const int margin = FromDIP(12);
    const int section = static_cast<int>(layout.sections.size()) - 1;
    auto add_element = [&](const std::string& path) {
        layout.order.push_back(path);
        layout.section_of[path] = section;
        if (section >= 0) layout.sections[static_cast<std::size_t>(section)].elements.push_back(path);
    };
    {
        if (!form.part_enabled(item.part)) return;
        const std::string path = item.is_element() ? join(prefix, item.id) : prefix;
        switch (item.kind) {
        case forms::NodeKind::note: {
            run = nullptr;
            auto* note = new wxStaticText(parent, wxID_ANY, plain_text(item.text));
            note->Wrap(label_width + FromDIP(620));
            layout.wrapped.push_back({note, from_utf8(item.text)});
            note->SetForegroundColour(wxSystemSettings::GetColour(wxSYS_COLOUR_WINDOWTEXT).ChangeLightness(130));
            sizer->Add(note, wxSizerFlags().Border(wxLEFT | wxRIGHT | wxTOP, margin / 2).Border(wxLEFT, margin));
            if (group < 0 && section >= 0) layout.sections[static_cast<std::size_t>(section)].headings.push_back(note);
            break;
        }
        case forms::NodeKind::section: {
            // A section inside a section: a subheading.
            run = nullptr;
            auto* heading = new wxStaticText(parent, wxID_ANY, plain_text(item.label));
            heading->SetFont(heading->GetFont().Bold());
            sizer->Add(heading, wxSizerFlags().Border(wxLEFT | wxRIGHT | wxTOP, margin));
            if (section >= 0) layout.sections[static_cast<std::size_t>(section)].headings.push_back(heading);
            build_items(item.children, parent, sizer, prefix, label_width, qualifier, group);
            break;
        }
        case forms::NodeKind::field: {
            if (run == nullptr) {
                run = new wxFlexGridSizer(2, 0, FromDIP(8));
                run->AddGrowableCol(1, 1);
                sizer->Add(run, wxSizerFlags().Expand().Border(wxLEFT | wxRIGHT, margin));
            }
            add_field(item, parent, run, path, label_width, qualifier);
            break;
        }
        case forms::NodeKind::group: {
            run = nullptr;
            auto* panel = new wxPanel(parent, wxID_ANY);
            const wxString label = from_utf8(item.label.empty() ? item.id : item.label);
            auto* box = new wxStaticBoxSizer(wxVERTICAL, panel, plain_text(item.label.empty() ? item.id : item.label));
            int top = 0;
            int side = 0;
            box->GetStaticBox()->GetBordersForSizer(&top, &side);
            Group view;
            view.node = &item;
            view.path = path;
            view.panel = panel;
            view.qualifier = label;
            view.title = qualifier.empty() ? label : qualifier + ": " + label;
            view.message = new wxStaticText(box->GetStaticBox(), wxID_ANY, wxString());
            view.message->Hide();
            box->Add(view.message, wxSizerFlags().Border(wxLEFT | wxRIGHT, margin / 2));
            if (!item.hint.empty()) {
                auto* hint = new wxStaticText(box->GetStaticBox(), wxID_ANY, plain_text(item.hint));
                layout.wrapped.push_back({hint, from_utf8(item.hint)});
                hint->SetFont(hint->GetFont().Smaller());
                hint->SetForegroundColour(wxSystemSettings::GetColour(wxSYS_COLOUR_GRAYTEXT));
                box->Add(hint, wxSizerFlags().Border(wxLEFT | wxRIGHT, margin / 2));
            }
            layout.group_by_path[path] = layout.groups.size();
            const int index = static_cast<int>(layout.groups.size());
            layout.groups.push_back(view);
            add_element(path);
            // Fields inside line up with those outside: the box's border and padding come
            // off the label column.
            build_items(item.children, box->GetStaticBox(), box, path, label_width - side - margin / 2,
                        label, index);
            panel->SetSizer(box);
            sizer->Add(panel, wxSizerFlags().Expand().Border(wxLEFT | wxRIGHT | wxTOP, group < 0 ? margin : margin / 2));
            break;
        }
        case forms::NodeKind::table: {
            run = nullptr;
            auto* table = new TableEditor(parent, session_, item, path, [this](TableEditor* changed) { on_table_changed(changed); },
                                          assist_.choice_fields);
            sizer->Add(table, wxSizerFlags().Expand().Border(wxLEFT | wxRIGHT | wxTOP, group < 0 ? margin : margin / 2));
            layout.tables.push_back(table);
            add_element(path);
            break;
        }
        }
    }
}

// --- edits ---------------------------------------------------------------------------------

void RecordEditor::on_field_edit(const std::string& path, const std::string& value) {
    if (is_key_field(path) && !session_.locked()) {
        choose_key(path, value);
        return;
    }
    auto& layout = *layout_;
    const auto refused = session_.set_value(path, value);
    const std::string target = layout.target(path);
    if (refused) layout.refused[target] = refused->message;
    else layout.refused.erase(target);
    retry_after_ = {};
    // What an edit can change besides its own field: the calculated fields. A refused value
    // is taken back from the control.
    if (auto* field = layout.field(target)) field->load(session_);
    for (auto* field : layout.calculated) field->load(session_);
    after_change(false);
}

bool RecordEditor::is_key_field(const std::string& path) const {
    const auto& keys = assist_.key_fields;
    return !keys.empty() && std::find(keys.begin(), keys.end(), forms::general_path(path)) != keys.end();
}

void RecordEditor::choose_key(const std::string& path, const std::string& value) {
    auto& layout = *layout_;
    const std::string target = layout.target(path);
    std::optional<forms::Diagnostic> refused;
    forms::RecordStart started;
    bool filled = false;
    {
        // The choice and all it fills are one step: one undo takes both back.
        const forms::EditSession::Step one_step(session_);
        refused = session_.set_value(path, value);
        if (!refused) {
            started = forms::prefill_record(session_.form_ptr(), session_.record(),
                                            {path, {}, {}, {}, {}, &session_.store().query()});
            if (started.record) {
                if (auto taken = session_.take_values(*started.record)) started.diagnostics.push_back(*taken);
                else filled = true;
            }
        }
    }
    // Refused: the field's own value, or what the plugin gave (which then changed nothing but
    // the field), marked on the field as any refused value is.
    std::string why = refused ? refused->message : std::string();
    for (const auto& diagnostic : started.diagnostics) {
        if (diagnostic.severity != forms::Severity::error) continue;
        why += (why.empty() ? "" : "\n") + diagnostic.message;
    }
    if (why.empty()) layout.refused.erase(target);
    else layout.refused[target] = why;
    retry_after_ = {};
    start_notes_.clear();
    for (const auto& note : started.notes) start_notes_ += (start_notes_.empty() ? "" : " ") + from_utf8(note);
    if (filled && !start_notes_.empty())
        if (auto* frame = dynamic_cast<wxFrame*>(wxGetTopLevelParent(this)); frame != nullptr && frame->GetStatusBar() != nullptr)
            frame->SetStatusText(start_notes_, 0);
    if (filled) {
        refresh_from_session();
        return;
    }
    if (auto* field = layout.field(target)) field->load(session_);
    for (auto* field : layout.calculated) field->load(session_);
    after_change(false);
}

void RecordEditor::on_table_changed(TableEditor* table) {
    retry_after_ = {};
    after_change(layout_->has_calculations, table);
}

void RecordEditor::after_change(bool values, TableEditor* changed_table) {
    if (values) load_values();
    auto& layout = *layout_;
    // Only the table that was edited is drawn again; the others change only by their marks.
    bool relayout = changed_table != nullptr && changed_table->update_size();
    if (layout.has_calculations)
        for (auto* table : layout.tables)
            if (table != changed_table) table->update_size();
    layout.scroll->Freeze();
    relayout = apply_relevance() || relayout;
    apply_marks();
    if (relayout) {
        layout.scroll->Layout();
        layout.scroll->FitInside();
    }
    layout.scroll->Thaw();
    update_status_bar();
    update_state();
}

void RecordEditor::load_values() {
    for (const auto& field : layout_->fields) field->load(session_);
}

void RecordEditor::refresh_from_session() {
    auto& layout = *layout_;
    layout.scroll->Freeze();
    load_values();
    for (auto* table : layout.tables) table->refresh();
    apply_relevance();
    apply_marks();
    layout.scroll->Layout();
    layout.scroll->FitInside();
    layout.scroll->Thaw();
    rebuild_status_buttons();
    apply_lock();
    update_status_bar();
    Layout();
    update_state();
}

bool RecordEditor::apply_relevance() {
    auto& layout = *layout_;
    bool changed = false;
    for (const auto& field : layout.fields) {
        const bool shown = session_.relevant(field->path());
        if (shown != field->shown()) {
            field->show(shown);
            changed = true;
        }
    }
    for (auto& group : layout.groups) {
        const bool shown = session_.relevant(group.path);
        if (shown != group.shown) {
            group.shown = shown;
            group.panel->Show(shown);
            changed = true;
        }
    }
    for (auto* table : layout.tables) {
        const bool shown = session_.relevant(table->path());
        if (shown != table->IsShown()) {
            table->Show(shown);
            changed = true;
        }
    }
    // A section whose every field, group and table is hidden hides its heading and notes too.
    for (auto& section : layout.sections) {
        bool shown = section.elements.empty();
        for (const auto& path : section.elements) shown = shown || is_shown(path);
        if (shown != section.shown) {
            section.shown = shown;
            for (auto* window : section.headings) window->Show(shown);
            changed = true;
        }
    }
    return changed;
}

wxString RecordEditor::describe(const std::string& path) const {
    const auto& layout = *layout_;
    if (path.empty()) return _("The record");
    if (auto* table = layout.table(path)) return table->describe(path);
    const std::string target = layout.target(path);
    if (auto found = layout.field_names.find(target); found != layout.field_names.end()) {
        wxString name = found->second;
        if (target != path && path.size() > target.size()) {
            const std::string rest = path.substr(target.size() + 1);
            if (rest == "name") name += _(" (name)");
            else if (rest == "role") name += _(" (role)");
        }
        return name;
    }
    if (const auto* group = layout.group(target)) return group->title;
    return from_utf8(path);
}

void RecordEditor::apply_marks() {
    auto& layout = *layout_;
    // Every diagnostic, with those of a refused status change still pending (checked again now).
    forms::Diagnostics diagnostics = session_.diagnostics();
    std::vector<bool> pending(diagnostics.size(), false);
    if (!pending_status_.empty()) {
        pending_diagnostics_ = session_.diagnostics_at(pending_status_);
        if (!forms::has_errors(pending_diagnostics_)) {
            pending_status_.clear();
            pending_diagnostics_.clear();
        }
        for (const auto& extra : pending_diagnostics_) {
            const bool known = std::any_of(diagnostics.begin(), diagnostics.end(), [&](const forms::Diagnostic& d) {
                return d.path == extra.path && d.message == extra.message;
            });
            if (known || extra.severity != forms::Severity::error) continue;
            diagnostics.push_back(extra);
            pending.push_back(true);
        }
    }

    std::map<std::string, std::pair<Mark, wxString>> marks;
    auto add = [&marks](const std::string& target, Mark mark, const wxString& message) {
        auto& slot = marks[target];
        if (slot.first == Mark::none) {
            slot = {mark, message};
            return;
        }
        if (mark == Mark::error) slot.first = Mark::error;
        if (!slot.second.Contains(message)) slot.second += "\n" + message;
    };
    std::vector<Problem> problems;
    for (std::size_t i = 0; i < diagnostics.size(); ++i) {
        const auto& diagnostic = diagnostics[i];
        const wxString message = from_utf8(diagnostic.message);
        const Mark mark = diagnostic.severity == forms::Severity::error ? Mark::error : Mark::warning;
        if (!diagnostic.path.empty()) {
            // A table's cells keep their own paths; other problems go to their field or group.
            const std::string target = layout.table(diagnostic.path) != nullptr ? diagnostic.path : layout.target(diagnostic.path);
            if (!target.empty()) add(target, mark, message);
        }
        Problem problem;
        problem.severity = diagnostic.severity;
        problem.path = diagnostic.path;
        problem.field = describe(diagnostic.path);
        problem.message = message;
        if (pending[i]) problem.when = wxString::Format(_("for %s"), status_label(pending_status_));
        problems.push_back(std::move(problem));
    }
    for (const auto& [path, message] : layout.refused) {
        add(path, Mark::error, from_utf8(message));
        Problem problem;
        problem.path = path;
        problem.field = describe(path);
        problem.message = from_utf8(message);
        problems.push_back(std::move(problem));
    }
    problems_->set_problems(std::move(problems));

    // Draw only what changed since the last time.
    std::map<TableEditor*, std::map<std::string, std::pair<Mark, wxString>>> by_table;
    for (auto* table : layout.tables) by_table[table];
    for (const auto& [path, mark] : marks)
        if (auto* table = layout.table(path)) by_table[table][path] = mark;
    for (auto& [table, table_marks] : by_table) table->set_marks(table_marks);

    bool relayout = false;
    auto draw = [&](const std::string& path, Mark mark, const wxString& message) {
        if (auto* field = layout.field(path)) {
            if (field->mark() != mark || field->marked_message() != message) {
                field->set_mark(mark, message);
                relayout = true;
            }
            return;
        }
        if (auto found = layout.group_by_path.find(path); found != layout.group_by_path.end()) {
            auto& group = layout.groups[found->second];
            if (group.mark == mark && group.marked == message) return;
            group.mark = mark;
            group.marked = message;
            group.message->SetLabelText(message);
            group.message->SetForegroundColour(mark_foreground(mark));
            group.message->Wrap(std::max(FromDIP(200), layout.text_width));
            group.message->Show(mark != Mark::none);
            relayout = true;
        }
    };
    for (const auto& [path, old] : layout.marks)
        if (marks.find(path) == marks.end() && layout.table(path) == nullptr) draw(path, Mark::none, wxString());
    for (const auto& [path, mark] : marks)
        if (layout.table(path) == nullptr) draw(path, mark.first, mark.second);
    layout.marks = std::move(marks);
    if (relayout) {
        layout.scroll->Layout();
        layout.scroll->FitInside();
    }
}

// --- status and save state -----------------------------------------------------------------

void RecordEditor::update_status_bar() {
    auto& layout = *layout_;
    const wxString status = wxString::Format(_("Status: %s"), status_label(session_.record().meta.status));
    if (status != layout.status->GetLabelText()) {
        layout.status->SetLabelText(status);
        // A bold label's best size is measured in the normal font: measure it here.
        layout.status->SetMinSize(layout.status->GetTextExtent(status));
        Layout();
    }
    const wxString state = save_state_text();
    if (state != layout.save_state->GetLabelText()) {
        layout.save_state->SetLabelText(state);
        layout.save_state->SetToolTip(state);
        const bool trouble = session_.conflict().has_value() || !save_error_.empty();
        layout.save_state->SetForegroundColour(trouble ? mark_foreground(Mark::error)
                                                       : wxSystemSettings::GetColour(wxSYS_COLOUR_WINDOWTEXT));
    }
}

wxString RecordEditor::tab_label() const {
    wxString title = from_utf8(session_.title());
    if (title.empty()) title = from_utf8(session_.form().title);
    if (session_.dirty() || session_.conflict()) title += " *";
    return title;
}

wxString RecordEditor::save_state_text() const {
    if (session_.conflict()) return _("Conflict");
    if (!save_error_.empty() && session_.dirty()) return wxString::Format(_("Saving failed: %s"), from_utf8(save_error_));
    if (session_.dirty()) return _("Unsaved changes");
    return _("Saved");
}

void RecordEditor::update_state() {
    update_status_bar();
    const wxString label = tab_label();
    const wxString state = save_state_text();
    // A new revision is news too (a status moved, with the record "Saved" before and after):
    // the History panel reads it.
    const long revision = session_.record().meta.revision;
    if (label == last_tab_label_ && state == last_state_text_ && revision == last_revision_) return;
    last_tab_label_ = label;
    last_state_text_ = state;
    last_revision_ = revision;
    if (!built_) return;
    wxCommandEvent event(EVT_RECORD_EDITOR_STATE, GetId());
    event.SetEventObject(this);
    event.SetString(state);
    // Command events travel up: the notebook and the main window hear it.
    ProcessWindowEvent(event);
}

bool RecordEditor::reopen(const std::string& reason) {
    const auto& lifecycle = session_.form().lifecycle;
    auto refuse = [&](const std::string& message) {
        status_refusal_ = {forms::Diagnostic{forms::Severity::error, {}, 0, 0, {}, message, {}}};
        return false;
    };
    if (!session_.locked()) return refuse("this record is " + lifecycle.label_of(session_.record().meta.status) +
                                          " already: it is not locked, so there is nothing to reopen");
    if (!session_.can_reopen()) return refuse(session_.locked_message());
    if (reason.find_first_not_of(" \t\r\n") == std::string::npos)
        return refuse("a record is reopened with a reason, which the audit log keeps: none was given");
    return change_status(lifecycle.initial(), reason);
}

bool RecordEditor::ask_to_reopen() {
    if (!session_.locked() || !session_.can_reopen()) {
        reopen({});  // says why in status_refusal()
        if (interactive_ && !status_refusal_.empty())
            wxMessageBox(from_utf8(status_refusal_.front().message), _("Reopen"), wxOK | wxICON_INFORMATION, this);
        return false;
    }
    if (!interactive_) return false;  // tests call reopen(reason)
    const auto& lifecycle = session_.form().lifecycle;
    in_dialog_ = true;
    wxTextEntryDialog dialog(this,
                             wxString::Format(_("Reopening moves the record back to %s so that it can be changed. "
                                                "Why is it reopened? The audit log keeps the reason with your name."),
                                              from_utf8(lifecycle.label_of(lifecycle.initial()))),
                             _("Reopen the record"));
    const bool asked = dialog.ShowModal() == wxID_OK;
    in_dialog_ = false;
    if (!asked) return false;
    const bool reopened = reopen(to_utf8(dialog.GetValue()));
    if (!reopened && !status_refusal_.empty())
        wxMessageBox(from_utf8(status_refusal_.front().message), _("Reopen"), wxOK | wxICON_INFORMATION, this);
    return reopened;
}

void RecordEditor::apply_lock() {
    auto& layout = *layout_;
    const bool locked = session_.locked();
    for (auto& field : layout.fields) field->set_locked(locked);
    for (auto* table : layout.tables) table->set_locked(locked);
    const wxString note = locked ? from_utf8(session_.locked_message()) : wxString();
    if (note != layout.lock_note->GetLabelText()) {
        layout.lock_note->SetLabelText(note);
        layout.lock_note->SetToolTip(note);
        layout.lock_note->Show(locked);
        Layout();
    }
}

bool RecordEditor::change_status(const std::string& to, const std::string& reopen_reason) {
    auto result = session_.change_status(to, reopen_reason);
    if (result.changed) {
        status_refusal_.clear();
        pending_status_.clear();
        pending_diagnostics_.clear();
        refresh_from_session();
        return true;
    }
    status_refusal_ = result.diagnostics;
    if (forms::has_errors(status_refusal_)) pending_status_ = to;
    after_change(false);
    // The first of the refusal's errors, selected in the problems panel.
    std::size_t first = 0;
    for (const auto& diagnostic : status_refusal_) {
        if (diagnostic.severity != forms::Severity::error) continue;
        const auto& problems = problems_->problems();
        for (std::size_t i = 0; i < problems.size(); ++i)
            if (problems[i].path == diagnostic.path && problems[i].message == from_utf8(diagnostic.message)) {
                first = i;
                break;
            }
        break;
    }
    if (problems_->count() > 0) {
        problems_->select(first);
        last_problem_ = static_cast<long>(first) - 1;
    }
    if (interactive_) {
        wxString text = wxString::Format(_("The record cannot be marked %s yet:"), status_label(to).Lower());
        std::size_t listed = 0;
        for (const auto& diagnostic : status_refusal_) {
            if (diagnostic.severity != forms::Severity::error) continue;
            if (++listed > 15) {
                text += L"\n\u2026";
                break;
            }
            text += L"\n\u2022 " + describe(diagnostic.path) + ": " + from_utf8(diagnostic.message);
        }
        if (listed == 0)
            for (const auto& diagnostic : status_refusal_) text += L"\n\u2022 " + from_utf8(diagnostic.message);
        text += "\n\n" + wxString(_("The problems panel lists them: press F8 to go to each in turn."));
        in_dialog_ = true;
        wxMessageBox(text, _("Not yet"), wxOK | wxICON_INFORMATION, this);
        in_dialog_ = false;
    }
    return false;
}

// --- saving --------------------------------------------------------------------------------

forms::SaveOutcome RecordEditor::save(bool forced) {
    forms::SaveOutcome outcome;
    if (session_.conflict()) {
        outcome.kind = forms::SaveOutcome::Kind::conflict;
        return outcome;
    }
    if (!forced && !session_.save_due(forms::EditSession::Clock::now())) return outcome;
    outcome = session_.save();
    switch (outcome.kind) {
    case forms::SaveOutcome::Kind::saved:
    case forms::SaveOutcome::Kind::nothing_to_save:
        save_error_.clear();
        break;
    case forms::SaveOutcome::Kind::failed:
        save_error_ = outcome.message.empty() ? std::string("the store refused the save") : outcome.message;
        retry_after_ = std::chrono::steady_clock::now() + std::chrono::seconds(2);
        break;
    case forms::SaveOutcome::Kind::conflict:
        save_error_.clear();
        break;
    }
    update_state();
    if (outcome.kind == forms::SaveOutcome::Kind::conflict) handle_conflict();
    return outcome;
}

void RecordEditor::handle_conflict() {
    if (!session_.conflict() || !interactive_ || in_dialog_) return;
    in_dialog_ = true;
    ConflictChoice choice = ConflictChoice::decide_later;
    {
        ConflictDialog dialog(this, *session_.conflict(), from_utf8(session_.title()),
                              [this](const std::string& path) { return describe(path); });
        dialog.ShowModal();
        choice = dialog.choice();
    }
    in_dialog_ = false;
    resolve_conflict(choice);
}

void RecordEditor::resolve_conflict(ConflictChoice choice) {
    if (!session_.conflict()) return;
    // Whichever version stands now, the news that someone else saved is old.
    if (choice != ConflictChoice::decide_later && layout_->elsewhere->IsShown()) {
        if (offers_reload_) layout_->elsewhere->RemoveButton(wxID_REFRESH);
        offers_reload_ = false;
        layout_->elsewhere->Dismiss();
    }
    switch (choice) {
    case ConflictChoice::keep_mine: {
        const auto outcome = session_.keep_mine();
        if (outcome.kind == forms::SaveOutcome::Kind::failed) save_error_ = outcome.message;
        else save_error_.clear();
        update_state();
        if (outcome.kind == forms::SaveOutcome::Kind::conflict) handle_conflict();  // saved again meanwhile
        break;
    }
    case ConflictChoice::take_theirs:
        session_.take_theirs();
        save_error_.clear();
        layout_->refused.clear();
        refresh_from_session();
        break;
    case ConflictChoice::decide_later: update_state(); break;
    }
}

wxInfoBar* RecordEditor::elsewhere_bar() const noexcept { return layout_->elsewhere; }

void RecordEditor::tell_elsewhere(const wxString& message, int icon) {
    elsewhere_message_ = message;
    layout_->elsewhere->ShowMessage(message, icon);
}

void RecordEditor::saved_elsewhere(const forms::RecordChange& change) {
    if (change.revision <= session_.record().meta.revision) return;  // this editor's own save, or read already
    auto* bar = layout_->elsewhere;
    const wxString who = from_utf8(change.by);
    if (offers_reload_) bar->RemoveButton(wxID_REFRESH);
    offers_reload_ = !session_.dirty() && !session_.conflict();
    if (offers_reload_) {
        bar->AddButton(wxID_REFRESH, _("&Reload"));
        tell_elsewhere(wxString::Format(_("%s saved this record elsewhere (revision %ld). Reload to see their version."),
                                          who, change.revision),
                         wxICON_INFORMATION);
    } else {
        tell_elsewhere(wxString::Format(_("%s saved this record elsewhere (revision %ld). Your changes are not saved "
                                            "yet: when they are, you choose whose version stands."),
                                          who, change.revision),
                         wxICON_WARNING);
    }
    Layout();
}

bool RecordEditor::reload_from_store() {
    auto* bar = layout_->elsewhere;
    try {
        if (!session_.reload()) {
            tell_elsewhere(_("Your changes here are not saved yet, so the record was not read again: save them, and "
                               "choose whose version stands."),
                             wxICON_WARNING);
            return false;
        }
    } catch (const std::exception& e) {
        tell_elsewhere(wxString::Format(_("The record could not be read again: %s"), from_utf8(e.what())), wxICON_ERROR);
        return false;
    }
    if (offers_reload_) bar->RemoveButton(wxID_REFRESH);
    offers_reload_ = false;
    bar->Dismiss();
    save_error_.clear();
    layout_->refused.clear();
    refresh_from_session();
    Layout();
    return true;
}

bool RecordEditor::save_now() {
    if (session_.conflict()) handle_conflict();
    else save(true);
    return !session_.dirty() && !session_.conflict();
}

bool RecordEditor::prepare_to_close() {
    if (!session_.dirty() && !session_.conflict()) return true;
    if (save_now()) return true;
    if (!interactive_) return false;
    const wxString why = session_.conflict() ? _("Someone else saved this record, and your changes are not saved.")
                                             : wxString::Format(_("Your changes could not be saved: %s"), from_utf8(save_error_));
    in_dialog_ = true;
    const int answer = wxMessageBox(why + "\n\n" + _("Close it anyway, and lose your unsaved changes?"),
                                    _("Unsaved changes"), wxYES_NO | wxNO_DEFAULT | wxICON_WARNING, this);
    in_dialog_ = false;
    return answer == wxYES;
}

void RecordEditor::on_timer(wxTimerEvent&) {
    sync_section_list();
    if (in_dialog_ || session_.conflict()) return;
    const auto now = std::chrono::steady_clock::now();
    if (now < retry_after_) return;
    if (session_.save_due(now)) save(false);
}

void RecordEditor::set_interactive(bool interactive) {
    interactive_ = interactive;
    for (auto* table : layout_->tables) table->set_interactive(interactive);
}

// --- problems and moving about --------------------------------------------------------------

void RecordEditor::validate_now() {
    session_.revalidate();
    after_change(true);
    if (problems_->count() > 0 && problems_->selected() < 0) problems_->select(0);
}

bool RecordEditor::focus_next_problem() {
    const auto count = problems_->count();
    if (count == 0) return false;
    // Start after the selected problem (or the one last visited).
    long from = problems_->selected();
    if (from < 0) from = last_problem_;
    for (std::size_t step = 1; step <= count; ++step) {
        const auto index = static_cast<std::size_t>((from + static_cast<long>(step)) % static_cast<long>(count));
        problems_->select(index);
        last_problem_ = static_cast<long>(index);
        if (focus_path(problems_->problems()[index].path)) return true;
    }
    return true;  // problems there are, if none at a field that is shown
}

TableEditor* RecordEditor::table_for(std::string_view path) const { return layout_->table(path); }

void RecordEditor::wrap_texts() {
    auto& layout = *layout_;
    const int width = layout.scroll->GetClientSize().GetWidth();
    // A scroll bar that comes and goes with the layout changes the width a little: that is
    // no reason to wrap again (and wrapping again would bring it back).
    if (width <= 0 || std::abs(width - layout.wrapped_at) < FromDIP(24)) return;
    layout.wrapped_at = width;
    // The form's margins and up to two group borders come off.
    const int inner = width - FromDIP(12) * 2 - FromDIP(32);
    layout.text_width = std::max(FromDIP(240), inner);
    const int control = std::max(FromDIP(160), inner - label_column_width(this) - FromDIP(8));
    layout.scroll->Freeze();
    for (const auto& field : layout.fields) field->wrap_texts(control);
    for (auto& [text, written] : layout.wrapped) {
        text->SetLabelText(written);
        text->Wrap(layout.text_width);
    }
    for (auto& group : layout.groups)
        if (!group.marked.empty()) {
            group.message->SetLabelText(group.marked);
            group.message->Wrap(layout.text_width);
        }
    layout.scroll->Layout();
    layout.scroll->FitInside();
    layout.scroll->Thaw();
}

wxWindow* RecordEditor::control_for(std::string_view path) const {
    const auto& layout = *layout_;
    if (auto* table = layout.table(path)) return table->view();
    const std::string target = layout.target(path);
    if (target.empty()) return nullptr;
    if (auto* field = layout.field(target)) return field->control(path.substr(target.size()));
    if (layout.group(target) != nullptr) {
        for (const auto& candidate : layout.order)
            if (candidate.size() > target.size() && candidate.compare(0, target.size() + 1, target + "/") == 0) {
                if (auto* field = layout.field(candidate)) return field->control();
                if (auto* table = layout.table(candidate)) return table->view();
            }
    }
    return nullptr;
}

bool RecordEditor::focus_path(std::string_view path) {
    auto& layout = *layout_;
    if (auto* table = layout.table(path)) {
        if (!table->IsShown()) return false;
        make_visible(table);
        table->select_path(path);
        if (auto found = layout.section_of.find(table->path()); found != layout.section_of.end() && found->second >= 0)
            layout.section_list->SetSelection(found->second);
        layout.section_shown_at = std::chrono::steady_clock::now();
        return true;
    }
    const std::string target = layout.target(path);
    if (target.empty() || !is_shown(target)) return false;
    wxWindow* control = nullptr;
    if (auto* field = layout.field(target)) {
        control = field->control(path.substr(target.size()));
        make_visible(field->label());
    } else {
        for (const auto& candidate : layout.order)
            if (candidate.size() > target.size() && candidate.compare(0, target.size() + 1, target + "/") == 0 &&
                is_shown(candidate)) {
                control = control_for(candidate);
                if (const auto* group = layout.group(target)) make_visible(group->panel);
                break;
            }
    }
    if (control == nullptr) return false;
    make_visible(control);
    control->SetFocus();
    if (auto found = layout.section_of.find(target); found != layout.section_of.end() && found->second >= 0)
        layout.section_list->SetSelection(found->second);
    layout.section_shown_at = std::chrono::steady_clock::now();
    return true;
}

void RecordEditor::make_visible(wxWindow* window) {
    auto* scroll = layout_->scroll;
    if (window == nullptr || window == scroll) return;
    const wxPoint client = scroll->ScreenToClient(window->GetScreenPosition());
    const int top = scroll->CalcUnscrolledPosition(client).y;
    const int height = window->GetSize().GetHeight();
    int unit_x = 0;
    int unit_y = 1;
    scroll->GetScrollPixelsPerUnit(&unit_x, &unit_y);
    if (unit_y <= 0) return;
    const int view_top = scroll->CalcUnscrolledPosition(wxPoint(0, 0)).y;
    const int view_height = scroll->GetClientSize().GetHeight();
    if (top >= view_top && top + std::min(height, view_height) <= view_top + view_height) return;
    const int margin = FromDIP(40);
    scroll->Scroll(-1, std::max(0, top - margin) / unit_y);
}

bool RecordEditor::is_shown(std::string_view path) const {
    const auto& layout = *layout_;
    if (auto* field = layout.field(path)) {
        if (!field->shown()) return false;
    } else if (const auto* group = layout.group(path)) {
        if (!group->shown) return false;
    } else if (auto* table = layout.table(path)) {
        if (!table->IsShown()) return false;
        if (table->path() != path) return true;  // a cell of a shown table
    } else {
        return false;
    }
    // Shown only when every group around it is.
    std::string_view at = path;
    while (true) {
        const auto slash = at.rfind('/');
        if (slash == std::string_view::npos) return true;
        at = at.substr(0, slash);
        if (const auto* group = layout.group(at); group != nullptr && !group->shown) return false;
    }
}

int RecordEditor::problems_height() const {
    const auto* split = layout_->split;
    if (!split->IsSplit() || split->GetClientSize().GetHeight() <= 0) return 0;
    return split->GetClientSize().GetHeight() - split->GetSashPosition() - split->GetSashSize();
}

void RecordEditor::set_problems_height(int height) {
    auto* split = layout_->split;
    const int whole = split->GetClientSize().GetHeight();
    if (height <= 0 || !split->IsSplit()) return;
    if (whole <= split->GetMinimumPaneSize() * 2) {
        // Not laid out yet (a tab just added): once it is.
        wanted_problems_height_ = height;
        return;
    }
    wanted_problems_height_ = 0;
    split->SetSashPosition(std::max(split->GetMinimumPaneSize(), whole - height - split->GetSashSize()));
}

void RecordEditor::focus_first_field() {
    for (const auto& path : visible_paths())
        if (auto* control = control_for(path); control != nullptr && control->IsShown()) {
            control->SetFocus();
            return;
        }
    SetFocus();
}

std::vector<std::string> RecordEditor::visible_paths() const {
    std::vector<std::string> paths;
    for (const auto& path : layout_->order)
        if (is_shown(path)) paths.push_back(path);
    return paths;
}

wxString RecordEditor::marked_message(std::string_view path) const {
    const auto& layout = *layout_;
    if (auto* table = layout.table(path)) return table->marked_message(path);
    const std::string target = layout.target(path);
    if (auto found = layout.marks.find(target); found != layout.marks.end()) return found->second.second;
    return {};
}

std::vector<wxString> RecordEditor::section_titles() const {
    std::vector<wxString> titles;
    for (const auto& section : layout_->sections) titles.push_back(section.title);
    return titles;
}

int RecordEditor::current_section() const { return layout_->section_list->GetSelection(); }

void RecordEditor::show_section(int index) {
    auto& layout = *layout_;
    if (index < 0 || static_cast<std::size_t>(index) >= layout.sections.size()) return;
    layout.section_list->SetSelection(index);
    const auto& section = layout.sections[static_cast<std::size_t>(index)];
    wxWindow* heading = nullptr;
    for (auto* window : section.headings)
        if (dynamic_cast<wxStaticText*>(window) != nullptr) {
            heading = window;
            break;
        }
    if (heading != nullptr) {
        const wxPoint client = layout.scroll->ScreenToClient(heading->GetScreenPosition());
        const int top = layout.scroll->CalcUnscrolledPosition(client).y;
        int unit_x = 0;
        int unit_y = 1;
        layout.scroll->GetScrollPixelsPerUnit(&unit_x, &unit_y);
        if (unit_y > 0) layout.scroll->Scroll(-1, std::max(0, top - FromDIP(8)) / unit_y);
    }
    layout.section_shown_at = std::chrono::steady_clock::now();
}

void RecordEditor::sync_section_list() {
    // The section list follows the scrolling: the last section whose heading is at or above
    // the top of the view is selected.
    auto& layout = *layout_;
    if (layout.sections.empty()) return;
    if (std::chrono::steady_clock::now() - layout.section_shown_at < std::chrono::milliseconds(600)) return;
    const int view_top = layout.scroll->CalcUnscrolledPosition(wxPoint(0, 0)).y;
    int current = 0;
    for (std::size_t i = 0; i < layout.sections.size(); ++i) {
        const auto& headings = layout.sections[i].headings;
        if (headings.empty() || !layout.sections[i].shown) continue;
        const wxPoint client = layout.scroll->ScreenToClient(headings.front()->GetScreenPosition());
        if (layout.scroll->CalcUnscrolledPosition(client).y <= view_top + FromDIP(40)) current = static_cast<int>(i);
    }
    if (layout.section_list->GetSelection() != current) layout.section_list->SetSelection(current);
}

bool RecordEditor::undo() { return step_history(true); }

bool RecordEditor::redo() { return step_history(false); }

bool RecordEditor::step_history(bool back) {
    // What is being typed goes in first, as its own step, so that it is what is undone, and
    // nothing typed before the undo comes back after it. Most boxes send each key; a box that
    // keeps its text until Enter or until the person leaves it (a date) is given its Enter, and
    // a cell's editor still open is closed keeping what it holds.
    if (auto* focused = dynamic_cast<wxTextCtrl*>(wxWindow::FindFocus());
        focused != nullptr && focused->HasFlag(wxTE_PROCESS_ENTER) && focused->IsEditable())
        for (const auto& field : layout_->fields)
            if (field->control() == focused) {
                wxCommandEvent enter(wxEVT_TEXT_ENTER, focused->GetId());
                enter.SetEventObject(focused);
                enter.SetString(focused->GetValue());
                focused->ProcessWindowEvent(enter);
                break;
            }
    for (auto* table : layout_->tables) table->finish_editing();
    if (back ? !session_.can_undo() : !session_.can_redo()) return false;
    if (back ? session_.undo() : session_.redo()) return false;
    // A value refused before belongs to what was there before.
    layout_->refused.clear();
    retry_after_ = {};
    refresh_from_session();
    return true;
}

void RecordEditor::on_char_hook(wxKeyEvent& event) {
    const int key = event.GetKeyCode();
    // Undo and redo go to the record's history, not to the text box in focus (GTK's boxes have
    // none of their own, and a box's own would not know the record's other fields).
    const int modifiers = event.GetModifiers();
    if ((modifiers == wxMOD_CONTROL && (key == 'Z' || key == 'Y')) || (modifiers == (wxMOD_CONTROL | wxMOD_SHIFT) && key == 'Z')) {
        if (key == 'Z' && modifiers == wxMOD_CONTROL) undo();
        else redo();
        return;
    }
    if (event.GetModifiers() == wxMOD_CONTROL && (key == WXK_PAGEDOWN || key == WXK_PAGEUP)) {
        auto& layout = *layout_;
        int index = layout.section_list->GetSelection();
        const int count = static_cast<int>(layout.sections.size());
        do {
            index += key == WXK_PAGEDOWN ? 1 : -1;
        } while (index >= 0 && index < count && !layout.sections[static_cast<std::size_t>(index)].shown);
        if (index >= 0 && index < count) {
            show_section(index);
            // The focus goes to the section's first field that is shown.
            for (const auto& path : layout.sections[static_cast<std::size_t>(index)].elements)
                if (is_shown(path)) {
                    if (auto* control = control_for(path)) control->SetFocus();
                    break;
                }
        }
        return;
    }
    event.Skip();
}

}  // namespace formwork::ui
