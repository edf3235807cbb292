#version 410 core
// Transforms a glTF primitive's vertices to clip space and passes the shading inputs on.

layout(location = 0) in vec3 aPosition;
layout(location = 1) in vec3 aNormal;
layout(location = 2) in vec2 aTexCoord0;
layout(location = 3) in vec2 aTexCoord1;
layout(location = 4) in vec4 aColor;
layout(location = 5) in vec4 aTangent;

uniform mat4 uModel;
uniform mat4 uViewProjection;
uniform mat3 uNormalMatrix;

out vec3 vWorldPosition;
out vec3 vNormal;
out vec4 vTangent;
out vec2 vTexCoord0;
out vec2 vTexCoord1;
out vec4 vColor;

void main() {
    vec4 world = uModel * vec4(aPosition, 1.0);
    vWorldPosition = world.xyz;
    vNormal = uNormalMatrix * aNormal;
    vTangent = vec4(mat3(uModel) * aTangent.xyz, aTangent.w);
    vTexCoord0 = aTexCoord0;
    vTexCoord1 = aTexCoord1;
    vColor = aColor;
    gl_Position = uViewProjection * world;
}
