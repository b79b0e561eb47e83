#include "record_document.hpp"

#include <formwork/model/evaluation_context.hpp>
#include <formwork/model/definition_walk.hpp>
#include <formwork/model/instance_paths.hpp>
#include <formwork/model/build_info.hpp>
#include <formwork/model/validator.hpp>
#include <formwork/model/values.hpp>
#include <formwork/model/xml_input.hpp>
#include <formwork/model/string_writer.hpp>

#include <algorithm>
#include <array>
#include <cstdint>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

namespace formwork::exporters {

namespace {

using forms::FieldType;
using forms::Node;
using forms::NodeKind;
using forms::join_path;

constexpr const char* em_dash = "\xE2\x80\x94";
constexpr const char* no_break_space = "\xC2\xA0";
constexpr const char* separator = " \xC2\xB7 ";  // a middle dot between spaces

constexpr std::array<const char*, 12> month_names{"January", "February", "March",     "April",   "May",      "June",
                                                  "July",    "August",   "September", "October", "November", "December"};

// The colours and sizes wxHtmlWindow reads from attributes; the CSS below says the same for
// browsers. The CSS must hold no '<', '>' or '&': a <style>'s text is not unescaped in HTML.
constexpr const char* label_background = "#E8E8E8";
constexpr const char* heading_background = "#D6D6D6";
constexpr const char* quiet_colour = "#666666";
// The most characters of a word printed on one line: wxHtml breaks a longer one after a '/'
// or the like (Target::wx_html), a browser where it must (overflow-wrap: anywhere).
constexpr std::size_t longest_unbroken = 40;  // about 300 pixels

constexpr const char* print_css = R"(
@page { size: A4; margin: 18mm 16mm 18mm 16mm; }
body { font-family: Arial, Helvetica, sans-serif; font-size: 10.5pt; line-height: 1.35; color: #000; }
h1 { font-size: 17pt; margin: 0 0 3pt; }
h2 { font-size: 13pt; margin: 16pt 0 6pt; padding-bottom: 2pt; border-bottom: 1.5pt solid #000; break-after: avoid; page-break-after: avoid; }
h3 { font-size: 11.5pt; margin: 12pt 0 5pt; break-after: avoid; page-break-after: avoid; }
h4 { font-size: 10.5pt; margin: 10pt 0 4pt; break-after: avoid; page-break-after: avoid; }
p { margin: 0 0 6pt; }
p.organisation { font-size: 10pt; margin-bottom: 4pt; }
p.record-title { font-size: 13pt; font-weight: bold; margin-bottom: 4pt; }
p.meta { font-size: 9pt; color: #333; }
p.note { font-style: italic; }
p.footer { font-size: 8pt; color: #555; margin-top: 14pt; }
table { width: 100%; border-collapse: collapse; margin: 0 0 8pt; }
th, td { border: 0.75pt solid #555; padding: 3pt 5pt; vertical-align: top; text-align: left; }
th { background: #e8e8e8; font-weight: bold; }
thead th, th.group, th.row-heading { background: #d6d6d6; }
tr { break-inside: avoid; page-break-inside: avoid; }
thead { display: table-header-group; }
td { overflow-wrap: anywhere; }
td p { margin: 5pt 0 0; }
.empty { color: #666; }
@media screen { body { max-width: 180mm; margin: 10mm auto; padding: 0 8mm; } }
)";

// Text as XML 1.0 can hold it: bytes that are not UTF-8 and characters XML forbids each
// become U+FFFD. Records are checked when they are read, so this is a last guard.
std::string printable(std::string_view text) {
    if (!forms::xml_text_problem(text)) return std::string(text);
    static constexpr std::array<std::uint32_t, 5> smallest{0, 0, 0x80, 0x800, 0x10000};
    std::string out;
    out.reserve(text.size());
    std::size_t at = 0;
    while (at < text.size()) {
        const auto lead = static_cast<unsigned char>(text[at]);
        const std::size_t length = lead < 0x80 ? 1 : (lead >> 5) == 0x6 ? 2 : (lead >> 4) == 0xE ? 3 : (lead >> 3) == 0x1E ? 4 : 0;
        bool decoded = length != 0 && at + length <= text.size();
        std::uint32_t code = 0;
        if (decoded) {
            code = length == 1 ? lead : length == 2 ? (lead & 0x1Fu) : length == 3 ? (lead & 0x0Fu) : (lead & 0x07u);
            for (std::size_t k = 1; k < length && decoded; ++k) {
                const auto next = static_cast<unsigned char>(text[at + k]);
                decoded = (next & 0xC0) == 0x80;
                code = (code << 6) | (next & 0x3Fu);
            }
            decoded = decoded && code >= smallest[length] && code <= 0x10FFFF && !(code >= 0xD800 && code <= 0xDFFF);
        }
        if (!decoded) {
            out += "\xEF\xBF\xBD";
            ++at;
            continue;
        }
        const bool allowed = code == 0x9 || code == 0xA || code == 0xD || (code >= 0x20 && code != 0xFFFE && code != 0xFFFF);
        if (allowed)
            out.append(text.substr(at, length));
        else
            out += "\xEF\xBF\xBD";
        at += length;
    }
    return out;
}

bool blank(std::string_view text) {
    return text.find_first_not_of(" \t\r\n") == std::string_view::npos;
}

// "2.2 Protected characteristics" heads its row labels as "Protected characteristics".
std::string without_number(const std::string& label) {
    std::size_t at = 0;
    while (at < label.size() && ((label[at] >= '0' && label[at] <= '9') || label[at] == '.')) ++at;
    if (at == 0 || at >= label.size()) return label;
    if (label[at] >= 'a' && label[at] <= 'z' && at + 1 < label.size() && label[at + 1] == ' ') ++at;  // 2.3a
    if (label[at] != ' ') return label;
    const auto rest = label.find_first_not_of(' ', at);
    return rest == std::string::npos ? label : label.substr(rest);
}

pugi::xml_node add(pugi::xml_node parent, const char* name) { return parent.append_child(name); }

void set(pugi::xml_node node, const char* name, const char* value) { node.append_attribute(name).set_value(value); }

void add_text(pugi::xml_node parent, std::string_view text) {
    parent.append_child(pugi::node_pcdata).set_value(printable(text).c_str());
}

// The record's title as its form names it, from what the document prints: a title made of
// unpublished or irrelevant fields must not bring them back.
std::string shown_title(const forms::FormDefinition& form, const forms::Record& record, const RecordDocumentOptions& options) {
    if (options.include_unpublished) return forms::record_title(form, record);
    forms::Record shown;
    shown.meta = record.meta;
    shown.document.reset(forms::exportable_instance(form, record));
    return forms::record_title(form, shown);
}

// "Youth Justice Strategy EIA — Equality impact assessment"; the form's title alone when the
// record has no title of its own.
std::string document_title(const std::string& title, const forms::FormDefinition& form) {
    return title == form.title ? title : title + " \xE2\x80\x94 " + form.title;
}

class Builder {
public:
    Builder(const forms::FormDefinition& form, const forms::Record& record, const RecordDocumentOptions& options)
        : form_(form), record_(record), options_(options), relevance_(forms::element_relevance(form, record)) {}

    void build(pugi::xml_document& document) {
        document.append_child(pugi::node_doctype).set_value("html");
        auto html = add(document, "html");
        set(html, "xmlns", "http://www.w3.org/1999/xhtml");
        set(html, "lang", "en-GB");
        set(html, "xml:lang", "en-GB");

        const auto title = shown_title(form_, record_, options_);
        auto head = add(html, "head");
        set(add(head, "meta"), "charset", "UTF-8");
        auto generator = add(head, "meta");
        set(generator, "name", "generator");
        set(generator, "content", (std::string("Formwork ") + program_version).c_str());
        add_text(add(head, "title"), document_title(title, form_));
        if (options_.target == RecordDocumentOptions::Target::browser) add_text(add(head, "style"), print_css);

        body_ = add(html, "body");
        if (!options_.organisation.empty()) {
            auto organisation = add(body_, "p");
            set(organisation, "class", "organisation");
            add_text(organisation, options_.organisation);
        }
        add_text(add(body_, "h1"), form_.title);
        if (title != form_.title) {
            auto line = add(body_, "p");
            set(line, "class", "record-title");
            auto big = add(line, "font");
            set(big, "size", "+1");
            add_text(add(big, "b"), title);
        }
        metadata();

        items(form_.items, record_.instance(), "", 0, "");
        finish_keep();
        footer();
    }

private:
    void metadata() {
        std::string status = record_.meta.status;
        for (const auto& known : form_.lifecycle.statuses)
            if (known.id == status && !known.label.empty()) status = known.label;
        auto line = add(body_, "p");
        set(line, "class", "meta");
        auto small = add(line, "font");
        set(small, "size", "-1");
        add_text(small, "Status: ");
        add_text(add(small, "b"), status);
        add_text(small, separator + std::string("Revision ") + std::to_string(record_.meta.revision));
        if (!record_.meta.modified_at.empty()) {
            std::string changed = separator + std::string("Last changed ") + uk_timestamp(record_.meta.modified_at);
            if (!record_.meta.modified_by.empty()) changed += " by " + record_.meta.modified_by;
            add_text(small, changed);
        }
    }

    void footer() {
        auto line = add(body_, "p");
        set(line, "class", "footer");
        auto small = add(line, "font");
        set(small, "size", "-2");
        set(small, "color", quiet_colour);
        std::string text = form_.title + ", version " + std::to_string(form_.version) + separator + "record " + record_.meta.id +
                           separator + "printed by Formwork " + program_version;
        if (options_.include_unpublished) text += std::string(separator) + "includes what the council keeps out of exports";
        add_text(small, text);
    }

    bool shown(const Node& node) const {
        return form_.part_enabled(node.part) && (options_.include_unpublished || !node.unpublished);
    }

    bool relevant(const std::string& path) const {
        const auto found = relevance_.find(path);
        return found == relevance_.end() || found->second;
    }

    static pugi::xml_node child(pugi::xml_node parent, const std::string& id) {
        return parent ? parent.child(id.c_str()) : pugi::xml_node();
    }

    // Whether a section prints anything: some element of it does; a section of notes alone
    // prints when its own relevance holds.
    bool section_printed(const Node& section, const std::string& path) const {
        bool has_elements = false;
        if (elements_printed(section.children, path, has_elements)) return true;
        if (has_elements) return false;
        if (!section.relevant) return true;
        // Bound as element_relevance binds them: the record's own status, no user, today.
        const forms::EvaluationContext bound(form_, {record_.meta.status, {}, {}});
        return section.relevant->query->evaluate_boolean(pugi::xpath_node(record_.instance()));
    }

    bool elements_printed(const std::vector<Node>& list, const std::string& path, bool& has_elements) const {
        bool printed = false;
        forms::for_each_element(list, [&](const Node& section) { return shown(section); }, [&](const Node& item) {
            has_elements = true;
            if (shown(item) && relevant(join_path(path, item.id))) printed = true;
        });
        return printed;
    }

    // A group of fields alone (and of such groups) sits in the form's label/value table,
    // its label in a column of its own beside its fields, as the council's Word template
    // has "EIA Author | Name | ...". A group with notes or tables gets a heading.
    bool fields_only(const Node& group) const {
        for (const auto& item : group.children) {
            if (!shown(item)) continue;
            if (item.kind == NodeKind::field) continue;
            if (item.kind == NodeKind::group && fields_only(item)) continue;
            return false;
        }
        return true;
    }

    void items(const std::vector<Node>& list, pugi::xml_node parent, const std::string& path, int depth,
               const std::string& heading_above) {
        for (const auto& item : list) {
            if (!shown(item)) continue;
            switch (item.kind) {
            case NodeKind::note:
                note(item);
                break;
            case NodeKind::section:
                if (!section_printed(item, path)) break;
                if (!item.label.empty()) heading("h2", item.label);
                items(item.children, parent, path, depth, item.label);
                end_fields();
                break;
            case NodeKind::group:
                group(item, parent, path, depth, heading_above);
                break;
            case NodeKind::table:
                table(item, parent, path, depth, heading_above);
                break;
            case NodeKind::field:
                field_row(item, child(parent, item.id), join_path(path, item.id));
                break;
            }
        }
    }

    // A heading starts a <div style="page-break-inside:avoid"> (which wxHtml's pagination
    // honours, as browsers do) holding it and the block after it, so that a heading is not
    // left alone at the foot of a page. A block too long to move whole to the next page is
    // moved out of the div when it is finished.
    void heading(const char* level, const std::string& text) {
        end_fields();
        if (!keep_ || keep_block_) {
            finish_keep();
            keep_ = add(body_, "div");
            set(keep_, "class", "keep");
            set(keep_, "style", "page-break-inside:avoid");
        }
        add_text(add(keep_, level), text);  // a heading straight after a heading joins it
    }

    // A new block of the body: a paragraph or a table.
    pugi::xml_node block(const char* name) {
        if (keep_ && !keep_block_) return keep_block_ = add(keep_, name);
        finish_keep();
        return add(body_, name);
    }

    void finish_keep() {
        end_fields();
        if (keep_ && keep_block_ && too_long_to_keep(keep_block_)) body_.insert_move_after(keep_block_, keep_);
        keep_ = {};
        keep_block_ = {};
    }

    // Whether a block may be longer than about half a page: then it may as well start where
    // the page has room, and one page break inside it is better than a half-empty page.
    static bool too_long_to_keep(pugi::xml_node block) {
        constexpr std::size_t most_characters = 900;
        constexpr std::size_t most_rows = 12;
        if (block.select_nodes(".//tr").size() > most_rows) return true;
        std::size_t characters = 0;
        const auto count = [&](auto&& self, pugi::xml_node node) -> void {
            for (auto inner = node.first_child(); inner; inner = inner.next_sibling()) {
                if (inner.type() == pugi::node_element) {
                    self(self, inner);
                    continue;
                }
                for (const char c : std::string_view(inner.value()))
                    if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) ++characters;
            }
        };
        count(count, block);
        return characters > most_characters;
    }

    void note(const Node& item) {
        end_fields();
        auto paragraph = block("p");
        set(paragraph, "class", "note");
        add_text(add(paragraph, "i"), item.text);
    }

    void group(const Node& item, pugi::xml_node parent, const std::string& path, int depth, const std::string& heading_above) {
        const auto group_path = join_path(path, item.id);
        if (!relevant(group_path)) return;
        const auto element = child(parent, item.id);
        const auto& label = item.label.empty() ? item.id : item.label;
        if (!fields_only(item)) {
            heading(depth == 0 ? "h3" : "h4", label);
            items(item.children, element, group_path, depth + 1, label);
            end_fields();
            return;
        }
        if (label == heading_above) {  // "4.0 Approval" under "4.0 Approval": said once
            items(item.children, element, group_path, depth + 1, label);
            return;
        }
        if (!group_label_.empty()) {  // a group within a group in the table: "Sex: Female"
            const auto outer = group_prefix_;
            group_prefix_ += label + ": ";
            items(item.children, element, group_path, depth + 1, label);
            group_prefix_ = outer;
            return;
        }
        group_label_ = label;
        group_cell_ = {};
        group_rows_ = 0;
        items(item.children, element, group_path, depth + 1, label);
        if (group_cell_) group_cell_.attribute("rowspan").set_value(std::to_string(group_rows_).c_str());
        group_label_.clear();
        group_cell_ = {};
    }

    // The running label/value table, started when the first field after a heading, note or
    // table needs it.
    // The rows go in an explicit <tbody>: an HTML parser supplies one, an XML parser does not.
    pugi::xml_node fields_table() {
        if (!fields_) {
            auto table = block("table");
            set(table, "class", "fields");
            set(table, "width", "100%");
            set(table, "border", "1");
            set(table, "cellspacing", "0");
            set(table, "cellpadding", "4");
            fields_ = add(table, "tbody");
            fields_grouped_ = false;
        }
        return fields_;
    }

    // Ends the running table. Its plain rows' labels span the group column only when some
    // group made one.
    void end_fields() {
        if (fields_ && !fields_grouped_)
            for (auto row : fields_.children("tr")) row.first_child().remove_attribute("colspan");
        fields_ = {};
    }

    pugi::xml_node label_cell(pugi::xml_node row, const char* width) {
        auto cell = add(row, "th");
        set(cell, "scope", "row");
        set(cell, "align", "left");
        set(cell, "valign", "top");
        set(cell, "width", width);
        set(cell, "bgcolor", label_background);
        return cell;
    }

    void field_row(const Node& field, pugi::xml_node element, const std::string& path) {
        if (!relevant(path)) return;
        auto row = add(fields_table(), "tr");
        if (!group_label_.empty()) {
            fields_grouped_ = true;
            if (!group_cell_) {
                group_cell_ = label_cell(row, "14%");
                set(group_cell_, "class", "group");
                group_cell_.attribute("bgcolor").set_value(heading_background);
                set(group_cell_, "rowspan", "1");
                add_text(group_cell_, group_label_);
            }
            ++group_rows_;
            add_text(label_cell(row, "22%"), group_prefix_ + (field.label.empty() ? field.id : field.label));
        } else {
            auto label = label_cell(row, "36%");
            set(label, "colspan", "2");
            add_text(label, field.label.empty() ? field.id : field.label);
        }
        auto cell = add(row, "td");
        set(cell, "valign", "top");
        value(cell, field, element);
    }

    struct TableRow {
        pugi::xml_node element;
        std::string path;
        std::string label;  // a fixed row's
    };

    void table(const Node& item, pugi::xml_node parent, const std::string& path, int depth, const std::string& heading_above) {
        const auto table_path = join_path(path, item.id);
        if (!relevant(table_path)) return;
        const auto& label = item.label.empty() ? item.id : item.label;
        end_fields();
        if (label != heading_above) heading(depth == 0 ? "h3" : "h4", label);  // "Members" under "Members": said once

        std::vector<TableRow> rows;
        std::size_t index = 0;
        for (auto row : child(parent, item.id).children("row")) {
            ++index;
            const std::string key = row.attribute("key").value();
            TableRow entry{row, table_path + (item.repeating ? "/row[" + std::to_string(index) + "]" : "/row[@key='" + key + "']"),
                           key};
            for (const auto& fixed : item.fixed_rows)
                if (fixed.code == key) entry.label = fixed.label;
            rows.push_back(std::move(entry));
        }
        if (rows.empty()) {
            auto none = block("p");
            add_text(add(none, "i"), "None recorded.");
            return;
        }

        // A column prints when it is published and relevant in some row.
        std::vector<const Node*> columns;
        std::vector<const Node*> filled;  // ... and has a value in some row
        for (const auto& column : item.children) {
            if (column.kind != NodeKind::field || !shown(column)) continue;
            bool is_relevant = false;
            bool has_value = false;
            for (const auto& row : rows) {
                if (!relevant(join_path(row.path, column.id))) continue;
                is_relevant = true;
                if (!blank(text_of(row.element.child(column.id.c_str())))) has_value = true;
            }
            if (is_relevant) columns.push_back(&column);
            if (has_value) filled.push_back(&column);
        }

        // wxHtml breaks lines only at spaces, so a table is at least as wide as the sum of its
        // columns' longest words, and what does not fit an A4 page is cut off when printed.
        // Tried in turn: every column; in a smaller type; without the columns empty in every
        // row; both. Then each row as a block of its own, label beside value.
        const std::vector<std::pair<const std::vector<const Node*>*, bool>> layouts{
            {&columns, false}, {&columns, true}, {&filled, false}, {&filled, true}};
        for (const auto& [set, small] : layouts) {
            if (set->empty()) continue;
            auto grid = grid_table(item, label, rows, *set, small);
            if (fits(grid, small)) return;
            if (grid == keep_block_) keep_block_ = {};
            grid.parent().remove_child(grid);
        }
        row_blocks(item, rows, filled.empty() ? columns : filled);
    }

    pugi::xml_node grid_table(const Node& item, const std::string& label, const std::vector<TableRow>& rows,
                              const std::vector<const Node*>& columns, bool small) {
        auto grid = block("table");
        set(grid, "class", small ? (item.repeating ? "rows small" : "fixed-rows small") : (item.repeating ? "rows" : "fixed-rows"));
        set(grid, "width", "100%");
        set(grid, "border", "1");
        set(grid, "cellspacing", "0");
        set(grid, "cellpadding", "4");
        auto head = add(add(grid, "thead"), "tr");
        const auto header = [&](const std::string& text) {
            auto cell = add(head, "th");
            set(cell, "scope", "col");
            set(cell, "align", "left");
            set(cell, "valign", "bottom");
            set(cell, "bgcolor", heading_background);
            add_text(inline_container(cell, small), text);
            return cell;
        };
        if (!item.repeating) set(header(without_number(label)), "width", "22%");
        for (const auto* column : columns) header(column->label.empty() ? column->id : column->label);

        auto body = add(grid, "tbody");
        for (const auto& row : rows) {
            auto line = add(body, "tr");
            if (!item.repeating) add_text(inline_container(label_cell(line, "22%"), small), row.label);
            for (const auto* column : columns) {
                auto cell = add(line, "td");
                set(cell, "valign", "top");
                if (relevant(join_path(row.path, column->id)))
                    value(cell, *column, row.element.child(column->id.c_str()), small);
                else
                    add_text(cell, no_break_space);
            }
        }
        return grid;
    }

    // Each row as a block: a heading (the fixed row's label, or "Row 2"), then label and value
    // for each column, as the form's own fields print.
    void row_blocks(const Node& item, const std::vector<TableRow>& rows, const std::vector<const Node*>& columns) {
        auto table = block("table");
        set(table, "class", "row-blocks");
        set(table, "width", "100%");
        set(table, "border", "1");
        set(table, "cellspacing", "0");
        set(table, "cellpadding", "4");
        auto body = add(table, "tbody");
        std::size_t number = 0;
        for (const auto& row : rows) {
            ++number;
            auto heading_row = add(body, "tr");
            auto title = label_cell(heading_row, "100%");
            set(title, "colspan", "2");
            set(title, "class", "row-heading");
            title.attribute("bgcolor").set_value(heading_background);
            add_text(title, item.repeating || row.label.empty() ? "Row " + std::to_string(number) : row.label);
            for (const auto* column : columns) {
                if (!relevant(join_path(row.path, column->id))) continue;
                auto line = add(body, "tr");
                add_text(label_cell(line, "36%"), column->label.empty() ? column->id : column->label);
                auto cell = add(line, "td");
                set(cell, "valign", "top");
                value(cell, *column, row.element.child(column->id.c_str()));
            }
        }
    }

    // The text of a value's element, a person's and a multi-choice's parts together.
    static std::string text_of(pugi::xml_node element) {
        std::string text;
        for (auto node = element.first_child(); node; node = node.next_sibling())
            text += node.type() == pugi::node_element ? std::string(node.text().get()) : std::string(node.value());
        return text;
    }

    // Whether wxHtml can lay the grid out within an A4 page's width, by an estimate of each
    // column's narrowest: its longest word (wxHtml's default sans serif at 10 points is about
    // 7.6 pixels a character at 96 dpi, 8.4 in bold), and the cell's padding and border.
    static bool fits(pugi::xml_node grid, bool small) {
        constexpr double page = 640;  // 178 mm (A4 less 16 mm margins) is 672 pixels; some to spare
        constexpr double plain = 7.6, bold = 8.4, padding = 11;
        const double scale = small ? 0.8 : 1.0;
        std::vector<double> widths;
        for (const auto& row : grid.select_nodes(".//tr")) {
            std::size_t column = 0;
            for (auto cell = row.node().first_child(); cell; cell = cell.next_sibling(), ++column) {
                const double per_character = (std::string_view(cell.name()) == "th" ? bold : plain) * scale;
                const double width = static_cast<double>(longest_word(cell)) * per_character + padding;
                if (widths.size() <= column) widths.resize(column + 1, 0);
                widths[column] = std::max(widths[column], width);
            }
        }
        double total = 0;
        for (const auto width : widths) total += width;
        return total <= page;
    }

    // The most characters (code points) between spaces in the cell's text, up to the most
    // that print on one line.
    static std::size_t longest_word(pugi::xml_node cell) {
        std::size_t longest = 0;
        std::size_t current = 0;
        const auto walk = [&](auto&& self, pugi::xml_node node) -> void {
            for (auto inner = node.first_child(); inner; inner = inner.next_sibling()) {
                if (inner.type() == pugi::node_element) {
                    if (std::string_view(inner.name()) == "br" || std::string_view(inner.name()) == "p") current = 0;
                    self(self, inner);
                    continue;
                }
                for (const char c : std::string_view(inner.value())) {
                    if (c == ' ' || c == '\n' || c == '\t' || c == '\r') {
                        current = 0;
                    } else if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) {
                        longest = std::max(longest, ++current);
                    }
                }
            }
        };
        walk(walk, cell);
        return std::min(longest, longest_unbroken);
    }

    // Where a cell's text goes: the cell, or a smaller type within it.
    static pugi::xml_node inline_container(pugi::xml_node parent, bool small) {
        if (!small) return parent;
        auto font = add(parent, "font");
        set(font, "size", "-1");
        return font;
    }

    static void empty_value(pugi::xml_node cell, bool small = false) {
        auto quiet = add(inline_container(cell, small), "font");
        set(quiet, "class", "empty");
        set(quiet, "color", quiet_colour);
        add_text(quiet, em_dash);
    }

    // Lines of text as lines; blank lines between them as paragraphs. The first paragraph
    // is not wrapped in <p>: wxHtml would put a blank line above it.
    void lines(pugi::xml_node cell, std::string_view value, bool small = false) const {
        std::string text;
        text.reserve(value.size());
        for (std::size_t at = 0; at < value.size(); ++at) {
            if (value[at] == '\r') {
                text += '\n';
                if (at + 1 < value.size() && value[at + 1] == '\n') ++at;
            } else {
                text += value[at];
            }
        }
        std::vector<std::vector<std::string>> paragraphs(1);
        std::size_t start = 0;
        while (start <= text.size()) {
            auto end = text.find('\n', start);
            if (end == std::string::npos) end = text.size();
            auto line = text.substr(start, end - start);
            if (blank(line)) {
                if (!paragraphs.back().empty()) paragraphs.emplace_back();
            } else {
                paragraphs.back().push_back(std::move(line));
            }
            start = end + 1;
        }
        if (paragraphs.back().empty()) paragraphs.pop_back();
        for (std::size_t i = 0; i < paragraphs.size(); ++i) {
            auto into = inline_container(i == 0 ? cell : add(cell, "p"), small);
            for (std::size_t k = 0; k < paragraphs[i].size(); ++k) {
                if (k > 0) add(into, "br");
                words(into, paragraphs[i][k]);
            }
        }
    }

    // A value's text. For wxHtml, a word longer than fits a column is broken onto lines:
    // after a '/', '.', '-', '_', '?', '&', '=' or '@' where there is one, else where it must.
    void words(pugi::xml_node into, const std::string& text) const {
        constexpr std::size_t longest = longest_unbroken;
        if (options_.target != RecordDocumentOptions::Target::wx_html || text.size() <= longest) return add_text(into, text);
        std::string piece;
        std::size_t run = 0;          // characters in the current word since the last break
        std::size_t break_after = 0;  // bytes of `piece` up to the last good place to break; 0: none
        const auto is_space = [](char c) { return c == ' ' || c == '\t' || c == '\n'; };
        for (std::size_t at = 0; at < text.size();) {
            std::size_t length = 1;
            while (at + length < text.size() && (static_cast<unsigned char>(text[at + length]) & 0xC0) == 0x80) ++length;
            const auto character = std::string_view(text).substr(at, length);
            if (is_space(text[at])) {
                run = 0;
                break_after = 0;
            } else if (run == longest) {  // the word goes on: a line break
                const auto cut = break_after > 0 ? break_after : piece.size();
                add_text(into, piece.substr(0, cut));
                add(into, "br");
                piece.erase(0, cut);
                run = 0;
                for (std::size_t k = 0; k < piece.size(); ++k)
                    if ((static_cast<unsigned char>(piece[k]) & 0xC0) != 0x80) ++run;
                break_after = 0;
            }
            piece.append(character);
            if (!is_space(text[at])) {
                ++run;
                if (std::string_view("/.-_?&=@").find(text[at]) != std::string_view::npos && run > longest / 2)
                    break_after = piece.size();
            }
            at += length;
        }
        add_text(into, piece);
    }

    void value(pugi::xml_node cell, const Node& field, pugi::xml_node element, bool small = false) const {
        if (field.type == FieldType::long_text) {
            const std::string text = element.text().get();
            if (blank(text)) return empty_value(cell, small);
            return lines(cell, text, small);
        }
        const auto into = inline_container(cell, small);
        if (field.type == FieldType::person) {
            const std::string name = element.child("name").text().get();
            const std::string role = element.child("role").text().get();
            if (blank(name) && blank(role)) return empty_value(into);
            if (!blank(name)) words(into, name);
            if (!blank(name) && !blank(role)) add(into, "br");
            if (!blank(role)) words(into, role);
            return;
        }
        if (field.type == FieldType::multi_choice) {
            bool any = false;
            for (auto item : element.children("item")) {
                const std::string code = item.text().get();
                if (blank(code)) continue;
                if (any) add(into, "br");
                add_text(into, choice_label(field, code));
                any = true;
            }
            if (!any) empty_value(into);
            return;
        }
        const std::string text = element.text().get();
        if (blank(text)) return empty_value(into);
        switch (field.type) {
        case FieldType::choice:
            add_text(into, choice_label(field, text));
            break;
        case FieldType::boolean:
            add_text(into, text == "true" ? "Yes" : text == "false" ? "No" : text);
            break;
        case FieldType::date:
            add_text(into, uk_long_date(text));
            break;
        case FieldType::reference: {
            const auto title = options_.reference_title ? options_.reference_title(text) : std::string();
            if (title.empty()) {
                words(into, text);
            } else {
                words(into, title);
                add(into, "br");
                auto id = add(into, "font");
                set(id, "size", "-2");
                set(id, "color", quiet_colour);
                add_text(id, text);
            }
            break;
        }
        default:
            lines(into, text);  // one line, but a line break that got in stays one
            break;
        }
    }

    std::string choice_label(const Node& field, const std::string& code) const {
        if (const auto* list = form_.list(field.choice_list))
            if (const auto* option = list->find(code)) return option->label;
        return code;
    }

    const forms::FormDefinition& form_;
    const forms::Record& record_;
    const RecordDocumentOptions& options_;
    const std::unordered_map<std::string, bool> relevance_;
    pugi::xml_node body_;
    pugi::xml_node fields_;  // the running table's <tbody>
    pugi::xml_node keep_;        // the div holding the last heading, while it is open
    pugi::xml_node keep_block_;  // the block kept with it
    bool fields_grouped_ = false;
    std::string group_label_;
    std::string group_prefix_;
    pugi::xml_node group_cell_;
    int group_rows_ = 0;
};

}  // namespace

std::string uk_long_date(std::string_view iso_date) {
    if (!forms::is_iso_date(iso_date)) return std::string(iso_date);
    const int day = (iso_date[8] - '0') * 10 + (iso_date[9] - '0');
    const int month = (iso_date[5] - '0') * 10 + (iso_date[6] - '0');
    return std::to_string(day) + " " + month_names[static_cast<std::size_t>(month - 1)] + " " + std::string(iso_date.substr(0, 4));
}

std::string uk_timestamp(std::string_view timestamp) {
    if (!forms::is_timestamp(timestamp) || !forms::is_iso_date(timestamp.substr(0, 10))) return std::string(timestamp);
    return uk_long_date(timestamp.substr(0, 10)) + ", " + std::string(timestamp.substr(11, 5)) + " UTC";
}

std::string record_document_title(const forms::FormDefinition& form, const forms::Record& record,
                                  const RecordDocumentOptions& options) {
    return document_title(shown_title(form, record, options), form);
}

std::string record_document_file_name(const forms::FormDefinition& form, const forms::Record& record,
                                      const RecordDocumentOptions& options) {
    constexpr std::size_t most = 80;
    const auto title = shown_title(form, record, options);
    std::string name;
    if (title != form.title) {
        bool gap = false;
        for (const char c : title) {
            const auto byte = static_cast<unsigned char>(c);
            const bool kept = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
            if (!kept) {
                // A letter outside ASCII (the ’ of "Council’s") joins its word; anything else parts words.
                if (byte < 0x80) gap = true;
                continue;
            }
            if (gap && !name.empty()) name += '-';
            gap = false;
            name += c;
        }
        if (name.size() > most) {
            const auto cut = name.rfind('-', most);
            name.resize(cut != std::string::npos && cut > most / 2 ? cut : most);
        }
    }
    if (name.empty()) name = form.id + "-" + record.meta.id.substr(0, 8);
    return name + ".html";
}

void write_record_document(const forms::FormDefinition& form, const forms::Record& record,
                           const RecordDocumentOptions& options, pugi::xml_writer& out) {
    pugi::xml_document document;
    Builder(form, record, options).build(document);
    // No XML declaration: polyglot HTML5 starts with its DOCTYPE, and the charset is in <meta>.
    document.save(out, "  ", pugi::format_indent | pugi::format_no_declaration, pugi::encoding_utf8);
}

std::string record_document(const forms::FormDefinition& form, const forms::Record& record,
                            const RecordDocumentOptions& options) {
    forms::StringWriter writer;
    write_record_document(form, record, options, writer);
    return std::move(writer.text);
}

}  // namespace formwork::exporters
