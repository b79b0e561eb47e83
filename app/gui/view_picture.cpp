// Pictures of the plugins' views (see view_picture.hpp). Everything is measured once, when a
// view is set (column widths, wrapped headings, cut texts, bar and label places); a paint only
// draws the rows and columns in sight, so a large attendance year scrolls as fast as a small one.
#include "view_picture.hpp"

#include "wx_text.hpp"

#include <formwork/exporters/timeline_dates.hpp>
#include <formwork/model/form_extension.hpp>
#include <formwork/sdk/record_query.hpp>

#include <wx/checkbox.h>
#include <wx/choice.h>
#include <wx/dcbuffer.h>
#include <wx/graphics.h>
#include <wx/image.h>
#include <wx/settings.h>
#include <wx/sizer.h>
#include <wx/stattext.h>
#include <wx/textctrl.h>

#include <gtk/gtk.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <map>
#include <unordered_map>
#include <utility>

namespace formwork::ui {

namespace {

// The one table of what style classes look like. The fills and fonts are the workbook's
// (exporters/xlsx/xlsx_workbook.cpp, checked by a test against that file), so a picture and
// the sheet of the same view agree; "meeting" is drawn only here (the workbook marks a
// meeting's week in its heading colours, which this fill repeats).
struct StyleRow {
    std::string_view style;
    std::uint32_t fill;
    std::uint32_t text;
    bool bold;
    const char* meaning;
};
constexpr StyleRow style_rows[] = {
    {"header", 0xDDEBF7, 0x000000, true, "Heading"},
    {"key", 0xF2F2F2, 0x595959, false, "An id to leave as it is"},
    {"rag-green", 0xC6EFCE, 0x006100, false, "Green"},
    {"rag-amber", 0xFFEB9C, 0x9C5700, false, "Amber"},
    {"rag-red", 0xFFC7CE, 0x9C0006, false, "Red"},
    {"impact-positive", 0xC6EFCE, 0x006100, false, "Positive impact"},
    {"impact-negative", 0xFFC7CE, 0x9C0006, false, "Negative impact"},
    {"impact-neutral", 0xEDEDED, 0x3A3A3A, false, "No impact"},
    {"impact-both", 0xFFEB9C, 0x9C5700, false, "Positive and negative impacts"},
    {"impact-insufficient-data", 0xDDEBF7, 0x1F4E79, false, "Insufficient data"},
    // The attendance year's categories (plugins/attendance): greens attended, ambers a deputy or
    // substitute, reds no one; blue-greys, grey and purple are none of these.
    {"attendance-present", 0xC6EFCE, 0x006100, false, "Present"},
    {"attendance-present-virtual", 0xE2EFDA, 0x375623, false, "Present virtually"},
    {"attendance-substitute", 0xFFEB9C, 0x9C5700, false, "Present as substitute"},
    {"attendance-substitute-virtual", 0xFFF2CC, 0x7F6000, false, "Present as substitute virtually"},
    {"attendance-apologies-substitute", 0xFCE4D6, 0x833C0B, false, "Apologies, substitute sent"},
    {"attendance-deputy-sent", 0xF8CBAD, 0x843C0C, false, "Deputy sent"},
    {"attendance-apologies", 0xFFC7CE, 0x9C0006, false, "Apologies"},
    {"attendance-absent", 0xF4B0B0, 0x820000, false, "Absent"},
    {"attendance-none", 0xFFDEDE, 0x9C0006, false, "None"},
    {"attendance-in-attendance", 0xD6DCE4, 0x333F4F, false, "In attendance (not a member)"},
    {"attendance-in-attendance-virtual", 0xE9EDF2, 0x44546A, false, "In attendance virtually"},
    {"attendance-expected", 0xF2F2F2, 0x595959, false, "Expected (not yet recorded)"},
    {"attendance-unknown", 0xE4DFEC, 0x5B3F86, false, "Unknown"},
    {"meeting", 0xDDEBF7, 0x1F4E79, false, "Meeting"},
};

wxColour rgb(std::uint32_t value) {
    return wxColour(static_cast<unsigned char>((value >> 16) & 0xFF), static_cast<unsigned char>((value >> 8) & 0xFF),
                    static_cast<unsigned char>(value & 0xFF));
}

const StyleRow* find_row(std::string_view style) {
    for (const auto& row : style_rows)
        if (row.style == style) return &row;
    return nullptr;
}

// Colours of the drawing itself, not of any meaning.
const wxColour ink = rgb(0x202020);
const wxColour faint_ink = rgb(0x5A5A5A);
const wxColour grid_line = rgb(0xC8CED6);
const wxColour frozen_edge = rgb(0x8497B0);
const wxColour zebra = rgb(0xF6F8FB);
const wxColour group_band = rgb(0xEEF3FA);
const wxColour plain_bar = rgb(0xEDEDED);
const wxColour plain_bar_edge = rgb(0x5A5A5A);

constexpr double hpad = 6;           // left and right of a cell's text
constexpr double vpad = 3;           // above and below a line of text
constexpr double min_column = 44;    // the narrowest column
constexpr double max_column = 260;   // the widest column of data
constexpr double max_label = 340;    // the widest row label (first column, timeline labels)
constexpr double heading_wrap = 96;  // a heading narrower than this is never wrapped
constexpr std::size_t heading_lines = 3;
constexpr double plot_margin = 12;  // between a timeline's label column and its first day
constexpr double diamond = 5;       // half the width of a marker's diamond
constexpr std::size_t marker_lanes = 3;
const wxString ellipsis = wxString::FromUTF8("\xE2\x80\xA6");
const char* const month_names[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

double to_d(std::size_t n) { return static_cast<double>(n); }

// A cell as a person reads it: numbers without trailing zeros, booleans as Yes or No.
std::string cell_text(const sdk::Cell& cell) {
    switch (cell.type) {
        case sdk::Cell::Type::empty: return {};
        case sdk::Cell::Type::number: {
            char buffer[32];
            std::snprintf(buffer, sizeof buffer, "%.10g", cell.number);
            return buffer;
        }
        case sdk::Cell::Type::boolean: return cell.text == "true" ? "Yes" : "No";
        case sdk::Cell::Type::text:
        case sdk::Cell::Type::date: return cell.text;
    }
    return cell.text;
}

// Text measured with the fonts the picture draws with, each width kept: a grid repeats its
// words ("attended", "none") thousands of times.
class Measure {
public:
    enum Kind { normal, bold, title, kinds };

    explicit Measure(const std::array<wxFont, kinds>& fonts)
        : context_(wxGraphicsRenderer::GetDefaultRenderer()->CreateMeasuringContext()), fonts_(fonts) {
        for (int kind = 0; kind < kinds; ++kind) {
            use(static_cast<Kind>(kind));
            double width = 0;
            double height = 0;
            if (context_) context_->GetTextExtent("Hg", &width, &height);
            heights_[static_cast<std::size_t>(kind)] = std::ceil(height > 0 ? height : 14);
        }
    }

    double width(const wxString& text, Kind kind) {
        if (text.empty()) return 0;
        auto& cache = widths_[static_cast<std::size_t>(kind)];
        if (const auto found = cache.find(text); found != cache.end()) return found->second;
        use(kind);
        double width = 0;
        double height = 0;
        if (context_) context_->GetTextExtent(text, &width, &height);
        else width = 7.0 * to_d(text.length());
        width = std::ceil(width);
        cache.emplace(text, width);
        return width;
    }

    double height(Kind kind) const { return heights_[static_cast<std::size_t>(kind)]; }

    // The text, or as much of it as fits in `room` followed by an ellipsis.
    wxString fit(const wxString& text, double room, Kind kind) {
        if (width(text, kind) <= room) return text;
        const double tail = width(ellipsis, kind);
        if (room <= tail) return room >= tail ? ellipsis : wxString();
        wxArrayDouble widths;
        use(kind);
        if (context_) context_->GetPartialTextExtents(text, widths);
        std::size_t keep = 0;
        while (keep < widths.size() && keep < text.length() && widths[keep] + tail <= room) ++keep;
        wxString kept = text.Left(keep);
        kept.Trim();
        return kept + ellipsis;
    }

    // Words in lines of at most `room` (a longer word alone on its line), at most `most` lines:
    // the last one keeps the rest, cut to fit.
    std::vector<wxString> wrap(const wxString& text, double room, Kind kind, std::size_t most) {
        std::vector<wxString> lines;
        wxString line;
        wxString rest = text;
        while (!rest.empty()) {
            wxString word = rest.BeforeFirst(' ');
            rest = rest.Contains(" ") ? rest.AfterFirst(' ') : wxString();
            if (word.empty()) continue;
            const wxString longer = line.empty() ? word : line + " " + word;
            if (line.empty() || width(longer, kind) <= room) {
                line = longer;
                continue;
            }
            lines.push_back(line);
            line = word;
        }
        if (!line.empty()) lines.push_back(line);
        if (lines.size() > most) {
            for (std::size_t i = most; i < lines.size(); ++i) lines[most - 1] += " " + lines[i];
            lines.resize(most);
        }
        return lines;
    }

    // The narrowest wrap into at most `most` lines, trying wider rooms up to `widest`.
    std::vector<wxString> wrap_within(const wxString& text, double room, double widest, Kind kind, std::size_t most) {
        auto lines = wrap(text, room, kind, most + 1);
        while (lines.size() > most && room < widest) {
            room = std::min(widest, room + 12);
            lines = wrap(text, room, kind, most + 1);
        }
        return lines.size() > most ? wrap(text, room, kind, most) : lines;
    }

private:
    void use(Kind kind) {
        if (context_) context_->SetFont(fonts_[static_cast<std::size_t>(kind)], ink);
    }

    std::unique_ptr<wxGraphicsContext> context_;
    std::array<wxFont, kinds> fonts_;
    std::array<double, kinds> heights_{};
    std::array<std::unordered_map<wxString, double>, kinds> widths_;
};

// The window's font (the system's when it has none), its bold, and a larger bold for titles.
std::array<wxFont, Measure::kinds> picture_fonts(const wxFont& window_font) {
    wxFont normal = window_font.IsOk() ? window_font : wxSystemSettings::GetFont(wxSYS_DEFAULT_GUI_FONT);
    wxFont bold = normal.Bold();
    wxFont big = normal.Bold();
    big.SetFractionalPointSize(normal.GetFractionalPointSize() * 1.25);
    return {normal, bold, big};
}

// The GTK widgets that stand for `window` to a screen reader: its outer widget (a scrolled
// window for a wxScrolledWindow) and the ones inside it down to the one that takes the focus.
std::vector<GtkWidget*> accessible_widgets(wxWindow* window) {
    std::vector<GtkWidget*> widgets;
    if (window == nullptr) return widgets;
    auto* widget = static_cast<GtkWidget*>(window->GetHandle());
    while (widget != nullptr) {
        widgets.push_back(widget);
        if (!GTK_IS_SCROLLED_WINDOW(widget) && !GTK_IS_VIEWPORT(widget)) break;
        widget = gtk_bin_get_child(GTK_BIN(widget));
    }
    return widgets;
}

void set_accessible(wxWindow* window, const wxString& name, const wxString& description, std::optional<AtkRole> role) {
    for (GtkWidget* widget : accessible_widgets(window)) {
        AtkObject* accessible = gtk_widget_get_accessible(widget);
        if (accessible == nullptr) continue;
        atk_object_set_name(accessible, static_cast<const char*>(name.utf8_str()));
        if (!description.empty()) atk_object_set_description(accessible, static_cast<const char*>(description.utf8_str()));
        if (role) atk_object_set_role(accessible, *role);
    }
}

AtkObject* innermost_accessible(wxWindow* window) {
    const auto widgets = accessible_widgets(window);
    return widgets.empty() ? nullptr : gtk_widget_get_accessible(widgets.back());
}

std::size_t first_at_or_after(const std::vector<double>& edges, double value) {
    // The index of the first band [edges[i], edges[i+1]) that ends after `value`.
    const auto found = std::upper_bound(edges.begin(), edges.end(), value);
    return found == edges.begin() ? 0 : static_cast<std::size_t>(found - edges.begin()) - 1;
}

double crisp(double v) { return std::floor(v) + 0.5; }

// A timeline row, from the top: a lane of bars, lanes of marker labels, the diamonds.
double bar_lane_height(double text_height) { return std::ceil(text_height + 12); }
double bar_height(double text_height) { return std::ceil(text_height + 6); }
double label_lane_height(double text_height) { return std::ceil(text_height + 3); }
constexpr double diamond_strip = 2 * diamond + 4;

}  // namespace

std::optional<StyleLook> style_look(std::string_view style) {
    const auto* row = find_row(style);
    if (row == nullptr) return std::nullopt;
    return StyleLook{row->style, rgb(row->fill), rgb(row->text), row->bold, wxString::FromUTF8(row->meaning)};
}

wxColour fill_for_style(std::string_view style) {
    const auto* row = find_row(style);
    return row != nullptr ? rgb(row->fill) : *wxWHITE;
}

std::vector<std::string_view> known_style_classes() {
    std::vector<std::string_view> styles;
    for (const auto& row : style_rows) styles.push_back(row.style);
    return styles;
}

// Everything measured for the view in hand. Coordinates are in pixels of the whole picture;
// a paint shifts them by the scroll position, except for what stays in place.
struct ViewPicture::Layout {
    std::array<wxFont, Measure::kinds> fonts;
    double line = 14;  // a line of normal text, with its padding

