// The main window's memory between runs (window_memory.hpp) and its History panel.
#include "main_frame.hpp"

#include "form_navigator.hpp"
#include "history_panel.hpp"
#include "record_editor.hpp"
#include "record_list_panel.hpp"
#include "wx_text.hpp"

#include <formwork/model/record.hpp>
#include <formwork/model/values.hpp>

#include <wx/statusbr.h>

#include <algorithm>
#include <utility>

namespace formwork::ui {
namespace {

// The windows' names under which their sashes are kept.
const wxString main_sash = "main splitter";
const wxString history_sash = "records and history";
const wxString problems_sash = "form and problems";

std::string sort_name(forms::ListSort sort) {
    switch (sort) {
    case forms::ListSort::title: return "title";
    case forms::ListSort::form: return "form";
    case forms::ListSort::status: return "status";
    case forms::ListSort::modified: break;
    }
    return "modified";
}

forms::ListSort sort_named(const std::string& name) {
    if (name == "title") return forms::ListSort::title;
    if (name == "form") return forms::ListSort::form;
    if (name == "status") return forms::ListSort::status;
    return forms::ListSort::modified;
}

std::string withdrawn_name(forms::ListWithdrawn withdrawn) {
    switch (withdrawn) {
    case forms::ListWithdrawn::only: return "only";
    case forms::ListWithdrawn::included: return "included";
    case forms::ListWithdrawn::hidden: break;
    }
    return "hidden";
}

forms::ListWithdrawn withdrawn_named(const std::string& name) {
    if (name == "only") return forms::ListWithdrawn::only;
    if (name == "included") return forms::ListWithdrawn::included;
    return forms::ListWithdrawn::hidden;
}

}  // namespace

void MainFrame::remember_window(WindowMemoryFile file) {
    memory_file_ = std::move(file);
    memory_ = memory_file_->load();
    if (memory_.geometry) {
        // Screens change between runs (a laptop off its docking station): a place no display
        // shows any more comes back on the primary display.
        normal_rect_ = placed_on_a_display(*memory_.geometry);
        SetSize(normal_rect_);
    }
    if (memory_.maximised) Maximize();
    // The panes have their sizes before their sashes are put back.
    Layout();
    apply_remembered_layout();
    open_remembered_tabs();
}

void MainFrame::apply_remembered_layout() {
    if (const auto found = memory_.sashes.find(main_sash); found != memory_.sashes.end() && found->second > 0)
        splitter_->SetSashPosition(found->second);
    if (const auto found = memory_.sashes.find(problems_sash); found != memory_.sashes.end() && found->second < 0)
        problems_height_ = -found->second;
    if (memory_.history_shown) show_history(true);
    if (const auto& list = memory_.list) {
        // The form is chosen on the left, as a person chooses it; the list follows.
        if (list->form.empty() || !navigator_->select_form(list->form)) navigator_->select_all_records();
        record_list_->set_form_filter(list->form.empty() || !registry_.latest(list->form) ? std::string() : list->form);
        record_list_->set_status_filter(list->status);
        record_list_->set_withdrawn_filter(withdrawn_named(list->withdrawn));
        record_list_->set_text_filter(list->text);
        record_list_->set_sort(sort_named(list->sort), list->descending);
    }
}

void MainFrame::open_remembered_tabs() {
    const auto* kept = memory_.tabs_for(location_to_remember(store_->location()));
    if (kept == nullptr) return;
    const auto tabs = *kept;  // opening a record must not read a list being changed
    std::size_t skipped = 0;
    for (const auto& id : tabs.records) {
        // Checked first, quietly: a record erased since, or a form no longer loaded, is no
        // reason for a box as the window opens.
        bool openable = false;
        try {
            if (forms::is_uuid(id))
                if (const auto record = store_->load(id))
                    openable = registry_.find(record->meta.form_id, record->meta.form_version) != nullptr &&
                               !store_->withdrawal(id);  // withdrawn since: it does not open
        } catch (const std::exception&) {
            openable = false;
        }
        if (!openable || open_record(id) == nullptr) ++skipped;
    }
    if (!tabs.front.empty()) {
        if (auto* front = editor_for(tabs.front)) notebook_->SetSelection(static_cast<std::size_t>(page_of(front)));
    } else if (const int records = page_of(record_list_); records != wxNOT_FOUND) {
        notebook_->SetSelection(static_cast<std::size_t>(records));
    }
    if (skipped > 0)
        SetStatusText(skipped == 1
                          ? wxString(_("A record open when Formwork last closed is no longer in this database; its tab "
                                       "was left out."))
                          : wxString::Format(_("%zu records open when Formwork last closed are no longer in this "
                                               "database; their tabs were left out."),
                                             skipped),
                      0);
}

void MainFrame::keep_tabs_in_memory() {
    WindowMemory::Tabs tabs;
    tabs.location = location_to_remember(store_->location());
    for (auto* editor : editors()) tabs.records.push_back(editor->record_id());
    if (auto* editor = current_editor()) tabs.front = editor->record_id();
    memory_.remember_tabs(std::move(tabs));
}

WindowMemory MainFrame::window_memory_now() const {
    WindowMemory now = memory_;
    now.maximised = IsMaximized();
    now.geometry = (IsMaximized() || IsIconized()) && !normal_rect_.IsEmpty() ? normal_rect_ : GetRect();
    if (splitter_->IsSplit()) now.sashes[main_sash] = splitter_->GetSashPosition();
    if (content_split_->IsSplit()) now.sashes[history_sash] = -history_height();
    now.history_shown = history_shown();
    int problems = 0;
    if (auto* editor = current_editor()) problems = editor->problems_height();
    if (problems <= 0) problems = problems_height_;
    if (problems > 0) now.sashes[problems_sash] = -problems;
    const auto& query = record_list_->query();
    now.list = WindowMemory::ListState{query.form,          query.status,     from_utf8(query.text),
                                       sort_name(query.sort), query.descending, withdrawn_name(query.withdrawn)};
    WindowMemory::Tabs tabs;
    tabs.location = location_to_remember(store_->location());
    for (auto* editor : editors()) tabs.records.push_back(editor->record_id());
    if (auto* editor = current_editor()) tabs.front = editor->record_id();
    now.remember_tabs(std::move(tabs));
    return now;
}

bool MainFrame::save_window_memory() {
    if (!memory_file_) return false;
    memory_ = window_memory_now();
    wxString error;
    if (memory_file_->save(memory_, error)) return true;
    // Not worth a box as the window closes: the next run opens as Formwork first does.
    SetStatusText(_("The window's layout was not kept: ") + error, 0);
    return false;
}

void MainFrame::connect_record_list() {
    record_list_->pictures_button()->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) { show_pictures(); });
    record_list_->view()->Bind(wxEVT_DATAVIEW_SELECTION_CHANGED, [this](wxDataViewEvent& event) {
        event.Skip();
        if (!IsBeingDeleted()) update_history();
    });
    // Right-click: the rows chosen, or the row clicked alone when it is not among them.
    record_list_->view()->Bind(wxEVT_DATAVIEW_ITEM_CONTEXT_MENU, [this](wxDataViewEvent& event) {
        if (IsBeingDeleted()) return;
        auto* view = record_list_->view();
        if (const auto item = event.GetItem(); item.IsOk() && !view->IsSelected(item)) {
            view->UnselectAll();
            view->Select(item);
            view->SetCurrentItem(item);
            update_history();
        }
        if (record_list_->selected_count() == 0) return;
        show_record_list_menu();
    });
}

