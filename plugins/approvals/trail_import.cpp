#include "trail_import.hpp"

#include "word_trail.hpp"

#include <stdexcept>

namespace formwork::plugins::approvals {

sdk::ImportResult import_word_trail(const sdk::ImportRequest& request) {
    if (request.format != "word-trail") throw std::invalid_argument("the approvals plugin reads no format '" + request.format + "'");
    auto reading = read_word_trail(request.text, request.source);
    return {trail_instance_xml(reading), std::move(reading.notes)};
}

}  // namespace formwork::plugins::approvals
