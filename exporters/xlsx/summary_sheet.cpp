#include "summary_sheet.hpp"

#include "../src/record_columns.hpp"

#include <formwork/model/validator.hpp>

#include <algorithm>

namespace formwork::exporters {

namespace {

using Row = std::uint32_t;

// A value from a record (its title) that a cell cannot hold is summarised, never refused: the
// records sheet, which holds it too, names the record and the field.
std::string cell_safe(const std::string& text) {
    if (cell_text_problem(text)) return "(a text a cell cannot hold)";
    if (excel_length(text) > excel_max_cell_characters) return text.substr(0, 1000) + "...";
    return text;
}

const char* severity_style(forms::Severity severity) {
    return severity == forms::Severity::error ? "rag-red" : "rag-amber";
}

class SummaryWriter {
public:
    explicit SummaryWriter(XlsxSheet& sheet) : sheet_(sheet) {}

    void heading(const std::string& text) {
        gap();
        sheet_.text(row_, 0, text, "header");
        ++row_;
    }
    void header(const std::vector<std::string>& headings) {
        for (std::uint32_t c = 0; c < headings.size(); ++c) sheet_.text(row_, c, headings[c], "header");
        ++row_;
    }
    void none() {
        sheet_.text(row_, 0, "none");
        ++row_;
    }
    // Each cell: text, a number when `numbers` says so, in `styles`' class where it gives one.
    void cells(const std::vector<std::string>& texts, const std::vector<std::string>& styles = {},
               const std::vector<bool>& numbers = {}) {
        for (std::uint32_t c = 0; c < texts.size(); ++c) {
            const std::string style = c < styles.size() ? styles[c] : std::string();
            if (c < numbers.size() && numbers[c])
                sheet_.number(row_, c, std::stod(texts[c]), style);
            else if (!texts[c].empty())
                sheet_.text(row_, c, cell_safe(texts[c]), style);
        }
        ++row_;
    }

private:
    void gap() {
        if (row_ > 0) ++row_;
    }
    XlsxSheet& sheet_;
    Row row_ = 0;
};

}  // namespace

WorkbookSummary::WorkbookSummary(std::string user, const sdk::RecordQuery* records)
    : user_(std::move(user)), records_(records) {}

void WorkbookSummary::add_form(const forms::FormDefinition& form) {
    FormCounts counts;
    counts.form_id = form.id;
    counts.title = form.title.empty() ? form.id : form.title;
    for (const auto& status : form.lifecycle.statuses)
        counts.statuses.emplace_back(status.id, record_columns::status_label(form, status.id));
    forms_.push_back(std::move(counts));
}

void WorkbookSummary::set_flagged(std::vector<FlaggedSheetRow> flagged) {
    flagged_ = std::move(flagged);
    for (const auto& flag : flagged_)
        if (!flag.record_id.empty()) flagged_ids_.insert(flag.record_id);
}

void WorkbookSummary::add_record(const forms::FormDefinition& latest, const forms::FormDefinition& own,
                                 const forms::Record& record) {
    auto form = std::find_if(forms_.begin(), forms_.end(), [&](const auto& f) { return f.form_id == latest.id; });
    if (form == forms_.end()) {
        add_form(latest);
        form = forms_.end() - 1;
    }
    const auto& status = record.meta.status;
    if (form->counts[status]++ == 0 &&
        std::none_of(form->statuses.begin(), form->statuses.end(), [&](const auto& s) { return s.first == status; }))
        form->statuses.emplace_back(status, status);  // a status the lifecycle no longer has

    const bool flagged = flagged_ids_.count(record.meta.id) != 0;
    // As the command line's validate and a status change check it: at its own status, with the
    // plugin's checks reading the other stored records.
    auto found = forms::validate_record(own, record, {{}, user_, {}, records_});
    if (found.empty() && !flagged) return;
    const auto title = forms::record_title(own, record);
    if (flagged) flagged_titles_[record.meta.id] = title;
    for (auto& diagnostic : found) {
        if (++problem_count_ > listed_problems) continue;
        problems_.push_back({form->title, title, record.meta.id, std::move(diagnostic)});
    }
}

void WorkbookSummary::write(XlsxSheet& sheet) const {
    SummaryWriter out(sheet);

    out.heading("Records by form and status");
    out.header({"Form", "Status", "Records"});
    std::size_t total = 0;
    for (const auto& form : forms_)
        for (const auto& [id, label] : form.statuses) {
            const auto count = form.counts.find(id);
            if (count == form.counts.end()) continue;
            out.cells({form.title, label, std::to_string(count->second)}, {}, {false, false, true});
            total += count->second;
        }
    if (total == 0)
        out.none();
    else
        out.cells({"All forms", "All statuses", std::to_string(total)}, {"header", "header", "header"}, {false, false, true});

    out.heading("Problems the validator finds in the records");
    out.header({"Form", "Record title", "Record id", "Field", "Severity", "Problem"});
    if (problems_.empty()) out.none();
    for (const auto& problem : problems_) {
        const auto& d = problem.diagnostic;
        const std::string style = severity_style(d.severity);
        out.cells({problem.form, problem.record_title, problem.record_id, d.path, forms::severity_name(d.severity), d.message},
                  {{}, {}, {}, {}, style, style});
    }
    if (problem_count_ > problems_.size())
        out.cells({"", "", "", "", "",
                   "... and " + std::to_string(problem_count_ - problems_.size()) +
                       " more problems, not listed (the validate command lists them all)"});

    out.heading("Rows the plugins' views flag");
    out.header({"View (sheet)", "Row", "Record title", "Record id", "Problem"});
    if (flagged_.empty()) out.none();
    for (const auto& flag : flagged_) {
        const auto title = flagged_titles_.find(flag.record_id);
        out.cells({flag.sheet, std::to_string(flag.row), title == flagged_titles_.end() ? std::string() : title->second,
                   flag.record_id, flag.problem},
                  {{}, {}, {}, {}, "rag-red"}, {false, true});
    }

    const double widths[] = {32, static_cast<double>(widest_text_column), 38, 30, 12, static_cast<double>(widest_text_column)};
    for (std::uint32_t c = 0; c < 6; ++c) sheet.column_width(c, widths[c]);
}

}  // namespace formwork::exporters
