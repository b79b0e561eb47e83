#include <formwork/store/edit_session.hpp>
#include <formwork/store/audit_log.hpp>
#include <formwork/model/table_paste.hpp>

#include <formwork/model/instance_paths.hpp>
#include <formwork/model/value_checks.hpp>

#include <algorithm>
#include <cstdlib>
#include <iterator>
#include <map>
#include <stdexcept>
#include <utility>

namespace formwork::forms {

namespace {

Diagnostic error_at(std::string path, std::string message) {
    return Diagnostic{Severity::error, {}, 0, 0, std::move(path), std::move(message), {}};
}

// Where a field path leads in the definition: a label for the person who compares two
// versions of a record ("Sign-offs, row 3: Role"), and a key that sorts paths in the order
// the form shows them (rows by number, not as text).
class PathDescriber {
public:
    explicit PathDescriber(const FormDefinition& form) : form_(form) { number(form.items); }

    std::pair<std::string, std::vector<std::size_t>> describe(std::string_view path) const {
        std::string label;
        std::vector<std::size_t> key;
        const std::vector<Node>* level = &form_.items;
        const Node* node = nullptr;
        while (!path.empty()) {
            const auto slash = path.find('/');
            const auto step = path.substr(0, slash);
            path = slash == std::string_view::npos ? std::string_view{} : path.substr(slash + 1);
            if (node != nullptr && node->kind == NodeKind::table && step.substr(0, 4) == "row[") {
                label = label_of(*node) + ", " + row_label(*node, step, key) + ": ";
                level = &node->children;
                node = nullptr;
                continue;
            }
            if (node != nullptr && node->kind == NodeKind::field) {  // a person's name or role
                label += " (" + std::string(step) + ")";
                key.push_back(step == "role" ? 1 : 0);
                continue;
            }
            if (node != nullptr) level = &node->children;  // a group
            node = find_item(*level, step);
            if (node == nullptr) {  // not in this version of the form: the path says it
                label += std::string(step);
                key.push_back(order_.size());
                break;
            }
            key.push_back(order_.at(node));
            if (node->kind == NodeKind::field) label += label_of(*node);
        }
        return {label, key};
    }

private:
    void number(const std::vector<Node>& items) {
        for (const auto& item : items) {
            order_.emplace(&item, order_.size());
            number(item.children);
        }
    }

    static std::string row_label(const Node& table, std::string_view step, std::vector<std::size_t>& key) {
        const auto predicate = step.substr(4, step.size() > 5 ? step.size() - 5 : 0);
        if (predicate.size() > 7 && predicate.substr(0, 6) == "@key='" && predicate.back() == '\'') {
            const auto code = predicate.substr(6, predicate.size() - 7);
            for (std::size_t i = 0; i < table.fixed_rows.size(); ++i)
                if (table.fixed_rows[i].code == code) {
                    key.push_back(i);
                    return table.fixed_rows[i].label.empty() ? std::string(code) : table.fixed_rows[i].label;
                }
            key.push_back(table.fixed_rows.size());
            return std::string(code);
        }
        const std::string number(predicate);
        key.push_back(static_cast<std::size_t>(std::strtoul(number.c_str(), nullptr, 10)));
        return "row " + number;
    }

