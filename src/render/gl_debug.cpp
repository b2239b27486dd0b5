#include "render/gl_debug.hpp"

#include <mutex>

#include "core/errors.hpp"
#include "render/gl.hpp"

namespace psoas {

namespace {
std::mutex g_mutex;
std::vector<std::string> g_errors;
bool g_enabled = false;

void GLAPIENTRY onDebugMessage(GLenum, GLenum type, GLuint, GLenum severity, GLsizei, const GLchar* message,
                               const void*) {
  if (type != GL_DEBUG_TYPE_ERROR && severity != GL_DEBUG_SEVERITY_HIGH) return;
  std::lock_guard lock(g_mutex);
  if (g_errors.size() < 16) g_errors.emplace_back(message);
}
}  // namespace

void enableGlDebug() {
  g_enabled = true;
  if (!GLAD_GL_KHR_debug) return;  // glGetError still catches errors in checkGlErrors
  glEnable(GL_DEBUG_OUTPUT);
  glEnable(GL_DEBUG_OUTPUT_SYNCHRONOUS);
  glDebugMessageCallback(onDebugMessage, nullptr);
}

bool glDebugEnabled() { return g_enabled; }

void checkGlErrors(const char* where) {
  std::vector<std::string> errors;
  {
    std::lock_guard lock(g_mutex);
    errors.swap(g_errors);
  }
  for (GLenum e; (e = glGetError()) != GL_NO_ERROR && errors.size() < 16;)
    errors.push_back("glGetError 0x" + [](unsigned v) { char b[16]; snprintf(b, sizeof b, "%04x", v); return std::string(b); }(e));
  if (errors.empty()) return;
  std::string msg = std::string("GL error during ") + where + ":";
  for (auto& e : errors) msg += "\n  " + e;
  throw RenderError(msg);
}

}  // namespace psoas
