#include "engine/GlHandle.h"

#include <glad/gl.h>

namespace docent::engine {

void deleteGlBuffer(unsigned int name) {
    glDeleteBuffers(1, &name);
}
void deleteGlVertexArray(unsigned int name) {
    glDeleteVertexArrays(1, &name);
}
void deleteGlTexture(unsigned int name) {
    glDeleteTextures(1, &name);
}
void deleteGlFramebuffer(unsigned int name) {
    glDeleteFramebuffers(1, &name);
}
void deleteGlRenderbuffer(unsigned int name) {
    glDeleteRenderbuffers(1, &name);
}
void deleteGlProgram(unsigned int name) {
    glDeleteProgram(name);
}
void deleteGlShader(unsigned int name) {
    glDeleteShader(name);
}

} // namespace docent::engine
