#pragma once
// Quantisation of avatar poses for the wire (docs/formats/protocol.md, "Avatar state").
// Frame: the venue's local frame, right-handed, Y up, metres (as the city frame).
// Positions become millimetres offset from the venue bounds' minimum corner;
// orientations become "smallest three" quaternions in 32 bits (2 + 3 x 10 bits);
// hand positions are millimetres relative to the head.
#include <array>
#include <cstdint>

#include <glm/gtc/quaternion.hpp>
#include <glm/vec3.hpp>

namespace places::net {

// Each axis of a venue spans at most 2^21 - 1 mm (2097.151 m): 21 bits per axis.
inline constexpr std::uint32_t kMaxExtentMm = (1u << 21) - 1;

struct VenueBounds {
    std::array<std::int32_t, 3> minMm{-1'000'000, -50'000, -1'000'000};
    std::array<std::uint32_t, 3> sizeMm{2'000'000, 200'000, 2'000'000};  // each <= kMaxExtentMm

    bool operator==(const VenueBounds&) const = default;
};

struct Pose {
    glm::vec3 position{0.0f};                        // metres, venue frame
    glm::quat orientation{1.0f, 0.0f, 0.0f, 0.0f};  // unit quaternion, venue frame
};

// What a client tracks: head and both hands, all in the venue frame.
struct AvatarPose {
    Pose head;
    Pose leftHand;
    Pose rightHand;
};

// The wire form of an AvatarPose; equality is exact, which is what deltas need.
struct QuantizedAvatar {
    std::array<std::uint32_t, 3> headPos{};   // mm from VenueBounds::minMm, each <= sizeMm
    std::uint32_t headRot = 0;                // smallest three
    std::array<std::int16_t, 3> leftPos{};    // mm relative to the head
    std::uint32_t leftRot = 0;
    std::array<std::int16_t, 3> rightPos{};
    std::uint32_t rightRot = 0;

    bool operator==(const QuantizedAvatar&) const = default;
};

// Smallest three: bits 30-31 = index of the largest |component| (x,y,z,w = 0..3),
// then the other three in x,y,z,w order, bits 20-29, 10-19, 0-9, each mapping
// [-1/sqrt(2), 1/sqrt(2)] linearly onto 0..1023. The largest is made positive
// (q and -q are the same rotation) and rebuilt from the unit length.
std::uint32_t packQuaternion(glm::quat q);
glm::quat unpackQuaternion(std::uint32_t bits);

// Three 21-bit axes in one u64: x bits 0-20, y 21-41, z 42-62; bit 63 must be 0.
std::uint64_t packPosition(const std::array<std::uint32_t, 3>& mm);
std::array<std::uint32_t, 3> unpackPosition(std::uint64_t bits);

// Clamps into the bounds (positions) and to +-32.767 m from the head (hands).
QuantizedAvatar quantize(const AvatarPose& pose, const VenueBounds& bounds);
AvatarPose dequantize(const QuantizedAvatar& q, const VenueBounds& bounds);
glm::vec3 headPositionMetres(const QuantizedAvatar& q, const VenueBounds& bounds);

bool insideBounds(const QuantizedAvatar& q, const VenueBounds& bounds);

// 16-bit sequence numbers wrap around: `a` is newer than `b` when it is ahead
// by less than half the range (RFC 1982 serial number arithmetic).
constexpr bool sequenceNewer(std::uint16_t a, std::uint16_t b) {
    return a != b && static_cast<std::uint16_t>(a - b) < 0x8000u;
}
constexpr std::uint16_t sequenceDistance(std::uint16_t newer, std::uint16_t older) {
    return static_cast<std::uint16_t>(newer - older);
}

}  // namespace places::net