    const FormDefinition& form_;
    std::map<const Node*, std::size_t> order_;
};

// Every field whose value differs between the two instances, in the form's order.
std::vector<FieldDifference> differences(const FormDefinition& form, const Record& mine, const Record& theirs) {
    const PathDescriber describer(form);
    std::vector<std::pair<std::vector<std::size_t>, FieldDifference>> found;
    for (auto& change : diff_records(form, &theirs, mine)) {
        auto [label, key] = describer.describe(change.path);
        found.push_back({std::move(key), {std::move(change.path), std::move(label), std::move(change.new_value),
                                          std::move(change.old_value)}});
    }
    std::stable_sort(found.begin(), found.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
    std::vector<FieldDifference> out;
    out.reserve(found.size());
    for (auto& [key, difference] : found) out.push_back(std::move(difference));
    return out;
}

std::size_t rows_of(pugi::xml_node table) {
    return static_cast<std::size_t>(std::distance(table.children("row").begin(), table.children("row").end()));
}

// A snapshot is the instance's XML as written with no indentation, read back keeping every
// character of every value: whitespace-only text and carriage returns as typed.
constexpr unsigned snapshot_writing = pugi::format_raw | pugi::format_no_declaration;
constexpr unsigned snapshot_reading = (pugi::parse_default | pugi::parse_ws_pcdata) & ~pugi::parse_eol;

class SnapshotWriter final : public pugi::xml_writer {
public:
    explicit SnapshotWriter(std::string& out) : out_(out) {}
    void write(const void* data, std::size_t size) override { out_.append(static_cast<const char*>(data), size); }

private:
    std::string& out_;
};

}  // namespace

// Made at the start of an edit (after the lock check): keeps the instance as it was, and makes
// it a step of the history when the edit changed the record. A value typed at the path the last
// step was typing into joins that step, and costs no snapshot. Inside a Step, the Step records.
class EditSession::Recording {
public:
    Recording(EditSession& session, std::string_view typing_path) : session_(session), edits_(session.edits_) {
        if (session_.step_depth_ > 0) return;
        typing_path_ = typing_path;
        joins_typing_ = !typing_path_.empty() && typing_path_ == session_.typing_path_;
        if (!joins_typing_) before_ = session_.snapshot();
    }
    ~Recording() {
        if (session_.step_depth_ > 0 || session_.edits_ == edits_) return;
        if (!joins_typing_) {
            try {
                session_.remember(std::move(before_));
            } catch (...) {  // no memory for the step: the history goes, the edit stays
                session_.clear_history();
                return;
            }
        }
        session_.typing_path_ = std::move(typing_path_);
    }
    Recording(const Recording&) = delete;
    Recording& operator=(const Recording&) = delete;

private:
    EditSession& session_;
    unsigned long edits_;
    std::string typing_path_;
    std::string before_;
    bool joins_typing_ = false;
};

EditSession::EditSession(RecordStore& store, FormDefinitionPtr form, Record record, std::string user, AutosavePolicy policy)
    : store_(&store), form_(std::move(form)), record_(std::move(record)), user_(std::move(user)), policy_(policy) {
    base_revision_ = record_.meta.revision;
    check();
}

EditSession EditSession::open(RecordStore& store, FormDefinitionPtr form, const std::string& id, std::string user,
                              AutosavePolicy policy) {
    if (!form) throw StoreError("record " + id + " cannot be opened without its form");
    auto record = store.load(id);
    if (!record) throw StoreError("no record " + id + " is stored in " + store.location());
    if (record->meta.form_id != form->id || record->meta.form_version != form->version)
        throw StoreError("record " + id + " is a " + record->meta.form_id + " v" + std::to_string(record->meta.form_version) +
                         ", not a " + form->id + " v" + std::to_string(form->version));
    return EditSession(store, std::move(form), std::move(*record), std::move(user), policy);
}

EditSession EditSession::create(RecordStore& store, FormDefinitionPtr form, std::string user, AutosavePolicy policy) {
    if (!form) throw StoreError("a record cannot be created without its form");
    return create(store, form, new_record(*form, user, utc_timestamp_now()), std::move(user), policy);
}

EditSession EditSession::create(RecordStore& store, FormDefinitionPtr form, Record started, std::string user,
                                AutosavePolicy policy) {
    if (!form) throw StoreError("a record cannot be created without its form");
    if (started.meta.form_id != form->id || started.meta.form_version != form->version)
        throw StoreError("a new " + form->id + " v" + std::to_string(form->version) + " cannot start as a " +
                         started.meta.form_id + " v" + std::to_string(started.meta.form_version));
    recalculate(*form, started, {{}, user, {}, &store.query()});
    store.create(*form, started, user);
    return EditSession(store, std::move(form), std::move(started), std::move(user), policy);
}

std::string EditSession::title() const { return record_title(*form_, record_); }

std::string EditSession::value(std::string_view path) const {
    const auto located = locate(*form_, record_.instance(), path);
    if (!located || located->node->kind != NodeKind::field) return {};
    if (located->node->type == FieldType::multi_choice && !located->person_part) {
        std::string codes;
        for (auto item : located->element.children("item"))
            codes += (codes.empty() ? "" : " ") + std::string(item.text().get());
        return codes;
    }
    return located->element.text().get();
}

bool EditSession::locked() const { return form_->lifecycle.locks(record_.meta.status); }

bool EditSession::can_reopen() const {
    return locked() && form_->lifecycle.allows(record_.meta.status, form_->lifecycle.initial());
}

std::string EditSession::locked_message() const {
    const auto label = form_->lifecycle.label_of(record_.meta.status);
    std::string message = "this record is " + label + ", and a record that is " + label + " is locked";
    if (can_reopen()) return message + ": reopen it, with a reason, to change it";
    return message + ", and the form gives no way back from " + label + " to " +
           form_->lifecycle.label_of(form_->lifecycle.initial());
}

std::optional<Diagnostic> EditSession::set_value(std::string_view path, std::string_view value, Clock::time_point now) {
    if (locked()) return error_at(std::string(path), locked_message());
    const Recording recording(*this, path);
    const auto before = this->value(path);
    if (auto refused = forms::set_value(*form_, record_, path, value)) return refused;
    if (this->value(path) != before) edited(now);
    return std::nullopt;
}

std::optional<Diagnostic> EditSession::add_row(std::string_view table_path, Clock::time_point now) {
    const std::string at(table_path);
    if (locked()) return error_at(at, locked_message());
    const Recording recording(*this, {});
    const auto located = locate(*form_, record_.instance(), table_path);
    if (!located || located->node->kind != NodeKind::table) return error_at(at, "no such table in form '" + form_->id + "'");
    const Node& table = *located->node;
    if (!table.repeating) return error_at(at, label_of(table) + " has fixed rows; none can be added");
    if (table.max_rows != 0 && rows_of(located->element) >= table.max_rows)
        return error_at(at, label_of(table) + " may have at most " + std::to_string(table.max_rows) + " rows");
    if (!forms::add_row(*form_, record_, table_path)) return error_at(at, "a row could not be added to " + label_of(table));
    edited(now);
    return std::nullopt;
}

std::optional<Diagnostic> EditSession::remove_row(std::string_view table_path, std::size_t row, Clock::time_point now) {
    if (locked()) return error_at(std::string(table_path), locked_message());
    const Recording recording(*this, {});
    if (auto refused = forms::remove_row(*form_, record_, table_path, row)) return refused;
    edited(now);
    return std::nullopt;
}

Diagnostics EditSession::paste(std::string_view table_path, std::size_t first_row, std::size_t first_column,
                               std::string_view text, Clock::time_point now) {
    if (locked()) return {error_at(std::string(table_path), locked_message())};
    const Recording recording(*this, {});
    const auto cells = parse_tab_separated(text);
    auto refused = paste_table_cells(*form_, record_, table_path, first_row, first_column, cells);
    if (!has_errors(refused) && !cells.empty()) edited(now);
    return refused;
}

std::optional<Diagnostic> EditSession::take_values(const Record& filled, Clock::time_point now) {
    if (locked()) return error_at({}, locked_message());
    if (filled.meta.form_id != form_->id || filled.meta.form_version != form_->version)
        return error_at({}, "the values are a " + filled.meta.form_id + " v" + std::to_string(filled.meta.form_version) +
                                "'s, not a " + form_->id + " v" + std::to_string(form_->version) + "'s");
    const Recording recording(*this, {});
    auto instance = record_.instance();
    auto parent = instance.parent();
    parent.insert_copy_after(filled.instance(), instance);
    parent.remove_child(instance);
    edited(now);
    return std::nullopt;
}

std::size_t EditSession::row_count(std::string_view table_path) const {
    const auto located = locate(*form_, record_.instance(), table_path);
    if (!located || located->node->kind != NodeKind::table) return 0;
    return rows_of(located->element);
}

bool EditSession::relevant(std::string_view path) const {
    // A person's name or role is as relevant as the person field.
    while (!path.empty()) {
        if (const auto found = relevance_.find(std::string(path)); found != relevance_.end()) return found->second;
        const auto slash = path.rfind('/');
        if (slash == std::string_view::npos) break;
        path = path.substr(0, slash);
    }
    return true;
}

void EditSession::revalidate() {
    recalculate(*form_, record_, {{}, user_, {}, &store_->query()});
    check();
}

Diagnostics EditSession::diagnostics_at(const std::string& status) const {
    return validate_record(*form_, record_, {status, user_, {}, &store_->query()});
}

void EditSession::check() {
    const ValidationOptions options{{}, user_, {}, &store_->query()};
    diagnostics_ = validate_record(*form_, record_, options);
    relevance_ = element_relevance(*form_, record_, options);
}

void EditSession::edited(Clock::time_point now) {
    recalculate(*form_, record_, {{}, user_, {}, &store_->query()});
    check();
    if (!dirty_) first_unsaved_ = now;
    last_edit_ = now;
    dirty_ = true;
    ++edits_;
}

// --- undo and redo ---------------------------------------------------------------------------

std::string EditSession::snapshot() const {
    std::string text;
    SnapshotWriter writer(text);
    record_.document.save(writer, "", snapshot_writing, pugi::encoding_utf8);
    return text;
}

void EditSession::restore(const std::string& snapshot) {
    pugi::xml_document restored;
    if (!restored.load_buffer(snapshot.data(), snapshot.size(), snapshot_reading, pugi::encoding_utf8))
        throw std::logic_error("an undo step of record " + record_.meta.id + " could not be read back");
    record_.document = std::move(restored);
}

void EditSession::remember(std::string before) {
    undo_.push_back(std::move(before));
    while (undo_.size() > history_limit) undo_.pop_front();
    redo_.clear();
}

void EditSession::clear_history() noexcept {
    undo_.clear();
    redo_.clear();
    typing_path_.clear();
}

void EditSession::begin_step() {
    if (step_depth_++ > 0) return;
    step_edits_ = edits_;
    if (!locked()) step_before_ = snapshot();
}

void EditSession::end_step() noexcept {
    if (step_depth_ == 0 || --step_depth_ > 0) return;
    if (edits_ != step_edits_) {
        try {
            remember(std::move(step_before_));
            typing_path_.clear();
        } catch (...) {  // no memory for the step: the history goes, the edits stay
            clear_history();
        }
    }
    step_before_.clear();
}

std::optional<Diagnostic> EditSession::history_refusal(const char* what) const {
    if (locked()) return error_at({}, locked_message());
    if (conflict_)
        return error_at({}, "the record was saved by someone else since you opened it: choose whose values to keep "
                            "before anything is " + std::string(what));
    if (step_depth_ > 0) return error_at({}, "an edit is still being made: nothing can be " + std::string(what) + " now");
    return std::nullopt;
}

bool EditSession::can_undo() const { return !undo_.empty() && !history_refusal("undone"); }

bool EditSession::can_redo() const { return !redo_.empty() && !history_refusal("redone"); }

std::optional<Diagnostic> EditSession::undo(Clock::time_point now) {
    if (auto refused = history_refusal("undone")) return refused;
    auto current = snapshot();
    // A step that ended where it began (a cell's edit taken back with Escape) is passed over.
    while (!undo_.empty() && undo_.back() == current) undo_.pop_back();
    if (undo_.empty()) return error_at({}, "there is nothing to undo");
    restore(undo_.back());
    undo_.pop_back();
    redo_.push_back(std::move(current));
    typing_path_.clear();
    edited(now);
    return std::nullopt;
}

std::optional<Diagnostic> EditSession::redo(Clock::time_point now) {
    if (auto refused = history_refusal("redone")) return refused;
    if (redo_.empty()) return error_at({}, "there is nothing to redo");
    auto current = snapshot();
    restore(redo_.back());
    redo_.pop_back();
    undo_.push_back(std::move(current));
    typing_path_.clear();
    edited(now);
    return std::nullopt;
}

bool EditSession::save_due(Clock::time_point now) const noexcept {
    return dirty_ && (now - last_edit_ >= policy_.quiet || now - first_unsaved_ >= policy_.longest);
}

SaveOutcome EditSession::save() {
    if (!dirty_) return {};
    try {
        store_->update(*form_, record_, base_revision_, user_);
        base_revision_ = record_.meta.revision;
        dirty_ = false;
        return {SaveOutcome::Kind::saved, {}};
    } catch (const ConflictError& e) {
        std::optional<Record> theirs;
        try {
            theirs = store_->load(record_.meta.id);
        } catch (const StoreError& reading) {
            return {SaveOutcome::Kind::failed, reading.what()};
        }
        if (!theirs) return {SaveOutcome::Kind::failed, "record " + record_.meta.id + " is no longer stored"};
        auto found = differences(*form_, record_, *theirs);
        conflict_ = SaveConflict{record_, std::move(*theirs), std::move(found)};
        return {SaveOutcome::Kind::conflict, e.what()};
    } catch (const StoreError& e) {
        return {SaveOutcome::Kind::failed, e.what()};
    }
}

SaveOutcome EditSession::keep_mine() {
    if (!conflict_) return save();
    // Their metadata (status, transitions, revision) with this session's values: keeping
    // mine never undoes a status change someone else made.
    auto meta = conflict_->theirs.meta;
    const auto previous_meta = record_.meta;
    const auto previous_base = base_revision_;
    record_.meta = std::move(meta);
    base_revision_ = record_.meta.revision;
    dirty_ = true;
    auto outcome = save();
    if (outcome.kind == SaveOutcome::Kind::saved) {
        conflict_.reset();
        check();
    } else if (outcome.kind == SaveOutcome::Kind::failed) {
        record_.meta = previous_meta;  // still in conflict: the choice can be made again
        base_revision_ = previous_base;
    }
    return outcome;
}

bool EditSession::reload() {
    if (dirty_ || conflict_) return false;
    auto stored = store_->load(record_.meta.id);
    if (!stored) throw StoreError("record " + record_.meta.id + " is no longer stored in " + store_->location());
    if (stored->meta.form_id != form_->id || stored->meta.form_version != form_->version)
        throw StoreError("record " + record_.meta.id + " is now a " + stored->meta.form_id + " v" +
                         std::to_string(stored->meta.form_version) + ": close it and open it again");
    record_ = std::move(*stored);
    base_revision_ = record_.meta.revision;
    clear_history();
    check();
    return true;
}

void EditSession::take_theirs() {
    if (!conflict_) return;
    record_ = std::move(conflict_->theirs);
    base_revision_ = record_.meta.revision;
    conflict_.reset();
    dirty_ = false;
    clear_history();
    check();
}

std::vector<LifecycleStatus> EditSession::next_statuses() const {
    std::vector<LifecycleStatus> next;
    for (const auto& status : form_->lifecycle.statuses)
        if (status.id != record_.meta.status && form_->lifecycle.allows(record_.meta.status, status.id)) next.push_back(status);
    return next;
}

StatusChangeResult EditSession::change_status(const std::string& to, const std::string& reopen_reason) {
    StatusChangeResult result;
    const auto refuse = [&](std::string message) {
        result.diagnostics.insert(result.diagnostics.begin(), error_at({}, std::move(message)));
        return result;
    };
    if (conflict_)
        return refuse("the record was saved by someone else since you opened it: choose whose values to keep "
                      "before its status is changed");
    if (dirty_) {
        const auto saved = save();
        if (saved.kind == SaveOutcome::Kind::conflict)
            return refuse("the record was saved by someone else since you opened it: choose whose values to keep "
                          "before its status is changed");
        if (saved.kind == SaveOutcome::Kind::failed)
            return refuse("your changes could not be saved, so the status was not changed: " + saved.message);
    }
    try {
        result = store_->set_status(*form_, record_.meta.id, to, base_revision_, user_, reopen_reason);
    } catch (const ConflictError&) {
        // Saved by someone else since this session last saved, with nothing unsaved here:
        // show their record, and let the person look before choosing again.
        if (auto stored = store_->load(record_.meta.id)) {
            record_ = std::move(*stored);
            base_revision_ = record_.meta.revision;
            clear_history();
            check();
        }
        return refuse("the record was saved by someone else since you opened it; it now shows their values. "
                      "Check them, then change the status again");
    } catch (const StoreError& e) {
        return refuse(e.what());
    }
    if (result.changed) {
        auto stored = store_->load(record_.meta.id);
        if (stored) {
            record_ = std::move(*stored);
            base_revision_ = record_.meta.revision;
        }
        clear_history();
        check();
    }
    return result;
}

}  // namespace formwork::forms
