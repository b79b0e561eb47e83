// What a form's plugin adds to it in code (SDK 1.4): checks, derived values and sheet views.
// A definition carries its extension, so whoever validates a record — the command line, the
// store's status change, the editor — runs the plugin's checks with the form's own rules,
// and none can forget to.
#pragma once

#include <formwork/model/diagnostic.hpp>
#include <formwork/sdk/record_code.hpp>
#include <formwork/sdk/record_start.hpp>

#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace formwork::forms {

class FormDefinition;
struct CouncilProfile;
class Record;
struct ValidationOptions;

class FormExtension {
public:
    FormExtension() = default;
    FormExtension(const FormExtension&) = delete;
    FormExtension& operator=(const FormExtension&) = delete;
    virtual ~FormExtension();

    // The id of the plugin whose code this is, so that what it gets wrong is laid at its door.
    virtual const std::string& plugin_id() const noexcept = 0;
    // Problems the plugin finds, as diagnostics; a plugin that fails becomes an error that
    // names it, so a record is never passed unchecked.
    virtual Diagnostics check(const FormDefinition& form, const Record& record, const ValidationOptions& options) const = 0;
    // Values the plugin derives, to offer; a failure is reported in `problems`.
    virtual std::vector<sdk::DerivedValue> derive(const FormDefinition& form, const Record& record,
                                                  const ValidationOptions& options, Diagnostics& problems) const = 0;
    // Views over the records in scope; a failure is reported in `problems`.
    virtual std::vector<sdk::SheetView> sheet_views(const sdk::ViewRequest& request, Diagnostics& problems) const = 0;
    virtual std::vector<sdk::TimelineView> timeline_views(const sdk::ViewRequest& request, Diagnostics& problems) const = 0;
    // SDK 1.10: the rows of `views` (what sheet_views gave for `request`) the plugin flags as
    // problems. None for a plugin built before 1.10, and by default; a failure is reported in
    // `problems`.
    virtual std::vector<sdk::FlaggedRow> flagged_rows(const sdk::ViewRequest& request, const std::vector<sdk::SheetView>& views,
                                                      Diagnostics& problems) const;
    // The text formats the plugin reads, and a reading of one; nothing when the plugin failed.
    virtual std::vector<sdk::ImportFormat> import_formats(Diagnostics& problems) const = 0;
    virtual std::optional<sdk::ImportResult> import_text(const sdk::ImportRequest& request, Diagnostics& problems) const = 0;
    // SDK 1.9: a reading of the text as any number of records (sdk::ImportBatch). For a plugin
    // built before 1.9, and by default, import_text's one new record of `form_id`, the form the
    // format makes. Nothing when the plugin failed.
    virtual std::optional<sdk::ImportBatch> import_records(const sdk::ImportRequest& request, const std::string& form_id,
                                                           Diagnostics& problems) const;
    // SDK 1.8 (record_start.hpp): what the plugin offers to start records of `form`, values
    // for a record, and one field's choices. Nothing for a plugin built before 1.8; nothing,
    // with the failure in `problems`, when the plugin fails.
    virtual sdk::RecordAssist record_assist(const FormDefinition& form, Diagnostics& problems) const = 0;
    virtual std::optional<sdk::Prefill> prefill(const sdk::PrefillRequest& request, Diagnostics& problems) const = 0;
    virtual std::vector<sdk::FieldChoice> field_choices(const sdk::ChoiceRequest& request, Diagnostics& problems) const = 0;
    // A request for the views of `form` over the records with these ids, with what the council
    // profile says (display choices, settings, bank holidays); `today` empty for today.
    virtual sdk::ViewRequest view_request(const FormDefinition& form, std::vector<std::string> record_ids,
                                          const sdk::RecordQuery& records, const std::string& today = {}) const = 0;
};

// The derived values the record's form offers, and which of them differ from what is stored.
struct DerivedOffer {
    sdk::DerivedValue derived;
    std::string current;        // the stored value
    std::string derived_label;  // for a choice, the labels of the two codes; empty otherwise
    std::string current_label;
};
std::vector<DerivedOffer> derived_offers(const FormDefinition& form, const Record& record, const ValidationOptions& options,
                                         Diagnostics& problems);

}  // namespace formwork::forms
