// The exportable form of a record, read straight from the record's own instance: what
// exportable_instance (validator.hpp) makes as a copy, without copying. Exports read every
// record once, so this is their hot path: the elements an export leaves out are found
// (usually none), and the instance is printed, or its values read, skipping them.
#pragma once

#include <formwork/model/definition.hpp>
#include <formwork/model/record.hpp>

#include <pugixml.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace formwork::forms {

// The elements of `record`'s instance that exportable_instance removes from its copy:
// fields that are not relevant (relevance evaluated as validation does, with $status the
// record's own) and the elements of parts the council has switched off. In document
// order of discovery; empty for most records. The nodes are the record's own: they stay
// valid while the record does.
class LeftOut {
public:
    LeftOut() = default;
    LeftOut(const FormDefinition& form, const Record& record);

    bool empty() const noexcept { return nodes_.empty(); }
    const std::vector<pugi::xml_node>& nodes() const noexcept { return nodes_; }
    // Whether this very element is left out (not whether an ancestor is).
    bool contains(pugi::xml_node node) const noexcept;

private:
    std::vector<pugi::xml_node> nodes_;
};

// Whether an export of `form` can ever leave anything out of a record: some node has a
// relevance condition, or some part is switched off. When not, every LeftOut of it is
// empty, and need not be looked for.
bool may_leave_out(const FormDefinition& form);

// Text as pugixml 1.13 prints it (escaped for element text, or for a double-quoted
// attribute value), appended to `out`.
void append_xml_text(std::string& out, std::string_view text);
void append_xml_attribute(std::string& out, std::string_view text);

// A text that XML 1.0 cannot hold, found while printing: the name of the element holding
// it, and xml_text_problem's words.
struct TextProblem {
    std::string element;
    std::string problem;
};

// Appends the record's exportable instance to `out` exactly as pugixml prints
// exportable_instance(form, record).document_element() with
// print(writer, "  ", pugi::format_default, pugi::encoding_utf8, depth), leaving out the
// elements in `left_out`. Every text is checked with xml_text_problem on its way: the first
// that fails is returned, and `out` then holds part of the instance (discard it).
std::optional<TextProblem> append_exportable_instance(const FormDefinition& form, const Record& record,
                                                      const LeftOut& left_out, unsigned depth, std::string& out);

}  // namespace formwork::forms
