#include "render/gl_objects.hpp"

namespace psoas::gl {

GLuint BufferTraits::create() { GLuint id = 0; glGenBuffers(1, &id); return id; }
void BufferTraits::destroy(GLuint id) { glDeleteBuffers(1, &id); }
GLuint VertexArrayTraits::create() { GLuint id = 0; glGenVertexArrays(1, &id); return id; }
void VertexArrayTraits::destroy(GLuint id) { glDeleteVertexArrays(1, &id); }
GLuint TextureTraits::create() { GLuint id = 0; glGenTextures(1, &id); return id; }
void TextureTraits::destroy(GLuint id) { glDeleteTextures(1, &id); }
GLuint FramebufferTraits::create() { GLuint id = 0; glGenFramebuffers(1, &id); return id; }
void FramebufferTraits::destroy(GLuint id) { glDeleteFramebuffers(1, &id); }
GLuint RenderbufferTraits::create() { GLuint id = 0; glGenRenderbuffers(1, &id); return id; }
void RenderbufferTraits::destroy(GLuint id) { glDeleteRenderbuffers(1, &id); }
GLuint ProgramTraits::create() { return glCreateProgram(); }
void ProgramTraits::destroy(GLuint id) { glDeleteProgram(id); }
void ShaderTraits::destroy(GLuint id) { glDeleteShader(id); }

Texture makeTexture2D(int width, int height, GLenum internalFormat, GLenum format, GLenum type) {
  Texture t = Texture::create();
  glBindTexture(GL_TEXTURE_2D, t.id());
  glTexImage2D(GL_TEXTURE_2D, 0, GLint(internalFormat), width, height, 0, format, type, nullptr);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_NEAREST);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_NEAREST);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_S, GL_CLAMP_TO_EDGE);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_T, GL_CLAMP_TO_EDGE);
  glBindTexture(GL_TEXTURE_2D, 0);
  return t;
}

}  // namespace psoas::gl
