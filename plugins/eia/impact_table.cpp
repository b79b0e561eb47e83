#include "impact_table.hpp"

#include <algorithm>
#include <array>

namespace formwork::plugins::eia {

const std::vector<ImpactType>& impact_types() {
    static const std::vector<ImpactType> types = {
        {Impact::positive, "P", "Positive impact (P)", "impact-positive"},
        {Impact::negative, "N", "Negative impact (N)", "impact-negative"},
        {Impact::both, "PN", "Both positive and negative impacts (PN)", "impact-both"},
        {Impact::none, "NI", "No impact (NI)", "impact-neutral"},
        {Impact::insufficient_data, "ID", "Insufficient data (ID)", "impact-insufficient-data"},
    };
    return types;
}

const ImpactType* impact_type(std::string_view code) noexcept {
    for (const auto& type : impact_types())
        if (type.code == code) return &type;
    return nullptr;
}

const std::vector<Characteristic>& characteristics() {
    static const std::vector<Characteristic> rows = {
        {"impacts", "age-0-18", "Age 0-18"},
        {"impacts", "age-19-64", "Age 19-64"},
        {"impacts", "age-65-plus", "Age 65+"},
        {"impacts", "disability", "Disability"},
        {"impacts", "gender-reassignment", "Gender reassignment"},
        {"impacts", "marriage-civil-partnership", "Marriage and civil partnership"},
        {"impacts", "pregnancy-maternity", "Pregnancy and maternity"},
        {"impacts", "race", "Race"},
        {"impacts", "religion-belief", "Religion and belief"},
        {"impacts", "sex", "Sex"},
        {"impacts", "sexual-orientation", "Sexual orientation"},
        {"further-impacts", "care-experience", "Care experience"},
        {"further-impacts", "armed-forces", "Armed forces community"},
        {"further-impacts", "socio-economic", "Socio-economic disadvantage"},
        {"further-impacts", "carers", "Carers"},
    };
    return rows;
}

std::string RatedCharacteristic::path() const {
    return std::string(characteristic->table) + "/row[@key='" + std::string(characteristic->key) + "']/impact";
}

std::vector<RatedCharacteristic> read_impacts(pugi::xml_node instance) {
    std::vector<RatedCharacteristic> rows;
    for (const auto& characteristic : characteristics()) {
        const auto table = instance.child(std::string(characteristic.table).c_str());
        if (!table) continue;
        const auto row = table.find_child_by_attribute("row", "key", std::string(characteristic.key).c_str());
        if (!row) continue;
        rows.push_back({&characteristic, row.child("impact").text().get(), row.child("nature").text().get()});
    }
    return rows;
}

namespace {

std::string join_labels(const std::vector<RatedCharacteristic>& rows, std::string_view code) {
    std::string out;
    for (const auto& row : rows) {
        if (row.code != code) continue;
        if (!out.empty()) out += ", ";
        out += row.characteristic->label;
    }
    return out;
}

}  // namespace

std::optional<DerivedCompletion> derive_completion(const std::vector<RatedCharacteristic>& rows) {
    const auto any = [&](std::string_view code) {
        return std::any_of(rows.begin(), rows.end(), [&](const auto& row) { return row.code == code; });
    };
    const bool positive = any("P");
    const bool negative = any("N");
    const bool both = any("PN");
    if (!positive && !negative && !both && !any("NI") && !any("ID")) return std::nullopt;

    const auto has = [&](std::string_view code) {
        return std::string(code) + " (" + join_labels(rows, code) + ")";
    };
    if (both) return DerivedCompletion{"both", "the impact table has " + has("PN")};
    if (positive && negative) return DerivedCompletion{"both", "the impact table has " + has("P") + " and " + has("N")};
    if (negative) return DerivedCompletion{"negative", "the impact table has " + has("N") + " and no P"};
    if (positive) return DerivedCompletion{"positive", "the impact table has " + has("P") + " and no N or PN"};
    return DerivedCompletion{"no-impact", "the impact table has only NI and ID"};
}

std::string_view completion_label(std::string_view code) noexcept {
    static constexpr std::array<std::pair<std::string_view, std::string_view>, 4> labels = {{
        {"no-impact", "No impact has been identified for one or more protected groups"},
        {"positive", "Positive impact has been identified for one or more protected groups"},
        {"negative", "Negative impact has been identified for one or more protected groups"},
        {"both", "Both positive and negative impact has been identified for one or more protected groups"},
    }};
    for (const auto& [key, label] : labels)
        if (key == code) return label;
    return code;
}

}  // namespace formwork::plugins::eia
