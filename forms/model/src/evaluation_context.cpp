#include <formwork/model/definition.hpp>
#include <formwork/model/evaluation_context.hpp>
#include <formwork/model/record.hpp>

#include <stdexcept>

namespace formwork::forms {

namespace {

constexpr std::array<const char*, 3> names{"status", "user", "today"};

}  // namespace

RuleVariables::RuleVariables() {
    for (const char* name : names) set_.add(name, pugi::xpath_type_string);
}

EvaluationContext::EvaluationContext(const FormDefinition& form, const RuleBindings& bindings)
    : variables_(form.variables ? *form.variables
                                : throw std::logic_error("form '" + form.id + "' was not made by the definition loader")),
      held_(variables_.lock_) {
    const std::array<std::string, 3> values{bindings.status, bindings.user,
                                            bindings.today.empty() ? today_iso_date() : bindings.today};
    for (std::size_t i = 0; i < names.size(); ++i) {
        auto* variable = variables_.set_.get(names[i]);
        outer_[i] = variable->get_string();
        variable->set(values[i].c_str());
    }
}

EvaluationContext::~EvaluationContext() {
    for (std::size_t i = 0; i < names.size(); ++i) variables_.set_.get(names[i])->set(outer_[i].c_str());
}

}  // namespace formwork::forms
