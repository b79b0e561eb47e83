// The workbook's first sheet, Summary: what a manager reads before the records. How
// many records of each form are at each status; each record's problems, as the validator gives
// them (the form's rules and its plugin's checks, by the record's own version of the form); and
// the rows the plugins' views flag (an overdue sign-off, an inquorate meeting). Gathered while
// the export streams its records, and written once the scan is over: the Summary sheet is added
// first, so that it opens first, and filled last, which constant-memory mode allows.
#pragma once

#include "plugin_views.hpp"
#include "xlsx_workbook.hpp"

#include <formwork/model/definition.hpp>
#include <formwork/model/diagnostic.hpp>
#include <formwork/model/record.hpp>
#include <formwork/sdk/record_query.hpp>

#include <cstddef>
#include <map>
#include <set>
#include <string>
#include <vector>

namespace formwork::exporters {

class WorkbookSummary {
public:
    // `records`: the store's read-only view, for the plugins' checks that read other records.
    WorkbookSummary(std::string user, const sdk::RecordQuery* records);

    // The forms in the order their sheets come; each before its records.
    void add_form(const forms::FormDefinition& form);
    // The flags of the plugins' views, drawn before the records are read: their records' titles
    // are picked up as the records stream.
    void set_flagged(std::vector<FlaggedSheetRow> flagged);
    // Counts the record and validates it by `own` (the record's own version of the form);
    // `latest` labels its status, as the records sheet does.
    void add_record(const forms::FormDefinition& latest, const forms::FormDefinition& own, const forms::Record& record);

    std::size_t problems() const noexcept { return problem_count_; }

    // Writes the three sections, one under the other; an empty one says "none".
    void write(XlsxSheet& sheet) const;

private:
    struct FormCounts {
        std::string form_id;
        std::string title;
        std::vector<std::pair<std::string, std::string>> statuses;  // id, label, in lifecycle order
        std::map<std::string, std::size_t> counts;                 // by status id
    };
    struct Problem {
        std::string form;
        std::string record_title;
        std::string record_id;
        forms::Diagnostic diagnostic;
    };

    std::string user_;
    const sdk::RecordQuery* records_;
    std::vector<FormCounts> forms_;
    std::vector<Problem> problems_;
    std::size_t problem_count_ = 0;  // all found; at most listed_problems are kept
    std::vector<FlaggedSheetRow> flagged_;
    std::set<std::string> flagged_ids_;
    std::map<std::string, std::string> flagged_titles_;  // record id -> title
};

// The most problems the Summary lists, so that a store of bad drafts never fills a sheet: the
// rest are counted in a last line.
inline constexpr std::size_t listed_problems = 100'000;

}  // namespace formwork::exporters
