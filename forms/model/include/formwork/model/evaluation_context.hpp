// What a form's rules read as $user, $status and $today during one evaluation.
//
// pugixml resolves a `$name` to a variable object when it compiles a query, and every rule of
// a definition is compiled once, when it loads, against that definition's RuleVariables. So
// an evaluation binds those variables, and an EvaluationContext does it for its own lifetime
// only: it holds the variables' lock meanwhile, so that no other evaluation of the same
// definition (on another thread) sees or changes its values, and when it ends it puts back
// the values it found, so that a context made inside another (a plugin's check during
// validation) leaves the outer one as it was. No one else sets the variables.
#pragma once

#include <pugixml.hpp>

#include <array>
#include <mutex>
#include <string>

namespace formwork::forms {

class FormDefinition;

// The values of one evaluation. An empty `today` is today's date (YYYY-MM-DD, local time).
struct RuleBindings {
    std::string status;
    std::string user;
    std::string today;
};

class RuleVariables {
public:
    RuleVariables();
    RuleVariables(const RuleVariables&) = delete;
    RuleVariables& operator=(const RuleVariables&) = delete;

    // The set to compile a definition's rules against, while it loads.
    pugi::xpath_variable_set* compile_set() noexcept { return &set_; }

private:
    friend class EvaluationContext;
    pugi::xpath_variable_set set_;
    std::recursive_mutex lock_;
};

class EvaluationContext {
public:
    EvaluationContext(const FormDefinition& form, const RuleBindings& bindings);
    ~EvaluationContext();
    EvaluationContext(const EvaluationContext&) = delete;
    EvaluationContext& operator=(const EvaluationContext&) = delete;

private:
    RuleVariables& variables_;
    std::unique_lock<std::recursive_mutex> held_;
    std::array<std::string, 3> outer_;  // the values found: $status, $user, $today
};

}  // namespace formwork::forms
