#include "places/render/window_renderer.hpp"

#include "places/render/barriers.hpp"
#include "places/render/gpu.hpp"
#include "places/render/vk_check.hpp"

namespace places::render {

namespace {

constexpr std::uint32_t kFramesInFlight = 2;

VkSemaphore makeSemaphore(VkDevice device) {
    VkSemaphoreCreateInfo info{VK_STRUCTURE_TYPE_SEMAPHORE_CREATE_INFO};
    VkSemaphore semaphore = VK_NULL_HANDLE;
    PLACES_VK_CHECK(vkCreateSemaphore(device, &info, nullptr, &semaphore));
    return semaphore;
}

// The swapchain's format decides the pipelines' colour format, so the
// renderer is created for the format the surface offers.
VkFormat surfaceFormat(Gpu& gpu, VkSurfaceKHR surface) {
    const Swapchain probe(gpu, {surface, 64, 64, VK_NULL_HANDLE});
    return probe.format();
}

}  // namespace

WindowRenderer::WindowRenderer(Gpu& gpu, VkSurfaceKHR surface, std::uint32_t width, std::uint32_t height,
                               Msaa msaa, std::shared_ptr<const FontAtlas> font,
                               const UiFontAtlas* uiFont, bool shadows)
    : gpu_(gpu),
      surface_(surface),
      renderer_(gpu, {surfaceFormat(gpu, surface), 1, kFramesInFlight, msaa, true,
                      visibility::kDefaultMaxScreenSpaceErrorPx, std::move(font), uiFont, shadows}),
      frames_(gpu, kFramesInFlight) {
    for (std::uint32_t i = 0; i < kFramesInFlight; ++i) acquired_.push_back(makeSemaphore(gpu.vk()));
    if (width > 0 && height > 0) rebuild(width, height);
}

WindowRenderer::~WindowRenderer() {
    gpu_.device.waitIdle();
    swapchain_.reset();  // first: its presents are what the present semaphores wait for
    for (VkSemaphore s : acquired_) vkDestroySemaphore(gpu_.vk(), s, nullptr);
    for (VkSemaphore s : rendered_) vkDestroySemaphore(gpu_.vk(), s, nullptr);
    for (VkSemaphore s : retired_) vkDestroySemaphore(gpu_.vk(), s, nullptr);
}

void WindowRenderer::rebuild(std::uint32_t width, std::uint32_t height) {
    gpu_.queue.waitIdle();
    // Presents are not covered by the timeline: wait for the presentation engine too.
    PLACES_VK_CHECK(vkQueueWaitIdle(gpu_.queue.handle()));
    std::unique_ptr<Swapchain> old = std::move(swapchain_);
    targets_.reset();
    swapchain_ = std::make_unique<Swapchain>(gpu_, SwapchainCreateInfo{surface_, width, height,
                                                                        old ? old->handle() : VK_NULL_HANDLE});
    old.reset();
    targets_ = std::make_unique<RenderTargets>(
        gpu_, RenderTargetsCreateInfo{swapchain_->width(), swapchain_->height(), 1, swapchain_->format(),
                                      renderer_.samples()});
    // A present has no fence, so its wait semaphore cannot be proven free here:
    // keep the old ones until the end (a few per resize).
    retired_.insert(retired_.end(), rendered_.begin(), rendered_.end());
    rendered_.clear();
    for (std::uint32_t i = 0; i < swapchain_->imageCount(); ++i) rendered_.push_back(makeSemaphore(gpu_.vk()));
    readback_ = Buffer(gpu_, {VkDeviceSize{swapchain_->width()} * swapchain_->height() * 4,
                              VK_BUFFER_USAGE_TRANSFER_DST_BIT, MemoryUsage::Readback});
    ++rebuilds_;
}

FrameOutcome WindowRenderer::frame(std::uint32_t fbWidth, std::uint32_t fbHeight, const FrameInputs& in,
                                   FrameStats& stats, RgbaImage* screenshot) {
    if (fbWidth == 0 || fbHeight == 0) return FrameOutcome::Skipped;
    if (!swapchain_ || fbWidth != swapchain_->width() || fbHeight != swapchain_->height()) {
        rebuild(fbWidth, fbHeight);
        return FrameOutcome::Rebuilt;
    }
    const Frame frame = frames_.begin();  // waits for this slot's previous frame
    const VkSemaphore acquired = acquired_[frame.slot];
    std::uint32_t imageIndex = 0;
    const VkResult acquire =
        vkAcquireNextImageKHR(gpu_.vk(), swapchain_->handle(), UINT64_MAX, acquired, VK_NULL_HANDLE, &imageIndex);
    if (acquire == VK_ERROR_OUT_OF_DATE_KHR) {
        frames_.submit();  // an empty submission keeps the ring's bookkeeping simple
        rebuild(fbWidth, fbHeight);
        return FrameOutcome::Rebuilt;
    }
    if (acquire != VK_SUBOPTIMAL_KHR) PLACES_VK_CHECK(acquire);

    const VkImage image = swapchain_->image(imageIndex);
    stats = renderer_.record(frame, *targets_, {image, swapchain_->view(imageIndex)}, in);
    const bool copy = screenshot && swapchain_->canCopyFrom();
    if (copy) {
        transition(frame.commands, {image, VK_IMAGE_ASPECT_COLOR_BIT, 1, VK_IMAGE_LAYOUT_COLOR_ATTACHMENT_OPTIMAL,
                                    VK_IMAGE_LAYOUT_TRANSFER_SRC_OPTIMAL, VK_PIPELINE_STAGE_2_COLOR_ATTACHMENT_OUTPUT_BIT,
                                    VK_ACCESS_2_COLOR_ATTACHMENT_WRITE_BIT, VK_PIPELINE_STAGE_2_COPY_BIT,
                                    VK_ACCESS_2_TRANSFER_READ_BIT});
        copyImageToHostBuffer(frame.commands, image, 1, {swapchain_->width(), swapchain_->height()},
                              readback_.handle());
    }
    // To the presentation engine; the present semaphore orders the present after it.
    transition(frame.commands,
               {image, VK_IMAGE_ASPECT_COLOR_BIT, 1,
                copy ? VK_IMAGE_LAYOUT_TRANSFER_SRC_OPTIMAL : VK_IMAGE_LAYOUT_COLOR_ATTACHMENT_OPTIMAL,
                VK_IMAGE_LAYOUT_PRESENT_SRC_KHR,
                copy ? VK_PIPELINE_STAGE_2_COPY_BIT : VK_PIPELINE_STAGE_2_COLOR_ATTACHMENT_OUTPUT_BIT,
                copy ? VK_ACCESS_2_NONE : VK_ACCESS_2_COLOR_ATTACHMENT_WRITE_BIT, VK_PIPELINE_STAGE_2_NONE,
                VK_ACCESS_2_NONE});
    const SemaphoreWait wait{acquired, VK_PIPELINE_STAGE_2_COLOR_ATTACHMENT_OUTPUT_BIT};
    const VkSemaphore rendered = rendered_[imageIndex];
    const std::uint64_t submitted = frames_.submit(std::span(&wait, 1), rendered);

    if (copy) {
        gpu_.queue.wait(submitted);
        readback_.invalidate();
        const auto* p = reinterpret_cast<const std::uint8_t*>(readback_.mapped());
        *screenshot = {swapchain_->width(), swapchain_->height(), 1, {p, p + readback_.size()}};
        if (swapchain_->format() == VK_FORMAT_B8G8R8A8_SRGB)
            for (std::size_t i = 0; i + 3 < screenshot->pixels.size(); i += 4)
                std::swap(screenshot->pixels[i], screenshot->pixels[i + 2]);
    }

    VkPresentInfoKHR present{VK_STRUCTURE_TYPE_PRESENT_INFO_KHR};
    present.waitSemaphoreCount = 1;
    present.pWaitSemaphores = &rendered;
    const VkSwapchainKHR swapchain = swapchain_->handle();
    present.swapchainCount = 1;
    present.pSwapchains = &swapchain;
    present.pImageIndices = &imageIndex;
    const VkResult presented = vkQueuePresentKHR(gpu_.queue.handle(), &present);
    if (presented == VK_ERROR_OUT_OF_DATE_KHR || presented == VK_SUBOPTIMAL_KHR || acquire == VK_SUBOPTIMAL_KHR) {
        rebuild(fbWidth, fbHeight);
        return FrameOutcome::Rebuilt;
    }
    PLACES_VK_CHECK(presented);
    return FrameOutcome::Presented;
}

}  // namespace places::render
