#include "settings_file.hpp"

#include <formwork/model/atomic_file.hpp>

#include <wx/sstream.h>

namespace formwork::ui {

bool save_settings_file(wxFileConfig& config, const std::filesystem::path& path, const wxString& unwritable,
                        wxString& error) {
    wxStringOutputStream text;
    if (!config.Save(text)) {
        error = unwritable;
        return false;
    }
    const wxScopedCharBuffer utf8 = text.GetString().utf8_str();
    std::error_code ignored;
    std::filesystem::create_directories(path.parent_path(), ignored);
    const auto failure = forms::write_file_atomically(path, [&](pugi::xml_writer& writer) {
        writer.write(utf8.data(), utf8.length());
    });
    if (failure) {
        error = wxString::FromUTF8(*failure);
        return false;
    }
    return true;
}

}  // namespace formwork::ui
