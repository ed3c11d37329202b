#include "citygml_log.hpp"

#include <cctype>
#include <charconv>
#include <string_view>

#include <citygml/citygmllogger.h>

namespace places::city::detail {

namespace {

// Reads the number after `key` at or after `from`; 0 when absent.
std::uint32_t numberAfter(std::string_view text, std::string_view key, std::size_t& from) {
    const auto at = text.find(key, from);
    if (at == std::string_view::npos) return 0;
    const char* begin = text.data() + at + key.size();
    std::uint32_t value = 0;
    auto [end, ec] = std::from_chars(begin, text.data() + text.size(), value);
    if (ec != std::errc()) return 0;
    from = static_cast<std::size_t>(end - text.data());
    return value;
}

}  // namespace

CityGmlLog::Entry parseCityGmlMessage(const std::string& message, const std::string& file) {
    CityGmlLog::Entry entry{message, {file}, 1};
    std::string_view text = message;
    // libcitygml's DocumentLocation prints "line L, column C in file F".
    const auto at = text.find("line ");
    if (at == std::string_view::npos || at + 5 >= text.size() || !std::isdigit(static_cast<unsigned char>(text[at + 5])))
        return entry;
    std::size_t cursor = at;
    entry.first.line = numberAfter(text, "line ", cursor);
    entry.first.column = numberAfter(text, "column ", cursor);
    auto head = text.substr(0, at);
    while (!head.empty() && (head.back() == ' ')) head.remove_suffix(1);
    if (head.ends_with(" at")) head.remove_suffix(3);
    entry.text = std::string(head);
    return entry;
}

void CityGmlLog::add(const std::string& message) {
    Entry entry = parseCityGmlMessage(message, file_);
    std::lock_guard lock(mutex_);
    auto [it, inserted] = index_.try_emplace(entry.text, entries_.size());
    if (inserted)
        entries_.push_back(entry);
    else
        ++entries_[it->second].count;
    if (entry.first.line > 0 || !last_) last_ = std::move(entry);
}

namespace {

// libcitygml's logger base has a public non-virtual destructor. Safe here: the
// forwarder is owned by a shared_ptr made with make_shared<LibraryLogger>,
// whose deleter destroys the derived type.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wnon-virtual-dtor"
class LibraryLogger final : public citygml::CityGMLLogger {
public:
    explicit LibraryLogger(CityGmlLog& log) : CityGMLLogger(LOGLEVEL::LL_ERROR), log_(log) {}
    void log(LOGLEVEL, const std::string& message, const char*, int) const override { log_.add(message); }

private:
    CityGmlLog& log_;
};
#pragma GCC diagnostic pop

}  // namespace

std::shared_ptr<citygml::CityGMLLogger> makeLibraryLogger(CityGmlLog& log) {
    return std::make_shared<LibraryLogger>(log);
}

std::vector<CityGmlLog::Entry> CityGmlLog::entries() const {
    std::lock_guard lock(mutex_);
    return entries_;
}

std::optional<CityGmlLog::Entry> CityGmlLog::lastEntry() const {
    std::lock_guard lock(mutex_);
    return last_;
}

}  // namespace places::city::detail
