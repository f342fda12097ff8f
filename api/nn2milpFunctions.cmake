# nn2milp_add_model: compile an ONNX network into a MILP file at build time.
#
#   nn2milp_add_model(<target> OUTPUT <model.mps|.lp|.nl> MODEL <net.onnx>
#                     [SPEC <prop.vnnlib>] [INPUT_BOUNDS <LO:HI|bounds file>] [MAP <map.json>]
#                     [OPTIONS <nn2milp argument>...] [DEPENDS <file>...] [ALL])
#
# Adds a custom command that runs the nn2milp executable of this package (the imported target
# nn2milp::cli) and a custom target <target> that depends on its output (built by default with
# ALL). Relative OUTPUT and MAP paths are under CMAKE_CURRENT_BINARY_DIR, relative MODEL, SPEC,
# INPUT_BOUNDS and DEPENDS paths under CMAKE_CURRENT_SOURCE_DIR. INPUT_BOUNDS is a bounds file
# when such a file exists, else a LO:HI box passed as --input-bounds=LO:HI. OPTIONS are passed
# as they are (e.g. --maximize 0 --bounds lp).
#
# The command re-runs when the model, the spec, the bounds file, a DEPENDS file or the nn2milp
# executable changes, and, through nn2milp --depfile (DEPFILE, for the Ninja and Makefile
# generators), when an external data file of the model changes. The output path is stored in
# the target property NN2MILP_OUTPUT.

# DEPFILE paths are absolute here, so both CMP0116 behaviours read them the same way; NEW avoids
# the policy warning in projects with an older cmake_minimum_required (the function keeps the
# policies of its definition; find_package gives this file its own policy scope).
if(POLICY CMP0116)
  cmake_policy(SET CMP0116 NEW)
endif()

function(nn2milp_add_model target)
  cmake_parse_arguments(PARSE_ARGV 1 arg "ALL" "OUTPUT;MODEL;SPEC;INPUT_BOUNDS;MAP" "OPTIONS;DEPENDS")
  if(arg_UNPARSED_ARGUMENTS)
    message(FATAL_ERROR "nn2milp_add_model(${target}): unknown arguments: ${arg_UNPARSED_ARGUMENTS}")
  endif()
  if(NOT arg_OUTPUT OR NOT arg_MODEL)
    message(FATAL_ERROR "nn2milp_add_model(${target}): OUTPUT and MODEL are required")
  endif()
  if(NOT TARGET nn2milp::cli)
    message(FATAL_ERROR "nn2milp_add_model(${target}): no nn2milp::cli target (use find_package(nn2milp))")
  endif()
  set(source_dir "${CMAKE_CURRENT_SOURCE_DIR}")
  cmake_path(ABSOLUTE_PATH arg_OUTPUT BASE_DIRECTORY "${CMAKE_CURRENT_BINARY_DIR}" NORMALIZE
             OUTPUT_VARIABLE output)
  cmake_path(ABSOLUTE_PATH arg_MODEL BASE_DIRECTORY "${source_dir}" NORMALIZE OUTPUT_VARIABLE model)
  cmake_path(GET output PARENT_PATH output_dir)
  file(MAKE_DIRECTORY "${output_dir}")  # nn2milp does not create directories
  set(command nn2milp::cli "${model}" -o "${output}")
  set(outputs "${output}")
  set(depends "${model}" "$<TARGET_FILE:nn2milp::cli>")
  if(arg_SPEC)
    cmake_path(ABSOLUTE_PATH arg_SPEC BASE_DIRECTORY "${source_dir}" NORMALIZE OUTPUT_VARIABLE spec)
    list(APPEND command --spec "${spec}")
    list(APPEND depends "${spec}")
  endif()
  if(DEFINED arg_INPUT_BOUNDS)
    cmake_path(ABSOLUTE_PATH arg_INPUT_BOUNDS BASE_DIRECTORY "${source_dir}" NORMALIZE
               OUTPUT_VARIABLE bounds_file)
    if(EXISTS "${bounds_file}" AND NOT IS_DIRECTORY "${bounds_file}")
      list(APPEND command --input-bounds "${bounds_file}")
      list(APPEND depends "${bounds_file}")
    else()
      list(APPEND command "--input-bounds=${arg_INPUT_BOUNDS}")
    endif()
  endif()
  if(arg_MAP)
    cmake_path(ABSOLUTE_PATH arg_MAP BASE_DIRECTORY "${CMAKE_CURRENT_BINARY_DIR}" NORMALIZE
               OUTPUT_VARIABLE map)
    list(APPEND command --map "${map}")
    list(APPEND outputs "${map}")
  endif()
  foreach(dep IN LISTS arg_DEPENDS)
    cmake_path(ABSOLUTE_PATH dep BASE_DIRECTORY "${source_dir}" NORMALIZE OUTPUT_VARIABLE dep)
    list(APPEND depends "${dep}")
  endforeach()
  list(APPEND command ${arg_OPTIONS})
  set(depfile_args)
  if(CMAKE_GENERATOR MATCHES "Ninja|Makefiles")
    list(APPEND command --depfile "${output}.d")
    set(depfile_args DEPFILE "${output}.d")
  endif()
  add_custom_command(OUTPUT ${outputs}
                     COMMAND ${command}
                     DEPENDS ${depends}
                     ${depfile_args}
                     COMMENT "nn2milp: ${arg_MODEL} -> ${arg_OUTPUT}"
                     VERBATIM)
  set(all)
  if(arg_ALL)
    set(all ALL)
  endif()
  add_custom_target(${target} ${all} DEPENDS ${outputs})
  set_target_properties(${target} PROPERTIES NN2MILP_OUTPUT "${output}")
endfunction()
