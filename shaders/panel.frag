#version 410 core
// The video panel: Y'CbCr planes to R'G'B' with the frame's matrix and range, then from the
// sRGB-like video encoding to linear light (the target is sRGB and encodes it back). The video
// fills a centred rectangle of the 16:9 picture area (black bars elsewhere); outside the picture
// area is the frame. Without a frame the picture area is a flat grey.

in vec2 vPicture;

out vec4 fragColor;

uniform sampler2D uPlaneY;   // RGBA_FRAME: the whole picture, sRGB-encoded (read as linear)
uniform sampler2D uPlaneU;  // I420: U; NV12: interleaved UV (r = U, g = V)
uniform sampler2D uPlaneV;  // I420 only
uniform bool uNv12;
uniform bool uHasFrame;
uniform mat3 uYuvToRgb;     // applied to (samples - uYuvOffset), samples normalised to 0..1
uniform vec3 uYuvOffset;
uniform vec2 uContentSize;  // share of the picture area the video covers, per axis (<= 1)
uniform float uBrightness;  // linear multiplier
uniform float uPlaceholder; // linear grey of the empty screen
uniform float uFrame;       // linear grey of the frame

vec3 srgbToLinear(vec3 c) {
    return mix(c / 12.92, pow((c + 0.055) / 1.055, vec3(2.4)), step(vec3(0.04045), c));
}

void main() {
    if (any(lessThan(vPicture, vec2(0.0))) || any(greaterThan(vPicture, vec2(1.0)))) {
        fragColor = vec4(vec3(uFrame), 1.0);
        return;
    }
    if (!uHasFrame) {
        fragColor = vec4(vec3(uPlaceholder * uBrightness), 1.0);
        return;
    }
    vec2 content = (vPicture - 0.5) / uContentSize + 0.5;
    if (any(lessThan(content, vec2(0.0))) || any(greaterThan(content, vec2(1.0)))) {
        fragColor = vec4(0.0, 0.0, 0.0, 1.0);
        return;
    }
    vec2 uv = vec2(content.x, 1.0 - content.y); // texture rows run top to bottom
#ifdef RGBA_FRAME
    // Converted on the decoder's thread: one texture read, decoded to linear by the sampler.
    fragColor = vec4(texture(uPlaneY, uv).rgb * uBrightness, 1.0);
#else
    vec3 yuv;
    yuv.x = texture(uPlaneY, uv).r;
    if (uNv12) {
        yuv.yz = texture(uPlaneU, uv).rg;
    } else {
        yuv.y = texture(uPlaneU, uv).r;
        yuv.z = texture(uPlaneV, uv).r;
    }
    vec3 encoded = clamp(uYuvToRgb * (yuv - uYuvOffset), 0.0, 1.0);
    fragColor = vec4(srgbToLinear(encoded) * uBrightness, 1.0);
#endif
}
