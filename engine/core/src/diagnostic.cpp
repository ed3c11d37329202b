#include "places/core/diagnostic.hpp"

#include <utility>

namespace places {

std::string SourceLocation::format() const {
    std::string out = file.empty() ? std::string("<input>") : file;
    if (line > 0) {
        out += ':' + std::to_string(line);
        if (column > 0) out += ':' + std::to_string(column);
    } else if (byteOffset) {
        out += "@byte " + std::to_string(*byteOffset);
    }
    if (!pointer.empty()) out += " (" + pointer + ")";
    return out;
}

std::string Diagnostic::format() const {
    return where.format() + (severity == Severity::Error ? ": error: " : ": warning: ") + message;
}

void Diagnostics::add(Severity severity, SourceLocation where, std::string message) {
    if (items_.size() < kMaxKept) items_.push_back({severity, std::move(where), std::move(message)});
}

void Diagnostics::error(SourceLocation where, std::string message) {
    ++errorCount_;
    add(Severity::Error, std::move(where), std::move(message));
}

void Diagnostics::warning(SourceLocation where, std::string message) {
    ++warningCount_;
    add(Severity::Warning, std::move(where), std::move(message));
}

void Diagnostics::count(const std::string& reason, std::uint64_t n) { counters_[reason] += n; }

std::uint64_t Diagnostics::counter(const std::string& reason) const {
    auto it = counters_.find(reason);
    return it == counters_.end() ? 0 : it->second;
}

void Diagnostics::append(const Diagnostics& other) {
    for (const auto& d : other.items_)
        if (items_.size() < kMaxKept) items_.push_back(d);
    for (const auto& [k, v] : other.counters_) counters_[k] += v;
    errorCount_ += other.errorCount_;
    warningCount_ += other.warningCount_;
}

std::string Diagnostics::firstError() const {
    for (const auto& d : items_)
        if (d.severity == Severity::Error) return d.format();
    return {};
}

}  // namespace places
