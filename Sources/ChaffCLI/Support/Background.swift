import Dispatch
import Synchronization

/// A value computed on another thread while this one goes on: ``value``
/// waits for it.
final class Background<Value: Sendable>: Sendable {
    private let done = DispatchSemaphore(value: 0)
    private let result = Mutex<Value?>(nil)

    /// Starts `work` on a global queue.
    init(_ work: @escaping @Sendable () -> Value) {
        DispatchQueue.global().async { [self] in
            let value = work()
            result.withLock { $0 = value }
            done.signal()
        }
    }

    /// The value, once `work` has returned. Call it once.
    var value: Value {
        done.wait()
        return result.withLock { $0! }
    }
}
