// The session state switch, driven by scripted event sequences (no runtime).
#include <catch2/catch.hpp>

#include <vector>

#include "places/xr/session_state.hpp"

using namespace places::xr;

namespace {
std::vector<SessionStep> play(SessionFlow& flow, const std::vector<XrSessionState>& states) {
    std::vector<SessionStep> steps;
    for (XrSessionState s : states) steps.push_back(onSessionStateChanged(flow, s));
    return steps;
}
}  // namespace

TEST_CASE("session state: a full lifecycle begins once, ends once, then exits") {
    SessionFlow flow;
    auto steps = play(flow, {XR_SESSION_STATE_IDLE, XR_SESSION_STATE_READY});
    CHECK(steps == std::vector<SessionStep>{SessionStep::None, SessionStep::BeginSession});
    CHECK(flow.running);
    CHECK_FALSE(shouldSyncActions(flow));
    steps = play(flow, {XR_SESSION_STATE_SYNCHRONIZED, XR_SESSION_STATE_VISIBLE, XR_SESSION_STATE_FOCUSED});
    CHECK(steps == std::vector<SessionStep>(3, SessionStep::None));
    CHECK(shouldSyncActions(flow));
    steps = play(flow, {XR_SESSION_STATE_VISIBLE, XR_SESSION_STATE_SYNCHRONIZED, XR_SESSION_STATE_STOPPING});
    CHECK(steps == std::vector<SessionStep>{SessionStep::None, SessionStep::None, SessionStep::EndSession});
    CHECK_FALSE(flow.running);
    CHECK_FALSE(shouldSyncActions(flow));
    steps = play(flow, {XR_SESSION_STATE_IDLE, XR_SESSION_STATE_EXITING});
    CHECK(steps == std::vector<SessionStep>{SessionStep::None, SessionStep::Exit});
    CHECK(flow.exit);
    CHECK_FALSE(flow.lost);
}

TEST_CASE("session state: LOSS_PENDING exits without ending the session") {
    SessionFlow flow;
    play(flow, {XR_SESSION_STATE_IDLE, XR_SESSION_STATE_READY, XR_SESSION_STATE_SYNCHRONIZED,
                XR_SESSION_STATE_VISIBLE, XR_SESSION_STATE_FOCUSED});
    CHECK(onSessionStateChanged(flow, XR_SESSION_STATE_LOSS_PENDING) == SessionStep::Exit);
    CHECK(flow.exit);
    CHECK(flow.lost);
    CHECK_FALSE(flow.running);
    // A READY arriving late must not begin the lost session again.
    CHECK(onSessionStateChanged(flow, XR_SESSION_STATE_READY) == SessionStep::None);
    CHECK_FALSE(flow.running);
}

TEST_CASE("session state: STOPPING before READY ends nothing, instance loss exits") {
    SessionFlow flow;
    CHECK(onSessionStateChanged(flow, XR_SESSION_STATE_STOPPING) == SessionStep::None);
    CHECK(onSessionStateChanged(flow, XR_SESSION_STATE_READY) == SessionStep::BeginSession);
    CHECK(onSessionStateChanged(flow, XR_SESSION_STATE_READY) == SessionStep::None);  // no double begin
    CHECK(onInstanceLossPending(flow) == SessionStep::Exit);
    CHECK(flow.lost);
    CHECK_FALSE(flow.running);
}
