#include "store_corpus.hpp"

#include "sample_words.hpp"

#include <formwork/model/record.hpp>
#include <formwork/model/string_writer.hpp>

#include <cstdio>
#include <stdexcept>

namespace formwork::bench {

namespace forms = formwork::forms;

GeneratedForm generate_store_form() {
    return generate_form(store_fields, store_sections, store_rules, store_form_id, "concat(f001, ': ', f007)");
}

std::string timestamp(std::time_t seconds) {
    std::tm parts{};
    gmtime_r(&seconds, &parts);
    char buffer[32];
    return std::string(buffer, std::strftime(buffer, sizeof buffer, "%Y-%m-%dT%H:%M:%SZ", &parts));
}

Corpus generate_records(const forms::FormDefinition& form, const GeneratedForm& generated, std::size_t count) {
    Corpus corpus;
    corpus.files.reserve(count);
    corpus.ids.reserve(count);
    constexpr std::time_t start = 1577836800;  // 2020-01-01T00:00:00Z
    for (std::size_t i = 0; i < count; ++i) {
        const auto modified = start + static_cast<std::time_t>(i) * 900;
        auto record = forms::new_record(form, store_user, timestamp(modified));
        for (const auto& [path, value] : generated.values) {
            std::string typed = value;
            if (path == "f001") {
                char reference[16];
                std::snprintf(reference, sizeof reference, "%05zu", i % 100000);
                typed = std::string("Application 24/") + reference + "/FUL at " + std::to_string(i % 97 + 1) + " " +
                        streets[i % streets.size()];
            } else if (path == "f007") {
                typed = applicants[i / 3 % applicants.size()];
            } else if (path == "f013") {
                typed = works[i / 7 % works.size()];
            }
            if (const auto problem = forms::set_value(form, record, path, typed))
                throw std::runtime_error("the store's generated record refuses a value: " + problem->format());
        }
        auto& meta = record.meta;
        meta.created_at = timestamp(modified - static_cast<std::time_t>(i % 30) * 86400);
        const std::size_t phase = i % 20;
        const std::size_t status = phase < 8 ? 0 : phase < 15 ? 1 : 2;
        meta.status = statuses[status];
        if (status >= 1) meta.transitions.push_back({"draft", "complete", timestamp(modified - 3600), store_user});
        if (status >= 2) meta.transitions.push_back({"complete", "submitted", timestamp(modified), store_user});
        ++corpus.by_status[status];
        forms::StringWriter writer;
        forms::write_record(record, writer);
        corpus.ids.push_back(meta.id);
        corpus.files.emplace_back("record-" + std::to_string(i + 1) + ".xml", std::move(writer.text));
    }
    return corpus;
}

}  // namespace formwork::bench
