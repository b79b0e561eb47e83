# The layering of DESIGN.md, enforced by the build rather than by review:
#  - engine targets must not link wxWidgets (so no wx include path reaches them);
#  - plugin targets link the SDK and nothing else of ours;
#  - every build runs scripts/check-layering.sh over the sources' #include lines.
function(formwork_check_layering)
  cmake_parse_arguments(LAYER "" "" "ENGINE;PLUGINS" ${ARGN})
  foreach(target IN LISTS LAYER_ENGINE)
    get_target_property(links ${target} LINK_LIBRARIES)
    get_target_property(interface_links ${target} INTERFACE_LINK_LIBRARIES)
    foreach(link IN LISTS links interface_links)
      if(link MATCHES "wx_|wxWidgets|gtk")
        message(FATAL_ERROR "Layering: engine target ${target} links ${link}; the engine must not depend on wxWidgets")
      endif()
    endforeach()
  endforeach()
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
    COMMENT "Checking that the engine includes no wx header and plugins see only the SDK"
    VERBATIM)
endfunction()
