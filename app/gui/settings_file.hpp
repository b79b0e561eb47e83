// Writing a settings file (the preferences, the window's memory) whole, through a temporary
// file renamed into place, so that a failed write leaves the previous file as it was.
#pragma once

#include <wx/fileconf.h>
#include <wx/string.h>

#include <filesystem>

namespace formwork::ui {

// Writes `config` to `path`, making its folder if need be. On failure `error` says why (or is
// `unwritable` when wx could not put the settings into words) and false is returned.
bool save_settings_file(wxFileConfig& config, const std::filesystem::path& path, const wxString& unwritable,
                        wxString& error);

}  // namespace formwork::ui
