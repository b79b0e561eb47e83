#include <formwork/model/council_profile.hpp>
#include <formwork/model/date_format.hpp>
#include <formwork/model/definition_walk.hpp>
#include <formwork/model/values.hpp>
#include <formwork/model/xml_input.hpp>

#include <algorithm>
#include <cstring>
#include <set>

namespace formwork::forms {

namespace {

bool known_attributes(const XmlInput& input, pugi::xml_node node, std::initializer_list<const char*> allowed,
                      Diagnostics& out) {
    bool ok = true;
    for (auto attribute : node.attributes()) {
        if (std::none_of(allowed.begin(), allowed.end(),
                         [&](const char* name) { return std::strcmp(name, attribute.name()) == 0; })) {
            out.push_back(input.error_at(node, attribute.name(),
                                         std::string("unknown attribute '") + attribute.name() + "' on <" +
                                             node.name() + ">"));
            ok = false;
        }
    }
    return ok;
}

}  // namespace

std::string CouncilProfile::display_setting(const std::string& setting, const std::string& fallback) const {
    const auto found = display.find(setting);
    return found == display.end() ? fallback : found->second;
}

std::vector<std::pair<std::string, std::string>> CouncilProfile::settings_for(const std::string& form) const {
    std::map<std::string, std::string> chosen;
    for (const auto& setting : settings)
        if (setting.form.empty()) chosen.emplace(setting.name, setting.value);
    for (const auto& setting : settings)
        if (setting.form == form) chosen[setting.name] = setting.value;
    return {chosen.begin(), chosen.end()};
}

const CouncilProfile::Retention* CouncilProfile::retention_for(std::string_view form) const noexcept {
    const auto found = std::find_if(retention.begin(), retention.end(), [&](const auto& rule) { return rule.form == form; });
    return found == retention.end() ? nullptr : &*found;
}

bool CouncilProfile::is_bank_holiday(std::string_view date) const noexcept {
    return std::binary_search(bank_holidays.begin(), bank_holidays.end(), date,
                              [](const auto& a, const auto& b) {
                                  if constexpr (std::is_same_v<std::decay_t<decltype(a)>, BankHoliday>)
                                      return std::string_view(a.date) < std::string_view(b);
                                  else
                                      return std::string_view(a) < std::string_view(b.date);
                              });
}

namespace {

constexpr XmlLimits profile_limits{std::size_t{4} << 20, 16, 100'000};

// The most of each unit a retention period may give: a hundred years' worth, which no
// schedule exceeds, keeps the date arithmetic far from any overflow.
constexpr int most_years = 100, most_months = 1200, most_days = 36'600;

// A retention period's unit: absent is 0; else a whole number from 0 to `most`.
int period_unit(const XmlInput& input, pugi::xml_node node, const char* unit, int most, bool& bad, Diagnostics& out) {
    const auto attribute = node.attribute(unit);
    if (!attribute) return 0;
    const std::string text = attribute.value();
    const bool digits = !text.empty() && text.size() <= 6 &&
                        std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
    const int value = digits ? std::stoi(text) : -1;
    if (value < 0 || value > most) {
        out.push_back(input.error_at(node, unit,
                                     std::string(unit) + " must be a whole number from 0 to " + std::to_string(most) +
                                         ", not '" + text + "'"));
        bad = true;
        return 0;
    }
    return value;
}

void read_retention(const XmlInput& input, pugi::xml_node node, CouncilProfile& profile, Diagnostics& out) {
    known_attributes(input, node, {"form", "years", "months", "days", "after"}, out);
    CouncilProfile::Retention rule;
    rule.form = node.attribute("form").value();
    bool bad = false;
    rule.years = period_unit(input, node, "years", most_years, bad, out);
    rule.months = period_unit(input, node, "months", most_months, bad, out);
    rule.days = period_unit(input, node, "days", most_days, bad, out);
    rule.after = node.attribute("after").value();
    const auto [line, column] = input.line_column(node);
    rule.where = {profile.source, line, column};
    if (rule.form.empty())
        out.push_back(input.error_at(node, "<retention> needs the form whose records it keeps: form=\"eia\""));
    else if (profile.retention_for(rule.form) != nullptr)
        out.push_back(input.error_at(node, "form", "the retention of form '" + rule.form + "' is given twice"));
    const bool unit_given = node.attribute("years") || node.attribute("months") || node.attribute("days");
    if (!unit_given)
        out.push_back(input.error_at(node, "<retention> needs its period: years, months or days, e.g. years=\"6\""));
    else if (rule.years == 0 && rule.months == 0 && rule.days == 0 && !bad)
        out.push_back(input.error_at(node, "the retention period of form '" + rule.form +
                                               "' is zero; give years, months or days above zero"));
    if (node.attribute("after") && !is_identifier(rule.after))
        out.push_back(input.error_at(node, "after", "after names a status of the form's lifecycle, such as complete, not '" +
                                                        rule.after + "'"));
    profile.retention.push_back(std::move(rule));
}

std::optional<CouncilProfile> build_profile(const XmlInput* input, Diagnostics& out) {
    if (input == nullptr) return std::nullopt;
    CouncilProfile profile;
    const auto before = out.size();
    const auto root = input->root();
    if (std::strcmp(root.name(), "council-profile") != 0) {
        out.push_back(input->error_at(root, std::string("expected <council-profile>, found <") + root.name() + ">"));
        return std::nullopt;
    }
    known_attributes(*input, root, {"id", "name"}, out);
    profile.id = root.attribute("id").value();
    profile.name = root.attribute("name").value();
    profile.source = input->file();
    if (!is_identifier(profile.id))
        out.push_back(input->error_at(root, "id", "the profile's id must be lower case: [a-z][a-z0-9-]*"));

    std::set<std::string> list_keys;
    for (auto child : root.children()) {
        if (child.type() != pugi::node_element) continue;
        const std::string name = child.name();
        if (name == "organisation") {
            known_attributes(*input, child, {"code", "name"}, out);
            profile.organisation_code = child.attribute("code").value();
            profile.organisation_name = child.attribute("name").value();
            if (profile.organisation_code.empty())
                out.push_back(input->error_at(child, "<organisation> needs a code, as submissions carry it"));
        } else if (name == "part") {
            known_attributes(*input, child, {"form", "id", "enabled"}, out);
            const std::string enabled = child.attribute("enabled").value();
            if (enabled != "true" && enabled != "false")
                out.push_back(input->error_at(child, "enabled", "enabled must be true or false"));
            profile.parts.push_back({child.attribute("form").value(), child.attribute("id").value(), enabled == "true"});
        } else if (name == "list") {
            known_attributes(*input, child, {"form", "id"}, out);
            CouncilProfile::ListChoice choice;
            choice.form = child.attribute("form").value();
            choice.list.id = child.attribute("id").value();
            choice.list.configurable = true;
            const auto [line, column] = input->line_column(child);
            choice.list.where = {profile.source, line, column};
            if (!list_keys.insert(choice.form + "/" + choice.list.id).second)
                out.push_back(input->error_at(child, "the list '" + choice.list.id + "' is given twice"));
            std::set<std::string> codes;
            for (auto option : child.children("option")) {
                known_attributes(*input, option, {"code"}, out);
                const std::string code = option.attribute("code").value();
                if (code.empty() || !codes.insert(code).second)
                    out.push_back(input->error_at(option, "code", "each option needs a code of its own"));
                choice.list.options.push_back({code, option.text().get()});
            }
            if (choice.list.options.empty())
                out.push_back(input->error_at(child, "the list '" + choice.list.id + "' has no options"));
            profile.lists.push_back(std::move(choice));
        } else if (name == "display") {
            known_attributes(*input, child, {"name", "value"}, out);
            const std::string setting = child.attribute("name").value();
            const std::string value = child.attribute("value").value();
            if (setting == "date-format" && !is_date_format(value)) {
                std::string offered;
                for (const auto format : date_formats()) offered += (offered.empty() ? "" : ", ") + std::string(format);
                out.push_back(input->error_at(child, "value", "'" + value + "' is not a date format Formwork offers; choose one of " + offered));
            }
            profile.display[setting] = value;
        } else if (name == "setting") {
            known_attributes(*input, child, {"form", "name", "value"}, out);
            const std::string setting = child.attribute("name").value();
            if (setting.empty()) out.push_back(input->error_at(child, "a <setting> needs a name"));
            profile.settings.push_back({child.attribute("form").value(), setting, child.attribute("value").value()});
        } else if (name == "unpublished") {
            known_attributes(*input, child, {"form", "path"}, out);
            const std::string form = child.attribute("form").value();
            const std::string path = child.attribute("path").value();
            if (form.empty() || path.empty())
                out.push_back(input->error_at(child, "<unpublished> needs the form and the path of what to keep out"));
            profile.unpublished.push_back({form, path});
        } else if (name == "bank-holiday") {
            known_attributes(*input, child, {"date", "name"}, out);
            const std::string date = child.attribute("date").value();
            if (!is_iso_date(date))
                out.push_back(input->error_at(child, "date", "'" + date + "' is not a date (YYYY-MM-DD)"));
            profile.bank_holidays.push_back({date, child.attribute("name").value()});
        } else if (name == "retention") {
            read_retention(*input, child, profile, out);
        } else {
            out.push_back(input->error_at(child, "unknown element <" + name +
                                                     "> in a council profile; expected organisation, part, list, "
                                                     "display, setting, unpublished, bank-holiday or retention"));
        }
    }
    std::sort(profile.bank_holidays.begin(), profile.bank_holidays.end(),
              [](const auto& a, const auto& b) { return a.date < b.date; });
    const bool failed = std::any_of(out.begin() + static_cast<std::ptrdiff_t>(before), out.end(),
                                    [](const Diagnostic& d) { return d.severity == Severity::error; });
    if (failed) return std::nullopt;
    return profile;
}

}  // namespace

std::optional<CouncilProfile> read_council_profile(const std::filesystem::path& path, Diagnostics& out) {
    return build_profile(XmlInput::read_file(path, out, profile_limits).get(), out);
}

std::optional<CouncilProfile> parse_council_profile(std::string text, std::string source, Diagnostics& out) {
    return build_profile(XmlInput::parse(std::move(text), std::move(source), out, profile_limits).get(), out);
}

void apply_council_profile(const CouncilProfile& profile, FormDefinition& form, Diagnostics& out) {
    const auto warn = [&](std::string message) {
        out.push_back({Severity::warning, profile.source, 0, 0, {}, std::move(message), {}});
    };
    form.date_format = profile.display_setting("date-format", std::string(default_date_format));
    for (const auto& choice : profile.parts) {
        if (!choice.form.empty() && choice.form != form.id) continue;
        auto part = std::find_if(form.parts.begin(), form.parts.end(), [&](const auto& p) { return p.id == choice.part; });
        if (part != form.parts.end())
            part->enabled = choice.enabled;
        else if (!choice.form.empty())
            warn("the profile switches part '" + choice.part + "', which form '" + form.id + "' does not have");
    }
    for (const auto& choice : profile.unpublished) {
        if (choice.form != form.id) continue;
        // Through groups, looking through sections: "approval/director-name".
        std::vector<Node>* items = &form.items;
        Node* node = nullptr;
        std::string_view rest = choice.path;
        while (!rest.empty()) {
            const auto slash = rest.find('/');
            const auto id = rest.substr(0, slash);
            node = find_item(*items, id);
            rest = slash == std::string_view::npos ? std::string_view() : rest.substr(slash + 1);
            if (node == nullptr || (!rest.empty() && node->kind != NodeKind::group)) {
                node = nullptr;
                break;
            }
            items = &node->children;
        }
        if (node == nullptr)
            warn("the profile keeps '" + choice.path + "' out of exports, but form '" + form.id + "' has no such group, field or table");
        else
            node->unpublished = true;
    }
    for (const auto& choice : profile.lists) {
        if (!choice.form.empty() && choice.form != form.id) continue;
        auto list = std::find_if(form.lists.begin(), form.lists.end(),
                                 [&](const auto& l) { return l.id == choice.list.id; });
        if (list == form.lists.end()) {
            if (!choice.form.empty())
                warn("the profile gives list '" + choice.list.id + "', which form '" + form.id + "' does not have");
        } else if (!list->configurable) {
            warn("the profile gives list '" + choice.list.id + "' of form '" + form.id +
                 "', which is not configurable; the form's own list is kept");
        } else {
            list->options = choice.list.options;
        }
    }
}

}  // namespace formwork::forms
