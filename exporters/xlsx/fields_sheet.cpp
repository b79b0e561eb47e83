#include "fields_sheet.hpp"

#include <algorithm>
#include <cstdint>

namespace formwork::exporters {

using record_columns::ColumnKind;

std::string choices_of(const forms::FormDefinition& form, const record_columns::Column& column) {
    std::string out;
    const auto add = [&](const std::string& code, const std::string& label) {
        out += (out.empty() ? "" : "; ") + code + " = " + (label.empty() ? code : label);
    };
    if (column.kind == ColumnKind::status) {
        for (const auto& status : form.lifecycle.statuses) add(status.id, status.label);
    } else if (column.list != nullptr && column.kind != ColumnKind::person_part) {
        for (const auto& option : column.list->options) add(option.code, option.label);
    }
    return out;
}

namespace {

// Definitions and views are ours and the plugins', but a label can still be long: a cell holds
// at most 32,767 characters, and a long list of choices is cut with a note.
std::string fitted(std::string text) {
    if (cell_text_problem(text)) return "(a text a cell cannot hold)";
    if (excel_length(text) <= excel_max_cell_characters) return text;
    std::size_t cut = 32'000;
    while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
    text.resize(cut);
    return text + " ... (cut: more than a cell holds)";
}

}  // namespace

void write_fields_sheet(XlsxSheet& sheet, const std::vector<DescribedSheet>& sheets, const std::vector<DrawnView>& views) {
    // A workbook read back finds its columns by these headings: keep them, and add new ones last.
    const std::vector<std::string> headers{"Sheet", "Column", "Field path", "Label", "Type", "Hint", "Choices", "Form"};
    std::vector<std::size_t> widest(headers.size(), 0);
    for (std::uint32_t c = 0; c < headers.size(); ++c) sheet.text(0, c, headers[c], "header");
    sheet.freeze(1, 0);
    std::uint32_t row = 1;
    const auto write_row = [&](const std::vector<std::string>& values) {
        if (row >= excel_max_rows)
            throw ExportError(ExportError::Kind::limit_exceeded,
                              "the Fields sheet would describe more columns than an Excel sheet has rows (1,048,576)");
        for (std::uint32_t c = 0; c < values.size(); ++c) {
            if (values[c].empty()) continue;
            const auto text = fitted(values[c]);
            sheet.text(row, c, text);
            widest[c] = std::max(widest[c], std::min<std::size_t>(excel_length(text), 80));
        }
        ++row;
    };
    for (const auto& described : sheets)
        for (std::uint32_t c = 0; c < described.columns->size(); ++c) {
            const auto& column = (*described.columns)[c];
            write_row({described.name, column_letters(c), column.path(), column.header, column.type, column.hint,
                       described.form ? choices_of(*described.form, column) : std::string(),
                       described.form ? described.form->id : std::string()});
        }
    for (const auto& view : views)
        for (std::uint32_t c = 0; c < view.headings.size(); ++c)
            write_row({view.sheet, column_letters(c), {}, view.headings[c], "view", view.title, {}});
    for (std::uint32_t c = 0; c < headers.size(); ++c) {
        const auto characters = std::max(std::min<std::size_t>(headers[c].size(), 30), std::min<std::size_t>(widest[c], 60));
        sheet.column_width(c, static_cast<double>(std::max<std::size_t>(characters, 6) + 2));
    }
    sheet.autofilter(0, 0, row - 1, static_cast<std::uint32_t>(headers.size() - 1));
    // A path changed by accident would send a workbook's column to another field, or nowhere.
    sheet.protect();
}

}  // namespace formwork::exporters
