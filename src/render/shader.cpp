#include "render/shader.hpp"

#include <map>
#include <sstream>

#include <glm/gtc/type_ptr.hpp>

#include "core/errors.hpp"
#include "core/frame_plan.hpp"
#include "render/gl_debug.hpp"

namespace psoas {

const std::map<std::string, std::string_view>& embeddedShaders();

std::string shaderSource(const std::string& name) {
  const auto& table = embeddedShaders();
  auto it = table.find(name);
  if (it == table.end()) throw RenderError("shader \"" + name + "\" is not built into this program");
  std::istringstream in{std::string(it->second)};
  std::string line, out;
  while (std::getline(in, line)) {
    if (line.rfind("#include \"", 0) == 0) {
      auto end = line.find('"', 10);
      out += shaderSource(line.substr(10, end - 10));
    } else {
      out += line;
    }
    out += '\n';
  }
  return out;
}

std::string ProgramSpec::defineText() const {
  std::string out = "#define MAX_SHAPES " + std::to_string(kMaxRegionShapes) + "\n#define MAX_STYLES " +
                    std::to_string(kMaxRegionStyles) + "\n";
  for (const auto& [name, value] : defines) out += "#define " + name + ' ' + std::to_string(value) + '\n';
  return out;
}

std::string ProgramSpec::key() const {
  std::string out = vertex + '|' + fragment;
  for (const auto& [name, value] : defines) out += '|' + name + '=' + std::to_string(value);
  return out;
}

namespace {
gl::Shader compile(GLenum type, const std::string& name, const std::string& defines) {
  std::string src = shaderSource(name);
  std::size_t eol = src.rfind("#version", 0) == 0 ? src.find('\n') : std::string::npos;
  if (eol == std::string::npos) throw RenderError("shader " + name + " does not start with #version");
  src.insert(eol + 1, defines);
  gl::Shader s(glCreateShader(type));
  const char* p = src.c_str();
  glShaderSource(s.id(), 1, &p, nullptr);
  glCompileShader(s.id());
  GLint ok = 0;
  glGetShaderiv(s.id(), GL_COMPILE_STATUS, &ok);
  if (!ok) {
    char log[4096];
    glGetShaderInfoLog(s.id(), sizeof log, nullptr, log);
    throw RenderError("shader " + name + " failed to compile: " + log);
  }
  return s;
}
}  // namespace

ShaderProgram::ShaderProgram(const ProgramSpec& spec) : key_(spec.key()) {
  const std::string defines = spec.defineText();
  gl::Shader v = compile(GL_VERTEX_SHADER, spec.vertex, defines);
  gl::Shader f = compile(GL_FRAGMENT_SHADER, spec.fragment, defines);
  program_ = gl::Program::create();
  glAttachShader(program_.id(), v.id());
  glAttachShader(program_.id(), f.id());
  glBindAttribLocation(program_.id(), 0, "a_position");
  glBindAttribLocation(program_.id(), 1, "a_normal");
  glLinkProgram(program_.id());
  GLint ok = 0;
  glGetProgramiv(program_.id(), GL_LINK_STATUS, &ok);
  if (!ok) {
    char log[4096];
    glGetProgramInfoLog(program_.id(), sizeof log, nullptr, log);
    throw RenderError("shader program " + key_ + " failed to link: " + log);
  }
  for (const auto& u : spec.uniforms) uniforms_.emplace_back(u, glGetUniformLocation(program_.id(), u.c_str()));
}

bool ShaderProgram::declares(std::string_view name) const {
  for (const auto& [n, loc] : uniforms_)
    if (n == name) return true;
  return false;
}

GLint ShaderProgram::location(const char* name) const {
  for (const auto& [n, loc] : uniforms_)
    if (n == name) return loc;
  if (glDebugEnabled()) throw RenderError("uniform " + std::string(name) + " is not declared by program " + key_);
  return -1;
}

void ShaderProgram::set(const char* n, const glm::vec3& v) const { glUniform3fv(location(n), 1, glm::value_ptr(v)); }
void ShaderProgram::set(const char* n, const glm::vec4& v) const { glUniform4fv(location(n), 1, glm::value_ptr(v)); }
void ShaderProgram::set(const char* n, const glm::mat4& m) const {
  glUniformMatrix4fv(location(n), 1, GL_FALSE, glm::value_ptr(m));
}
void ShaderProgram::setArray(const char* n, const glm::vec4* v, int count) const {
  glUniform4fv(location(n), count, glm::value_ptr(*v));
}

const ShaderProgram& ProgramCache::get(const ProgramSpec& spec) {
  auto& slot = programs_[spec.key()];
  if (!slot) slot = std::make_unique<ShaderProgram>(spec);
  return *slot;
}

}  // namespace psoas
