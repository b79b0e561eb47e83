// SDK 1.2. A read-only view of the stored records, for plugins whose domain reaches across
// records: a meeting's quorum needs its body, a year grid needs the meetings, an approval
// trail links to an EIA. Plugins read through this; only the host writes.
#pragma once

#include <boost/config.hpp>

#include <optional>
#include <string>
#include <vector>

namespace formwork::sdk {

struct RecordSummary {
    std::string id;
    std::string form_id;
    int form_version = 0;
    std::string status;
    std::string title;
    std::string modified_at;
};

class BOOST_SYMBOL_VISIBLE RecordQuery {
public:
    RecordQuery() = default;
    RecordQuery(const RecordQuery&) = delete;
    RecordQuery& operator=(const RecordQuery&) = delete;
    virtual ~RecordQuery();

    // Every record of a form, newest first.
    virtual std::vector<RecordSummary> records_of_form(const std::string& form_id) const = 0;
    // One record's summary, or nothing when no record has that id.
    virtual std::optional<RecordSummary> summary(const std::string& id) const = 0;
    // One record's instance (the form's element, without the metadata header) as XML text.
    virtual std::optional<std::string> instance_xml(const std::string& id) const = 0;
};

}  // namespace formwork::sdk
