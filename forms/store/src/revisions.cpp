#include <formwork/store/revisions.hpp>

#include <formwork/model/definition_walk.hpp>
#include <formwork/model/instance_paths.hpp>

#include <algorithm>
#include <cstdlib>
#include <set>

namespace formwork::forms {

namespace {

bool starts_with(std::string_view text, std::string_view prefix) { return text.substr(0, prefix.size()) == prefix; }

// Entries that record no change of content: an export (no record), a withdrawal or
// restoration (the record as it was), an erasure.
bool changes_content(const AuditEntry& entry) {
    return entry.action != "export" && entry.action != "withdraw" && entry.action != "restore" && entry.action != "erase";
}

// Entries that begin a record's history in this database.
bool begins_record(const AuditEntry& entry) {
    return entry.action == "create" || entry.action == "import" || entry.action == "duplicate";
}

std::map<std::string, std::string> values_of(const FormDefinition& form, const Record& record) {
    std::map<std::string, std::string> values;
    for (auto& change : diff_records(form, nullptr, record)) values.emplace(std::move(change.path), std::move(change.new_value));
    return values;
}

// The rows a repeating table at `table_path` has in `values`: the highest row[N] that holds a value.
std::size_t rows_in(const std::map<std::string, std::string>& values, const std::string& table_path) {
    const std::string prefix = table_path + "/row[";
    std::size_t rows = 0;
    for (auto it = values.lower_bound(prefix); it != values.end() && starts_with(it->first, prefix); ++it) {
        const auto index = std::strtoul(it->first.c_str() + prefix.size(), nullptr, 10);
        if (it->first[prefix.size()] != '@' && !it->second.empty()) rows = std::max<std::size_t>(rows, index);
    }
    return rows;
}

// Gives every repeating table (at any depth of groups) the rows `values` holds, empty.
void shape_tables(const FormDefinition& form, const std::vector<Node>& items, pugi::xml_node parent, const std::string& path,
                  const std::map<std::string, std::string>& values, Record& record) {
    for_each_element(items, [&](const Node& item) {
        auto element = parent.child(item.id.c_str());
        if (!element) return;
        const auto item_path = join_path(path, item.id);
        if (item.kind == NodeKind::group) {
            shape_tables(form, item.children, element, item_path, values, record);
        } else if (item.kind == NodeKind::table && item.repeating) {
            while (element.child("row")) element.remove_child(element.child("row"));
            const auto rows = std::max(rows_in(values, item_path), item.min_rows);
            for (std::size_t row = 0; row < rows; ++row) add_row(form, record, item_path);
        }
    });
}

// Sets a value as the store kept it: no reading of typed dates, read-only fields too.
void put_value(const FormDefinition& form, Record& record, const std::string& path, const std::string& value) {
    const auto located = locate(form, record.instance(), path);
    if (!located || located->node->kind != NodeKind::field) return;  // a field since removed from the form
    auto element = located->element;
    while (element.first_child()) element.remove_child(element.first_child());
    if (located->node->type == FieldType::multi_choice && !located->person_part) {
        std::size_t start = 0;
        while ((start = value.find_first_not_of(' ', start)) != std::string::npos) {
            const auto end = value.find(' ', start);
            element.append_child("item").text().set(value.substr(start, end - start).c_str());
            start = end;
        }
        return;
    }
    if (!value.empty()) element.text().set(value.c_str());
}

}  // namespace

RevisionContent rebuild_revision(const FormDefinition& form, const Record& current, const std::vector<AuditEntry>& history,
                                 long revision) {
    const auto& id = current.meta.id;
    const auto latest = current.meta.revision;
    if (revision < 1 || revision > latest)
        throw StoreError("record " + id + " has no revision " + std::to_string(revision) + ": its revisions are 1 to " +
                         std::to_string(latest));
    RevisionContent content{latest, current.meta.status, values_of(form, current)};
    std::vector<const AuditEntry*> entries;
    for (const auto& entry : history)
        if (entry.record_id == id) entries.push_back(&entry);
    std::sort(entries.begin(), entries.end(), [](auto* a, auto* b) { return a->sequence > b->sequence; });
    long first = latest;  // the earliest revision this database's log reaches
    for (const auto* entry : entries) {
        if (begins_record(*entry)) first = std::min(first, entry->revision);
        if (entry->revision <= revision || !changes_content(*entry)) continue;
        if (!entry->tombstone.empty())
            throw StoreError("revision " + std::to_string(revision) + " of record " + id + " cannot be rebuilt: the values of audit entry " +
                             std::to_string(entry->sequence) + " were erased");
        for (const auto& change : entry->changes) {
            if (change.path == "meta/status") {
                content.status = change.old_value;
            } else if (starts_with(change.path, "meta/")) {
                continue;  // a reason, a source: said of the save, not part of the content
            } else if (change.old_value.empty()) {
                content.values.erase(change.path);
            } else {
                content.values[change.path] = change.old_value;
            }
        }
    }
    if (revision < first)
        throw StoreError("record " + id + "'s history in this database begins at revision " + std::to_string(first) +
                         " (it came in by import or copy at that revision), so revision " + std::to_string(revision) +
                         " cannot be rebuilt");
    content.revision = revision;
    return content;
}

std::vector<FieldChange> compare_revisions(const RevisionContent& from, const RevisionContent& to) {
    std::vector<FieldChange> changes;
    if (from.status != to.status) changes.push_back({"meta/status", from.status, to.status});
    std::set<std::string> paths;
    for (const auto& [path, value] : from.values) paths.insert(path);
    for (const auto& [path, value] : to.values) paths.insert(path);
    for (const auto& path : paths) {
        const auto a = from.values.find(path);
        const auto b = to.values.find(path);
        const std::string before = a == from.values.end() ? std::string() : a->second;
        const std::string after = b == to.values.end() ? std::string() : b->second;
        if (before != after) changes.push_back({path, before, after});
    }
    return changes;
}

Record record_with_content(const FormDefinition& form, const Record& current, const RevisionContent& content) {
    Record record = current;
    for (const auto& [path, value] : values_of(form, current)) put_value(form, record, path, {});
    shape_tables(form, form.items, record.instance(), "", content.values, record);
    for (const auto& [path, value] : content.values) put_value(form, record, path, value);
    return record;
}

RevisionPair read_revisions(RecordStore& store, const FormDefinition& form, const std::string& id, long from, long to) {
    const auto current = store.load(id);
    if (!current) throw StoreError("no record " + id + " is stored");
    if (current->meta.form_id != form.id)
        throw StoreError("record " + id + " is a " + current->meta.form_id + ", not a " + form.id);
    const auto history = store.history(id);
    return {rebuild_revision(form, *current, history, from), rebuild_revision(form, *current, history, to)};
}

RestoredRevision restore_revision(RecordStore& store, const FormDefinition& form, const std::string& id, long revision,
                                  const std::string& user, const std::string& reopen_reason, long base_revision) {
    const auto current = store.load(id);
    if (!current) throw StoreError("no record " + id + " is stored; nothing was restored");
    if (current->meta.form_id != form.id)
        throw StoreError("record " + id + " is a " + current->meta.form_id + ", not a " + form.id);
    // Said before anything else, even when the content is that revision's already.
    if (store.withdrawal(id)) throw WithdrawnError(id);
    const auto content = rebuild_revision(form, *current, store.history(id), revision);
    auto restored = record_with_content(form, *current, content);
    const long base = base_revision > 0 ? base_revision : current->meta.revision;
    SaveNote note;
    note.restored_revision = revision;
    note.reopen_reason = reopen_reason;
    RestoredRevision result;
    result.restored = revision;
    store.update(form, restored, base, user, note);
    result.revision = restored.meta.revision;
    result.unchanged = result.revision == current->meta.revision;
    result.reopened = !result.unchanged && form.lifecycle.locks(current->meta.status);
    return result;
}

}  // namespace formwork::forms