    // The band at the top, which never scrolls: the title and the legend.
    wxString title;
    struct LegendItem {
        std::string style;
        bool marker = false;
        wxString text;
        double x = 0;
        double y = 0;
    };
    std::vector<LegendItem> legend;
    double top = 0;  // the band's height

    // A sheet. Column 0 (the row labels) and the header rows stay in place.
    std::vector<double> column_x;  // columns + 1 edges, column_x[0] == 0
    std::vector<double> header_y;  // header rows + 1 edges, from the top band's bottom
    struct Heading {
        std::vector<wxString> lines;
        std::string style;
    };
    std::vector<std::vector<Heading>> headings;  // [header row][column]; merged ones left empty
    struct Merged {
        std::size_t row = 0;
        std::size_t first = 0;
        std::size_t last = 0;
        wxString text;
    };
    std::vector<Merged> merged;
    double row_height = 0;
    struct Shown {
        wxString text;  // cut to fit
        int align = 0;  // -1 left, 0 centre, 1 right
    };
    std::vector<std::vector<Shown>> cells;  // [row][column]
    std::vector<wxString> column_names;     // for words and tips

    // A timeline. The label column and the date axis stay in place.
    double label_width = 0;
    double axis_height = 0;
    std::chrono::sys_days first_day{};
    double day_width = 0;
    struct Month {
        double x = 0;
        double width = 0;
        wxString name;
        wxString year;  // at January and at the first month
    };
    std::vector<Month> months;
    std::vector<double> row_y;  // rows + 1 edges, from the axis' bottom
    std::vector<std::vector<wxString>> row_labels;  // a group's heading may take a few lines
    struct Bar {
        double x = 0;
        double width = 0;
        std::string style;
        wxString text;
        bool text_inside = true;
        wxString tip;
    };
    struct Mark {
        double x = 0;
        std::size_t lane = 0;
        std::string style;
        wxString text;
        wxString tip;
    };
    std::vector<std::vector<Bar>> bars;
    std::vector<std::vector<Mark>> marks;
    std::vector<bool> bar_lane;            // whether the row has a lane of bars (at its top)
    std::vector<std::size_t> label_lanes;  // lanes of marker labels, above the diamonds
    std::vector<std::size_t> group_end;  // for a row with markers, the row where its lines stop
    std::vector<bool> has_marks;
    bool no_dates = false;

