# The PostgreSQL backend's tests, against a real server: a throwaway cluster on loopback
# (scripts/pg_test_cluster.sh, in the build tree) started and stopped as a CTest fixture,
# reached over TLS only (verify-full, against the CA the script makes), with the roles of
# docs/store.md: the tests' stores log in as an officer, the databases' owner makes the tables.
# The store tests (record_store_test.cpp, locked_record_test.cpp) run again here with a "postgres/" prefix and
# FORMWORK_TEST_STORE naming the cluster, beside the tests only this backend has, and so do
# the engine tests whose records go through make_test_store. If the
# cluster cannot be set up, its setup test fails with the reason and the tests needing it
# are not run: CTest reports them as failed, never skipped silently.
set(pg_cluster_dir "${CMAKE_CURRENT_BINARY_DIR}/pg-cluster")
set(pg_cluster_script "${CMAKE_SOURCE_DIR}/scripts/pg_test_cluster.sh")
add_test(NAME "postgres: start a throwaway cluster on loopback" COMMAND "${pg_cluster_script}" start "${pg_cluster_dir}")
add_test(NAME "postgres: stop the throwaway cluster" COMMAND "${pg_cluster_script}" stop "${pg_cluster_dir}")
set_tests_properties("postgres: start a throwaway cluster on loopback" PROPERTIES
  FIXTURES_SETUP postgres_cluster TIMEOUT 120 ENVIRONMENT_MODIFICATION "${test_environment}")
set_tests_properties("postgres: stop the throwaway cluster" PROPERTIES
  FIXTURES_CLEANUP postgres_cluster TIMEOUT 300 ENVIRONMENT_MODIFICATION "${test_environment}")
set(pg_test_environment ${test_environment} "FORMWORK_TEST_STORE=set:${pg_cluster_dir}/connection")

find_package(PostgreSQL REQUIRED)
# store_fixture.hpp makes the test databases with libpq.
target_link_libraries(formwork_engine_tests PRIVATE PostgreSQL::PostgreSQL)
target_link_libraries(formwork_store_test_cases PRIVATE PostgreSQL::PostgreSQL)
# The store's shared tests (formwork_store_test_cases) and the two only the server has.
add_executable(formwork_store_tests store/postgres_store_test.cpp store/postgres_erasure_test.cpp)
target_include_directories(formwork_store_tests PRIVATE support)
target_compile_definitions(formwork_store_tests PRIVATE ${test_paths})
target_link_libraries(formwork_store_tests PRIVATE formwork_store_test_cases formwork::host formwork::store formwork::warnings
                      formwork_test_code Catch2::Catch2WithMain
                      PostgreSQL::PostgreSQL)
catch_discover_tests(formwork_store_tests TEST_PREFIX "postgres/" TEST_LIST formwork_store_tests_list EXTRA_ARGS --warn NoTests)
set_discovered_test_properties(formwork_store_tests_list "${pg_test_environment}"
  FIXTURES_REQUIRED postgres_cluster TIMEOUT 120 PROCESSORS 2)

# The engine tests that keep records through make_test_store (edit sessions, the plugins'
# forms), once more with the server as their store.
set(pg_engine_files "[#edit_session_test],[#eia_plugin_test],[#approvals_plugin_test],[#attendance_plugin_test],[#table_paste_test]")
add_test(NAME "postgres: the edit session and plugin tests, with the server as their store"
  COMMAND $<TARGET_FILE:formwork_engine_tests> "-#" "${pg_engine_files}")
set_tests_properties("postgres: the edit session and plugin tests, with the server as their store" PROPERTIES
  FIXTURES_REQUIRED postgres_cluster TIMEOUT 300 ENVIRONMENT_MODIFICATION "${pg_test_environment}")

# copy-db makes the target's tables: the owner's work.
add_test(NAME "postgres: copy-db copies a local database to the server, and verify-trail gives the same head digest"
  COMMAND "${CMAKE_CURRENT_SOURCE_DIR}/cli/copy_db_test.sh" $<TARGET_FILE:formwork-cli> "${pg_cluster_dir}/owner_connection"
          "${CMAKE_SOURCE_DIR}/profiles/coventry.profile.xml")
set_tests_properties("postgres: copy-db copies a local database to the server, and verify-trail gives the same head digest"
  PROPERTIES FIXTURES_REQUIRED postgres_cluster TIMEOUT 120 ENVIRONMENT_MODIFICATION "${test_environment}")
add_test(NAME "postgres: upgrade-db makes the tables as the owner and grants them, and an officer is told to ask the owner"
  COMMAND "${CMAKE_CURRENT_SOURCE_DIR}/cli/upgrade_db_test.sh" $<TARGET_FILE:formwork-cli> "${pg_cluster_dir}")
set_tests_properties("postgres: upgrade-db makes the tables as the owner and grants them, and an officer is told to ask the owner"
  PROPERTIES FIXTURES_REQUIRED postgres_cluster TIMEOUT 120 ENVIRONMENT_MODIFICATION "${test_environment}")

# The server stopped mid-save (pg_ctl stop -m immediate), then started again: on a cluster of
# its own, so the other PostgreSQL tests never see their server go.
set(pg_stop_cluster_dir "${CMAKE_CURRENT_BINARY_DIR}/pg-cluster-stopped")
add_test(NAME "postgres: start a second cluster, to be stopped mid-save"
  COMMAND "${pg_cluster_script}" start "${pg_stop_cluster_dir}")
add_test(NAME "postgres: stop the second cluster" COMMAND "${pg_cluster_script}" stop "${pg_stop_cluster_dir}")
add_test(NAME "postgres: the server stopped in the middle of a save, then restarted: a clear error, nothing half-written, a reconnect"
  COMMAND $<TARGET_FILE:formwork_store_tests> "[server-stop]")
set_tests_properties("postgres: start a second cluster, to be stopped mid-save" PROPERTIES
  FIXTURES_SETUP postgres_stopped_cluster TIMEOUT 120 ENVIRONMENT_MODIFICATION "${test_environment}")
set_tests_properties("postgres: stop the second cluster" PROPERTIES
  FIXTURES_CLEANUP postgres_stopped_cluster TIMEOUT 300 ENVIRONMENT_MODIFICATION "${test_environment}")
set_tests_properties("postgres: the server stopped in the middle of a save, then restarted: a clear error, nothing half-written, a reconnect"
  PROPERTIES FIXTURES_REQUIRED postgres_stopped_cluster TIMEOUT 120 ENVIRONMENT_MODIFICATION
  "${test_environment};FORMWORK_TEST_STORE=set:${pg_stop_cluster_dir}/connection;FORMWORK_TEST_CLUSTER=set:${pg_stop_cluster_dir};FORMWORK_TEST_CLUSTER_SCRIPT=set:${pg_cluster_script}")

# The CLI tests of withdrawing, copying and earlier revisions, again on a server database, as an
# officer (the database made and its tables granted by the owner).
foreach(cli_test IN ITEMS withdraw revisions)
  set(name "postgres: formwork-cli ${cli_test}_test.sh on a server database, as an officer")
  add_test(NAME "${name}" COMMAND "${CMAKE_CURRENT_SOURCE_DIR}/cli/${cli_test}_test.sh" $<TARGET_FILE:formwork-cli>
                                  "${pg_cluster_dir}/owner_connection")
  set_tests_properties("${name}" PROPERTIES FIXTURES_REQUIRED postgres_cluster TIMEOUT 120
                       ENVIRONMENT_MODIFICATION "${test_environment}")
endforeach()
