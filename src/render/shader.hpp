#pragma once
// Shader programs as typed variants (after Magnum's flag sets and Polyscope's rules): a ProgramSpec names
// the stages, the switches compiled in as #defines (which also make the cache key) and the uniforms the
// variant takes. Locations are looked up once; setting a uniform the variant does not declare is a
// RenderError under the GL debug context (tests, --gl-debug), so a pass cannot feed a program something it
// ignores. "Declared", not "found": drivers drop unused uniforms differently.
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <glm/mat4x4.hpp>
#include <glm/vec3.hpp>
#include <glm/vec4.hpp>

#include "render/gl_objects.hpp"

namespace psoas {

// Shader sources are embedded at build time (shaders/*.glsl); `#include "x.glsl"` lines are expanded.
std::string shaderSource(const std::string& name);

struct ProgramSpec {
  std::string vertex, fragment;
  std::vector<std::pair<std::string, int>> defines;  // NAME value
  std::vector<std::string> uniforms;                 // what the C++ side may set
  // The #define lines each stage gets after #version: the shader limits from the C++ constants
  // (kMaxRegionShapes, kMaxRegionStyles), then `defines`.
  std::string defineText() const;
  std::string key() const;  // stages and defines: one compiled program per key
  ProgramSpec& define(std::string name, int value) { defines.emplace_back(std::move(name), value); return *this; }
  ProgramSpec& uniform(std::initializer_list<const char*> names) {
    for (const char* n : names) uniforms.emplace_back(n);
    return *this;
  }
};

class ShaderProgram {
 public:
  ShaderProgram() = default;
  // A software rasteriser runs both sides of every branch, so work a frame does not need is compiled out
  // rather than skipped: hence variants.
  explicit ShaderProgram(const ProgramSpec& spec);  // throws RenderError
  void use() const { glUseProgram(program_.id()); }
  // A declared uniform's location (-1 if the driver dropped it); RenderError for an undeclared one while
  // the GL debug context is on.
  GLint location(const char* name) const;
  void set(const char* name, int v) const { glUniform1i(location(name), v); }
  void set(const char* name, float v) const { glUniform1f(location(name), v); }
  void set(const char* name, const glm::vec3& v) const;
  void set(const char* name, const glm::vec4& v) const;
  void set(const char* name, const glm::mat4& m) const;
  void setUint(const char* name, unsigned v) const { glUniform1ui(location(name), v); }
  void setArray(const char* name, const glm::vec4* v, int count) const;
  bool declares(std::string_view name) const;
  const std::string& key() const { return key_; }

 private:
  gl::Program program_;
  std::string key_;
  std::vector<std::pair<std::string, GLint>> uniforms_;
};

// Programs compiled on first use and kept, by ProgramSpec::key.
class ProgramCache {
 public:
  const ShaderProgram& get(const ProgramSpec& spec);

 private:
  std::map<std::string, std::unique_ptr<ShaderProgram>> programs_;
};

}  // namespace psoas
