#pragma once
// The end of a front end's run with the Vulkan validation layer: every
// message it recorded to stderr, then "<who>: N validation messages". Any
// message fails the run (exit 1), so tests with validation on catch them.
#include "places/render/instance.hpp"

namespace places::runtime {

// True (and the report written) when `log` holds any message.
bool reportValidationMessages(const render::ValidationLog& log, const char* who);

}  // namespace places::runtime
