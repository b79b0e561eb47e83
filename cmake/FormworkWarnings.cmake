# Warnings are on for every target of ours and, by default, errors: a warning left in
# the tree hides the next one.
add_library(formwork_warnings INTERFACE)
target_compile_options(formwork_warnings INTERFACE
  -Wall -Wextra -Wpedantic -Wshadow -Wconversion -Wsign-conversion
  -Wnon-virtual-dtor -Woverloaded-virtual -Wold-style-cast -Wcast-align
  -Wformat=2 -Wimplicit-fallthrough
  # GCC 12 reports some std::string concatenations, once inlined, as overlapping copies
  # (GCC bug 105329, a false positive in libstdc++'s own code).
  $<$<CXX_COMPILER_ID:GNU>:-Wno-restrict>
  $<$<BOOL:${FORMWORK_WERROR}>:-Werror>)
add_library(formwork::warnings ALIAS formwork_warnings)
