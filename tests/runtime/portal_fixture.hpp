#pragma once
// The portal tests' fixture: `places relay ARGS` as a child process
// (PLACES_CLI; its UDP port read from its start line, stopped with SIGTERM at
// the end) and two small venues linked by portals.
#include <catch2/catch.hpp>

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

namespace places::test {

// `places relay` as a child process; its UDP port read from its start line.
struct RelayProcess {
    explicit RelayProcess(const std::vector<std::string>& args, const std::filesystem::path& log) {
        pid = fork();
        REQUIRE(pid >= 0);
        if (pid == 0) {
            const int fd = ::open(log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
            dup2(fd, 2);
            dup2(fd, 1);
            std::vector<char*> argv;
            argv.push_back(const_cast<char*>(PLACES_CLI));
            for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
            argv.push_back(nullptr);
            execv(PLACES_CLI, argv.data());
            _exit(127);
        }
        const std::regex started("udp ([0-9]+)");
        for (int i = 0; i < 500 && port == 0; ++i) {
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
            std::ifstream in(log);
            std::stringstream text;
            text << in.rdbuf();
            std::smatch m;
            const std::string s = text.str();
            if (std::regex_search(s, m, started)) port = std::stoi(m[1]);
        }
    }
    ~RelayProcess() {
        if (pid <= 0) return;
        kill(pid, SIGTERM);
        int status = 0;
        waitpid(pid, &status, 0);
    }
    pid_t pid = -1;
    int port = 0;
};

inline std::string readFile(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

inline void writeFile(const std::filesystem::path& path, const std::string& text) { std::ofstream(path) << text; }

// "a.json" (venue a, "Hall A": spawn "start" at the origin, portal zone
// "Gate" 4 x 4 m around (10, 0) to b's spawn "arrival") and "b.json" (venue
// b, "Plaza B": spawns "west" and "arrival" at (50, 50 north), portal zone
// "Back" around (-20, 0) to a's "start") in `dir`.
inline void writePortalScenes(const std::filesystem::path& dir) {
    const std::string origin = R"("origin": {"crs": "EPSG:25832", "east": 0, "north": 0, "height": 0})";
    writeFile(dir / "a.json", std::string(R"({"version": 2, "name": "Hall A", )") + origin + R"(,
      "spawns": [{"name": "start", "position": [0, 0, 0], "yaw": 90}],
      "zones": [{"name": "Gate", "kind": "area", "shape": {"box": {"center": [10, 0, 0], "size": [4, 4]}}}],
      "portals": [{"name": "to the plaza", "zone": "Gate", "scene": "b.json", "spawn": "arrival"}]})");
    writeFile(dir / "b.json", std::string(R"({"version": 2, "name": "Plaza B", )") + origin + R"(,
      "spawns": [{"name": "west", "position": [-30, 0, 0], "yaw": 0},
                 {"name": "arrival", "position": [50, 50, 0], "yaw": 180}],
      "zones": [{"name": "Back", "kind": "area", "shape": {"box": {"center": [-20, 0, 0], "size": [4, 4]}}}],
      "portals": [{"name": "back to the hall", "zone": "Back", "scene": "a.json", "spawn": "start"}]})");
}

}  // namespace places::test
