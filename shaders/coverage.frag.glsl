#version 330 core
// Before the depth cue: keeps (for the stencil) only the half-size texels whose sample pixel, the one
// ao.frag.glsl reads, has a surface. One fetch here saves the cue's many on the background.
uniform sampler2D u_depth;
void main() {
  ivec2 size = textureSize(u_depth, 0);
  ivec2 p = clamp(ivec2(gl_FragCoord.xy) * 2 + 1, ivec2(0), size - 1);
  if (texelFetch(u_depth, p, 0).r >= 1.0) discard;
}
