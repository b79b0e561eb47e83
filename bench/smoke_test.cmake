# Runs formwork_bench --quick (cmake -DBENCH=path -P smoke_test.cmake) and checks that it
# exits 0 and prints every row of its table. Timings are never checked.
execute_process(COMMAND "${BENCH}" --quick
  RESULT_VARIABLE result OUTPUT_VARIABLE output ERROR_VARIABLE errors)
message("${output}${errors}")
if(NOT result EQUAL 0)
  message(FATAL_ERROR "formwork_bench --quick failed (${result})")
endif()
foreach(row "validate_record:" "pugixml alone" "add_plugin_forms:" "load_form_definition:" "Scaling"
            "read_record:" "write_record:" "round trip" "store import:" "raw SQLite:"
            "store list: form + status" "store list: text" "store load:" "store update:"
            "store verify_trail:" "workbook export:" "libxlsxwriter alone:" "workbook export peak memory:"
            "XML write:" "XML export run():" "XML export peak memory:" "store scan alone:")
  string(FIND "${output}" "${row}" at)
  if(at EQUAL -1)
    message(FATAL_ERROR "formwork_bench --quick printed no '${row}' row")
  endif()
endforeach()
