#include "synthetic_city.hpp"

#include <algorithm>
#include <cmath>
#include <string>

#include <glm/geometric.hpp>
#include <glm/vec2.hpp>

namespace places::city::test {

namespace {

class CityBuilder {
public:
    explicit CityBuilder(City& city) : city_(city) {}

    std::uint32_t addBuilding(const std::string& id, ObjectKind kind, std::int32_t parent, const std::string& function,
                              float measuredHeight) {
        BuildingRecord b;
        b.id = id;
        b.kind = kind;
        b.parent = parent;
        b.function = function;
        b.measuredHeight = measuredHeight;
        b.lodTimes10 = 20;
        city_.buildings.push_back(b);
        if (kind == ObjectKind::BuildingPart) ++city_.summary.parts;
        else ++city_.summary.buildings;
        return static_cast<std::uint32_t>(city_.buildings.size() - 1);
    }

    // A planar convex-or-star polygon, fanned from its first corner and wound
    // so its normal points along `outward`.
    void polygon(std::uint32_t building, SurfaceType surface, std::vector<glm::dvec3> corners, const glm::dvec3& outward) {
        glm::dvec3 normal(0.0);  // Newell's method
        for (std::size_t i = 0; i < corners.size(); ++i) {
            const glm::dvec3 &a = corners[i], &b = corners[(i + 1) % corners.size()];
            normal += glm::dvec3((a.y - b.y) * (a.z + b.z), (a.z - b.z) * (a.x + b.x), (a.x - b.x) * (a.y + b.y));
        }
        if (glm::dot(normal, outward) < 0) {
            std::reverse(corners.begin() + 1, corners.end());  // keeps the fan apex
            normal = -normal;
        }
        normal = glm::normalize(normal);
        CityMesh& mesh = city_.mesh;
        const auto first = static_cast<std::uint32_t>(mesh.positions.size());
        for (const auto& c : corners) {
            mesh.positions.push_back(glm::vec3(c));
            mesh.normals.push_back(glm::vec3(normal));
            city_.bounds.add(glm::dvec3(glm::vec3(c)));
            city_.buildings[building].bounds.add(glm::dvec3(glm::vec3(c)));
        }
        for (std::uint32_t i = 1; i + 1 < corners.size(); ++i) {
            mesh.indices.insert(mesh.indices.end(), {first, first + i, first + i + 1});
            mesh.triangleBuilding.push_back(building);
            mesh.triangleSurface.push_back(surface);
            ++city_.summary.triangles;
        }
        ++city_.summary.polygons;
        city_.summary.surfaces.add(surface);
    }

    // Vertical prism over `footprint` (x, z pairs at y = base) with a flat roof.
    void prism(std::uint32_t building, const std::vector<glm::dvec2>& footprint, double base, double height) {
        double area2 = 0.0;  // > 0: counter-clockwise in (x, z)
        for (std::size_t i = 0; i < footprint.size(); ++i) {
            const glm::dvec2 a = footprint[i], b = footprint[(i + 1) % footprint.size()];
            area2 += a.x * b.y - b.x * a.y;
        }
        const double side = area2 > 0 ? 1.0 : -1.0;
        std::vector<glm::dvec3> bottom, top;
        for (std::size_t i = 0; i < footprint.size(); ++i) {
            const glm::dvec2 a = footprint[i], b = footprint[(i + 1) % footprint.size()];
            const glm::dvec2 d = b - a;
            polygon(building, SurfaceType::Wall,
                    {{a.x, base, a.y}, {b.x, base, b.y}, {b.x, base + height, b.y}, {a.x, base + height, a.y}},
                    side * glm::dvec3(d.y, 0.0, -d.x));
            bottom.push_back({a.x, base, a.y});
            top.push_back({a.x, base + height, a.y});
        }
        polygon(building, SurfaceType::Ground, bottom, {0, -1, 0});
        polygon(building, SurfaceType::Roof, top, {0, 1, 0});
    }

