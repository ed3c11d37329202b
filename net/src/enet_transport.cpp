#include "places/net/enet_transport.hpp"

#include <enet/enet.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <array>
#include <cerrno>
#include <cstddef>
#include <charconv>
#include <cstdlib>
#include <cstring>
#include <vector>
#include <mutex>

namespace places::net {
namespace {

// ENet allocates a packet, its data and a command for every message sent or
// received and frees them soon after: at 1,000 clients that is ~6,000 blocks
// of 40 B to 1.2 kB per tick, and glibc's general path (unsorted bins, repeated
// consolidation) cost ~15% of the relay's thread. Blocks up to 2 kB come from
// per-thread free lists by size class instead. A block may be freed on another
// thread than the one that allocated it (it then joins that thread's lists);
// each thread's lists are returned to malloc when the thread ends.
class BlockPool {
public:
    static constexpr std::size_t kHeader = 16;  // keeps the 16-byte alignment malloc gives
    static constexpr std::array<std::size_t, 6> kClasses{64, 128, 256, 512, 1024, 2048};
    static constexpr std::size_t kKeep = 4096;  // blocks kept per class and thread
    static constexpr std::uint32_t kLarge = 0xFF;

    ~BlockPool() {
        destroyed = true;
        for (auto& list : free_)
            for (void* block : list) std::free(block);
    }

    void* allocate(std::size_t size) {
        std::uint32_t c = 0;
        while (c < kClasses.size() && kClasses[c] < size + kHeader) ++c;
        void* block = nullptr;
        if (c == kClasses.size()) {
            block = std::malloc(size + kHeader);
            c = kLarge;
        } else if (!free_[c].empty()) {
            block = free_[c].back();
            free_[c].pop_back();
        } else {
            block = std::malloc(kClasses[c]);
        }
        if (!block) return nullptr;
        std::memcpy(block, &c, sizeof c);
        return static_cast<std::byte*>(block) + kHeader;
    }

    void release(void* memory) {
        if (!memory) return;
        void* block = static_cast<std::byte*>(memory) - kHeader;
        std::uint32_t c;
        std::memcpy(&c, block, sizeof c);
        if (c == kLarge || free_[c].size() >= kKeep) return std::free(block);
        free_[c].push_back(block);
    }

    static thread_local bool destroyed;

private:
    std::array<std::vector<void*>, kClasses.size()> free_;
};

thread_local bool BlockPool::destroyed = false;
thread_local BlockPool pool;

void* poolMalloc(std::size_t size) { return pool.allocate(size); }

void poolFree(void* memory) {
    if (BlockPool::destroyed) {  // this thread is exiting: bypass its (gone) lists
        if (memory) std::free(static_cast<std::byte*>(memory) - BlockPool::kHeader);
        return;
    }
    pool.release(memory);
}

// enet_initialize is process-wide; enet_deinitialize is left to process exit
// because hosts may live on several threads until then.
bool initializeENet() {
    static std::once_flag once;
    static bool ok = false;
    std::call_once(once, [] {
        ENetCallbacks callbacks{};
        callbacks.malloc = poolMalloc;
        callbacks.free = poolFree;
        ok = enet_initialize_with_callbacks(ENET_VERSION, &callbacks) == 0;
    });
    return ok;
}

// The transport whose host this thread is servicing, for the intercept callback
// (ENetHost has no user pointer; a transport is used from one thread only).
thread_local const ENetTransport* servicing = nullptr;

PeerId idOf(const ENetPeer* peer) { return static_cast<PeerId>(reinterpret_cast<std::uintptr_t>(peer->data)); }

// ENet asks for 256 kB socket buffers. A relay flushes one snapshot per client
// per tick in one burst (1,000 x ~1 kB) and takes a tick's poses in while it
// ticks, and a bots host receives a burst per tick: ask for 4 MB (the kernel
// caps it at net.core.rmem_max / wmem_max).
void enlargeBuffers(ENetHost* host) {
    constexpr int kBytes = 4 << 20;
    enet_socket_set_option(host->socket, ENET_SOCKOPT_RCVBUF, kBytes);
    enet_socket_set_option(host->socket, ENET_SOCKOPT_SNDBUF, kBytes);
}

// One flush of a relay is one datagram per client (1,000 at the fair), and ENet
// sends each with its own sendmsg. Where a system call is expensive (a
// paravirtualized guest: 3-4.5 us each on the relay's VM, more than the
// kernel's UDP work per datagram), the flush was mostly syscall overhead. During
// ENetTransport::flush this thread's datagrams for that host's socket are
// copied here instead (ENet frees unreliable packets as soon as they are
// "sent") and go out with sendmmsg, 128 per call: the same datagrams, to the
// same addresses, in the same order, on the same thread.
// ENet's address (host in network byte order, port in host order) as the
// kernel's, for sendmsg and sendmmsg alike.
sockaddr_in toSockaddr(const ENetAddress& address) {
    sockaddr_in to{};
    to.sin_family = AF_INET;
    to.sin_port = ENET_HOST_TO_NET_16(address.port);
    to.sin_addr.s_addr = address.host;
    return to;
}

class SendBatch {
public:
    // Collects the datagrams `socket` sends on this thread until sendAll().
    void begin(ENetSocket socket) {
        socket_ = socket;
        active_ = true;
    }
    bool collects(ENetSocket socket, const ENetAddress* to) const { return active_ && socket == socket_ && to; }

