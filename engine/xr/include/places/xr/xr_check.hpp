#pragma once
// The one check helper for OpenXR calls (style.md, 4), like hello_xr's CHECK_XRCMD:
// a failing call throws XrError naming the call text, the XrResult and the
// file:line of the call site. Success codes other than XR_SUCCESS (e.g.
// XR_SESSION_LOSS_PENDING, XR_FRAME_DISCARDED) are returned to the caller.
#include <stdexcept>
#include <string>

#include "places/xr/openxr.hpp"

namespace places::xr {

class XrError : public std::runtime_error {
public:
    XrError(const std::string& message, XrResult result) : std::runtime_error(message), result_(result) {}
    XrResult result() const { return result_; }

private:
    XrResult result_;
};

// "XR_ERROR_SESSION_LOST"; works without an instance (the reflection header).
const char* toString(XrResult result);
const char* toString(XrSessionState state);

[[noreturn]] void throwXrError(XrResult result, const char* call, const char* file, unsigned line);

inline XrResult checkXr(XrResult result, const char* call, const char* file = __builtin_FILE(),
                        unsigned line = __builtin_LINE()) {
    if (XR_FAILED(result)) throwXrError(result, call, file, line);
    return result;
}

}  // namespace places::xr

// Records the call's text so the message says which call failed.
#define PLACES_XR_CHECK(call) ::places::xr::checkXr((call), #call)