    // Rectangular house with a gabled roof whose ridge runs along x.
    void gabled(std::uint32_t building, glm::dvec3 c, double width, double depth, double eave, double ridge) {
        const double x0 = c.x - width / 2, x1 = c.x + width / 2, z0 = c.z - depth / 2, z1 = c.z + depth / 2;
        const double y0 = c.y, y1 = c.y + eave, y2 = c.y + eave + ridge;
        polygon(building, SurfaceType::Ground, {{x0, y0, z0}, {x1, y0, z0}, {x1, y0, z1}, {x0, y0, z1}}, {0, -1, 0});
        polygon(building, SurfaceType::Wall, {{x0, y0, z0}, {x1, y0, z0}, {x1, y1, z0}, {x0, y1, z0}}, {0, 0, -1});
        polygon(building, SurfaceType::Wall, {{x0, y0, z1}, {x1, y0, z1}, {x1, y1, z1}, {x0, y1, z1}}, {0, 0, 1});
        polygon(building, SurfaceType::Wall, {{x0, y0, z0}, {x0, y0, z1}, {x0, y1, z1}, {x0, y2, c.z}, {x0, y1, z0}},
                {-1, 0, 0});
        polygon(building, SurfaceType::Wall, {{x1, y0, z0}, {x1, y0, z1}, {x1, y1, z1}, {x1, y2, c.z}, {x1, y1, z0}},
                {1, 0, 0});
        polygon(building, SurfaceType::Roof, {{x0, y1, z0}, {x1, y1, z0}, {x1, y2, c.z}, {x0, y2, c.z}}, {0, 1, -1});
        polygon(building, SurfaceType::Roof, {{x0, y1, z1}, {x1, y1, z1}, {x1, y2, c.z}, {x0, y2, c.z}}, {0, 1, 1});
    }

private:
    City& city_;
};

void setHeader(City& city) {
    city.geo.crs = "EPSG:25832";
    city.geo.verticalCrs = "EPSG:7837";
    city.geo.origin = {367000.0, 5713500.0, 50.0};
    city.sources = {"synthetic_a.gml", "synthetic_b.json"};
    city.summary.files = 2;
}

}  // namespace

City makeSyntheticCity(const SyntheticOptions& options) {
    City city;
    setHeader(city);
    CityBuilder builder(city);
    int n = 0;
    for (int row = 0; row < options.rows; ++row) {
        for (int column = 0; column < options.columns; ++column, ++n) {
            const glm::dvec3 c = options.offset + glm::dvec3(column * options.spacing, 0.37 * ((n * 7) % 5),
                                                             row * options.spacing);
            const std::string id = "DENW_SYN_" + std::to_string(n);
            const double width = 10.0 + (n * 13) % 9, depth = 8.0 + (n * 5) % 7;
            switch (n % 4) {
                case 0:
                case 1: {
                    const double eave = 5.0 + n % 3, ridge = 2.0 + (n % 5) * 0.5;
                    const auto b = builder.addBuilding(id, ObjectKind::Building, -1, "31001_1000",
                                                       static_cast<float>(eave + ridge));
                    builder.gabled(b, c, width, depth, eave, ridge);
                    city.buildings[b].sourceFile = 0;
                    break;
                }
                case 2: {  // L-shaped flat roof
                    const auto b = builder.addBuilding(id, ObjectKind::Building, -1, "31001_2000", 9.0f);
                    const double w = width, d = depth;
                    builder.prism(b,
                                  {{c.x, c.z}, {c.x + w, c.z}, {c.x + w, c.z + d / 2}, {c.x + w / 2, c.z + d / 2},
                                   {c.x + w / 2, c.z + d}, {c.x, c.z + d}},
                                  c.y, 9.0);
                    city.buildings[b].sourceFile = 1;
                    break;
                }
                default: {  // a parent without geometry and two parts
                    const auto parent = builder.addBuilding(id, ObjectKind::Building, -1, "31001_3000", -1.0f);
                    const auto a = builder.addBuilding(id + "_p1", ObjectKind::BuildingPart,
                                                       static_cast<std::int32_t>(parent), "31001_3000", 12.0f);
                    const auto b = builder.addBuilding(id + "_p2", ObjectKind::BuildingPart,
                                                       static_cast<std::int32_t>(parent), "31001_3000", 4.5f);
                    builder.prism(a, {{c.x, c.z}, {c.x + 8, c.z}, {c.x + 8, c.z + 8}, {c.x, c.z + 8}}, c.y, 12.0);
                    builder.prism(b, {{c.x + 8, c.z}, {c.x + 14, c.z}, {c.x + 14, c.z + 6}, {c.x + 8, c.z + 6}}, c.y, 4.5);
                    break;
                }
            }
        }
    }
    return city;
}

City makeLShapedCity() {
    City city;
    setHeader(city);
    CityBuilder builder(city);
    const auto b = builder.addBuilding("DENW_L", ObjectKind::Building, -1, "31001_2000", 8.0f);
    // Listed from the reflex corner (10, 10): the roof and ground fans start there.
    builder.prism(b, {{10, 10}, {10, 20}, {0, 20}, {0, 0}, {20, 0}, {20, 10}}, 0.0, 8.0);
    return city;
}

}  // namespace places::city::test