    std::size_t add(const ENetAddress& to, const ENetBuffer* buffers, std::size_t count) {
        Datagram d;
        d.to = toSockaddr(to);
        d.offset = bytes_.size();
        for (std::size_t i = 0; i < count; ++i) {
            const auto* data = static_cast<const std::byte*>(buffers[i].data);
            bytes_.insert(bytes_.end(), data, data + buffers[i].dataLength);
        }
        d.length = bytes_.size() - d.offset;
        datagrams_.push_back(d);
        // Sent in slices while ENet is still building the rest: a flush of
        // 1,000 datagrams takes milliseconds (~11 ms on a relay with 40 % of a
        // core), and a datagram held back to the end of it waits for all that
        // follow it. 128 per call keeps the system calls few (8 for 1,000).
        if (datagrams_.size() >= kSlice) lost_ += sendCollected();
        return d.length;
    }

    // Sends what is still collected and stops collecting. Returns the number
    // of datagrams of this flush that were lost (see sendCollected).
    std::size_t sendAll() {
        active_ = false;
        const std::size_t lost = lost_ + sendCollected();
        lost_ = 0;
        return lost;
    }

private:
    static constexpr std::size_t kSlice = 128;

    // Sends what was collected so far. A datagram the kernel refuses (a full
    // send buffer) is lost, as when ENet's own sendmsg would block: ENet drops
    // unreliable commands either way and resends reliable ones after their
    // timeout. Returns the number lost.
    std::size_t sendCollected() {
        iov_.resize(datagrams_.size());
        headers_.resize(datagrams_.size());
        for (std::size_t i = 0; i < datagrams_.size(); ++i) {
            Datagram& d = datagrams_[i];
            iov_[i] = {bytes_.data() + d.offset, d.length};
            headers_[i] = {};
            headers_[i].msg_hdr.msg_name = &d.to;
            headers_[i].msg_hdr.msg_namelen = sizeof d.to;
            headers_[i].msg_hdr.msg_iov = &iov_[i];
            headers_[i].msg_hdr.msg_iovlen = 1;
        }
        std::size_t lost = 0;
        for (std::size_t next = 0; next < headers_.size();) {
            // The kernel takes at most UIO_MAXIOV (1,024) messages per call.
            const auto count = static_cast<unsigned>(std::min<std::size_t>(headers_.size() - next, 1024));
            const int sent = sendmmsg(socket_, headers_.data() + next, count, MSG_NOSIGNAL);
            if (sent > 0) {
                next += static_cast<std::size_t>(sent);
            } else if (sent < 0 && errno == EINTR) {
                continue;
            } else if (sent < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
                lost += headers_.size() - next;  // the buffer is full: the rest would not fit either
                break;
            } else {
                ++lost;  // this datagram fails on its own (e.g. an unroutable address): skip it
                ++next;
            }
        }
        datagrams_.clear();
        bytes_.clear();
        return lost;
    }

