# Dear ImGui 1.86 from Debian: the core is libimgui.a; the GLFW and OpenGL 3 backends ship as
# sources under /usr/share/doc and are compiled here (from the system path, never copied into
# the repository). The OpenGL backend uses docent's glad loader instead of its own.
pkg_check_modules(IMGUI REQUIRED IMPORTED_TARGET imgui stb)
find_path(IMGUI_BACKENDS_DIR imgui_impl_opengl3.cpp
          PATHS /usr/share/doc/libimgui-dev/examples/backends REQUIRED NO_DEFAULT_PATH)
add_library(imgui_backends STATIC ${IMGUI_BACKENDS_DIR}/imgui_impl_glfw.cpp
                                  ${IMGUI_BACKENDS_DIR}/imgui_impl_opengl3.cpp)
target_include_directories(imgui_backends SYSTEM PUBLIC /usr/include/imgui
                                                        /usr/include/imgui/backends)
target_compile_definitions(imgui_backends PRIVATE IMGUI_IMPL_OPENGL_LOADER_CUSTOM)
target_compile_options(imgui_backends PRIVATE -include glad/gl.h -w)
target_link_libraries(imgui_backends PUBLIC PkgConfig::IMGUI PRIVATE glad glfw)
