// The SDK version is one integer that this test pins: changing it is a decision, made
// here on purpose, never a side effect.
#include <formwork/sdk/plugin.hpp>
#include <formwork/sdk/version.hpp>

#include <catch2/catch.hpp>

#include <string>

using namespace formwork;

TEST_CASE("the SDK version is pinned at 1.10") {
    STATIC_REQUIRE(FORMWORK_SDK_VERSION == 1010);
    STATIC_REQUIRE(sdk::sdk_version == 1010);
    STATIC_REQUIRE(sdk::sdk_major(sdk::sdk_version) == 1);
    STATIC_REQUIRE(sdk::sdk_minor(sdk::sdk_version) == 10);
}

TEST_CASE("the shared SDK library is the one these headers describe") {
    REQUIRE(sdk::linked_sdk_version() == FORMWORK_SDK_VERSION);
}

TEST_CASE("a plugin loads into a host of the same major and an equal or later minor") {
    CHECK(sdk::sdk_compatible(1000, 1000));
    CHECK(sdk::sdk_compatible(1000, 1005));
    CHECK(sdk::sdk_compatible(1004, 1005));        // built before xml_chars.hpp: still loads
    CHECK(sdk::sdk_compatible(1005, 1006));        // built before uk_date.hpp: still loads
    CHECK(sdk::sdk_compatible(1006, 1007));        // by version; the host refuses it for want of a note
    CHECK(sdk::sdk_compatible(1007, 1008));        // built before record_start.hpp: loads, and is never asked to start a record
    CHECK(sdk::sdk_compatible(1008, 1009));        // built before import_records: its texts are read through import_text
    CHECK(sdk::sdk_compatible(1009, 1010));        // built before flagged_rows: never asked which rows are problems
    CHECK_FALSE(sdk::sdk_compatible(1006, 1005));  // needs what this host lacks
    CHECK_FALSE(sdk::sdk_compatible(2000, 1000));
    CHECK_FALSE(sdk::sdk_compatible(1000, 2000));
    CHECK_FALSE(sdk::sdk_compatible(0, 1000));
}

TEST_CASE("the ABI tag names the compiler and the standard library's string ABI") {
    const std::string tag = sdk::abi_tag;
    CHECK(tag.rfind("gcc-" + std::to_string(__GNUC__) + "/", 0) == 0);
    CHECK(tag.find("libstdc++-cxx11abi1") != std::string::npos);
}

TEST_CASE("the identity note's frozen fields keep their C layout") {
    STATIC_REQUIRE(offsetof(formwork_plugin_identity, magic) == 0);
    STATIC_REQUIRE(offsetof(formwork_plugin_identity, sdk_version) == 4);
    STATIC_REQUIRE(offsetof(formwork_plugin_identity, abi_tag) == 8);
    STATIC_REQUIRE(offsetof(formwork_plugin_identity, id) == 72);
    STATIC_REQUIRE(offsetof(formwork_plugin_identity, name) == 136);
    STATIC_REQUIRE(offsetof(formwork_plugin_identity, version) == 264);
    STATIC_REQUIRE(sizeof(formwork_plugin_identity) == 296);
    STATIC_REQUIRE(offsetof(formwork_plugin_note, identity) == 24);
    STATIC_REQUIRE(sizeof(formwork_plugin_note) == 320);
    STATIC_REQUIRE(std::is_standard_layout_v<formwork_plugin_note>);
    STATIC_REQUIRE(sizeof(FORMWORK_PLUGIN_NOTE_OWNER) == 9);  // with its NUL, padded to 12 in the note
}
