// SDK 1.3. Neutral view models that plugins fill and renderers draw: the workbook exporter
// renders them now, and the shell will draw the same views, so a plugin never touches
// libxlsxwriter or wx.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

namespace formwork::sdk {

// A typed cell. Style classes name a meaning, not a colour ("rag-green",
// "impact-negative"); each renderer maps them to its own formats.
struct Cell {
    enum class Type { empty, text, number, date, boolean };
    Type type = Type::empty;
    std::string text;  // text; a date as YYYY-MM-DD; a boolean as true or false
    double number = 0;
    std::string style;

    static Cell of_text(std::string value, std::string style_class = {}) {
        return {Type::text, std::move(value), 0, std::move(style_class)};
    }
    static Cell of_number(double value, std::string style_class = {}) {
        return {Type::number, {}, value, std::move(style_class)};
    }
    static Cell of_date(std::string iso_date, std::string style_class = {}) {
        return {Type::date, std::move(iso_date), 0, std::move(style_class)};
    }
    static Cell of_boolean(bool value, std::string style_class = {}) {
        return {Type::boolean, value ? "true" : "false", 0, std::move(style_class)};
    }
};

// A heading that spans columns of one header row.
struct MergedHeading {
    std::size_t row = 0;
    std::size_t first_column = 0;
    std::size_t last_column = 0;
    std::string text;
};

// A grid: header rows (frozen when drawn), merged headings over them, then data rows.
struct SheetView {
    std::string name;   // a workbook sheet's name: at most 31 characters, none of []:*?/\ .
    std::string title;  // for people
    std::vector<std::vector<Cell>> header_rows;
    std::vector<MergedHeading> merged_headings;
    std::vector<std::vector<Cell>> rows;
    std::string text_alternative;  // for screen readers: what the grid shows, in words
};

// SDK 1.10. A row of a sheet view that someone should look at (an overdue sign-off, an
// inquorate meeting): the workbook's Summary sheet lists each, with the record it is of.
struct FlaggedRow {
    std::string view;       // the SheetView's name
    std::size_t row = 0;    // the row's index in SheetView::rows
    std::string record_id;  // the record the row is of; empty when it is of several, or none
    std::string problem;    // in words, for people: "no response, 12 working days after it was sent"
};

// Rows of intervals with markers: an approval timeline against meeting dates.
struct TimelineView {
    struct Interval {
        std::string label;
        std::string start;  // YYYY-MM-DD
        std::string end;    // YYYY-MM-DD
        std::string style;
    };
    struct Marker {
        std::string label;
        std::string date;  // YYYY-MM-DD
        std::string style;
    };
    struct Row {
        std::string label;
        std::vector<Interval> intervals;
        std::vector<Marker> markers;
    };
    std::string name;
    std::string title;
    std::vector<Row> rows;
    std::string text_alternative;
};

}  // namespace formwork::sdk
