#pragma once
#include <string>
#include <string_view>

#include <glm/mat4x4.hpp>
#include <glm/vec3.hpp>
#include <glm/vec4.hpp>

#include "render/gl_objects.hpp"

namespace psoas {

// Shader sources are embedded at build time (shaders/*.glsl); `#include "x.glsl"` lines are expanded.
std::string shaderSource(const std::string& name);

class ShaderProgram {
 public:
  ShaderProgram() = default;
  // `defines` ("#define X 1" lines) go after each stage's #version line: a software rasteriser runs both
  // sides of every branch, so work a frame does not need is compiled out rather than skipped.
  ShaderProgram(const std::string& vertexName, const std::string& fragmentName,
                const std::string& defines = "");  // throws RenderError
  void use() const { glUseProgram(program_.id()); }
  GLint location(const char* name) const { return glGetUniformLocation(program_.id(), name); }
  void set(const char* name, int v) const { glUniform1i(location(name), v); }
  void set(const char* name, float v) const { glUniform1f(location(name), v); }
  void set(const char* name, const glm::vec3& v) const;
  void set(const char* name, const glm::vec4& v) const;
  void set(const char* name, const glm::mat4& m) const;
  void setUint(const char* name, unsigned v) const { glUniform1ui(location(name), v); }

 private:
  gl::Program program_;
};

}  // namespace psoas
