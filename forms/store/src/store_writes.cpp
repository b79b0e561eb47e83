#include "store_writes.hpp"

#include <formwork/model/stored_record.hpp>
#include <formwork/model/string_writer.hpp>
#include <formwork/model/xml_input.hpp>

#include <algorithm>
#include <cstdint>

namespace formwork::forms {

std::string locked_record_message(const FormDefinition& form, const std::string& record_id, const std::string& status) {
    const auto label = form.lifecycle.label_of(status);
    const auto first = form.lifecycle.statuses.empty() ? std::string() : form.lifecycle.initial();
    return "record " + record_id + " is " + label + ", and a record that is " + label +
           " is locked: its content changes only after it is reopened, with a reason (in the window: Reopen; "
           "on the command line: formwork-cli set-status " + record_id + " " + first +
           " --revision N --reopen REASON, or import --reopen REASON)";
}

std::string withdrawn_record_message(const std::string& record_id) {
    return "record " + record_id + " is withdrawn: it is kept as it was, and nothing changes it until it is restored "
           "(in the window: Restore; on the command line: formwork-cli restore " + record_id + " --reason REASON)";
}

WithdrawnError::WithdrawnError(const std::string& id)
    : StoreError(withdrawn_record_message(id) + ". Nothing was saved"), record_id(id) {}

LockedError::LockedError(const FormDefinition& form, const std::string& id, const std::string& at)
    : StoreError(locked_record_message(form, id, at)), record_id(id), status(at) {}

}  // namespace formwork::forms

