// CRS names from city files -> EPSG, and PROJ transforms checked against the
// defining points of the national grids (offline: proj-data only).
#include <catch2/catch.hpp>

#include <cmath>

#include "places/city/assemble.hpp"
#include "places/city/crs_transform.hpp"

using namespace places::city;

namespace {

void checkName(const char* text, const std::string& horizontal, const std::string& vertical) {
    INFO(text);
    const auto name = normaliseCrs(text);
    REQUIRE(name);
    CHECK(name->horizontal == horizontal);
    CHECK(name->vertical == vertical);
}

struct Expected {
    const char* text;
    const char* horizontal;
    const char* vertical;
};

double dms(double d, double m, double s) { return d + m / 60.0 + s / 3600.0; }

}  // namespace

TEST_CASE("normaliseCrs: AdV URNs of German state survey data", "[crs]") {
    const Expected cases[] = {
        {"urn:adv:crs:ETRS89_UTM32*DE_DHHN2016_NH*GCG2016", "EPSG:25832", "EPSG:7837"},
        {"urn:adv:crs:ETRS89_UTM32*DE_DHHN92_NH", "EPSG:25832", "EPSG:5783"},
        {"urn:adv:crs:ETRS89_UTM33*DE_DHHN2016_NH*GCG2016", "EPSG:25833", "EPSG:7837"},
        {"urn:adv:crs:ETRS89_UTM32", "EPSG:25832", ""},
        {"urn:adv:crs:DE_DHDN_3GK2*DE_DHHN92_NH", "EPSG:31466", "EPSG:5783"},
    };
    for (const auto& c : cases) checkName(c.text, c.horizontal, c.vertical);
}

TEST_CASE("normaliseCrs: OGC URLs and URNs, EPSG codes, compound forms", "[crs]") {
    const Expected cases[] = {
        {"https://www.opengis.net/def/crs/EPSG/0/28992", "EPSG:28992", ""},
        {"http://www.opengis.net/def/crs/EPSG/0/2056", "EPSG:2056", ""},
        {"urn:ogc:def:crs:EPSG::25832", "EPSG:25832", ""},
        {"urn:ogc:def:crs:EPSG:6.12:3857", "EPSG:3857", ""},
        {"EPSG:25832", "EPSG:25832", ""},
        {"  epsg:25832 ", "EPSG:25832", ""},
        {"EPSG:25832+7837", "EPSG:25832", "EPSG:7837"},
        {"EPSG:7415", "EPSG:28992", "EPSG:5709"},
        {"urn:ogc:def:crs,crs:EPSG::25832,crs:EPSG::7837", "EPSG:25832", "EPSG:7837"},
        {"http://www.opengis.net/def/crs-compound?1=http://www.opengis.net/def/crs/EPSG/0/28992&2="
         "http://www.opengis.net/def/crs/EPSG/0/5709",
         "EPSG:28992", "EPSG:5709"},
    };
    // EPSG:7415 is compound (RD New + NAP): PROJ's database splits it.
    for (const auto& c : cases) checkName(c.text, c.horizontal, c.vertical);
}

TEST_CASE("normaliseCrs: what is not a horizontal CRS", "[crs]") {
    CHECK_FALSE(normaliseCrs(""));
    CHECK_FALSE(normaliseCrs("urn:adv:crs:NOT_A_CRS"));
    CHECK_FALSE(normaliseCrs("EPSG:999999"));
    CHECK_FALSE(normaliseCrs("EPSG:5709"));  // vertical only
    CHECK_FALSE(normaliseCrs("EPSG:abc"));
    CHECK_FALSE(normaliseCrs("local"));
}

TEST_CASE("describeCrs: the output frame needs a projected CRS in metres", "[crs]") {
    CHECK(describeCrs("EPSG:25832").projectedMetres);
    CHECK(describeCrs("EPSG:28992").projectedMetres);
    CHECK(describeCrs("EPSG:7415").projectedMetres);
    CHECK(describeCrs("EPSG:4326").known);
    CHECK_FALSE(describeCrs("EPSG:4326").projectedMetres);
    CHECK_FALSE(describeCrs("EPSG:2263").projectedMetres);  // New York, US survey feet
    CHECK_FALSE(describeCrs("EPSG:999999").known);
}

TEST_CASE("PROJ transforms hit the defining points of RD and LV95", "[crs]") {
    // The RD grid's origin (155000, 463000) is, by definition, the Amersfoort
    // tower at 52°09'22.178"N 5°23'15.500"E on the Bessel ellipsoid (EPSG:4289).
    auto rd = CrsTransform::create("EPSG:28992", "EPSG:4289");
    REQUIRE(rd.ok());
    std::vector<glm::dvec3> points{{155000.0, 463000.0, 12.5}};
    CHECK(rd->transform(points) == 0);
    CHECK(points[0].x == Approx(dms(5, 23, 15.500)).margin(1e-7));   // longitude first
    CHECK(points[0].y == Approx(dms(52, 9, 22.178)).margin(1e-7));
    CHECK(points[0].z == 12.5);  // heights pass through

    // LV95's false origin (2600000, 1200000) is the old Bern observatory,
    // 46°57'08.66"N 7°26'22.50"E in CH1903+ (EPSG:4150).
    auto lv95 = CrsTransform::create("EPSG:2056", "EPSG:4150");
    REQUIRE(lv95.ok());
    points = {{2600000.0, 1200000.0, 0.0}};
    lv95->transform(points);
    CHECK(points[0].x == Approx(dms(7, 26, 22.50)).margin(1e-6));
    CHECK(points[0].y == Approx(dms(46, 57, 8.66)).margin(1e-6));

    // UTM: easting 500000 is the zone's central meridian (9°E for zone 32).
    auto utm = CrsTransform::create("EPSG:25832+7837", "EPSG:4258");
    REQUIRE(utm.ok());
    points = {{500000.0, 5713000.0, 50.0}};
    utm->transform(points);
    CHECK(points[0].x == Approx(9.0).margin(1e-9));
}

TEST_CASE("PROJ transforms between projected CRSs round-trip to the millimetre", "[crs]") {
    auto forward = CrsTransform::create("EPSG:25832", "EPSG:25833");
    auto backward = CrsTransform::create("EPSG:25833", "EPSG:25832");
    REQUIRE(forward.ok());
    REQUIRE(backward.ok());
    const glm::dvec3 start{365500.0, 5713500.0, 60.0};
    std::vector<glm::dvec3> points{start};
    forward->transform(points);
    CHECK(std::abs(points[0].x - start.x) > 1000.0);  // really moved to another zone
    backward->transform(points);
    CHECK(points[0].x == Approx(start.x).margin(1e-3));
    CHECK(points[0].y == Approx(start.y).margin(1e-3));
}

TEST_CASE("CrsTransform::create reports unknown CRSs", "[crs]") {
    auto result = CrsTransform::create("EPSG:999999", "EPSG:25832");
    CHECK_FALSE(result.value);
    REQUIRE(result.diagnostics.hasErrors());
    CHECK(result.diagnostics.firstError().find("EPSG:999999") != std::string::npos);
}
