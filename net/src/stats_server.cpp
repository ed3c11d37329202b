#include "places/net/stats_server.hpp"

#include <httplib.h>

namespace places::net {

struct StatsServer::Impl {
    httplib::Server server;
    std::thread thread;
};

StatsServer::StatsServer(std::unique_ptr<Impl> impl, std::uint16_t port) : impl_(std::move(impl)), port_(port) {}

Result<std::unique_ptr<StatsServer>> StatsServer::start(std::uint16_t port, std::function<std::string()> text) {
    Result<std::unique_ptr<StatsServer>> out;
    auto impl = std::make_unique<Impl>();
    impl->server.Get("/metrics", [text = std::move(text)](const httplib::Request&, httplib::Response& res) {
        res.set_content(text(), "text/plain; version=0.0.4; charset=utf-8");
    });
    const int bound = port == 0 ? impl->server.bind_to_any_port("0.0.0.0") : (impl->server.bind_to_port("0.0.0.0", port) ? port : -1);
    if (bound <= 0) {
        out.diagnostics.error({"tcp:" + std::to_string(port)}, "cannot listen for the stats endpoint (port in use?)");
        return out;
    }
    Impl* raw = impl.get();
    impl->thread = std::thread([raw] { raw->server.listen_after_bind(); });
    out.value.emplace(new StatsServer(std::move(impl), static_cast<std::uint16_t>(bound)));
    return out;
}

StatsServer::~StatsServer() {
    impl_->server.stop();
    if (impl_->thread.joinable()) impl_->thread.join();
}

}  // namespace places::net
