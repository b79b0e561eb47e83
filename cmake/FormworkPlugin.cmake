# formwork_add_plugin(<name> OUTPUT_DIRECTORY <dir> SOURCES <files>...)
# A plugin is a MODULE library that links the SDK and nothing else of ours, built with
# the same flags as the host. It finds libformwork-sdk.so two folders up, as laid out
# in both the build tree and an installed tree (lib/formwork/plugins -> lib).
function(formwork_add_plugin name)
  cmake_parse_arguments(PLUGIN "" "OUTPUT_DIRECTORY" "SOURCES" ${ARGN})
  if(NOT PLUGIN_OUTPUT_DIRECTORY)
    set(PLUGIN_OUTPUT_DIRECTORY "${FORMWORK_PLUGIN_OUTPUT_DIR}")
  endif()
  add_library(${name} MODULE ${PLUGIN_SOURCES})
  target_link_libraries(${name} PRIVATE formwork::sdk formwork::warnings)
  set_target_properties(${name} PROPERTIES
    PREFIX ""
    LIBRARY_OUTPUT_DIRECTORY "${PLUGIN_OUTPUT_DIRECTORY}"
    BUILD_RPATH "$ORIGIN/../.."
    INSTALL_RPATH "$ORIGIN/../..")
  # A plugin in the program's plugin folder is linked with its install RUNPATH, as the
  # programs are (FormworkRunPath.cmake): CMake would otherwise add the build tree's lib folder
  # with a trailing ':', an empty entry that searches the current directory.
  if(PLUGIN_OUTPUT_DIRECTORY STREQUAL FORMWORK_PLUGIN_OUTPUT_DIR)
    set_target_properties(${name} PROPERTIES BUILD_WITH_INSTALL_RPATH ON)
  endif()
  # An undefined symbol in a plugin is a link error now, not a refusal at load. Not in the fuzz
  # build: clang leaves a plugin's sanitizer calls for the fuzz target's runtime to resolve.
  if(NOT FORMWORK_FUZZ)
    target_link_options(${name} PRIVATE "-Wl,--no-undefined")
  endif()
endfunction()
