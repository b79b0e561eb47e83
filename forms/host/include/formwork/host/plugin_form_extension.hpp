// The form extension that a plugin brings, for the registry to give each of its forms.
#pragma once

#include <formwork/host/plugin_host.hpp>
#include <formwork/model/council_profile.hpp>
#include <formwork/model/form_extension.hpp>

#include <memory>
#include <string>

namespace formwork::forms {

// The extension for the forms of plugin `plugin_id`, or null when the plugin was built for an
// SDK before 1.4 and so has none. It finds the plugin in `host` at each call: the host must
// outlive every definition that carries the extension. What the plugin needs of the council
// profile (its settings and bank holidays) is copied in now.
std::shared_ptr<const FormExtension> plugin_form_extension(const PluginHost& host, const std::string& plugin_id,
                                                           const CouncilProfile* profile);

}  // namespace formwork::forms
