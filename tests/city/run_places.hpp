#pragma once
// Runs the built `places` command as a user would and captures what it says.
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

namespace places::city::test {

struct Run {
    int exitCode = -1;
    std::string output;  // stdout and stderr together
};

// Runs a shell command line, stdout and stderr captured together.
inline Run runShell(const std::string& command) {
    Run run;
    FILE* pipe = ::popen((command + " 2>&1").c_str(), "r");
    if (!pipe) return run;
    char buffer[4096];
    std::size_t n;
    while ((n = std::fread(buffer, 1, sizeof buffer, pipe)) > 0) run.output.append(buffer, n);
    const int status = ::pclose(pipe);
    run.exitCode = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    return run;
}

// The built `places` program's path.
inline std::string placesProgram() { return std::string(PLACES_BINARY_DIR) + "/tools/places/places"; }

// timeoutSeconds > 0: killed after that long (exit code 137), so that a test of
// something that used to hang fails instead of hanging the suite.
inline Run runPlaces(const std::string& arguments, int timeoutSeconds = 0) {
    // Built with += (GCC 12's -Wrestrict false positive on "lit" + std::to_string).
    std::string command;
    if (timeoutSeconds > 0) {
        command += "timeout -s KILL ";
        command += std::to_string(timeoutSeconds);
        command += ' ';
    }
    command += placesProgram();
    command += ' ';
    command += arguments;
    return runShell(command);
}

// A path in the temp folder; the pid keeps parallel runs (Release and ASan
// builds) apart.
inline std::string tempPath(const std::string& name) {
    return (std::filesystem::temp_directory_path() / (std::to_string(::getpid()) + "_" + name)).string();
}

inline std::string writeTemp(const std::string& name, const std::vector<std::byte>& bytes) {
    const std::string path = tempPath(name);
    std::ofstream(path, std::ios::binary).write(reinterpret_cast<const char*>(bytes.data()),
                                                static_cast<std::streamsize>(bytes.size()));
    return path;
}

inline std::string writeTemp(const std::string& name, const std::string& text) {
    const std::string path = tempPath(name);
    std::ofstream(path, std::ios::binary) << text;
    return path;
}

}  // namespace places::city::test
