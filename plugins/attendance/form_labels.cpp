#include "form_labels.hpp"

#include <formwork/sdk/plugin.hpp>

#include <map>
#include <tuple>

namespace formwork::plugins::attendance {

std::vector<sdk::EmbeddedFile> definitions();

namespace {

using LabelKey = std::tuple<std::string, std::string, std::string>;  // form, list, code

// Every option of every list of the plugin's forms, read once.
const std::map<LabelKey, std::string>& labels() {
    static const std::map<LabelKey, std::string> all = [] {
        std::map<LabelKey, std::string> out;
        for (const auto& file : definitions()) {
            pugi::xml_document form;
            if (!form.load_buffer(file.content.data(), file.content.size())) continue;
            const std::string form_id = form.document_element().attribute("id").value();
            for (auto list : form.document_element().children("choices"))
                for (auto option : list.children("option"))
                    out.emplace(LabelKey{form_id, list.attribute("id").value(), option.attribute("code").value()},
                                option.text().get());
        }
        return out;
    }();
    return all;
}

}  // namespace

std::string choice_label(std::string_view form_id, std::string_view list_id, std::string_view code) {
    const auto found = labels().find(LabelKey{form_id, list_id, code});
    return found == labels().end() ? std::string(code) : found->second;
}

std::string role_label(std::string_view code) { return choice_label("attendance-body", "member-role", code); }

}  // namespace formwork::plugins::attendance
