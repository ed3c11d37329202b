#pragma once
// Generators of hostile inputs (issue #12): each returns the bytes of one
// file an attacker could hand to `places import` or put in a venue folder.
// Small on purpose: the shapes that used to hang or leak, at sizes that run
// in milliseconds once fixed.
#include <cstddef>
#include <string>
#include <vector>

namespace places::hostile {

// A minimal valid CityGML 2.0 document in EPSG:25832: one 10 x 10 x 6 m box
// building whose bldg:function is `function` (verbatim: may be an entity
// reference), preceded by `prolog` (between the XML declaration and the root)
// and followed by `trailer` (after the root's end tag).
std::string cityGmlBox(const std::string& prolog = "", const std::string& function = "31001_1000",
                       const std::string& trailer = "\n");

// The CityGML box with one more wall-like polygon of `corners` corners (a
// fine-stepped ring) in the given posList coordinates' CRS.
std::string cityGmlWithCorner(const std::string& x, const std::string& y, const std::string& z);

// The CityGML box with one more roof polygon per entry of `rings`, each the
// text of a posList (three numbers per corner, closed), the roofs' ids
// "extra0", "extra1", ...
std::string cityGmlWithRoofs(const std::vector<std::string>& rings);

// The CityGML box with one more roof polygon: a circle of `corners` corners,
// 4 m in radius, around the box's centre.
std::string cityGmlWithRing(std::size_t corners);

// The classic "billion laughs" internal subset: `levels` entities, each ten
// references to the one before (10^levels expansions of "lol").
std::string billionLaughsDoctype(int levels = 9);

}  // namespace places::hostile
