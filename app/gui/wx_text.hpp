// The engine speaks UTF-8 and wx wide strings: one way across, whole (embedded NULs kept).
#pragma once

#include <wx/string.h>

#include <string>
#include <string_view>

namespace formwork::ui {

inline wxString from_utf8(std::string_view text) { return wxString::FromUTF8(text.data(), text.size()); }

inline std::string to_utf8(const wxString& text) { return text.utf8_string(); }

}  // namespace formwork::ui
