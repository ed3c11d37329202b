#pragma once
// Diagnostics: what loaders, decoders and config readers report instead of
// throwing (style.md, principle 4). Every message names where it happened:
// the file, and the line/column, byte offset or JSON pointer inside it.
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace places {

enum class Severity : std::uint8_t { Warning, Error };

struct SourceLocation {
    std::string file;                       // path as the user gave it
    std::uint32_t line = 0;                 // 1-based; 0 = unknown
    std::uint32_t column = 0;               // 1-based; 0 = unknown
    std::optional<std::uint64_t> byteOffset;  // for binary formats
    std::string pointer;                    // JSON pointer or object id, if any

    // "file:line:col", "file@byte 123", "file (/CityObjects/x)" or just "file".
    std::string format() const;
};

struct Diagnostic {
    Severity severity = Severity::Error;
    SourceLocation where;
    std::string message;

    std::string format() const;  // "file:12:3: error: what is wrong"
};

// An ordered list of diagnostics plus counters of salvaged/skipped items by
// reason, so partial data is never dropped silently: each skip is counted even
// when the individual messages are not kept (huge inputs, see kMaxKept).
class Diagnostics {
public:
    static constexpr std::size_t kMaxKept = 10000;

    void error(SourceLocation where, std::string message);
    void warning(SourceLocation where, std::string message);
    // Counts one occurrence of `reason` (e.g. "skipped: degenerate polygon").
    void count(const std::string& reason, std::uint64_t n = 1);

    void append(const Diagnostics& other);

    bool hasErrors() const { return errorCount_ > 0; }
    std::uint64_t errorCount() const { return errorCount_; }
    std::uint64_t warningCount() const { return warningCount_; }
    const std::vector<Diagnostic>& items() const { return items_; }
    const std::map<std::string, std::uint64_t>& counters() const { return counters_; }
    std::uint64_t counter(const std::string& reason) const;
    // First error, formatted; empty when there is none.
    std::string firstError() const;

private:
    void add(Severity severity, SourceLocation where, std::string message);

    std::vector<Diagnostic> items_;
    std::map<std::string, std::uint64_t> counters_;
    std::uint64_t errorCount_ = 0;
    std::uint64_t warningCount_ = 0;
};

// A value (or none) plus the diagnostics produced while making it. A Result
// with errors may still hold a value when the input was salvaged.
template <class T>
struct Result {
    std::optional<T> value;
    Diagnostics diagnostics;

    bool ok() const { return value.has_value() && !diagnostics.hasErrors(); }
    explicit operator bool() const { return value.has_value(); }
    T& operator*() { return *value; }
    const T& operator*() const { return *value; }
    T* operator->() { return &*value; }
    const T* operator->() const { return &*value; }
};

}  // namespace places
