#pragma once
// OpenXR with its Vulkan platform types: openxr_platform.h needs <vulkan/vulkan.h>
// and XR_USE_GRAPHICS_API_VULKAN first, in this order, everywhere.
#include <vulkan/vulkan.h>
#ifndef XR_USE_GRAPHICS_API_VULKAN
#define XR_USE_GRAPHICS_API_VULKAN
#endif
#include <openxr/openxr.h>
#include <openxr/openxr_platform.h>
