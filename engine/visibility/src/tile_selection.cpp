#include "places/visibility/tile_selection.hpp"

#include <cassert>
#include <cmath>
#include <limits>
#include <optional>

#include <glm/trigonometric.hpp>

#include "places/visibility/level_selection.hpp"

namespace places::visibility {
namespace {

// A quadtree over a planet is < 40 levels deep; deeper means a cycle.
constexpr int kMaxDepth = 64;

class Traversal {
public:
    Traversal(std::span<const TileNode> nodes, std::span<const SelectionView> views, const SelectionOptions& options,
              Selection& out)
        : nodes_(nodes), views_(views), options_(options),
          sseFactor_(screenSpaceErrorFactor(options)),
          selection_(out) {}

    void visit(std::uint32_t index, int depth) {
        assert(depth < kMaxDepth && "tile nodes do not form a tree");
        if (index >= nodes_.size() || depth >= kMaxDepth) return;
        const TileNode& node = nodes_[index];
        ++selection_.visited;
        if (!visible(node.bounds)) {
            ++selection_.culled;
            return;
        }
        const double distance = nearestDistance(node.bounds);
        const bool hasChildren = !node.children.empty();
        if (!node.levels.empty()) {
            const bool replace = node.refinement == Refinement::Replace;
            if (std::optional<std::uint32_t> level = coarsestAcceptable(node, distance, replace && hasChildren)) {
                select(index, *level, distance);
                if (replace) return;
            } else if (!hasChildren) {
                select(index, 0, distance);  // finest there is
                return;
            } else if (!replace) {
                select(index, 0, distance);
            }
        }
        for (std::uint32_t child : node.children) visit(child, depth + 1);
    }

private:
    bool visible(const city::Bounds& bounds) const {
        for (const SelectionView& view : views_) {
            if (intersects(view.frustum, bounds)) return true;
        }
        return false;
    }

    double nearestDistance(const city::Bounds& bounds) const { return nearestEyeDistance(views_, bounds); }

    double screenSpaceError(float geometricError, double distance) const {
        return visibility::screenSpaceError(geometricError, distance, sseFactor_);
    }

    // Coarsest level whose SSE is within budget; nullopt when none is.
    std::optional<std::uint32_t> coarsestAcceptable(const TileNode& node, double distance, bool skipExact) const {
        for (std::size_t i = node.levels.size(); i-- > 0;) {
            const float error = node.levels[i].geometricError;
            if (skipExact && error <= 0.0f) continue;
            if (screenSpaceError(error, distance) <= options_.maxScreenSpaceError) {
                return static_cast<std::uint32_t>(i);
            }
        }
        return std::nullopt;
    }

    void select(std::uint32_t index, std::uint32_t level, double distance) {
        const TileNodeLevel& l = nodes_[index].levels[level];
        selection_.tiles.push_back({index, level, distance, screenSpaceError(l.geometricError, distance)});
        selection_.triangles += l.triangles;
    }

    std::span<const TileNode> nodes_;
    std::span<const SelectionView> views_;
    const SelectionOptions& options_;
    double sseFactor_;
    Selection& selection_;
};

}  // namespace

double screenSpaceErrorFactor(const SelectionOptions& options) {
    return options.viewportHeight / (2.0 * std::tan(glm::radians(options.verticalFovDeg) * 0.5));
}

double screenSpaceError(double geometricError, double distance, double factor) {
    if (geometricError <= 0.0) return 0.0;
    if (distance <= 0.0) return std::numeric_limits<double>::infinity();
    return geometricError * factor / distance;
}

void selectTiles(std::span<const TileNode> nodes, std::uint32_t root, std::span<const SelectionView> views,
                 const SelectionOptions& options, Selection& out) {
    out.tiles.clear();
    out.visited = 0;
    out.culled = 0;
    out.triangles = 0;
    if (nodes.empty() || views.empty()) return;
    Traversal traversal(nodes, views, options, out);
    traversal.visit(root, 0);
}

Selection selectTiles(std::span<const TileNode> nodes, std::uint32_t root, std::span<const SelectionView> views,
                      const SelectionOptions& options) {
    Selection selection;
    selectTiles(nodes, root, views, options, selection);
    return selection;
}

std::vector<std::uint32_t> cullBounds(std::span<const city::Bounds> bounds, std::span<const SelectionView> views) {
    std::vector<std::uint32_t> visible;
    for (std::size_t i = 0; i < bounds.size(); ++i) {
        for (const SelectionView& view : views) {
            if (intersects(view.frustum, bounds[i])) {
                visible.push_back(static_cast<std::uint32_t>(i));
                break;
            }
        }
    }
    return visible;
}

}  // namespace places::visibility
