#include <catch2/catch.hpp>

#include <cstdio>
#include <fstream>
#include <string>

#include "places/core/mapped_file.hpp"

TEST_CASE("a mapped file shows the file's bytes") {
    const std::string path = std::string(PLACES_BINARY_DIR) + "/mapped_file_test.bin";
    {
        std::ofstream out(path, std::ios::binary);
        out << "places\n";
    }
    auto file = places::MappedFile::open(path);
    REQUIRE(file.ok());
    CHECK(file->size() == 7);
    CHECK(std::string(file->chars(), file->size()) == "places\n");

    places::MappedFile moved = std::move(*file);
    CHECK(moved.size() == 7);
    CHECK(std::string(moved.chars(), 6) == "places");
    std::remove(path.c_str());
}

TEST_CASE("a missing file is an error naming the file") {
    auto file = places::MappedFile::open("/nonexistent/city.places");
    CHECK_FALSE(file.ok());
    CHECK(file.diagnostics.firstError().find("/nonexistent/city.places") == 0);
    CHECK(file.diagnostics.firstError().find("No such file") != std::string::npos);
}

TEST_CASE("prefaulting a mapped file keeps its bytes, also for an empty file") {
    const std::string path = std::string(PLACES_BINARY_DIR) + "/mapped_file_prefault_test.bin";
    std::string text(300000, 'x');
    for (std::size_t i = 0; i < text.size(); i += 4096) text[i] = static_cast<char>('a' + (i / 4096) % 26);
    {
        std::ofstream out(path, std::ios::binary);
        out << text;
    }
    auto file = places::MappedFile::open(path);
    REQUIRE(file.ok());
    file->prefault();
    CHECK(std::string(file->chars(), file->size()) == text);
    {
        std::ofstream out(path, std::ios::binary | std::ios::trunc);
    }
    auto empty = places::MappedFile::open(path);
    REQUIRE(empty.ok());
    empty->prefault();
    CHECK(empty->size() == 0);
    std::remove(path.c_str());
}
