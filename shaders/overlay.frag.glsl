#version 330 core
// Text and shapes from ImGui's tessellator; the font atlas holds coverage in red.
uniform sampler2D u_font;
in vec2 v_uv;
in vec4 v_color;
layout(location = 0) out vec4 o_color;
void main() {
  float a = v_color.a * texture(u_font, v_uv).r;
  o_color = vec4(v_color.rgb * a, a);  // premultiplied
}
