#include "places/net/stats_server.hpp"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <chrono>
#include <list>
#include <vector>

namespace places::net {
namespace {

std::string response(int status, std::string_view reason, std::string_view contentType, std::string_view body) {
    std::string r = "HTTP/1.1 " + std::to_string(status) + " ";
    r.append(reason).append("\r\nContent-Type: ").append(contentType);
    r.append("\r\nContent-Length: ").append(std::to_string(body.size()));
    r.append("\r\nConnection: close\r\n\r\n").append(body);
    return r;
}

}  // namespace

using SteadyTime = std::chrono::steady_clock::time_point;

// Impl's own types, not the anonymous namespace's: a member whose type has
// internal linkage is an error under GCC's -Wsubobject-linkage once this file is
// compiled inside a unity batch.
struct StatsServer::Impl {
    struct Connection {
        int fd = -1;
        SteadyTime deadline;
        std::string in;          // request bytes so far
        std::string out;         // response, once the request is complete
        std::size_t written = 0;
    };

    std::function<std::string()> text;
    StatsServerLimits limits;
    int listenFd = -1;
    int wakeRead = -1, wakeWrite = -1;  // a pipe: the destructor's stop signal
    std::atomic<bool> stop{false};
    std::thread thread;
    std::list<Connection> connections;  // oldest first

    ~Impl() {
        for (Connection& c : connections) ::close(c.fd);
        for (int fd : {listenFd, wakeRead, wakeWrite})
            if (fd >= 0) ::close(fd);
    }

    void run();
    void acceptAll(SteadyTime now);
    // False when the connection is finished (answered, failed or closed by the peer).
    bool readFrom(Connection& c);
    bool writeTo(Connection& c);
    void answer(Connection& c);
};

void StatsServer::Impl::acceptAll(SteadyTime now) {
    for (;;) {
        const int fd = ::accept4(listenFd, nullptr, nullptr, SOCK_NONBLOCK | SOCK_CLOEXEC);
        if (fd < 0) return;  // EAGAIN, or out of descriptors: try again next round
        if (connections.size() >= limits.maxConnections) {
            // The oldest connection has had the longest to say something: a
            // flood of idle sockets makes room for new ones instead of locking them out.
            ::close(connections.front().fd);
            connections.pop_front();
        }
        connections.push_back({fd, now + std::chrono::milliseconds(limits.deadlineMs), {}, {}, 0});
    }
}

void StatsServer::Impl::answer(Connection& c) {
    const std::size_t lineEnd = c.in.find("\r\n");
    const std::string_view line = std::string_view(c.in).substr(0, lineEnd);
    if (line.starts_with("GET /metrics ") || line == "GET /metrics")
        c.out = response(200, "OK", "text/plain; version=0.0.4; charset=utf-8", text());
    else if (line.starts_with("GET "))
        c.out = response(404, "Not Found", "text/plain", "only /metrics is served\n");
    else
        c.out = response(405, "Method Not Allowed", "text/plain", "only GET /metrics is served\n");
}

bool StatsServer::Impl::readFrom(Connection& c) {
    char buffer[2048];
    for (;;) {
        const ssize_t n = ::recv(c.fd, buffer, sizeof buffer, 0);
        if (n == 0) return false;
        if (n < 0) return errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR;
        c.in.append(buffer, static_cast<std::size_t>(n));
        if (c.in.find("\r\n\r\n") != std::string::npos) {
            answer(c);
            return writeTo(c);
        }
        if (c.in.size() > limits.maxRequestBytes) {
            c.out = response(431, "Request Header Fields Too Large", "text/plain", "request too large\n");
            return writeTo(c);
        }
    }
}

bool StatsServer::Impl::writeTo(Connection& c) {
    while (c.written < c.out.size()) {
        const ssize_t n = ::send(c.fd, c.out.data() + c.written, c.out.size() - c.written, MSG_NOSIGNAL);
        if (n < 0) return errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR;
        c.written += static_cast<std::size_t>(n);
    }
    return false;  // all sent: close
}

void StatsServer::Impl::run() {
    std::vector<pollfd> fds;
    while (!stop.load()) {
        fds.clear();
        fds.push_back({listenFd, POLLIN, 0});
        fds.push_back({wakeRead, POLLIN, 0});
        for (const Connection& c : connections)
            fds.push_back({c.fd, static_cast<short>(c.out.empty() ? POLLIN : POLLOUT), 0});
        // Wakes at least every 100 ms to enforce deadlines.
        if (::poll(fds.data(), fds.size(), 100) < 0 && errno != EINTR) return;
        const SteadyTime now = std::chrono::steady_clock::now();
        std::size_t i = 2;
        for (auto it = connections.begin(); it != connections.end(); ++i) {
            const short ready = fds[i].revents;
            bool keep = now < it->deadline;
            if (keep && (ready & (POLLERR | POLLHUP | POLLNVAL)) && !(ready & POLLIN)) keep = false;
            else if (keep && (ready & POLLIN) && it->out.empty()) keep = readFrom(*it);
            else if (keep && (ready & POLLOUT) && !it->out.empty()) keep = writeTo(*it);
            if (keep) {
                ++it;
            } else {
                ::close(it->fd);
                it = connections.erase(it);
            }
        }
        if (fds[0].revents & POLLIN) acceptAll(now);
    }
}

StatsServer::StatsServer(std::unique_ptr<Impl> impl, std::uint16_t port) : impl_(std::move(impl)), port_(port) {}

Result<std::unique_ptr<StatsServer>> StatsServer::start(std::uint16_t port, std::function<std::string()> text,
                                                        StatsServerLimits limits, const std::string& bindAddress) {
    Result<std::unique_ptr<StatsServer>> out;
    const std::string where = "tcp:" + bindAddress + ":" + std::to_string(port);
    auto impl = std::make_unique<Impl>();
    impl->text = std::move(text);
    impl->limits = limits;
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(port);
    if (::inet_pton(AF_INET, bindAddress.c_str(), &address.sin_addr) != 1) {
        out.diagnostics.error({where}, "not an IPv4 address: " + bindAddress);
        return out;
    }
    impl->listenFd = ::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    const int yes = 1;
    if (impl->listenFd >= 0) ::setsockopt(impl->listenFd, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
    if (impl->listenFd < 0 || ::bind(impl->listenFd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0 ||
        ::listen(impl->listenFd, 1024) != 0) {
        out.diagnostics.error({where}, "cannot listen for the stats endpoint (port in use?)");
        return out;
    }
    socklen_t length = sizeof address;
    ::getsockname(impl->listenFd, reinterpret_cast<sockaddr*>(&address), &length);
    int wake[2];
    if (::pipe2(wake, O_NONBLOCK | O_CLOEXEC) != 0) {
        out.diagnostics.error({where}, "cannot create a pipe for the stats thread");
        return out;
    }
    impl->wakeRead = wake[0];
    impl->wakeWrite = wake[1];
    Impl* raw = impl.get();
    impl->thread = std::thread([raw] { raw->run(); });
    out.value.emplace(new StatsServer(std::move(impl), ntohs(address.sin_port)));
    return out;
}

StatsServer::~StatsServer() {
    impl_->stop.store(true);
    const char byte = 0;
    [[maybe_unused]] const ssize_t n = ::write(impl_->wakeWrite, &byte, 1);
    if (impl_->thread.joinable()) impl_->thread.join();
}

}  // namespace places::net
