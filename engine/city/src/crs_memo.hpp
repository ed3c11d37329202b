#pragma once
// A process-wide memo for PROJ lookups (private to places_city). The lookups
// are pure functions of their text (for the installed PROJ database), but
// each opens that database through a fresh context: ~20 M instructions, as
// much as assembling a whole 1 km tile. A memo pays it once per distinct
// name; an import names the same CRS for every file and again for the origin
// and the output, and the import's helper thread asks ahead of the reader
// (import_pipeline.cpp). Guarded by a mutex: several threads may ask.
#include <functional>
#include <map>
#include <mutex>
#include <string>

namespace places::city::detail {

template <class Value>
class Memo {
public:
    template <class Compute>
    Value get(const std::string& key, Compute&& compute) {
        {
            std::lock_guard lock(mutex_);
            if (auto it = values_.find(key); it != values_.end()) return it->second;
        }
        Value value = compute(key);  // outside the lock: PROJ is slow, and equal results race harmlessly
        std::lock_guard lock(mutex_);
        return values_.try_emplace(key, std::move(value)).first->second;
    }

private:
    std::mutex mutex_;
    std::map<std::string, Value, std::less<>> values_;
};

}  // namespace places::city::detail
