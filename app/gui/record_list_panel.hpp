// The record list: a search box, a status filter, a filter of withdrawn records and a virtual
// list of the store's records, read a page at a time, so that it stays quick with 100,000
// records. The store filters and sorts; the list only shows the rows on screen. Several rows
// can be chosen at once (Withdraw…, Restore… and Export these… act on all of them).
#pragma once

#include <formwork/host/form_registry.hpp>
#include <formwork/store/record_store.hpp>

#include <wx/button.h>
#include <wx/choice.h>
#include <wx/dataview.h>
#include <wx/event.h>
#include <wx/panel.h>
#include <wx/srchctrl.h>
#include <wx/stattext.h>
#include <wx/timer.h>

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

namespace formwork::ui {

// Sent (it propagates to the frame) when a row is activated by a double-click or Enter:
// GetString() is the record's id.
wxDECLARE_EVENT(EVT_RECORD_ACTIVATED, wxCommandEvent);
// Sent (it propagates to the frame) when Delete is pressed in the list with rows chosen: the
// main window asks whether to withdraw them.
wxDECLARE_EVENT(EVT_RECORD_DELETE_KEY, wxCommandEvent);

class RecordListModel;

class RecordListPanel : public wxPanel {
public:
    enum Column : unsigned { column_title, column_form, column_status, column_modified, column_by, column_count };
    // How long typing in the search box must pause before the list is filtered.
    static constexpr int search_delay_ms = 250;

    RecordListPanel(wxWindow* parent, forms::RecordStore& store, const forms::FormRegistry& registry);
    ~RecordListPanel() override;

    // Reads the list again with the same filters and order (after a save, an import).
    void refresh();
    // As refresh(), a moment later: many saves in a row read the list once.
    void refresh_soon();

    // Filters; each reads the list again at once. An empty value is no filter.
    void set_form_filter(const std::string& form_id);
    void set_text_filter(const wxString& text);   // also shows the text in the search box
    void set_status_filter(const std::string& status);  // also selects it in the choice
    // Current records only (the default), withdrawn ones only, or both; also set in its choice.
    void set_withdrawn_filter(forms::ListWithdrawn withdrawn);
    // The order, as a header click sets it; the sort indicator follows.
    void set_sort(forms::ListSort sort, bool descending);
    // What a click on a column's header does: sorts by it, or reverses the order when
    // it is the sort column already. False for a column the store cannot sort by.
    bool sort_by_column(unsigned column);

    const forms::ListQuery& query() const noexcept;
    std::size_t row_count() const;
    // False when the count stopped short (a one- or two-character search): more than
    // row_count() records match, and the list grows as pages further on are read.
    bool row_count_exact() const;
    // "" when the row is out of range or could not be read.
    std::string record_id_at(std::size_t row) const;
    std::optional<forms::ListRow> row_at(std::size_t row) const;
    // A cell as the list shows it.
    wxString text_at(std::size_t row, Column column) const;
    // The first chosen record's id (in the list's order), or "".
    std::string selected_record_id() const;
    // Every chosen row, in the list's order (rows that could not be read are left out).
    std::vector<forms::ListRow> selected_rows() const;
    std::vector<std::string> selected_record_ids() const;
    std::size_t selected_count() const;
    // Chooses this row alone. Reads the row's page, so a row near the end of a count that
    // stopped short makes the list grow (a moment later, with the row still selected).
    bool select_row(std::size_t row);
    // Adds a row to those chosen, as Ctrl+click does.
    bool add_to_selection(std::size_t row);
    // The row of a record among those read so far (the first pages), or nothing.
    std::optional<std::size_t> row_of(const std::string& id) const;
    // The view's item for a row (for tests that click it: wxDataViewCtrl::GetItemRect).
    wxDataViewItem item_at(std::size_t row) const;
    // How many pages were read from the store since the panel was made (for tests: the
    // list never reads every row).
    std::size_t pages_read() const noexcept;
    // Why the last read failed, or "".
    const std::string& read_error() const noexcept;

    wxDataViewCtrl* view() const noexcept { return view_; }
    wxSearchCtrl* search_box() const noexcept { return search_; }
    wxChoice* status_choice() const noexcept { return status_; }
    // "Current records", "Withdrawn only", "Current and withdrawn", in ListWithdrawn's order.
    wxChoice* withdrawn_choice() const noexcept { return withdrawn_; }
    wxStaticText* count_label() const noexcept { return count_; }
    wxButton* new_button() const noexcept { return new_button_; }
    // "Pictures…": the main window binds it to View > Pictures of these records.
    wxButton* pictures_button() const noexcept { return pictures_button_; }

private:
    void build();
    void requery();
    void show_count();
    // Makes the rows match the count the pages read since brought (RecordListModel).
    void show_counted_rows();
    void choose_cursor_row_if_none();  // before an arrow key moves from it
    void show_sort_indicator();
    void apply_search_text();
    void activate_row(const wxDataViewItem& item);
    void on_char_hook(wxKeyEvent& event);

    forms::RecordStore& store_;
    const forms::FormRegistry& registry_;
    RecordListModel* model_ = nullptr;  // reference-counted; the view holds one reference
    wxSearchCtrl* search_ = nullptr;
    wxChoice* status_ = nullptr;
    std::vector<std::string> status_ids_;  // by choice index; "" is "All"
    wxChoice* withdrawn_ = nullptr;
    wxStaticText* count_ = nullptr;
    wxButton* new_button_ = nullptr;
    wxButton* pictures_button_ = nullptr;
    wxDataViewCtrl* view_ = nullptr;
    wxTimer search_timer_;
    wxTimer refresh_timer_;
    bool count_change_due_ = false;  // show_counted_rows() is queued
};

}  // namespace formwork::ui
