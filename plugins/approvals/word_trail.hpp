// The sign-off table of a committee report as officers copy it out of Word: tab-separated
// lines, a header line, "Contributors:" and "Names of approvers for submission:" divider lines,
// optional role prefixes ("Finance: Phil Helm"), and UK day-first dates in whatever form the
// report used. Read into the rows of the approval-trail form's sign-offs table.
#pragma once

#include <formwork/sdk/record_code.hpp>

#include <string>
#include <string_view>
#include <vector>

namespace formwork::plugins::approvals {

struct TrailRow {
    int line = 0;               // 1-based line of the text it came from
    std::string name;           // as printed, without any role prefix
    std::string title;
    std::string service_area;   // as printed, "-" included
    std::string role;           // a code of the form's sign-off-role list
    bool role_inferred = false;  // true when the report gave no prefix and the title decided
    std::string sent;           // YYYY-MM-DD, or empty when it could not be read
    std::string received;
    std::string sent_as_written;      // the text, kept only when it could not be read
    std::string received_as_written;
};

struct WordTrailReading {
    std::vector<TrailRow> rows;
    std::vector<sdk::ImportNote> notes;  // paths are sign-offs/row[N]/FIELD, N counting from 1
};

// Reads the text. Lines end in \n, \r\n or \r; cells are split on tabs, lose any simple HTML
// tags a conversion left (<b>, <p>, ...) and are trimmed. Everything before the header line
// ("Contributor/approver name ...") is skipped when there is one; "Contributors:" and "Names
// of approvers ..." lines say which rows follow; the table ends at the first line after a row
// that is not one (fewer than two filled cells and fewer than five cells), or at "This report
// is published ...". An approver's role comes from its prefix, else from infer_role (noted as
// inferred), else stays empty (noted). A date that read_uk_date refuses is kept as written and
// noted. Characters XML cannot hold are left out, and noted.
// Throws std::invalid_argument, naming the source, when it holds no sign-off table at all (no
// row with the five columns).
WordTrailReading read_word_trail(std::string_view text, const std::string& source);

// The approval-trail instance holding just the rows: <approval-trail><sign-offs><row>...</row>
// </sign-offs></approval-trail>, with every column of the form's table in the form's order.
std::string trail_instance_xml(const WordTrailReading& reading);

// The role an approver's job title implies, or empty when it implies none:
// finance (Head of Finance, Finance Manager, Section 151 Officer), legal (Chief Legal Officer,
// Solicitor, Legal Services), director (Director, Chief Executive), members (Councillor,
// Cabinet Member).
std::string infer_role(std::string_view name, std::string_view title);

}  // namespace formwork::plugins::approvals
