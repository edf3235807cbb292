#version 410 core
// glTF 2.0 metallic-roughness shading for a museum interior without baked lightmaps:
// a sky/ground hemisphere ambient term, a directional key light, GGX specular, then
// exposure and ACES-fitted tone mapping. Output is linear; the sRGB framebuffer encodes it.

in vec3 vWorldPosition;
in vec3 vNormal;
in vec4 vTangent;
in vec2 vTexCoord0;
in vec2 vTexCoord1;
in vec4 vColor;

out vec4 fragColor;

uniform vec3 uCameraPosition;

uniform vec4 uBaseColorFactor;
uniform float uMetallicFactor;
uniform float uRoughnessFactor;
uniform vec3 uEmissive;          // emissiveFactor * emissiveStrength
uniform float uNormalScale;
uniform float uOcclusionStrength;
uniform int uAlphaMode;          // 0 opaque, 1 mask, 2 blend
uniform float uAlphaCutoff;
uniform bool uUnlit;
uniform bool uHasNormals;
uniform bool uHasTangents;

// Texture slots: sampler, which UV set, and the KHR_texture_transform matrix.
uniform sampler2D uBaseColorTexture;
uniform sampler2D uMetallicRoughnessTexture;
uniform sampler2D uNormalTexture;
uniform sampler2D uOcclusionTexture;
uniform sampler2D uEmissiveTexture;
uniform ivec4 uTexCoordSets;     // base, metallic-roughness, normal, occlusion
uniform int uEmissiveTexCoordSet;
uniform bool uHasNormalTexture;
// Which of the other maps the material has: a map it lacks is not sampled at all (on a software
// rasteriser every texture sample is paid per pixel, even from a 1x1 stand-in).
uniform bool uHasMetallicRoughnessTexture;
uniform bool uHasOcclusionTexture;
uniform bool uHasEmissiveTexture;
uniform mat3 uBaseColorTransform;
uniform mat3 uMetallicRoughnessTransform;
uniform mat3 uNormalTransform;
uniform mat3 uOcclusionTransform;
uniform mat3 uEmissiveTransform;

uniform vec3 uSunDirection;      // towards the light, unit
uniform vec3 uSunColor;          // radiance scale
uniform vec3 uSkyColor;
uniform vec3 uGroundColor;
uniform float uExposure;

const float PI = 3.14159265359;

vec2 slotUv(int set, mat3 transform) {
    vec2 uv = set == 1 ? vTexCoord1 : vTexCoord0;
    return (transform * vec3(uv, 1.0)).xy;
}

vec3 acesFitted(vec3 x) {
    // Narkowicz's fit of the ACES filmic curve.
    const float a = 2.51, b = 0.03, c = 2.43, d = 0.59, e = 0.14;
    return clamp((x * (a * x + b)) / (x * (c * x + d) + e), 0.0, 1.0);
}

vec3 perturbedNormal(vec3 n) {
    if (!uHasNormalTexture) {
        return n;
    }
    vec2 uv = slotUv(uTexCoordSets.z, uNormalTransform);
    vec3 m = texture(uNormalTexture, uv).xyz * 2.0 - 1.0;
    m.xy *= uNormalScale;
    vec3 t;
    vec3 b;
    if (uHasTangents && dot(vTangent.xyz, vTangent.xyz) > 0.0) {
        t = normalize(vTangent.xyz - n * dot(n, vTangent.xyz));
        b = cross(n, t) * (vTangent.w < 0.0 ? -1.0 : 1.0);
    } else {
        // Cotangent frame from screen-space derivatives when the file has no tangents.
        vec3 dp1 = dFdx(vWorldPosition);
        vec3 dp2 = dFdy(vWorldPosition);
        vec2 duv1 = dFdx(uv);
        vec2 duv2 = dFdy(uv);
        vec3 dp2perp = cross(dp2, n);
        vec3 dp1perp = cross(n, dp1);
        t = dp2perp * duv1.x + dp1perp * duv2.x;
        b = dp2perp * duv1.y + dp1perp * duv2.y;
        float invmax = inversesqrt(max(dot(t, t), dot(b, b)) + 1e-20);
        t *= invmax;
        b *= invmax;
    }
    return normalize(mat3(t, b, n) * m);
}

