// CRS names as found in city files, mapped to EPSG codes PROJ understands.
#include "places/city/assemble.hpp"
#include "places/city/crs_transform.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>
#include <string_view>

#include "crs_memo.hpp"
#include "proj_handles.hpp"

namespace places::city {
namespace detail {

ProjContextPtr makeOfflineContext() {
    ProjContextPtr context(proj_context_create());
    proj_context_set_enable_network(context.get(), 0);
    proj_log_level(context.get(), PJ_LOG_NONE);
    return context;
}

ProjPtr createCrs(PJ_CONTEXT* context, const std::string& name) {
    ProjPtr crs(proj_create(context, name.c_str()));
    if (crs && !proj_is_crs(crs.get())) return nullptr;
    return crs;
}

ProjPtr horizontalPart(PJ_CONTEXT* context, ProjPtr crs) {
    if (!crs) return nullptr;
    switch (proj_get_type(crs.get())) {
        case PJ_TYPE_COMPOUND_CRS: return horizontalPart(context, ProjPtr(proj_crs_get_sub_crs(context, crs.get(), 0)));
        case PJ_TYPE_VERTICAL_CRS: return nullptr;
        default: return crs;
    }
}

std::string epsgName(const PJ* object) {
    const char* authority = proj_get_id_auth_name(object, 0);
    const char* code = proj_get_id_code(object, 0);
    if (!authority || !code || std::string_view(authority) != "EPSG") return {};
    return std::string("EPSG:") + code;
}

std::string lastProjError(PJ_CONTEXT* context) {
    const char* text = proj_context_errno_string(context, proj_context_errno(context));
    return text ? text : "unknown PROJ error";
}

}  // namespace detail

namespace {

using detail::ProjPtr;

std::string lowerCase(std::string_view text) {
    std::string out(text);
    std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return out;
}

std::string_view trim(std::string_view text) {
    while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front()))) text.remove_prefix(1);
    while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) text.remove_suffix(1);
    return text;
}

std::optional<int> parseCode(std::string_view digits) {
    int code = 0;
    auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), code);
    if (ec != std::errc() || end != digits.data() + digits.size() || code <= 0) return std::nullopt;
    return code;
}

// German surveying (AdV) CRS names, as used by every state survey office's
// CityGML: "urn:adv:crs:ETRS89_UTM32*DE_DHHN2016_NH*GCG2016" is ETRS89 / UTM 32N
// with DHHN2016 normal heights (the third part names the quasigeoid model).
struct AdvName {
    std::string_view adv;
    int epsg;
};
constexpr std::array kAdvHorizontal{
    AdvName{"ETRS89_UTM31", 25831}, AdvName{"ETRS89_UTM32", 25832}, AdvName{"ETRS89_UTM33", 25833},
    AdvName{"ETRS89_Lat-Lon", 4258}, AdvName{"DE_DHDN_3GK2", 31466}, AdvName{"DE_DHDN_3GK3", 31467},
    AdvName{"DE_DHDN_3GK4", 31468}, AdvName{"DE_DHDN_3GK5", 31469}, AdvName{"DE_DHDN_Lat-Lon", 4314},
};
constexpr std::array kAdvVertical{
    AdvName{"DE_DHHN2016_NH", 7837}, AdvName{"DE_DHHN92_NH", 5783}, AdvName{"DE_DHHN12_NOH", 5784},
};

std::optional<int> advCode(std::string_view part, const auto& table) {
    for (const auto& entry : table)
        if (part == entry.adv) return entry.epsg;
    return std::nullopt;
}

struct Codes {
    int horizontal = 0;
    int vertical = 0;  // 0 = none given
};

std::optional<Codes> parseAdv(std::string_view rest) {
    const auto star = rest.find('*');
    const auto horizontal = advCode(rest.substr(0, star), kAdvHorizontal);
    if (!horizontal) return std::nullopt;
    Codes codes{*horizontal, 0};
    if (star != std::string_view::npos) {
        auto vertical = rest.substr(star + 1);
        vertical = vertical.substr(0, vertical.find('*'));
        codes.vertical = advCode(vertical, kAdvVertical).value_or(0);
    }
    return codes;
}

// One EPSG code from "EPSG:n", "EPSG::n", "urn:ogc:def:crs:EPSG:[version]:n",
// "urn:x-ogc:def:crs:EPSG:n" or "http(s)://www.opengis.net/def/crs/EPSG/0/n".
std::optional<int> singleCode(std::string_view text) {
    const std::string lower = lowerCase(text);
    for (std::string_view prefix : {"http://www.opengis.net/def/crs/epsg/", "https://www.opengis.net/def/crs/epsg/"}) {
        if (lower.starts_with(prefix)) return parseCode(text.substr(text.rfind('/') + 1));
    }
    for (std::string_view prefix : {"urn:ogc:def:crs:epsg:", "urn:x-ogc:def:crs:epsg:", "epsg:"}) {
        if (lower.starts_with(prefix)) return parseCode(text.substr(text.rfind(':') + 1));
    }
    return std::nullopt;
}

