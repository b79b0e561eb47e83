// How the server store folds a record's text and cuts it into grams (forms/src/postgres/
// text_search.*): the pieces a one- or two-character search looks up, and the array
// literals they travel in. The store's own tests search through them on a real server.
#include "postgres/text_search.hpp"

#include <catch2/catch.hpp>

using namespace formwork::forms;

TEST_CASE("text is folded one character to one, beyond ASCII too, and broken UTF-8 is kept as it was") {
    CHECK(pg::fold_case("Mill LANE 24/00001/FUL") == "mill lane 24/00001/ful");
    CHECK(pg::fold_case("\xc3\x89lan") == "\xc3\xa9lan");                  // Élan
    CHECK(pg::fold_case("\xce\xa9 \xd0\x96") == "\xcf\x89 \xd0\xb6");      // Ω Ж
    CHECK(pg::fold_case("Stra\xc3\x9f" "e") == "stra\xc3\x9f" "e");        // ß stays ß
    CHECK(pg::fold_case("\xf0\x9f\x93\x8e A") == "\xf0\x9f\x93\x8e a");  // a 4-byte character
    // Broken sequences, byte for byte: an overlong NUL must not become a NUL.
    CHECK(pg::fold_case(std::string("A\xc0\x80" "B")) == std::string("a\xc0\x80" "b"));
    CHECK(pg::fold_case("\xed\xa0\x80Z") == "\xed\xa0\x80z");  // a surrogate
    CHECK(pg::fold_case("Z\xc3") == "z\xc3");                  // cut short
    CHECK(pg::fold_case("") == "");
}

TEST_CASE("one or two characters, not bytes, are what the grams answer") {
    CHECK_FALSE(pg::answered_by_grams(""));
    CHECK(pg::answered_by_grams("a"));
    CHECK(pg::answered_by_grams("pa"));
    CHECK(pg::answered_by_grams("\xc3\xa9\xc3\xa9"));  // éé: two characters, four bytes
    CHECK_FALSE(pg::answered_by_grams("abc"));
    CHECK_FALSE(pg::answered_by_grams("\xc3\xa9\xc3\xa9\xc3\xa9"));
}

TEST_CASE("grams are every distinct piece of one and two characters, quoted for a text[] literal") {
    CHECK(pg::grams_array("") == "{}");
    CHECK(pg::grams_array("a") == "{\"a\"}");
    CHECK(pg::grams_array("aaa") == "{\"a\",\"aa\"}");
    CHECK(pg::grams_array("ab\"") == "{\"\\\"\",\"a\",\"ab\",\"b\",\"b\\\"\"}");
    CHECK(pg::grams_array("\\\n") == "{\"\n\",\"\\\\\",\"\\\\\n\"}");  // a newline is kept as it is
    CHECK(pg::grams_array("\xc3\xa9t") == "{\"t\",\"\xc3\xa9\",\"\xc3\xa9t\"}");
    CHECK(pg::one_element_array("a\\\"b") == "{\"a\\\\\\\"b\"}");
}
