#include "impact_views.hpp"

#include "impact_table.hpp"

#include <array>
#include <map>
#include <stdexcept>
#include <string>

namespace formwork::plugins::eia {

namespace {

struct AssessedRecord {
    std::string id;
    std::string title;
    std::vector<RatedCharacteristic> rows;
};

std::vector<AssessedRecord> read_records(const sdk::ViewRequest& request) {
    if (request.records == nullptr) throw std::invalid_argument("the EIA views need the stored records to read");
    std::vector<AssessedRecord> records;
    records.reserve(request.record_ids.size());
    for (const auto& id : request.record_ids) {
        const auto xml = request.records->instance_xml(id);
        if (!xml) throw std::runtime_error("record " + id + " is in scope but not stored");
        pugi::xml_document document;
        if (const auto parsed = document.load_buffer(xml->data(), xml->size()); !parsed)
            throw std::runtime_error("record " + id + " could not be read at offset " + std::to_string(parsed.offset) +
                                     ": " + parsed.description());
        const auto instance = document.document_element();
        records.push_back({id, instance.child("title").text().get(), read_impacts(instance)});
    }
    return records;
}

std::string plural(std::size_t count, const std::string& one, const std::string& many) {
    return std::to_string(count) + " " + (count == 1 ? one : many);
}

// Rows: characteristics; columns: the five impact types and "not rated". Each cell counts the
// records that gave the characteristic that impact, coloured by the impact's class.
sdk::SheetView matrix(const std::vector<AssessedRecord>& records) {
    sdk::SheetView view;
    view.name = "Impact matrix";
    view.title = "Equality impacts: protected characteristics by impact type";
    const auto& types = impact_types();
    std::vector<sdk::Cell> groups(types.size() + 2, sdk::Cell{});
    groups[1] = sdk::Cell::of_text("Impact type");
    view.header_rows.push_back(std::move(groups));
    view.merged_headings.push_back({0, 1, types.size(), "Impact type"});
    std::vector<sdk::Cell> labels{sdk::Cell::of_text("Characteristic")};
    for (const auto& type : types) labels.push_back(sdk::Cell::of_text(std::string(type.label)));
    labels.push_back(sdk::Cell::of_text("Not rated"));
    view.header_rows.push_back(std::move(labels));

    // A characteristic appears when any record in scope has its row: the further ones only
    // where a council has switched them on.
    std::string described;
    for (const auto& characteristic : characteristics()) {
        std::map<std::string, int> counts;
        bool present = false;
        for (const auto& record : records)
            for (const auto& row : record.rows)
                if (row.characteristic == &characteristic) {
                    present = true;
                    ++counts[row.code];
                }
        if (!present) continue;
        std::vector<sdk::Cell> cells{sdk::Cell::of_text(std::string(characteristic.label))};
        std::string rated;
        for (const auto& type : types) {
            const int count = counts[std::string(type.code)];
            cells.push_back(count == 0 ? sdk::Cell{} : sdk::Cell::of_number(count, std::string(type.style)));
            if (count > 0) rated += (rated.empty() ? "" : ", ") + std::string(type.code) + (records.size() > 1 ? " " + std::to_string(count) : "");
        }
        const int unrated = counts[""];
        cells.push_back(unrated == 0 ? sdk::Cell{} : sdk::Cell::of_number(unrated));
        if (unrated > 0) rated += (rated.empty() ? "" : ", ") + std::string("not rated") + (records.size() > 1 ? " " + std::to_string(unrated) : "");
        view.rows.push_back(std::move(cells));
        described += std::string(characteristic.label) + ": " + rated + ". ";
    }
    view.text_alternative = "Impact matrix of " + plural(records.size(), "assessment", "assessments") +
                            ", each protected characteristic with the impact types given. " + described;
    return view;
}

sdk::SheetView summary(const std::vector<AssessedRecord>& records) {
    sdk::SheetView view;
    view.name = "Impact summary";
    view.title = "Equality impacts: how many ratings of each type";
    view.header_rows.push_back({sdk::Cell::of_text("Impact type"), sdk::Cell::of_text("Code"), sdk::Cell::of_text("Ratings"),
                                sdk::Cell::of_text("Assessments with it")});
    std::string described;
    for (const auto& type : impact_types()) {
        int ratings = 0;
        int assessments = 0;
        for (const auto& record : records) {
            int here = 0;
            for (const auto& row : record.rows) here += row.code == type.code ? 1 : 0;
            ratings += here;
            assessments += here > 0 ? 1 : 0;
        }
        view.rows.push_back({sdk::Cell::of_text(std::string(type.label), std::string(type.style)),
                             sdk::Cell::of_text(std::string(type.code)), sdk::Cell::of_number(ratings),
                             sdk::Cell::of_number(assessments)});
        described += std::string(type.label) + ": " + std::to_string(ratings) + ". ";
    }
    view.text_alternative = "Ratings of each impact type over " + plural(records.size(), "assessment", "assessments") + ". " + described;
    return view;
}

// Every negative impact (N or PN) with the mitigation given; one with no text is unmitigated.
sdk::SheetView negatives(const std::vector<AssessedRecord>& records) {
    sdk::SheetView view;
    view.name = "Negative impacts";
    view.title = "Negative impacts, and those with no mitigation recorded";
    view.header_rows.push_back({sdk::Cell::of_text("Assessment"), sdk::Cell::of_text("Characteristic"),
                                sdk::Cell::of_text("Impact type"), sdk::Cell::of_text("Mitigated"),
                                sdk::Cell::of_text("Nature of impact and any mitigations required"),
                                sdk::Cell::of_text("Record id")});
    std::size_t unmitigated = 0;
    std::string described;
    for (const auto& record : records)
        for (const auto& row : record.rows) {
            if (row.code != "N" && row.code != "PN") continue;
            const bool mitigated = !row.nature.empty();
            unmitigated += mitigated ? 0 : 1;
            view.rows.push_back({sdk::Cell::of_text(record.title), sdk::Cell::of_text(std::string(row.characteristic->label)),
                                 sdk::Cell::of_text(row.code, std::string(impact_type(row.code)->style)),
                                 sdk::Cell::of_boolean(mitigated, mitigated ? "" : "impact-negative"),
                                 sdk::Cell::of_text(row.nature), sdk::Cell::of_text(record.id)});
            if (!mitigated) described += record.title + ": " + std::string(row.characteristic->label) + ". ";
        }
    view.text_alternative = plural(view.rows.size(), "negative impact", "negative impacts") + ", " +
                            plural(unmitigated, "with no mitigation recorded", "with no mitigation recorded") +
                            (described.empty() ? "." : ": " + described);
    return view;
}

}  // namespace

std::vector<sdk::SheetView> impact_views(const sdk::ViewRequest& request) {
    if (request.form_id != "eia") return {};
    const auto records = read_records(request);
    return {matrix(records), summary(records), negatives(records)};
}

}  // namespace formwork::plugins::eia
