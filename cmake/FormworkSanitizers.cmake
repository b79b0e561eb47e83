# FORMWORK_SANITIZE builds the host, the plugins and the tests with AddressSanitizer and
# UBSan together: a plugin must be built the same way as the host that loads it.
if(FORMWORK_SANITIZE)
  add_compile_options(-fsanitize=address,undefined -fno-omit-frame-pointer
                      -fno-sanitize-recover=undefined)
  add_link_options(-fsanitize=address,undefined)
elseif(FORMWORK_FUZZ)
  # The fuzz build: the same sanitizers, and libFuzzer's coverage in the engine and the plugins;
  # only the targets link libFuzzer itself (tests/fuzz). clang links the sanitizer runtimes into
  # the executable alone, and the shared libraries find them there when they load.
  if(NOT CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
    message(FATAL_ERROR "FORMWORK_FUZZ needs clang (libFuzzer): configure with -DCMAKE_CXX_COMPILER=clang++-14")
  endif()
  add_compile_options(-fsanitize=address,undefined,fuzzer-no-link -fno-omit-frame-pointer
                      -fno-sanitize-recover=undefined)
  add_link_options(-fsanitize=address,undefined)
endif()
