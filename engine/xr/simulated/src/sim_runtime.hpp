#pragma once
// The simulated runtime's objects. Handles given to the application are
// pointers to these objects (OpenXR handles are opaque pointers on 64-bit).
// Threads: the runtime assumes OpenXR's external-synchronisation rules; one
// mutex per instance guards the event queue and path table, which the spec
// allows apps to use from several threads.
#include <chrono>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <vector>

#include <vulkan/vulkan.h>
// The runtime defines the API functions itself (runtime_functions.hpp), in its
// own namespace: no global prototypes to collide with.
#define XR_NO_PROTOTYPES
#define XR_USE_GRAPHICS_API_VULKAN
#include <openxr/openxr.h>
#include <openxr/openxr_platform.h>

#include "places/xr_sim/sim_script.hpp"

namespace places::xr_sim {

constexpr XrSystemId kSystemId = 1;

struct Session;

struct Instance {
    SimConfig config;
    bool vulkanEnable2 = false;
    bool depthEnabled = false;        // app enabled XR_KHR_composition_layer_depth
    bool requirementsQueried = false;  // xrGetVulkanGraphicsRequirements2KHR called
    VkInstance vulkanInstance = VK_NULL_HANDLE;  // from xrGetVulkanGraphicsDevice2KHR
    std::mutex mutex;
    std::vector<std::string> paths{""};  // XrPath n = paths[n]; 0 is XR_NULL_PATH
    std::map<std::string, XrPath> pathIds;
    std::deque<XrEventDataBuffer> events;
    std::set<Session*> sessions;
    // Suggested bindings: profile path -> (action, binding path) pairs.
    std::map<std::string, std::vector<std::pair<struct Action*, std::string>>> suggested;

    XrPath pathFor(const std::string& text);
    std::string pathText(XrPath path);
    void pushEvent(const void* event, std::size_t size);
};

struct Swapchain;

struct Session {
    Instance* instance = nullptr;
    XrGraphicsBindingVulkan2KHR binding{};
    VkQueue queue = VK_NULL_HANDLE;
    VkCommandPool commandPool = VK_NULL_HANDLE;
    XrSessionState state = XR_SESSION_STATE_UNKNOWN;
    bool running = false;          // between xrBeginSession and xrEndSession
    bool exitRequested = false;
    bool lossPending = false;
    bool frameWaited = false;      // xrWaitFrame called, xrBeginFrame not yet
    bool frameBegun = false;       // xrBeginFrame called, xrEndFrame not yet
    std::uint64_t frame = 0;       // xrWaitFrame count since xrBeginSession
    std::uint64_t framesSubmitted = 0;
    std::uint64_t framesMissed = 0;  // display times skipped because the app was late
    std::uint64_t depthViews = 0;    // projection views submitted with a valid depth info
    bool depthReversed = false;      // the last depth info had nearZ > farZ (reverse-Z)
    std::chrono::steady_clock::time_point nextDisplay{};
    std::deque<std::pair<XrTime, std::uint64_t>> displayTimes;  // recent (time, frame)
    std::set<std::string> statesReached;
    std::vector<struct ActionSet*> attached;
    std::string profile;            // current interaction profile ("" = none)
    std::map<std::string, glm::dvec2> inputs;  // synced input values
    std::set<struct ActionSet*> activeSets;    // synced last by xrSyncActions
    std::set<Swapchain*> swapchains;
    std::set<struct Space*> spaces;  // children: destroyed with the session

    std::uint64_t frameAt(XrTime time) const;
    void setState(XrSessionState next);
    void writeStats() const;
    mutable bool statsRefused = false;  // the stats file's error is printed once, not on every write
};

struct Swapchain {
    Session* session = nullptr;
    XrSwapchainCreateInfo info{};
    VkFormat format = VK_FORMAT_UNDEFINED;
    std::vector<VkImage> images;
    std::vector<VkDeviceMemory> memory;
    std::deque<std::uint32_t> acquired;  // acquired, not yet released, in order
    std::uint32_t next = 0;
    bool waited = false;
    std::int64_t lastReleased = -1;

    bool lossPending() const { return session->lossPending; }
};

enum class SpaceKind { View, Local, Stage, Action };

struct Space {
    Session* session = nullptr;
    SpaceKind kind = SpaceKind::Stage;
    struct Action* action = nullptr;
    XrPath subaction = XR_NULL_PATH;
    XrPosef poseInSpace{{0, 0, 0, 1}, {0, 0, 0}};
};

struct ActionSet {
    Instance* instance = nullptr;
    std::string name;
    std::uint32_t priority = 0;
    bool attached = false;
    std::vector<struct Action*> actions;
};

struct Action {
    ActionSet* set = nullptr;
    std::string name;
    XrActionType type = XR_ACTION_TYPE_BOOLEAN_INPUT;
    std::vector<XrPath> subactions;
    std::map<std::string, glm::dvec2> lastValue;  // per subaction path text ("" = any)
    std::map<std::string, XrTime> lastChange;
};

template <class T, class H>
T* from(H handle) {
    return reinterpret_cast<T*>(handle);
}
template <class H, class T>
H to(T* object) {
    return reinterpret_cast<H>(object);
}

// Records and runs one command buffer on the app's queue, waiting for it.
VkResult submitOneShot(Session& session, const std::function<void(VkCommandBuffer)>& record);

XrTime nowXrTime();
XrTime toXrTime(std::chrono::steady_clock::time_point t);

// Copies the submitted eye images of frame `frame` to PNG files (eye-capture.cpp).
void captureEyes(Session& session, const XrFrameEndInfo& info, std::uint64_t frame);

// Checks one projection view's XrCompositionLayerDepthInfoKHR (depth_layer.cpp):
// XR_SUCCESS, or the error xrEndFrame returns. `color` is the view's colour sub-image.
XrResult validateDepthInfo(const Session& session, const XrCompositionLayerDepthInfoKHR& depth,
                           const XrSwapchainSubImage& color);

// Pose of a space in the STAGE frame at `time` (session_functions.cpp).
XrPosef stagePoseOf(const Space& space, XrTime time, bool* valid);

}  // namespace places::xr_sim
