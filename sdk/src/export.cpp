#include <formwork/sdk/export.hpp>

namespace formwork::sdk {

// Out of line: ExportProgress's vtable and type information live once, in the SDK library.
ExportProgress::~ExportProgress() = default;

}  // namespace formwork::sdk