std::optional<Codes> parseCodes(std::string_view text) {
    const std::string lower = lowerCase(text);
    if (lower.starts_with("urn:adv:crs:")) return parseAdv(text.substr(12));
    // "urn:ogc:def:crs,crs:EPSG::25832,crs:EPSG::7837"
    if (lower.starts_with("urn:ogc:def:crs,")) {
        const auto second = lower.find(",crs:", 16);
        if (second == std::string::npos) return std::nullopt;
        auto h = singleCode("urn:ogc:def:crs:" + std::string(text.substr(20, second - 20)));
        auto v = singleCode("urn:ogc:def:crs:" + std::string(text.substr(second + 5)));
        if (!h || !v) return std::nullopt;
        return Codes{*h, *v};
    }
    // "http://www.opengis.net/def/crs-compound?1=<url>&2=<url>"
    if (const auto q = lower.find("/def/crs-compound?1="); q != std::string::npos) {
        const auto amp = lower.find("&2=", q);
        if (amp == std::string::npos) return std::nullopt;
        auto h = singleCode(text.substr(q + 20, amp - (q + 20)));
        auto v = singleCode(text.substr(amp + 3));
        if (!h || !v) return std::nullopt;
        return Codes{*h, *v};
    }
    // "EPSG:25832+7837"
    if (const auto plus = text.find('+'); plus != std::string_view::npos && lower.starts_with("epsg:")) {
        auto h = singleCode(text.substr(0, plus));
        auto v = parseCode(text.substr(plus + 1));
        if (!h || !v) return std::nullopt;
        return Codes{*h, *v};
    }
    if (auto code = singleCode(text)) return Codes{*code, 0};
    return std::nullopt;
}

// Both lookups below are memoised per process (crs_memo.hpp).
std::optional<CrsName> computeNormalisedCrs(const std::string& text) {
    const auto codes = parseCodes(trim(text));
    if (!codes) return std::nullopt;

    // PROJ's database decides whether the codes exist and splits compound codes
    // (EPSG:7415 = EPSG:28992 + EPSG:5709), so later steps see one horizontal CRS.
    auto context = detail::makeOfflineContext();
    ProjPtr crs = detail::createCrs(context.get(), "EPSG:" + std::to_string(codes->horizontal));
    if (!crs) return std::nullopt;
    CrsName name;
    if (proj_get_type(crs.get()) == PJ_TYPE_COMPOUND_CRS) {
        ProjPtr vertical(proj_crs_get_sub_crs(context.get(), crs.get(), 1));
        if (vertical) name.vertical = detail::epsgName(vertical.get());
    }
    ProjPtr horizontal = detail::horizontalPart(context.get(), std::move(crs));
    if (!horizontal) return std::nullopt;
    name.horizontal = detail::epsgName(horizontal.get());
    if (name.horizontal.empty()) return std::nullopt;
    if (codes->vertical != 0) {
        ProjPtr vertical = detail::createCrs(context.get(), "EPSG:" + std::to_string(codes->vertical));
        if (vertical && proj_get_type(vertical.get()) == PJ_TYPE_VERTICAL_CRS) name.vertical = detail::epsgName(vertical.get());
    }
    return name;
}

CrsKind computeCrsKind(const std::string& crs) {
    auto context = detail::makeOfflineContext();
    ProjPtr horizontal = detail::horizontalPart(context.get(), detail::createCrs(context.get(), crs));
    CrsKind kind;
    if (!horizontal) return kind;
    kind.known = true;
    if (const char* name = proj_get_name(horizontal.get())) kind.name = name;
    if (proj_get_type(horizontal.get()) != PJ_TYPE_PROJECTED_CRS) return kind;
    ProjPtr cs(proj_crs_get_coordinate_system(context.get(), horizontal.get()));
    double toMetres = 0.0;
    if (cs && proj_cs_get_axis_info(context.get(), cs.get(), 0, nullptr, nullptr, nullptr, &toMetres, nullptr,
                                    nullptr, nullptr))
        kind.projectedMetres = toMetres == 1.0;
    return kind;
}

}  // namespace

std::optional<CrsName> normaliseCrs(const std::string& text) {
    static detail::Memo<std::optional<CrsName>> memo;
    return memo.get(text, computeNormalisedCrs);
}

CrsKind describeCrs(const std::string& crs) {
    static detail::Memo<CrsKind> memo;
    return memo.get(crs, computeCrsKind);
}

}  // namespace places::city
