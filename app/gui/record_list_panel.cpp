#include "record_list_panel.hpp"

#include "accessible_label.hpp"
#include "wx_text.hpp"

#include <wx/settings.h>
#include <wx/sizer.h>

#include <algorithm>
#include <cstdio>
#include <ctime>
#include <functional>
#include <map>
#include <utility>

namespace formwork::ui {

wxDEFINE_EVENT(EVT_RECORD_ACTIVATED, wxCommandEvent);
wxDEFINE_EVENT(EVT_RECORD_DELETE_KEY, wxCommandEvent);

namespace {

// "2024-03-05T14:22:10Z" (UTC, as the store keeps it) as local time, "05 Mar 2024 14:22".
wxString local_time(const std::string& utc) {
    std::tm parts{};
    if (std::sscanf(utc.c_str(), "%4d-%2d-%2dT%2d:%2d:%2d", &parts.tm_year, &parts.tm_mon, &parts.tm_mday,
                    &parts.tm_hour, &parts.tm_min, &parts.tm_sec) != 6)
        return from_utf8(utc);
    parts.tm_year -= 1900;
    parts.tm_mon -= 1;
    const std::time_t when = timegm(&parts);
    std::tm local{};
    if (when == static_cast<std::time_t>(-1) || localtime_r(&when, &local) == nullptr) return from_utf8(utc);
    char text[64];
    const auto length = std::strftime(text, sizeof text, "%d %b %Y %H:%M", &local);
    return length == 0 ? from_utf8(utc) : wxString::FromUTF8(text, length);
}

// "5,000 records", or "more than 1,200 records" when the count stopped short.
wxString count_text(std::size_t count, bool exact = true) {
    std::string digits = std::to_string(count);
    for (auto at = digits.size(); at > 3; at -= 3) digits.insert(at - 3, ",");
    if (!exact) return "more than " + from_utf8(digits) + " records";
    return from_utf8(digits) + (count == 1 ? " record" : " records");
}

}  // namespace

// The rows of the list, read from the store a page at a time as the view asks for them;
// a few pages are kept, and all are dropped when the query changes.
//
// The number of rows is the store's count, which for a one- or two-character search stops
// short (ListPage::total_exact): "more than 1,200". A page read further on counts further,
// so the count a page brings can differ from the rows shown. Pages are read while the view
// paints, when rows must not be added or removed: the count is only noted then (note_count()),
// on_count_changed is called, and show_counted() later makes the rows match it.
class RecordListModel : public wxDataViewVirtualListModel {
public:
    static constexpr std::size_t page_size = 200;
    static constexpr std::size_t pages_kept = 6;

    RecordListModel(forms::RecordStore& store, const forms::FormRegistry& registry) : store_(store) {
        for (const auto& entry : registry.forms()) {
            const auto latest = registry.latest(entry.form->id);
            form_titles_.emplace(entry.form->id, latest ? latest->title : entry.form->title);
            for (const auto& status : entry.form->lifecycle.statuses) {
                status_labels_.emplace(entry.form->id + '\n' + status.id, status.label);
                status_labels_.emplace(status.id, status.label);
            }
        }
    }

    forms::ListQuery query;  // the filters and order; offset and limit are set per page
    // Called when a page read brings a count other than the rows shown; it may be called
    // while the view paints, so it must not change the rows itself.
    std::function<void()> on_count_changed;

    // Drops every cached page and reads the first, which gives the number of rows, without
    // telling the view (the caller does). For a refresh, `keep` is the rows shown until now
    // and `keep_exact` whether that was every match. When the first page's count stops short
    // of them, the page of the last of them is read too, which counts at least that far, so
    // a list read far on does not fall back to its first count. While more than `keep`
    // match, a list that said "more than `keep`" keeps saying so, with its rows.
    void reload(std::size_t keep = 0, bool keep_exact = true) {
        cache_.clear();
        error_.clear();
        total_ = 0;
        exact_ = true;
        counted_ = 0;
        counted_exact_ = true;
        quiet_ = true;
        if (const auto* first = page(0)) {
            total_ = first->total;
            exact_ = first->total_exact;
        }
        if (!exact_ && keep > total_) {
            if (const auto* last = page((keep - 1) / page_size)) {
                exact_ = last->total_exact;
                total_ = exact_ ? last->total : std::min(keep, last->total);
            }
        } else if (!exact_ && !keep_exact && keep > 0) {
            total_ = keep;  // more than the count match, which is at least `keep`
        }
        counted_ = total_;
        counted_exact_ = exact_;
        quiet_ = false;
    }

