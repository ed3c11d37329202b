#pragma once
// Owning handles for PROJ objects and the few PROJ queries shared by the CRS
// name normalisation and the transforms. Internal to places_city.
#include <memory>
#include <string>

#include <proj.h>

namespace places::city::detail {

struct ProjContextDeleter {
    void operator()(PJ_CONTEXT* context) const { proj_context_destroy(context); }
};
struct ProjDeleter {
    void operator()(PJ* object) const { proj_destroy(object); }
};
using ProjContextPtr = std::unique_ptr<PJ_CONTEXT, ProjContextDeleter>;
using ProjPtr = std::unique_ptr<PJ, ProjDeleter>;

// A context that never touches the network (grids come only from proj-data)
// and never logs to stderr (errors are read back with lastProjError()).
ProjContextPtr makeOfflineContext();

// The CRS named `name` ("EPSG:25832", "EPSG:7415", a PROJ string...), or null.
ProjPtr createCrs(PJ_CONTEXT* context, const std::string& name);

// The horizontal part of a CRS: sub-CRS 0 of a compound CRS, else the CRS
// itself (moved through). Null for a purely vertical CRS.
ProjPtr horizontalPart(PJ_CONTEXT* context, ProjPtr crs);

// "EPSG:n" for an object with an EPSG identifier, else empty.
std::string epsgName(const PJ* object);

std::string lastProjError(PJ_CONTEXT* context);

}  // namespace places::city::detail
