// Running an independent reader (openpyxl's read_workbook.py, Python's csv module in
// read_csv.py) from a test and reading what it prints: one line per row, tab-separated fields
// with \\ \t \n \r escaped.
#pragma once

#include <catch2/catch.hpp>

#include <cstdio>
#include <map>
#include <sstream>
#include <string>
#include <vector>

namespace formwork::test {

// `text` quoted for the shell: 'it'\''s'.
inline std::string shell_quoted(const std::string& text) {
    std::string out = "'";
    for (const char c : text) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
    return out + "'";
}

// The standard output of a command; fails the test when it fails.
inline std::string command_output(const std::string& command) {
    std::FILE* pipe = ::popen(command.c_str(), "r");
    REQUIRE(pipe != nullptr);
    std::string output;
    char buffer[65536];
    std::size_t n = 0;
    while ((n = std::fread(buffer, 1, sizeof buffer, pipe)) > 0) output.append(buffer, n);
    const int status = ::pclose(pipe);
    INFO(command);
    REQUIRE(status == 0);
    return output;
}

// A reader's field with its escaping undone.
inline std::string reader_unescaped(const std::string& field) {
    std::string out;
    for (std::size_t i = 0; i < field.size(); ++i) {
        if (field[i] != '\\' || i + 1 == field.size()) {
            out += field[i];
            continue;
        }
        const char next = field[++i];
        out += next == 't' ? '\t' : next == 'n' ? '\n' : next == 'r' ? '\r' : next;
    }
    return out;
}

// A reader's line split at its tabs, each field unescaped.
inline std::vector<std::string> reader_fields(const std::string& line) {
    std::vector<std::string> fields;
    std::size_t start = 0;
    for (;;) {
        const auto tab = line.find('\t', start);
        fields.push_back(reader_unescaped(line.substr(start, tab == std::string::npos ? std::string::npos : tab - start)));
        if (tab == std::string::npos) return fields;
        start = tab + 1;
    }
}

// A workbook as read_workbook.py's `cells` reading gives it: its sheets in order, each cell's
// text by sheet, row (from 1) and column letters, and each cell's fill by its reference.
struct WorkbookCells {
    std::vector<std::string> sheets;
    std::map<std::string, std::map<int, std::map<std::string, std::string>>> cells;  // sheet -> row -> column -> text
    std::map<std::string, std::string> fills;                                        // "Sheet!A1" -> fill
};

// `reader` is read_workbook.py (FORMWORK_READ_WORKBOOK in the tests that use it).
inline WorkbookCells read_workbook_cells(const std::string& reader, const std::string& file) {
    WorkbookCells book;
    std::istringstream lines(command_output("/usr/bin/python3 " + shell_quoted(reader) + " cells " + shell_quoted(file)));
    for (std::string line; std::getline(lines, line);) {
        const auto f = reader_fields(line);
        if (f[0] == "sheet") book.sheets.push_back(f.at(1));
        if (f[0] == "fill") book.fills[f.at(1)] = f.at(2);
        if (f[0] != "cell") continue;
        const auto& ref = f.at(1);
        const auto bang = ref.rfind('!');
        const auto place = ref.substr(bang + 1);
        const auto digits = place.find_first_of("0123456789");
        book.cells[ref.substr(0, bang)][std::stoi(place.substr(digits))][place.substr(0, digits)] = f.at(4);
    }
    return book;
}

}  // namespace formwork::test
