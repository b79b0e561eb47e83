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

constexpr std::size_t most_weeks = 5 * 53;

}  // namespace

sdk::SheetView timeline_sheet(const sdk::TimelineView& timeline) {
    sdk::SheetView sheet;
    sheet.name = timeline.name;
    sheet.title = timeline.title;
    sheet.text_alternative = timeline.text_alternative;

    const auto span = timeline_span(timeline);
    const std::optional<std::chrono::sys_days> first = span ? std::optional(span->first) : std::nullopt;
    const std::optional<std::chrono::sys_days> last = span ? std::optional(span->last) : std::nullopt;
    // Weeks start on Monday, as the council's diary does.
    std::vector<std::chrono::sys_days> weeks;
    if (first) {
        const std::chrono::weekday weekday(*first);
        auto monday = *first - std::chrono::days((weekday.c_encoding() + 6) % 7);
        for (; monday <= *last && weeks.size() < most_weeks; monday += std::chrono::weeks(1)) weeks.push_back(monday);
    }

    std::vector<sdk::Cell> header{sdk::Cell::of_text("Who"), sdk::Cell::of_text("From"), sdk::Cell::of_text("To"),
                                  sdk::Cell::of_text("What")};
    for (const auto week : weeks) header.push_back(sdk::Cell::of_text("w/c " + iso_of(week)));
    sheet.header_rows.push_back(std::move(header));

    const auto week_of = [&](const std::string& iso) -> std::optional<std::size_t> {
        const auto day = timeline_day(iso);
        if (!day || weeks.empty() || *day < weeks.front()) return std::nullopt;
        const auto index = static_cast<std::size_t>((*day - weeks.front()).count() / 7);
        return index < weeks.size() ? std::optional<std::size_t>(index) : std::nullopt;
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

std::vector<std::string> add_plugin_view_sheets(XlsxWorkbook& workbook, const ExportDataset& dataset,
                                                const std::vector<std::pair<forms::FormDefinitionPtr, forms::ScanQuery>>& scopes) {
    std::vector<std::string> warnings;
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
        const auto add = [&](const sdk::SheetView& view) {
            if (const auto problem = view_problem(view); !problem.empty()) {
                warnings.push_back("the view '" + view.title + "' of plugin '" + plugin + "' for form '" + form->id +
                                   "' is left out: " + problem);
                return;
            }
            render_sheet(workbook, view);
        };
        for (const auto& view : sheets) add(view);
        for (const auto& timeline : timelines) add(timeline_sheet(timeline));
    }
    return warnings;
}

}  // namespace formwork::exporters
