# formwork_embed_files(<target> FUNCTION <qualified name> FILES <files>...)
# Compiles files into <target> as a function returning
# std::vector<formwork::sdk::EmbeddedFile>, regenerated whenever a file changes. A plugin
# carries its definitions and samples inside its one library, so they cannot be lost or
# mismatched with its code.
function(formwork_embed_files target)
  cmake_parse_arguments(EMBED "" "FUNCTION" "FILES" ${ARGN})
  string(MAKE_C_IDENTIFIER "${EMBED_FUNCTION}" stem)
  set(output "${CMAKE_CURRENT_BINARY_DIR}/${target}_${stem}.cpp")
  set(inputs)
  foreach(file IN LISTS EMBED_FILES)
    get_filename_component(absolute "${file}" ABSOLUTE)
    list(APPEND inputs "${absolute}")
  endforeach()
  list(JOIN inputs "|" joined_inputs)
  add_custom_command(
    OUTPUT "${output}"
    COMMAND "${CMAKE_COMMAND}" "-DOUTPUT=${output}" "-DFUNCTION=${EMBED_FUNCTION}" "-DFILES=${joined_inputs}"
            -P "${FORMWORK_EMBED_SCRIPT}"
    DEPENDS ${inputs} "${FORMWORK_EMBED_SCRIPT}"
    COMMENT "Embedding ${target}'s files"
    VERBATIM)
  target_sources(${target} PRIVATE "${output}")
endfunction()
set(FORMWORK_EMBED_SCRIPT "${CMAKE_CURRENT_LIST_DIR}/embed_files.cmake")
