// A pugixml writer into a std::string: for records kept as text, schemas held in memory,
// and tests that check what would have been written to a file.
#pragma once

#include <pugixml.hpp>

#include <string>

namespace formwork::forms {

class StringWriter final : public pugi::xml_writer {
public:
    void write(const void* data, size_t size) override { text.append(static_cast<const char*>(data), size); }
    std::string text;
};

}  // namespace formwork::forms
