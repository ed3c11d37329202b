#include <catch2/catch.hpp>

#include "places/scenes/sun.hpp"

using namespace places::scenes;

TEST_CASE("ISO 8601 times with a zone become Unix seconds") {
    CHECK(*parseIsoTime("1970-01-01T00:00:00Z") == 0.0);
    CHECK(*parseIsoTime("2000-01-01T12:00:00Z") == 946728000.0);
    CHECK(*parseIsoTime("2024-07-13T21:30:00+02:00") == *parseIsoTime("2024-07-13T19:30:00Z"));
    CHECK(*parseIsoTime("2024-07-13T19:30Z") == *parseIsoTime("2024-07-13T19:30:00Z"));
    CHECK(*parseIsoTime("2024-07-13T19:30:00.5-01:00") == *parseIsoTime("2024-07-13T20:30:00Z") + 0.5);
    CHECK_FALSE(parseIsoTime("2024-07-13T19:30:00"));    // no zone: the instant is unknown
    CHECK_FALSE(parseIsoTime("2024-13-01T00:00:00Z"));
    CHECK_FALSE(parseIsoTime("13.07.2024 19:30"));
    CHECK_FALSE(parseIsoTime(""));
}

TEST_CASE("solar declination and equation of time match Meeus' worked examples") {
    // Meeus, Astronomical Algorithms (2nd ed.), example 25.a: 1992 October 13.0 TD,
    // apparent declination -7 deg 47' 06" (low-accuracy method: -7.78507 deg);
    // example 28.b: equation of time 13 min 42.7 s with the same low-accuracy terms.
    // TD - UT was ~59 s in 1992; it shifts these values far less than the tolerances.
    const double t = *parseIsoTime("1992-10-13T00:00:00Z") - 59.0;
    const SolarPosition p = solarPosition(t, 0.0, 0.0);
    CHECK(p.declinationDeg == Approx(-7.78507).margin(0.002));
    CHECK(p.equationOfTimeMinutes == Approx(13.0 + 42.7 / 60.0).margin(0.02));
    CHECK(julianDay(*parseIsoTime("2000-01-01T12:00:00Z")) == Approx(2451545.0));
}

TEST_CASE("solar noon at midsummer in Gelsenkirchen") {
    // Solar noon: 12:00 UTC - 4 min/deg * 7.0622 deg - EoT (-1.8 min on 21 June) = 11:33:35 UTC.
    const double noon = *parseIsoTime("2024-06-21T11:33:35Z");
    const SolarPosition p = solarPosition(noon, 51.5533, 7.0622);
    CHECK(p.azimuthDeg == Approx(180.0).margin(0.3));
    // 90 - latitude + declination (23.44) + refraction (0.01).
    CHECK(p.elevationDeg == Approx(90.0 - 51.5533 + 23.44 + 0.01).margin(0.05));
    // Six hours earlier the sun is in the east, low; at local midnight below the horizon.
    const SolarPosition morning = solarPosition(noon - 6 * 3600, 51.5533, 7.0622);
    CHECK(morning.azimuthDeg > 60.0);
    CHECK(morning.azimuthDeg < 120.0);
    CHECK(solarPosition(noon + 12 * 3600, 51.5533, 7.0622).elevationDeg < -10.0);
}
