#include "embedded_font.hpp"

// The TTF's bytes are assembled into .rodata at build time (.incbin): no
// conversion step, no path to find at run time. PLACES_UI_FONT_PATH is set by
// engine/ui/CMakeLists.txt, which also rebuilds this file when the font changes.
__asm__(".pushsection .rodata\n"
        ".balign 16\n"
        ".global places_ui_font_begin\n"
        ".hidden places_ui_font_begin\n"
        "places_ui_font_begin:\n"
        ".incbin \"" PLACES_UI_FONT_PATH "\"\n"
        ".global places_ui_font_end\n"
        ".hidden places_ui_font_end\n"
        "places_ui_font_end:\n"
        ".popsection\n");

extern "C" const std::byte places_ui_font_begin[];
extern "C" const std::byte places_ui_font_end[];

namespace places::ui {

std::span<const std::byte> embeddedFont() {
    return {places_ui_font_begin, static_cast<std::size_t>(places_ui_font_end - places_ui_font_begin)};
}

}  // namespace places::ui
