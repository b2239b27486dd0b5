#pragma once
// An OpenGL 3.3 core context with no window and no display server, through EGL: an EGL device
// (NVIDIA, or Mesa's software device), else Mesa's surfaceless platform, else the default display.
#include <memory>
#include <string>

namespace psoas {

class HeadlessContext {
 public:
  explicit HeadlessContext(bool debug = false);  // throws RenderError saying what was tried
  ~HeadlessContext();
  HeadlessContext(const HeadlessContext&) = delete;
  HeadlessContext& operator=(const HeadlessContext&) = delete;

  void makeCurrent();
  const std::string& description() const { return description_; }  // "EGL device: NVIDIA ..." etc.

  struct Impl;

 private:
  std::unique_ptr<Impl> impl_;
  std::string description_;
};

// Loads GL entry points through glad; returns "vendor / renderer / version" for messages.
std::string loadGlFunctions(void* (*getProc)(const char*));

}  // namespace psoas
