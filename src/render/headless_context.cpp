#include "render/headless_context.hpp"

#include <cstring>
#include <vector>

#include <EGL/egl.h>
#include <EGL/eglext.h>

#include "core/errors.hpp"
#include "render/gl.hpp"
#include "render/gl_debug.hpp"

namespace psoas {

struct HeadlessContext::Impl {
  EGLDisplay display = EGL_NO_DISPLAY;
  EGLContext context = EGL_NO_CONTEXT;
  EGLSurface surface = EGL_NO_SURFACE;
};

namespace {

bool hasExtension(const char* list, const char* name) {
  if (!list) return false;
  std::size_t n = std::strlen(name);
  for (const char* p = list; (p = std::strstr(p, name)); p += n)
    if ((p == list || p[-1] == ' ') && (p[n] == ' ' || p[n] == '\0')) return true;
  return false;
}

std::string eglErrorName(EGLint e) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "0x%04x", unsigned(e));
  return buf;
}

// Tries to create a GL 3.3 core context on `dpy`; fills impl on success.
bool tryDisplay(EGLDisplay dpy, bool debug, HeadlessContext::Impl& impl, std::string& why) {
  if (dpy == EGL_NO_DISPLAY) { why = "no display"; return false; }
  EGLint major = 0, minor = 0;
  if (!eglInitialize(dpy, &major, &minor)) { why = "eglInitialize failed " + eglErrorName(eglGetError()); return false; }
  if (!eglBindAPI(EGL_OPENGL_API)) { why = "no desktop OpenGL API"; eglTerminate(dpy); return false; }
  const EGLint cfgAttribs[] = {EGL_SURFACE_TYPE, EGL_PBUFFER_BIT, EGL_RENDERABLE_TYPE, EGL_OPENGL_BIT,
                               EGL_RED_SIZE, 8, EGL_GREEN_SIZE, 8, EGL_BLUE_SIZE, 8, EGL_NONE};
  EGLConfig cfg = nullptr;
  EGLint count = 0;
  bool surfaceless = hasExtension(eglQueryString(dpy, EGL_EXTENSIONS), "EGL_KHR_surfaceless_context");
  if (!eglChooseConfig(dpy, cfgAttribs, &cfg, 1, &count) || count == 0) {
    // Surfaceless displays may offer no pbuffer configs; any GL-capable config will do then.
    const EGLint anyGl[] = {EGL_RENDERABLE_TYPE, EGL_OPENGL_BIT, EGL_NONE};
    if (!eglChooseConfig(dpy, anyGl, &cfg, 1, &count) || count == 0) {
      why = "no OpenGL config";
      eglTerminate(dpy);
      return false;
    }
  }
  const EGLint ctxAttribs[] = {EGL_CONTEXT_MAJOR_VERSION, 3, EGL_CONTEXT_MINOR_VERSION, 3,
                               EGL_CONTEXT_OPENGL_PROFILE_MASK, EGL_CONTEXT_OPENGL_CORE_PROFILE_BIT,
                               EGL_CONTEXT_OPENGL_DEBUG, debug ? EGL_TRUE : EGL_FALSE, EGL_NONE};
  EGLContext ctx = eglCreateContext(dpy, cfg, EGL_NO_CONTEXT, ctxAttribs);
  if (ctx == EGL_NO_CONTEXT) {
    why = "no OpenGL 3.3 core context " + eglErrorName(eglGetError());
    eglTerminate(dpy);
    return false;
  }
  EGLSurface surf = EGL_NO_SURFACE;
  if (!surfaceless) {
    const EGLint pb[] = {EGL_WIDTH, 1, EGL_HEIGHT, 1, EGL_NONE};
    surf = eglCreatePbufferSurface(dpy, cfg, pb);
  }
  if (!eglMakeCurrent(dpy, surf, surf, ctx)) {
    why = "eglMakeCurrent failed " + eglErrorName(eglGetError());
    eglDestroyContext(dpy, ctx);
    eglTerminate(dpy);
    return false;
  }
  impl.display = dpy;
  impl.context = ctx;
  impl.surface = surf;
  return true;
}

