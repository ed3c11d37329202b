// places bots: simulated visitors against a relay; prints a JSON summary.
//   places bots --relay 127.0.0.1:7777 --count N --venue NAME --duration S [--rate 30] [--chat]
//               [--seed N] [--center X,Z] [--area M] [--ticket T] [--voice K]
//               [--fair [--exhibitor-ticket T]... [--queue-every N] [--talk-seconds S] [--scene FILE]]
#include <csignal>
#include <cstdio>
#include <cstdlib>

#include "commands.hpp"
#include "places/net/bots.hpp"
#include "places/net/enet_transport.hpp"
#include "places/net/ticket.hpp"
#include "places/scenes/scene_file.hpp"

namespace places::cli {

void addBotsCommand(CLI::App& app) {
    auto* cmd = app.add_subcommand("bots", "Simulated visitors that walk, look around and chat; JSON summary");
    struct Options {
        std::string relay = "127.0.0.1:7777", venue = "bots", ticket;
        std::size_t count = 10;
        double duration = 10.0;
        std::uint32_t rate = 30;
        bool chat = false;
        std::size_t threads = 1;
        double connectRate = 400;
        std::uint32_t seed = 1;
        std::string centre = "0,0";
        float area = 40.0f;
        std::size_t voice = 0;
        bool fair = false;
        std::vector<std::string> exhibitorTickets;
        std::size_t queueEvery = 5;
        double talkSeconds = 4.0;
        std::string scene;
    };
    auto opt = std::make_shared<Options>();
    cmd->add_option("--relay", opt->relay, "host:port of the relay");
    cmd->add_option("--count", opt->count, "Number of bots")->check(CLI::Range(1, 16000));
    cmd->add_option("--venue", opt->venue, "Venue to join (anonymous bots)");
    cmd->add_option("--duration", opt->duration, "Seconds to measure once all are connected")->check(CLI::PositiveNumber);
    cmd->add_option("--rate", opt->rate, "Poses per second per bot")->check(CLI::Range(1, 90));
    cmd->add_flag("--chat", opt->chat, "Bots chat now and then");
    cmd->add_option("--threads", opt->threads, "Bot threads (one services 1,000 bots at 30 Hz in ~35 % of a core)")
        ->check(CLI::Range(1, 64));
    cmd->add_option("--connect-rate", opt->connectRate, "New connections per second (paced joins)")
        ->check(CLI::PositiveNumber);
    cmd->add_option("--ticket", opt->ticket,
                    "A ticket (base64url) all bots use, for relays that require one; bots take its role "
                    "(with a spectator ticket they watch and send no poses)");
    cmd->add_option("--seed", opt->seed, "Motion seed: the same seed gives the same paths");
    cmd->add_option("--center", opt->centre, "X,Z (local frame metres) of the square the bots walk in");
    cmd->add_option("--area", opt->area, "Side of that square in metres")->check(CLI::Range(1.0, 2000.0));
    cmd->add_option("--voice", opt->voice,
                    "The first K bots talk (synthetic speech as Opus, in spurts and pauses); all listen and time it")
        ->check(CLI::Range(0, 16000));
    cmd->add_flag("--fair", opt->fair,
                  "The career fair: every --queue-every-th visitor bot queues at booths and talks when called; "
                  "bots with --exhibitor-ticket serve their booth. The JSON gains a \"fair\" object");
    cmd->add_option("--exhibitor-ticket", opt->exhibitorTickets,
                    "A ticket (base64url, role exhibitor, named in a booth's staff) for one exhibitor bot; repeatable, "
                    "the first bots take them");
    cmd->add_option("--queue-every", opt->queueEvery, "With --fair: every N-th visitor bot queues (0: none)");
    cmd->add_option("--talk-seconds", opt->talkSeconds, "With --fair: exhibitors end a talk after this long")
        ->check(CLI::PositiveNumber);
    cmd->add_option("--scene", opt->scene,
                    "With --fair: the venue's scene file; queueing bots walk into their booth's zone before "
                    "joining its queue and stand there while they queue and talk");
    cmd->callback([opt] {
        using namespace places::net;
        const auto hp = parseHostPort(opt->relay);
        if (!hp) {
            std::fprintf(stderr, "places bots: --relay wants host:port, got '%s'\n", opt->relay.c_str());
            throw CommandExit{2};
        }
        float centre[2] = {0, 0};
        {
            const std::string& c = opt->centre;
            const auto comma = c.find(',');
            char* end = nullptr;
            bool ok = comma != std::string::npos;
            if (ok) {
                centre[0] = std::strtof(c.c_str(), &end);
                ok = end == c.c_str() + comma;
            }
            if (ok) {
                centre[1] = std::strtof(c.c_str() + comma + 1, &end);
                ok = end == c.c_str() + c.size() && comma + 1 < c.size();
            }
            if (!ok) {
                std::fprintf(stderr, "places bots: --center wants X,Z in metres, got '%s'\n", c.c_str());
                throw CommandExit{2};
            }
        }
        BotConfig cfg;
        cfg.seed = opt->seed;
        cfg.centreX = centre[0];
        cfg.centreZ = centre[1];
        cfg.areaMetres = opt->area;
        cfg.host = hp->first;
        cfg.port = hp->second;
        cfg.count = opt->count;
        cfg.venue = opt->venue;
        cfg.durationSeconds = opt->duration;
        cfg.poseRateHz = opt->rate;
        cfg.chat = opt->chat;
        cfg.voice = opt->voice;
        cfg.threads = opt->threads;
        cfg.connectsPerSecond = opt->connectRate;
        if (!opt->ticket.empty()) {
            auto t = fromBase64Url(opt->ticket);
            if (!t) {
                std::fprintf(stderr, "places bots: --ticket is not base64url\n");
                throw CommandExit{2};
            }
            cfg.ticket = *t;
        }
        cfg.fair = opt->fair;
        cfg.fairQueueEvery = opt->queueEvery;
        cfg.fairTalkSeconds = opt->talkSeconds;
        for (const std::string& text : opt->exhibitorTickets) {
            auto t = fromBase64Url(text);
            if (!t) {
                std::fprintf(stderr, "places bots: --exhibitor-ticket is not base64url\n");
                throw CommandExit{2};
            }
            cfg.exhibitorTickets.push_back(std::move(*t));
        }
        if (!opt->scene.empty()) {
            if (!cfg.fair) {
                std::fprintf(stderr, "places bots: --scene needs --fair\n");
                throw CommandExit{2};
            }
            auto scene = scenes::loadScene(opt->scene);
            for (const auto& d : scene.diagnostics.items()) std::fprintf(stderr, "%s\n", d.format().c_str());
            if (!scene.value) throw CommandExit{2};
            for (const scenes::Booth& b : scene.value->booths)
                if (const scenes::Zone* z = scene.value->findZone(b.zone))
                    cfg.fairBoothZones[b.id] = net::FairZone{z->outline, z->floor, z->height};
        }
        if (!cfg.exhibitorTickets.empty() && !cfg.fair) {
            std::fprintf(stderr, "places bots: --exhibitor-ticket needs --fair\n");
            throw CommandExit{2};
        }
        if (cfg.exhibitorTickets.size() > cfg.count) {
            std::fprintf(stderr, "places bots: %zu exhibitor tickets for %zu bots\n", cfg.exhibitorTickets.size(), cfg.count);
            throw CommandExit{2};
        }
        const BotReport r = runBots(cfg);
        std::printf("%s\n", r.toJson().c_str());
        std::fprintf(stderr, "places bots: %s\n", r.summary().c_str());
        if (r.botsSaturated())
            std::fprintf(stderr, "places bots: the bots used %.0f %% of a core per thread: their latencies include "
                                 "their own backlog (use --threads or fewer bots)\n",
                         100.0 * r.botCpuCores / static_cast<double>(cfg.threads));
        if (r.connected == 0) throw CommandExit{1};
    });
}

}  // namespace places::cli
