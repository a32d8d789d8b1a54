# Building Windows sources the way users do: through ntio-cc.
#   ntio_add_driver(NAME SOURCES...)  -> ${CMAKE_CURRENT_BINARY_DIR}/NAME.sys
#   ntio_add_app(NAME SOURCES...)     -> ${CMAKE_CURRENT_BINARY_DIR}/NAME
set(NTIO_CC ${CMAKE_RUNTIME_OUTPUT_DIRECTORY}/ntio-cc)

function(_ntio_build kind name out)
  set(srcs)
  foreach(s ${ARGN})
    get_filename_component(abs ${s} ABSOLUTE)
    list(APPEND srcs ${abs})
  endforeach()
  set(flag "")
  if(kind STREQUAL "driver")
    set(flag -mdriver)
  endif()
  add_custom_command(
    OUTPUT ${out}
    COMMAND ${NTIO_CC} ${flag} -g -O2 -Wall -Werror -MD -MF ${out}.d -o ${out} ${srcs}
    DEPENDS ${srcs} ${NTIO_CC} ntoskrnl kernel32 ntio-incfix
            $<TARGET_NAME_IF_EXISTS:advapi32> $<TARGET_NAME_IF_EXISTS:msvcrt>
            $<TARGET_NAME_IF_EXISTS:cfgmgr32> $<TARGET_NAME_IF_EXISTS:setupapi>
    DEPFILE ${out}.d
    COMMENT "ntio-cc ${flag} ${name}"
    VERBATIM)
  add_custom_target(${name} ALL DEPENDS ${out})
endfunction()

function(ntio_add_driver name)
  _ntio_build(driver ${name} ${CMAKE_CURRENT_BINARY_DIR}/${name}.sys ${ARGN})
endfunction()

function(ntio_add_app name)
  _ntio_build(app ${name} ${CMAKE_CURRENT_BINARY_DIR}/${name} ${ARGN})
endfunction()

# Give every test of the calling directory its own ntio prefix under
# ${NTIO_TEST_PREFIXES} (emptied by the prefix.clean fixture before a run),
# unless the test chose one itself.  Call at the end of a directory that
# adds tests.
set(NTIO_TEST_PREFIXES ${CMAKE_BINARY_DIR}/prefixes)
function(ntio_isolate_tests)
  get_property(tests DIRECTORY PROPERTY TESTS)
  foreach(t ${tests})
    get_test_property(${t} ENVIRONMENT env)
    if(NOT env MATCHES "NTIO_PREFIX=")
      set_property(TEST ${t} APPEND PROPERTY ENVIRONMENT "NTIO_PREFIX=${NTIO_TEST_PREFIXES}/${t}")
    endif()
    set_property(TEST ${t} APPEND PROPERTY FIXTURES_REQUIRED ntio_prefixes)
  endforeach()
endfunction()
