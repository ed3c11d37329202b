#include "places/render/embedded_font.hpp"

// The TTF's bytes are assembled into .rodata at build time (.incbin): no
// conversion step, no path to find at run time. PLACES_FONT_PATH is set by
// engine/render/CMakeLists.txt, which also rebuilds this file when the font changes.
__asm__(".pushsection .rodata\n"
        ".balign 16\n"
        ".global places_render_font_begin\n"
        ".hidden places_render_font_begin\n"
        "places_render_font_begin:\n"
        ".incbin \"" PLACES_FONT_PATH "\"\n"
        ".global places_render_font_end\n"
        ".hidden places_render_font_end\n"
        "places_render_font_end:\n"
        ".popsection\n");

extern "C" const std::byte places_render_font_begin[];
extern "C" const std::byte places_render_font_end[];

namespace places::render {

std::span<const std::byte> embeddedFont() {
    return {places_render_font_begin, static_cast<std::size_t>(places_render_font_end - places_render_font_begin)};
}

}  // namespace places::render
