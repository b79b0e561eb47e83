// Reading the record documents a store keeps, for the store's own hot paths.
#pragma once

#include <formwork/forms/record.hpp>

#include <cstddef>
#include <string>

namespace formwork::forms {

// parse_record_document (record.hpp) of `size` bytes at `text`, which need not end in a
// NUL: the store passes SQLite's own copy of the column, with no std::string between.
Record parse_stored_record(const char* text, std::size_t size);
// The same into `record`, whatever it held before: a scan reads every document into one
// record, whose metadata strings keep their memory from one to the next.
void parse_stored_record(const char* text, std::size_t size, Record& record);
// The same, parsing `text` where it is (it is changed): the record's strings point into
// it, so it must stay as it is for as long as the record is used.
void parse_stored_record(std::string& text, Record& record);

}  // namespace formwork::forms
