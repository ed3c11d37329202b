#pragma once
// The level blob's "planes" form (encodings 3 and 4 of pack 3.0,
// docs/formats/city-pack.md): the raw blob rearranged so that zstd finds its
// redundancy cheaply. Flat shading gives every building corner one vertex per
// polygon that meets there (about 3.3 vertices per distinct position on LoD2
// data), and the attribute bytes repeat polygon by polygon; interleaved, those
// repeats hide between noisy float bytes. As planes (references and index
// deltas as byte planes, normals, building/surface, distinct positions axis by
// axis) the Delfshaven levels compress to 13 % fewer bytes than pack 2.0's
// streams form at the same zstd level (3), and 35 % fewer than 2.0's packs at
// -3 (docs/performance-pack.md).
//
// The transform is lossless: decodeLevelStreams() gives back, byte for byte,
// the raw blob that rawLevel() writes for the same level. Private to places_city.
#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "places/city/tiling.hpp"

namespace places::city::pack {

// The 8 bytes of a stored vertex after its position (PackVertex minus position).
struct VertexAttributes {
    std::int16_t normal[2];            // octahedral, snorm16
    std::uint32_t buildingAndSurface;  // bits 0-23 building, 24-31 SurfaceType
};
static_assert(sizeof(VertexAttributes) == 8);

// Per-vertex attributes of a level: the octahedral normal and the building and
// surface of the triangles using the vertex (tiling.hpp: one of each per vertex).
void levelAttributes(const TileLevel& level, std::vector<VertexAttributes>& out);

// Raw blob (encoding 0): vertices interleaved, indices at the next multiple of
// 16. `out` is resized to exactly the blob; every byte is written.
void rawLevel(const TileLevel& level, std::span<const VertexAttributes> attributes, std::uint8_t indexSize,
              std::vector<std::byte>& out);

// Scratch reused across levels by one writer thread (a hash table of
// positions and the distinct positions found).
struct StreamScratch {
    std::vector<std::uint32_t> slots;
    std::vector<std::array<std::uint32_t, 3>> distinct;
};

// Planes form of a level (before zstd). `out` is resized to exactly the form.
void streamLevel(const TileLevel& level, std::span<const VertexAttributes> attributes, std::uint8_t indexSize,
                 StreamScratch& scratch, std::vector<std::byte>& out);

// Largest planes form of a level with these counts (every position distinct).
std::uint64_t streamBound(std::uint64_t vertexCount, std::uint64_t indexCount, std::uint8_t indexSize);

struct StreamError {
    std::uint64_t offset = 0;  // in the planes form
    std::string message;
};

// Rebuilds the raw blob (`raw` holds exactly its size) from the planes form;
// false with `error` set when the form is malformed (sizes, references).
bool decodeLevelStreams(std::span<const std::byte> streams, std::uint32_t vertexCount, std::uint32_t indexCount,
                        std::uint8_t indexSize, std::span<std::byte> raw, StreamError& error);

}  // namespace places::city::pack
