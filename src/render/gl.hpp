#pragma once
// The one place that includes the generated GL loader.
#include <glad/gl.h>
