#include "device_names.hpp"

#include <cstring>

namespace places::audio {

std::vector<std::string> splitDeviceList(const char* list) {
    std::vector<std::string> names;
    if (!list) return names;
    for (const char* p = list; *p; p += std::strlen(p) + 1) names.emplace_back(p);
    return names;
}

std::string describeChoices(const std::vector<std::string>& names) {
    if (names.empty()) return " (OpenAL lists none)";
    std::string s = " (available: ";
    for (std::size_t i = 0; i < names.size(); ++i) s += (i ? ", '" : "'") + names[i] + "'";
    return s + ")";
}

}  // namespace places::audio
