// Reading the text a store keeps of a record (the record file, as write_record writes it):
// the metadata and the instance, without checking the instance against a form. Each throws
// std::runtime_error when the text is not such a record. The store's hot paths use the
// forms that parse without a copy.
#pragma once

#include <formwork/model/record.hpp>

#include <cstddef>
#include <string>

namespace formwork::forms {

Record parse_stored_record(const std::string& text);
// The same of `size` bytes at `text`, which need not end in a NUL: the store passes
// SQLite's own copy of the column, with no std::string between.
Record parse_stored_record(const char* text, std::size_t size);
// The same into `record`, whatever it held before: a scan reads every document into one
// record, whose metadata strings keep their memory from one to the next.
void parse_stored_record(const char* text, std::size_t size, Record& record);
// The same, parsing `text` where it is (it is changed): the record's strings point into
// it, so it must stay as it is for as long as the record is used.
void parse_stored_record(std::string& text, Record& record);

}  // namespace formwork::forms
