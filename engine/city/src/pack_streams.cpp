// The level blob's raw and planes forms (pack_streams.hpp).
#include "pack_streams.hpp"

#include <algorithm>
#include <array>
#include <bit>
#include <cassert>
#include <cstring>
#include <limits>
#include <type_traits>

#include "pack_format.hpp"
#include "places/city/pack.hpp"

namespace places::city::pack {

namespace {

constexpr std::uint32_t kNoSlot = 0xFFFFFFFFu;

// Index deltas and references are stored with the level's index size: with
// u16 indices there are at most 65,536 vertices, so every reference fits too.
// Byte planes: value `i` of a plane of `count` `size`-byte integers has its
// byte b (little-endian) at `plane[b * count + i]`. References and index codes
// are mostly small, so their high bytes become long runs of zeros for zstd.
void putPlaned(std::byte* plane, std::size_t count, std::uint8_t size, std::size_t i, std::uint32_t value) {
    for (std::uint8_t b = 0; b < size; ++b) plane[b * count + i] = static_cast<std::byte>(value >> (8 * b));
}

std::uint32_t getPlaned(const std::byte* plane, std::size_t count, std::uint8_t size, std::size_t i) {
    std::uint32_t value = 0;
    for (std::uint8_t b = 0; b < size; ++b) value |= std::uint32_t(plane[b * count + i]) << (8 * b);
    return value;
}

// Zigzag of the index difference wrapped to the index size: small steps
// either way become small codes.
template <class U>
void putDeltas(const std::vector<std::uint32_t>& indices, std::byte* plane) {
    using S = std::make_signed_t<U>;
    U previous = 0;
    for (std::size_t i = 0; i < indices.size(); ++i) {
        const U value = static_cast<U>(indices[i]);
        const auto delta = static_cast<S>(static_cast<U>(value - previous));
        const auto code = static_cast<U>(static_cast<U>(static_cast<U>(delta) << 1) ^
                                         static_cast<U>(delta >> (8 * sizeof(U) - 1)));
        putPlaned(plane, indices.size(), sizeof(U), i, code);
        previous = value;
    }
}

template <class U>
void getDeltas(const std::byte* plane, std::size_t count, std::byte* out) {
    U previous = 0;
    for (std::size_t i = 0; i < count; ++i) {
        const auto code = static_cast<U>(getPlaned(plane, count, sizeof(U), i));
        const auto delta = static_cast<U>((code >> 1) ^ static_cast<U>(U(0) - static_cast<U>(code & 1u)));
        previous = static_cast<U>(previous + delta);
        std::memcpy(out + i * sizeof(U), &previous, sizeof(U));
    }
}

std::uint64_t hashPosition(const std::array<std::uint32_t, 3>& bits) {
    const std::uint64_t xy = std::uint64_t(bits[0]) | std::uint64_t(bits[1]) << 32;
    return (xy * 0x9E3779B97F4A7C15ull) ^ (std::uint64_t(bits[2]) * 0xC2B2AE3D27D4EB4Full);
}

}  // namespace

void levelAttributes(const TileLevel& level, std::vector<VertexAttributes>& out) {
    const std::size_t vertexCount = level.positions.size();
    out.assign(vertexCount, VertexAttributes{});
    for (std::size_t t = 0; t < level.triangleCount(); ++t) {
        const std::uint32_t packed =
            level.triangleBuilding[t] | std::uint32_t(static_cast<std::uint8_t>(level.triangleSurface[t])) << 24;
        for (std::size_t i = 0; i < 3; ++i) out[level.indices[3 * t + i]].buildingAndSurface = packed;
    }
    // Vertices of one flat polygon are consecutive and share its normal: encode
    // each run of equal normals once.
    std::array<std::int16_t, 2> oct{};
    glm::vec3 octOf(std::numeric_limits<float>::quiet_NaN());  // quiet NaN: not a unit normal
    for (std::size_t v = 0; v < vertexCount; ++v) {
        if (std::memcmp(&level.normals[v], &octOf, sizeof(glm::vec3)) != 0) {
            octOf = level.normals[v];
            oct = encodeOctNormal(octOf);
        }
        out[v].normal[0] = oct[0];
        out[v].normal[1] = oct[1];
    }
}

void rawLevel(const TileLevel& level, std::span<const VertexAttributes> attributes, std::uint8_t indexSize,
              std::vector<std::byte>& out) {
    const std::uint64_t vertexCount = level.positions.size();
    out.resize(indexOffset(vertexCount) + level.indices.size() * indexSize);
    // An empty level leaves `out` empty, and memset on its null data() is UB
    // even for zero bytes.
    std::fill(out.begin() + static_cast<std::ptrdiff_t>(vertexCount * kVertexSize),
              out.begin() + static_cast<std::ptrdiff_t>(indexOffset(vertexCount)), std::byte{0});
    for (std::size_t v = 0; v < vertexCount; ++v) {
        std::byte* vertex = out.data() + v * kVertexSize;
        std::memcpy(vertex, &level.positions[v], 12);
        std::memcpy(vertex + 12, &attributes[v], sizeof(VertexAttributes));
    }
    std::byte* indices = out.data() + indexOffset(vertexCount);
    if (indexSize == 2) {
        for (std::size_t i = 0; i < level.indices.size(); ++i) {
            const auto index = static_cast<std::uint16_t>(level.indices[i]);
            std::memcpy(indices + 2 * i, &index, 2);
        }
    } else if (!level.indices.empty()) {
        std::memcpy(indices, level.indices.data(), level.indices.size() * 4);
    }
}

std::uint64_t streamBound(std::uint64_t vertexCount, std::uint64_t indexCount, std::uint8_t indexSize) {
    return vertexCount * (indexSize + sizeof(VertexAttributes) + 12) + indexCount * indexSize;
}

void streamLevel(const TileLevel& level, std::span<const VertexAttributes> attributes, std::uint8_t indexSize,
                 StreamScratch& scratch, std::vector<std::byte>& out) {
    const std::size_t vertexCount = level.positions.size();
    const std::size_t indexCount = level.indices.size();
    out.resize(streamBound(vertexCount, indexCount, indexSize));
    std::byte* references = out.data();
    std::byte* deltaPlane = references + vertexCount * indexSize;
    std::byte* normals = deltaPlane + indexCount * indexSize;
    std::byte* owners = normals + vertexCount * 4;
    std::byte* positions = owners + vertexCount * 4;
    for (std::size_t v = 0; v < vertexCount; ++v) {
        std::memcpy(normals + 4 * v, attributes[v].normal, 4);
        std::memcpy(owners + 4 * v, &attributes[v].buildingAndSurface, 4);
    }
    if (indexSize == 2)
        putDeltas<std::uint16_t>(level.indices, deltaPlane);
    else
        putDeltas<std::uint32_t>(level.indices, deltaPlane);

    // Distinct positions by their bits (lossless: -0 and 0 stay apart), found
    // with an open-addressing table at load <= 1/2. They are gathered as
    // 12-byte triples in `scratch.distinct` and then stored one axis after the
    // other: x of a building's corners repeat (walls), y even more (eaves,
    // ground), and a plane of one axis shows zstd those repeats as 4-byte
    // matches next to each other.
    const int bits = std::max(4, static_cast<int>(std::bit_width(2 * vertexCount)));
    scratch.slots.assign(std::size_t(1) << bits, kNoSlot);
    scratch.distinct.resize(vertexCount);
    const std::size_t mask = scratch.slots.size() - 1;
    std::uint32_t distinct = 0;
    for (std::size_t v = 0; v < vertexCount; ++v) {
        std::array<std::uint32_t, 3> key;
        std::memcpy(key.data(), &level.positions[v], 12);
        std::size_t slot = static_cast<std::size_t>(hashPosition(key) >> (64 - bits));
        std::uint32_t reference = 0;
        for (;; slot = (slot + 1) & mask) {
            const std::uint32_t id = scratch.slots[slot];
            if (id == kNoSlot) {
                scratch.slots[slot] = distinct;
                scratch.distinct[distinct++] = key;
                break;
            }
            if (scratch.distinct[id] == key) {
                reference = distinct - id;
                break;
            }
        }
        putPlaned(references, vertexCount, indexSize, v, reference);
    }
    for (std::size_t axis = 0; axis < 3; ++axis)
        for (std::uint32_t p = 0; p < distinct; ++p)
            std::memcpy(positions + (axis * distinct + p) * 4, &scratch.distinct[p][axis], 4);
    out.resize(static_cast<std::size_t>(positions - out.data()) + std::size_t(distinct) * 12);
}

bool decodeLevelStreams(std::span<const std::byte> streams, std::uint32_t vertexCount, std::uint32_t indexCount,
                        std::uint8_t indexSize, std::span<std::byte> raw, StreamError& error) {
    assert(raw.size() == indexOffset(vertexCount) + std::uint64_t(indexCount) * indexSize);
    const std::uint64_t fixed = std::uint64_t(vertexCount) * (indexSize + sizeof(VertexAttributes)) +
                                std::uint64_t(indexCount) * indexSize;
    if (streams.size() < fixed || (streams.size() - fixed) % 12 != 0 || (streams.size() - fixed) / 12 > vertexCount) {
        error = {0, "planes form of " + std::to_string(streams.size()) + " bytes does not fit " +
                        std::to_string(vertexCount) + " vertices and " + std::to_string(indexCount) +
                        " indices (need " + std::to_string(fixed) + " + 12 per distinct position)"};
        return false;
    }
    const std::uint64_t distinct = (streams.size() - fixed) / 12;
    const std::byte* references = streams.data();
    const std::byte* deltas = references + std::size_t(vertexCount) * indexSize;
    const std::byte* normals = deltas + std::size_t(indexCount) * indexSize;
    const std::byte* owners = normals + std::size_t(vertexCount) * 4;
    const std::byte* positions = owners + std::size_t(vertexCount) * 4;
    std::uint64_t next = 0;  // distinct positions taken so far
    for (std::size_t v = 0; v < vertexCount; ++v) {
        const std::uint32_t reference = getPlaned(references, vertexCount, indexSize, v);
        std::uint64_t id;
        if (reference == 0) {
            if (next == distinct) {
                error = {v, "vertex " + std::to_string(v) + " takes a new position, but all " +
                                std::to_string(distinct) + " are taken"};
                return false;
            }
            id = next++;
        } else {
            if (reference > next) {
                error = {v, "vertex " + std::to_string(v) + " refers " + std::to_string(reference) +
                                " positions back, only " + std::to_string(next) + " are taken"};
                return false;
            }
            id = next - reference;
        }
        std::byte* vertex = raw.data() + v * kVertexSize;
        for (std::size_t axis = 0; axis < 3; ++axis)
            std::memcpy(vertex + 4 * axis, positions + (axis * distinct + id) * 4, 4);
        std::memcpy(vertex + 12, normals + 4 * v, 4);
        std::memcpy(vertex + 16, owners + 4 * v, 4);
    }
    if (next != distinct) {
        error = {fixed + next * 4, std::to_string(distinct - next) + " distinct positions are used by no vertex"};
        return false;
    }
    std::fill(raw.begin() + static_cast<std::ptrdiff_t>(std::uint64_t(vertexCount) * kVertexSize),
              raw.begin() + static_cast<std::ptrdiff_t>(indexOffset(vertexCount)), std::byte{0});
    std::byte* indices = raw.data() + indexOffset(vertexCount);
    if (indexSize == 2)
        getDeltas<std::uint16_t>(deltas, indexCount, indices);
    else
        getDeltas<std::uint32_t>(deltas, indexCount, indices);
    return true;
}

}  // namespace places::city::pack
