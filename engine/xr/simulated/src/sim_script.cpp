#include "places/xr_sim/sim_script.hpp"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <fstream>
#include <set>
#include <sstream>

#include <nlohmann/json.hpp>

namespace places::xr_sim {
namespace {

using Json = nlohmann::json;

// Bounds that keep a hostile script's work finite (documented in the format doc).
constexpr std::size_t kMaxKeys = 100000;
constexpr std::uint64_t kMaxFrame = 100000000;

class Reader {
public:
    Reader(std::string file, Diagnostics& diags) : file_(std::move(file)), diags_(diags) {}

    void error(const std::string& pointer, const std::string& message) {
        diags_.error({file_, 0, 0, std::nullopt, pointer}, message);
    }
    void warning(const std::string& pointer, const std::string& message) {
        diags_.warning({file_, 0, 0, std::nullopt, pointer}, message);
    }

    std::optional<double> number(const Json& value, const std::string& pointer) {
        if (!value.is_number()) {
            error(pointer, "expected a number");
            return std::nullopt;
        }
        double v = value.get<double>();
        if (!std::isfinite(v)) {
            error(pointer, "number is not finite");
            return std::nullopt;
        }
        return v;
    }

    std::optional<std::uint64_t> frame(const Json& value, const std::string& pointer) {
        if (!value.is_number_unsigned() || value.get<std::uint64_t>() < 1 ||
            value.get<std::uint64_t>() > kMaxFrame) {
            error(pointer, "expected a frame number in [1, " + std::to_string(kMaxFrame) + "]");
            return std::nullopt;
        }
        return value.get<std::uint64_t>();
    }

    template <std::size_t N>
    std::optional<std::array<double, N>> vec(const Json& value, const std::string& pointer) {
        if (!value.is_array() || value.size() != N) {
            error(pointer, "expected an array of " + std::to_string(N) + " numbers");
            return std::nullopt;
        }
        std::array<double, N> out{};
        for (std::size_t i = 0; i < N; ++i) {
            auto v = number(value[i], pointer + "/" + std::to_string(i));
            if (!v) return std::nullopt;
            out[i] = *v;
        }
        return out;
    }

    std::optional<std::string> string(const Json& value, const std::string& pointer) {
        if (!value.is_string()) {
            error(pointer, "expected a string");
            return std::nullopt;
        }
        return value.get<std::string>();
    }

