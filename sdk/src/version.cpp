#include <formwork/sdk/version.hpp>

namespace formwork::sdk {

std::uint32_t linked_sdk_version() noexcept { return FORMWORK_SDK_VERSION; }

}  // namespace formwork::sdk
