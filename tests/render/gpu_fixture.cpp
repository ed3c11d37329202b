#include "gpu_fixture.hpp"

#include <string>

namespace places::render::test {

GpuFixture::GpuFixture(bool synchronizationValidation) {
    InstanceCreateInfo info;
    info.applicationName = "places-render-tests";
    info.validation = true;
    info.synchronizationValidation = synchronizationValidation;
    instance = std::make_unique<Instance>(info);
    gpu = std::make_unique<Gpu>(*instance, DeviceCreateInfo{});
}

GpuFixture::~GpuFixture() {
    gpu.reset();  // destruction itself must be clean too; checked by the test body's last call
}

void GpuFixture::requireNoValidationMessages() const {
    std::string all;
    for (const std::string& m : instance->validationLog().messages()) all += m + "\n";
    INFO(all);
    REQUIRE(instance->validationLog().count() == 0);
}

}  // namespace places::render::test
