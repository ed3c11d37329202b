#pragma once
// The desktop view source: a mouse-and-keyboard camera in the local frame
// (visibility's yaw/pitch conventions). Orbit: the eye circles `target` at
// `distance`; fly: the eye moves freely. Input arrives in pixels (mouse) and
// metres (keys); the front end maps its events onto these calls.
#include <cstdint>
#include <functional>
#include <optional>

#include "places/runtime/frame_loop.hpp"

namespace places::runtime {

// Local y of the ground at local (x, z); nullopt where there is none (off the
// terrain). The client passes the city's terrain (city::GroundHeights): the
// terrain only, so a visitor never climbs onto a roof.
using GroundAt = std::function<std::optional<double>(double x, double z)>;

// Whether a visitor with their feet at `feet` (local frame) would stand in a
// prop or a building; the client passes obstructionAt over its scene (standing_room.hpp).
using Obstructed = std::function<bool(const glm::dvec3& feet)>;

struct WalkSettings {
    double eyeHeightM = 1.7;
    double maxStepM = 0.5;        // a higher rise between two positions stops the walk (a cliff, a wall of relief)
    double maxSlope = 1.0;        // plus this much rise per metre walked (45 degrees)
    double settleSeconds = 0.15;  // time constant of the eye easing to its new height
    double snapM = 2.0;           // a larger height change (a jump) is taken at once
};

class DesktopCamera final : public ViewSource {
public:
    const render::Camera& camera() const { return camera_; }
    bool fly() const { return fly_; }
    void toggleFly() { fly_ = !fly_ || walking_; }
    // A walking visitor: looks around like fly mode, but moves only along the
    // ground with the eye at `eyeY` (local y); wheel and Q/E do not lift it.
    void walk(double eyeY) {
        walking_ = true;
        fly_ = true;
        eyeY_ = eyeY;
        feetY_ = eyeY - walk_.eyeHeightM;
        camera_.pose.position.y = eyeY;
    }
    bool walking() const { return walking_; }
    // Walking on the terrain: the eye stays `settings.eyeHeightM` above the
    // ground under it, easing there (settle) rather than jumping with every
    // triangle; a move on the terrain whose ground rises more than the max
    // step (plus the slope allowance) is refused; off the terrain the feet
    // keep their level, and stepping back onto it is always allowed.
    // An empty `ground` walks on the level the eye is at now (a venue
    // without terrain).
    void walkOnGround(GroundAt ground, const WalkSettings& settings = {});
    // A walking visitor's step into a prop or a building is refused, or
    // slides along it on the axis that stays clear (as a headset's smooth
    // locomotion refuses a step into a wall). Empty: nothing is in the way.
    void keepClear(Obstructed obstructed) { obstructed_ = std::move(obstructed); }
    // Walking steps refused (a wall, a prop, too steep a rise), sliding ones included.
    std::uint64_t stepsBlocked() const { return stepsBlocked_; }
    // Eases the eye towards its height above the ground; call once a frame.
    void settle(double seconds);
    double feetY() const { return feetY_; }

    // Starts at `camera`, orbiting the point it looks at (at least 20 m ahead).
    void jumpTo(const render::Camera& camera);
    void rotate(double dxPx, double dyPx);  // yaw/pitch; orbit mode keeps the target
    void pan(double dxPx, double dyPx);     // along the ground, scaled by the orbit distance
    void zoom(double steps);                // orbit: closer/farther; fly: forward/back
    // `local`: x right, y up, z forward (normalised by the caller), moved `metres`.
    void move(const glm::dvec3& local, double metres);

    render::FrameViews views(const FrameExtent& extent) override {
        return render::monoViews(camera_, extent.aspect());
    }

    // A walk is taken in pieces of at most this (half a body's width, see
    // BodySpace), at most kMaxWalkPieces a move.
    static constexpr double kWalkPieceM = 0.25;
    static constexpr int kMaxWalkPieces = 64;

private:
    glm::dvec3 forward() const;
    // One piece of a walk, along the ground; false (and nothing moved) when it
    // ends in an obstacle. `stuck` caches whether the current spot is in one.
    bool stepBy(const glm::dvec3& step, std::optional<bool>& stuck);

    render::Camera camera_;
    glm::dvec3 target_{0.0};
    double distance_ = 100.0;
    bool fly_ = false;
    bool walking_ = false;
    double eyeY_ = 0.0;
    GroundAt ground_;
    WalkSettings walk_;
    double feetY_ = 0.0;
    bool onTerrain_ = false;  // the feet stand on the terrain (not off its edge)
    Obstructed obstructed_;
    std::uint64_t stepsBlocked_ = 0;
};

}  // namespace places::runtime