    wxSize size;
};

ViewPicture::ViewPicture(wxWindow* parent, sdk::SheetView view, wxWindowID id)
    : wxScrolledWindow(parent, id, wxDefaultPosition, wxDefaultSize, wxHSCROLL | wxVSCROLL | wxFULL_REPAINT_ON_RESIZE),
      view_(std::move(view)) {
    start();
}

ViewPicture::ViewPicture(wxWindow* parent, sdk::TimelineView view, wxWindowID id)
    : wxScrolledWindow(parent, id, wxDefaultPosition, wxDefaultSize, wxHSCROLL | wxVSCROLL | wxFULL_REPAINT_ON_RESIZE),
      view_(std::move(view)) {
    start();
}

ViewPicture::~ViewPicture() = default;

void ViewPicture::start() {
    SetBackgroundStyle(wxBG_STYLE_PAINT);
    SetBackgroundColour(*wxWHITE);
    // The header rows and the label column stay in place while the rest scrolls, so a scroll
    // repaints the window rather than shifting what is on it.
    EnableScrolling(false, false);
    SetMinSize(FromDIP(wxSize(240, 160)));
    Bind(wxEVT_PAINT, &ViewPicture::on_paint, this);
    Bind(wxEVT_MOTION, &ViewPicture::on_motion, this);
    lay_out();
    describe_for_screen_readers();
}

void ViewPicture::set_view(sdk::SheetView view) {
    view_ = std::move(view);
    lay_out();
    describe_for_screen_readers();
    Scroll(0, 0);
    Refresh();
}

void ViewPicture::set_view(sdk::TimelineView view) {
    view_ = std::move(view);
    lay_out();
    describe_for_screen_readers();
    Scroll(0, 0);
    Refresh();
}

bool ViewPicture::is_timeline() const noexcept { return std::holds_alternative<sdk::TimelineView>(view_); }

wxString ViewPicture::view_name() const {
    return from_utf8(std::visit([](const auto& view) { return view.name; }, view_));
}

wxString ViewPicture::title() const {
    return from_utf8(std::visit([](const auto& view) { return view.title.empty() ? view.name : view.title; }, view_));
}

wxSize ViewPicture::picture_size() const { return layout_ ? layout_->size : wxSize(); }

std::vector<wxString> ViewPicture::legend() const {
    std::vector<wxString> texts;
    if (layout_)
        for (const auto& item : layout_->legend) texts.push_back(item.text);
    return texts;
}

namespace {

std::string sentence(std::string text) {
    while (!text.empty() && text.back() == ' ') text.pop_back();
    if (!text.empty() && text.back() != '.' && text.back() != ':' && text.back() != '?') text += '.';
    return text;
}

// The heading of each column, for words: the last header row's text, or a merged heading
// over it, or an earlier header row's.
std::vector<std::string> column_headings(const sdk::SheetView& view, std::size_t columns) {
    std::vector<std::string> names(columns);
    for (std::size_t c = 0; c < columns; ++c) {
        for (auto r = view.header_rows.size(); r-- > 0 && names[c].empty();) {
            if (c < view.header_rows[r].size()) names[c] = cell_text(view.header_rows[r][c]);
            for (const auto& merged : view.merged_headings)
                if (names[c].empty() && merged.row == r && merged.first_column <= c && c <= merged.last_column)
                    names[c] = merged.text;
        }
        if (names[c].empty()) names[c] = "column " + std::to_string(c + 1);
    }
    return names;
}

std::size_t column_count(const sdk::SheetView& view) {
    std::size_t columns = 0;
    for (const auto& row : view.header_rows) columns = std::max(columns, row.size());
    for (const auto& row : view.rows) columns = std::max(columns, row.size());
    for (const auto& merged : view.merged_headings) columns = std::max(columns, merged.last_column + 1);
    return columns;
}

// Each row in words, a line each: "label: heading value; heading value."
std::string rows_in_words(const sdk::SheetView& view) {
    const auto names = column_headings(view, column_count(view));
    std::string words;
    for (const auto& row : view.rows) {
        std::string line = row.empty() ? std::string() : cell_text(row[0]);
        std::string said;
        for (std::size_t c = 1; c < row.size(); ++c) {
            const auto value = cell_text(row[c]);
            if (value.empty()) continue;
            said += (said.empty() ? "" : "; ") + names[c] + " " + value;
        }
        if (line.empty()) line = "(no label)";
        words += sentence(line + (said.empty() ? ": nothing" : ": " + said)) + "\n";
    }
    return words;
}

std::string rows_in_words(const sdk::TimelineView& view) {
    std::string words;
    for (const auto& row : view.rows) {
        std::string said;
        for (const auto& interval : row.intervals)
            said += (said.empty() ? "" : "; ") + (interval.label.empty() ? std::string("from") : interval.label + " from") + " " +
                    interval.start + " to " + interval.end;
        for (const auto& marker : row.markers) said += (said.empty() ? "" : "; ") + marker.label + " on " + marker.date;
        words += sentence((row.label.empty() ? std::string("(no label)") : row.label) + (said.empty() ? ": nothing" : ": " + said)) +
                 "\n";
    }
    return words;
}

}  // namespace

wxString ViewPicture::text_alternative() const {
    return std::visit(
        [](const auto& view) {
            if (!view.text_alternative.empty()) return from_utf8(view.text_alternative);
            const std::string title = view.title.empty() ? view.name : view.title;
            return from_utf8(sentence(title) + "\n" + rows_in_words(view));
        },
        view_);
}

wxString ViewPicture::text_in_full() const {
    return std::visit(
        [this](const auto& view) {
            if (view.text_alternative.empty()) return text_alternative();
            const std::string title = view.title.empty() ? view.name : view.title;
            return from_utf8(sentence(title) + "\n" + view.text_alternative + "\n\nRow by row:\n" + rows_in_words(view));
        },
        view_);
}

void ViewPicture::describe_for_screen_readers() {
    const wxString name = title();
    const wxString description = text_alternative();
    SetName(name);
    SetHelpText(description);
    set_accessible(this, name, description, ATK_ROLE_IMAGE);
}

// lay_out's steps, each filling in its part of the layout. They share the one Measure: its kept
// widths are what makes laying out a large sheet quick.
class ViewPicture::LayoutBuilder {
public:
    LayoutBuilder(Layout& layout, Measure& text_measure)
        : L(layout), measure(text_measure), text_height(text_measure.height(Measure::normal)) {}

    void legend(const std::variant<sdk::SheetView, sdk::TimelineView>& view);
    void sheet_grid(const sdk::SheetView& sheet);
    void timeline_lanes(const sdk::TimelineView& timeline);
    // After the sheet or the timeline, whose width the legend flows in; returns where the
    // legend's last line ends.
    double top_band();
    void size(bool is_sheet, double legend_end);

private:
    using Texts = std::vector<std::vector<wxString>>;                       // [row][column]
    using WrappedHeadings = std::vector<std::vector<std::vector<wxString>>>;  // [header row][column][line]

    Texts cell_texts(const sdk::SheetView& sheet, std::vector<double>& width);
    WrappedHeadings wrapped_headings(const sdk::SheetView& sheet, std::vector<double>& width);
    void widen_for_merged_headings(const sdk::SheetView& sheet, std::vector<double>& width);
    void heading_rows(const sdk::SheetView& sheet, const WrappedHeadings& wrapped);
    void cells(const sdk::SheetView& sheet, const Texts& texts);

    double axis(const sdk::TimelineView& timeline);
    double x_of(std::chrono::sys_days day) const {
        return L.label_width + plot_margin + static_cast<double>((day - L.first_day).count()) * L.day_width;
    }
    void timeline_row(std::size_t r, const sdk::TimelineView::Row& row, double& right);
    void bars(std::size_t r, const sdk::TimelineView::Row& row, double& right);
    std::size_t marks(std::size_t r, const sdk::TimelineView::Row& row, double& right);
    void row_labels(const sdk::TimelineView& timeline);

    // A row of markers heads its group, in bold.
    static Measure::Kind label_kind(const sdk::TimelineView::Row& row) {
        return row.markers.empty() ? Measure::normal : Measure::bold;
    }