namespace formwork::forms::store {

namespace {

// The audit log keeps a reopen's reason as a change of its own, so the chain covers it.
constexpr const char* reopen_reason_path = "meta/reopen-reason";

bool blank(const std::string& text) { return text.find_first_not_of(" \t\r\n") == std::string::npos; }

// Moves `record` (stored at `revision`) to `to` through the lifecycle's own rules
// (change_status: the transition must be allowed, and the record valid for `to`), and writes
// it as the next revision with one audit entry; `extra` is added to the entry's changes (a
// reopen's reason). A refused move writes nothing and says why.
StatusChangeResult write_move(RowWriter& rows, const FormDefinition& form, Record& record, long revision,
                              const std::string& to, const std::string& action, std::vector<FieldChange> extra,
                              const std::string& user, const std::string& now) {
    const Record before = record;
    auto result = change_status(form, record, to, user, now);
    if (!result.changed) {
        record = before;
        return result;
    }
    auto changes = diff_records(form, &before, record);
    changes.insert(changes.begin(), {"meta/status", before.meta.status, record.meta.status});
    for (auto& change : extra) changes.push_back(std::move(change));
    record.meta.revision = revision + 1;
    rows.rewrite(form, record);
    append_audit(rows, record, action, std::move(changes), user, now);
    return result;
}

// The first error of a refused move, for a message of our own.
std::string first_error(const StatusChangeResult& result) {
    for (const auto& d : result.diagnostics)
        if (d.severity == Severity::error) return d.message;
    return {};
}

}  // namespace

namespace {

AuditEntry append_entry(RowWriter& rows, const std::string& record_id, long revision, const std::string& action,
                        std::vector<FieldChange> changes, const std::string& user, const std::string& at) {
    // Inside the writer's serialised transaction, so the chain stays linear.
    AuditEntry entry;
    auto [sequence, previous] = rows.audit_head();
    entry.sequence = sequence + 1;
    entry.previous_digest = std::move(previous);
    entry.at = at;
    entry.by = user;
    entry.record_id = record_id;
    entry.revision = revision;
    entry.action = action;
    entry.changes = std::move(changes);
    const auto encoded = encode_changes(entry.changes);
    entry.values_digest = sha256_hex(encoded);
    entry.digest = audit_digest(entry);
    rows.insert_audit(entry, encoded);
    return entry;
}

}  // namespace

void append_audit(RowWriter& rows, const Record& record, const std::string& action, std::vector<FieldChange> changes,
                  const std::string& user, const std::string& at) {
    append_entry(rows, record.meta.id, record.meta.revision, action, std::move(changes), user, at);
}

EraseReport write_erase(RowWriter& rows, const std::string& id, const std::string& user, const std::string& reason) {
    if (blank(reason))
        throw StoreError("erasing record " + id + " needs a reason, which the audit log keeps (--reason REASON); "
                         "nothing was erased");
    const auto current = rows.stored(id);
    if (!current) throw StoreError("no record " + id + " is stored; nothing was erased");
    const auto now = utc_timestamp_now();
    // The erase entry comes next in the chain: each tombstone names it, and it names each.
    const long erase_entry = rows.audit_head().first + 1;
    std::vector<FieldChange> confirmations{{"meta/erase-reason", "", reason}};
    EraseReport report;
    report.record_id = id;
    for (const auto& entry : rows.record_audit(id)) {
        if (!entry.tombstone.empty()) continue;  // erased already (none while the record is there)
        const auto kept = encode_changes(erased_changes(entry.changes));
        const auto tombstone = tombstone_text({entry.sequence, entry.values_digest, erase_entry, now, user, reason});
        rows.tombstone_audit(entry.sequence, kept, tombstone);
        confirmations.push_back({erased_change_path(entry.sequence), "", tombstone_digest(tombstone, kept)});
        ++report.entries_erased;
    }
    rows.remove_record(id);
    report.erase_entry = append_entry(rows, id, current->first, "erase", std::move(confirmations), user, now).sequence;
    return report;
}

long write_withdraw(RowWriter& rows, const std::string& id, const std::string& user, const std::string& reason) {
    if (blank(reason))
        throw StoreError("withdrawing record " + id + " needs a reason, which the audit log keeps (--reason REASON); "
                         "nothing was withdrawn");
    const auto current = rows.stored(id);
    if (!current) throw StoreError("no record " + id + " is stored; nothing was withdrawn");
    if (const auto entry = rows.withdrawn(id); entry != 0)
        throw StoreError("record " + id + " is withdrawn already (audit entry " + std::to_string(entry) +
                         "); nothing was changed. formwork-cli restore " + id + " brings it back");
    // The content and its revision stay as they are: a withdrawal changes neither.
    const auto entry = append_entry(rows, id, current->first, "withdraw", {{withdraw_reason_path, "", reason}}, user,
                                    utc_timestamp_now());
    rows.set_withdrawn(id, entry.sequence);
    return entry.sequence;
}

long write_restore(RowWriter& rows, const std::string& id, const std::string& user, const std::string& reason) {
    const auto current = rows.stored(id);
    if (!current) throw StoreError("no record " + id + " is stored; nothing was restored");
    if (rows.withdrawn(id) == 0)
        throw StoreError("record " + id + " is not withdrawn, so there is nothing to restore; nothing was changed");
    std::vector<FieldChange> changes;
    if (!blank(reason)) changes.push_back({restore_reason_path, "", reason});
    const auto entry = append_entry(rows, id, current->first, "restore", std::move(changes), user, utc_timestamp_now());
    rows.set_withdrawn(id, 0);
    return entry.sequence;
}

Withdrawal withdrawal_from(const AuditEntry& withdraw_entry) {
    Withdrawal withdrawal{withdraw_entry.sequence, withdraw_entry.at, withdraw_entry.by, {}};
    for (const auto& change : withdraw_entry.changes)
        if (change.path == withdraw_reason_path) withdrawal.reason = change.new_value;
    return withdrawal;
}

const char* withdrawn_condition(ListWithdrawn withdrawn) {
    switch (withdrawn) {
    case ListWithdrawn::hidden: return " WHERE withdrawn = 0";
    case ListWithdrawn::only: return " WHERE withdrawn > 0";
    case ListWithdrawn::included: return " WHERE 1 = 1";
    }
    return " WHERE withdrawn = 0";
}

long write_export(RowWriter& rows, const ExportFacts& facts, const std::string& user) {
    const auto entry = append_entry(rows, "", 0, export_action, export_changes(facts), user, utc_timestamp_now());
    rows.link_export(entry.sequence, facts.record_ids);
    return entry.sequence;
}

namespace {

// The action and the first change of a save's audit entry, from its note (SaveNote).
std::string note_changes(const SaveNote& note, const std::string& plain_action, std::vector<FieldChange>& changes) {
    if (!note.duplicated_from.empty()) {
        changes.insert(changes.begin(), {duplicated_from_path, "", note.duplicated_from});
        return "duplicate";
    }
    if (note.restored_revision > 0) {
        changes.insert(changes.begin(), {restored_revision_path, "", std::to_string(note.restored_revision)});
        return "restore-revision";
    }
    if (!note.imported_from.empty()) {
        changes.insert(changes.begin(), {imported_from_path, "", note.imported_from});
        return "import";
    }
    return plain_action;
}

}  // namespace

RecordMeta write_create(RowWriter& rows, const FormDefinition& form, const Record& record, const std::string& user,
                        const SaveNote& note) {
    if (rows.stored(record.meta.id)) throw StoreError("a record with id " + record.meta.id + " is already stored");
    Record saved = record;
    const auto now = utc_timestamp_now();
    saved.meta.revision = 1;
    saved.meta.created_at = saved.meta.modified_at = now;
    saved.meta.created_by = saved.meta.modified_by = user;
    rows.insert(form, saved);
    auto changes = diff_records(form, nullptr, saved);
    const auto action = note_changes(note, "create", changes);
    append_audit(rows, saved, action, std::move(changes), user, now);
    return saved.meta;
}

std::optional<RecordMeta> write_update(RowWriter& rows, const FormDefinition& form, const Record& record,
                                       long base_revision, const std::string& user, const SaveNote& note) {
    const auto current = rows.stored(record.meta.id);
    if (!current) throw StoreError("no record " + record.meta.id + " is stored; it cannot be updated");
    if (current->first != base_revision) throw ConflictError(record.meta.id, base_revision, current->first);
    auto before = parse_stored_record(current->second);
    auto changes = diff_records(form, &before, record);
    if (before.meta.status != record.meta.status)
        changes.insert(changes.begin(), {"meta/status", before.meta.status, record.meta.status});
    if (changes.empty()) return std::nullopt;  // nothing to save: no new revision, no audit entry
    if (rows.withdrawn(record.meta.id) != 0) throw WithdrawnError(record.meta.id);
    Record saved = record;
    const auto now = utc_timestamp_now();
    long revision = current->first;
    if (form.lifecycle.locks(before.meta.status)) {
        if (blank(note.reopen_reason)) throw LockedError(form, record.meta.id, before.meta.status);
        // Reopened with the reason first (its own entry, as set_status makes), then saved in the
        // first status: both in the caller's transaction.
        const auto reopened = write_move(rows, form, before, revision, form.lifecycle.initial(), "reopen",
                                         {{reopen_reason_path, "", note.reopen_reason}}, user, now);
        if (!reopened.changed)
            throw StoreError("record " + record.meta.id + " is " + form.lifecycle.label_of(before.meta.status) +
                             " and cannot be reopened (" + first_error(reopened) + "); nothing was saved");
        revision = before.meta.revision;
        saved.meta.status = before.meta.status;
        saved.meta.transitions = before.meta.transitions;
        changes = diff_records(form, &before, saved);
        if (changes.empty()) return before.meta;  // reopened, and the content was its already
    }
    saved.meta.revision = revision + 1;
    saved.meta.modified_at = now;
    saved.meta.modified_by = user;
    rows.rewrite(form, saved);
    const auto action = note_changes(note, "update", changes);
    append_audit(rows, saved, action, std::move(changes), user, now);
    return saved.meta;
}

StatusChangeResult write_status(RowWriter& rows, const FormDefinition& form, const std::string& id,
                                const std::string& status, long base_revision, const std::string& user,
                                const std::string& reopen_reason) {
    const auto current = rows.stored(id);
    if (!current) throw StoreError("no record " + id + " is stored");
    if (rows.withdrawn(id) != 0) throw WithdrawnError(id);
    if (current->first != base_revision) throw ConflictError(id, base_revision, current->first);
    const auto before = parse_stored_record(current->second);
    if (before.meta.form_id != form.id || before.meta.form_version != form.version)
        throw StoreError("record " + id + " is a " + before.meta.form_id + " v" + std::to_string(before.meta.form_version) +
                         ", not a " + form.id + " v" + std::to_string(form.version));
    const bool reopen = form.lifecycle.reopens(before.meta.status, status);
    if (reopen && blank(reopen_reason)) {
        StatusChangeResult refused;
        refused.diagnostics.push_back({Severity::error, {}, 0, 0, {},
                                       "moving record " + id + " back to " + form.lifecycle.label_of(status) +
                                           " reopens it: give the reason (in the window it is asked for; on the command "
                                           "line, --reopen REASON)",
                                       {}});
        return refused;
    }
    Record changed = before;
    std::vector<FieldChange> extra;
    if (reopen) extra.push_back({reopen_reason_path, "", reopen_reason});
    return write_move(rows, form, changed, current->first, status, reopen ? "reopen" : "status", std::move(extra), user,
                      utc_timestamp_now());
}

ImportItem import_one(RowWriter& rows, const FormLookup& forms, const std::string& source, const std::string& text,
                      const std::string& user, const std::string& reopen_reason, bool audit_names_source) {
    const auto named = [&](std::vector<FieldChange> changes) {
        if (audit_names_source) changes.insert(changes.begin(), {imported_from_path, "", source});
        return changes;
    };
    ImportItem item;
    item.source = source;
    auto read = read_record(text, source, forms);
    item.diagnostics = std::move(read.diagnostics);
    if (!read.record) return item;
    auto& record = *read.record;
    item.record_id = record.meta.id;
    const auto current = rows.stored(record.meta.id);
    const auto now = utc_timestamp_now();
    if (!current) {
        rows.insert(*read.form, record);
        append_audit(rows, record, "import", named(diff_records(*read.form, nullptr, record)), user, now);
        item.outcome = ImportItem::Outcome::added;
        item.revision = record.meta.revision;
    } else if (current->first != record.meta.revision) {
        item.diagnostics.push_back({Severity::error, source, 0, 0, {},
                                    "the file is revision " + std::to_string(record.meta.revision) + " of record " +
                                        record.meta.id + ", but the database holds revision " +
                                        std::to_string(current->first) +
                                        "; it was changed since this file was made, so the file was not imported",
                                    {}});
    } else {
        auto before = parse_stored_record(current->second);
        const auto& form = *read.form;
        auto changes = diff_records(form, &before, record);
        if (before.meta.status != record.meta.status)
            changes.insert(changes.begin(), {"meta/status", before.meta.status, record.meta.status});
        item.revision = current->first;
        item.outcome = ImportItem::Outcome::unchanged;
        if (changes.empty()) return item;
        if (rows.withdrawn(record.meta.id) != 0) {
            item.outcome = ImportItem::Outcome::refused;
            item.diagnostics.push_back({Severity::error, source, 0, 0, {},
                                        withdrawn_record_message(record.meta.id) + "; the file was not imported", {}});
            return item;
        }
        const bool locked = form.lifecycle.locks(before.meta.status);
        if (locked && blank(reopen_reason)) {
            // A file that merely says "draft" is no reopen: that takes a reason.
            item.outcome = ImportItem::Outcome::refused;
            item.diagnostics.push_back({Severity::error, source, 0, 0, {},
                                        locked_record_message(form, record.meta.id, before.meta.status) +
                                            "; the file was not imported",
                                        {}});
            return item;
        }
        long revision = current->first;
        const std::string wanted = record.meta.status;
        if (locked) {
            // Reopened with the reason given, then updated in the first status; then moved to
            // the file's status when it validates for it. Each move is an audit entry, and each
            // keeps to the lifecycle: where it has no way back, the file is refused.
            const auto reopened = write_move(rows, form, before, revision, form.lifecycle.initial(), "reopen",
                                             {{reopen_reason_path, "", reopen_reason}}, user, now);
            if (!reopened.changed) {
                item.outcome = ImportItem::Outcome::refused;
                item.diagnostics.push_back({Severity::error, source, 0, 0, {},
                                            "record " + record.meta.id + " is " +
                                                form.lifecycle.label_of(before.meta.status) +
                                                " and cannot be reopened (" + first_error(reopened) +
                                                "); the file was not imported",
                                            {}});
                return item;
            }
            revision = before.meta.revision;
            record.meta.status = before.meta.status;
            record.meta.transitions = before.meta.transitions;
            changes = diff_records(form, &before, record);
        }
        record.meta.revision = revision + 1;
        record.meta.modified_at = now;
        record.meta.modified_by = user;
        if (!changes.empty()) {
            rows.rewrite(form, record);
            append_audit(rows, record, "import", named(std::move(changes)), user, now);
            revision = record.meta.revision;
        }
        if (locked && wanted != record.meta.status) {
            Record moved = record;
            const auto result = write_move(rows, form, moved, revision, wanted, "status", {}, user, now);
            if (result.changed) {
                revision = moved.meta.revision;
            } else {
                item.diagnostics.push_back({Severity::warning, source, 0, 0, {},
                                            "record " + record.meta.id + " was reopened and updated, and stays " +
                                                form.lifecycle.label_of(record.meta.status) + ": it cannot be " +
                                                form.lifecycle.label_of(wanted) + " as the file says (" +
                                                first_error(result) + ")",
                                            {}});
            }
        }
        item.outcome = ImportItem::Outcome::updated;
        item.revision = revision;
    }
    return item;
}

void refuse_batch(std::vector<ImportItem>& items, std::size_t batch_start, const std::string& why) {
    for (auto i = batch_start; i < items.size(); ++i) {
        if (items[i].outcome == ImportItem::Outcome::refused) continue;
        items[i].outcome = ImportItem::Outcome::refused;
        items[i].diagnostics.push_back({Severity::error, items[i].source, 0, 0, {}, why, {}});
    }
}

void tell_decided(const std::vector<ImportItem>& items, std::size_t batch_start, const ImportDecided& decided) {
    if (!decided) return;
    for (auto i = batch_start; i < items.size(); ++i) decided(items[i]);
}

std::string stored_record_text(const Record& record) {
    StringWriter writer;
    write_record(record, writer);
    return writer.text;
}

namespace {

void add_search_words(const pugi::xml_node& element, std::string& words) {
    for (const auto& node : element.children()) {
        if (node.type() == pugi::node_element) {
            add_search_words(node, words);
        } else if ((node.type() == pugi::node_pcdata || node.type() == pugi::node_cdata) && *node.value() != '\0') {
            if (!words.empty()) words += '\n';
            words += node.value();
        }
    }
}

}  // namespace

std::string search_words(const Record& record) {
    std::string words;
    add_search_words(record.instance(), words);
    return words;
}

std::string like_pattern(const std::string& text) {
    std::string pattern = "%";
    for (char c : text) {
        if (c == '%' || c == '_' || c == '\\') pattern += '\\';
        pattern += c;
    }
    return pattern + "%";
}

std::int64_t sql_bigint(std::size_t value) {
    return static_cast<std::int64_t>(std::min<std::size_t>(value, static_cast<std::size_t>(INT64_MAX)));
}

std::size_t short_count_limit(const ListQuery& query) {
    // Saturating: a caller's huge offset must not wrap round to a small limit.
    constexpr std::size_t most = static_cast<std::size_t>(INT64_MAX) - 1;
    std::size_t limit = std::min(query.offset, most);
    limit = std::min(most, limit + std::min(query.limit, most - limit));
    return std::min(most, limit + std::min(query.count_ahead, most - limit));
}

void set_short_total(ListPage& page, std::size_t counted, const ListQuery& query) {
    const auto limit = short_count_limit(query);
    page.total_exact = counted <= limit;
    page.total = page.total_exact ? counted : limit;
}

}  // namespace formwork::forms::store

namespace formwork::forms {

bool list_count_stops_short(const ListQuery& query) {
    const auto length = utf8_length(query.text);
    return length >= 1 && length <= 2;
}

}  // namespace formwork::forms
