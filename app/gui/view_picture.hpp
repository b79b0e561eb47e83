// Pictures of the plugins' views, where officers would rather look than read: the same
// sdk::SheetView and sdk::TimelineView the workbook export writes as sheets, drawn with
// wxGraphicsContext. A sheet is a grid (header rows and the first column stay in place while
// the rest scrolls), each cell filled by its style class; a timeline is a row per line with a
// date axis, each interval a bar, each marker a diamond with a line down its group. Colour
// never carries meaning alone: every cell and bar keeps its text, and a legend names the
// colours. The picture's text alternative reaches screen readers through ATK.
#pragma once

#include <formwork/model/definition.hpp>
#include <formwork/model/diagnostic.hpp>
#include <formwork/sdk/views.hpp>

#include <wx/colour.h>
#include <wx/panel.h>
#include <wx/scrolwin.h>
#include <wx/string.h>

#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

class wxCheckBox;
class wxChoice;
class wxGraphicsContext;
class wxImage;
class wxMouseEvent;
class wxPaintEvent;
class wxStaticText;
class wxTextCtrl;

namespace formwork::sdk {
class RecordQuery;
}

namespace formwork::ui {

// What a style class looks like in a picture: the workbook's fill and font colours
// (exporters/xlsx/xlsx_workbook.cpp, Excel's "Good", "Neutral" and "Bad"), and what it means,
// for the legend. The one table of them is in view_picture.cpp.
struct StyleLook {
    std::string_view style;
    wxColour fill;
    wxColour text;
    bool bold = false;
    wxString meaning;  // "Green", "Negative impact", ...
};

// The look of a style class; nothing for an empty or unknown class, which draws plain.
std::optional<StyleLook> style_look(std::string_view style);
// The fill of a style class; white for an empty or unknown class.
wxColour fill_for_style(std::string_view style);
// Every style class the pictures know, in legend order.
std::vector<std::string_view> known_style_classes();

class ViewPicture : public wxScrolledWindow {
public:
    ViewPicture(wxWindow* parent, sdk::SheetView view, wxWindowID id = wxID_ANY);
    ViewPicture(wxWindow* parent, sdk::TimelineView view, wxWindowID id = wxID_ANY);
    ~ViewPicture() override;

    // Shows another view: laid out again, scrolled back to the start, its text alternative
    // given to screen readers.
    void set_view(sdk::SheetView view);
    void set_view(sdk::TimelineView view);

    bool is_timeline() const noexcept;
    // The view drawn: one of these is null.
    const sdk::SheetView* sheet() const noexcept { return std::get_if<sdk::SheetView>(&view_); }
    const sdk::TimelineView* timeline() const noexcept { return std::get_if<sdk::TimelineView>(&view_); }
    wxString view_name() const;
    wxString title() const;

    // What the picture shows, in words: the view's own text alternative, or, when the plugin
    // gave none, one made from it (the title, then each row as "label: heading value; ...").
    wxString text_alternative() const;
    // The text alternative and then every row in words, line by line: what "Show as text"
    // shows, so that nothing cut short in a cell is lost to a keyboard or screen-reader user.
    wxString text_in_full() const;
    // The meanings in the legend, in order ("Green: attended", ...).
    std::vector<wxString> legend() const;
    // The size of the whole picture (also its virtual size), in pixels.
    wxSize picture_size() const;
    // The whole picture, unscrolled, drawn off screen by the same code as the window: for a
    // picture to keep or paste into a report (and for tests).
    wxImage render_whole() const;

private:
    struct Layout;
    class LayoutBuilder;  // lay_out's steps; a member, so that they can fill in a Layout
    void start();
    void lay_out();
    void describe_for_screen_readers();
    void on_paint(wxPaintEvent& event);
    void on_motion(wxMouseEvent& event);
    void draw_sheet(wxGraphicsContext& gc, const wxPoint& scrolled, const wxSize& client) const;
    void draw_timeline(wxGraphicsContext& gc, const wxPoint& scrolled, const wxSize& client) const;
    void draw_top_band(wxGraphicsContext& gc, const wxSize& client) const;
    wxString tip_at(const wxPoint& client_point) const;

    std::variant<sdk::SheetView, sdk::TimelineView> view_;
    std::unique_ptr<Layout> layout_;
    wxString tip_;
};

// The description a screen reader reads for `window` (ATK's accessible description of its
// focusable widget), UTF-8; "" when it has none. For tests.
std::string accessible_description(wxWindow* window);
// The same for the accessible name.
std::string accessible_picture_name(wxWindow* window);

// The pictures of a form's views over some of its records: a choice of the views, the chosen
// one drawn, and "Show as text" for the same content in words. A plugin whose views fail is
// reported here in words; the panel never throws.
class ViewsPanel : public wxPanel {
public:
    // `today` empty for today. `records` must outlive the call (the views are read at once).
    ViewsPanel(wxWindow* parent, forms::FormDefinitionPtr form, std::vector<std::string> record_ids,
               const sdk::RecordQuery& records, const std::string& today = {});

    std::size_t view_count() const noexcept { return views_.size(); }
    wxString view_name(std::size_t index) const;
    std::size_t selected_view() const noexcept { return selected_; }
    // Shows view `index`; false when there is no such view.
    bool select_view(std::size_t index);
    // Shows or hides the text alternative under the picture (as the check box does).
    void show_as_text(bool shown);

    ViewPicture* picture() const noexcept { return picture_; }
    wxTextCtrl* text_view() const noexcept { return text_; }
    wxCheckBox* text_toggle() const noexcept { return toggle_; }
    wxChoice* view_choice() const noexcept { return choice_; }
    // What went wrong asking for the views, one problem a line; empty when nothing did.
    wxString problems_text() const { return problems_text_; }

private:
    void ask_for_views(const forms::FormDefinitionPtr& form, std::vector<std::string> record_ids,
                       const sdk::RecordQuery& records, const std::string& today);

    std::vector<std::variant<sdk::SheetView, sdk::TimelineView>> views_;
    std::size_t selected_ = 0;
    wxString problems_text_;
    wxChoice* choice_ = nullptr;
    wxStaticText* message_ = nullptr;
    ViewPicture* picture_ = nullptr;
    wxCheckBox* toggle_ = nullptr;
    wxTextCtrl* text_ = nullptr;
};

}  // namespace formwork::ui
