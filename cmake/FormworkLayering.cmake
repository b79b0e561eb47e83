# The layering of DESIGN.md, enforced by the build rather than by review:
#  - engine targets must not link wxWidgets (so no wx include path reaches them);
#  - the model links neither the host nor the store, and the host not the store (so their
#    include paths never reach it: an #include of theirs does not compile);
#  - plugin targets link the SDK and nothing else of ours;
#  - every build runs scripts/check-layering.sh over the sources' #include lines.

# Fails the configure when `target` links (or passes on) a library matching the regular
# expression `forbidden`, with `why` in the message.
function(_formwork_refuse_links target forbidden why)
  get_target_property(links ${target} LINK_LIBRARIES)
  get_target_property(interface_links ${target} INTERFACE_LINK_LIBRARIES)
  foreach(link IN LISTS links interface_links)
    if(link MATCHES "${forbidden}")
      message(FATAL_ERROR "Layering: ${target} links ${link}; ${why}")
    endif()
  endforeach()
endfunction()

function(formwork_check_layering)
  cmake_parse_arguments(LAYER "" "MODEL;HOST" "ENGINE;PLUGINS" ${ARGN})
  foreach(target IN LISTS LAYER_ENGINE)
    _formwork_refuse_links(${target} "wx_|wxWidgets|gtk" "the engine must not depend on wxWidgets")
  endforeach()
  _formwork_refuse_links(${LAYER_MODEL} "^(formwork::host|formwork_host|formwork::store|formwork_store)$"
                         "the model knows neither the host nor the store")
  _formwork_refuse_links(${LAYER_HOST} "^(formwork::store|formwork_store)$" "the host does not know the store")
  foreach(target IN LISTS LAYER_PLUGINS)
    get_target_property(links ${target} LINK_LIBRARIES)
    foreach(link IN LISTS links)
      if(NOT link MATCHES "^(formwork::sdk|formwork::warnings)$")
        message(FATAL_ERROR "Layering: plugin ${target} links ${link}; plugins see only the SDK")
      endif()
    endforeach()
  endforeach()
  add_custom_target(layering_check ALL
    COMMAND "${CMAKE_SOURCE_DIR}/scripts/check-layering.sh" "${CMAKE_SOURCE_DIR}"
    COMMENT "Checking that the engine includes no wx header, the model no host or store header, the host no store header, and plugins see only the SDK"
    VERBATIM)
endfunction()
