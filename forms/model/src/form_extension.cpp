#include <formwork/model/definition.hpp>
#include <formwork/model/form_extension.hpp>
#include <formwork/model/record.hpp>
#include <formwork/model/validator.hpp>

#include <formwork/model/instance_paths.hpp>

namespace formwork::forms {

FormExtension::~FormExtension() = default;

std::vector<sdk::FlaggedRow> FormExtension::flagged_rows(const sdk::ViewRequest&, const std::vector<sdk::SheetView>&,
                                                        Diagnostics&) const {
    return {};
}

std::optional<sdk::ImportBatch> FormExtension::import_records(const sdk::ImportRequest& request, const std::string& form_id,
                                                              Diagnostics& problems) const {
    auto one = import_text(request, problems);
    if (!one) return std::nullopt;
    sdk::ImportBatch batch;
    batch.records.push_back({form_id, std::move(one->instance_xml), {}, {}, std::move(one->notes)});
    return batch;
}

std::vector<DerivedOffer> derived_offers(const FormDefinition& form, const Record& record, const ValidationOptions& options,
                                         Diagnostics& problems) {
    std::vector<DerivedOffer> offers;
    if (!form.extension) return offers;
    for (auto& derived : form.extension->derive(form, record, options, problems)) {
        const auto located = locate(form, record.instance(), derived.field);
        if (!located || located->node->kind != NodeKind::field || located->node->type == FieldType::multi_choice ||
            located->node->type == FieldType::person || !located->element) {
            problems.push_back({Severity::error, {}, 0, 0, derived.field,
                                "the plugin offered a value for '" + derived.field +
                                    "', which is no single-valued field of form '" + form.id + "'",
                                {}});
            continue;
        }
        std::string current = located->element.text().get();
        if (current == derived.value) continue;
        const auto label = [&](const std::string& code) {
            const auto* list = located->node->type == FieldType::choice ? form.list(located->node->choice_list) : nullptr;
            const auto* option = list ? list->find(code) : nullptr;
            return option ? option->label : std::string();
        };
        auto derived_label = label(derived.value);
        auto current_label = label(current);
        offers.push_back({std::move(derived), std::move(current), std::move(derived_label), std::move(current_label)});
    }
    return offers;
}

}  // namespace formwork::forms
