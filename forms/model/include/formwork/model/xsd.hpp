// Definition to XSD: the schema of a form's record files, and of a submission envelope
// holding records of several forms. See docs/xml-formats.md.
#pragma once

#include <formwork/model/definition.hpp>

#include <pugixml.hpp>

#include <vector>

namespace formwork::forms {

// The XSD for record files of `form` (docs/records.md), as configured by the council
// profile the form was loaded with (optional parts, configurable lists).
void write_form_xsd(const FormDefinition& form, pugi::xml_writer& out);

// The XSD for a submission envelope holding records of any of `forms`.
void write_submission_xsd(const std::vector<FormDefinitionPtr>& forms, pugi::xml_writer& out);

}  // namespace formwork::forms
