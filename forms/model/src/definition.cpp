#include <formwork/model/definition.hpp>

#include <algorithm>
#include <array>
#include <cctype>
#include <utility>

namespace formwork::forms {

namespace {

constexpr std::array<std::pair<FieldType, const char*>, 12> type_names{{
    {FieldType::text, "text"},
    {FieldType::long_text, "long-text"},
    {FieldType::integer, "integer"},
    {FieldType::decimal, "decimal"},
    {FieldType::date, "date"},
    {FieldType::boolean, "boolean"},
    {FieldType::choice, "choice"},
    {FieldType::multi_choice, "multi-choice"},
    {FieldType::email, "email"},
    {FieldType::telephone, "telephone"},
    {FieldType::person, "person"},
    {FieldType::reference, "reference"},
}};

}  // namespace

std::optional<FieldType> field_type_from_name(std::string_view name) noexcept {
    for (const auto& [type, text] : type_names)
        if (name == text) return type;
    return std::nullopt;
}

const char* field_type_name(FieldType type) noexcept {
    for (const auto& [candidate, text] : type_names)
        if (candidate == type) return text;
    return "unknown";
}

const ChoiceOption* ChoiceList::find(std::string_view code) const noexcept {
    for (const auto& option : options)
        if (option.code == code) return &option;
    return nullptr;
}

bool Expression::is_literal_true() const noexcept {
    std::string compact;
    for (char c : text)
        if (!std::isspace(static_cast<unsigned char>(c))) compact += c;
    return compact == "true()";
}

int Lifecycle::rank(std::string_view status) const noexcept {
    for (std::size_t i = 0; i < statuses.size(); ++i)
        if (statuses[i].id == status) return static_cast<int>(i);
    return -1;
}

bool Lifecycle::allows(std::string_view from, std::string_view to) const noexcept {
    return std::any_of(transitions.begin(), transitions.end(),
                       [&](const auto& transition) { return transition.first == from && transition.second == to; });
}

std::string Lifecycle::label_of(std::string_view status) const {
    for (const auto& known : statuses)
        if (known.id == status) return known.label.empty() ? known.id : known.label;
    return std::string(status);
}

const ChoiceList* FormDefinition::list(std::string_view list_id) const noexcept {
    for (const auto& candidate : lists)
        if (candidate.id == list_id) return &candidate;
    return nullptr;
}

const OptionalPart* FormDefinition::part(std::string_view part_id) const noexcept {
    for (const auto& candidate : parts)
        if (candidate.id == part_id) return &candidate;
    return nullptr;
}

bool FormDefinition::part_enabled(std::string_view part_id) const noexcept {
    if (part_id.empty()) return true;
    const auto* found = part(part_id);
    return found != nullptr && found->enabled;
}

}  // namespace formwork::forms