void* eglProc(const char* name) { return reinterpret_cast<void*>(eglGetProcAddress(name)); }

}  // namespace

HeadlessContext::HeadlessContext(bool debug) : impl_(std::make_unique<Impl>()) {
  std::string tried;
  const char* clientExt = eglQueryString(EGL_NO_DISPLAY, EGL_EXTENSIONS);
  auto getPlatformDisplay =
      reinterpret_cast<PFNEGLGETPLATFORMDISPLAYEXTPROC>(eglGetProcAddress("eglGetPlatformDisplayEXT"));
  auto queryDevices = reinterpret_cast<PFNEGLQUERYDEVICESEXTPROC>(eglGetProcAddress("eglQueryDevicesEXT"));
  bool done = false;

  if (getPlatformDisplay && queryDevices && hasExtension(clientExt, "EGL_EXT_platform_device")) {
    EGLDeviceEXT devices[16];
    EGLint n = 0;
    if (queryDevices(16, devices, &n)) {
      for (EGLint i = 0; i < n && !done; ++i) {
        std::string why;
        EGLDisplay d = getPlatformDisplay(EGL_PLATFORM_DEVICE_EXT, devices[i], nullptr);
        done = tryDisplay(d, debug, *impl_, why);
        if (done) description_ = "EGL device " + std::to_string(i);
        else tried += "\n  EGL device " + std::to_string(i) + ": " + why;
      }
    }
  }
  if (!done && getPlatformDisplay && hasExtension(clientExt, "EGL_MESA_platform_surfaceless")) {
    std::string why;
    done = tryDisplay(getPlatformDisplay(EGL_PLATFORM_SURFACELESS_MESA, EGL_DEFAULT_DISPLAY, nullptr), debug, *impl_, why);
    if (done) description_ = "EGL surfaceless";
    else tried += "\n  EGL surfaceless: " + why;
  }
  if (!done) {
    std::string why;
    done = tryDisplay(eglGetDisplay(EGL_DEFAULT_DISPLAY), debug, *impl_, why);
    if (done) description_ = "EGL default display";
    else tried += "\n  EGL default display: " + why;
  }
  if (!done) throw RenderError("no headless OpenGL 3.3 context could be created; tried:" + tried);
  description_ += ": " + loadGlFunctions(eglProc);
  if (debug) enableGlDebug();
}

HeadlessContext::~HeadlessContext() {
  if (impl_->display != EGL_NO_DISPLAY) {
    eglMakeCurrent(impl_->display, EGL_NO_SURFACE, EGL_NO_SURFACE, EGL_NO_CONTEXT);
    if (impl_->surface != EGL_NO_SURFACE) eglDestroySurface(impl_->display, impl_->surface);
    eglDestroyContext(impl_->display, impl_->context);
    eglTerminate(impl_->display);
  }
}

void HeadlessContext::makeCurrent() {
  eglMakeCurrent(impl_->display, impl_->surface, impl_->surface, impl_->context);
}

std::string loadGlFunctions(void* (*getProc)(const char*)) {
  int version = gladLoadGL(reinterpret_cast<GLADloadfunc>(getProc));
  if (!version) throw RenderError("OpenGL functions could not be loaded");
  if (GLAD_VERSION_MAJOR(version) * 10 + GLAD_VERSION_MINOR(version) < 33)
    throw RenderError("OpenGL 3.3 is required, the driver offers " + std::to_string(GLAD_VERSION_MAJOR(version)) +
                      "." + std::to_string(GLAD_VERSION_MINOR(version)));
  auto str = [](GLenum e) { auto s = glGetString(e); return s ? std::string(reinterpret_cast<const char*>(s)) : std::string("?"); };
  return str(GL_VENDOR) + " / " + str(GL_RENDERER) + " / " + str(GL_VERSION);
}

}  // namespace psoas
