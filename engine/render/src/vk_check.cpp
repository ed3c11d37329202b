#include "places/render/vk_check.hpp"

#include <string>

namespace places::render {

const char* toString(VkResult result) {
    switch (result) {
#define PLACES_CASE(r) \
    case r: return #r;
        PLACES_CASE(VK_SUCCESS)
        PLACES_CASE(VK_NOT_READY)
        PLACES_CASE(VK_TIMEOUT)
        PLACES_CASE(VK_EVENT_SET)
        PLACES_CASE(VK_EVENT_RESET)
        PLACES_CASE(VK_INCOMPLETE)
        PLACES_CASE(VK_ERROR_OUT_OF_HOST_MEMORY)
        PLACES_CASE(VK_ERROR_OUT_OF_DEVICE_MEMORY)
        PLACES_CASE(VK_ERROR_INITIALIZATION_FAILED)
        PLACES_CASE(VK_ERROR_DEVICE_LOST)
        PLACES_CASE(VK_ERROR_MEMORY_MAP_FAILED)
        PLACES_CASE(VK_ERROR_LAYER_NOT_PRESENT)
        PLACES_CASE(VK_ERROR_EXTENSION_NOT_PRESENT)
        PLACES_CASE(VK_ERROR_FEATURE_NOT_PRESENT)
        PLACES_CASE(VK_ERROR_INCOMPATIBLE_DRIVER)
        PLACES_CASE(VK_ERROR_TOO_MANY_OBJECTS)
        PLACES_CASE(VK_ERROR_FORMAT_NOT_SUPPORTED)
        PLACES_CASE(VK_ERROR_FRAGMENTED_POOL)
        PLACES_CASE(VK_ERROR_OUT_OF_POOL_MEMORY)
        PLACES_CASE(VK_ERROR_SURFACE_LOST_KHR)
        PLACES_CASE(VK_ERROR_NATIVE_WINDOW_IN_USE_KHR)
        PLACES_CASE(VK_SUBOPTIMAL_KHR)
        PLACES_CASE(VK_ERROR_OUT_OF_DATE_KHR)
        PLACES_CASE(VK_ERROR_VALIDATION_FAILED_EXT)
#undef PLACES_CASE
        default: return "VK_ERROR_(unknown)";
    }
}

void throwVulkanError(VkResult result, const char* call, const char* file, unsigned line) {
    std::string message = std::string(call) + " failed: " + toString(result) + " (" +
                          std::to_string(static_cast<int>(result)) + ") at " + file + ":" +
                          std::to_string(line);
    throw VulkanError(message, result);
}

}  // namespace places::render