    struct Datagram {
        sockaddr_in to{};
        std::size_t offset = 0, length = 0;
    };
    ENetSocket socket_{};
    bool active_ = false;
    std::size_t lost_ = 0;  // by the slices sent so far in this flush
    std::vector<Datagram> datagrams_;
    std::vector<std::byte> bytes_;  // kept between flushes: no allocation once warm
    std::vector<iovec> iov_;
    std::vector<mmsghdr> headers_;
};

thread_local SendBatch sendBatch;

}  // namespace

}  // namespace places::net

// ENet's own enet_socket_send, replaced: libenet calls it through its PLT, so
// this definition (the executable's) is the one its send path uses. Outside a
// batching flush it is ENet 1.3's unix.c verbatim: one sendmsg, 0 on
// EWOULDBLOCK, -1 on other errors. (Were libenet ever linked so that it calls
// its own copy, nothing would be collected and flush() would behave as before.)
int enet_socket_send(ENetSocket socket, const ENetAddress* address, const ENetBuffer* buffers, size_t bufferCount) {
    if (places::net::sendBatch.collects(socket, address))
        return static_cast<int>(places::net::sendBatch.add(*address, buffers, bufferCount));
    msghdr header{};
    sockaddr_in to{};
    if (address) {
        to = places::net::toSockaddr(*address);
        header.msg_name = &to;
        header.msg_namelen = sizeof to;
    }
    // ENetBuffer is laid out as struct iovec on Unix (enet/unix.h), as ENet itself relies on.
    static_assert(sizeof(ENetBuffer) == sizeof(iovec) && offsetof(ENetBuffer, dataLength) == offsetof(iovec, iov_len));
    header.msg_iov = reinterpret_cast<iovec*>(const_cast<ENetBuffer*>(buffers));
    header.msg_iovlen = bufferCount;
    const ssize_t sent = sendmsg(socket, &header, MSG_NOSIGNAL);
    if (sent == -1) return errno == EWOULDBLOCK ? 0 : -1;
    return static_cast<int>(sent);
}

