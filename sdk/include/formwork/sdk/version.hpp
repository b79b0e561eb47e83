// The SDK version and the ABI tag: the two facts the host checks before it lets a
// plugin run any code of its own.
#pragma once

#include <boost/config.hpp>

#include <cstdint>

// One integer, major * 1000 + minor. A plugin built for SDK M.n loads into a host
// providing SDK M.m when m >= n: minors only add. A new major breaks every plugin.
#define FORMWORK_SDK_VERSION_MAJOR 1
#define FORMWORK_SDK_VERSION_MINOR 10
#define FORMWORK_SDK_VERSION (FORMWORK_SDK_VERSION_MAJOR * 1000 + FORMWORK_SDK_VERSION_MINOR)

// The contract hands C++ objects (std::string, std::unique_ptr, virtual classes)
// across the library boundary, so host and plugin must share a compiler family and
// major version, a standard library with the same string ABI, and the same debug
// mode (which changes container layouts).
#if defined(__clang__)
#define FORMWORK_SDK_ABI_COMPILER "clang-" BOOST_STRINGIZE(__clang_major__)
#elif defined(__GNUC__)
#define FORMWORK_SDK_ABI_COMPILER "gcc-" BOOST_STRINGIZE(__GNUC__)
#elif defined(_MSC_VER)
#define FORMWORK_SDK_ABI_COMPILER "msvc-" BOOST_STRINGIZE(_MSC_VER)
#else
#define FORMWORK_SDK_ABI_COMPILER "unknown-compiler"
#endif

#if defined(_LIBCPP_VERSION)
#define FORMWORK_SDK_ABI_STDLIB "libc++-abi" BOOST_STRINGIZE(_LIBCPP_ABI_VERSION)
#elif defined(__GLIBCXX__)
#define FORMWORK_SDK_ABI_STDLIB "libstdc++-cxx11abi" BOOST_STRINGIZE(_GLIBCXX_USE_CXX11_ABI)
#else
#define FORMWORK_SDK_ABI_STDLIB "unknown-stdlib"
#endif

#if defined(_GLIBCXX_DEBUG) || defined(_LIBCPP_DEBUG)
#define FORMWORK_SDK_ABI_DEBUG "-debugmode"
#else
#define FORMWORK_SDK_ABI_DEBUG ""
#endif

#define FORMWORK_SDK_ABI_TAG FORMWORK_SDK_ABI_COMPILER "/" FORMWORK_SDK_ABI_STDLIB FORMWORK_SDK_ABI_DEBUG

namespace formwork::sdk {

inline constexpr std::uint32_t sdk_version = FORMWORK_SDK_VERSION;
inline constexpr const char* abi_tag = FORMWORK_SDK_ABI_TAG;

constexpr std::uint32_t sdk_major(std::uint32_t version) noexcept { return version / 1000; }
constexpr std::uint32_t sdk_minor(std::uint32_t version) noexcept { return version % 1000; }

// Whether a plugin built for `plugin_version` may load into a host providing
// `host_version`.
constexpr bool sdk_compatible(std::uint32_t plugin_version, std::uint32_t host_version) noexcept {
    return sdk_major(plugin_version) == sdk_major(host_version) &&
           sdk_minor(plugin_version) <= sdk_minor(host_version);
}

// The version the shared SDK library itself was built with; a host compares it with
// the header it was compiled against to catch a stale libformwork-sdk.so.
BOOST_SYMBOL_EXPORT std::uint32_t linked_sdk_version() noexcept;

}  // namespace formwork::sdk
