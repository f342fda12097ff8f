# Writes the man page nn2milp.1 with help2man from the executable's own --help and --version
# (so it documents exactly the registered options), plus a COMMANDS section with the --help of
# each subcommand. Run by the nn2milp_man target (tools/CMakeLists.txt):
#   cmake -DNN2MILP=<exe> -DHELP2MAN=<help2man> -DOUTPUT=<nn2milp.1> -P man_page.cmake
foreach(var NN2MILP HELP2MAN OUTPUT)
  if(NOT DEFINED ${var})
    message(FATAL_ERROR "man_page.cmake: -D${var}=... is required")
  endif()
endforeach()

# roff text: backslashes escaped, no line may start with a control character.
function(roff_verbatim text out_var)
  string(REPLACE "\\" "\\e" text "${text}")
  string(REGEX REPLACE "(^|\n)([.'])" "\\1\\\\&\\2" text "${text}")
  set(${out_var} "${text}" PARENT_SCOPE)
endfunction()

set(include_text "[COMMANDS]\n")
foreach(cmd eval check)
  execute_process(COMMAND "${NN2MILP}" ${cmd} --help OUTPUT_VARIABLE help RESULT_VARIABLE rc)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "man_page.cmake: ${NN2MILP} ${cmd} --help failed (${rc})")
  endif()
  roff_verbatim("${help}" help)
  string(APPEND include_text ".SS \"nn2milp ${cmd}\"\n.nf\n${help}.fi\n")
endforeach()
string(APPEND include_text "[SEE ALSO]\nThe README of nn2milp: the encoding, the VNN-LIB support, the map file, the C++ API and\nnn2milp_add_model() of its CMake package.\n")
get_filename_component(dir "${OUTPUT}" DIRECTORY)
set(include_file "${dir}/nn2milp.h2m")
file(WRITE "${include_file}" "${include_text}")

execute_process(
  COMMAND "${HELP2MAN}" --no-info --section=1
          "--name=compile ONNX ReLU networks into MILP files (MPS, LP, .nl)"
          "--include=${include_file}" "--output=${OUTPUT}.tmp" "${NN2MILP}"
  RESULT_VARIABLE rc ERROR_VARIABLE err)
if(NOT rc EQUAL 0)
  file(REMOVE "${OUTPUT}.tmp")
  message(FATAL_ERROR "help2man failed (${rc}): ${err}")
endif()
file(RENAME "${OUTPUT}.tmp" "${OUTPUT}")
