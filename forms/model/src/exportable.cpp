#include <formwork/model/evaluation_context.hpp>
#include <formwork/model/exportable.hpp>
#include <formwork/model/string_writer.hpp>
#include <formwork/model/validator.hpp>
#include <formwork/model/xml_input.hpp>

#include <formwork/model/instance_walker.hpp>

#include <algorithm>
#include <cstring>

namespace formwork::forms {

namespace {

// Finds what exportable_instance removes, walking the record's own instance the way it
// walks its copy: relevance first (the shared InstanceWalker, over what exports carry),
// then the elements of parts switched off or unpublished, each the first child of that
// name not already left out (as remove_child by name does on the copy).
class Finder {
public:
    Finder(const FormDefinition& form, const Record& record, std::vector<pugi::xml_node>& out)
        : form_(form), record_(record), instance_(record.instance()), out_(out) {}

    void find() {
        InstanceWalker(form_, instance_)
            .scope(InstanceWalker::Scope::exported)
            .without_paths()
            .before_first_evaluation([this] {
                // As exportable_instance binds them: the record's status, no user, today.
                context_.emplace(form_, RuleBindings{record_.meta.status, {}, {}});
            })
            .visit([this](const Node&, pugi::xml_node element, const std::string&, bool relevant) {
                if (!relevant) out_.push_back(element);
            });
        disabled(form_.items, instance_);
    }

private:
    bool left_out(pugi::xml_node node) const { return std::find(out_.begin(), out_.end(), node) != out_.end(); }

    pugi::xml_node first_kept(pugi::xml_node parent, const std::string& name) const {
        for (auto child = parent.child(name.c_str()); child; child = child.next_sibling(name.c_str()))
            if (!left_out(child)) return child;
        return {};
    }

    void remove_first(pugi::xml_node parent, const std::string& name) {
        if (const auto child = first_kept(parent, name)) out_.push_back(child);
    }

    void drop(const std::vector<Node>& items, pugi::xml_node parent) {
        for_each_element(items, [&](const Node& child) { remove_first(parent, child.id); });
    }

    void disabled(const std::vector<Node>& items, pugi::xml_node parent) {
        for (const auto& item : items) {
            if (item.kind == NodeKind::section) {
                if (!form_.exported(item))
                    drop(item.children, parent);
                else
                    disabled(item.children, parent);
            } else if (item.is_element()) {
                if (!form_.exported(item))
                    remove_first(parent, item.id);
                else if (item.kind == NodeKind::group)
                    disabled(item.children, first_kept(parent, item.id));
            }
        }
    }

    const FormDefinition& form_;
    const Record& record_;
    pugi::xml_node instance_;
    std::vector<pugi::xml_node>& out_;
    std::optional<EvaluationContext> context_;  // bound once some rule is evaluated
};

// What pugixml 1.13 escapes (its chartypex table): in element text every byte below 32
// but tab, line feed and carriage return, and & < >; in attribute values every byte below
// 32, and & < ". Bytes from 128 pass through as they are.
template <bool attribute>
bool special(unsigned char c) noexcept {
    if (c < 32) return attribute || (c != '\t' && c != '\n' && c != '\r');
    if (c == '&' || c == '<') return true;
    return attribute ? c == '"' : c == '>';
}

template <bool attribute>
void append_escaped(std::string& out, std::string_view text) {
    std::size_t start = 0;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const auto c = static_cast<unsigned char>(text[i]);
        if (!special<attribute>(c)) continue;
        out.append(text.data() + start, i - start);
        start = i + 1;
        switch (c) {
        case '&': out.append("&amp;"); break;
        case '<': out.append("&lt;"); break;
        case '>': out.append("&gt;"); break;
        case '"': out.append("&quot;"); break;
        default: {
            const char entity[] = {'&', '#', static_cast<char>('0' + c / 10), static_cast<char>('0' + c % 10), ';'};
            out.append(entity, sizeof entity);
        }
        }
    }
    out.append(text.data() + start, text.size() - start);
}

// Printable ASCII, tab, line feed and carriage return: text that XML 1.0 always allows.
bool plainly_allowed(std::string_view text) noexcept {
    for (const char ch : text) {
        const auto c = static_cast<unsigned char>(ch);
        if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c >= 0x7F) return false;
    }
    return true;
}

// pugixml's node_output, for elements and element text (the only nodes a stored instance
// holds): the same indentation state, skipping the elements left out.
class Printer {
public:
    Printer(const LeftOut& left_out, std::string& out) : left_out_(left_out), out_(out) {}

    // Whether print() met a node it does not print as pugixml would (CDATA, say): it then
    // stops, and what it wrote is to be discarded.
    bool unprintable() const noexcept { return unprintable_; }

