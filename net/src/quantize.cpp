#include "places/net/quantize.hpp"

#include <algorithm>
#include <cmath>

namespace places::net {
namespace {

constexpr float kComponentRange = 0.70710678f;  // |non-largest component| <= 1/sqrt(2)
constexpr float kSteps = 1023.0f;

std::uint32_t quantizeComponent(float v) {
    const float t = (std::clamp(v, -kComponentRange, kComponentRange) + kComponentRange) / (2.0f * kComponentRange);
    return static_cast<std::uint32_t>(std::lround(t * kSteps));
}

float dequantizeComponent(std::uint32_t v) {
    return static_cast<float>(v) / kSteps * (2.0f * kComponentRange) - kComponentRange;
}

std::int16_t relativeMm(float metres) {
    const float mm = std::clamp(std::round(metres * 1000.0f), -32767.0f, 32767.0f);
    return static_cast<std::int16_t>(mm);
}

}  // namespace

std::uint32_t packQuaternion(glm::quat q) {
    float c[4] = {q.x, q.y, q.z, q.w};
    const float len = std::sqrt(c[0] * c[0] + c[1] * c[1] + c[2] * c[2] + c[3] * c[3]);
    if (!(len > 1e-6f) || !std::isfinite(len)) return 3u << 30 | quantizeComponent(0) << 20 | quantizeComponent(0) << 10 | quantizeComponent(0);
    std::uint32_t largest = 0;
    for (std::uint32_t i = 1; i < 4; ++i)
        if (std::fabs(c[i]) > std::fabs(c[largest])) largest = i;
    const float sign = c[largest] < 0.0f ? -1.0f : 1.0f;
    std::uint32_t bits = largest << 30;
    int shift = 20;
    for (std::uint32_t i = 0; i < 4; ++i) {
        if (i == largest) continue;
        bits |= quantizeComponent(sign * c[i] / len) << shift;
        shift -= 10;
    }
    return bits;
}

glm::quat unpackQuaternion(std::uint32_t bits) {
    const std::uint32_t largest = bits >> 30;
    float c[4];
    float sum = 0.0f;
    int shift = 20;
    for (std::uint32_t i = 0; i < 4; ++i) {
        if (i == largest) continue;
        c[i] = dequantizeComponent((bits >> shift) & 0x3FFu);
        sum += c[i] * c[i];
        shift -= 10;
    }
    c[largest] = std::sqrt(std::max(0.0f, 1.0f - sum));
    glm::quat q(c[3], c[0], c[1], c[2]);  // glm::quat(w, x, y, z)
    return glm::normalize(q);
}

std::uint64_t packPosition(const std::array<std::uint32_t, 3>& mm) {
    return static_cast<std::uint64_t>(mm[0] & kMaxExtentMm) | static_cast<std::uint64_t>(mm[1] & kMaxExtentMm) << 21 |
           static_cast<std::uint64_t>(mm[2] & kMaxExtentMm) << 42;
}

std::array<std::uint32_t, 3> unpackPosition(std::uint64_t bits) {
    return {static_cast<std::uint32_t>(bits & kMaxExtentMm), static_cast<std::uint32_t>((bits >> 21) & kMaxExtentMm),
            static_cast<std::uint32_t>((bits >> 42) & kMaxExtentMm)};
}

QuantizedAvatar quantize(const AvatarPose& pose, const VenueBounds& bounds) {
    QuantizedAvatar q;
    for (int i = 0; i < 3; ++i) {
        const auto axis = static_cast<std::size_t>(i);
        const double mm = std::round(static_cast<double>(pose.head.position[i]) * 1000.0) - bounds.minMm[axis];
        const double hi = static_cast<double>(std::min(bounds.sizeMm[axis], kMaxExtentMm));
        q.headPos[axis] = static_cast<std::uint32_t>(std::isfinite(mm) ? std::clamp(mm, 0.0, hi) : 0.0);
    }
    // Hands relative to the head as the receiver will rebuild it (the clamped head).
    const glm::vec3 head = headPositionMetres(q, bounds);
    for (int i = 0; i < 3; ++i) {
        const auto axis = static_cast<std::size_t>(i);
        const float l = pose.leftHand.position[i] - head[i];
        const float r = pose.rightHand.position[i] - head[i];
        q.leftPos[axis] = std::isfinite(l) ? relativeMm(l) : 0;
        q.rightPos[axis] = std::isfinite(r) ? relativeMm(r) : 0;
    }
    q.headRot = packQuaternion(pose.head.orientation);
    q.leftRot = packQuaternion(pose.leftHand.orientation);
    q.rightRot = packQuaternion(pose.rightHand.orientation);
    return q;
}

glm::vec3 headPositionMetres(const QuantizedAvatar& q, const VenueBounds& bounds) {
    glm::vec3 p;
    for (int i = 0; i < 3; ++i) {
        const auto axis = static_cast<std::size_t>(i);
        p[i] = static_cast<float>((static_cast<double>(q.headPos[axis]) + bounds.minMm[axis]) / 1000.0);
    }
    return p;
}

AvatarPose dequantize(const QuantizedAvatar& q, const VenueBounds& bounds) {
    AvatarPose pose;
    pose.head.position = headPositionMetres(q, bounds);
    for (int i = 0; i < 3; ++i) {
        const auto axis = static_cast<std::size_t>(i);
        pose.leftHand.position[i] = pose.head.position[i] + static_cast<float>(q.leftPos[axis]) / 1000.0f;
        pose.rightHand.position[i] = pose.head.position[i] + static_cast<float>(q.rightPos[axis]) / 1000.0f;
    }
    pose.head.orientation = unpackQuaternion(q.headRot);
    pose.leftHand.orientation = unpackQuaternion(q.leftRot);
    pose.rightHand.orientation = unpackQuaternion(q.rightRot);
    return pose;
}

bool insideBounds(const QuantizedAvatar& q, const VenueBounds& bounds) {
    for (std::size_t i = 0; i < 3; ++i)
        if (q.headPos[i] > bounds.sizeMm[i]) return false;
    return true;
}

}  // namespace places::net
