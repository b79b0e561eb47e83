// How the server store keeps a record's text for the list's text filter, and reads a
// search against it. The text is kept case-folded by Formwork, not by the server, so that
// the folding is the same whatever the server's locale; a search folds its words the same
// way and matches them case-sensitively (LIKE, through the trigram index). Text of one or
// two characters, which a trigram index cannot look up, is answered from `grams`: every
// distinct piece of one or two characters of the folded text.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace formwork::forms::pg {

// `text` with every character lower-cased (Unicode, one character to one, as glibc's
// C.UTF-8 towlower does). Bytes that are not UTF-8 are kept as they are.
std::string fold_case(std::string_view text);

// True when `folded` is one or two characters: a search the grams answer exactly.
bool answered_by_grams(std::string_view folded);

// Every distinct piece of one or two characters of `folded`, as a PostgreSQL array
// literal for a text[] parameter: {"a","ab",...}.
std::string grams_array(std::string_view folded);

// One text as a PostgreSQL array literal of that one element.
std::string one_element_array(std::string_view element);

// Texts as a PostgreSQL array literal, each element quoted: for a text[] parameter.
std::string array_literal(const std::vector<std::string>& elements);

}  // namespace formwork::forms::pg
