#pragma once
// Solar position from date, time and place: the NOAA solar calculator's
// algorithm (Meeus, "Astronomical Algorithms", chapters 25 and 28, low
// accuracy: about 0.01 degree for years 1800-2100), with NOAA's atmospheric
// refraction correction of the elevation.
#include <cstdint>
#include <optional>
#include <string_view>

namespace places::scenes {

struct SolarPosition {
    double azimuthDeg = 0.0;            // clockwise from true north, [0, 360)
    double elevationDeg = 0.0;          // above the horizon, refraction included
    double declinationDeg = 0.0;        // apparent declination
    double equationOfTimeMinutes = 0.0; // apparent minus mean solar time
};

// `unixSeconds`: UTC seconds since 1970-01-01T00:00:00Z. Latitude north and
// longitude east positive, degrees.
SolarPosition solarPosition(double unixSeconds, double latitudeDeg, double longitudeDeg);

// Julian day (UT) of a Unix time.
double julianDay(double unixSeconds);

// Parses "YYYY-MM-DDTHH:MM[:SS[.fff]]" followed by "Z" or "+HH:MM"/"-HH:MM"
// (a zone is required: the sun depends on the instant). nullopt when malformed.
std::optional<double> parseIsoTime(std::string_view text);

}  // namespace places::scenes
