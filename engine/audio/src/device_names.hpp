#pragma once
// OpenAL's device lists: names separated by NULs, ending with two.
#include <string>
#include <vector>

namespace places::audio {

std::vector<std::string> splitDeviceList(const char* list);
// " (available: 'a', 'b')" or " (OpenAL lists none)": appended to "no such device" errors.
std::string describeChoices(const std::vector<std::string>& names);

}  // namespace places::audio
