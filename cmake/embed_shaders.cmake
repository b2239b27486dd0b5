# Turns shaders/*.glsl into a C++ table at build time; editing a shader rebuilds only that table.
file(GLOB PSOAS_SHADER_FILES CONFIGURE_DEPENDS ${PROJECT_SOURCE_DIR}/shaders/*.glsl)
set(PSOAS_EMBEDDED_SHADERS_DIR ${CMAKE_BINARY_DIR}/generated)
set(PSOAS_EMBEDDED_SHADERS_CPP ${PSOAS_EMBEDDED_SHADERS_DIR}/embedded_shaders.cpp)
add_custom_command(
  OUTPUT ${PSOAS_EMBEDDED_SHADERS_CPP}
  COMMAND ${CMAKE_COMMAND} -DOUT=${PSOAS_EMBEDDED_SHADERS_CPP} -DSHADER_DIR=${PROJECT_SOURCE_DIR}/shaders
          -P ${PROJECT_SOURCE_DIR}/cmake/write_shader_table.cmake
  DEPENDS ${PSOAS_SHADER_FILES} ${PROJECT_SOURCE_DIR}/cmake/write_shader_table.cmake
  COMMENT "Embedding shaders")
