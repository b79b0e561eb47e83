// A council profile: one XML file holding a council's choices (docs/profile.md). One
// form serves every council; a profile never changes a form's id or version.
#pragma once

#include <formwork/model/definition.hpp>
#include <formwork/model/diagnostic.hpp>

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace formwork::forms {

struct CouncilProfile {
    struct PartChoice {
        std::string form;  // empty: every form with a part of this id
        std::string part;
        bool enabled = true;
    };
    struct ListChoice {
        std::string form;  // empty: every form with a configurable list of this id
        ChoiceList list;
    };
    // A value a form's plugin reads (SDK 1.4), e.g. overdue-working-days for approval trails.
    struct Setting {
        std::string form;  // empty: every form
        std::string name;
        std::string value;
    };
    // A group, field or table the council records but keeps out of every export.
    struct Unpublished {
        std::string form;
        std::string path;  // a top-level id, or a path through groups: approval/director-name
    };
    struct BankHoliday {
        std::string date;  // YYYY-MM-DD
        std::string name;
    };
    // How long the council keeps a form's records once they reach a status (docs/profile.md,
    // "Retention"): a calendar period of years, months and days, at least one of them not zero.
    struct Retention {
        std::string form;
        int years = 0;
        int months = 0;
        int days = 0;
        std::string after;     // a status of the form's lifecycle; empty: its "complete"
        SourceLocation where;  // the element, so that a problem found once forms are known names it
    };

    std::string id;
    std::string name;
    std::string organisation_code;
    std::string organisation_name;
    std::vector<PartChoice> parts;
    std::vector<ListChoice> lists;
    std::map<std::string, std::string> display;
    std::vector<Setting> settings;
    std::vector<Unpublished> unpublished;
    std::vector<BankHoliday> bank_holidays;  // sorted by date
    std::vector<Retention> retention;        // at most one per form
    std::string source;

    // A display choice, or `fallback` where the profile is silent.
    std::string display_setting(const std::string& name, const std::string& fallback) const;
    bool is_bank_holiday(std::string_view date) const noexcept;
    // The settings that apply to a form, by name: the form's own over the profile-wide ones.
    std::vector<std::pair<std::string, std::string>> settings_for(const std::string& form) const;
    // The retention rule for a form (every version of it), or null when the profile gives none.
    const Retention* retention_for(std::string_view form) const noexcept;
};

std::optional<CouncilProfile> read_council_profile(const std::filesystem::path& path, Diagnostics& out);
std::optional<CouncilProfile> parse_council_profile(std::string text, std::string source, Diagnostics& out);

// Applies the profile's part switches and list replacements to a definition being
// loaded. A choice the form does not offer is reported as a warning naming the profile.
void apply_council_profile(const CouncilProfile& profile, FormDefinition& form, Diagnostics& out);

}  // namespace formwork::forms
