#include "hostile_inputs.hpp"

#include <cmath>
#include <cstdio>

namespace places::hostile {

namespace {

std::string surface(const char* type, const char* id, const std::string& ring) {
    return std::string("  <bldg:boundedBy><bldg:") + type + " gml:id=\"" + id +
           "\"><bldg:lod2MultiSurface><gml:MultiSurface><gml:surfaceMember><gml:Polygon><gml:exterior>"
           "<gml:LinearRing><gml:posList srsDimension=\"3\">" + ring +
           "</gml:posList></gml:LinearRing></gml:exterior></gml:Polygon></gml:surfaceMember>"
           "</gml:MultiSurface></bldg:lod2MultiSurface></bldg:" + type + "></bldg:boundedBy>\n";
}

std::string boxSurfaces() {
    return surface("GroundSurface", "g", "365000 5713000 50 365000 5713010 50 365010 5713010 50 365010 5713000 50 365000 5713000 50") +
           surface("RoofSurface", "r", "365000 5713000 56 365010 5713000 56 365010 5713010 56 365000 5713010 56 365000 5713000 56") +
           surface("WallSurface", "w1", "365000 5713000 50 365010 5713000 50 365010 5713000 56 365000 5713000 56 365000 5713000 50") +
           surface("WallSurface", "w2", "365010 5713000 50 365010 5713010 50 365010 5713010 56 365010 5713000 56 365010 5713000 50") +
           surface("WallSurface", "w3", "365010 5713010 50 365000 5713010 50 365000 5713010 56 365010 5713010 56 365010 5713010 50") +
           surface("WallSurface", "w4", "365000 5713010 50 365000 5713000 50 365000 5713000 56 365000 5713010 56 365000 5713010 50");
}

std::string document(const std::string& prolog, const std::string& function, const std::string& extra,
                     const std::string& trailer) {
    return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" + prolog +
           "<core:CityModel xmlns:core=\"http://www.opengis.net/citygml/2.0\" "
           "xmlns:bldg=\"http://www.opengis.net/citygml/building/2.0\" xmlns:gml=\"http://www.opengis.net/gml\">\n"
           "<gml:boundedBy><gml:Envelope srsName=\"EPSG:25832\" srsDimension=\"3\">\n"
           "  <gml:lowerCorner>365000 5713000 50</gml:lowerCorner><gml:upperCorner>365010 5713010 56</gml:upperCorner>\n"
           "</gml:Envelope></gml:boundedBy>\n"
           "<core:cityObjectMember><bldg:Building gml:id=\"B1\">\n"
           "  <bldg:function>" + function + "</bldg:function>\n" + boxSurfaces() + extra +
           "</bldg:Building></core:cityObjectMember>\n</core:CityModel>" + trailer;
}

}  // namespace

std::string cityGmlBox(const std::string& prolog, const std::string& function, const std::string& trailer) {
    return document(prolog, function, "", trailer);
}

std::string cityGmlWithCorner(const std::string& x, const std::string& y, const std::string& z) {
    const std::string ring = "365002 5713002 56 365004 5713002 56 " + x + " " + y + " " + z +
                             " 365002 5713004 56 365002 5713002 56";
    return document("", "31001_1000", surface("RoofSurface", "odd", ring), "\n");
}

std::string cityGmlWithRoofs(const std::vector<std::string>& rings) {
    std::string extra;
    for (std::size_t i = 0; i < rings.size(); ++i)
        extra += surface("RoofSurface", ("extra" + std::to_string(i)).c_str(), rings[i]);
    return document("", "31001_1000", extra, "\n");
}

std::string cityGmlWithRing(std::size_t corners) {
    std::string ring;
    ring.reserve(corners * 32);
    char point[64];
    for (std::size_t i = 0; i <= corners; ++i) {  // the last point closes the ring
        const double angle = 2.0 * 3.14159265358979323846 * static_cast<double>(i % corners) / static_cast<double>(corners);
        std::snprintf(point, sizeof point, "%.4f %.4f 56 ", 365005.0 + 4.0 * std::cos(angle),
                      5713005.0 + 4.0 * std::sin(angle));
        ring += point;
    }
    return document("", "31001_1000", surface("RoofSurface", "circle", ring), "\n");
}

std::string billionLaughsDoctype(int levels) {
    std::string doctype = "<!DOCTYPE core:CityModel [\n  <!ENTITY lol0 \"lol\">\n";
    for (int i = 1; i <= levels; ++i) {
        doctype += "  <!ENTITY lol" + std::to_string(i) + " \"";
        for (int k = 0; k < 10; ++k) doctype += "&lol" + std::to_string(i - 1) + ";";
        doctype += "\">\n";
    }
    return doctype + "]>\n";
}

}  // namespace places::hostile
