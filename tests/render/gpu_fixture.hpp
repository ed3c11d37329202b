#pragma once
// Shared setup of the GPU tests: a Vulkan instance with the validation layer
// and a recording messenger, the device (lavapipe, pinned by VK_DRIVER_FILES
// in CTest), and a check that no validation message arrived.
#include <memory>

#include <catch2/catch.hpp>

#include "places/render/gpu.hpp"
#include "places/render/instance.hpp"

namespace places::render::test {

struct GpuFixture {
    explicit GpuFixture(bool synchronizationValidation = false);
    ~GpuFixture();
    // Fails the test with the messages when any warning or error was recorded.
    void requireNoValidationMessages() const;

    std::unique_ptr<Instance> instance;
    std::unique_ptr<Gpu> gpu;
};

}  // namespace places::render::test
