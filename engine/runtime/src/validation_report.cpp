#include "places/runtime/validation_report.hpp"

#include <cstdio>
#include <string>

namespace places::runtime {

bool reportValidationMessages(const render::ValidationLog& log, const char* who) {
    if (log.count() == 0) return false;
    for (const std::string& m : log.messages()) std::fprintf(stderr, "%s\n", m.c_str());
    std::fprintf(stderr, "%s: %zu validation messages\n", who, log.count());
    return true;
}

}  // namespace places::runtime
