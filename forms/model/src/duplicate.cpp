#include <formwork/model/duplicate.hpp>

#include <formwork/model/definition_walk.hpp>
#include <formwork/model/instance_paths.hpp>

namespace formwork::forms {

namespace {

// Puts `fresh` (from a new record) in place of `copied`.
void replace_with(pugi::xml_node copied, pugi::xml_node fresh) {
    auto parent = copied.parent();
    parent.insert_copy_before(fresh, copied);
    parent.remove_child(copied);
}

// Walks the copy beside a new record of the same form. `blank` is the new record, whose
// elements stand in for what the form marks copy="false"; `leave_out` is true inside such a
// part (a section so marked has no element of its own, so its elements are each replaced).
void leave_out_uncopied(const FormDefinition& form, const std::vector<Node>& items, pugi::xml_node copy,
                        pugi::xml_node fresh, Record& blank, const std::string& path, bool leave_out) {
    for (const auto& item : items) {
        const bool out = leave_out || !item.copied;
        if (item.kind == NodeKind::section) {
            leave_out_uncopied(form, item.children, copy, fresh, blank, path, out);
            continue;
        }
        if (!item.is_element()) continue;
        const auto copied = copy.child(item.id.c_str());
        const auto blank_element = fresh.child(item.id.c_str());
        if (!copied || !blank_element) continue;
        const auto item_path = join_path(path, item.id);
        if (out) {
            replace_with(copied, blank_element);
        } else if (item.kind == NodeKind::group) {
            leave_out_uncopied(form, item.children, copied, blank_element, blank, item_path, false);
        } else if (item.kind == NodeKind::table) {
            // A column marked copy="false" is reset in every row the copy keeps, as a row added
            // to the table in the window starts.
            bool any_column_left_out = false;
            for (const auto& column : item.children) any_column_left_out = any_column_left_out || !column.copied;
            if (!any_column_left_out) continue;
            for (auto row : copied.children("row")) {
                pugi::xml_node blank_row;
                if (item.repeating) {
                    blank_row = add_row(form, blank, item_path);
                } else {
                    blank_row = blank_element.find_child_by_attribute("row", "key", row.attribute("key").value());
                }
                if (!blank_row) continue;
                leave_out_uncopied(form, item.children, row, blank_row, blank, item_path, false);
            }
        }
    }
}

}  // namespace

Record duplicate_record(const FormDefinition& form, const Record& source, const std::string& user, const std::string& now) {
    Record blank = new_record(form, user, now);
    Record copy;
    copy.meta = blank.meta;
    copy.meta.revision = 0;
    copy.document.append_copy(source.instance());
    leave_out_uncopied(form, form.items, copy.instance(), blank.instance(), blank, "", false);
    return copy;
}

}  // namespace formwork::forms
