// The form extension a plugin brings (form_extension.hpp in the model): every call goes to the
// plugin through the host, wrapped so that a plugin's failure becomes a diagnostic naming it.
#include <formwork/host/plugin_form_extension.hpp>

#include <formwork/model/council_profile.hpp>
#include <formwork/model/definition.hpp>
#include <formwork/model/record.hpp>
#include <formwork/model/validator.hpp>

#include <string>
#include <utility>

namespace formwork::forms {

namespace {

// Takes "SOURCE: " or "SOURCE:LINE:COLUMN: " off the front of a plugin's message, returning
// the line and column it gave, or {0, 0}.
std::pair<int, int> strip_place(std::string& message, const std::string& source) {
    if (source.empty() || message.compare(0, source.size(), source) != 0) return {0, 0};
    std::size_t at = source.size();
    const auto number = [&](int& into) {
        if (at >= message.size() || message[at] != ':') return false;
        std::size_t end = at + 1;
        int value = 0;
        while (end < message.size() && end - at <= 9 && message[end] >= '0' && message[end] <= '9')
            value = value * 10 + (message[end++] - '0');
        if (end == at + 1 || value == 0) return false;
        into = value;
        at = end;
        return true;
    };
    int line = 0;
    int column = 0;
    if (!(number(line) && number(column))) {
        at = source.size();
        line = column = 0;
    }
    if (message.compare(at, 2, ": ") != 0) return {0, 0};
    message.erase(0, at + 2);
    return {line, column};
}

class PluginFormExtension final : public FormExtension {
public:
    PluginFormExtension(const PluginHost& host, std::string plugin_id, const CouncilProfile* profile)
        : host_(host), plugin_id_(std::move(plugin_id)) {
        if (profile == nullptr) return;
        profile_ = *profile;
        for (const auto& holiday : profile->bank_holidays) bank_holidays_.push_back(holiday.date);
    }

    const std::string& plugin_id() const noexcept override { return plugin_id_; }

    Diagnostics check(const FormDefinition& form, const Record& record, const ValidationOptions& options) const override {
        Diagnostics out;
        const auto copy = context_copy(form, record, options);
        const auto findings = call(out, "check_record", [&](const sdk::Plugin& plugin) {
            return plugin.check_record(copy.context);
        });
        for (const auto& finding : findings) {
            const auto severity = finding.severity == sdk::Finding::Severity::warning ? Severity::warning : Severity::error;
            out.push_back({severity, {}, 0, 0, finding.field, finding.message, finding.rule});
        }
        return out;
    }

    std::vector<sdk::DerivedValue> derive(const FormDefinition& form, const Record& record, const ValidationOptions& options,
                                          Diagnostics& problems) const override {
        const auto copy = context_copy(form, record, options);
        return call(problems, "derive_values", [&](const sdk::Plugin& plugin) { return plugin.derive_values(copy.context); });
    }

    std::vector<sdk::SheetView> sheet_views(const sdk::ViewRequest& request, Diagnostics& problems) const override {
        return call(problems, "sheet_views", [&](const sdk::Plugin& plugin) { return plugin.sheet_views(request); });
    }

    std::vector<sdk::FlaggedRow> flagged_rows(const sdk::ViewRequest& request, const std::vector<sdk::SheetView>& views,
                                              Diagnostics& problems) const override {
        const auto* plugin = host_.find(plugin_id_);
        if (plugin != nullptr && sdk::sdk_minor(plugin->info().sdk_version) < 10) return {};
        return call(problems, "flagged_rows", [&](const sdk::Plugin& p) { return p.flagged_rows(request, views); });
    }

    std::vector<sdk::TimelineView> timeline_views(const sdk::ViewRequest& request, Diagnostics& problems) const override {
        return call(problems, "timeline_views", [&](const sdk::Plugin& plugin) { return plugin.timeline_views(request); });
    }

    std::vector<sdk::ImportFormat> import_formats(Diagnostics& problems) const override {
        return call(problems, "import_formats", [&](const sdk::Plugin& plugin) { return plugin.import_formats(); });
    }

    std::optional<sdk::ImportResult> import_text(const sdk::ImportRequest& request, Diagnostics& problems) const override {
        return read_text<sdk::ImportResult>(request, problems, "import_text",
                                            [&](const sdk::Plugin& p) { return p.import_text(request); });
    }

    // A call that reads a text, import_text or import_records: what the plugin could not read is
    // reported as the text's problem.
    template <typename Result, typename Call>
    std::optional<Result> read_text(const sdk::ImportRequest& request, Diagnostics& problems, const char* what,
                                    Call&& call) const {
        const auto* plugin = host_.find(plugin_id_);
        if (!plugin) {
            problems.push_back({Severity::error, request.source, 0, 0, {}, "the plugin '" + plugin_id_ + "' is not loaded", {}});
            return std::nullopt;
        }
        auto outcome = plugin->call(what, std::forward<Call>(call));
        if (outcome) return std::move(outcome.value());
        // A text the plugin cannot read is the text's problem: name the file first, once, and
        // the place, when the plugin gives one as SOURCE:LINE:COLUMN (SDK 1.5).
        std::string why = outcome.failure().message;
        const auto [line, column] = strip_place(why, request.source);
        problems.push_back({Severity::error, request.source, line, column, {},
                            "not readable as " + request.format + " (plugin '" + plugin_id_ + "'): " + why, {}});
        return std::nullopt;
    }

