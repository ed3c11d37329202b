#pragma once
// Sets up the environment a `places xr --simulated` child inherits: the
// simulated headset's config (written to a temp file) and the OpenXR core
// validation layer reporting as text into `validationFile` (a test checks
// that file stays empty). Shared by the tests that run `places xr`.
#include <cstdlib>
#include <string>

#include <nlohmann/json.hpp>

#include "run_places.hpp"

namespace places::xr::test {

inline void useSimulatedHeadset(const std::string& configName, const nlohmann::json& script,
                                const std::string& validationFile) {
    ::setenv("PLACES_XR_SIM_CONFIG", places::city::test::writeTemp(configName, script.dump()).c_str(), 1);
    ::setenv("XR_ENABLE_API_LAYERS", "XR_APILAYER_LUNARG_core_validation", 1);
    ::setenv("XR_CORE_VALIDATION_EXPORT_TYPE", "text", 1);
    ::setenv("XR_CORE_VALIDATION_FILE_NAME", validationFile.c_str(), 1);
}

}  // namespace places::xr::test
