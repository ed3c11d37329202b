#include "places/xr/xr_check.hpp"

#include <openxr/openxr_reflection.h>

namespace places::xr {

const char* toString(XrResult result) {
    switch (result) {
#define PLACES_XR_CASE(name, value) \
    case name: return #name;
        XR_LIST_ENUM_XrResult(PLACES_XR_CASE)
#undef PLACES_XR_CASE
        default: return "XR_(unknown result)";
    }
}

const char* toString(XrSessionState state) {
    switch (state) {
#define PLACES_XR_CASE(name, value) \
    case name: return #name;
        XR_LIST_ENUM_XrSessionState(PLACES_XR_CASE)
#undef PLACES_XR_CASE
        default: return "XR_SESSION_STATE_(unknown)";
    }
}

void throwXrError(XrResult result, const char* call, const char* file, unsigned line) {
    throw XrError(std::string(call) + " failed with " + toString(result) + " at " + file + ":" + std::to_string(line),
                  result);
}

}  // namespace places::xr
