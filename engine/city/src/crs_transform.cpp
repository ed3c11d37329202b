#include "places/city/crs_transform.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>

#include "crs_memo.hpp"
#include "proj_handles.hpp"

namespace places::city {

// The transform owns its context: PROJ objects are bound to the context that
// made them, and a context must not be used by two threads at once.
struct CrsTransform::State {
    detail::ProjContextPtr context;
    detail::ProjPtr transform;
};

CrsTransform::CrsTransform(std::unique_ptr<State> state) : state_(std::move(state)) {}
CrsTransform::CrsTransform(CrsTransform&&) noexcept = default;
CrsTransform& CrsTransform::operator=(CrsTransform&&) noexcept = default;
CrsTransform::~CrsTransform() = default;

Result<CrsTransform> CrsTransform::create(const std::string& from, const std::string& to) {
    Result<CrsTransform> result;
    auto state = std::make_unique<State>();
    state->context = detail::makeOfflineContext();
    PJ_CONTEXT* context = state->context.get();

    detail::ProjPtr source = detail::horizontalPart(context, detail::createCrs(context, from));
    detail::ProjPtr target = detail::horizontalPart(context, detail::createCrs(context, to));
    for (const auto& [crs, name] : {std::pair{source.get(), &from}, std::pair{target.get(), &to}}) {
        if (!crs) result.diagnostics.error({}, "unknown or non-horizontal CRS '" + *name + "' (PROJ: " +
                                                   detail::lastProjError(context) + ")");
    }
    if (result.diagnostics.hasErrors()) return result;

    detail::ProjPtr operation(proj_create_crs_to_crs_from_pj(context, source.get(), target.get(), nullptr, nullptr));
    if (operation) operation.reset(proj_normalize_for_visualization(context, operation.get()));
    if (!operation) {
        result.diagnostics.error({}, "no transformation from " + from + " to " + to + " (PROJ: " +
                                         detail::lastProjError(context) + ")");
        return result;
    }
    state->transform = std::move(operation);
    result.value = CrsTransform(std::move(state));
    return result;
}

std::size_t CrsTransform::transform(std::span<glm::dvec3> points) const {
    if (points.empty()) return 0;
    // Whole arrays in one call (strided over dvec3); z is not passed, so PROJ
    // treats it as 0 for the datum shift and the heights stay untouched.
    constexpr auto stride = sizeof(glm::dvec3);
    proj_trans_generic(state_->transform.get(), PJ_FWD, &points[0].x, stride, points.size(), &points[0].y, stride,
                       points.size(), nullptr, 0, 0, nullptr, 0, 0);
    std::size_t failed = 0;
    for (auto& p : points) {
        if (!std::isfinite(p.x) || !std::isfinite(p.y)) {
            p.x = p.y = std::numeric_limits<double>::quiet_NaN();
            ++failed;
        }
    }
    return failed;
}

namespace {

std::optional<ProjectedArea> computeAreaOfUse(const std::string& crs, double marginDegrees) {
    detail::ProjContextPtr context = detail::makeOfflineContext();
    PJ_CONTEXT* ctx = context.get();
    detail::ProjPtr target = detail::horizontalPart(ctx, detail::createCrs(ctx, crs));
    double west = 0.0, south = 0.0, east = 0.0, north = 0.0;
    if (!target || !proj_get_area_of_use(ctx, target.get(), &west, &south, &east, &north, nullptr) || west < -1000.0)
        return std::nullopt;  // PROJ answers -1000 for "unknown"
    west = std::max(-180.0, west - marginDegrees);
    east = std::min(180.0, east + marginDegrees);
    south = std::max(-90.0, south - marginDegrees);
    north = std::min(90.0, north + marginDegrees);
    // The area is in WGS 84 degrees; it is projected from the CRS's own base
    // geographic CRS instead, whose datum differs from WGS 84 by metres, far
    // inside the margin. From its own base, PROJ takes the CRS's defining
    // conversion as it is; from EPSG:4326 it searched its database for every
    // datum transformation (≈ 130 M instructions, a fifth of a CityJSON import).
    detail::ProjPtr geographic(proj_crs_get_geodetic_crs(ctx, target.get()));
    detail::ProjPtr operation;
    if (geographic)
        operation.reset(proj_create_crs_to_crs_from_pj(ctx, geographic.get(), target.get(), nullptr, nullptr));
    if (operation) operation.reset(proj_normalize_for_visualization(ctx, operation.get()));  // lon, lat -> E, N
    ProjectedArea area;
    if (!operation || east <= west ||
        !proj_trans_bounds(ctx, operation.get(), PJ_FWD, west, south, east, north, &area.minEasting,
                           &area.minNorthing, &area.maxEasting, &area.maxNorthing, 21))
        return std::nullopt;
    return area;
}

}  // namespace

// Memoised (5 M instructions per lookup, crs_memo.hpp): the import's helper
// thread asks while the file is parsed, so assembling finds it ready.
std::optional<ProjectedArea> projectedAreaOfUse(const std::string& crs, double marginDegrees) {
    static detail::Memo<std::optional<ProjectedArea>> memo;
    return memo.get(crs + '|' + std::to_string(marginDegrees),
                    [&](const std::string&) { return computeAreaOfUse(crs, marginDegrees); });
}

}  // namespace places::city
