// The EIA's pictures as sheet views: the impact matrix (characteristics by impact type),
// the impact summary (counts by type) and the negative impacts with their mitigations.
#pragma once

#include <formwork/sdk/record_code.hpp>

#include <vector>

namespace formwork::plugins::eia {

std::vector<sdk::SheetView> impact_views(const sdk::ViewRequest& request);

}  // namespace formwork::plugins::eia
