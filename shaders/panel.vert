#version 410 core
// The video panel: a quad whose corners are ±0.5, scaled and placed by uModel. vPicture is the
// position in the 16:9 picture area (0..1 across it, +y up); the frame lies outside 0..1.

layout(location = 0) in vec2 aCorner;

uniform mat4 uModel;
uniform mat4 uViewProjection;
uniform vec2 uOuterOverPicture; // size of the quad with its frame / size of the picture area

out vec2 vPicture;

void main() {
    vPicture = aCorner * uOuterOverPicture + 0.5;
    gl_Position = uViewProjection * uModel * vec4(aCorner, 0.0, 1.0);
}
