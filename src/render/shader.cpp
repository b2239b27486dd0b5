#include "render/shader.hpp"

#include <map>
#include <sstream>

#include <glm/gtc/type_ptr.hpp>

#include "core/errors.hpp"

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

namespace {
gl::Shader compile(GLenum type, const std::string& name, const std::string& defines) {
  std::string src = shaderSource(name);
  if (!defines.empty()) {
    std::size_t eol = src.rfind("#version", 0) == 0 ? src.find('\n') : std::string::npos;
    if (eol == std::string::npos) throw RenderError("shader " + name + " does not start with #version");
    src.insert(eol + 1, defines);
  }
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

ShaderProgram::ShaderProgram(const std::string& vs, const std::string& fs, const std::string& defines) {
  gl::Shader v = compile(GL_VERTEX_SHADER, vs, defines);
  gl::Shader f = compile(GL_FRAGMENT_SHADER, fs, defines);
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
    throw RenderError("shader program " + vs + " + " + fs + (defines.empty() ? "" : " (" + defines + ")") +
                      " failed to link: " + log);
  }
}

void ShaderProgram::set(const char* n, const glm::vec3& v) const { glUniform3fv(location(n), 1, glm::value_ptr(v)); }
void ShaderProgram::set(const char* n, const glm::vec4& v) const { glUniform4fv(location(n), 1, glm::value_ptr(v)); }
void ShaderProgram::set(const char* n, const glm::mat4& m) const {
  glUniformMatrix4fv(location(n), 1, GL_FALSE, glm::value_ptr(m));
}

}  // namespace psoas
