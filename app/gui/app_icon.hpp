// The application's icon (app/gui/resources/formwork.svg), drawn at a size.
#pragma once

#include <wx/icon.h>

namespace formwork::ui {

wxIcon application_icon(int pixels);

}  // namespace formwork::ui