void main() {
    vec4 base = uBaseColorFactor * vColor *
                texture(uBaseColorTexture, slotUv(uTexCoordSets.x, uBaseColorTransform));
#ifdef ALPHA_MASK
    // Only the masked materials' variant may discard: a shader that can discard keeps a
    // software rasteriser from testing depth before shading, for every triangle drawn with it.
    if (base.a < uAlphaCutoff) {
        discard;
    }
#endif
    float alpha = uAlphaMode == 2 ? base.a : 1.0;
    if (uUnlit) {
        fragColor = vec4(base.rgb, alpha);
        return;
    }

    vec3 n = uHasNormals ? normalize(vNormal)
                         : normalize(cross(dFdx(vWorldPosition), dFdy(vWorldPosition)));
    if (!gl_FrontFacing) {
        n = -n;
    }
    vec3 emissive = uEmissive;
    if (uHasEmissiveTexture) {
        emissive *= texture(uEmissiveTexture, slotUv(uEmissiveTexCoordSet, uEmissiveTransform)).rgb;
    }
#ifdef SIMPLE_SHADING
    // The lower quality levels' variant, for machines that cannot shade every pixel in full:
    // the same light on the geometric normal, diffuse only, with the factors' metalness and the
    // hemisphere's colour standing in for the specular terms. One texture read instead of up to
    // five, and no per-pixel light model.
    {
        float metal = clamp(uMetallicFactor, 0.0, 1.0);
        vec3 hemisphere = mix(uGroundColor, uSkyColor, n.y * 0.5 + 0.5);
        vec3 sun = uSunColor * (clamp(dot(n, normalize(uSunDirection)), 0.0, 1.0) / PI);
        vec3 f0 = mix(vec3(0.04), base.rgb, metal);
        vec3 lit = base.rgb * (1.0 - metal) * (hemisphere + sun) + f0 * hemisphere;
        fragColor = vec4(acesFitted(lit * uExposure + emissive), alpha);
        return;
    }
#endif
    n = perturbedNormal(n);

    vec4 mr = vec4(1.0);
    if (uHasMetallicRoughnessTexture) {
        mr = texture(uMetallicRoughnessTexture,
                     slotUv(uTexCoordSets.y, uMetallicRoughnessTransform));
    }
    float metallic = clamp(uMetallicFactor * mr.b, 0.0, 1.0);
    float roughness = clamp(uRoughnessFactor * mr.g, 0.04, 1.0);
    float ao = 1.0;
    if (uHasOcclusionTexture) {
        ao = texture(uOcclusionTexture, slotUv(uTexCoordSets.w, uOcclusionTransform)).r;
        ao = 1.0 + uOcclusionStrength * (ao - 1.0);
    }

    vec3 v = normalize(uCameraPosition - vWorldPosition);
    float nv = clamp(abs(dot(n, v)), 1e-4, 1.0);
    vec3 f0 = mix(vec3(0.04), base.rgb, metallic);
    vec3 diffuseColor = base.rgb * (1.0 - metallic);

    // Directional key light: Lambert diffuse + GGX / Smith-correlated / Schlick specular.
    vec3 l = normalize(uSunDirection);
    vec3 h = normalize(l + v);
    float nl = clamp(dot(n, l), 0.0, 1.0);
    float nh = clamp(dot(n, h), 0.0, 1.0);
    float vh = clamp(dot(v, h), 0.0, 1.0);
    float a2 = roughness * roughness * roughness * roughness;
    float dTerm = a2 / (PI * pow(nh * nh * (a2 - 1.0) + 1.0, 2.0));
    float visL = nv * sqrt(nl * nl * (1.0 - a2) + a2);
    float visV = nl * sqrt(nv * nv * (1.0 - a2) + a2);
    float vis = 0.5 / max(visL + visV, 1e-5);
    vec3 fresnel = f0 + (1.0 - f0) * pow(1.0 - vh, 5.0);
    vec3 direct = ((1.0 - fresnel) * diffuseColor / PI + fresnel * dTerm * vis) * uSunColor * nl;

    // Hemisphere ambient: sky above, warm floor bounce below; specular from the same
    // hemisphere in the reflected direction with an analytic environment BRDF.
    vec3 ambientDiffuse = mix(uGroundColor, uSkyColor, n.y * 0.5 + 0.5);
    vec3 r = reflect(-v, n);
    vec3 ambientSpecularLight = mix(uGroundColor, uSkyColor, mix(r.y, n.y, roughness) * 0.5 + 0.5);
    vec4 c0 = vec4(-1.0, -0.0275, -0.572, 0.022);
    vec4 c1 = vec4(1.0, 0.0425, 1.04, -0.04);
    vec4 rr = roughness * c0 + c1;
    float a004 = min(rr.x * rr.x, exp2(-9.28 * nv)) * rr.x + rr.y;
    vec2 envBrdf = vec2(-1.04, 1.04) * a004 + rr.zw;
    vec3 ambient = (diffuseColor * ambientDiffuse + ambientSpecularLight * (f0 * envBrdf.x + envBrdf.y)) * ao;

    vec3 color = (direct + ambient) * uExposure + emissive;
    fragColor = vec4(acesFitted(color), alpha);
}
