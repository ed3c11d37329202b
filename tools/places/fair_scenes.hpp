#pragma once
// `places relay --scene FILE... --clock WHEN`: the events of scene files
// (format version 2) as the relay's FairConfig, and the event clock.
#include <string>
#include <vector>

#include "places/core/diagnostic.hpp"
#include "places/net/fair_config.hpp"

namespace places::cli {

// Loads every scene, checks that portals lead to one of them, and converts.
// Any error (with file and JSON path) leaves the value empty.
Result<net::FairConfig> fairConfigFromScenes(const std::vector<std::string>& files);

// "2024-10-09T10:15+02:00" fixes the event clock at that instant; "+3600" or
// "-86400" shifts the real clock by that many seconds. False when malformed.
bool applyFairClock(const std::string& text, net::FairConfig& config);

}  // namespace places::cli