    std::optional<TextProblem> print(pugi::xml_node root, unsigned depth) {
        unsigned flags = indent;
        auto node = root;
        do {
            if (node.type() != pugi::node_pcdata && node.type() != pugi::node_element) {
                unprintable_ = true;
                return std::nullopt;
            }
            if (node.type() == pugi::node_pcdata) {
                const std::string_view text = node.value();
                if (!plainly_allowed(text))
                    if (auto problem = xml_text_problem(text)) return TextProblem{node.parent().name(), std::move(*problem)};
                append_escaped<false>(out_, text);
                flags = 0;
            } else {
                if ((flags & newline) != 0) out_ += '\n';
                if ((flags & indent) != 0) out_.append(2 * static_cast<std::size_t>(depth), ' ');
                flags = newline | indent;
                out_ += '<';
                out_.append(node.name());
                for (auto attribute : node.attributes()) {
                    out_ += ' ';
                    out_.append(attribute.name());
                    out_.append("=\"");
                    append_escaped<true>(out_, attribute.value());
                    out_ += '"';
                }
                if (const auto child = first_kept(node)) {
                    out_ += '>';
                    node = child;
                    ++depth;
                    continue;
                }
                out_.append(" />");
            }
            while (node != root) {
                if (const auto sibling = next_kept(node)) {
                    node = sibling;
                    break;
                }
                node = node.parent();
                --depth;
                if ((flags & newline) != 0) out_ += '\n';
                if ((flags & indent) != 0) out_.append(2 * static_cast<std::size_t>(depth), ' ');
                out_.append("</");
                out_.append(node.name());
                out_ += '>';
                flags = newline | indent;
            }
        } while (node != root);
        if ((flags & newline) != 0) out_ += '\n';
        return std::nullopt;
    }

private:
    static constexpr unsigned newline = 1;
    static constexpr unsigned indent = 2;

    bool kept(pugi::xml_node node) const { return left_out_.empty() || !left_out_.contains(node); }
    pugi::xml_node first_kept(pugi::xml_node node) const {
        auto child = node.first_child();
        while (child && !kept(child)) child = child.next_sibling();
        return child;
    }
    pugi::xml_node next_kept(pugi::xml_node node) const {
        auto sibling = node.next_sibling();
        while (sibling && !kept(sibling)) sibling = sibling.next_sibling();
        return sibling;
    }

    const LeftOut& left_out_;
    std::string& out_;
    bool unprintable_ = false;
};

// The text of every element below `node`, checked as the printer checks it.
std::optional<TextProblem> check_texts(pugi::xml_node node) {
    for (auto child : node.children()) {
        if (child.type() == pugi::node_pcdata || child.type() == pugi::node_cdata) {
            if (auto problem = xml_text_problem(child.value())) return TextProblem{node.name(), std::move(*problem)};
        } else if (child.type() == pugi::node_element) {
            if (auto problem = check_texts(child)) return problem;
        }
    }
    return std::nullopt;
}

// What pugixml printed of an instance holds nothing XML 1.0 forbids when it holds no
// control character but tab, line feed and carriage return (raw, or escaped as &#NN;,
// the only numeric references pugixml writes), and no byte from 128 (checked as UTF-8 when
// there is one). Otherwise the printer looks again, value by value, to name the element.
bool printed_plainly(std::string_view printed) noexcept {
    // Written so that the compiler can check many bytes at a time: no branch in the loop.
    unsigned char high = 0;
    unsigned char control = 0;
    const auto* bytes = reinterpret_cast<const unsigned char*>(printed.data());
    for (std::size_t i = 0; i < printed.size(); ++i) {
        const unsigned char c = bytes[i];
        high = static_cast<unsigned char>(high | c);
        control = static_cast<unsigned char>(control | ((c < 0x20) & (c != '\t') & (c != '\n') & (c != '\r')));
    }
    if (control != 0) return false;
    if (printed.find("&#") != std::string_view::npos) return false;
    return (high & 0x80) == 0 || !xml_text_problem(printed);
}

class AppendWriter final : public pugi::xml_writer {
public:
    explicit AppendWriter(std::string& out) : out_(out) {}
    void write(const void* data, size_t size) override { out_.append(static_cast<const char*>(data), size); }

private:
    std::string& out_;
};

bool leaves_out(const FormDefinition& form, const std::vector<Node>& items) {
    for (const auto& item : items)
        if (item.relevant || !form.exported(item) || leaves_out(form, item.children)) return true;
    return false;
}

}  // namespace

bool may_leave_out(const FormDefinition& form) { return leaves_out(form, form.items); }

LeftOut::LeftOut(const FormDefinition& form, const Record& record) { Finder(form, record, nodes_).find(); }

bool LeftOut::contains(pugi::xml_node node) const noexcept {
    return std::find(nodes_.begin(), nodes_.end(), node) != nodes_.end();
}

void append_xml_text(std::string& out, std::string_view text) { append_escaped<false>(out, text); }

void append_xml_attribute(std::string& out, std::string_view text) { append_escaped<true>(out, text); }

std::optional<TextProblem> append_exportable_instance(const FormDefinition& form, const Record& record,
                                                      const LeftOut& left_out, unsigned depth, std::string& out) {
    const auto start = out.size();
    if (left_out.empty()) {
        // Nothing to leave out: the instance is its own exportable copy, and pugixml prints
        // it. What it printed is checked as a whole; anything unusual is looked at again
        // below, value by value.
        AppendWriter writer(out);
        record.instance().print(writer, "  ", pugi::format_default, pugi::encoding_utf8, depth);
        if (printed_plainly(std::string_view(out).substr(start))) return std::nullopt;
        out.resize(start);
    }
    Printer printer(left_out, out);
    auto problem = printer.print(record.instance(), depth);
    if (!printer.unprintable()) return problem;
    out.resize(start);
    // Anything else (CDATA, which no program of ours writes into a record): the copy,
    // printed by pugixml itself.
    const auto copy = exportable_instance(form, record);
    if (auto found = check_texts(copy)) return found;
    StringWriter writer;
    copy.document_element().print(writer, "  ", pugi::format_default, pugi::encoding_utf8, depth);
    out += writer.text;
    return std::nullopt;
}

}  // namespace formwork::forms
