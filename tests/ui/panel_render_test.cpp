// The panel drawn by the renderer on lavapipe, validation layer on: the panel
// region changes and the rest of the frame does not.
#include <catch2/catch.hpp>

#include "gpu_fixture.hpp"
#include "places/render/demo_city.hpp"
#include "places/render/gpu_scene.hpp"
#include "places/render/headless.hpp"
#include "places/render/tile_levels.hpp"
#include "places/ui/panel.hpp"

using namespace places::render;

TEST_CASE("the panel is drawn over the scene, only where it is", "[ui][gpu]") {
    places::render::test::GpuFixture f;
    {
        places::ui::Panel panel;
        places::ui::PanelModel model;
        model.venue = "career-fair";
        model.connection = "connected";
        model.people = 2;
        model.roster = {{"Ada", "exhibitor", 0xff3050e0u, false}, {"Bo", "visitor", 0xff30e050u, true}};
        model.help = "F1 hides this panel";
        constexpr std::uint32_t w = 640, h = 360;
        panel.frame(model, w, h, 1.0 / 60);

        HeadlessCreateInfo info;
        info.width = w;
        info.height = h;
        info.msaa = Msaa::Off;
        info.uiFont = &panel.fontAtlas();
        HeadlessRenderer renderer(*f.gpu, info);
        const SceneGeometry geometry = makeDemoScene();
        const GpuScene scene(*f.gpu, geometry, renderer.materialLayout());
        Camera camera;
        camera.pose.position = {0.0, 70.0, 170.0};
        camera.pose.pitchDeg = -24.0;
        const FrameViews views = monoViews(camera, double(w) / h);
        places::visibility::Selection selection;
        std::vector<TileLevelRef> tiles;
        chooseTileLevels(geometry.tileNodes, views, double(h), selection, tiles);

        const Lighting lighting;
        const auto plain = renderer.render({.scene = scene, .views = views, .lighting = lighting, .tiles = tiles});
        const auto withUi = renderer.render(
            {.scene = scene, .views = views, .lighting = lighting, .tiles = tiles, .ui = &panel.drawList()});
        std::size_t changedInside = 0, changedOutside = 0;
        for (std::uint32_t y = 0; y < h; ++y)
            for (std::uint32_t x = 0; x < w; ++x) {
                const std::size_t i = (std::size_t{y} * w + x) * 4;
                const bool differs = plain.image.pixels[i] != withUi.image.pixels[i] ||
                                     plain.image.pixels[i + 1] != withUi.image.pixels[i + 1] ||
                                     plain.image.pixels[i + 2] != withUi.image.pixels[i + 2];
                (x < 400 ? changedInside : changedOutside) += differs ? 1 : 0;
            }
        CHECK(changedInside > 380 * 300 / 2);  // the panel's background covers its area
        CHECK(changedOutside == 0);
    }
    f.requireNoValidationMessages();
}