    // The rows shown, and whether that is every matching record or more match.
    std::size_t total() const noexcept { return total_; }
    bool exact() const noexcept { return exact_; }

    // Adds or removes rows at the end to match the latest count the pages brought, keeping
    // the rows before (and so the scroll position and the selection). False when they
    // matched already.
    bool show_counted() {
        if (counted_ == total_ && counted_exact_ == exact_) return false;
        const auto shown = total_;
        total_ = counted_;
        exact_ = counted_exact_;
        if (total_ > shown) {
            for (auto row = shown; row < total_; ++row) RowAppended();
        } else if (total_ < shown) {
            wxArrayInt gone;
            gone.reserve(shown - total_);
            for (auto row = total_; row < shown; ++row) gone.push_back(static_cast<int>(row));
            RowsDeleted(gone);
        }
        return true;
    }

    std::size_t pages_read() const noexcept { return pages_read_; }
    const std::string& error() const noexcept { return error_; }

    const forms::ListRow* row(std::size_t index) const {
        if (index >= total_) return nullptr;
        const auto* cached = page(index / page_size);
        if (cached == nullptr) return nullptr;
        const auto offset = index % page_size;
        return offset < cached->rows.size() ? &cached->rows[offset] : nullptr;
    }

    wxString cell(std::size_t index, unsigned column) const {
        const auto* shown = row(index);
        if (shown == nullptr) return {};
        switch (column) {
            case RecordListPanel::column_title: return from_utf8(shown->title);
            case RecordListPanel::column_form: return from_utf8(lookup(form_titles_, shown->form_id));
            case RecordListPanel::column_status: {
                const auto exact = status_labels_.find(shown->form_id + '\n' + shown->status);
                const auto label =
                    from_utf8(exact != status_labels_.end() ? exact->second : lookup(status_labels_, shown->status));
                // Said in words as well as greyed (GetAttrByRow): a screen reader reads the words.
                return shown->withdrawn ? label + " (withdrawn)" : label;
            }
            case RecordListPanel::column_modified: return local_time(shown->modified_at);
            case RecordListPanel::column_by: return from_utf8(shown->modified_by);
            default: return {};
        }
    }

    void GetValueByRow(wxVariant& variant, unsigned row_index, unsigned column) const override {
        variant = cell(row_index, column);
    }
    bool SetValueByRow(const wxVariant&, unsigned, unsigned) override { return false; }
    // A withdrawn record's row is grey and slanted, so that it stands apart among current ones.
    bool GetAttrByRow(unsigned row_index, unsigned, wxDataViewItemAttr& attr) const override {
        const auto* shown = row(row_index);
        if (shown == nullptr || !shown->withdrawn) return false;
        attr.SetColour(wxSystemSettings::GetColour(wxSYS_COLOUR_GRAYTEXT));
        attr.SetItalic(true);
        return true;
    }

private:
    struct Page {
        std::size_t index = 0;
        std::size_t total = 0;
        bool total_exact = true;
        std::vector<forms::ListRow> rows;
        unsigned long long used = 0;
    };

    static const std::string& lookup(const std::map<std::string, std::string>& names, const std::string& key) {
        const auto found = names.find(key);
        return found != names.end() ? found->second : key;
    }

