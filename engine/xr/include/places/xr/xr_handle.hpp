#pragma once
// Move-only owner of one OpenXR handle (style.md, 5): XrInstance, XrSession,
// XrSpace, XrSwapchain, XrActionSet. Destroyed with the matching xrDestroy*
// call; the owner of a parent handle must outlive its children (declare the
// parent first in a struct so it is destroyed last).
#include <utility>

#include "places/xr/openxr.hpp"

namespace places::xr {

template <class Handle, XrResult(XRAPI_PTR* Destroy)(Handle)>
class XrHandle {
public:
    XrHandle() = default;
    explicit XrHandle(Handle handle) : handle_(handle) {}
    ~XrHandle() { reset(); }
    XrHandle(XrHandle&& other) noexcept : handle_(std::exchange(other.handle_, XR_NULL_HANDLE)) {}
    XrHandle& operator=(XrHandle&& other) noexcept {
        if (this != &other) {
            reset();
            handle_ = std::exchange(other.handle_, XR_NULL_HANDLE);
        }
        return *this;
    }
    XrHandle(const XrHandle&) = delete;
    XrHandle& operator=(const XrHandle&) = delete;

    Handle get() const { return handle_; }
    explicit operator bool() const { return handle_ != XR_NULL_HANDLE; }
    // Destroys the handle now (e.g. a lost session before the instance).
    void reset() {
        if (handle_ != XR_NULL_HANDLE) Destroy(std::exchange(handle_, XR_NULL_HANDLE));
    }

private:
    Handle handle_ = XR_NULL_HANDLE;
};

using InstanceHandle = XrHandle<XrInstance, xrDestroyInstance>;
using SessionHandle = XrHandle<XrSession, xrDestroySession>;
using SpaceHandle = XrHandle<XrSpace, xrDestroySpace>;
using SwapchainHandle = XrHandle<XrSwapchain, xrDestroySwapchain>;
using ActionSetHandle = XrHandle<XrActionSet, xrDestroyActionSet>;

}  // namespace places::xr
