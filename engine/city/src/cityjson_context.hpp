#pragma once
// Internal to the CityJSON reader: the state shared by its files while one
// document is read. Includes simdjson, so keep it out of public headers.
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include <simdjson.h>

#include <glm/vec3.hpp>

#include "places/city/readers.hpp"
#include "places/city/source_model.hpp"
#include "places/core/diagnostic.hpp"

namespace places::city::cityjson {

using simdjson::SUCCESS;
using simdjson::dom::array;
using simdjson::dom::element;
using simdjson::dom::object;

// The path to the JSON value being read, kept as a stack of segments so a
// pointer string ("/CityObjects/id/geometry/0/boundaries/2/0") is only built
// when a message needs one. Keys point into the parsed document.
class JsonPath {
public:
    void push(std::string_view key) { segments_.push_back({key, 0}); }
    void push(std::size_t index) { segments_.push_back({{}, index}); }
    void pop() { segments_.pop_back(); }
    std::string str() const;  // RFC 6901 (escapes '~' and '/')

private:
    struct Segment {
        std::string_view key;  // data() == nullptr: an array index
        std::size_t index;
    };
    std::vector<Segment> segments_;
};

// Pushes a segment for the lifetime of a scope. A key must outlive the scope
// (a view into the document or a string that stays put), never a temporary.
class PathScope {
public:
    PathScope(JsonPath& path, std::string_view key) : path_(path) { path_.push(key); }
    PathScope(JsonPath& path, std::size_t index) : path_(path) { path_.push(index); }
    ~PathScope() { path_.pop(); }
    PathScope(const PathScope&) = delete;
    PathScope& operator=(const PathScope&) = delete;

private:
    JsonPath& path_;
};

// A row-major 4x4 matrix and reference point: how a GeometryInstance places
// its template's vertices (real = ref + M * template vertex).
struct Placement {
    std::array<double, 16> m{};
    glm::dvec3 reference{0.0};
};

// Where a geometry's vertex indices point: the document's (already
// dequantised) vertices, or a template's vertices placed by an instance.
struct VertexPool {
    const std::vector<glm::dvec3>* vertices = nullptr;
    const Placement* placement = nullptr;  // null: indices are real coordinates
    const char* name = "vertices";         // for messages
};

struct Templates {
    // "geometry-templates"/"templates"; nullopt where an entry is not a usable geometry.
    std::vector<std::optional<object>> geometries;
    std::vector<glm::dvec3> vertices;                // "vertices-templates" (never quantised)
};

// What every CityObject of a document reads and none writes: the vertices,
// the templates and which buildings take their parts' geometry. Filled before
// the objects are read, then shared by the contexts reading them.
struct DocumentData {
    std::vector<glm::dvec3> vertices;  // real coordinates, in the file's CRS
    Templates templates;
    // Buildings whose BuildingParts carry geometry: their own geometry is not
    // read, so the building is not drawn twice ("buildings with parts take the
    // parts' geometry"). Views into the parsed document.
    std::unordered_set<std::string_view> buildingsWithPartGeometry;
};

struct Context {
    Context(const std::string& fileName, const ReadOptions& readOptions, Diagnostics& diag, SourceModel& out,
            DocumentData& data)
        : file(fileName), options(readOptions), diagnostics(diag), model(out), doc(data) {}
    // A context for a share of `parent`'s objects, read on another thread into
    // its own diagnostics and model; the document's data is shared (read only
    // while objects are read), the path starts as the parent's.
    Context(const Context& parent, Diagnostics& diag, SourceModel& out)
        : file(parent.file), options(parent.options), diagnostics(diag), model(out), path(parent.path),
          line(parent.line), doc(parent.doc) {}
    Context& operator=(const Context&) = delete;

    const std::string& file;
    const ReadOptions& options;
    Diagnostics& diagnostics;
    SourceModel& model;
    JsonPath path;
    std::uint32_t line = 0;  // CityJSONSeq: the line of the current feature, else 0
    DocumentData& doc;
    std::string crsAnnounced;  // the CRS name already passed to options.onCrs

    // Scratch reused for every polygon (no allocation per polygon).
    std::vector<glm::dvec3> ringPoints;
    std::vector<std::uint32_t> ringSizes;

    SourceLocation here() const { return {file, line, 0, std::nullopt, path.str()}; }
    // An error at the current path: the input breaks CityJSON.
    void error(const std::string& message) { diagnostics.error(here(), message); }
    void warning(const std::string& message) { diagnostics.warning(here(), message); }
    // A counted skip or repair; listed one by one only when asked (-v).
    void counted(const std::string& reason, const char* detail = nullptr);
};

// Reads one CityObject (the value at the current path) into `model.objects`.
// Returns false when the object had to be skipped entirely.
bool readCityObject(Context& ctx, std::string_view id, element value);

// Reads "geometry-templates" (already at its path). Errors are reported; a
// broken template block leaves `ctx.templates` empty.
void readTemplates(Context& ctx, element value);

// "2.2" -> 22, 2 -> 20, "1" -> 10; nullopt when not a LoD.
std::optional<int> parseLod(element lod);

// Reads an array of [x, y, z] into `out` applying real = v * scale + translate.
// Bad entries are errors and become NaN (the polygons using them are skipped).
void readVertexArray(Context& ctx, array vertices, const glm::dvec3& scale,
                     const glm::dvec3& translate, std::vector<glm::dvec3>& out);

// Locates a JSON syntax error precisely (simdjson only says that one exists):
// returns line, column and a message, or nullopt when the text is valid JSON.
struct SyntaxError {
    std::uint32_t line = 0, column = 0;
    std::uint64_t byteOffset = 0;
    std::string message;
};
std::optional<SyntaxError> locateSyntaxError(std::string_view json);
// For valid JSON that simdjson refuses as too deep: where the nesting first
// goes beyond `maxDepth` (strings skipped), or nullopt.
std::optional<SyntaxError> locateTooDeep(std::string_view json, std::size_t maxDepth);

}  // namespace places::city::cityjson
