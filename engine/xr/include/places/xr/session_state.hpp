#pragma once
// The session lifecycle as one flat switch (hello_xr's HandleSessionStateChangedEvent):
// what the app must do when the runtime reports a new session state. Plain data,
// unit tested with scripted event sequences; the session owner executes the step.
//
// IDLE -> READY (begin the session, start the frame loop) -> SYNCHRONIZED ->
// VISIBLE (frames are shown) -> FOCUSED (input arrives) -> ... -> STOPPING (end
// the session) -> IDLE -> EXITING (leave). LOSS_PENDING: the session is lost;
// stop using it, destroy it and leave (a real headset may come back: the
// caller may then create a new instance).
#include "places/xr/openxr.hpp"

namespace places::xr {

enum class SessionStep {
    None,          // nothing to do
    BeginSession,  // call xrBeginSession, then run the frame loop
    EndSession,    // call xrEndSession, stop the frame loop
    Exit,          // leave the event loop; destroy the session
};

struct SessionFlow {
    XrSessionState state = XR_SESSION_STATE_UNKNOWN;
    bool running = false;   // between xrBeginSession and xrEndSession: run wait/begin/end frame
    bool exit = false;      // the event loop should end
    bool lost = false;      // ended by LOSS_PENDING (or instance loss), not by a clean exit
};

// Applies one XrEventDataSessionStateChanged; returns what the caller must do now.
SessionStep onSessionStateChanged(SessionFlow& flow, XrSessionState next);
// XrEventDataInstanceLossPending: the runtime is going away.
SessionStep onInstanceLossPending(SessionFlow& flow);

// Frames are submitted only while running (from READY on, also when not visible:
// skipping xrWaitFrame there stalls the runtime); input only while FOCUSED.
inline bool shouldSyncActions(const SessionFlow& flow) { return flow.state == XR_SESSION_STATE_FOCUSED; }

}  // namespace places::xr
