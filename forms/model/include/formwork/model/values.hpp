// The lexical forms of field values, shared by the loader (defaults), the validator and
// the profile reader, so every part of the engine agrees on what a date or a number is.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace formwork::forms {

bool is_iso_date(std::string_view text) noexcept;  // YYYY-MM-DD, a real calendar date
bool is_integer(std::string_view text) noexcept;   // -?[0-9]+
bool is_decimal(std::string_view text) noexcept;   // -?[0-9]+(.[0-9]+)?
bool is_boolean(std::string_view text) noexcept;   // true | false
bool is_email(std::string_view text) noexcept;
bool is_telephone(std::string_view text) noexcept;
bool is_uuid(std::string_view text) noexcept;       // lower-case RFC 4122 text form
bool is_timestamp(std::string_view text) noexcept;  // YYYY-MM-DDThh:mm:ssZ
bool is_identifier(std::string_view text) noexcept;  // [a-z][a-z0-9-]*, at most 64

// The words of a text, as a length limit or a counter beside a long-text field counts them:
// runs of characters that are not white space (ASCII space, tab, line feed, carriage return,
// form feed, vertical tab, and the no-break space U+00A0).
std::size_t count_words(std::string_view text) noexcept;

// A count as messages show it, with thousands separated: "1,048,576".
std::string with_commas(std::uint64_t number);

}  // namespace formwork::forms
