#include "places/render/shadow_pass.hpp"

#include <algorithm>
#include <array>
#include <cmath>

#include <glm/geometric.hpp>
#include <glm/gtc/matrix_transform.hpp>

#include "places/render/barriers.hpp"
#include "places/render/dynamic_batches.hpp"
#include "places/render/gpu.hpp"
#include "places/render/render_targets.hpp"
#include "places/render/scene_geometry.hpp"
#include "places/render/vk_check.hpp"

namespace places::render {

namespace {

// Only the position feeds the map: one attribute of the scene's vertices, and
// for dynamic instances the per-instance matrix (locations 4..7) and tint
// (location 8: its alpha is the fade, dithered like the colour pass).
constexpr VkVertexInputBindingDescription kBindings[] = {
    {0, sizeof(Vertex), VK_VERTEX_INPUT_RATE_VERTEX},
    {1, sizeof(DynamicInstanceData), VK_VERTEX_INPUT_RATE_INSTANCE}};
constexpr VkVertexInputAttributeDescription kAttributes[] = {
    {0, 0, VK_FORMAT_R32G32B32_SFLOAT, offsetof(Vertex, position)},
    {4, 1, VK_FORMAT_R32G32B32A32_SFLOAT, 0},
    {5, 1, VK_FORMAT_R32G32B32A32_SFLOAT, 16},
    {6, 1, VK_FORMAT_R32G32B32A32_SFLOAT, 32},
    {7, 1, VK_FORMAT_R32G32B32A32_SFLOAT, 48},
    {8, 1, VK_FORMAT_R32G32B32A32_SFLOAT, offsetof(DynamicInstanceData, tint)},
};

GraphicsPipelineCreateInfo shadowPipelineInfo(VkPipelineLayout layout, bool dynamic) {
    GraphicsPipelineCreateInfo p;
    p.vertex = dynamic ? ShaderId::ShadowDynamicVert : ShaderId::ShadowVert;
    p.depthOnly = true;
    // A fading avatar casts a share of its shadow equal to its fade: the same
    // screen-door as its colour, in shadow-map texels (PCF averages them).
    p.depthOnlyFragment = dynamic;
    p.fragment = ShaderId::ShadowDynamicFrag;
    p.vertexLayout = dynamic ? VertexLayout{kBindings, kAttributes}
                             : VertexLayout{std::span(kBindings).first(1), std::span(kAttributes).first(1)};
    p.layout = layout;
    p.colourFormat = VK_FORMAT_UNDEFINED;
    p.depthFormat = kDepthFormat;
    return p;
}

bool linearDepthFilter(Gpu& gpu) {
    VkFormatProperties properties{};
    vkGetPhysicalDeviceFormatProperties(gpu.device.physical(), kDepthFormat, &properties);
    return (properties.optimalTilingFeatures & VK_FORMAT_FEATURE_SAMPLED_IMAGE_FILTER_LINEAR_BIT) != 0;
}

}  // namespace

city::Bounds shadowReceivers(const city::Bounds& content, const glm::dvec3& eye, const glm::dvec3& forward,
                             double groundY) {
    if (content.empty()) return content;
    const double half = std::clamp(4.0 * (eye.y - groundY), 80.0, 5000.0);
    glm::dvec3 ahead(forward.x, 0.0, forward.z);
    const double length = glm::length(ahead);
    ahead = length > 1e-6 ? ahead / length : glm::dvec3(0.0);
    const glm::dvec3 centre = eye + ahead * (0.6 * half);
    city::Bounds box;
    box.min = glm::max(content.min, glm::dvec3(centre.x - half, content.min.y, centre.z - half));
    box.max = glm::min(content.max, glm::dvec3(centre.x + half, content.max.y, centre.z + half));
    return box.empty() || box.min.z > box.max.z ? content : box;
}

SunShadowFit fitSunShadow(const glm::vec3& sunDirection, const city::Bounds& receivers, const city::Bounds& casters,
                          std::uint32_t mapSize) {
    SunShadowFit fit;
    if (receivers.empty() || mapSize == 0) return fit;
    const glm::dvec3 toSun = glm::normalize(glm::dvec3(sunDirection));
    const glm::dvec3 centre = (receivers.min + receivers.max) * 0.5;
    // Any up vector not parallel to the sun's direction.
    const glm::dvec3 up = std::abs(toSun.y) > 0.99 ? glm::dvec3(0, 0, -1) : glm::dvec3(0, 1, 0);
    const glm::dmat4 view = glm::lookAtRH(centre + toSun, centre, up);
    auto corners = [](const city::Bounds& b) {
        std::array<glm::dvec3, 8> c;
        for (int i = 0; i < 8; ++i)
            c[static_cast<std::size_t>(i)] = {i & 1 ? b.max.x : b.min.x, i & 2 ? b.max.y : b.min.y,
                                              i & 4 ? b.max.z : b.min.z};
        return c;
    };
    glm::dvec3 lo(std::numeric_limits<double>::max()), hi(std::numeric_limits<double>::lowest());
    for (const glm::dvec3& c : corners(receivers)) {
        const glm::dvec3 p(view * glm::dvec4(c, 1.0));
        lo = glm::min(lo, p);
        hi = glm::max(hi, p);
    }
    // Depth: every caster between the sun and the receivers (view space looks down -z).
    if (!casters.empty()) {
        for (const glm::dvec3& c : corners(casters)) hi.z = std::max(hi.z, glm::dvec3(view * glm::dvec4(c, 1.0)).z);
    }
    // A square map (texels square on the sun's plane), origin snapped to whole texels.
    const double side = std::max({hi.x - lo.x, hi.y - lo.y, 1.0});
    const double texel = side / double(mapSize);
    lo.x = std::floor(lo.x / texel) * texel;
    lo.y = std::floor(lo.y / texel) * texel;
    const double nearZ = -hi.z - 1.0, farZ = -lo.z + 1.0;  // distances along the view direction
    // Reversed Z: passing (far, near) maps the near plane to depth 1.
    const glm::dmat4 projection = glm::orthoRH_ZO(lo.x, lo.x + side, lo.y, lo.y + side, farZ, nearZ);
    fit.viewProjection = glm::mat4(projection * view);
    fit.texelMetres = static_cast<float>(texel);
    fit.depthRangeMetres = static_cast<float>(farZ - nearZ);
    fit.valid = true;
    return fit;
}

ShadowPass::ShadowPass(Gpu& gpu, const ShadowPassCreateInfo& info)
    : gpu_(gpu),
      info_(info),
      map_(gpu, {info.enabled ? info.size : 1u, info.enabled ? info.size : 1u, 1, kDepthFormat,
                 VK_IMAGE_USAGE_DEPTH_STENCIL_ATTACHMENT_BIT | VK_IMAGE_USAGE_SAMPLED_BIT}),
      scenePipeline_(gpu, shadowPipelineInfo(info.layout, false)),
      dynamicPipeline_(gpu, shadowPipelineInfo(info.layout, true)) {
    if (!info.enabled) info_.size = 1;
    VkSamplerCreateInfo s{VK_STRUCTURE_TYPE_SAMPLER_CREATE_INFO};
    // Linear filtering of a depth-compare sampler returns the share of the
    // 2x2 nearest texels that pass: smooth PCF where the device filters depth.
    const VkFilter filter = linearDepthFilter(gpu) ? VK_FILTER_LINEAR : VK_FILTER_NEAREST;
    s.magFilter = s.minFilter = filter;
    s.mipmapMode = VK_SAMPLER_MIPMAP_MODE_NEAREST;
    // Outside the map: depth 0 (infinitely far in reversed Z) passes, i.e. lit.
    s.addressModeU = s.addressModeV = s.addressModeW = VK_SAMPLER_ADDRESS_MODE_CLAMP_TO_BORDER;
    s.borderColor = VK_BORDER_COLOR_FLOAT_TRANSPARENT_BLACK;
    s.compareEnable = VK_TRUE;
    s.compareOp = VK_COMPARE_OP_GREATER_OR_EQUAL;  // lit where the fragment is at least as near the sun
    s.maxLod = 0.0f;
    PLACES_VK_CHECK(vkCreateSampler(gpu.vk(), &s, nullptr, &sampler_));
}

ShadowPass::~ShadowPass() { gpu_.deleter.retire(VK_OBJECT_TYPE_SAMPLER, sampler_); }

std::uint32_t ShadowPass::record(VkCommandBuffer cmd, const ShadowDraws& draws) {
    const VkPipelineStageFlags2 depthStages =
        VK_PIPELINE_STAGE_2_EARLY_FRAGMENT_TESTS_BIT | VK_PIPELINE_STAGE_2_LATE_FRAGMENT_TESTS_BIT;
    // The previous frame's fragment shaders read the map (same queue): wait for
    // them before overwriting it. Its contents are discarded.
    transition(cmd, {map_.handle(), VK_IMAGE_ASPECT_DEPTH_BIT, 1, VK_IMAGE_LAYOUT_UNDEFINED,
                     VK_IMAGE_LAYOUT_DEPTH_ATTACHMENT_OPTIMAL, VK_PIPELINE_STAGE_2_FRAGMENT_SHADER_BIT, VK_ACCESS_2_NONE,
                     depthStages,
                     VK_ACCESS_2_DEPTH_STENCIL_ATTACHMENT_READ_BIT | VK_ACCESS_2_DEPTH_STENCIL_ATTACHMENT_WRITE_BIT});
    VkRenderingAttachmentInfo depth{VK_STRUCTURE_TYPE_RENDERING_ATTACHMENT_INFO};
    depth.imageView = map_.view();
    depth.imageLayout = VK_IMAGE_LAYOUT_DEPTH_ATTACHMENT_OPTIMAL;
    depth.loadOp = VK_ATTACHMENT_LOAD_OP_CLEAR;
    depth.storeOp = VK_ATTACHMENT_STORE_OP_STORE;
    depth.clearValue.depthStencil = {0.0f, 0};  // reversed Z: 0 = nothing between the sun and the ground
    VkRenderingInfo rendering{VK_STRUCTURE_TYPE_RENDERING_INFO};
    rendering.renderArea = {{0, 0}, {map_.info().width, map_.info().height}};
    rendering.layerCount = 1;
    rendering.pDepthAttachment = &depth;
    vkCmdBeginRendering(cmd, &rendering);
    std::uint32_t calls = 0;
    if (info_.enabled && draws.sceneCommands + draws.outsideCommands + draws.dynamicCommands > 0) {
        const auto extent = static_cast<float>(map_.info().width);
        const VkViewport viewport{0, 0, extent, extent, 0, 1};
        const VkRect2D scissor{{0, 0}, {map_.info().width, map_.info().height}};
        vkCmdSetViewport(cmd, 0, 1, &viewport);
        vkCmdSetScissor(cmd, 0, 1, &scissor);
        vkCmdBindDescriptorSets(cmd, VK_PIPELINE_BIND_POINT_GRAPHICS, info_.layout, 0, 1, &draws.frameSet, 0,
                                nullptr);
        vkCmdBindIndexBuffer(cmd, draws.indices, 0, VK_INDEX_TYPE_UINT32);
        constexpr VkDeviceSize stride = sizeof(VkDrawIndexedIndirectCommand);
        const std::uint32_t perCall = draws.multiDraw ? std::max(draws.maxPerCall, 1u) : 1u;
        auto drawRange = [&](std::uint32_t first, std::uint32_t count) {
            for (std::uint32_t i = 0; i < count; i += perCall) {
                vkCmdDrawIndexedIndirect(cmd, draws.indirect, (first + i) * stride, std::min(perCall, count - i),
                                         stride);
                ++calls;
            }
        };
        const VkDeviceSize zero[] = {0, 0};
        if (draws.sceneCommands + draws.outsideCommands > 0) {
            vkCmdBindPipeline(cmd, VK_PIPELINE_BIND_POINT_GRAPHICS, scenePipeline_.handle());
            vkCmdBindVertexBuffers(cmd, 0, 1, &draws.vertices, zero);
            drawRange(0, draws.sceneCommands);
            drawRange(draws.outsideFirst, draws.outsideCommands);
        }
        if (draws.dynamicCommands > 0) {
            vkCmdBindPipeline(cmd, VK_PIPELINE_BIND_POINT_GRAPHICS, dynamicPipeline_.handle());
            const VkBuffer buffers[] = {draws.vertices, draws.dynamicInstances};
            vkCmdBindVertexBuffers(cmd, 0, 2, buffers, zero);
            drawRange(draws.sceneCommands, draws.dynamicCommands);
        }
    }
    vkCmdEndRendering(cmd);
    transition(cmd, {map_.handle(), VK_IMAGE_ASPECT_DEPTH_BIT, 1, VK_IMAGE_LAYOUT_DEPTH_ATTACHMENT_OPTIMAL,
                     VK_IMAGE_LAYOUT_SHADER_READ_ONLY_OPTIMAL, depthStages,
                     VK_ACCESS_2_DEPTH_STENCIL_ATTACHMENT_WRITE_BIT, VK_PIPELINE_STAGE_2_FRAGMENT_SHADER_BIT,
                     VK_ACCESS_2_SHADER_SAMPLED_READ_BIT});
    return calls;
}

}  // namespace places::render
