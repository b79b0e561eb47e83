#include <formwork/sdk/record_query.hpp>

namespace formwork::sdk {

// Out of line: RecordQuery's vtable and type information live once, in the SDK library.
RecordQuery::~RecordQuery() = default;

}  // namespace formwork::sdk
