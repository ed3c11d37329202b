#include "citygml_log.hpp"

#include <cctype>
#include <charconv>
#include <string_view>

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

CityGmlLog::CityGmlLog(std::string file) : CityGMLLogger(LOGLEVEL::LL_ERROR), file_(std::move(file)) {}

void CityGmlLog::log(LOGLEVEL, const std::string& message, const char*, int) const {
    Entry entry = parseCityGmlMessage(message, file_);
    std::lock_guard lock(mutex_);
    auto [it, inserted] = index_.try_emplace(entry.text, entries_.size());
    if (inserted)
        entries_.push_back(entry);
    else
        ++entries_[it->second].count;
    if (entry.first.line > 0 || !last_) last_ = std::move(entry);
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
