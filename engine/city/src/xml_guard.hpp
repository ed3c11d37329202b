#pragma once
// What we check in a CityGML document ourselves before xerces sees it.
//
// libcitygml builds its own xerces SAX reader inside citygml::load() and
// exposes none of its settings, and xerces' defaults resolve DOCTYPEs the way
// XML 1.0 says: it loads external DTDs and external entities (file://, http://:
// XXE and SSRF) and expands internal entities without bound (billion laughs).
// So the reader refuses every DOCTYPE outright, before parsing: CityGML is
// defined by XML Schema, real files (NRW, Berlin, 3DCityDB exports) never carry
// a DTD, and with no DOCTYPE there is no entity but the five predefined ones.
// Entity expansion limit: 0 declarations. docs/formats/import-limits.md.
//
// It also refuses what xerces or libcitygml would accept silently or decode
// differently from what we scanned: an encoding that is not a superset of
// ASCII (our scan would not see the markup xerces sees), and anything but
// white space, comments and processing instructions after the root element
// (e.g. a complete CityModel followed by a gigabyte of NUL bytes).
#include <string>
#include <string_view>

#include "places/core/diagnostic.hpp"

namespace places::city::detail {

// Checks the prolog (XML declaration, comments, DOCTYPE) and what follows the
// root element of `text`, the whole file. Reports each refusal as an error at
// `path`, line and column (or byte offset) and returns false. Linear in the
// size of the file; it reads the prolog forwards and the tail backwards, not
// the body.
bool checkXmlEnvelope(std::string_view text, const std::string& path, Diagnostics& diagnostics);

// libcitygml tessellates every ring with GLU while it parses, before we see a
// single polygon, and GLU's sweep is quadratic (a 1,000,000-corner ring ran for
// minutes). So rings are measured here first: the numbers inside each
// LinearRing element (posList, pos or coordinates, any namespace prefix) are
// counted, and a file with a ring of more than `maxCorners` corners (counting
// three numbers per corner) is refused with the ring's line. Linear in the
// file's size. Same limit as TriangulateOptions::maxCorners for CityJSON.
bool checkRingSizes(std::string_view text, const std::string& path, std::size_t maxCorners,
                    Diagnostics& diagnostics);

// libcitygml 2.4.3's ExternalReferenceParser reads through an invalid pointer
// (ASan: SEGV in parseChildElementEndTag) when an element starts inside
// core:informationSystem, before xerces reports the document as malformed;
// found by fuzz_citygml. informationSystem holds a URI (simple content), so a
// child element there is refused here, with its line, before libcitygml runs.
bool checkExternalReferences(std::string_view text, const std::string& path, Diagnostics& diagnostics);

}  // namespace places::city::detail
