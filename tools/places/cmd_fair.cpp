// places fair report --relay-stats URL [--out FILE]: the exhibitor statistics
// per booth (visitors queued, talks held, median wait, talk length) from a
// relay's metrics endpoint (`places relay --stats-port`), as CSV for the fair's
// organiser.
#include <cstdio>
#include <regex>
#include <span>

#include <httplib.h>

#include "commands.hpp"
#include "places/core/atomic_write.hpp"
#include "places/net/fair_report.hpp"

namespace places::cli {

void addFairCommand(CLI::App& app) {
    auto* fair = app.add_subcommand("fair", "Career fair tools");
    fair->require_subcommand(1);
    auto* report = fair->add_subcommand("report", "Per-booth statistics from a relay's metrics, as CSV");
    struct Options {
        std::string url, out;
    };
    auto opt = std::make_shared<Options>();
    report->add_option("--relay-stats", opt->url, "The relay's metrics URL, e.g. http://127.0.0.1:9100/metrics")->required();
    report->add_option("--out", opt->out, "Write the CSV here (default: standard output)");
    report->callback([opt] {
        static const std::regex kUrl(R"(^http://([^/:]+)(?::(\d{1,5}))?(/.*)?$)");
        std::smatch m;
        if (!std::regex_match(opt->url, m, kUrl)) {
            std::fprintf(stderr, "places fair report: --relay-stats: expected http://HOST[:PORT]/PATH, got '%s'\n",
                         opt->url.c_str());
            throw CommandExit{2};
        }
        const int port = m[2].matched ? std::stoi(m[2].str()) : 80;
        const std::string path = m[3].matched ? m[3].str() : "/metrics";
        httplib::Client client(m[1].str(), port);
        client.set_connection_timeout(5);
        client.set_read_timeout(10);
        const auto res = client.Get(path);
        if (!res || res->status != 200) {
            std::string why = "HTTP ";
            if (res) why += std::to_string(res->status);
            else why = httplib::to_string(res.error());
            std::fprintf(stderr, "places fair report: %s: %s\n", opt->url.c_str(), why.c_str());
            throw CommandExit{1};
        }
        const auto rows = net::parseBoothMetrics(res->body);
        if (rows.empty()) std::fprintf(stderr, "places fair report: the relay reports no booths (started without --scene?)\n");
        const std::string csv = net::boothReportCsv(rows);
        if (opt->out.empty()) {
            std::fwrite(csv.data(), 1, csv.size(), stdout);
        } else {
            // Like every output: a temporary file renamed over a regular file only.
            Diagnostics written;
            if (!writeFileAtomically(opt->out, std::as_bytes(std::span(csv)), "the booth report", written)) {
                std::fprintf(stderr, "places fair report: %s\n", written.firstError().c_str());
                throw CommandExit{1};
            }
        }
    });
}

}  // namespace places::cli
