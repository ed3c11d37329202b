#include <catch2/catch.hpp>

#include "places/core/diagnostic.hpp"

using places::Diagnostics;
using places::SourceLocation;

TEST_CASE("locations name the file and the place inside it") {
    CHECK(SourceLocation{"a.gml", 12, 3}.format() == "a.gml:12:3");
    SourceLocation bin{"c.places"};
    bin.byteOffset = 4096;
    CHECK(bin.format() == "c.places@byte 4096");
    SourceLocation json{"d.city.json"};
    json.pointer = "/CityObjects/b1/geometry/0";
    CHECK(json.format() == "d.city.json (/CityObjects/b1/geometry/0)");
}

TEST_CASE("diagnostics count errors, warnings and reasons") {
    Diagnostics d;
    d.warning({"x.json", 1, 1}, "odd");
    CHECK_FALSE(d.hasErrors());
    d.error({"x.json", 2, 5}, "bad vertex index 9 (3 vertices)");
    d.count("skipped: degenerate polygon", 2);
    d.count("skipped: degenerate polygon");
    CHECK(d.errorCount() == 1);
    CHECK(d.warningCount() == 1);
    CHECK(d.counter("skipped: degenerate polygon") == 3);
    CHECK(d.firstError() == "x.json:2:5: error: bad vertex index 9 (3 vertices)");

    Diagnostics sum;
    sum.append(d);
    sum.append(d);
    CHECK(sum.errorCount() == 2);
    CHECK(sum.counter("skipped: degenerate polygon") == 6);
    CHECK(sum.items().size() == 4);
}
