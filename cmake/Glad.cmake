# Generates the OpenGL 4.1 core loader with Debian's python3-glad at configure time.
# `--reproducible` uses the specification bundled with the package: no network.
# The output lives in the build tree only; nothing generated is committed.
find_program(GLAD_EXECUTABLE glad REQUIRED)

set(GLAD_OUT_DIR ${PROJECT_BINARY_DIR}/glad)
set(GLAD_API "gl:core=4.1")
# NVX_gpu_memory_info and ATI_meminfo: the GPU memory a driver reports, for the default budget.
set(GLAD_EXTENSIONS "GL_ARB_texture_filter_anisotropic,GL_EXT_texture_filter_anisotropic,GL_KHR_debug,GL_NVX_gpu_memory_info,GL_ATI_meminfo")
set(GLAD_STAMP ${GLAD_OUT_DIR}/stamp.txt)
set(GLAD_ARGS --reproducible --quiet --api ${GLAD_API} --extensions ${GLAD_EXTENSIONS})

set(_glad_previous "")
if(EXISTS ${GLAD_STAMP})
    file(READ ${GLAD_STAMP} _glad_previous)
endif()
if(NOT _glad_previous STREQUAL "${GLAD_ARGS}" OR NOT EXISTS ${GLAD_OUT_DIR}/src/gl.c)
    message(STATUS "Generating the GL loader with glad (${GLAD_API})")
    execute_process(
        COMMAND ${GLAD_EXECUTABLE} ${GLAD_ARGS} --out-path ${GLAD_OUT_DIR} c
        RESULT_VARIABLE _glad_result
        OUTPUT_QUIET ERROR_VARIABLE _glad_error)
    if(NOT _glad_result EQUAL 0)
        message(FATAL_ERROR "glad failed: ${_glad_error}")
    endif()
    file(WRITE ${GLAD_STAMP} "${GLAD_ARGS}")
endif()

add_library(glad STATIC ${GLAD_OUT_DIR}/src/gl.c)
target_include_directories(glad SYSTEM PUBLIC ${GLAD_OUT_DIR}/include)
set_target_properties(glad PROPERTIES POSITION_INDEPENDENT_CODE ON)
