// Hostile CityGML (issue #12, items 1, 2 and 7): DTDs and entities are never
// loaded or expanded, and nothing may follow the document. Each case runs the
// real `places import` on a generated file.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <string>

#include <catch2/catch.hpp>

#include "hostile_inputs.hpp"
#include "run_places.hpp"

namespace {

using places::city::test::Run;
using places::city::test::runPlaces;
using places::city::test::tempPath;
using places::city::test::writeTemp;
using namespace places::hostile;

constexpr const char* kSecret = "PLACES-SECRET-7f3a";

Run importFile(const std::string& name, const std::string& gml, const std::string& pack) {
    std::filesystem::remove(pack);
    const std::string input = writeTemp(name, gml);
    return runPlaces("import " + input + " -o " + pack, 20);
}

// A TCP listener on an ephemeral loopback port: the "server" an SSRF would reach.
struct Listener {
    int fd = -1;
    int port = 0;
    Listener() {
        fd = ::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
        sockaddr_in address{};
        address.sin_family = AF_INET;
        address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        socklen_t size = sizeof address;
        if (::bind(fd, reinterpret_cast<sockaddr*>(&address), size) == 0 && ::listen(fd, 4) == 0 &&
            ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &size) == 0)
            port = ntohs(address.sin_port);
    }
    ~Listener() { ::close(fd); }
    Listener(const Listener&) = delete;
    Listener& operator=(const Listener&) = delete;
    bool contacted() const {
        pollfd p{fd, POLLIN, 0};
        return ::poll(&p, 1, 0) > 0;
    }
};

}  // namespace

TEST_CASE("an external entity naming a local file is refused with file and line", "[hostile][xxe]") {
    const std::string secret = writeTemp("secret.txt", std::string(kSecret));
    const std::string pack = tempPath("xxe_file.places");
    const Run run = importFile("xxe_file.gml",
                               cityGmlBox("<!DOCTYPE core:CityModel [\n<!ENTITY xxe SYSTEM \"file://" + secret +
                                              "\">\n]>\n",
                                          "&xxe;"),
                               pack);
    INFO(run.output);
    CHECK(run.exitCode == 2);
    CHECK(run.output.find("xxe_file.gml:3:") != std::string::npos);  // the ENTITY declaration's line
    CHECK(run.output.find("external entity \"xxe\" refused") != std::string::npos);
    CHECK(run.output.find(kSecret) == std::string::npos);
    CHECK_FALSE(std::filesystem::exists(pack));
}

TEST_CASE("an external entity naming a URL is never fetched (no SSRF)", "[hostile][xxe]") {
    Listener server;
    REQUIRE(server.port > 0);
    const std::string pack = tempPath("xxe_http.places");
    const Run run = importFile(
        "xxe_http.gml",
        cityGmlBox("<!DOCTYPE core:CityModel [<!ENTITY xxe SYSTEM \"http://127.0.0.1:" + std::to_string(server.port) +
                       "/\">]>\n",
                   "&xxe;"),
        pack);
    INFO(run.output);
    CHECK(run.exitCode == 2);
    CHECK(run.output.find("xxe_http.gml:2:") != std::string::npos);
    CHECK_FALSE(server.contacted());
    CHECK_FALSE(std::filesystem::exists(pack));
}

TEST_CASE("an external DTD and parameter entities are refused", "[hostile][xxe]") {
    const std::string dtd = writeTemp("evil.dtd", std::string("<!ENTITY leak \"") + kSecret + "\">");
    SECTION("DOCTYPE SYSTEM") {
        const Run run = importFile("dtd_system.gml",
                                   cityGmlBox("<!DOCTYPE core:CityModel SYSTEM \"" + dtd + "\">\n", "&leak;"),
                                   tempPath("dtd_system.places"));
        INFO(run.output);
        CHECK(run.exitCode == 2);
        CHECK(run.output.find("dtd_system.gml:2:") != std::string::npos);
        CHECK(run.output.find("external DTD refused") != std::string::npos);
        CHECK(run.output.find(kSecret) == std::string::npos);
    }
    SECTION("parameter entity from an external file") {
        const Run run = importFile(
            "dtd_parameter.gml",
            cityGmlBox("<!DOCTYPE core:CityModel [\n  <!ENTITY % ext SYSTEM \"file://" + dtd + "\">\n  %ext;\n]>\n",
                       "&leak;"),
            tempPath("dtd_parameter.places"));
        INFO(run.output);
        CHECK(run.exitCode == 2);
        CHECK(run.output.find("dtd_parameter.gml:3:") != std::string::npos);
        CHECK(run.output.find("parameter external entity \"ext\" refused") != std::string::npos);
        CHECK(run.output.find(kSecret) == std::string::npos);
    }
}

