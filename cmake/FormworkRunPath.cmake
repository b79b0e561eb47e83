# Where Formwork's programs find libformwork-sdk: by $ORIGIN, in ../lib, in the build tree and
# when installed alike (DESIGN.md: every RUNPATH entry is absolute or starts with $ORIGIN, and
# none is empty).
#
# The programs are linked with their install RUNPATH. Left to itself, CMake links an installed
# target with the build tree's absolute path and a trailing ':' (room for the rewrite at install
# time), and an empty entry is the current directory: a libxlsxwriter.so.4 in the folder someone
# ran build/bin/formwork-cli from would be loaded and run.
function(formwork_program_runpath target)
  set(runpath "$ORIGIN/../lib")
  if(NOT CMAKE_INSTALL_LIBDIR STREQUAL "lib")
    list(APPEND runpath "$ORIGIN/../${CMAKE_INSTALL_LIBDIR}")
  endif()
  set_target_properties(${target} PROPERTIES BUILD_WITH_INSTALL_RPATH ON INSTALL_RPATH "${runpath}")
endfunction()
