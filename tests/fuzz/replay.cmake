# The fuzz targets' regressions and seeds, replayed by the ordinary build's CTest: each target's
# entry function, compiled with the rest of this build (GCC, or GCC with ASan and UBSan under
# FORMWORK_SANITIZE), run over tests/fuzz/regressions/<target>/ and the target's seeds by
# replay_main.cpp. Included from tests/CMakeLists.txt; docs/fuzzing.md.
include("${CMAKE_CURRENT_LIST_DIR}/targets.cmake")

foreach(target IN LISTS FORMWORK_FUZZ_TARGETS)
  add_executable(fuzz_replay_${target} "${CMAKE_CURRENT_LIST_DIR}/${target}_fuzz.cpp"
                 "${CMAKE_CURRENT_LIST_DIR}/replay_main.cpp")
  target_link_libraries(fuzz_replay_${target} PRIVATE formwork::host formwork::warnings ${FORMWORK_FUZZ_LIBRARIES_${target}})
  target_compile_definitions(fuzz_replay_${target} PRIVATE FORMWORK_FUZZ_PLUGIN_DIR="${FORMWORK_PLUGIN_OUTPUT_DIR}")
  add_dependencies(fuzz_replay_${target} approvals attendance eia questions)
  add_test(NAME "fuzz: the ${target} target runs clean over its regressions and seeds"
    COMMAND fuzz_replay_${target} "${CMAKE_CURRENT_LIST_DIR}/regressions/${target}" ${FORMWORK_FUZZ_SEEDS_${target}})
endforeach()
