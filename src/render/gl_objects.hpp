#pragma once
// Move-only owners for GL objects: a GL name is deleted exactly once, by whoever owns it last.
#include <utility>

#include "render/gl.hpp"

namespace psoas::gl {

template <class Traits>
class Object {
 public:
  Object() = default;
  static Object create() { Object o; o.id_ = Traits::create(); return o; }
  explicit Object(GLuint adopt) : id_(adopt) {}
  ~Object() { reset(); }
  Object(Object&& o) noexcept : id_(std::exchange(o.id_, 0)) {}
  Object& operator=(Object&& o) noexcept {
    if (this != &o) { reset(); id_ = std::exchange(o.id_, 0); }
    return *this;
  }
  Object(const Object&) = delete;
  Object& operator=(const Object&) = delete;
  GLuint id() const { return id_; }
  explicit operator bool() const { return id_ != 0; }
  void reset() { if (id_) Traits::destroy(id_); id_ = 0; }

 private:
  GLuint id_ = 0;
};

struct BufferTraits { static GLuint create(); static void destroy(GLuint); };
struct VertexArrayTraits { static GLuint create(); static void destroy(GLuint); };
struct TextureTraits { static GLuint create(); static void destroy(GLuint); };
struct FramebufferTraits { static GLuint create(); static void destroy(GLuint); };
struct RenderbufferTraits { static GLuint create(); static void destroy(GLuint); };
struct ProgramTraits { static GLuint create(); static void destroy(GLuint); };
struct ShaderTraits { static GLuint create() { return 0; } static void destroy(GLuint); };

using Buffer = Object<BufferTraits>;
using VertexArray = Object<VertexArrayTraits>;
using Texture = Object<TextureTraits>;
using Framebuffer = Object<FramebufferTraits>;
using Renderbuffer = Object<RenderbufferTraits>;
using Program = Object<ProgramTraits>;
using Shader = Object<ShaderTraits>;

// A 2D texture with nearest filtering, clamped, of the given internal format.
Texture makeTexture2D(int width, int height, GLenum internalFormat, GLenum format, GLenum type);

}  // namespace psoas::gl
