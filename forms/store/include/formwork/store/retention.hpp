// Retention (docs/profile.md, "Retention"): which stored records are past the retention period
// the council profile gives their form, as of a date, and erasing exactly those. In the engine,
// not the command line, so that the window can offer the same review.
#pragma once

#include <formwork/model/council_profile.hpp>
#include <formwork/model/definition.hpp>
#include <formwork/model/diagnostic.hpp>
#include <formwork/model/form_lookup.hpp>
#include <formwork/store/audit_log.hpp>
#include <formwork/store/record_store.hpp>

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace formwork::forms {

using RetentionRule = CouncilProfile::Retention;

// `date` (YYYY-MM-DD, a real date) plus a calendar period: the years and months first, a day
// the month reached does not have becoming its last day (2020-02-29 + 1 year = 2021-02-28,
// 2019-01-31 + 1 month = 2019-02-28), then the days. Throws std::invalid_argument for a date
// that is not one.
std::string add_calendar_period(std::string_view date, int years, int months, int days);

// Today's date in UTC (YYYY-MM-DD): the calendar the audit log's times are in.
std::string utc_today();

// The status a rule's period runs from in `form`: the rule's `after`, else the form's
// "complete"; empty when the form has no such status.
std::string retention_status(const RetentionRule& rule, const FormDefinition& form);

// The UTC date (YYYY-MM-DD) on which a record last entered status `from` or one after it in
// `lifecycle`, coming from an earlier status, or was created or imported in one: read from its
// audit history (oldest first; what came before an erasure of the same id does not count). Nothing
// when, by that history, the record is not in such a status now, or when the history does not end
// in `current_status` (a history that does not account for the record is never guessed from).
std::optional<std::string> retention_start(const Lifecycle& lifecycle, std::string_view from,
                                           const std::vector<AuditEntry>& history, std::string_view current_status);

// A record past its retention period.
struct RetentionDue {
    std::string record_id;
    std::string form_id;
    int form_version = 0;
    std::string title;   // as `list` shows it
    std::string status;  // now
    std::string after;   // the status the period runs from
    std::string started; // YYYY-MM-DD, UTC: when it last entered `after` or a later status
    std::string ended;   // YYYY-MM-DD: the period's last day; the record is past it from the day after
};

struct RetentionReview {
    std::string on;                  // the date judged as of
    std::vector<RetentionDue> due;   // by end date, then form, start date and id
    // About the rules (each at its place in the profile) and the records not judged:
    // a rule for a form no plugin has is a warning, and its records are not judged; a status the
    // form does not have is an error, and that rule judges nothing.
    Diagnostics diagnostics;
};

// The rules' problems once the forms are known (see RetentionReview::diagnostics).
Diagnostics check_retention_rules(const std::vector<RetentionRule>& rules, const FormLookup& forms);

// Every record of the rules' forms (every version of each form) that is past its period on `on`
// (YYYY-MM-DD): its end date is before `on`.
RetentionReview review_retention(RecordStore& store, const FormLookup& forms, const std::vector<RetentionRule>& rules,
                                 const std::string& on);

// What erasing one record past its period did.
struct RetentionErasure {
    std::string record_id;
    std::optional<EraseReport> report;  // when erased
    std::string problem;                // why not, when not
};

// Erases each record of `due` (a review's, shown to the person), each with its own erase entry
// and `reason`. Each is judged again just before, so that a record reopened or changed since
// the review is left alone, and said so; one that cannot be erased is said too, and the others
// go on. `done` hears of each as it is decided.
std::vector<RetentionErasure> erase_past_retention(RecordStore& store, const FormLookup& forms,
                                                   const std::vector<RetentionRule>& rules,
                                                   const std::vector<RetentionDue>& due, const std::string& on,
                                                   const std::string& user, const std::string& reason,
                                                   const std::function<void(const RetentionErasure&)>& done = {});

}  // namespace formwork::forms
