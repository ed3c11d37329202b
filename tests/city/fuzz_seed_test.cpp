// The fuzzer's seed packs: written by the hidden case below, checked by the
// visible one so a format change cannot silently leave stale seeds behind.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>

#include "pack_test_support.hpp"

using namespace places::city;

namespace {

const std::filesystem::path kSeeds = std::filesystem::path(PLACES_SOURCE_DIR) / "tests/fuzz/corpus/fuzz_pack";

std::vector<std::byte> seed(bool zstd) {
    return test::packedCity(zstd, {.columns = 2, .rows = 2, .spacing = 60.0}, 50.0).bytes;
}

}  // namespace

TEST_CASE("write the fuzz seed packs", "[.write-seed]") {
    std::filesystem::create_directories(kSeeds);
    for (bool zstd : {false, true}) {
        const auto bytes = seed(zstd);
        std::ofstream(kSeeds / (zstd ? "synthetic_2x2_zstd.places" : "synthetic_2x2.places"), std::ios::binary)
            .write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
    }
}

TEST_CASE("the committed fuzz seeds are current, valid packs", "[pack][fuzz]") {
    for (bool zstd : {false, true}) {
        const auto path = kSeeds / (zstd ? "synthetic_2x2_zstd.places" : "synthetic_2x2.places");
        INFO(path << " (regenerate: places_city_pack_tests \"[.write-seed]\")");
        auto reader = PackReader::open(path.string());
        REQUIRE(reader.ok());
        CHECK(!reader->verifyAll().hasErrors());
        CHECK(reader->fileSize() == seed(zstd).size());
        CHECK(reader->fileSize() < 65536);  // tools/fuzz.sh runs with -max_len=65536
    }
}
