#include "app/run_viewer.hpp"

#include <csignal>
#include <cstdlib>
#include <future>
#include <iostream>

#include <GLFW/glfw3.h>
#include <imgui.h>
#include <imgui_impl_glfw.h>
#include <imgui_impl_opengl3.h>

#include "core/settings.hpp"
#include "app/viewer.hpp"
#include "render/gl_debug.hpp"
#include "render/headless_context.hpp"

namespace psoas {

namespace {
volatile std::sig_atomic_t g_quit = 0;
void onSignal(int) { g_quit = 1; }
Viewer* viewerOf(GLFWwindow* w) { return static_cast<Viewer*>(glfwGetWindowUserPointer(w)); }
void onGlfwError(int code, const char* what) { std::cerr << "psoas-atlas: GLFW error " << code << ": " << what << "\n"; }

GLFWwindow* openWindow(const AppSettings& settings, bool debug) {
  glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
  glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 3);
  glfwWindowHint(GLFW_OPENGL_PROFILE, GLFW_OPENGL_CORE_PROFILE);
  glfwWindowHint(GLFW_OPENGL_FORWARD_COMPAT, GLFW_TRUE);
  glfwWindowHint(GLFW_SCALE_TO_MONITOR, GLFW_TRUE);
  glfwWindowHint(GLFW_MAXIMIZED, settings.maximized ? GLFW_TRUE : GLFW_FALSE);
  if (debug) glfwWindowHint(GLFW_OPENGL_DEBUG_CONTEXT, GLFW_TRUE);
  return glfwCreateWindow(settings.windowWidth, settings.windowHeight, "Psoas Atlas", nullptr, nullptr);
}

void installCallbacks(GLFWwindow* window, Viewer& viewer) {
  glfwSetWindowUserPointer(window, &viewer);
  // Set before ImGui installs its callbacks: ImGui chains to these, and the viewer checks
  // WantCaptureMouse/Keyboard so that typing in a panel never moves the camera.
  glfwSetScrollCallback(window, [](GLFWwindow* w, double dx, double dy) { viewerOf(w)->onScroll(dx, dy); });
  glfwSetKeyCallback(window, [](GLFWwindow* w, int key, int, int action, int mods) {
    if (action == GLFW_PRESS) viewerOf(w)->onKey(key, mods);
  });
  glfwSetMouseButtonCallback(window, [](GLFWwindow* w, int button, int action, int mods) {
    double x = 0, y = 0;
    glfwGetCursorPos(w, &x, &y);
    viewerOf(w)->onMouseButton(button, action == GLFW_PRESS, mods & (GLFW_MOD_SHIFT | GLFW_MOD_CONTROL),
                               glm::vec2(float(x), float(y)));
  });
  glfwSetCursorPosCallback(window, [](GLFWwindow* w, double, double) { viewerOf(w)->noteActivity(); });
  glfwSetWindowSizeCallback(window, [](GLFWwindow* w, int, int) { viewerOf(w)->noteActivity(); });
  glfwSetDropCallback(window, [](GLFWwindow* w, int n, const char** p) { viewerOf(w)->onDrop(n, p); });
}
}  // namespace

int runViewer(const std::string& atlasPath, const std::vector<std::string>& openFiles, float uiScale,
              const MeshTransform& modelTransform) {
  const char* display = std::getenv("DISPLAY");
  const char* wayland = std::getenv("WAYLAND_DISPLAY");
  if ((!display || !*display) && (!wayland || !*wayland)) {
    std::cerr << "psoas-atlas: no display found (neither DISPLAY nor WAYLAND_DISPLAY is set).\n"
                 "  To make a figure without a display: psoas-atlas render --view anterior --out figure.png\n";
    return 2;
  }
  // Read the atlas while the window and the GL context come up: both take a good part of a second.
  // Quickly simplified meshes too: the first frame is a draft, and draws them (the viewer replaces them
  // with better ones after that frame).
  std::future<PreloadedAtlas> preload = std::async(std::launch::async, [atlasPath] {
    PreloadedAtlas out{loadAtlas(atlasPath), {}};
    out.lods = buildLods(out.atlas, true);
    return out;
  });
  glfwSetErrorCallback(onGlfwError);
  if (!glfwInit()) {
    std::cerr << "psoas-atlas: the window system could not be initialised\n";
    return 4;
  }
  std::filesystem::path cfgDir = configDirectory();
  std::filesystem::path settingsFile = cfgDir / "settings.json";
  std::string settingsWarning;
  AppSettings settings = loadSettings(settingsFile, settingsWarning);
  settings.uiScaleOverride = uiScale;
  if (!settingsWarning.empty()) std::cerr << "psoas-atlas: your settings file could not be read whole:\n" << settingsWarning << "\n";

#ifdef NDEBUG
  bool debug = std::getenv("PSOAS_GL_DEBUG") != nullptr;
#else
  bool debug = true;  // debug builds: any GL error is reported as an error, at once
#endif
  GLFWwindow* window = openWindow(settings, debug);
  if (!window) {
    std::cerr << "psoas-atlas: no OpenGL 3.3 window could be opened\n";
    glfwTerminate();
    return 4;
  }
  glfwMakeContextCurrent(window);
  glfwSwapInterval(1);
  int rc = 0;
  try {
    loadGlFunctions(reinterpret_cast<void* (*)(const char*)>(glfwGetProcAddress));
    if (debug) enableGlDebug();

    IMGUI_CHECKVERSION();
    ImGui::CreateContext();
    static std::string iniPath = (cfgDir / "imgui.ini").string();
    std::error_code ec;
    std::filesystem::create_directories(cfgDir, ec);
    ImGui::GetIO().IniFilename = ec ? nullptr : iniPath.c_str();

    Viewer viewer(window, settings);
    installCallbacks(window, viewer);
    ImGui_ImplGlfw_InitForOpenGL(window, true);
    ImGui_ImplOpenGL3_Init("#version 330");

    if (!settingsWarning.empty()) viewer.showError("Your settings file could not be read.\n\n" + settingsWarning);
    // Ctrl+C or a polite kill closes the window normally, so settings are still saved.
    std::signal(SIGINT, onSignal);
    std::signal(SIGTERM, onSignal);
    viewer.setQuitFlag(&g_quit);
    viewer.setModelTransform(modelTransform);
    viewer.openAtlas(atlasPath, &preload);
    viewer.openFiles(openFiles);
    viewer.run();

    ImGui_ImplOpenGL3_Shutdown();
    ImGui_ImplGlfw_Shutdown();
    ImGui::DestroyContext();
  } catch (const std::exception& e) {
    std::cerr << "psoas-atlas: " << e.what() << "\n";
    rc = 4;
  }
  try {
    saveSettings(settings, settingsFile);
  } catch (const std::exception& e) {
    std::cerr << "psoas-atlas: settings not saved: " << e.what() << "\n";
  }
  glfwDestroyWindow(window);
  glfwTerminate();
  return rc;
}

}  // namespace psoas