    std::optional<sdk::ImportBatch> import_records(const sdk::ImportRequest& request, const std::string& form_id,
                                                   Diagnostics& problems) const override {
        const auto* plugin = host_.find(plugin_id_);
        if (plugin != nullptr && sdk::sdk_minor(plugin->info().sdk_version) < 9)
            return FormExtension::import_records(request, form_id, problems);
        return read_text<sdk::ImportBatch>(request, problems, "import_records",
                                           [&](const sdk::Plugin& p) { return p.import_records(request); });
    }

    sdk::RecordAssist record_assist(const FormDefinition& form, Diagnostics& problems) const override {
        if (!has_record_start()) return {};
        return call(problems, "record_assist", [&](const sdk::Plugin& plugin) { return plugin.record_assist(form.id); });
    }

    std::optional<sdk::Prefill> prefill(const sdk::PrefillRequest& request, Diagnostics& problems) const override {
        if (!has_record_start()) return sdk::Prefill{};
        const auto* plugin = host_.find(plugin_id_);
        if (!plugin) {
            problems.push_back({Severity::error, {}, 0, 0, {}, "the plugin '" + plugin_id_ + "' that brings this form is not loaded", {}});
            return std::nullopt;
        }
        auto outcome = plugin->call("prefill_record", [&](const sdk::Plugin& p) { return p.prefill_record(request); });
        if (outcome) return std::move(outcome.value());
        // What the plugin could not do is said in its words, with its name: "no meeting 12 ...".
        problems.push_back({Severity::error, {}, 0, 0, {}, "plugin '" + plugin_id_ + "': " + outcome.failure().message, {}});
        return std::nullopt;
    }

    std::vector<sdk::FieldChoice> field_choices(const sdk::ChoiceRequest& request, Diagnostics& problems) const override {
        if (!has_record_start()) return {};
        return call(problems, "field_choices", [&](const sdk::Plugin& plugin) { return plugin.field_choices(request); });
    }

    sdk::ViewRequest view_request(const FormDefinition& form, std::vector<std::string> record_ids,
                                  const sdk::RecordQuery& records, const std::string& today) const override {
        sdk::ViewRequest request;
        request.form_id = form.id;
        request.record_ids = std::move(record_ids);
        request.records = &records;
        request.today = today.empty() ? today_iso_date() : today;
        request.bank_holidays = bank_holidays_;
        if (profile_) {
            request.display.assign(profile_->display.begin(), profile_->display.end());
            request.settings = profile_->settings_for(form.id);
            for (const auto& choice : profile_->unpublished)
                if (choice.form == form.id) request.unpublished.push_back(choice.path);
        }
        return request;
    }

private:
    // record_assist and the rest exist only in the vtables of plugins built for SDK 1.8 or later.
    bool has_record_start() const {
        const auto* plugin = host_.find(plugin_id_);
        return plugin != nullptr && sdk::sdk_minor(plugin->info().sdk_version) >= 8;
    }

    // The plugin reads a copy, so nothing it does can change the record it was shown.
    struct ContextCopy {
        pugi::xml_document document;
        sdk::RecordContext context;
    };

    ContextCopy context_copy(const FormDefinition& form, const Record& record, const ValidationOptions& options) const {
        ContextCopy copy;
        copy.context.instance = copy.document.append_copy(record.instance());
        copy.context.form_id = form.id;
        copy.context.form_version = form.version;
        copy.context.status = options.status.empty() ? record.meta.status : options.status;
        copy.context.today = options.today.empty() ? today_iso_date() : options.today;
        for (const auto& part : form.parts)
            if (part.enabled) copy.context.enabled_parts.push_back(part.id);
        copy.context.records = options.records;
        for (const auto& list : form.lists) {
            sdk::ChoiceListView view{list.id, {}};
            for (const auto& option : list.options) view.options.emplace_back(option.code, option.label);
            copy.context.lists.push_back(std::move(view));
        }
        if (profile_) copy.context.settings = profile_->settings_for(form.id);
        copy.context.bank_holidays = bank_holidays_;
        return copy;
    }

    template <class Fn>
    auto call(Diagnostics& problems, const char* operation, Fn&& fn) const -> decltype(fn(std::declval<const sdk::Plugin&>())) {
        const auto* plugin = host_.find(plugin_id_);
        if (!plugin) {
            problems.push_back({Severity::error, {}, 0, 0, {}, "the plugin '" + plugin_id_ + "' that brings this form is not loaded", {}});
            return {};
        }
        auto outcome = plugin->call(operation, std::forward<Fn>(fn));
        if (!outcome) {
            problems.push_back({Severity::error, plugin->info().path.string(), 0, 0, {}, outcome.failure().describe(), {}});
            return {};
        }
        return std::move(outcome.value());
    }

    const PluginHost& host_;
    std::string plugin_id_;
    std::optional<CouncilProfile> profile_;
    std::vector<std::string> bank_holidays_;
};

}  // namespace

std::shared_ptr<const FormExtension> plugin_form_extension(const PluginHost& host, const std::string& plugin_id,
                                                           const CouncilProfile* profile) {
    const auto* plugin = host.find(plugin_id);
    // check_record and the rest exist only in the vtables of plugins built for SDK 1.4 or later.
    if (!plugin || sdk::sdk_minor(plugin->info().sdk_version) < 4) return nullptr;
    return std::make_shared<PluginFormExtension>(host, plugin_id, profile);
}

}  // namespace formwork::forms
