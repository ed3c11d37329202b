#pragma once
// Coordinates in a CityGML ring that are not finite numbers (`NaN`, `INF`,
// `-inf`, `1e999`, or any other token that is not a number).
//
// libcitygml reads a posList with `stream >> double` and stops at the first
// token that fails, so such a ring used to arrive truncated and was counted as
// "degenerate polygon", or, with enough corners left, kept with its shape
// silently changed. CityJSON marks such vertices NaN and dropBadCoordinates
// counts the polygon ("skipped: polygon with a NaN or infinite coordinate").
// CityGML does the same through a marker: before libcitygml parses, each such
// token inside a LinearRing is replaced, in a private copy of the document, by
// a distinct finite marker number that libcitygml reads like any other (so
// the ring keeps all its corners and stays attached to its polygon, whatever
// ids the file has or lacks); the object converter turns polygons holding a
// marker into NaN polygons, and assembleCity counts and drops them like
// CityJSON's. Files without such tokens are parsed as they are, uncopied.
#include <string>
#include <string_view>

#include "places/core/diagnostic.hpp"

namespace places::city::detail {

// Markers are 1.0000000001e30, 1.0000000002e30, ...: distinct (libcitygml's
// optimize would merge equal neighbours), far from each other and from any
// real coordinate (it would merge close ones), and small enough that GLU's
// products stay finite. A real coordinate in this band is absurd anyway (it is
// outside every CRS's area of use); it is reported as non-finite.
inline bool isNonFiniteMarker(double value) { return value >= 1.0e30 && value < 2.0e30; }

// Returns `text` when every token inside its LinearRing elements is a finite
// number; otherwise fills `copy` with `text` where each other token is a
// marker, and returns `copy`. With `listSkipped` each replaced token gives a
// warning at its file:line:column naming the token and the city object (the
// -v listing). Linear in the size of the file.
std::string_view markNonFiniteCoordinates(std::string_view text, const std::string& path, bool listSkipped,
                                          std::string& copy, Diagnostics& diagnostics);

}  // namespace places::city::detail
