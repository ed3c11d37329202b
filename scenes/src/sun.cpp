#include "places/scenes/sun.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>

#include <glm/trigonometric.hpp>

namespace places::scenes {
namespace {

double wrap360(double deg) {
    deg = std::fmod(deg, 360.0);
    return deg < 0.0 ? deg + 360.0 : deg;
}

// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil).
std::int64_t daysFromCivil(std::int64_t y, unsigned m, unsigned d) {
    y -= m <= 2;
    const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
    const auto yoe = static_cast<unsigned>(y - era * 400);
    const unsigned doy = (153 * (m + (m > 2 ? -3u : 9u)) + 2) / 5 + d - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

// NOAA's refraction correction (degrees) for a geometric elevation.
double refraction(double elevationDeg) {
    if (elevationDeg > 85.0) return 0.0;
    const double te = std::tan(glm::radians(elevationDeg));
    double arcsec;
    if (elevationDeg > 5.0) {
        arcsec = 58.1 / te - 0.07 / (te * te * te) + 0.000086 / std::pow(te, 5);
    } else if (elevationDeg > -0.575) {
        arcsec = 1735.0 + elevationDeg * (-518.2 + elevationDeg * (103.4 + elevationDeg * (-12.79 + elevationDeg * 0.711)));
    } else {
        arcsec = -20.774 / te;
    }
    return arcsec / 3600.0;
}

}  // namespace

double julianDay(double unixSeconds) { return unixSeconds / 86400.0 + 2440587.5; }

SolarPosition solarPosition(double unixSeconds, double latitudeDeg, double longitudeDeg) {
    using glm::radians, glm::degrees;
    const double jd = julianDay(unixSeconds);
    const double t = (jd - 2451545.0) / 36525.0;  // Julian centuries since J2000
    const double l0 = wrap360(280.46646 + t * (36000.76983 + t * 0.0003032));
    const double m = 357.52911 + t * (35999.05029 - 0.0001537 * t);
    const double e = 0.016708634 - t * (0.000042037 + 0.0000001267 * t);
    const double mr = radians(m);
    const double centre = std::sin(mr) * (1.914602 - t * (0.004817 + 0.000014 * t)) +
                          std::sin(2 * mr) * (0.019993 - 0.000101 * t) + std::sin(3 * mr) * 0.000289;
    const double omega = radians(125.04 - 1934.136 * t);
    const double apparentLong = l0 + centre - 0.00569 - 0.00478 * std::sin(omega);
    const double meanObliquity = 23.0 + (26.0 + (21.448 - t * (46.815 + t * (0.00059 - t * 0.001813))) / 60.0) / 60.0;
    const double obliquity = radians(meanObliquity + 0.00256 * std::cos(omega));
    const double declination = std::asin(std::sin(obliquity) * std::sin(radians(apparentLong)));

    const double y = std::pow(std::tan(obliquity / 2.0), 2);
    const double l0r = radians(l0);
    const double eot = 4.0 * degrees(y * std::sin(2 * l0r) - 2 * e * std::sin(mr) +
                                     4 * e * y * std::sin(mr) * std::cos(2 * l0r) -
                                     0.5 * y * y * std::sin(4 * l0r) - 1.25 * e * e * std::sin(2 * mr));

    const double minutesUtc = std::fmod(std::fmod(unixSeconds, 86400.0) + 86400.0, 86400.0) / 60.0;
    const double trueSolarMinutes = std::fmod(minutesUtc + eot + 4.0 * longitudeDeg + 1440.0 * 2, 1440.0);
    const double hourAngle = radians(trueSolarMinutes / 4.0 - 180.0);
    const double lat = radians(latitudeDeg);

    const double cosZenith = std::clamp(std::sin(lat) * std::sin(declination) +
                                            std::cos(lat) * std::cos(declination) * std::cos(hourAngle), -1.0, 1.0);
    const double elevation = 90.0 - degrees(std::acos(cosZenith));
    // Azimuth from north, clockwise: atan2 form of NOAA's acos expression (no pole special case).
    const double azimuth = degrees(std::atan2(std::sin(hourAngle), std::cos(hourAngle) * std::sin(lat) -
                                                                       std::tan(declination) * std::cos(lat))) + 180.0;
    SolarPosition out;
    out.azimuthDeg = wrap360(azimuth);
    out.elevationDeg = elevation + refraction(elevation);
    out.declinationDeg = degrees(declination);
    out.equationOfTimeMinutes = eot;
    return out;
}

std::optional<double> parseIsoTime(std::string_view s) {
    auto number = [&](std::size_t pos, std::size_t len, int& out) {
        if (pos + len > s.size()) return false;
        const char* first = s.data() + pos;
        const auto [ptr, ec] = std::from_chars(first, first + len, out);
        return ec == std::errc() && ptr == first + len;
    };
    int year, month, day, hour, minute, second = 0;
    if (!number(0, 4, year) || s.size() < 16 || s[4] != '-' || !number(5, 2, month) || s[7] != '-' ||
        !number(8, 2, day) || (s[10] != 'T' && s[10] != ' ') || !number(11, 2, hour) || s[13] != ':' ||
        !number(14, 2, minute)) {
        return std::nullopt;
    }
    std::size_t pos = 16;
    double fraction = 0.0;
    if (pos < s.size() && s[pos] == ':') {
        if (!number(pos + 1, 2, second)) return std::nullopt;
        pos += 3;
        if (pos < s.size() && s[pos] == '.') {
            double scale = 0.1;
            for (++pos; pos < s.size() && s[pos] >= '0' && s[pos] <= '9'; ++pos, scale /= 10) fraction += (s[pos] - '0') * scale;
        }
    }
    if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 60) return std::nullopt;
    int offsetMinutes = 0;
    if (pos < s.size() && s[pos] == 'Z' && pos + 1 == s.size()) {
        offsetMinutes = 0;
    } else if (pos < s.size() && (s[pos] == '+' || s[pos] == '-') && s.size() == pos + 6 && s[pos + 3] == ':') {
        int oh, om;
        if (!number(pos + 1, 2, oh) || !number(pos + 4, 2, om) || oh > 14 || om > 59) return std::nullopt;
        offsetMinutes = (s[pos] == '-' ? -1 : 1) * (oh * 60 + om);
    } else {
        return std::nullopt;
    }
    const std::int64_t days = daysFromCivil(year, static_cast<unsigned>(month), static_cast<unsigned>(day));
    return static_cast<double>(days) * 86400.0 + hour * 3600.0 + minute * 60.0 + second + fraction -
           offsetMinutes * 60.0;
}

}  // namespace places::scenes
