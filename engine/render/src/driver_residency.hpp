#pragma once

namespace places::render {

// In AddressSanitizer builds: keeps the Vulkan drivers and layers that the
// loader has loaded resident until the process exits (see the .cpp for why).
// Elsewhere: does nothing.
void keepDriversResidentForLeakCheck();

}  // namespace places::render
