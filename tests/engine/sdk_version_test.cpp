// The SDK version is one integer that this test pins: changing it is a decision, made
// here on purpose, never a side effect.
#include <formwork/sdk/plugin.hpp>
#include <formwork/sdk/version.hpp>

#include <catch2/catch.hpp>

#include <string>

using namespace formwork;

TEST_CASE("the SDK version is pinned at 1.6") {
    STATIC_REQUIRE(FORMWORK_SDK_VERSION == 1006);
    STATIC_REQUIRE(sdk::sdk_version == 1006);
    STATIC_REQUIRE(sdk::sdk_major(sdk::sdk_version) == 1);
    STATIC_REQUIRE(sdk::sdk_minor(sdk::sdk_version) == 6);
}

TEST_CASE("the shared SDK library is the one these headers describe") {
    REQUIRE(sdk::linked_sdk_version() == FORMWORK_SDK_VERSION);
}

TEST_CASE("a plugin loads into a host of the same major and an equal or later minor") {
    CHECK(sdk::sdk_compatible(1000, 1000));
    CHECK(sdk::sdk_compatible(1000, 1005));
    CHECK(sdk::sdk_compatible(1004, 1005));        // built before xml_chars.hpp: still loads
    CHECK(sdk::sdk_compatible(1005, 1006));        // built before uk_date.hpp: still loads
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

TEST_CASE("the descriptor's frozen fields keep their C layout") {
    STATIC_REQUIRE(offsetof(formwork_plugin_descriptor, magic) == 0);
    STATIC_REQUIRE(offsetof(formwork_plugin_descriptor, sdk_version) == 4);
    STATIC_REQUIRE(offsetof(formwork_plugin_descriptor, abi_tag) == 8);
    STATIC_REQUIRE(offsetof(formwork_plugin_descriptor, id) == 8 + sizeof(void*));
    STATIC_REQUIRE(std::is_standard_layout_v<formwork_plugin_descriptor>);
}
