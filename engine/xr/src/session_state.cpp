#include "places/xr/session_state.hpp"

namespace places::xr {

SessionStep onSessionStateChanged(SessionFlow& flow, XrSessionState next) {
    flow.state = next;
    switch (next) {
        case XR_SESSION_STATE_READY:
            if (flow.running || flow.exit) return SessionStep::None;
            flow.running = true;
            return SessionStep::BeginSession;
        case XR_SESSION_STATE_STOPPING:
            if (!flow.running) return SessionStep::None;
            flow.running = false;
            return SessionStep::EndSession;
        case XR_SESSION_STATE_EXITING:
            flow.running = false;
            flow.exit = true;
            return SessionStep::Exit;
        case XR_SESSION_STATE_LOSS_PENDING:
            // No xrEndSession: the session is already lost (calls return SESSION_LOST).
            flow.running = false;
            flow.exit = true;
            flow.lost = true;
            return SessionStep::Exit;
        case XR_SESSION_STATE_IDLE:
        case XR_SESSION_STATE_SYNCHRONIZED:
        case XR_SESSION_STATE_VISIBLE:
        case XR_SESSION_STATE_FOCUSED:
        default:
            return SessionStep::None;
    }
}

SessionStep onInstanceLossPending(SessionFlow& flow) {
    flow.running = false;
    flow.exit = true;
    flow.lost = true;
    return SessionStep::Exit;
}

}  // namespace places::xr
