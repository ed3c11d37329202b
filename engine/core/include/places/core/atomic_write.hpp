#pragma once
// Output files that are either entirely the new content or untouched.
//
// A file is written under a fresh temporary name in its own folder (mkstemp:
// never an existing file or a planted symlink), flushed, closed and renamed
// over the target, so a killed or failed run leaves the previous file in
// place; on any failure the temporary file is removed and the error names the
// reason (errno text). Only regular files are ever replaced: a device node
// (`-o /dev/full`), a directory, a FIFO or a symlink at the target is refused
// before anything is written.
#include <cstddef>
#include <span>
#include <string>

#include "places/core/diagnostic.hpp"

namespace places {

// True when `path` does not exist or is a regular file (not a symlink);
// otherwise reports an error naming what it is and returns false.
bool checkReplaceable(const std::string& path, Diagnostics& diagnostics);

// Writes `bytes` to `path` as described above. `what` names the output in
// messages ("the city pack", "the GLB"). Returns false after reporting an error.
bool writeFileAtomically(const std::string& path, std::span<const std::byte> bytes, const std::string& what,
                         Diagnostics& diagnostics);

}  // namespace places
