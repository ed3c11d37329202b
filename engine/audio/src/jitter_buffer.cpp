#include "places/audio/jitter_buffer.hpp"

#include <speex/speex_jitter.h>

#include "places/audio/voice_format.hpp"

namespace places::audio {

namespace {

// Speex timestamps are u32 sample counts; differences are taken mod 2^32, so
// the wrap after 24 h of one talk is harmless.
spx_uint32_t timestampOf(std::int64_t sequence) { return spx_uint32_t(std::uint64_t(sequence) * kFrameSamples); }

}  // namespace

void VoiceJitterBuffer::Free::operator()(JitterBuffer_* j) const { jitter_buffer_destroy(j); }

VoiceJitterBuffer::VoiceJitterBuffer() : speex_(jitter_buffer_init(int(kFrameSamples))) {
    // A missing frame is concealed one whole frame at a time.
    spx_int32_t conceal = kFrameSamples;
    jitter_buffer_ctl(speex_.get(), JITTER_BUFFER_SET_CONCEALMENT_SIZE, &conceal);
}

VoiceJitterBuffer::~VoiceJitterBuffer() = default;
VoiceJitterBuffer::VoiceJitterBuffer(VoiceJitterBuffer&&) noexcept = default;
VoiceJitterBuffer& VoiceJitterBuffer::operator=(VoiceJitterBuffer&&) noexcept = default;

void VoiceJitterBuffer::put(std::uint16_t sequence, std::uint32_t captureTimeMs, std::span<const std::byte> opus) {
    if (opus.empty() || opus.size() > kMaxPacketBytes) return;  // the decoder would refuse it anyway
    ++counts_.received;
    std::int64_t unwrapped = sequence;
    if (newest_) {
        const auto delta = std::int16_t(std::uint16_t(sequence - std::uint16_t(*newest_)));
        unwrapped = *newest_ + delta;
    }
    if (playhead_ && unwrapped < *playhead_) {
        // Its turn has passed (or it is a stray from long ago): speex counts it
        // as late, which is what makes the delay grow.
        ++counts_.tooLate;
    } else if (held_.count(unwrapped)) {
        ++counts_.duplicates;
        return;
    } else {
        held_[unwrapped] = std::vector<std::byte>(opus.begin(), opus.end());
        while (held_.size() > kMaxHeldFrames) {
            held_.erase(held_.begin());
            ++counts_.dropped;
        }
    }
    if (!newest_ || unwrapped > *newest_) newest_ = unwrapped;
    JitterBufferPacket p{};
    p.data = const_cast<char*>(reinterpret_cast<const char*>(opus.data()));
    p.len = spx_uint32_t(opus.size());
    p.timestamp = timestampOf(unwrapped);
    p.span = kFrameSamples;
    p.sequence = std::uint16_t(sequence);
    p.user_data = captureTimeMs;
    jitter_buffer_put(speex_.get(), &p);
}

JitterFrame VoiceJitterBuffer::take() {
    JitterFrame out;
    if (!newest_) {
        ++counts_.missing;
        return out;  // nothing ever arrived: silence, and no tick (the delay starts at the first packet)
    }
    char scratch[kMaxPacketBytes];
    JitterBufferPacket p{};
    p.data = scratch;
    p.len = sizeof scratch;
    spx_int32_t offset = 0;
    const int status = jitter_buffer_get(speex_.get(), &p, spx_int32_t(kFrameSamples), &offset);
    jitter_buffer_tick(speex_.get());
    // Speex names the slot it filled in every case (packet, missing, or an
    // inserted frame that grows the delay); slots are whole frames.
    out.sequence = *newest_ + std::int32_t(p.timestamp - timestampOf(*newest_)) / std::int32_t(kFrameSamples);
    if (status == JITTER_BUFFER_OK) {
        out.kind = JitterFrame::Kind::Packet;
        out.opus.assign(reinterpret_cast<const std::byte*>(scratch), reinterpret_cast<const std::byte*>(scratch) + p.len);
        out.captureTimeMs = p.user_data;
        ++counts_.played;
    } else {
        ++counts_.missing;
        // An insertion repeats the slot before the next packet: no FEC for it.
        if (status == JITTER_BUFFER_MISSING)
            if (auto next = held_.find(out.sequence + 1); next != held_.end()) out.next = next->second;
    }
    if (!playhead_ || out.sequence + 1 > *playhead_) playhead_ = out.sequence + 1;
    while (!held_.empty() && held_.begin()->first < *playhead_) held_.erase(held_.begin());
    return out;
}

}  // namespace places::audio