    const Page* page(std::size_t index) const {
        ++clock_;
        for (auto& cached : cache_)
            if (cached.index == index) {
                cached.used = clock_;
                return &cached;
            }
        if (!error_.empty()) return nullptr;  // one message per reload, not one per cell
        forms::ListQuery asked = query;
        asked.offset = index * page_size;
        asked.limit = page_size;
        forms::ListPage read;
        try {
            read = store_.list(asked);
        } catch (const std::exception& e) {
            error_ = e.what();
            return nullptr;
        }
        ++pages_read_;
        if (cache_.size() >= pages_kept) {
            const auto oldest = std::min_element(cache_.begin(), cache_.end(),
                                                 [](const Page& a, const Page& b) { return a.used < b.used; });
            cache_.erase(oldest);
        }
        cache_.push_back({index, read.total, read.total_exact, std::move(read.rows), clock_});
        note_count(index, read.total, read.total_exact);
        return &cache_.back();
    }

    // The count page `index` brought. An exact one is the number of rows to show. One that
    // stops short grows the list only when the page holds its last row, as when the person
    // scrolls to the end: GTK reads a row in the middle of the list to measure it (the root
    // of its tree of rows), which must not make the list longer as soon as it is shown. It
    // never shrinks it: more than it match, and the rows shown beyond it are not disproved.
    void note_count(std::size_t index, std::size_t total, bool exact) const {
        if (exact) {
            counted_ = total;
            counted_exact_ = true;
        } else if (total >= counted_ && (index + 1) * page_size >= total_) {
            counted_ = total;
            counted_exact_ = false;
        }
        if (!quiet_ && (counted_ != total_ || counted_exact_ != exact_) && on_count_changed) on_count_changed();
    }

