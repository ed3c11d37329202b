#pragma once
// The name a booth is shown by: its company from the relay's directory, or
// the booth id until the directory arrived.
#include <string>

#include "places/net/fair_view.hpp"

namespace places::ui {

inline std::string boothCompany(const net::FairView& view, const std::string& booth) {
    const auto it = view.booths.find(booth);
    return it == view.booths.end() || it->second.company.empty() ? booth : it->second.company;
}

}  // namespace places::ui
