// The EIA's impact table read from a record: which characteristic has which impact, and the
// completion statement those impacts give (section 3.0 of the template).
#pragma once

#include <pugixml.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace formwork::plugins::eia {

// The template's impact types, by the codes records hold.
enum class Impact { positive, negative, both, none, insufficient_data };

struct ImpactType {
    Impact impact;
    std::string_view code;   // P, N, PN, NI, ID
    std::string_view label;  // as the form's list has it
    std::string_view style;  // the view style class
};

const std::vector<ImpactType>& impact_types();
const ImpactType* impact_type(std::string_view code) noexcept;

struct Characteristic {
    std::string_view table;  // impacts, or further-impacts (an optional part)
    std::string_view key;
    std::string_view label;
};

// The protected characteristics in the template's order, then the further ones that a
// council may switch on.
const std::vector<Characteristic>& characteristics();

struct RatedCharacteristic {
    const Characteristic* characteristic;
    std::string code;    // as stored: empty when not yet rated, or a code of impact_types()
    std::string nature;  // the nature of the impact and any mitigations
    std::string path() const;  // e.g. impacts/row[@key='race']/impact
};

// Every characteristic row the record has, rated or not, in the template's order. Rows of a
// table the record does not have (a part switched off) are left out.
std::vector<RatedCharacteristic> read_impacts(pugi::xml_node instance);

// The completion statement the rated rows give, by the template's rule: any PN, or P with N,
// is both; N without P is negative; P (with any NI or ID) is positive; only NI and ID is no
// impact. Nothing when no row is rated.
struct DerivedCompletion {
    std::string code;    // a code of the form's completion list
    std::string reason;  // which rows made it, for people
};
std::optional<DerivedCompletion> derive_completion(const std::vector<RatedCharacteristic>& rows);

// The label of a completion code, as the form's list has it.
std::string_view completion_label(std::string_view code) noexcept;

}  // namespace formwork::plugins::eia
