#pragma once
// Where and how urgently a thread runs. A relay's tick has a hard 33 ms period
// at 30 Hz; on a shared machine other processes preempting it are what moves
// its p99, so operators (and benchmarks) give it a core and a real-time class.

namespace places::net {

// Pins the calling thread to `cpu` (-1: does nothing); benchmarks put the relay
// and the bots on different cores.
void pinThisThread(int cpu);
// Asks for real-time scheduling (SCHED_FIFO, priority 10) for the calling thread,
// so other processes on its core cannot preempt it; false when not permitted
// (needs CAP_SYS_NICE). For relays on a dedicated core, and for benchmarks on a
// shared machine.
bool raiseThisThreadPriority();

}  // namespace places::net
