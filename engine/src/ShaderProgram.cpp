#include "ShaderProgram.h"

#include <glad/gl.h>

namespace docent::engine {
namespace {

constexpr int kLogBytes = 2048; // enough for the first errors of a driver's log

GlShader compile(GLenum type, const char* source, const char* what, std::string& error) {
    GlShader shader(glCreateShader(type));
    glShaderSource(shader.get(), 1, &source, nullptr);
    glCompileShader(shader.get());
    GLint ok = 0;
    glGetShaderiv(shader.get(), GL_COMPILE_STATUS, &ok);
    if (!ok) {
        char log[kLogBytes] = {};
        glGetShaderInfoLog(shader.get(), sizeof log, nullptr, log);
        error = std::string(what) + (type == GL_VERTEX_SHADER ? " vertex" : " fragment") +
                " shader does not compile: " + log;
        return {};
    }
    return shader;
}

} // namespace

GlProgram buildProgram(const char* vertexSource, const char* fragmentSource, const char* what,
                       std::string& error) {
    const GlShader vs = compile(GL_VERTEX_SHADER, vertexSource, what, error);
    if (!vs) {
        return {};
    }
    const GlShader fs = compile(GL_FRAGMENT_SHADER, fragmentSource, what, error);
    if (!fs) {
        return {};
    }
    GlProgram program(glCreateProgram());
    glAttachShader(program.get(), vs.get());
    glAttachShader(program.get(), fs.get());
    glLinkProgram(program.get());
    GLint ok = 0;
    glGetProgramiv(program.get(), GL_LINK_STATUS, &ok);
    if (!ok) {
        char log[kLogBytes] = {};
        glGetProgramInfoLog(program.get(), sizeof log, nullptr, log);
        error = std::string(what) + " shader program does not link: " + log;
        return {};
    }
    return program;
}

} // namespace docent::engine
