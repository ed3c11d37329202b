// The CityGML plugin's body: libcitygml (xerces SAX) -> SourceModel, never
// throwing. Built into libplaces_citygml.so and loaded on first use by
// citygml_plugin.cpp (see there for why).
#include "citygml_plugin_abi.hpp"
#include "places/city/readers.hpp"
#include "places/city/triangulate.hpp"

#include <filesystem>
#include <fstream>
#include <istream>
#include <streambuf>

#include <citygml/citygml.h>
#include <citygml/citymodel.h>
#include <xercesc/sax/SAXParseException.hpp>
#include <xercesc/util/XMLException.hpp>
#include <xercesc/util/XMLString.hpp>

#include "citygml_log.hpp"
#include "citygml_nonfinite.hpp"
#include "citygml_objects.hpp"
#include "citygml_reader.hpp"
#include "places/core/mapped_file.hpp"
#include "xml_guard.hpp"

namespace places::city {

namespace {

// Xerces messages are UTF-16; they may quote the offending (binary) bytes, so
// anything outside printable ASCII is replaced to keep messages printable.
std::string xercesText(const XMLCh* text) {
    if (!text) return {};
    char* raw = xercesc::XMLString::transcode(text);
    std::string out = raw ? raw : "";
    xercesc::XMLString::release(&raw);
    for (char& c : out)
        if (static_cast<unsigned char>(c) < 0x20 || static_cast<unsigned char>(c) > 0x7e) c = '?';
    return out;
}

// Cheap checks xerces would report less clearly ("unable to open primary
// document entity", "invalid document structure" at 1:1).
bool checkReadable(const std::string& path, Diagnostics& diagnostics) {
    namespace fs = std::filesystem;
    std::error_code ec;
    const auto status = fs::status(path, ec);
    if (ec || !fs::exists(status)) {
        diagnostics.error({path}, "cannot open: " + (ec ? ec.message() : std::string("no such file")));
        return false;
    }
    if (fs::is_directory(status)) {
        diagnostics.error({path}, "cannot read: is a directory");
        return false;
    }
    if (!std::ifstream(path, std::ios::binary)) {
        diagnostics.error({path}, "cannot open: permission denied or unreadable");
        return false;
    }
    if (fs::file_size(path, ec) == 0 && !ec) {
        diagnostics.error({path}, "empty file (expected a CityGML document)");
        return false;
    }
    return true;
}

// libcitygml's messages become one counted warning per distinct message (it
// logs NRW's unsupported core:externalReference content once per building).
void reportLog(const detail::CityGmlLog& log, Diagnostics& diagnostics) {
    for (const auto& entry : log.entries()) {
        diagnostics.count("libcitygml: " + entry.text, entry.count);
        std::string message = "libcitygml: " + entry.text;
        if (entry.count > 1) message += " (" + std::to_string(entry.count) + " times; first shown)";
        diagnostics.warning(entry.first, std::move(message));
    }
}

// An istream over bytes we own (the mapped file): xerces parses exactly the
// bytes checkXmlEnvelope checked, not a second read of a file that may have
// changed in between.
class MemoryBuffer : public std::streambuf {
public:
    explicit MemoryBuffer(std::string_view bytes) {
        char* begin = const_cast<char*>(bytes.data());  // read-only: no put area, no putback
        setg(begin, begin, begin + bytes.size());
    }
};

Result<SourceModel> readWithLibCityGml(const std::string& path, const ReadOptions& options) {
    Result<SourceModel> result;
    if (!checkReadable(path, result.diagnostics)) return result;
    auto mapped = MappedFile::open(path);
    if (!mapped) {
        result.diagnostics.append(mapped.diagnostics);
        return result;
    }
    return detail::readCityGmlDocument(std::string_view(mapped->chars(), mapped->size()), path, options);
}

}  // namespace

namespace detail {

Result<SourceModel> readCityGmlDocument(std::string_view bytes, const std::string& path, const ReadOptions& options) {
    Result<SourceModel> result;
    if (!checkXmlEnvelope(bytes, path, result.diagnostics) ||
        !checkRingSizes(bytes, path, TriangulateOptions{}.maxCorners, result.diagnostics) ||
        !checkExternalReferences(bytes, path, result.diagnostics))
        return result;
    std::string marked;  // a copy only when some coordinate is not a finite number
    bytes = markNonFiniteCoordinates(bytes, path, options.listSkipped, marked, result.diagnostics);
    MemoryBuffer buffer(bytes);
    std::istream stream(&buffer);

    detail::CityGmlLog log(path);
    citygml::ParserParams params;
    params.optimize = true;   // else each ring's repeated closing point makes a degenerate triangle
    params.tesselate = true;  // GLU tessellation of rings with holes
    params.keepVertices = true;  // the rings' corners, for the area check (citygml_area_check.hpp)
    std::shared_ptr<const citygml::CityModel> cityModel;
    // libcitygml 2.4.3 lets exceptions from xerces and from its own element
    // parsers escape load(), and then leaks the xerces reader and the half-built
    // model (nothing to be done about that from outside; see below).
    try {
        cityModel = citygml::load(stream, params, detail::makeLibraryLogger(log));
    } catch (const xercesc::SAXParseException& e) {
        SourceLocation where{path, static_cast<std::uint32_t>(e.getLineNumber()),
                             static_cast<std::uint32_t>(e.getColumnNumber())};
        result.diagnostics.error(std::move(where), "malformed XML: " + xercesText(e.getMessage()));
    } catch (const xercesc::XMLException& e) {
        result.diagnostics.error({path, static_cast<std::uint32_t>(e.getSrcLine())},
                                 "cannot read XML: " + xercesText(e.getMessage()));
    } catch (const std::exception& e) {
        const auto last = log.lastEntry();
        result.diagnostics.error(last ? last->first : SourceLocation{path},
                                 "not a CityGML document libcitygml understands: " + (last ? last->text : e.what()));
    } catch (...) {
        result.diagnostics.error({path}, "libcitygml failed with an unknown exception");
    }
    reportLog(log, result.diagnostics);
    if (result.diagnostics.hasErrors()) return result;
    if (!cityModel) {
        const auto last = log.lastEntry();
        result.diagnostics.error(last ? last->first : SourceLocation{path},
                                 "libcitygml could not read the file" + (last ? ": " + last->text : std::string()));
        return result;
    }
    if (cityModel->getNumRootCityObjects() == 0) {
        result.diagnostics.error({path}, "no city objects found (is this a CityGML CityModel?)");
        return result;
    }

    SourceModel model;
    model.path = path;
    model.crsSource = detail::findSrsName(*cityModel);  // mapped to EPSG by the loader
    detail::convertCityModel(*cityModel, path, options, model, result.diagnostics);
    result.value = std::move(model);
    return result;
}

}  // namespace detail

}  // namespace places::city

extern "C" void places_citygml_read_v1(const std::string* path, const places::city::ReadOptions* options,
                                       places::Result<places::city::SourceModel>* result) {
    try {
        *result = places::city::readWithLibCityGml(*path, *options);
    } catch (const std::exception& e) {  // e.g. bad_alloc: reported, never thrown across dlopen
        result->diagnostics.error({*path}, std::string("CityGML reader failed: ") + e.what());
    }
}