    // Pose keys: [{"frame": 1, "position": [x,y,z], "orientation": [x,y,z,w] | "yaw_deg": a}].
    std::vector<PoseKey> poses(const Json& value, const std::string& pointer) {
        std::vector<PoseKey> keys;
        if (!value.is_array()) {
            error(pointer, "expected an array of pose keys");
            return keys;
        }
        if (value.size() > kMaxKeys) {
            error(pointer, "more than " + std::to_string(kMaxKeys) + " keys");
            return keys;
        }
        for (std::size_t i = 0; i < value.size(); ++i) {
            const std::string at = pointer + "/" + std::to_string(i);
            const Json& key = value[i];
            if (!key.is_object()) {
                error(at, "expected an object");
                continue;
            }
            PoseKey pose;
            auto f = key.contains("frame") ? frame(key["frame"], at + "/frame") : std::nullopt;
            if (!f) {
                if (!key.contains("frame")) error(at, "missing \"frame\"");
                continue;
            }
            pose.frame = *f;
            if (key.contains("position")) {
                auto p = vec<3>(key["position"], at + "/position");
                if (!p) continue;
                pose.position = {(*p)[0], (*p)[1], (*p)[2]};
            }
            if (key.contains("orientation")) {
                auto q = vec<4>(key["orientation"], at + "/orientation");
                if (!q) continue;
                glm::dquat rotation((*q)[3], (*q)[0], (*q)[1], (*q)[2]);
                double length = glm::length(rotation);
                if (length < 1e-6) {
                    error(at + "/orientation", "quaternion has zero length");
                    continue;
                }
                pose.orientation = rotation / length;
            } else if (key.contains("yaw_deg")) {
                // Turning left (counter-clockwise seen from above) is positive, about +Y.
                auto yaw = number(key["yaw_deg"], at + "/yaw_deg");
                if (!yaw) continue;
                pose.orientation = glm::angleAxis(glm::radians(*yaw), glm::dvec3(0.0, 1.0, 0.0));
            }
            for (const auto& [name, unused] : key.items()) {
                (void)unused;
                if (name != "frame" && name != "position" && name != "orientation" && name != "yaw_deg")
                    warning(at + "/" + name, "unknown key ignored");
            }
            keys.push_back(pose);
        }
        std::stable_sort(keys.begin(), keys.end(),
                         [](const PoseKey& a, const PoseKey& b) { return a.frame < b.frame; });
        return keys;
    }

private:
    std::string file_;
    Diagnostics& diags_;
};

EyeFov fovFromDegrees(const std::array<double, 4>& deg) {
    return {glm::radians(deg[0]), glm::radians(deg[1]), glm::radians(deg[2]), glm::radians(deg[3])};
}

}  // namespace

Result<SimConfig> parseSimConfig(std::string_view text, const std::string& file) {
    Result<SimConfig> result;
    Reader r(file, result.diagnostics);
    Json root = Json::parse(text, nullptr, /*allow_exceptions=*/false);
    if (root.is_discarded()) {
        r.error("", "not valid JSON");
        return result;
    }
    if (!root.is_object()) {
        r.error("", "expected a JSON object");
        return result;
    }
    SimConfig config;
    for (const auto& [key, value] : root.items()) {
        const std::string at = "/" + key;
        if (key == "refresh_hz") {
            auto hz = r.number(value, at);
            if (hz && *hz != 72.0 && *hz != 90.0 && *hz != 120.0) r.error(at, "refresh_hz must be 72, 90 or 120");
            else if (hz) config.refreshHz = *hz;
        } else if (key == "depth_extension") {
            if (!value.is_boolean()) r.error(at, "expected true or false");
            else config.depthExtension = value.get<bool>();
        } else if (key == "vulkan_extension") {
            if (!value.is_boolean()) r.error(at, "expected true or false");
            else config.vulkanExtension = value.get<bool>();
        } else if (key == "headset_present") {
            if (!value.is_boolean()) r.error(at, "expected true or false");
            else config.headsetPresent = value.get<bool>();
        } else if (key == "eye_size") {
            auto size = r.vec<2>(value, at);
            if (size && ((*size)[0] < 16 || (*size)[0] > 8192 || (*size)[1] < 16 || (*size)[1] > 8192))
                r.error(at, "eye_size must be within [16, 8192] x [16, 8192]");
            else if (size) {
                config.eyeWidth = static_cast<std::uint32_t>((*size)[0]);
                config.eyeHeight = static_cast<std::uint32_t>((*size)[1]);
            }
        } else if (key == "ipd_m") {
            auto ipd = r.number(value, at);
            if (ipd && (*ipd < 0.0 || *ipd > 0.2)) r.error(at, "ipd_m must be within [0, 0.2] metres");
            else if (ipd) config.ipdMetres = *ipd;
        } else if (key == "fov_deg") {
            // {"left": [angleLeft, angleRight, angleUp, angleDown], "right": [...]}
            if (!value.is_object()) {
                r.error(at, "expected {\"left\": [4 numbers], \"right\": [4 numbers]}");
                continue;
            }
            for (int eye = 0; eye < 2; ++eye) {
                const char* name = eye == 0 ? "left" : "right";
                if (!value.contains(name)) continue;
                auto deg = r.vec<4>(value[name], at + "/" + name);
                if (!deg) continue;
                if (!((*deg)[0] < (*deg)[1] && (*deg)[3] < (*deg)[2]) ||
                    std::max({std::abs((*deg)[0]), std::abs((*deg)[1]), std::abs((*deg)[2]), std::abs((*deg)[3])}) >= 89.0)
                    r.error(at + "/" + name, "need left < right, down < up, every angle within (-89, 89) degrees");
                else
                    config.fov[static_cast<std::size_t>(eye)] = fovFromDegrees(*deg);
            }
        } else if (key == "interaction_profile") {
            auto s = r.string(value, at);
            if (s && s->rfind("/interaction_profiles/", 0) != 0)
                r.error(at, "must start with /interaction_profiles/");
            else if (s) config.interactionProfile = *s;
        } else if (key == "exit_at_frame") {
            if (auto f = r.frame(value, at)) config.exitAtFrame = *f;
        } else if (key == "loss_at_frame") {
            if (auto f = r.frame(value, at)) config.lossAtFrame = *f;
        } else if (key == "head") {
            config.head = r.poses(value, at);
        } else if (key == "hands") {
            if (!value.is_object()) {
                r.error(at, "expected {\"left\": [pose keys], \"right\": [pose keys]}");
                continue;
            }
            for (const auto& [hand, keys] : value.items()) {
                if (hand != "left" && hand != "right") r.error(at + "/" + hand, "hand must be left or right");
                else config.hands[hand] = r.poses(keys, at + "/" + hand);
            }
        } else if (key == "inputs") {
            // [{"frame": 10, "path": "/user/hand/right/input/a/click", "value": 1}]
            // or "value": [x, y] for a thumbstick/trackpad.
            if (!value.is_array() || value.size() > kMaxKeys) {
                r.error(at, "expected an array of at most " + std::to_string(kMaxKeys) + " input keys");
                continue;
            }
            for (std::size_t i = 0; i < value.size(); ++i) {
                const std::string ai = at + "/" + std::to_string(i);
                const Json& k = value[i];
                if (!k.is_object() || !k.contains("frame") || !k.contains("path") || !k.contains("value")) {
                    r.error(ai, "expected {\"frame\", \"path\", \"value\"}");
                    continue;
                }
                InputKey input;
                auto f = r.frame(k["frame"], ai + "/frame");
                auto path = r.string(k["path"], ai + "/path");
                if (!f || !path) continue;
                if (path->rfind("/user/hand/left/input/", 0) != 0 && path->rfind("/user/hand/right/input/", 0) != 0) {
                    r.error(ai + "/path", "must start with /user/hand/left/input/ or /user/hand/right/input/");
                    continue;
                }
                input.frame = *f;
                input.path = *path;
                if (k["value"].is_array()) {
                    auto xy = r.vec<2>(k["value"], ai + "/value");
                    if (!xy) continue;
                    input.xy = {(*xy)[0], (*xy)[1]};
                } else {
                    auto v = r.number(k["value"], ai + "/value");
                    if (!v) continue;
                    input.xy = {*v, 0.0};
                }
                config.inputs.push_back(std::move(input));
            }
            std::stable_sort(config.inputs.begin(), config.inputs.end(),
                             [](const InputKey& a, const InputKey& b) { return a.frame < b.frame; });
        } else if (key == "capture") {
            // {"directory": "out", "frames": [1, 300]}
            if (!value.is_object()) {
                r.error(at, "expected {\"directory\": ..., \"frames\": [...]}");
                continue;
            }
            if (value.contains("directory")) {
                if (auto dir = r.string(value["directory"], at + "/directory")) config.captureDirectory = *dir;
            }
            if (value.contains("frames")) {
                const Json& frames = value["frames"];
                if (!frames.is_array() || frames.size() > 1000) {
                    r.error(at + "/frames", "expected an array of at most 1000 frame numbers");
                } else {
                    for (std::size_t i = 0; i < frames.size(); ++i)
                        if (auto f = r.frame(frames[i], at + "/frames/" + std::to_string(i)))
                            config.captureFrames.push_back(*f);
                }
            }
        } else if (key == "stats_file") {
            if (auto s = r.string(value, at)) config.statsFile = *s;
        } else {
            r.warning(at, "unknown key ignored");
        }
    }
    result.value = std::move(config);
    return result;
}

Result<SimConfig> loadSimConfigFromEnvironment() {
    Result<SimConfig> result;
    if (const char* path = std::getenv("PLACES_XR_SIM_CONFIG"); path && *path) {
        std::ifstream in(path, std::ios::binary);
        if (!in) {
            result.diagnostics.error({path}, "cannot open the simulated runtime's config (PLACES_XR_SIM_CONFIG)");
            return result;
        }
        std::stringstream text;
        text << in.rdbuf();
        result = parseSimConfig(text.str(), path);
        if (!result.value) return result;
    } else {
        result.value = SimConfig{};
    }
    if (const char* dir = std::getenv("PLACES_XR_SIM_CAPTURE_DIR"); dir && *dir) result.value->captureDirectory = dir;
    if (const char* stats = std::getenv("PLACES_XR_SIM_STATS"); stats && *stats) result.value->statsFile = stats;
    return result;
}

PoseKey poseAt(const std::vector<PoseKey>& keys, std::uint64_t frame, const PoseKey& fallback) {
    if (keys.empty()) return fallback;
    if (frame <= keys.front().frame) return keys.front();
    if (frame >= keys.back().frame) return keys.back();
    auto next = std::upper_bound(keys.begin(), keys.end(), frame,
                                 [](std::uint64_t f, const PoseKey& k) { return f < k.frame; });
    const PoseKey& b = *next;
    const PoseKey& a = *(next - 1);
    double t = static_cast<double>(frame - a.frame) / static_cast<double>(b.frame - a.frame);
    PoseKey out;
    out.frame = frame;
    out.position = glm::mix(a.position, b.position, t);
    out.orientation = glm::slerp(a.orientation, b.orientation, t);
    return out;
}

std::map<std::string, glm::dvec2> inputsAt(const std::vector<InputKey>& keys, std::uint64_t frame) {
    std::map<std::string, glm::dvec2> values;
    for (const InputKey& key : keys) {
        if (key.frame > frame) break;
        values[key.path] = key.xy;
    }
    return values;
}

}  // namespace places::xr_sim