bool MainFrame::history_shown() const { return content_split_->IsSplit(); }

void MainFrame::show_history(bool shown) {
    if (shown == history_shown()) return;
    if (!shown) {
        memory_.sashes[history_sash] = -history_height();
        content_split_->Unsplit(history_);
        return;
    }
    const auto kept = memory_.sashes.find(history_sash);
    const int height = kept != memory_.sashes.end() && kept->second < 0 ? -kept->second : FromDIP(260);
    history_->Show();
    // A negative position is the sash's distance from the bottom, the sash itself included.
    content_split_->SplitHorizontally(notebook_, history_, -(height + content_split_->GetSashSize()));
    update_history(true);
}

int MainFrame::history_height() const {
    if (!content_split_->IsSplit()) return 0;
    return content_split_->GetClientSize().GetHeight() - content_split_->GetSashPosition() - content_split_->GetSashSize();
}

void MainFrame::update_history(bool reread) {
    if (!history_shown() || IsBeingDeleted()) return;
    std::string id;
    long revision = 0;
    wxString title;
    forms::FormDefinitionPtr form;
    const int selected = notebook_->GetSelection();
    if (auto* editor = current_editor()) {
        const auto& meta = editor->session().record().meta;
        id = meta.id;
        revision = meta.revision;
        title = from_utf8(editor->session().title());
        form = registry_.find(meta.form_id, meta.form_version);
    } else if (selected != wxNOT_FOUND && notebook_->GetPage(static_cast<std::size_t>(selected)) == record_list_) {
        // The list in front: the record chosen in it.
        id = record_list_->selected_record_id();
        if (!id.empty()) {
            title = from_utf8(id);
            try {
                if (const auto record = store_->load(id)) {
                    revision = record->meta.revision;
                    form = registry_.find(record->meta.form_id, record->meta.form_version);
                    if (form) title = from_utf8(forms::record_title(*form, *record));
                }
            } catch (const std::exception&) {
                // named by its id; the panel says why it cannot read the history
            }
        }
    }
    if (id.empty()) {
        if (!history_->record_id().empty() || reread)
            history_->show_nothing(_("Open a record, or choose one in the list, to see its history."));
        return;
    }
    // The same record at the same revision: nothing new to read.
    if (id == history_->record_id() && !reread && revision == history_->latest_revision()) return;
    history_->show_record(*store_, std::move(form), id, title);
}

}  // namespace formwork::ui
