# Turns the GLSL files of shaders/ into a C++ source file of string constants at build time,
# so that the executables carry their shaders and need no lookup at run time.
function(docent_embed_shaders target)
    set(options)
    set(one_value OUTPUT NAMESPACE)
    set(multi_value SOURCES)
    cmake_parse_arguments(ARG "${options}" "${one_value}" "${multi_value}" ${ARGN})
    # A list cannot pass through a command line intact: join it with '|' for the script.
    string(REPLACE ";" "|" sources_arg "${ARG_SOURCES}")
    add_custom_command(
        OUTPUT ${ARG_OUTPUT}
        COMMAND ${CMAKE_COMMAND} -DOUTPUT=${ARG_OUTPUT} -DNAMESPACE=${ARG_NAMESPACE}
                -DSOURCES=${sources_arg} -P ${PROJECT_SOURCE_DIR}/cmake/EmbedShadersScript.cmake
        DEPENDS ${ARG_SOURCES} ${PROJECT_SOURCE_DIR}/cmake/EmbedShadersScript.cmake
        COMMENT "Embedding shaders into ${ARG_OUTPUT}"
        VERBATIM)
    target_sources(${target} PRIVATE ${ARG_OUTPUT})
endfunction()