TEST_CASE("billion laughs is refused at once, before any expansion", "[hostile][entities]") {
    const auto start = std::chrono::steady_clock::now();
    const Run run = importFile("laughs.gml", cityGmlBox(billionLaughsDoctype(9), "&lol9;"), tempPath("laughs.places"));
    const auto seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    INFO(run.output);
    CHECK(run.exitCode == 2);
    CHECK(run.output.find("laughs.gml:3:") != std::string::npos);  // lol0, the first declaration
    CHECK(run.output.find("entity \"lol0\" refused") != std::string::npos);
    // Not a benchmark: the bound the issue sets (exit 2 within a second), with
    // room for a loaded machine and sanitizers. The unfixed reader ran for minutes.
    CHECK(seconds < 5.0);
}

TEST_CASE("a DOCTYPE without entities is refused too, the plain document imports", "[hostile][xxe]") {
    const Run refused = importFile("doctype_plain.gml", cityGmlBox("<!DOCTYPE core:CityModel>\n"),
                                   tempPath("doctype_plain.places"));
    INFO(refused.output);
    CHECK(refused.exitCode == 2);
    CHECK(refused.output.find("DOCTYPE refused") != std::string::npos);

    const std::string pack = tempPath("plain.places");
    const Run plain = importFile("plain.gml", cityGmlBox("<!-- a comment -->\n<?pi data?>\n", "31001_1000",
                                                        "\n<!-- exported by a tool -->\n\n"),
                                 pack);
    INFO(plain.output);
    CHECK(plain.exitCode == 0);
    CHECK(std::filesystem::exists(pack));
}

TEST_CASE("trailing data after a complete CityGML document is an error", "[hostile][trailing]") {
    // The case is a gigabyte of NULs; 16 MiB shows the same and runs in
    // well under a second.
    const std::string document = cityGmlBox();
    const std::string pack = tempPath("trailing.places");
    const Run run = importFile("trailing.gml", document + std::string(16u << 20, '\0'), pack);
    INFO(run.output.substr(0, 2000));
    CHECK(run.exitCode == 2);
    CHECK(run.output.find("bytes of trailing data after </core:CityModel>") != std::string::npos);
    CHECK(run.output.find("at byte " + std::to_string(document.size())) != std::string::npos);
    CHECK_FALSE(std::filesystem::exists(pack));

    const Run text = importFile("trailing_text.gml", document + "\n<core:CityModel/>\n", pack);
    INFO(text.output);
    CHECK(text.exitCode == 2);
}

TEST_CASE("an element inside core:informationSystem is refused before libcitygml reads it", "[hostile][libcitygml]") {
    // Found by fuzz_citygml: libcitygml 2.4.3 reads through an invalid pointer
    // (ASan SEGV in ExternalReferenceParser) on this shape. The reference is
    // spliced in after bldg:function through the generator's function text.
    const std::string reference =
        "31001_1000</bldg:function>\n<core:externalReference><core:informationSystem>http://example.org/a"
        "<core:externalObject><core:name>DENW13AL0000ayBE</core:name></core:externalObject>"
        "</core:informationSystem></core:externalReference>\n<bldg:function>31001_1000";
    const Run run = importFile("informationsystem.gml", cityGmlBox("", reference), tempPath("infosys.places"));
    INFO(run.output);
    CHECK(run.exitCode == 2);
    CHECK(run.output.find("informationsystem.gml:8:69:") != std::string::npos);
    CHECK(run.output.find("element inside <core:informationSystem>") != std::string::npos);
}
