# Warnings are on for every target of ours and, by default, errors: a warning left in
# the tree hides the next one.
add_library(formwork_warnings INTERFACE)
target_compile_options(formwork_warnings INTERFACE
  -Wall -Wextra -Wpedantic -Wshadow -Wconversion -Wsign-conversion
  -Wnon-virtual-dtor -Woverloaded-virtual -Wold-style-cast -Wcast-align
  -Wformat=2 -Wimplicit-fallthrough
  $<$<BOOL:${FORMWORK_WERROR}>:-Werror>)
add_library(formwork::warnings ALIAS formwork_warnings)
