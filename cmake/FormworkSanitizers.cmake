# FORMWORK_SANITIZE builds the host, the plugins and the tests with AddressSanitizer and
# UBSan together: a plugin must be built the same way as the host that loads it.
if(FORMWORK_SANITIZE)
  add_compile_options(-fsanitize=address,undefined -fno-omit-frame-pointer
                      -fno-sanitize-recover=undefined)
  add_link_options(-fsanitize=address,undefined)
endif()
