#include "places/net/booth_queue.hpp"

#include <algorithm>


namespace places::net {

double DurationStats::medianOf(std::vector<double> v) {
    if (v.empty()) return 0.0;
    const auto mid = v.begin() + static_cast<std::ptrdiff_t>(v.size() / 2);
    std::nth_element(v.begin(), mid, v.end());
    if (v.size() % 2 == 1) return *mid;
    return (*mid + *std::max_element(v.begin(), mid)) / 2.0;
}

void DurationStats::add(double seconds) {
    ++count_;
    sum_ += seconds;
    if (samples_.size() < kSamples) {
        samples_.push_back(seconds);
    } else {
        // Algorithm R: the count_-th duration replaces a random sample with
        // probability kSamples / count_, so every duration is equally likely kept.
        rng_ ^= rng_ << 13;  // xorshift64: enough spread for sampling, no state beyond one word
        rng_ ^= rng_ >> 7;
        rng_ ^= rng_ << 17;
        const std::uint64_t at = rng_ % count_;
        if (at < kSamples) samples_[static_cast<std::size_t>(at)] = seconds;
        else return;
    }
    medianKnown_ = false;
}

double DurationStats::median() const {
    if (!medianKnown_) {
        median_ = medianOf(samples_);
        medianKnown_ = true;
    }
    return median_;
}

std::size_t BoothQueue::join(const std::string& person, const std::string& name, ParticipantId id, std::uint64_t nowUs) {
    if (const std::size_t at = position(person)) return at;  // joining twice keeps the place
    queue_.push_back({person, name, id, nowUs, 0});
    ++stats.queued;
    return queue_.size();
}

bool BoothQueue::leave(const std::string& person) {
    const auto it = std::find_if(queue_.begin(), queue_.end(), [&](const QueueEntry& e) { return e.person == person; });
    if (it == queue_.end()) return false;
    queue_.erase(it);
    return true;
}

bool BoothQueue::removeById(ParticipantId id) {
    const auto it = std::find_if(queue_.begin(), queue_.end(), [&](const QueueEntry& e) { return e.id == id; });
    if (id == 0 || it == queue_.end()) return false;
    queue_.erase(it);
    return true;
}

std::size_t BoothQueue::position(const std::string& person) const {
    for (std::size_t i = 0; i < queue_.size(); ++i)
        if (queue_[i].person == person) return i + 1;
    return 0;
}

std::optional<QueueEntry> BoothQueue::callNext(std::uint64_t nowUs) {
    const auto it = std::find_if(queue_.begin(), queue_.end(), [](const QueueEntry& e) { return e.id != 0 && e.absentSinceUs == 0; });
    if (it == queue_.end()) return std::nullopt;
    QueueEntry e = *it;
    queue_.erase(it);
    ++stats.talks;
    stats.waits.add(static_cast<double>(nowUs - e.joinedUs) / 1e6);
    return e;
}

void BoothQueue::markAbsent(ParticipantId id, std::uint64_t nowUs) {
    for (QueueEntry& e : queue_)
        if (e.id == id && id != 0) {
            e.id = 0;
            e.absentSinceUs = nowUs;
        }
}

bool BoothQueue::markPresent(const std::string& person, ParticipantId id) {
    bool found = false;
    for (QueueEntry& e : queue_)
        if (e.person == person) {
            e.id = id;
            e.absentSinceUs = 0;
            found = true;
        }
    return found;
}

std::size_t BoothQueue::expire(std::uint64_t nowUs, std::uint64_t limitUs) {
    const auto before = queue_.size();
    std::erase_if(queue_, [&](const QueueEntry& e) { return e.absentSinceUs != 0 && nowUs - e.absentSinceUs > limitUs; });
    stats.timedOut += before - queue_.size();
    return before - queue_.size();
}

}  // namespace places::net
