#pragma once
// The desktop view source: a mouse-and-keyboard camera in the local frame
// (visibility's yaw/pitch conventions). Orbit: the eye circles `target` at
// `distance`; fly: the eye moves freely. Input arrives in pixels (mouse) and
// metres (keys); the front end maps its events onto these calls.
#include "places/runtime/frame_loop.hpp"

namespace places::runtime {

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
        camera_.pose.position.y = eyeY;
    }
    bool walking() const { return walking_; }

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

private:
    glm::dvec3 forward() const;

    render::Camera camera_;
    glm::dvec3 target_{0.0};
    double distance_ = 100.0;
    bool fly_ = false;
    bool walking_ = false;
    double eyeY_ = 0.0;
};

}  // namespace places::runtime
