#pragma once
// The props of exhibitor booths (scene format version 2, `booths[]`,
// docs/formats/scene.md "Booth props"): every booth standing in a zone gets a
// default booth built from shipped assets (floor, back wall, side walls, a
// fascia in the booth's colour, a counter, a screen, a stool and a plant), its
// logo as an image sign on the back wall and its company name as a text sign
// on the fascia. Plain data in and out, so it is tested without a GPU; the
// renderer only sees more venues and signs.
#include <string>
#include <vector>

#include <glm/vec3.hpp>

#include "places/core/diagnostic.hpp"
#include "places/scenes/scene.hpp"

namespace places::scenes {

// A shipped asset of the default booth: its file under the `assets` folder
// and the bounds importAsset gives it (bottom centre and size, asset units).
struct BoothKitPart {
    const char* file;
    glm::dvec3 baseCentre;
    glm::dvec3 size;
};
// Every asset the default booth uses.
std::vector<BoothKitPart> boothKit();

struct BoothProps {
    std::vector<Venue> venues;  // Venue::entry names the booth ("booths[2]")
    std::vector<Sign> signs;
};

// The props of every booth of `scene` that names a zone. A booth without a
// zone has no place to stand: it yields nothing and a warning (counted as
// "booth without zone"). The default booth's assets are looked up in the
// `assets` folder beside the scene's folder (the shipped layout); when one is
// missing, the booth yields nothing and an error at `booths[i]`.
// `model` replaces the default counter; the rest of the booth stays.
Result<BoothProps> expandBooths(const Scene& scene);

// expandBooths, appended to scene.venues and scene.signs: what `places
// render/view/xr` draw. Returns its diagnostics.
Diagnostics addBoothProps(Scene& scene);

}  // namespace places::scenes
