import Synchronization

/// Per-host politeness: hands out request start times at least `interval`
/// apart for each host, to any number of concurrent fetch tasks.
///
/// A `Mutex` guards the schedule; the lock is held only to read and bump one
/// instant, never while waiting, so tasks for different hosts never wait on
/// each other.
final class HostThrottle: Sendable {
    private let nextSlot = Mutex<[String: ContinuousClock.Instant]>([:])

    /// Waits until this task may send its request to `host`.
    func wait(host: String, interval: Duration) async {
        guard interval > .zero else { return }
        let now = ContinuousClock.now
        let slot = nextSlot.withLock { slots -> ContinuousClock.Instant in
            let slot = Swift.max(now, slots[host] ?? now)
            slots[host] = slot + interval
            return slot
        }
        if slot > now { try? await Task.sleep(until: slot, clock: .continuous) }
    }
}
