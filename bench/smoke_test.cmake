# Runs a benchmark with --quick (cmake -DBENCH=command -P smoke_test.cmake; BENCH may be a
# list, e.g. scripts/under_xvfb.sh first) and checks that it exits 0 and prints every row
# of its table (-DROWS=a;b to name them; formwork_bench's by default). Timings are never checked.
execute_process(COMMAND ${BENCH} --quick
  RESULT_VARIABLE result OUTPUT_VARIABLE output ERROR_VARIABLE errors)
message("${output}${errors}")
if(NOT result EQUAL 0)
  message(FATAL_ERROR "${BENCH} --quick failed (${result})")
endif()
set(expected_rows "validate_record:" "pugixml alone" "add_plugin_forms:" "load_form_definition:" "Scaling"
            "read_record:" "write_record:" "round trip" "store import:" "raw SQLite:"
            "store list: form + status" "store list: text" "store list: title sort, deep page"
            "store list: status sort, deep page" "store list: 2-letter text" "store load:" "store update:"
            "store verify_trail:" "workbook export:" "libxlsxwriter alone:" "workbook export peak memory:"
            "XML write:" "XML export run():" "XML export peak memory:" "store scan alone:"
            "record files, import" "-record workbook, plan + apply" "plan_workbook_import alone"
            "apply_workbook_import alone" "workbook / record files")
if(DEFINED ROWS)
  set(expected_rows ${ROWS})
endif()
foreach(row IN LISTS expected_rows)
  string(FIND "${output}" "${row}" at)
  if(at EQUAL -1)
    message(FATAL_ERROR "${BENCH} --quick printed no '${row}' row")
  endif()
endforeach()