    Layout& L;
    Measure& measure;
    const double text_height;
};

// The legend: each style class the view's data uses, with the words it is used with
// ("Green: attended") where those are words; numbers and yes/no say nothing of a colour.
void ViewPicture::LayoutBuilder::legend(const std::variant<sdk::SheetView, sdk::TimelineView>& view) {
    std::map<std::string, std::vector<std::string>> used;  // style -> examples
    std::vector<std::string> used_marks;
    const auto note = [&](const std::string& style, const std::string& example, bool words) {
        if (style.empty() || style == "header" || !find_row(style)) return;
        auto& examples = used[style];
        if (!words || example.empty()) return;
        const auto meaning = wxString::FromUTF8(find_row(style)->meaning).Lower();
        if (from_utf8(example).Lower().StartsWith(meaning)) return;
        if (std::find(examples.begin(), examples.end(), example) == examples.end() && examples.size() < 3)
            examples.push_back(example);
    };
    bool plain_bars = false;
    if (const auto* sheet = std::get_if<sdk::SheetView>(&view)) {
        for (const auto& row : sheet->rows)
            for (const auto& cell : row)
                note(cell.style, cell_text(cell), cell.type == sdk::Cell::Type::text || cell.type == sdk::Cell::Type::date);
    } else {
        for (const auto& row : std::get<sdk::TimelineView>(view).rows) {
            for (const auto& interval : row.intervals) {
                note(interval.style, interval.label, true);
                plain_bars = plain_bars || (!find_row(interval.style) && exporters::timeline_day(interval.start) && exporters::timeline_day(interval.end));
            }
            for (const auto& marker : row.markers)
                if (std::find(used_marks.begin(), used_marks.end(), marker.style) == used_marks.end())
                    used_marks.push_back(marker.style);
        }
    }
    for (const auto& row : style_rows) {
        const auto found = used.find(std::string(row.style));
        if (found == used.end()) continue;
        std::string text = row.meaning;
        for (std::size_t i = 0; i < found->second.size(); ++i) text += (i == 0 ? ": " : ", ") + found->second[i];
        L.legend.push_back({std::string(row.style), false, from_utf8(text), 0, 0});
    }
    if (plain_bars) L.legend.push_back({"", false, "Other", 0, 0});
    for (const auto& style : used_marks) {
        const auto* row = find_row(style);
        L.legend.push_back({style, true, row ? wxString::FromUTF8(row->meaning) : wxString("Marker"), 0, 0});
    }
}

void ViewPicture::LayoutBuilder::sheet_grid(const sdk::SheetView& sheet) {
    const std::size_t columns = std::max<std::size_t>(1, column_count(sheet));
    for (const auto& name : column_headings(sheet, columns)) L.column_names.push_back(from_utf8(name));
    // Widths from the data, then from the headings (wrapped), then from merged headings.
    std::vector<double> width(columns, min_column);
    const Texts texts = cell_texts(sheet, width);
    const WrappedHeadings wrapped = wrapped_headings(sheet, width);
    widen_for_merged_headings(sheet, width);
    L.column_x.assign(columns + 1, 0);
    for (std::size_t c = 0; c < columns; ++c) L.column_x[c + 1] = L.column_x[c] + std::ceil(width[c]);
    heading_rows(sheet, wrapped);
    cells(sheet, texts);
}

// Each cell's whole text, its column widened to show it (a column no wider than its most).
auto ViewPicture::LayoutBuilder::cell_texts(const sdk::SheetView& sheet, std::vector<double>& width) -> Texts {
    const std::size_t columns = width.size();
    Texts texts(sheet.rows.size());
    for (std::size_t r = 0; r < sheet.rows.size(); ++r) {
        const auto& row = sheet.rows[r];
        texts[r].resize(columns);
        for (std::size_t c = 0; c < row.size(); ++c) {
            texts[r][c] = from_utf8(cell_text(row[c]));
            const double most = c == 0 ? max_label : max_column;
            width[c] = std::max(width[c], std::min(most, measure.width(texts[r][c], Measure::normal) + 2 * hpad));
        }
    }
    return texts;
}

// The header rows' texts in lines, each column widened to its widest line; a heading under a
// merged heading is left empty.
auto ViewPicture::LayoutBuilder::wrapped_headings(const sdk::SheetView& sheet, std::vector<double>& width) -> WrappedHeadings {
    const std::size_t columns = width.size();
    std::vector<std::vector<bool>> covered(sheet.header_rows.size(), std::vector<bool>(columns, false));
    for (const auto& merged : sheet.merged_headings)
        if (merged.row < covered.size())
            for (auto c = merged.first_column; c <= merged.last_column && c < columns; ++c) covered[merged.row][c] = true;
    WrappedHeadings wrapped(sheet.header_rows.size(), std::vector<std::vector<wxString>>(columns));
    for (std::size_t r = 0; r < sheet.header_rows.size(); ++r)
        for (std::size_t c = 0; c < sheet.header_rows[r].size(); ++c) {
            if (covered[r][c]) continue;
            const auto text = from_utf8(cell_text(sheet.header_rows[r][c]));
            if (text.empty()) continue;
            const double room = std::max(width[c], heading_wrap) - 2 * hpad;
            wrapped[r][c] = measure.wrap_within(text, room, (c == 0 ? max_label : max_column) - 2 * hpad, Measure::bold,
                                                heading_lines);
            double widest = 0;
            for (const auto& line : wrapped[r][c]) widest = std::max(widest, measure.width(line, Measure::bold));
            width[c] = std::max(width[c], std::min(c == 0 ? max_label : max_column, widest + 2 * hpad));
        }
    return wrapped;
}

// A merged heading wider than the columns under it widens the last of them.
void ViewPicture::LayoutBuilder::widen_for_merged_headings(const sdk::SheetView& sheet, std::vector<double>& width) {
    const std::size_t columns = width.size();
    for (const auto& merged : sheet.merged_headings) {
        if (merged.row >= sheet.header_rows.size() || merged.first_column >= columns) continue;
        const auto last = std::min(merged.last_column, columns - 1);
        double span = 0;
        for (auto c = merged.first_column; c <= last; ++c) span += width[c];
        const double wanted = measure.width(from_utf8(merged.text), Measure::bold) + 2 * hpad;
        if (wanted > span) width[last] += std::min(wanted - span, max_column);
    }
}

// The headings' lines, each cut to its column; header rows as tall as their most lines.
void ViewPicture::LayoutBuilder::heading_rows(const sdk::SheetView& sheet, const WrappedHeadings& wrapped) {
    const std::size_t columns = L.column_x.size() - 1;
    L.headings.assign(sheet.header_rows.size(), std::vector<Layout::Heading>(columns));
    L.header_y.assign(sheet.header_rows.size() + 1, 0);
    for (std::size_t r = 0; r < sheet.header_rows.size(); ++r) {
        std::size_t lines = 1;
        for (std::size_t c = 0; c < columns; ++c) {
            const double room = L.column_x[c + 1] - L.column_x[c] - 2 * hpad;
            for (const auto& line : wrapped[r][c]) L.headings[r][c].lines.push_back(measure.fit(line, room, Measure::bold));
            if (c < sheet.header_rows[r].size()) L.headings[r][c].style = sheet.header_rows[r][c].style;
            lines = std::max(lines, L.headings[r][c].lines.size());
        }
        L.header_y[r + 1] = L.header_y[r] + std::ceil(to_d(lines) * text_height + 2 * vpad + 2);
    }
    for (const auto& merged : sheet.merged_headings) {
        if (merged.row >= sheet.header_rows.size() || merged.first_column >= columns) continue;
        const auto last = std::min(merged.last_column, columns - 1);
        const double room = L.column_x[last + 1] - L.column_x[merged.first_column] - 2 * hpad;
        L.merged.push_back({merged.row, merged.first_column, last, measure.fit(from_utf8(merged.text), room, Measure::bold)});
    }
}

void ViewPicture::LayoutBuilder::cells(const sdk::SheetView& sheet, const Texts& texts) {
    const std::size_t columns = L.column_x.size() - 1;
    L.row_height = L.line + 2;
    L.cells.resize(sheet.rows.size());
    for (std::size_t r = 0; r < sheet.rows.size(); ++r) {
        L.cells[r].resize(columns);
        for (std::size_t c = 0; c < sheet.rows[r].size(); ++c) {
            const auto& cell = sheet.rows[r][c];
            const double room = L.column_x[c + 1] - L.column_x[c] - 2 * hpad;
            const int align = c == 0 ? -1 : !cell.style.empty() ? 0 : cell.type == sdk::Cell::Type::number ? 1 : -1;
            L.cells[r][c] = {measure.fit(texts[r][c], room, Measure::normal), align};
        }
    }
}

void ViewPicture::LayoutBuilder::timeline_lanes(const sdk::TimelineView& timeline) {
    double widest = 0;
    for (const auto& row : timeline.rows) widest = std::max(widest, measure.width(from_utf8(row.label), label_kind(row)));
    L.label_width = std::ceil(std::clamp(widest + 2 * hpad, 120.0, max_label));
    double right = axis(timeline);

    L.row_y.assign(timeline.rows.size() + 1, 0);
    L.bars.resize(timeline.rows.size());
    L.marks.resize(timeline.rows.size());
    L.has_marks.assign(timeline.rows.size(), false);
    L.bar_lane.assign(timeline.rows.size(), false);
    L.label_lanes.assign(timeline.rows.size(), 0);
    L.group_end.assign(timeline.rows.size(), timeline.rows.size());
    for (std::size_t r = 0; r < timeline.rows.size(); ++r) timeline_row(r, timeline.rows[r], right);
    row_labels(timeline);
    for (std::size_t r = 0; r < timeline.rows.size(); ++r) {
        if (!L.has_marks[r]) continue;
        std::size_t next = r + 1;
        while (next < timeline.rows.size() && !L.has_marks[next]) ++next;
        L.group_end[r] = next;
    }
    L.column_x = {0, L.label_width, std::ceil(right)};
}

// The date axis, after the label column: whole months, from the first day of the earliest
// month to the end of the latest. Returns where it ends on the right.
double ViewPicture::LayoutBuilder::axis(const sdk::TimelineView& timeline) {
    const auto span = exporters::timeline_span(timeline);
    std::optional<std::chrono::sys_days> first = span ? std::optional(span->first) : std::nullopt;
    std::optional<std::chrono::sys_days> last = span ? std::optional(span->last) : std::nullopt;
    L.no_dates = !first;
    if (!first) first = last = std::chrono::floor<std::chrono::days>(std::chrono::system_clock::now());
    const std::chrono::year_month_day from(*first);
    const std::chrono::year_month_day to(*last);
    const auto start = std::chrono::sys_days(from.year() / from.month() / 1);
    const auto end = std::chrono::sys_days((to.year() / to.month() / 1) + std::chrono::months(1));
    const double days = static_cast<double>((end - start).count());
    L.first_day = start;
    // A month wide enough for its name; the whole span at least 640 pixels.
    const double month_room = measure.width("Sep 2099", Measure::normal) + 12;
    // A date typed a century out must not make a picture no one can scroll: at most
    // 30,000 pixels of days, the months then too narrow to name.
    L.day_width = std::min(std::clamp(std::max(month_room / 28.0, 640.0 / days), 2.0, 40.0), 30000.0 / days);
    for (auto month = from.year() / from.month(); std::chrono::sys_days(month / 1) < end; month += std::chrono::months(1)) {
        const auto begins = std::chrono::sys_days(month / 1);
        const auto next = std::chrono::sys_days((month + std::chrono::months(1)) / 1);
        const bool year_shown = L.months.empty() || month.month() == std::chrono::January;
        L.months.push_back({x_of(begins), x_of(next) - x_of(begins),
                            month_names[static_cast<unsigned>(month.month()) - 1],
                            year_shown ? wxString::Format("%d", static_cast<int>(month.year())) : wxString()});
    }
    L.axis_height = std::ceil(2 * text_height + 3 * vpad + 6);
    return x_of(end) + plot_margin;
}

// Row r's bars and markers, and its height; `right` moves out to the furthest text.
void ViewPicture::LayoutBuilder::timeline_row(std::size_t r, const sdk::TimelineView::Row& row, double& right) {
    bars(r, row, right);
    const std::size_t lanes_used = marks(r, row, right);
    L.has_marks[r] = !row.markers.empty();
    L.bar_lane[r] = !row.intervals.empty();
    L.label_lanes[r] = lanes_used;
    const double content = (L.bar_lane[r] ? bar_lane_height(text_height) : 0) +
                           (lanes_used > 0 ? to_d(lanes_used) * label_lane_height(text_height) + diamond_strip : 0);
    L.row_y[r + 1] = L.row_y[r] + std::ceil(std::max(content, bar_lane_height(text_height)) + 2 * vpad);
}

void ViewPicture::LayoutBuilder::bars(std::size_t r, const sdk::TimelineView::Row& row, double& right) {
    const wxString who = from_utf8(row.label);
    for (const auto& interval : row.intervals) {
        const auto a = exporters::timeline_day(interval.start);
        const auto b = exporters::timeline_day(interval.end);
        if (!a || !b) continue;
        const double x = x_of(std::min(*a, *b));
        const double width = std::max(8.0, x_of(std::max(*a, *b) + std::chrono::days(1)) - x);
        const wxString text = from_utf8(interval.label);
        const double text_width = measure.width(text, Measure::normal);
        const bool inside = text_width + 2 * hpad <= width;
        right = std::max(right, x + width + (inside ? 0 : hpad + text_width + hpad));
        L.bars[r].push_back({x, width, interval.style, text, inside,
                             who + ": " + text + ", " + from_utf8(interval.start) + " to " + from_utf8(interval.end)});
    }
}

// Markers: diamonds at the foot of the row, each label on a pole above its diamond, in lanes.
// Placed from the right: a label goes in the lane above every later marker it would cover, so
// no pole ever crosses a label. A label that would need too many lanes is cut short of the
// next diamond instead. Returns the lanes of labels used.
std::size_t ViewPicture::LayoutBuilder::marks(std::size_t r, const sdk::TimelineView::Row& row, double& right) {
    struct Placed {
        double x;
        const sdk::TimelineView::Marker* marker;
        wxString text;
    };
    std::vector<Placed> placed;
    for (const auto& marker : row.markers)
        if (const auto day = exporters::timeline_day(marker.date)) {
            const std::chrono::year_month_day date(*day);
            const wxString when = wxString::Format("%u %s", static_cast<unsigned>(date.day()),
                                                   month_names[static_cast<unsigned>(date.month()) - 1]);
            placed.push_back({x_of(*day) + L.day_width / 2, &marker, from_utf8(marker.label) + ", " + when});
        }
    std::stable_sort(placed.begin(), placed.end(), [](const auto& a, const auto& b) { return a.x < b.x; });
    std::vector<std::size_t> lane(placed.size(), 0);
    std::vector<wxString> shown(placed.size());
    std::size_t lanes_used = placed.empty() ? 0 : 1;
    for (std::size_t i = placed.size(); i-- > 0;) {
        shown[i] = placed[i].text;
        double reach = placed[i].x + 5 + measure.width(shown[i], Measure::normal) + 8;
        std::size_t k = 0;
        for (std::size_t j = i + 1; j < placed.size() && placed[j].x <= reach + diamond; ++j) k = std::max(k, lane[j] + 1);
        if (k >= marker_lanes) {
            k = 0;
            shown[i] = measure.fit(placed[i].text, placed[i + 1].x - placed[i].x - 5 - 8 - diamond, Measure::normal);
            reach = placed[i].x + 5 + measure.width(shown[i], Measure::normal) + 8;
        }
        lane[i] = k;
        lanes_used = std::max(lanes_used, k + 1);
        right = std::max(right, reach);
    }
    for (std::size_t i = 0; i < placed.size(); ++i)
        L.marks[r].push_back({placed[i].x, lane[i], placed[i].marker->style, shown[i],
                              from_utf8(placed[i].marker->label) + " on " + from_utf8(placed[i].marker->date)});
    return lanes_used;
}

// Labels cut to the column; a taller row (a group's markers) wraps its label into the lines it
// has room for.
void ViewPicture::LayoutBuilder::row_labels(const sdk::TimelineView& timeline) {
    for (std::size_t r = 0; r < timeline.rows.size(); ++r) {
        const auto kind = label_kind(timeline.rows[r]);
        const double room = L.label_width - 2 * hpad;
        const auto fits = static_cast<std::size_t>(std::max(1.0, std::floor((L.row_y[r + 1] - L.row_y[r] - 2 * vpad) / text_height)));
        auto lines = fits > 1 ? measure.wrap(from_utf8(timeline.rows[r].label), room, kind, fits)
                              : std::vector<wxString>{from_utf8(timeline.rows[r].label)};
        for (auto& line : lines) line = measure.fit(line, room, kind);
        L.row_labels.push_back(std::move(lines));
    }
}

// The top band: the title, then the legend flowing in lines no wider than the picture.
double ViewPicture::LayoutBuilder::top_band() {
    const double width = L.column_x.back();
    const double legend_room = std::clamp(width, 480.0, 1100.0) - 2 * hpad;
    double x = hpad;
    double y = vpad + measure.height(Measure::title) + 2 * vpad;
    const double swatch = text_height;
    for (auto& item : L.legend) {
        const double item_width = swatch + 6 + measure.width(item.text, Measure::normal) + 18;
        if (x > hpad && x + item_width > legend_room) {
            x = hpad;
            y += text_height + vpad;
        }
        item.x = x;
        item.y = y;
        x += item_width;
    }
    L.top = std::ceil(y + (L.legend.empty() ? 0 : text_height + vpad) + 2 * vpad);
    return x;
}

// The whole picture: as wide as the widest of the grid, the title and the legend; an empty
// sheet or timeline keeps room for two lines.
void ViewPicture::LayoutBuilder::size(bool is_sheet, double legend_end) {
    const double width = L.column_x.back();
    double height = L.top;
    if (is_sheet) {
        height += L.header_y.back() + to_d(L.cells.size()) * L.row_height;
        if (L.cells.empty()) height += L.line * 2;
    } else {
        height += L.axis_height + L.row_y.back();
        if (L.row_y.size() <= 1) height += L.line * 2;
    }
    const double title_width = measure.width(L.title, Measure::title) + 2 * hpad;
    L.size = wxSize(static_cast<int>(std::ceil(std::max({width, title_width, legend_end}))), static_cast<int>(std::ceil(height + 1)));
}

void ViewPicture::lay_out() {
    auto layout = std::make_unique<Layout>();
    layout->fonts = picture_fonts(GetFont());
    Measure measure(layout->fonts);
    layout->line = std::ceil(measure.height(Measure::normal) + 2 * vpad);

    LayoutBuilder builder(*layout, measure);
    builder.legend(view_);
    layout->title = title();
    if (const auto* sheet = std::get_if<sdk::SheetView>(&view_)) builder.sheet_grid(*sheet);
    else builder.timeline_lanes(std::get<sdk::TimelineView>(view_));
    const double legend_end = builder.top_band();
    builder.size(std::holds_alternative<sdk::SheetView>(view_), legend_end);

    layout_ = std::move(layout);
    SetScrollRate(16, 16);
    SetVirtualSize(layout_->size);
}

void ViewPicture::on_paint(wxPaintEvent&) {
    wxAutoBufferedPaintDC dc(this);
    std::unique_ptr<wxGraphicsContext> gc(wxGraphicsContext::Create(dc));
    if (!gc || !layout_) return;
    const wxSize client = GetClientSize();
    gc->SetPen(*wxTRANSPARENT_PEN);
    gc->SetBrush(*wxWHITE_BRUSH);
    gc->DrawRectangle(0, 0, client.x, client.y);
    // Drawn ourselves from the scroll position: the DC is not shifted (no DoPrepareDC).
    const wxPoint scrolled = CalcUnscrolledPosition(wxPoint(0, 0));
    if (is_timeline()) draw_timeline(*gc, scrolled, client);
    else draw_sheet(*gc, scrolled, client);
    draw_top_band(*gc, client);
}

wxImage ViewPicture::render_whole() const {
    if (!layout_ || layout_->size.x <= 0 || layout_->size.y <= 0) return {};
    wxImage image(layout_->size);
    {
        // The image is written when the context goes.
        std::unique_ptr<wxGraphicsContext> gc(wxGraphicsContext::Create(image));
        if (!gc) return {};
        gc->SetPen(*wxTRANSPARENT_PEN);
        gc->SetBrush(*wxWHITE_BRUSH);
        gc->DrawRectangle(0, 0, layout_->size.x, layout_->size.y);
        if (is_timeline()) draw_timeline(*gc, wxPoint(0, 0), layout_->size);
        else draw_sheet(*gc, wxPoint(0, 0), layout_->size);
        draw_top_band(*gc, layout_->size);
    }
    return image;
}

void ViewPicture::draw_top_band(wxGraphicsContext& gc, const wxSize& client) const {
    const auto& L = *layout_;
    gc.SetPen(*wxTRANSPARENT_PEN);
    gc.SetBrush(*wxWHITE_BRUSH);
    gc.DrawRectangle(0, 0, client.x, L.top);
    gc.SetFont(L.fonts[Measure::title], ink);
    gc.DrawText(L.title, hpad, vpad);
    const double text_height = L.line - 2 * vpad;
    for (const auto& item : L.legend) {
        const auto* row = find_row(item.style);
        const wxColour edge = row ? rgb(row->text) : plain_bar_edge;
        if (item.marker) {
            const double cx = item.x + text_height / 2;
            const double cy = item.y + text_height / 2;
            auto path = gc.CreatePath();
            path.MoveToPoint(cx, cy - diamond - 1);
            path.AddLineToPoint(cx + diamond + 1, cy);
            path.AddLineToPoint(cx, cy + diamond + 1);
            path.AddLineToPoint(cx - diamond - 1, cy);
            path.CloseSubpath();
            gc.SetPen(*wxTRANSPARENT_PEN);
            gc.SetBrush(wxBrush(edge));
            gc.FillPath(path);
        } else {
            gc.SetPen(wxPen(edge, 1));
            gc.SetBrush(wxBrush(row ? rgb(row->fill) : plain_bar));
            gc.DrawRoundedRectangle(crisp(item.x), crisp(item.y + 1), text_height - 2, text_height - 2, 3);
        }
        gc.SetFont(L.fonts[Measure::normal], ink);
        gc.DrawText(item.text, item.x + text_height + 6, item.y);
    }
    gc.SetPen(wxPen(grid_line, 1));
    gc.StrokeLine(0, crisp(L.top - 1), client.x, crisp(L.top - 1));
}

void ViewPicture::draw_sheet(wxGraphicsContext& gc, const wxPoint& scrolled, const wxSize& client) const {
    const auto& L = *layout_;
    const auto& sheet = std::get<sdk::SheetView>(view_);
    const double sx = scrolled.x;
    const double sy = scrolled.y;
    const double header_height = L.header_y.back();
    const double body_top = L.top + header_height;
    const double label_right = L.column_x.size() > 1 ? L.column_x[1] : 0;
    const std::size_t columns = L.column_x.size() - 1;
    const double text_height = L.line - 2 * vpad;

    if (L.cells.empty()) {
        gc.SetFont(L.fonts[Measure::normal], faint_ink);
        gc.DrawText("No rows to show.", hpad, body_top + L.line / 2);
    }

    // Which rows and columns are in sight.
    const std::size_t first_row = static_cast<std::size_t>(std::max(0.0, std::floor(sy / L.row_height)));
    const std::size_t end_row =
        std::min(L.cells.size(), static_cast<std::size_t>(std::max(0.0, std::ceil((sy + client.y - body_top) / L.row_height))) + 1);
    const std::size_t first_column = std::max<std::size_t>(1, first_at_or_after(L.column_x, sx + label_right));
    std::size_t end_column = first_column;
    while (end_column < columns && L.column_x[end_column] - sx < client.x) ++end_column;

    const auto draw_cell = [&](std::size_t r, std::size_t c, double x, double y) {
        const double w = L.column_x[c + 1] - L.column_x[c];
        const std::string& style = c < sheet.rows[r].size() ? sheet.rows[r][c].style : std::string();
        const auto* row = find_row(style);
        wxColour fill = row ? rgb(row->fill) : (r % 2 == 1 ? zebra : *wxWHITE);
        gc.SetPen(*wxTRANSPARENT_PEN);
        gc.SetBrush(wxBrush(fill));
        gc.DrawRectangle(x, y, w, L.row_height);
        const auto& shown = L.cells[r][c];
        if (shown.text.empty()) return;
        gc.SetFont(row && row->bold ? L.fonts[Measure::bold] : L.fonts[Measure::normal], row ? rgb(row->text) : ink);
        double tw = 0;
        double th = 0;
        gc.GetTextExtent(shown.text, &tw, &th);
        const double tx = shown.align < 0 ? x + hpad : shown.align > 0 ? x + w - hpad - tw : x + (w - tw) / 2;
        gc.DrawText(shown.text, tx, y + (L.row_height - text_height) / 2);
    };
    const auto grid_lines = [&](std::size_t from_column, std::size_t to_column, double shift_x, double shift_y, double left,
                                double right) {
        gc.SetPen(wxPen(grid_line, 1));
        for (std::size_t r = first_row; r <= end_row; ++r) {
            const double y = crisp(body_top + to_d(r) * L.row_height - shift_y);
            gc.StrokeLine(left, y, right, y);
        }
        const double bottom = std::min(static_cast<double>(client.y), body_top + to_d(L.cells.size()) * L.row_height - shift_y);
        for (std::size_t c = from_column; c <= to_column; ++c) {
            const double x = crisp(L.column_x[c] - shift_x);
            gc.StrokeLine(x, body_top, x, bottom);
        }
    };

    // The body: rows and columns both scroll.
    gc.PushState();
    gc.Clip(label_right, body_top, std::max(0.0, client.x - label_right), std::max(0.0, client.y - body_top));
    for (std::size_t r = first_row; r < end_row; ++r)
        for (std::size_t c = first_column; c < end_column; ++c) draw_cell(r, c, L.column_x[c] - sx, body_top + to_d(r) * L.row_height - sy);
    grid_lines(first_column, end_column, sx, sy, label_right, std::min(static_cast<double>(client.x), L.column_x.back() - sx));
    gc.PopState();

    // The row labels: they scroll up and down only.
    gc.PushState();
    gc.Clip(0, body_top, label_right, std::max(0.0, client.y - body_top));
    for (std::size_t r = first_row; r < end_row; ++r) draw_cell(r, 0, 0, body_top + to_d(r) * L.row_height - sy);
    grid_lines(0, 0, 0, sy, 0, label_right);
    gc.PopState();

    // The header rows: they scroll sideways only; the corner stays.
    const auto draw_headings = [&](std::size_t from_column, std::size_t to_column, double shift_x) {
        for (std::size_t r = 0; r + 1 < L.header_y.size(); ++r) {
            const double y = L.top + L.header_y[r];
            const double h = L.header_y[r + 1] - L.header_y[r];
            for (std::size_t c = from_column; c < to_column; ++c) {
                const double x = L.column_x[c] - shift_x;
                const double w = L.column_x[c + 1] - L.column_x[c];
                const auto& heading = L.headings[r][c];
                const auto* row = find_row(heading.style.empty() ? std::string_view("header") : std::string_view(heading.style));
                gc.SetPen(*wxTRANSPARENT_PEN);
                gc.SetBrush(wxBrush(row ? rgb(row->fill) : fill_for_style("header")));
                gc.DrawRectangle(x, y, w, h);
                gc.SetFont(L.fonts[Measure::bold], row ? rgb(row->text) : ink);
                // Headings sit at the bottom of their row, next to the data they name.
                double ty = y + h - vpad - 1 - to_d(heading.lines.size()) * text_height;
                for (const auto& line : heading.lines) {
                    gc.DrawText(line, x + hpad, ty);
                    ty += text_height;
                }
            }
            for (const auto& merged : L.merged) {
                if (merged.row != r || merged.last < from_column || merged.first >= to_column) continue;
                const double x = L.column_x[merged.first] - shift_x;
                const double w = L.column_x[merged.last + 1] - L.column_x[merged.first];
                gc.SetPen(*wxTRANSPARENT_PEN);
                gc.SetBrush(wxBrush(fill_for_style("header")));
                gc.DrawRectangle(x, y, w, h);
                gc.SetFont(L.fonts[Measure::bold], ink);
                double tw = 0;
                double th = 0;
                gc.GetTextExtent(merged.text, &tw, &th);
                gc.DrawText(merged.text, x + (w - tw) / 2, y + (h - th) / 2);
                // A rule under the merged heading shows which columns it spans.
                gc.SetPen(wxPen(frozen_edge, 1));
                gc.StrokeLine(x + hpad, crisp(y + h - 2), x + w - hpad, crisp(y + h - 2));
            }
            gc.SetPen(wxPen(grid_line, 1));
            for (std::size_t c = from_column; c <= to_column; ++c) {
                const bool inside_merged = std::any_of(L.merged.begin(), L.merged.end(), [&](const auto& m) {
                    return m.row == r && m.first < c && c <= m.last;
                });
                if (inside_merged) continue;
                const double x = crisp(L.column_x[c] - shift_x);
                gc.StrokeLine(x, y, x, y + h);
            }
        }
    };
    gc.PushState();
    gc.Clip(label_right, L.top, std::max(0.0, client.x - label_right), header_height);
    draw_headings(first_column, end_column, sx);
    gc.PopState();
    gc.PushState();
    gc.Clip(0, L.top, label_right, header_height);
    draw_headings(0, std::min<std::size_t>(1, columns), 0);
    gc.PopState();

    // Where the still part meets the moving part.
    gc.SetPen(wxPen(frozen_edge, 1));
    const double bottom = std::min(static_cast<double>(client.y), body_top + to_d(L.cells.size()) * L.row_height - sy);
    gc.StrokeLine(crisp(label_right), L.top, crisp(label_right), std::max(body_top, bottom));
    gc.StrokeLine(0, crisp(body_top), std::min(static_cast<double>(client.x), L.column_x.back() - sx), crisp(body_top));
}

void ViewPicture::draw_timeline(wxGraphicsContext& gc, const wxPoint& scrolled, const wxSize& client) const {
    const auto& L = *layout_;
    const double sx = scrolled.x;
    const double sy = scrolled.y;
    const double body_top = L.top + L.axis_height;
    const double text_height = L.line - 2 * vpad;
    const double right = std::min(static_cast<double>(client.x), L.column_x.back() - sx);
    const std::size_t rows = L.row_labels.size();
    const double bottom = std::min(static_cast<double>(client.y), body_top + L.row_y.back() - sy);

    if (rows == 0 || L.no_dates) {
        gc.SetFont(L.fonts[Measure::normal], faint_ink);
        gc.DrawText(rows == 0 ? "Nothing to show." : "No dates to draw.", hpad, body_top + L.line / 2);
        if (rows == 0) return;
    }
    const std::size_t first_row = first_at_or_after(L.row_y, sy);
    std::size_t end_row = first_row;
    while (end_row < rows && L.row_y[end_row] - sy < client.y - body_top) ++end_row;

    // Row backgrounds: a group's row of markers banded, the others striped.
    gc.PushState();
    gc.Clip(0, body_top, client.x, std::max(0.0, client.y - body_top));
    for (std::size_t r = first_row; r < end_row; ++r) {
        const double y = body_top + L.row_y[r] - sy;
        gc.SetPen(*wxTRANSPARENT_PEN);
        gc.SetBrush(wxBrush(L.has_marks[r] ? group_band : r % 2 == 1 ? zebra : *wxWHITE));
        gc.DrawRectangle(0, y, right, L.row_y[r + 1] - L.row_y[r]);
    }
    gc.PopState();

    // The plot: month lines, markers' lines down their group, bars, markers.
    gc.PushState();
    gc.Clip(L.label_width, body_top, std::max(0.0, client.x - L.label_width), std::max(0.0, client.y - body_top));
    gc.SetPen(wxPen(grid_line, 1));
    for (const auto& month : L.months) {
        const double x = crisp(month.x - sx);
        if (x < L.label_width || x > client.x) continue;
        gc.StrokeLine(x, body_top, x, bottom);
    }
    // Each marker's line runs from its diamond down through its group's rows; a group whose
    // row of markers is above the view still draws its lines.
    const auto diamonds_middle = [&](std::size_t r) {
        return body_top + L.row_y[r + 1] - sy - vpad - diamond_strip / 2;
    };
    std::size_t group_start = first_row;
    while (group_start > 0 && !L.has_marks[group_start]) --group_start;
    for (std::size_t r = group_start; r < end_row; ++r) {
        if (!L.has_marks[r]) continue;
        const double end = body_top + L.row_y[L.group_end[r]] - sy;
        for (const auto& mark : L.marks[r]) {
            const auto* row = find_row(mark.style);
            const wxColour colour = row ? rgb(row->text) : faint_ink;
            gc.SetPen(gc.CreatePen(wxGraphicsPenInfo(wxColour(colour.Red(), colour.Green(), colour.Blue(), 150), 1,
                                                     wxPENSTYLE_SHORT_DASH)));
            const double x = crisp(mark.x - sx);
            gc.StrokeLine(x, diamonds_middle(r) + diamond, x, end);
        }
    }
    for (std::size_t r = first_row; r < end_row; ++r) {
        const double y = body_top + L.row_y[r] - sy;
        for (const auto& bar : L.bars[r]) {
            const auto* row = find_row(bar.style);
            const wxColour fill = row ? rgb(row->fill) : plain_bar;
            const wxColour edge = row ? rgb(row->text) : plain_bar_edge;
            const double bx = bar.x - sx;
            const double bh = bar_height(text_height);
            const double by = y + vpad + (bar_lane_height(text_height) - bh) / 2;
            gc.SetPen(wxPen(edge, 1));
            gc.SetBrush(wxBrush(fill));
            gc.DrawRoundedRectangle(crisp(bx), crisp(by), bar.width - 1, bh, std::min(5.0, (bar.width - 1) / 2));
            gc.SetFont(L.fonts[Measure::normal], bar.text_inside ? edge : ink);
            const double tx = bar.text_inside ? bx + hpad : bx + bar.width + hpad;
            gc.DrawText(bar.text, tx, by + (bh - text_height) / 2);
        }
        if (!L.has_marks[r] && L.bars[r].empty()) {
            gc.SetFont(L.fonts[Measure::normal], faint_ink);
            gc.DrawText("no dates", L.label_width + plot_margin - sx + 4, y + (L.row_y[r + 1] - L.row_y[r] - text_height) / 2);
        }
        if (L.marks[r].empty()) continue;
        const double cy = diamonds_middle(r);
        const double lane_height = label_lane_height(text_height);
        for (const auto& mark : L.marks[r]) {
            const auto* row = find_row(mark.style);
            const wxColour colour = row ? rgb(row->text) : faint_ink;
            const double cx = mark.x - sx;
            // The label sits on a pole above its diamond, lane 0 nearest.
            const double ly = cy - diamond - 2 - to_d(mark.lane + 1) * lane_height;
            gc.SetPen(wxPen(colour, 1));
            gc.StrokeLine(crisp(cx), cy - diamond, crisp(cx), ly + 2);
            gc.StrokeLine(crisp(cx), crisp(ly + 2), cx + 4, crisp(ly + 2));
            auto path = gc.CreatePath();
            path.MoveToPoint(cx, cy - diamond);
            path.AddLineToPoint(cx + diamond, cy);
            path.AddLineToPoint(cx, cy + diamond);
            path.AddLineToPoint(cx - diamond, cy);
            path.CloseSubpath();
            gc.SetPen(*wxTRANSPARENT_PEN);
            gc.SetBrush(wxBrush(colour));
            gc.FillPath(path);
            gc.SetFont(L.fonts[Measure::normal], colour);
            gc.DrawText(mark.text, cx + 5, ly);
        }
    }
    gc.PopState();

    // The labels: they scroll up and down only.
    gc.PushState();
    gc.Clip(0, body_top, L.label_width, std::max(0.0, client.y - body_top));
    for (std::size_t r = first_row; r < end_row; ++r) {
        const double y = body_top + L.row_y[r] - sy;
        gc.SetPen(*wxTRANSPARENT_PEN);
        gc.SetBrush(wxBrush(L.has_marks[r] ? group_band : r % 2 == 1 ? zebra : *wxWHITE));
        gc.DrawRectangle(0, y, L.label_width, L.row_y[r + 1] - L.row_y[r]);
        gc.SetFont(L.has_marks[r] ? L.fonts[Measure::bold] : L.fonts[Measure::normal], ink);
        const auto& lines = L.row_labels[r];
        double ty = y + (L.row_y[r + 1] - L.row_y[r] - to_d(lines.size()) * text_height) / 2;
        for (const auto& line : lines) {
            gc.DrawText(line, hpad, ty);
            ty += text_height;
        }
        if (L.has_marks[r] && r > 0) {
            gc.SetPen(wxPen(frozen_edge, 1));
            gc.StrokeLine(0, crisp(y), right, crisp(y));
        }
    }
    gc.PopState();
    // Group lines across the plot too.
    gc.PushState();
    gc.Clip(L.label_width, body_top, std::max(0.0, client.x - L.label_width), std::max(0.0, client.y - body_top));
    gc.SetPen(wxPen(frozen_edge, 1));
    for (std::size_t r = std::max<std::size_t>(first_row, 1); r < end_row; ++r)
        if (L.has_marks[r]) gc.StrokeLine(L.label_width, crisp(body_top + L.row_y[r] - sy), right, crisp(body_top + L.row_y[r] - sy));
    gc.PopState();

    // The date axis: it scrolls sideways only.
    gc.PushState();
    gc.Clip(L.label_width, L.top, std::max(0.0, client.x - L.label_width), L.axis_height);
    gc.SetPen(*wxTRANSPARENT_PEN);
    gc.SetBrush(wxBrush(fill_for_style("header")));
    gc.DrawRectangle(L.label_width, L.top, std::max(0.0, right - L.label_width), L.axis_height);
    for (const auto& month : L.months) {
        const double x = month.x - sx;
        if (x + month.width < L.label_width || x > client.x) continue;
        gc.SetPen(wxPen(frozen_edge, 1));
        gc.StrokeLine(crisp(x), L.top + (month.year.empty() ? text_height + 2 * vpad : vpad), crisp(x), L.top + L.axis_height);
        gc.SetFont(L.fonts[Measure::bold], ink);
        if (!month.year.empty()) gc.DrawText(month.year, x + 4, L.top + vpad);
        gc.SetFont(L.fonts[Measure::normal], ink);
        double tw = 0;
        double th = 0;
        gc.GetTextExtent(month.name, &tw, &th);
        if (tw + 4 <= month.width) gc.DrawText(month.name, x + (month.width - tw) / 2, L.top + text_height + 2 * vpad + 2);
    }
    gc.PopState();
    gc.SetPen(*wxTRANSPARENT_PEN);
    gc.SetBrush(wxBrush(fill_for_style("header")));
    gc.DrawRectangle(0, L.top, L.label_width, L.axis_height);
    gc.SetFont(L.fonts[Measure::bold], ink);
    gc.DrawText("Who", hpad, L.top + L.axis_height - vpad - 2 - text_height);

    gc.SetPen(wxPen(frozen_edge, 1));
    gc.StrokeLine(crisp(L.label_width), L.top, crisp(L.label_width), std::max(body_top, bottom));
    gc.StrokeLine(0, crisp(body_top), right, crisp(body_top));
}

wxString ViewPicture::tip_at(const wxPoint& point) const {
    if (!layout_) return {};
    const auto& L = *layout_;
    const wxPoint scrolled = CalcUnscrolledPosition(wxPoint(0, 0));
    const double x = point.x;
    const double y = point.y;
    if (y < L.top) return {};
    if (const auto* sheet = std::get_if<sdk::SheetView>(&view_)) {
        const double body_top = L.top + L.header_y.back();
        const double label_right = L.column_x.size() > 1 ? L.column_x[1] : 0;
        const double px = x < label_right ? x : x + scrolled.x;
        if (px >= L.column_x.back()) return {};
        const std::size_t c = first_at_or_after(L.column_x, px);
        if (y < body_top) return c < L.column_names.size() ? L.column_names[c] : wxString();
        const double py = y - body_top + scrolled.y;
        const auto r = static_cast<std::size_t>(py / L.row_height);
        if (r >= sheet->rows.size() || c >= sheet->rows[r].size()) return {};
        const auto value = from_utf8(cell_text(sheet->rows[r][c]));
        if (c == 0) return value;
        const auto label = sheet->rows[r].empty() ? wxString() : from_utf8(cell_text(sheet->rows[r][0]));
        return label + " - " + L.column_names[c] + ": " + (value.empty() ? wxString("(blank)") : value);
    }
    const double body_top = L.top + L.axis_height;
    if (y < body_top) return {};
    const double py = y - body_top + scrolled.y;
    if (py >= L.row_y.back()) return {};
    const std::size_t r = first_at_or_after(L.row_y, py);
    const auto& timeline = std::get<sdk::TimelineView>(view_);
    if (r >= timeline.rows.size()) return {};
    if (x < L.label_width) return from_utf8(timeline.rows[r].label);
    const double px = x + scrolled.x;
    for (const auto& bar : L.bars[r])
        if (px >= bar.x && px <= bar.x + bar.width) return bar.tip;
    for (const auto& mark : L.marks[r])
        if (std::abs(px - mark.x) <= diamond + 2) return mark.tip;
    return from_utf8(timeline.rows[r].label);
}

void ViewPicture::on_motion(wxMouseEvent& event) {
    event.Skip();
    const wxString tip = tip_at(event.GetPosition());
    if (tip == tip_) return;
    tip_ = tip;
    if (tip.empty()) UnsetToolTip();
    else SetToolTip(tip);
}

std::string accessible_description(wxWindow* window) {
    AtkObject* accessible = innermost_accessible(window);
    if (accessible == nullptr) return {};
    const char* text = atk_object_get_description(accessible);
    return text != nullptr ? std::string(text) : std::string();
}

std::string accessible_picture_name(wxWindow* window) {
    AtkObject* accessible = innermost_accessible(window);
    if (accessible == nullptr) return {};
    const char* text = atk_object_get_name(accessible);
    return text != nullptr ? std::string(text) : std::string();
}

// ---------------------------------------------------------------------------------------

ViewsPanel::ViewsPanel(wxWindow* parent, forms::FormDefinitionPtr form, std::vector<std::string> record_ids,
                       const sdk::RecordQuery& records, const std::string& today)
    : wxPanel(parent, wxID_ANY) {
    ask_for_views(form, std::move(record_ids), records, today);

    auto* sizer = new wxBoxSizer(wxVERTICAL);
    auto* choosing = new wxBoxSizer(wxHORIZONTAL);
    auto* label = new wxStaticText(this, wxID_ANY, "&Picture:");
    choice_ = new wxChoice(this, wxID_ANY);
    for (std::size_t i = 0; i < views_.size(); ++i) choice_->Append(view_name(i));
    choosing->Add(label, 0, wxALIGN_CENTER_VERTICAL | wxRIGHT, FromDIP(6));
    choosing->Add(choice_, 0, wxALIGN_CENTER_VERTICAL);
    sizer->Add(choosing, 0, wxALL, FromDIP(6));

    wxString message = problems_text_;
    if (views_.empty() && message.empty())
        message = form && form->extension ? "There are no pictures of these records." : "The plugin of this form draws no pictures.";
    else if (!problems_text_.empty())
        message = (views_.empty() ? "The pictures could not be drawn:\n" : "Some pictures could not be drawn:\n") + problems_text_;
    message_ = new wxStaticText(this, wxID_ANY, message);
    message_->SetName("Problems with the pictures");
    sizer->Add(message_, 0, wxLEFT | wxRIGHT | wxBOTTOM | wxEXPAND, FromDIP(6));
    message_->Show(!message.empty());

    if (!views_.empty()) {
        picture_ = std::visit([this](const auto& view) { return new ViewPicture(this, view); }, views_.front());
        sizer->Add(picture_, 3, wxLEFT | wxRIGHT | wxEXPAND, FromDIP(6));
    }
    toggle_ = new wxCheckBox(this, wxID_ANY, "Show as &text");
    sizer->Add(toggle_, 0, wxALL, FromDIP(6));
    text_ = new wxTextCtrl(this, wxID_ANY, wxEmptyString, wxDefaultPosition, wxDefaultSize,
                           wxTE_MULTILINE | wxTE_READONLY);
    sizer->Add(text_, 2, wxLEFT | wxRIGHT | wxBOTTOM | wxEXPAND, FromDIP(6));
    text_->Hide();
    toggle_->Enable(!views_.empty());
    choice_->Enable(!views_.empty());
    SetSizer(sizer);

    // Alt+P on the label goes to the list, and the list is read with the label's name.
    if (auto* label_widget = static_cast<GtkWidget*>(label->GetHandle()); label_widget != nullptr && GTK_IS_LABEL(label_widget))
        gtk_label_set_mnemonic_widget(GTK_LABEL(label_widget), static_cast<GtkWidget*>(choice_->GetHandle()));
    set_accessible(choice_, "Picture", {}, std::nullopt);
    set_accessible(text_, "The picture as text", {}, std::nullopt);
    choice_->Bind(wxEVT_CHOICE, [this](wxCommandEvent& event) {
        if (event.GetSelection() >= 0) select_view(static_cast<std::size_t>(event.GetSelection()));
    });
    toggle_->Bind(wxEVT_CHECKBOX, [this](wxCommandEvent& event) { show_as_text(event.IsChecked()); });
    if (!views_.empty()) select_view(0);
}

void ViewsPanel::ask_for_views(const forms::FormDefinitionPtr& form, std::vector<std::string> record_ids,
                               const sdk::RecordQuery& records, const std::string& today) {
    if (!form || !form->extension) return;
    // The extension turns a plugin's failure into a problem; anything else that goes wrong
    // on the way is reported the same way, never thrown at the window.
    forms::Diagnostics problems;
    try {
        const auto request = form->extension->view_request(*form, std::move(record_ids), records, today);
        for (auto& view : form->extension->sheet_views(request, problems)) views_.emplace_back(std::move(view));
        for (auto& view : form->extension->timeline_views(request, problems)) views_.emplace_back(std::move(view));
    } catch (const std::exception& error) {
        problems.push_back({forms::Severity::error, {}, 0, 0, {}, "the views of form '" + form->id + "' failed: " + error.what(), {}});
    } catch (...) {
        problems.push_back({forms::Severity::error, {}, 0, 0, {}, "the views of form '" + form->id + "' failed", {}});
    }
    for (const auto& problem : problems) problems_text_ += from_utf8(problem.message) + "\n";
    problems_text_.Trim();
}

wxString ViewsPanel::view_name(std::size_t index) const {
    if (index >= views_.size()) return {};
    return from_utf8(std::visit([](const auto& view) { return view.name.empty() ? view.title : view.name; }, views_[index]));
}

bool ViewsPanel::select_view(std::size_t index) {
    if (index >= views_.size() || picture_ == nullptr) return false;
    selected_ = index;
    if (choice_->GetSelection() != static_cast<int>(index)) choice_->SetSelection(static_cast<int>(index));
    std::visit([this](const auto& view) { picture_->set_view(view); }, views_[index]);
    text_->ChangeValue(picture_->text_in_full());
    Layout();
    return true;
}

void ViewsPanel::show_as_text(bool shown) {
    if (toggle_->GetValue() != shown) toggle_->SetValue(shown);
    text_->Show(shown && !views_.empty());
    Layout();
}

}  // namespace formwork::ui
