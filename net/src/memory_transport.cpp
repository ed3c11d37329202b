#include "places/net/memory_transport.hpp"

namespace places::net {

MemoryTransport::~MemoryTransport() {
    for (auto& [peer, link] : links_) {
        link.remote->links_.erase(link.remotePeer);
        link.remote->push(TransportEventKind::Disconnected, link.remotePeer, Channel::Reliable, {});
    }
}

PeerId MemoryTransport::addLink(MemoryTransport* remote, PeerId remotePeer, std::string remoteAddress) {
    const PeerId id = nextPeer_++;
    links_[id] = {remote, remotePeer, std::move(remoteAddress)};
    return id;
}

PeerId MemoryTransport::connect(MemoryTransport& server, std::string address) {
    if (server.blocked_.count(address)) {  // as an unanswered ENet connect: it fails on this side only
        const PeerId never = nextPeer_++;
        push(TransportEventKind::Disconnected, never, Channel::Reliable, {});
        return never;
    }
    const PeerId mine = addLink(&server, kNoPeer, "server");
    const PeerId theirs = server.addLink(this, mine, std::move(address));
    links_[mine].remotePeer = theirs;
    push(TransportEventKind::Connected, mine, Channel::Reliable, {});
    server.push(TransportEventKind::Connected, theirs, Channel::Reliable, {});
    return mine;
}

void MemoryTransport::cut(PeerId peer) {
    auto it = links_.find(peer);
    if (it == links_.end()) return;
    it->second.remote->links_.erase(it->second.remotePeer);
    links_.erase(it);
}

bool MemoryTransport::connected(PeerId peer) const { return links_.count(peer) != 0; }

bool MemoryTransport::poll(TransportEvent& out, std::uint32_t) {
    if (inbox_.empty()) return false;
    TransportEvent& front = inbox_.front();
    out.kind = front.kind;
    out.peer = front.peer;
    out.channel = front.channel;
    out.data.swap(front.data);
    inbox_.pop_front();
    return true;
}

void MemoryTransport::loseEveryNthUnreliable(PeerId peer, unsigned n) {
    if (auto it = links_.find(peer); it != links_.end()) it->second.loseEvery = n;
}

void MemoryTransport::reportBacklog(PeerId peer, std::size_t bytes) {
    if (auto it = links_.find(peer); it != links_.end()) it->second.backlog = bytes;
}

std::size_t MemoryTransport::queuedBytes(PeerId peer) const {
    const auto it = links_.find(peer);
    return it == links_.end() ? 0 : it->second.backlog;
}

void MemoryTransport::send(PeerId peer, Channel channel, std::span<const std::byte> bytes) {
    auto it = links_.find(peer);
    if (it == links_.end()) return;
    bytesSent_ += bytes.size();
    Link& link = it->second;
    if (channel == Channel::Unreliable && link.loseEvery != 0 && ++link.unreliableSent % link.loseEvery == 0) return;
    it->second.remote->push(TransportEventKind::Received, it->second.remotePeer, channel, bytes);
}

void MemoryTransport::disconnect(PeerId peer) {
    if (!connected(peer)) return;
    abort(peer);
    push(TransportEventKind::Disconnected, peer, Channel::Reliable, {});
}

void MemoryTransport::abort(PeerId peer) {
    auto it = links_.find(peer);
    if (it == links_.end()) return;
    const Link link = it->second;
    links_.erase(it);
    link.remote->links_.erase(link.remotePeer);
    link.remote->push(TransportEventKind::Disconnected, link.remotePeer, Channel::Reliable, {});
}

void MemoryTransport::blockConnects(const std::string& address, bool blocked) {
    if (blocked) blocked_.insert(address);
    else blocked_.erase(address);
}

std::string MemoryTransport::address(PeerId peer) const {
    auto it = links_.find(peer);
    return it == links_.end() ? std::string() : it->second.remoteAddress;
}

void MemoryTransport::push(TransportEventKind kind, PeerId peer, Channel channel, std::span<const std::byte> bytes) {
    TransportEvent e;
    e.kind = kind;
    e.peer = peer;
    e.channel = channel;
    e.data.assign(bytes.begin(), bytes.end());
    inbox_.push_back(std::move(e));
}

}  // namespace places::net