    forms::RecordStore& store_;
    std::map<std::string, std::string> form_titles_;
    std::map<std::string, std::string> status_labels_;  // "form\nstatus", and "status" alone
    std::size_t total_ = 0;          // the rows the view has
    bool exact_ = true;
    mutable std::size_t counted_ = 0;  // the latest count the pages brought
    mutable bool counted_exact_ = true;
    mutable bool quiet_ = false;       // reading in reload(): the caller tells the view
    mutable std::vector<Page> cache_;
    mutable unsigned long long clock_ = 0;
    mutable std::size_t pages_read_ = 0;
    mutable std::string error_;
};

RecordListPanel::RecordListPanel(wxWindow* parent, forms::RecordStore& store, const forms::FormRegistry& registry)
    : wxPanel(parent, wxID_ANY), store_(store), registry_(registry), search_timer_(this), refresh_timer_(this) {
    SetName("records");
    build();
    requery();
}

RecordListPanel::~RecordListPanel() {
    search_timer_.Stop();
    refresh_timer_.Stop();
    model_->on_count_changed = nullptr;  // the view, which outlives the panel, holds the model
    model_->DecRef();
}

void RecordListPanel::build() {
    auto* search_label = new wxStaticText(this, wxID_ANY, "&Search:");
    search_ = new wxSearchCtrl(this, wxID_ANY, wxString(), wxDefaultPosition, wxSize(260, -1), wxTE_PROCESS_ENTER);
    search_->SetName("search");
    // It gives up width first, so that the filters and buttons beside it fit a narrow window.
    search_->SetMinSize(wxSize(FromDIP(150), -1));
    search_->SetMaxSize(wxSize(FromDIP(360), -1));
    search_->SetDescriptiveText("Title or any value");
    search_->ShowCancelButton(true);
    tie_label(search_label, search_);

    auto* status_label = new wxStaticText(this, wxID_ANY, "S&tatus:");
    status_ = new wxChoice(this, wxID_ANY);
    status_->SetName("status filter");
    status_->Append("All");
    status_ids_.emplace_back();
    std::map<std::string, bool> seen;
    for (const auto& entry : registry_.forms())
        for (const auto& status : entry.form->lifecycle.statuses)
            if (seen.emplace(status.id, true).second) {
                status_->Append(from_utf8(status.label));
                status_ids_.push_back(status.id);
            }
    status_->SetSelection(0);
    tie_label(status_label, status_);

    // Withdrawn records are out of the list unless asked for (docs/app.md, "Withdrawing and
    // restoring records"); the choices are in ListWithdrawn's order.
    auto* withdrawn_label = new wxStaticText(this, wxID_ANY, "Sho&w:");
    withdrawn_ = new wxChoice(this, wxID_ANY);
    withdrawn_->SetName("withdrawn filter");
    withdrawn_->Append("Current records");
    withdrawn_->Append("Withdrawn only");
    withdrawn_->Append("Current and withdrawn");
    withdrawn_->SetSelection(0);
    withdrawn_->SetToolTip("Withdrawn records are out of the list and the exports until restored");
    tie_label(withdrawn_label, withdrawn_);

    count_ = new wxStaticText(this, wxID_ANY, count_text(0));
    count_->SetName("record count");
    pictures_button_ = new wxButton(this, wxID_ANY, wxString(L"&Pictures\u2026"));
    pictures_button_->SetName("pictures");
    pictures_button_->SetToolTip("Pictures of the views of the form chosen on the left, over its records (Ctrl+Shift+P)");
    new_button_ = new wxButton(this, wxID_NEW, "&New record");
    new_button_->SetName("new record");
    new_button_->SetToolTip("A new record of the form chosen on the left (Ctrl+N)");

    // Several rows may be chosen at once (Ctrl+click, Shift+click, Shift+arrows): the actions
    // take them all.
    view_ = new wxDataViewCtrl(this, wxID_ANY, wxDefaultPosition, wxDefaultSize, wxDV_MULTIPLE | wxDV_ROW_LINES);
    view_->SetName("record list");
    model_ = new RecordListModel(store_, registry_);
    model_->on_count_changed = [this] {
        if (count_change_due_) return;
        count_change_due_ = true;
        CallAfter(&RecordListPanel::show_counted_rows);
    };
    view_->AssociateModel(model_);
    const auto add_column = [this](const wxString& title, unsigned column, int width, bool sortable) {
        view_->AppendTextColumn(title, column, wxDATAVIEW_CELL_INERT, width, wxALIGN_LEFT,
                                wxDATAVIEW_COL_RESIZABLE | (sortable ? wxDATAVIEW_COL_SORTABLE : 0));
    };
    add_column("Title", column_title, 360, true);
    add_column("Form", column_form, 200, true);
    add_column("Status", column_status, 170, true);  // "Complete (withdrawn)" whole
    add_column("Modified", column_modified, 150, true);
    add_column("By", column_by, 130, false);  // the store does not sort by who
    set_accessible_name(view_, "Records");

    auto* bar = new wxBoxSizer(wxHORIZONTAL);
    bar->Add(search_label, wxSizerFlags().CenterVertical().Border(wxRIGHT, 4));
    bar->Add(search_, wxSizerFlags(1).CenterVertical().Border(wxRIGHT, 12));
    bar->Add(status_label, wxSizerFlags().CenterVertical().Border(wxRIGHT, 4));
    bar->Add(status_, wxSizerFlags().CenterVertical().Border(wxRIGHT, 12));
    bar->Add(withdrawn_label, wxSizerFlags().CenterVertical().Border(wxRIGHT, 4));
    bar->Add(withdrawn_, wxSizerFlags().CenterVertical().Border(wxRIGHT, 12));
    bar->Add(count_, wxSizerFlags().CenterVertical());
    bar->AddStretchSpacer();
    bar->Add(pictures_button_, wxSizerFlags().CenterVertical().Border(wxRIGHT, 6));
    bar->Add(new_button_, wxSizerFlags().CenterVertical());
    auto* sizer = new wxBoxSizer(wxVERTICAL);
    sizer->Add(bar, wxSizerFlags().Expand().Border(wxALL, 6));
    sizer->Add(view_, wxSizerFlags(1).Expand().Border(wxLEFT | wxRIGHT | wxBOTTOM, 6));
    SetSizer(sizer);

    search_->Bind(wxEVT_TEXT, [this](wxCommandEvent& event) {
        event.Skip();
        search_timer_.StartOnce(search_delay_ms);
    });
    // Enter: wx sends wxEVT_SEARCH only for a search box with text; an emptied box is
    // searched at once too.
    search_->Bind(wxEVT_TEXT_ENTER, [this](wxCommandEvent& event) {
        event.Skip();
        apply_search_text();
    });
    search_->Bind(wxEVT_SEARCH, [this](wxCommandEvent&) { apply_search_text(); });
    search_->Bind(wxEVT_SEARCH_CANCEL, [this](wxCommandEvent&) {
        search_->ChangeValue(wxString());
        apply_search_text();
    });
    Bind(wxEVT_TIMER, [this](wxTimerEvent&) { apply_search_text(); }, search_timer_.GetId());
    Bind(wxEVT_TIMER, [this](wxTimerEvent&) { refresh(); }, refresh_timer_.GetId());
    status_->Bind(wxEVT_CHOICE, [this](wxCommandEvent&) {
        const auto chosen = status_->GetSelection();
        const auto status = chosen > 0 ? status_ids_[static_cast<std::size_t>(chosen)] : std::string();
        if (status == model_->query.status) return;
        model_->query.status = status;
        requery();
    });
    withdrawn_->Bind(wxEVT_CHOICE, [this](wxCommandEvent&) {
        const auto chosen = withdrawn_->GetSelection();
        set_withdrawn_filter(chosen == 1   ? forms::ListWithdrawn::only
                             : chosen == 2 ? forms::ListWithdrawn::included
                                           : forms::ListWithdrawn::hidden);
    });
    // Delete asks to withdraw the chosen records (the main window asks); typed into the search
    // box it deletes text as ever.
    Bind(wxEVT_CHAR_HOOK, &RecordListPanel::on_char_hook, this);

    // The store sorts. A header click is handled here and not passed on, so wx never
    // sorts rows itself; GTK's own click handling then moves the indicator, so it is set
    // back to the store's order once GTK has finished (COLUMN_SORTED).
    view_->Bind(wxEVT_DATAVIEW_COLUMN_HEADER_CLICK, [this](wxDataViewEvent& event) {
        event.Veto();
        if (const auto* column = event.GetDataViewColumn()) sort_by_column(column->GetModelColumn());
    });
    view_->Bind(wxEVT_DATAVIEW_COLUMN_SORTED, [this](wxDataViewEvent&) { show_sort_indicator(); });
    view_->Bind(wxEVT_DATAVIEW_ITEM_ACTIVATED, [this](wxDataViewEvent& event) { activate_row(event.GetItem()); });
    // In GTK's multiple-choice mode, with no row chosen, the first Up or Down only chooses the
    // row under the cursor without moving: a screen reader hears nothing move
    // (accessibility_test.py). Choosing that row just before GTK takes the key keeps every
    // arrow moving, as in a one-row list; nothing is chosen merely by the focus arriving.
    view_->GetMainWindow()->Bind(wxEVT_KEY_DOWN, [this](wxKeyEvent& event) {
        event.Skip();
        const auto key = event.GetKeyCode();
        const bool plain_arrow = (key == WXK_UP || key == WXK_DOWN) && event.GetModifiers() == wxMOD_NONE;
        if (plain_arrow) choose_cursor_row_if_none();
    });
}

void RecordListPanel::choose_cursor_row_if_none() {
    if (view_->GetSelectedItemsCount() > 0 || row_count() == 0) return;
    const auto item = view_->GetCurrentItem();
    if (!item.IsOk()) return;  // GTK places the cursor on the first row itself
    view_->Select(item);
}

const forms::ListQuery& RecordListPanel::query() const noexcept { return model_->query; }
std::size_t RecordListPanel::row_count() const { return model_->total(); }
bool RecordListPanel::row_count_exact() const { return model_->exact(); }
std::size_t RecordListPanel::pages_read() const noexcept { return model_->pages_read(); }
const std::string& RecordListPanel::read_error() const noexcept { return model_->error(); }

std::optional<forms::ListRow> RecordListPanel::row_at(std::size_t row) const {
    const auto* shown = model_->row(row);
    if (shown == nullptr) return std::nullopt;
    return *shown;
}

std::string RecordListPanel::record_id_at(std::size_t row) const {
    const auto* shown = model_->row(row);
    return shown != nullptr ? shown->id : std::string();
}

wxString RecordListPanel::text_at(std::size_t row, Column column) const { return model_->cell(row, column); }

namespace {

std::vector<unsigned> chosen_rows(const wxDataViewCtrl& view, const wxDataViewVirtualListModel& model) {
    wxDataViewItemArray items;
    view.GetSelections(items);
    std::vector<unsigned> rows;
    rows.reserve(items.size());
    for (const auto& item : items)
        if (item.IsOk()) rows.push_back(model.GetRow(item));
    std::sort(rows.begin(), rows.end());
    return rows;
}

}  // namespace

std::string RecordListPanel::selected_record_id() const {
    for (const auto row : chosen_rows(*view_, *model_))
        if (auto id = record_id_at(row); !id.empty()) return id;
    return {};
}

std::vector<forms::ListRow> RecordListPanel::selected_rows() const {
    std::vector<forms::ListRow> rows;
    for (const auto row : chosen_rows(*view_, *model_))
        if (const auto* shown = model_->row(row)) rows.push_back(*shown);
    return rows;
}

std::vector<std::string> RecordListPanel::selected_record_ids() const {
    std::vector<std::string> ids;
    for (const auto& row : selected_rows()) ids.push_back(row.id);
    return ids;
}

std::size_t RecordListPanel::selected_count() const { return static_cast<std::size_t>(view_->GetSelectedItemsCount()); }

bool RecordListPanel::select_row(std::size_t row) {
    if (row >= row_count()) return false;
    view_->UnselectAll();
    return add_to_selection(row);
}

bool RecordListPanel::add_to_selection(std::size_t row) {
    if (row >= row_count()) return false;
    // Reads the row's page now: when it is near the end of a count that stopped short, its
    // count reaches further, and the list grows (show_counted_rows) with the row selected.
    model_->row(row);
    const auto item = model_->GetItem(static_cast<unsigned>(row));
    view_->Select(item);
    view_->SetCurrentItem(item);
    view_->EnsureVisible(item);
    return true;
}

wxDataViewItem RecordListPanel::item_at(std::size_t row) const {
    return model_->GetItem(static_cast<unsigned>(row));
}

std::optional<std::size_t> RecordListPanel::row_of(const std::string& id) const {
    const auto limit = std::min(model_->total(), RecordListModel::page_size);
    for (std::size_t row = 0; !id.empty() && row < limit; ++row)
        if (record_id_at(row) == id) return row;
    return std::nullopt;
}

void RecordListPanel::requery() {
    search_timer_.Stop();
    model_->reload();
    model_->Reset(static_cast<unsigned>(model_->total()));
    show_count();
    show_sort_indicator();
}

void RecordListPanel::refresh() {
    refresh_timer_.Stop();
    const auto before = model_->total();
    const bool before_exact = model_->exact();
    const auto selected = selected_record_ids();
    model_->reload(before, before_exact);
    if (model_->total() == before && model_->exact() == before_exact) {
        // Same number of rows: draw them again from the fresh pages, keeping the scroll
        // position and the selection.
        view_->Refresh();
    } else {
        model_->Reset(static_cast<unsigned>(model_->total()));
        // Choose the same records again where they are among the rows just read.
        for (const auto& id : selected)
            if (const auto row = row_of(id)) add_to_selection(*row);
    }
    show_count();
}

void RecordListPanel::refresh_soon() { refresh_timer_.StartOnce(200); }

void RecordListPanel::show_counted_rows() {
    count_change_due_ = false;
    if (model_->show_counted()) show_count();
}

void RecordListPanel::show_count() {
    if (!model_->error().empty()) {
        count_->SetLabel("Could not read the records: " + from_utf8(model_->error()));
        count_->SetForegroundColour(*wxRED);
    } else {
        count_->SetLabel(count_text(model_->total(), model_->exact()));
        count_->SetForegroundColour(wxNullColour);
    }
    Layout();
}

void RecordListPanel::set_form_filter(const std::string& form_id) {
    if (form_id == model_->query.form) return;
    model_->query.form = form_id;
    requery();
}

void RecordListPanel::set_text_filter(const wxString& text) {
    if (search_->GetValue() != text) search_->ChangeValue(text);
    apply_search_text();
}

void RecordListPanel::apply_search_text() {
    search_timer_.Stop();
    std::string text = search_->GetValue().utf8_string();
    if (text == model_->query.text) return;
    model_->query.text = std::move(text);
    requery();
}

void RecordListPanel::set_status_filter(const std::string& status) {
    const auto found = std::find(status_ids_.begin(), status_ids_.end(), status);
    status_->SetSelection(found != status_ids_.end() ? static_cast<int>(found - status_ids_.begin()) : wxNOT_FOUND);
    if (status == model_->query.status) return;
    model_->query.status = status;
    requery();
}

void RecordListPanel::set_withdrawn_filter(forms::ListWithdrawn withdrawn) {
    withdrawn_->SetSelection(withdrawn == forms::ListWithdrawn::only       ? 1
                             : withdrawn == forms::ListWithdrawn::included ? 2
                                                                           : 0);
    if (withdrawn == model_->query.withdrawn) return;
    model_->query.withdrawn = withdrawn;
    requery();
}

void RecordListPanel::set_sort(forms::ListSort sort, bool descending) {
    if (sort == model_->query.sort && descending == model_->query.descending) return;
    model_->query.sort = sort;
    model_->query.descending = descending;
    requery();
}

bool RecordListPanel::sort_by_column(unsigned column) {
    forms::ListSort sort;
    switch (column) {
        case column_title: sort = forms::ListSort::title; break;
        case column_form: sort = forms::ListSort::form; break;
        case column_status: sort = forms::ListSort::status; break;
        case column_modified: sort = forms::ListSort::modified; break;
        default: return false;
    }
    // A new column starts in its natural order: newest first for dates, A to Z otherwise.
    const bool descending = sort == model_->query.sort ? !model_->query.descending : sort == forms::ListSort::modified;
    set_sort(sort, descending);
    return true;
}

void RecordListPanel::show_sort_indicator() {
    const unsigned sorted = model_->query.sort == forms::ListSort::title    ? column_title
                            : model_->query.sort == forms::ListSort::form   ? column_form
                            : model_->query.sort == forms::ListSort::status ? column_status
                                                                            : column_modified;
    wxDataViewColumn* sort_column = nullptr;
    for (unsigned position = 0; position < view_->GetColumnCount(); ++position) {
        auto* column = view_->GetColumn(position);
        if (column->GetModelColumn() == sorted)
            sort_column = column;
        else if (column->IsSortKey())
            column->UnsetAsSortKey();
    }
    if (sort_column != nullptr) sort_column->SetSortOrder(!model_->query.descending);
}

void RecordListPanel::activate_row(const wxDataViewItem& item) {
    if (!item.IsOk()) return;
    const auto id = record_id_at(model_->GetRow(item));
    if (id.empty()) return;
    wxCommandEvent activated(EVT_RECORD_ACTIVATED, GetId());
    activated.SetEventObject(this);
    activated.SetString(from_utf8(id));
    ProcessWindowEvent(activated);
}

void RecordListPanel::on_char_hook(wxKeyEvent& event) {
    const bool delete_key = event.GetKeyCode() == WXK_DELETE || event.GetKeyCode() == WXK_NUMPAD_DELETE;
    const auto* focus = wxWindow::FindFocus();
    const bool in_list = focus != nullptr && (focus == view_ || focus->GetParent() == view_);
    if (!delete_key || event.HasAnyModifiers() || !in_list || selected_count() == 0) {
        event.Skip();
        return;
    }
    wxCommandEvent asked(EVT_RECORD_DELETE_KEY, GetId());
    asked.SetEventObject(this);
    ProcessWindowEvent(asked);
}

}  // namespace formwork::ui
