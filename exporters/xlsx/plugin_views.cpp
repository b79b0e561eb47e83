#include "plugin_views.hpp"
#include "workbook_exporter.hpp"

#include <formwork/exporters/timeline_dates.hpp>
#include <formwork/model/form_extension.hpp>
#include <formwork/model/record.hpp>

#include <algorithm>
#include <chrono>

namespace formwork::exporters {

namespace {

std::string iso_of(std::chrono::sys_days day) {
    const std::chrono::year_month_day date(day);
    const auto two = [](unsigned n) { return std::string(n < 10 ? "0" : "") + std::to_string(n); };
    return std::to_string(static_cast<int>(date.year())) + "-" + two(static_cast<unsigned>(date.month())) + "-" +
           two(static_cast<unsigned>(date.day()));
}

constexpr std::size_t most_periods = 5 * 53;
// Longer than this, a column a week would not print one page wide at a zoom anyone can read
// (an open sign-off runs to today): the columns become months.
constexpr std::size_t most_weekly_columns = 26;

const char* const month_names[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

// One column of the grid: the days from start up to, not including, end.
struct Period {
    std::chrono::sys_days start;
    std::chrono::sys_days end;
    std::string heading;
};

std::vector<Period> periods_over(std::chrono::sys_days first, std::chrono::sys_days last) {
    std::vector<Period> periods;
    // Weeks start on Monday, as the council's diary does.
    const std::chrono::weekday weekday(first);
    const auto first_monday = first - std::chrono::days((weekday.c_encoding() + 6) % 7);
    if ((last - first_monday).count() / 7 < static_cast<long>(most_weekly_columns)) {
        for (auto monday = first_monday; monday <= last; monday += std::chrono::weeks(1))
            periods.push_back({monday, monday + std::chrono::weeks(1), "w/c " + iso_of(monday)});
        return periods;
    }
    const std::chrono::year_month_day from(first);
    for (auto month = from.year() / from.month(); std::chrono::sys_days(month / 1) <= last && periods.size() < most_periods;
         month += std::chrono::months(1))
        periods.push_back({std::chrono::sys_days(month / 1), std::chrono::sys_days((month + std::chrono::months(1)) / 1),
                           std::string(month_names[static_cast<unsigned>(month.month()) - 1]) + " " +
                               std::to_string(static_cast<int>(month.year()))});
    return periods;
}

}  // namespace

sdk::SheetView timeline_sheet(const sdk::TimelineView& timeline) {
    sdk::SheetView sheet;
    sheet.name = timeline.name;
    sheet.title = timeline.title;
    sheet.text_alternative = timeline.text_alternative;

    const auto span = timeline_span(timeline);
    const std::optional<std::chrono::sys_days> first = span ? std::optional(span->first) : std::nullopt;
    const std::optional<std::chrono::sys_days> last = span ? std::optional(span->last) : std::nullopt;
    std::vector<Period> weeks;  // or months, over a long span
    if (first) weeks = periods_over(*first, *last);

    std::vector<sdk::Cell> header{sdk::Cell::of_text("Who"), sdk::Cell::of_text("From"), sdk::Cell::of_text("To"),
                                  sdk::Cell::of_text("What")};
    for (const auto& week : weeks) header.push_back(sdk::Cell::of_text(week.heading));
    sheet.header_rows.push_back(std::move(header));

    const auto week_of = [&](const std::string& iso) -> std::optional<std::size_t> {
        const auto day = timeline_day(iso);
        if (!day || weeks.empty() || *day < weeks.front().start) return std::nullopt;
        const auto after = std::upper_bound(weeks.begin(), weeks.end(), *day,
                                            [](std::chrono::sys_days d, const Period& p) { return d < p.start; });
        // Past the last column (a span cut at most_periods) is off the grid.
        if (*day >= std::prev(after)->end) return std::nullopt;
        return static_cast<std::size_t>(after - weeks.begin()) - 1;
    };
    const auto date_cell = [](const std::string& iso) { return iso.empty() ? sdk::Cell{} : sdk::Cell::of_date(iso); };
    for (const auto& row : timeline.rows) {
        // A row of markers (the meetings) is one line; each interval is a line of its own.
        if (row.intervals.empty()) {
            std::vector<sdk::Cell> cells(4 + weeks.size());
            cells[0] = sdk::Cell::of_text(row.label);
            std::string what;
            for (const auto& marker : row.markers) {
                what += (what.empty() ? "" : "; ") + marker.label + " " + marker.date;
                if (const auto w = week_of(marker.date)) {
                    auto& cell = cells[4 + *w];
                    cell = sdk::Cell::of_text(cell.text.empty() ? marker.label : cell.text + "; " + marker.label, "header");
                }
            }
            cells[3] = sdk::Cell::of_text(what);
            sheet.rows.push_back(std::move(cells));
            continue;
        }
        for (const auto& interval : row.intervals) {
            std::vector<sdk::Cell> cells(4 + weeks.size());
            cells[0] = sdk::Cell::of_text(row.label);
            cells[1] = date_cell(interval.start);
            cells[2] = date_cell(interval.end);
            cells[3] = sdk::Cell::of_text(interval.label, interval.style);
            const auto from = week_of(interval.start);
            const auto to = week_of(interval.end);
            if (from && to)
                for (auto w = *from; w <= *to; ++w) cells[4 + w] = sdk::Cell{sdk::Cell::Type::empty, {}, 0, interval.style};
            sheet.rows.push_back(std::move(cells));
        }
    }
    return sheet;
}

PluginViewSheets add_plugin_view_sheets(XlsxWorkbook& workbook, const ExportDataset& dataset,
                                        const std::vector<std::pair<forms::FormDefinitionPtr, forms::ScanQuery>>& scopes) {
    PluginViewSheets out;
    auto& warnings = out.warnings;
    for (const auto& [form, scan] : scopes) {
        if (!form->extension) continue;
        std::vector<std::string> ids;
        dataset.source.scan(scan, [&](const forms::Record& record) {
            ids.push_back(record.meta.id);
            return true;
        });
        const auto request = form->extension->view_request(*form, std::move(ids), dataset.source.query());
        forms::Diagnostics problems;
        const auto sheets = form->extension->sheet_views(request, problems);
        const auto timelines = form->extension->timeline_views(request, problems);
        // Whatever way a view fails (its plugin throws, or it gives what a sheet cannot hold),
        // it is left out with a warning naming the plugin and the view, and the export goes on.
        const auto& plugin = form->extension->plugin_id();
        if (!problems.empty()) {
            for (const auto& problem : problems)
                warnings.push_back("the views of plugin '" + plugin + "' for form '" + form->id +
                                   "' are left out: " + problem.message);
            continue;
        }
        // Asked with the views just drawn, as the SDK promises (never for a plugin before 1.10).
        forms::Diagnostics flag_problems;
        const auto flags = sheets.empty() ? std::vector<sdk::FlaggedRow>{}
                                          : form->extension->flagged_rows(request, sheets, flag_problems);
        for (const auto& problem : flag_problems)
            warnings.push_back("the rows that plugin '" + plugin + "' flags in its views of form '" + form->id +
                               "' are left out of the Summary: " + problem.message);
        const auto add = [&](const sdk::SheetView& view) -> std::string {
            if (const auto problem = view_problem(view); !problem.empty()) {
                warnings.push_back("the view '" + view.title + "' of plugin '" + plugin + "' for form '" + form->id +
                                   "' is left out: " + problem);
                return {};
            }
            const auto& sheet = render_sheet(workbook, view).name();
            DrawnView drawn{sheet, view.title, {}};
            if (!view.header_rows.empty())
                for (const auto& cell : view.header_rows.back()) drawn.headings.push_back(cell.text);
            for (const auto& merged : view.merged_headings)
                if (merged.row + 1 == view.header_rows.size())
                    for (auto c = merged.first_column; c <= merged.last_column && c < drawn.headings.size(); ++c)
                        drawn.headings[c] = merged.text;
            out.drawn.push_back(std::move(drawn));
            return sheet;
        };
        // A flag names its view by name: the first view of that name, as drawn.
        std::vector<std::pair<const sdk::SheetView*, std::string>> drawn_as;  // view, sheet ("" if left out)
        for (const auto& view : sheets) drawn_as.emplace_back(&view, add(view));
        for (const auto& timeline : timelines) add(timeline_sheet(timeline));
        for (const auto& flag : flags) {
            const auto view = std::find_if(drawn_as.begin(), drawn_as.end(),
                                           [&](const auto& d) { return d.first->name == flag.view; });
            if (view == drawn_as.end() || flag.row >= view->first->rows.size()) {
                warnings.push_back("plugin '" + plugin + "' flags row " + std::to_string(flag.row) + " of a view '" +
                                   flag.view + "' it did not draw; the flag is left out of the Summary");
                continue;
            }
            if (view->second.empty()) continue;  // the view was left out, with its warning
            out.flagged.push_back({form->title, view->second,
                                   static_cast<std::uint32_t>(view->first->header_rows.size() + flag.row + 1),
                                   flag.record_id, flag.problem});
        }
    }
    return out;
}

}  // namespace formwork::exporters
