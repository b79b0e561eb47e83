#include <formwork/store/retention.hpp>

#include <formwork/model/record.hpp>
#include <formwork/model/values.hpp>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <stdexcept>
#include <tuple>

namespace formwork::forms {

namespace {

namespace chrono = std::chrono;

chrono::year_month_day parse_date(std::string_view date) {
    if (!is_iso_date(date)) throw std::invalid_argument("'" + std::string(date) + "' is not a date (YYYY-MM-DD)");
    const auto number = [&](std::size_t from, std::size_t length) {
        int value = 0;
        for (std::size_t i = from; i < from + length; ++i) value = value * 10 + (date[i] - '0');
        return value;
    };
    return {chrono::year{number(0, 4)}, chrono::month{static_cast<unsigned>(number(5, 2))},
            chrono::day{static_cast<unsigned>(number(8, 2))}};
}

std::string format_date(const chrono::year_month_day& date) {
    char text[16];
    std::snprintf(text, sizeof text, "%04d-%02u-%02u", static_cast<int>(date.year()), static_cast<unsigned>(date.month()),
                  static_cast<unsigned>(date.day()));
    return text;
}

const FieldChange* status_change(const AuditEntry& entry) {
    const auto found = std::find_if(entry.changes.begin(), entry.changes.end(),
                                    [](const FieldChange& change) { return change.path == "meta/status"; });
    return found == entry.changes.end() ? nullptr : &*found;
}

Diagnostic at_rule(const RetentionRule& rule, Severity severity, std::string message) {
    return {severity, rule.where.file, rule.where.line, rule.where.column, {}, std::move(message), {}};
}

std::string statuses_of(const Lifecycle& lifecycle) {
    std::string all;
    for (const auto& status : lifecycle.statuses) all += (all.empty() ? "" : ", ") + status.id;
    return all;
}

const RetentionRule* rule_for(const std::vector<RetentionRule>& rules, std::string_view form) {
    const auto found = std::find_if(rules.begin(), rules.end(), [&](const auto& rule) { return rule.form == form; });
    return found == rules.end() ? nullptr : &*found;
}

// What a record is judged on: what the list shows of it.
struct Candidate {
    std::string id, form_id, title, status;
    int form_version = 0;
};

// The record judged against its rule as of `on`: due, or not (and, where its history cannot say
// when the period started, a warning, so that it is never silently passed over).
std::optional<RetentionDue> judge(RecordStore& store, const FormLookup& forms, const RetentionRule& rule,
                                  const Candidate& record, const std::string& on, Diagnostics& out) {
    auto form = forms.find(record.form_id, record.form_version);
    if (!form) form = forms.latest(record.form_id);
    if (!form) return std::nullopt;  // check_retention_rules has said so
    const auto after = retention_status(rule, *form);
    if (after.empty()) {
        out.push_back(at_rule(rule, Severity::warning,
                              "record " + record.id + " is of form '" + form->id + "' version " +
                                  std::to_string(form->version) + ", whose lifecycle has no status '" +
                                  (rule.after.empty() ? "complete" : rule.after) + "': it is not judged"));
        return std::nullopt;
    }
    // Most records are judged by their status alone, without reading their history.
    if (form->lifecycle.rank(record.status) < form->lifecycle.rank(after)) return std::nullopt;
    // The record's own entries: its history lists the exports that wrote it too, which move nothing.
    auto history = store.history(record.id);
    history.erase(std::remove_if(history.begin(), history.end(),
                                 [&](const AuditEntry& entry) { return entry.record_id != record.id; }),
                  history.end());
    const auto start = retention_start(form->lifecycle, after, history, record.status);
    if (!start) {
        out.push_back(at_rule(rule, Severity::warning,
                              "record " + record.id + " is " + record.status +
                                  ", but its audit history does not say when it became " + after +
                                  ": it is not judged"));
        return std::nullopt;
    }
    RetentionDue due{record.id, record.form_id, record.form_version, record.title, record.status, after, *start,
                     add_calendar_period(*start, rule.years, rule.months, rule.days)};
    if (!(due.ended < on)) return std::nullopt;
    return due;
}

}  // namespace

std::string add_calendar_period(std::string_view date, int years, int months, int days) {
    auto moved = parse_date(date) + chrono::months{years * 12 + months};
    if (!moved.ok()) moved = chrono::year_month_day{chrono::year_month_day_last{moved.year(), chrono::month_day_last{moved.month()}}};
    return format_date(chrono::year_month_day{chrono::sys_days{moved} + chrono::days{days}});
}

std::string utc_today() { return utc_timestamp_now().substr(0, 10); }

std::string retention_status(const RetentionRule& rule, const FormDefinition& form) {
    const std::string wanted = rule.after.empty() ? "complete" : rule.after;
    return form.lifecycle.rank(wanted) < 0 ? std::string() : wanted;
}

std::optional<std::string> retention_start(const Lifecycle& lifecycle, std::string_view from,
                                           const std::vector<AuditEntry>& history, std::string_view current_status) {
    const int threshold = lifecycle.rank(from);
    if (threshold < 0) return std::nullopt;
    // An id erased and then imported again starts afresh: what was before the erasure is another record's.
    auto first = history.begin();
    for (auto entry = history.begin(); entry != history.end(); ++entry)
        if (entry->action == "erase") first = entry + 1;
    if (first == history.end()) return std::nullopt;
    // A record's first entry (create or import) does not name its status: it is the status the
    // first move took it from, or where no move did, the status it has now.
    std::string created_in(current_status);
    for (auto entry = first; entry != history.end(); ++entry)
        if (const auto* change = status_change(*entry)) {
            created_in = change->old_value;
            break;
        }
    const auto reached = [&](const std::string& status) { return lifecycle.rank(status) >= threshold; };
    std::optional<std::string> status;  // before each entry; nothing before the record was made
    std::optional<std::string> start;
    for (auto entry = first; entry != history.end(); ++entry) {
        const auto* change = status_change(*entry);
        const std::string next = change != nullptr ? change->new_value : status.value_or(created_in);
        if (reached(next) && !(status && reached(*status))) {
            const auto day = entry->at.substr(0, 10);
            if (!is_iso_date(day)) return std::nullopt;
            start = day;
        }
        if (!reached(next)) start.reset();
        status = next;
    }
    if (!status || *status != current_status) return std::nullopt;
    return start;
}

Diagnostics check_retention_rules(const std::vector<RetentionRule>& rules, const FormLookup& forms) {
    Diagnostics problems;
    for (const auto& rule : rules) {
        const auto form = forms.latest(rule.form);
        if (!form) {
            problems.push_back(at_rule(rule, Severity::warning,
                                       "no form '" + rule.form + "' is loaded (`formwork-cli forms` lists them): "
                                       "the retention of its records is not judged"));
        } else if (retention_status(rule, *form).empty()) {
            problems.push_back(at_rule(
                rule, Severity::error,
                rule.after.empty()
                    ? "form '" + rule.form + "' has no status 'complete' for its retention period to run from; name "
                      "one with after=\"...\" (its statuses: " + statuses_of(form->lifecycle) + ")"
                    : "form '" + rule.form + "' has no status '" + rule.after + "' (its statuses: " +
                          statuses_of(form->lifecycle) + ")"));
        }
    }
    return problems;
}

RetentionReview review_retention(RecordStore& store, const FormLookup& forms, const std::vector<RetentionRule>& rules,
                                 const std::string& on) {
    if (!is_iso_date(on)) throw std::invalid_argument("'" + on + "' is not a date (YYYY-MM-DD)");
    RetentionReview review;
    review.on = on;
    review.diagnostics = check_retention_rules(rules, forms);
    for (const auto& rule : rules) {
        const auto latest = forms.latest(rule.form);
        if (!latest || retention_status(rule, *latest).empty()) continue;
        // The whole list first, in pages along the form's index, then each judged.
        std::vector<Candidate> records;
        ListQuery query;
        query.form = rule.form;
        query.sort = ListSort::form;
        query.descending = false;
        query.limit = 1000;
        query.withdrawn = ListWithdrawn::included;  // a withdrawn record keeps its content, so its period runs too
        for (;;) {
            const auto page = store.list(query);
            for (const auto& row : page.rows)
                records.push_back({row.id, row.form_id, row.title, row.status, row.form_version});
            if (page.rows.size() < query.limit) break;
            query.offset += page.rows.size();
        }
        for (const auto& record : records)
            if (auto due = judge(store, forms, rule, record, on, review.diagnostics)) review.due.push_back(std::move(*due));
    }
    std::sort(review.due.begin(), review.due.end(), [](const RetentionDue& a, const RetentionDue& b) {
        return std::tie(a.ended, a.form_id, a.started, a.record_id) < std::tie(b.ended, b.form_id, b.started, b.record_id);
    });
    return review;
}

std::vector<RetentionErasure> erase_past_retention(RecordStore& store, const FormLookup& forms,
                                                   const std::vector<RetentionRule>& rules,
                                                   const std::vector<RetentionDue>& due, const std::string& on,
                                                   const std::string& user, const std::string& reason,
                                                   const std::function<void(const RetentionErasure&)>& done) {
    std::vector<RetentionErasure> results;
    for (const auto& listed : due) {
        RetentionErasure result{listed.record_id, std::nullopt, {}};
        const auto* rule = rule_for(rules, listed.form_id);
        const auto record = store.load(listed.record_id);
        Diagnostics ignored;
        if (rule == nullptr) {
            result.problem = "the profile gives no retention period for form '" + listed.form_id + "'; not erased";
        } else if (!record) {
            result.problem = "no longer in the database; nothing to erase";
        } else if (!judge(store, forms, *rule,
                          {record->meta.id, record->meta.form_id, listed.title, record->meta.status,
                           record->meta.form_version},
                          on, ignored)) {
            result.problem = "no longer past its retention period (it is " + record->meta.status +
                             " now, and was changed since it was listed); not erased";
        } else {
            try {
                result.report = store.erase(listed.record_id, user, reason);
            } catch (const std::exception& e) {
                result.problem = std::string(e.what());
            }
        }
        if (done) done(result);
        results.push_back(std::move(result));
    }
    return results;
}

}  // namespace formwork::forms