namespace places::net {

Result<std::unique_ptr<ENetTransport>> ENetTransport::listen(std::uint16_t port, std::size_t maxPeers,
                                                             const std::string& bindAddress) {
    Result<std::unique_ptr<ENetTransport>> out;
    if (!initializeENet()) {
        out.diagnostics.error({"enet"}, "enet_initialize failed");
        return out;
    }
    ENetAddress address{};
    address.host = ENET_HOST_ANY;
    if (!bindAddress.empty() && enet_address_set_host_ip(&address, bindAddress.c_str()) != 0) {
        out.diagnostics.error({"udp:" + bindAddress}, "not an IP address to listen on");
        return out;
    }
    address.port = port;
    ENetHost* host = enet_host_create(&address, maxPeers, kChannelCount, 0, 0);
    if (!host) {
        out.diagnostics.error({"udp:" + std::to_string(port)}, "cannot listen (port in use?)");
        return out;
    }
    host->intercept = interceptBlockedConnects;
    enlargeBuffers(host);
    out.value.emplace(new ENetTransport(host));
    return out;
}

Result<std::unique_ptr<ENetTransport>> ENetTransport::client(std::size_t maxConnections,
                                                             const std::string& bindAddress) {
    Result<std::unique_ptr<ENetTransport>> out;
    if (!initializeENet()) {
        out.diagnostics.error({"enet"}, "enet_initialize failed");
        return out;
    }
    ENetAddress local{};
    local.host = ENET_HOST_ANY;
    local.port = 0;
    if (!bindAddress.empty() && enet_address_set_host_ip(&local, bindAddress.c_str()) != 0) {
        out.diagnostics.error({"enet"}, "not an IPv4 address: " + bindAddress);
        return out;
    }
    ENetHost* host = enet_host_create(bindAddress.empty() ? nullptr : &local, maxConnections, kChannelCount, 0, 0);
    if (!host) {
        out.diagnostics.error({"enet"}, "cannot create a client host");
        return out;
    }
    enlargeBuffers(host);
    out.value.emplace(new ENetTransport(host));
    return out;
}

ENetTransport::~ENetTransport() {
    for (auto& [id, peer] : peers_) enet_peer_reset(peer);
    enet_host_destroy(host_);
}

// ENet drops unreliable packets at random when a peer's round-trip time varies
// more than usual (its packet throttle). Snapshots and poses are already rate
// limited by Places (the relay's byte budget per client, the client's pose
// rate), and each one supersedes the last, so that throttle only adds loss on
// jitter (a busy loopback loses a third of the snapshots): keep it fully open.
void keepThrottleOpen(ENetPeer* peer) {
    enet_peer_throttle_configure(peer, ENET_PEER_PACKET_THROTTLE_INTERVAL, ENET_PEER_PACKET_THROTTLE_SCALE, 0);
}

PeerId ENetTransport::track(ENetPeer* peer) {
    const PeerId id = nextPeer_++;
    peer->data = reinterpret_cast<void*>(static_cast<std::uintptr_t>(id));
    peers_[id] = peer;
    return id;
}

PeerId ENetTransport::connect(const std::string& hostName, std::uint16_t port) {
    ENetAddress address{};
    if (enet_address_set_host(&address, hostName.c_str()) != 0) return kNoPeer;
    address.port = port;
    ENetPeer* peer = enet_host_connect(host_, &address, kChannelCount, 0);
    return peer ? track(peer) : kNoPeer;
}

std::uint16_t ENetTransport::port() const { return host_->address.port; }
std::uint64_t ENetTransport::totalSentBytes() const { return host_->totalSentData; }
std::uint64_t ENetTransport::totalReceivedBytes() const { return host_->totalReceivedData; }

std::optional<std::uint32_t> ENetTransport::roundTripMs(PeerId id) const {
    auto it = peers_.find(id);
    if (it == peers_.end()) return std::nullopt;
    return it->second->roundTripTime;
}

// Every datagram a listening host receives passes here first. One addressed to
// no peer (peer id 0xFFF: a CONNECT) from a blocked address is dropped, so a
// flood from one address cannot take ENet slots, even for the milliseconds
// until the relay would close them.
int ENetTransport::interceptBlockedConnects(ENetHost* host, ENetEvent*) {
    const ENetTransport* self = servicing;
    if (!self || self->blocked_.empty() || host->receivedDataLength < sizeof(enet_uint16)) return 0;
    enet_uint16 header;
    std::memcpy(&header, host->receivedData, sizeof header);
    const unsigned peerId = ENET_NET_TO_HOST_16(header) & ~static_cast<unsigned>(ENET_PROTOCOL_HEADER_FLAG_MASK |
                                                                              ENET_PROTOCOL_HEADER_SESSION_MASK);
    if (peerId != ENET_PROTOCOL_MAXIMUM_PEER_ID) return 0;
    return self->blocked_.count(host->receivedAddress.host) ? 1 : 0;
}

void ENetTransport::blockConnects(const std::string& address, bool blocked) {
    ENetAddress a{};
    if (enet_address_set_host_ip(&a, address.c_str()) != 0) return;
    if (blocked) blocked_.insert(a.host);
    else blocked_.erase(a.host);
}

bool ENetTransport::poll(TransportEvent& out, std::uint32_t waitMs) {
    ENetEvent event;
    servicing = this;
    // Drain what is queued before touching the socket again.
    int rc = enet_host_check_events(host_, &event);
    if (rc == 0) rc = enet_host_service(host_, &event, waitMs);
    if (rc <= 0) return false;
    switch (event.type) {
        case ENET_EVENT_TYPE_CONNECT:
            out.kind = TransportEventKind::Connected;
            // Outgoing connections were tracked in connect(); incoming ones are new.
            out.peer = event.peer->data ? idOf(event.peer) : track(event.peer);
            keepThrottleOpen(event.peer);
            return true;
        case ENET_EVENT_TYPE_DISCONNECT:
            out.kind = TransportEventKind::Disconnected;
            out.peer = idOf(event.peer);
            peers_.erase(out.peer);
            event.peer->data = nullptr;
            return true;
        case ENET_EVENT_TYPE_RECEIVE:
            out.kind = TransportEventKind::Received;
            out.peer = idOf(event.peer);
            // The host was created with kChannelCount channels, so ENet never
            // delivers a higher channel id.
            out.channel = static_cast<Channel>(event.channelID);
            out.data.assign(reinterpret_cast<const std::byte*>(event.packet->data),
                            reinterpret_cast<const std::byte*>(event.packet->data) + event.packet->dataLength);
            enet_packet_destroy(event.packet);
            return true;
        case ENET_EVENT_TYPE_NONE: break;
    }
    return false;
}

void ENetTransport::send(PeerId id, Channel channel, std::span<const std::byte> bytes) {
    auto it = peers_.find(id);
    if (it == peers_.end()) return;
    // Voice is unsequenced: every frame that arrives is delivered (protocol.hpp, Channel).
    const enet_uint32 flags = channel == Channel::Reliable ? ENET_PACKET_FLAG_RELIABLE
                              : channel == Channel::Voice  ? ENET_PACKET_FLAG_UNSEQUENCED
                                                           : 0;
    ENetPacket* packet = enet_packet_create(bytes.data(), bytes.size(), flags);
    if (packet && enet_peer_send(it->second, static_cast<enet_uint8>(channel), packet) < 0) enet_packet_destroy(packet);
}

void ENetTransport::disconnect(PeerId id) {
    auto it = peers_.find(id);
    if (it != peers_.end()) enet_peer_disconnect_later(it->second, 0);
}

void ENetTransport::abort(PeerId id) {
    auto it = peers_.find(id);
    if (it == peers_.end()) return;
    ENetPeer* peer = it->second;
    peers_.erase(it);
    peer->data = nullptr;
    enet_peer_disconnect_now(peer, 0);  // one unsequenced notice, then the slot is reset
}

std::string ENetTransport::address(PeerId id) const {
    auto it = peers_.find(id);
    if (it == peers_.end()) return {};
    std::array<char, 64> text{};
    if (enet_address_get_host_ip(&it->second->address, text.data(), text.size()) != 0) return {};
    return text.data();
}

void ENetTransport::flush() {
    sendBatch.begin(host_->socket);
    enet_host_flush(host_);
    sendLost_ += sendBatch.sendAll();
}

std::size_t ENetTransport::queuedBytes(PeerId id) const {
    const auto it = peers_.find(id);
    if (it == peers_.end()) return 0;
    // Commands ENet has not put on the wire yet (a full reliable window, or a
    // send buffer that would block). The relay keeps this short (RelayConfig::
    // maxQueuedBytesPerPeer), so the walk is short too.
    ENetList& queue = it->second->outgoingCommands;
    std::size_t bytes = 0;
    for (ENetListIterator c = enet_list_begin(&queue); c != enet_list_end(&queue); c = enet_list_next(c))
        bytes += reinterpret_cast<const ENetOutgoingCommand*>(c)->fragmentLength;
    return bytes;
}

void ENetTransport::setReceiveQueueBytes(std::size_t bytes) {
    // The kernel doubles it for its bookkeeping and caps it at net.core.rmem_max.
    enet_socket_set_option(host_->socket, ENET_SOCKOPT_RCVBUF, static_cast<int>(std::min<std::size_t>(bytes, 1u << 30)));
}

std::optional<std::pair<std::string, std::uint16_t>> parseHostPort(const std::string& text) {
    const auto colon = text.rfind(':');
    if (colon == std::string::npos || colon == 0) return std::nullopt;
    unsigned port = 0;
    const char* begin = text.data() + colon + 1;
    const char* end = text.data() + text.size();
    const auto [ptr, ec] = std::from_chars(begin, end, port);
    if (ec != std::errc{} || ptr != end || port == 0 || port > 65535) return std::nullopt;
    return std::pair{text.substr(0, colon), static_cast<std::uint16_t>(port)};
}

}  // namespace places::net
