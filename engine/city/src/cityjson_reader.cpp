// CityJSON 1.0 / 1.1 / 2.0 and CityJSONSeq (JSON Lines) reader: the document
// level — syntax, version, CRS, the "transform" quantisation, vertices, the
// CityObjects loop and the parent links. Geometry is in cityjson_geometry.cpp.
//
// Fast path: simdjson's DOM (one pass over the bytes, a tape, no per-value
// allocation). On a syntax error the bytes are re-read once to locate it.
#include <algorithm>
#include <cmath>
#include <iterator>
#include <string>
#include <unordered_map>

#include "cityjson_context.hpp"
#include "parallel_jobs.hpp"
#include "places/city/readers.hpp"
#include "places/core/mapped_file.hpp"

namespace places::city {
namespace cityjson {
namespace {

bool isBlank(std::string_view text) {
    return text.find_first_not_of(" \t\r\n") == std::string_view::npos;
}

// "https://www.opengis.net/def/crs/EPSG/0/7415", "urn:ogc:def:crs:EPSG::7415",
// "urn:ogc:def:crs:EPSG:6.18:7415", "EPSG:7415" -> "EPSG:7415"; else empty.
std::string epsgFromReferenceSystem(std::string_view text) {
    std::string_view code;
    for (std::string_view prefix : {"http://www.opengis.net/def/crs/EPSG/", "https://www.opengis.net/def/crs/EPSG/"}) {
        if (text.substr(0, prefix.size()) == prefix) {
            const auto slash = text.rfind('/');
            code = text.substr(slash + 1);  // after the version segment ("0")
        }
    }
    if (code.empty() && (text.substr(0, 21) == "urn:ogc:def:crs:EPSG:" || text.substr(0, 5) == "EPSG:")) {
        code = text.substr(text.rfind(':') + 1);
    }
    if (code.empty() || code.size() > 9 || code.find_first_not_of("0123456789") != std::string_view::npos) return {};
    return "EPSG:" + std::string(code);
}

// `value`: an element, or a lookup result that may hold an error.
bool readVector3(const auto& value, glm::dvec3& out) {
    array a;
    if (value.get_array().get(a) != SUCCESS || a.size() != 3) return false;
    int i = 0;
    for (element v : a) {
        if (v.get_double().get(out[i]) != SUCCESS || !std::isfinite(out[i])) return false;
        ++i;
    }
    return true;
}

struct Transform {
    glm::dvec3 scale{1.0};
    glm::dvec3 translate{0.0};
};

// Real coordinate = integer * scale + translate (CityJSON "transform").
bool readTransform(Context& ctx, object root, Transform& transform) {
    element value;
    if (root["transform"].get(value) != SUCCESS) return true;  // CityJSON 1.0: real coordinates
    PathScope scope(ctx.path, "transform");
    object t;
    if (value.get_object().get(t) != SUCCESS || !readVector3(t["scale"], transform.scale) ||
        !readVector3(t["translate"], transform.translate)) {
        ctx.error("\"transform\" must hold \"scale\" and \"translate\", each an array of 3 numbers");
        return false;
    }
    if (transform.scale.x == 0 || transform.scale.y == 0 || transform.scale.z == 0) {
        ctx.error("\"transform\" has a zero scale");
        return false;
    }
    return true;
}

void readReferenceSystem(Context& ctx, object root) {
    std::string_view text;
    element metadata, reference;
    if (root["metadata"].get(metadata) != SUCCESS || metadata["referenceSystem"].get(reference) != SUCCESS) return;
    PathScope m(ctx.path, "metadata");
    PathScope r(ctx.path, "referenceSystem");
    if (reference.get_string().get(text) != SUCCESS) {
        ctx.warning("\"referenceSystem\" is not a string; CRS left undetermined");
        return;
    }
    ctx.model.crsSource = std::string(text);
    ctx.model.crs = epsgFromReferenceSystem(text);
    if (!ctx.model.crs.empty() && ctx.options.onCrs && ctx.model.crs != ctx.crsAnnounced)
        ctx.options.onCrs(ctx.model.crs);
    if (ctx.model.crs.empty())
        ctx.warning("CRS \"" + std::string(text) + "\" not understood (expected an OGC EPSG URL or URN); CRS left undetermined");
}

// A BuildingPart with geometry names its building in "parents": that building's
// own geometry is then not read (see Context::buildingsWithPartGeometry).
void findBuildingsWithPartGeometry(Context& ctx, object cityObjects) {
    for (auto [id, value] : cityObjects) {
        std::string_view type, parent;
        array geometry, parents;
        if (value["type"].get_string().get(type) == SUCCESS && type == "BuildingPart" &&
            value["geometry"].get_array().get(geometry) == SUCCESS && geometry.size() > 0 &&
            value["parents"].get_array().get(parents) == SUCCESS && parents.size() > 0 &&
            parents.at(0).get_string().get(parent) == SUCCESS) {
            ctx.doc.buildingsWithPartGeometry.insert(parent);
        }
    }
}

// The CityObjects in document order. Objects are independent once the
// document's vertices and templates are read (triangulating them is half the
// reader's work besides the parse), so with more than one thread they are read
// in consecutive shares on all threads, each into its own model and
// diagnostics, and the shares are appended in order: the model, the messages
// and their order are those of one thread.
void readCityObjects(Context& ctx, object cityObjects) {
    const std::size_t count = cityObjects.size();
    const unsigned threads = jobThreads(ctx.options.threads);
    constexpr std::size_t kShareObjects = 64;  // a few hundred polygons: small next to a job's cost
    ctx.model.objects.reserve(ctx.model.objects.size() + count);
    if (threads <= 1 || count < 4 * kShareObjects) {
        for (auto [id, object] : cityObjects) {
            PathScope item(ctx.path, id);
            readCityObject(ctx, id, object);
        }
        return;
    }
    std::vector<std::pair<std::string_view, element>> items;
    items.reserve(count);
    for (auto [id, object] : cityObjects) items.emplace_back(id, object);
    struct Share {
        Diagnostics diagnostics;
        SourceModel model;
    };
    std::vector<Share> shares((items.size() + kShareObjects - 1) / kShareObjects);
    runJobs(shares.size(), threads, [&](std::size_t s, unsigned) {
        Context share(ctx, shares[s].diagnostics, shares[s].model);
        const std::size_t end = std::min(items.size(), (s + 1) * kShareObjects);
        share.model.objects.reserve(kShareObjects);
        for (std::size_t i = s * kShareObjects; i < end; ++i) {
            PathScope item(share.path, items[i].first);
            readCityObject(share, items[i].first, items[i].second);
        }
    });
    for (Share& share : shares) {
        ctx.diagnostics.append(share.diagnostics);
        SourceModel& model = share.model;
        std::move(model.objects.begin(), model.objects.end(), std::back_inserter(ctx.model.objects));
        ctx.model.surfaces += model.surfaces;
        ctx.model.polygonSurfaces += model.polygonSurfaces;
        ctx.model.polygons += model.polygons;
        ctx.model.triangles += model.triangles;
    }
}

// "vertices" + "CityObjects" of a CityJSON document or CityJSONSeq feature.
// False when the body is unusable (reported).
bool readBody(Context& ctx, object root, const Transform& transform) {
    array vertices;
    element value;
    if (root["vertices"].get(value) != SUCCESS) {
        ctx.error("missing \"vertices\"");
        return false;
    }
    {
        PathScope scope(ctx.path, "vertices");
        if (value.get_array().get(vertices) != SUCCESS) {
            ctx.error("\"vertices\" must be an array of [x, y, z]");
            return false;
        }
        ctx.doc.vertices.clear();
        readVertexArray(ctx, vertices, transform.scale, transform.translate, ctx.doc.vertices);
    }
    object cityObjects;
    if (root["CityObjects"].get(value) != SUCCESS) {
        ctx.error("missing \"CityObjects\"");
        return false;
    }
    PathScope scope(ctx.path, "CityObjects");
    if (value.get_object().get(cityObjects) != SUCCESS) {
        ctx.error("\"CityObjects\" must be an object of id -> CityObject");
        return false;
    }
    ctx.doc.buildingsWithPartGeometry.clear();
    findBuildingsWithPartGeometry(ctx, cityObjects);
    readCityObjects(ctx, cityObjects);
    return true;
}

// Parents named in "parents" must exist; a dangling link is dropped (counted)
// so the part still shows as an object of its own.
void checkParents(Context& ctx) {
    std::unordered_map<std::string_view, std::size_t> index;
    index.reserve(ctx.model.objects.size());
    for (std::size_t i = 0; i < ctx.model.objects.size(); ++i) index.emplace(ctx.model.objects[i].id, i);
    for (auto& object : ctx.model.objects) {
        if (object.parentId.empty() || index.count(object.parentId) > 0) continue;
        PathScope c(ctx.path, "CityObjects");
        PathScope o(ctx.path, object.id);
        PathScope p(ctx.path, "parents");
        ctx.counted("salvaged object: parent not found (kept as top-level)",
                    ("parent \"" + object.parentId + "\" not found").c_str());
        object.parentId.clear();
    }
}

bool checkVersion(Context& ctx, object root, std::string_view expectedType) {
    std::string_view type, version;
    if (root["type"].get_string().get(type) != SUCCESS || type != expectedType) {
        PathScope scope(ctx.path, "type");
        std::string message = "not a ";
        message.append(expectedType).append(" document (\"type\" is ");
        if (type.empty()) message += "missing)";
        else message.append("\"").append(type).append("\")");
        ctx.error(message);
        return false;
    }
    if (expectedType != "CityJSON") return true;
    if (root["version"].get_string().get(version) != SUCCESS) {
        PathScope scope(ctx.path, "version");
        ctx.warning("missing \"version\"; reading as CityJSON 2.0");
    } else if (version != "1.0" && version != "1.1" && version != "2.0") {
        PathScope scope(ctx.path, "version");
        ctx.warning("CityJSON version \"" + std::string(version) + "\" not supported (1.0, 1.1, 2.0); reading as 2.0");
    }
    return true;
}

void reportSyntaxError(Diagnostics& diagnostics, const std::string& name, std::string_view json,
                       std::uint32_t lineOffset, simdjson::error_code code) {
    if (auto error = locateSyntaxError(json)) {
        SourceLocation where{name, error->line + lineOffset, error->column};
        if (lineOffset == 0) where.byteOffset = error->byteOffset;
        diagnostics.error(where, "invalid JSON: " + error->message);
        return;
    }
    // Valid JSON that simdjson still refuses: nesting deeper than its limit
    // (located here), integers beyond 64 bits. The depth is checked whatever
    // `code` says: the sanitizer build saw simdjson's depth error under
    // another enum value than its header names (the library and the header
    // were built with different options), and a located depth is the better
    // message anyway.
    if (auto deep = locateTooDeep(json, simdjson::DEFAULT_MAX_DEPTH)) {
        SourceLocation where{name, deep->line + lineOffset, deep->column};
        if (lineOffset == 0) where.byteOffset = deep->byteOffset;
        diagnostics.error(where, "unsupported JSON: " + deep->message);
        return;
    }
    SourceLocation where{name, lineOffset};
    diagnostics.error(where, std::string("unsupported JSON: ") + simdjson::error_message(code));
}

// CityJSONSeq: line 1 is a "CityJSON" header (transform, metadata, templates),
// each further line one "CityJSONFeature" with its own vertices.
bool looksLikeSequence(simdjson::dom::parser& parser, std::string_view json, object& header) {
    const auto newline = json.find('\n');
    if (newline == std::string_view::npos || isBlank(json.substr(newline))) return false;
    element root;
    std::string_view type;
    return parser.parse(json.data(), newline).get(root) == SUCCESS && root.get_object().get(header) == SUCCESS &&
           header["type"].get_string().get(type) == SUCCESS && type == "CityJSON";
}

void readSequence(Context& ctx, std::string_view json, const Transform& transform) {
    simdjson::dom::parser featureParser;
    std::size_t start = json.find('\n') + 1;
    std::uint32_t line = 1;
    while (start < json.size()) {
        ++line;
        auto end = json.find('\n', start);
        if (end == std::string_view::npos) end = json.size();
        const std::string_view text = json.substr(start, end - start);
        start = end + 1;
        if (isBlank(text)) continue;
        ctx.line = line;
        element root;
        object feature;
        const auto code = featureParser.parse(text.data(), text.size()).get(root);
        if (code != SUCCESS) {
            reportSyntaxError(ctx.diagnostics, ctx.file, text, line - 1, code);
            ctx.counted("skipped feature: invalid JSON line");
            continue;
        }
        if (root.get_object().get(feature) != SUCCESS || !checkVersion(ctx, feature, "CityJSONFeature") ||
            !readBody(ctx, feature, transform)) {
            ctx.counted("skipped feature: invalid");
        }
    }
    ctx.line = 0;
}

// Members shared by CityJSON documents and CityJSONSeq headers.
bool readHeader(Context& ctx, object root, Transform& transform) {
    if (!checkVersion(ctx, root, "CityJSON") || !readTransform(ctx, root, transform)) return false;
    readReferenceSystem(ctx, root);
    element templates;
    if (root["geometry-templates"].get(templates) == SUCCESS) {
        PathScope scope(ctx.path, "geometry-templates");
        readTemplates(ctx, templates);
    }
    if (root["appearance"].error() == SUCCESS) ctx.diagnostics.count("ignored: appearance (textures, materials)");
    return true;
}

// Files usually name their CRS in the first few hundred bytes ("metadata"
// before "CityObjects"): announcing it before the parse lets the PROJ lookup
// overlap the parse instead of the objects, which take both cores. Only a
// hint: a plain string after the first "referenceSystem" key; the header read
// after the parse is what counts (announced again if it differs).
void announceCrsEarly(Context& ctx, std::string_view json) {
    if (!ctx.options.onCrs) return;
    constexpr std::string_view kKey = "\"referenceSystem\"";
    const std::string_view head = json.substr(0, 4096);
    std::size_t at = head.find(kKey);
    if (at == std::string_view::npos) return;
    at = head.find_first_not_of(" \t\r\n:", at + kKey.size());
    if (at == std::string_view::npos || head[at] != '"') return;
    const std::size_t end = head.find('"', at + 1);
    if (end == std::string_view::npos) return;
    const std::string_view text = head.substr(at + 1, end - at - 1);
    if (text.find('\\') != std::string_view::npos) return;  // escapes: wait for the parser
    std::string crs = epsgFromReferenceSystem(text);
    if (crs.empty()) return;
    ctx.options.onCrs(crs);
    ctx.crsAnnounced = std::move(crs);
}

// False when nothing could be read (reported).
bool readDocument(Context& ctx, std::string_view json) {
    announceCrsEarly(ctx, json);
    simdjson::dom::parser parser;
    element rootValue;
    object root;
    const auto code = parser.parse(json.data(), json.size()).get(rootValue);
    if (code != SUCCESS) {
        simdjson::dom::parser headerParser;  // keeps the header (templates) alive while features are read
        object header;
        if (!looksLikeSequence(headerParser, json, header)) {
            reportSyntaxError(ctx.diagnostics, ctx.file, json, 0, code);
            return false;
        }
        ctx.line = 1;
        Transform transform;
        if (!readHeader(ctx, header, transform)) return false;
        readSequence(ctx, json, transform);
        return true;
    }
    if (rootValue.get_object().get(root) != SUCCESS) {
        ctx.error("not a CityJSON document (the top level is not an object)");
        return false;
    }
    Transform transform;
    return readHeader(ctx, root, transform) && readBody(ctx, root, transform);
}

}  // namespace

std::string JsonPath::str() const {
    std::string out;
    for (const auto& s : segments_) {
        out += '/';
        if (s.key.data() == nullptr) {
            out += std::to_string(s.index);
            continue;
        }
        for (char c : s.key) {
            if (c == '~') out += "~0";
            else if (c == '/') out += "~1";
            else out += c;
        }
    }
    return out;
}

void Context::counted(const std::string& reason, const char* detail) {
    diagnostics.count(reason);
    if (options.listSkipped) diagnostics.warning(here(), detail != nullptr ? std::string(detail) : reason);
}

void readVertexArray(Context& ctx, array vertices, const glm::dvec3& scale, const glm::dvec3& translate,
                     std::vector<glm::dvec3>& out) {
    out.reserve(out.size() + vertices.size());
    std::size_t i = 0;
    for (element v : vertices) {
        glm::dvec3 p{0.0};
        if (!readVector3(v, p)) {
            PathScope scope(ctx.path, i);
            ctx.error("a vertex must be an array of 3 finite numbers; polygons using it are skipped");
            p = glm::dvec3(std::nan(""));
        }
        out.push_back(p * scale + translate);  // double: exact for |int| < 2^53
        ++i;
    }
}

}  // namespace cityjson

Result<SourceModel> readCityJsonBuffer(std::string_view json, const std::string& name, const ReadOptions& options) {
    Result<SourceModel> result;
    if (cityjson::isBlank(json)) {
        result.diagnostics.error({name}, json.empty() ? "file is empty" : "file holds only whitespace");
        return result;
    }
    SourceModel model;
    model.path = name;
    cityjson::DocumentData document;
    cityjson::Context ctx(name, options, result.diagnostics, model, document);
    if (!cityjson::readDocument(ctx, json)) return result;
    cityjson::checkParents(ctx);
    result.value = std::move(model);
    return result;
}

Result<SourceModel> readCityJson(const std::string& path, const ReadOptions& options) {
    auto file = MappedFile::open(path);
    if (!file) {
        Result<SourceModel> result;
        result.diagnostics = std::move(file.diagnostics);
        return result;
    }
    return readCityJsonBuffer(std::string_view(file->chars(), file->size()), path, options);
}

}  // namespace places::city
