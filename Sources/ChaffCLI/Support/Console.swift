#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Where a command writes: standard output for results, standard error for
/// diagnostics and progress. Tests substitute buffers.
///
/// Not thread-safe: a command writes from the thread that runs it; concurrent
/// work hands its results back to that thread.
public final class Console {
    private var outputBuffer: [UInt8] = []
    private let outputDescriptor: Int32?
    private let errorDescriptor: Int32?
    /// Everything written to standard output, when capturing.
    public private(set) var capturedOutput = ""
    /// Everything written to standard error, when capturing.
    public private(set) var capturedError = ""
    /// Whether standard error is a terminal (progress is shown only then).
    public let errorIsTerminal: Bool
    /// Whether standard output is a terminal (colours are used only then).
    public let outputIsTerminal: Bool

    /// A console on the process's standard output and error.
    public static func standard() -> Console {
        Console(output: 1, error: 2, errorIsTerminal: isatty(2) == 1, outputIsTerminal: isatty(1) == 1)
    }

    /// A console that captures everything, for tests.
    public static func capturing() -> Console {
        Console(output: nil, error: nil, errorIsTerminal: false, outputIsTerminal: false)
    }

    private init(output: Int32?, error: Int32?, errorIsTerminal: Bool, outputIsTerminal: Bool) {
        outputDescriptor = output
        errorDescriptor = error
        self.errorIsTerminal = errorIsTerminal
        self.outputIsTerminal = outputIsTerminal
    }

    /// Writes to standard output (buffered; see ``flush()``).
    public func write(_ text: String) {
        guard outputDescriptor != nil else {
            capturedOutput += text
            return
        }
        outputBuffer.append(contentsOf: text.utf8)
        if outputBuffer.count >= 1 << 16 { flush() }
    }

    /// Writes a line to standard output.
    public func line(_ text: String) { write(text + "\n") }

    /// Writes a diagnostic line to standard error, unbuffered.
    public func error(_ text: String) {
        guard let errorDescriptor else {
            capturedError += text + "\n"
            return
        }
        flush()
        Self.writeAll(errorDescriptor, Array((text + "\n").utf8))
    }

    /// Shows a progress line on a terminal, overwritten by the next one.
    public func progress(_ text: String) {
        guard errorIsTerminal, let errorDescriptor else { return }
        Self.writeAll(errorDescriptor, Array(("\r\u{1B}[K" + text).utf8))
    }

    /// Clears the progress line.
    public func endProgress() {
        guard errorIsTerminal, let errorDescriptor else { return }
        Self.writeAll(errorDescriptor, Array("\r\u{1B}[K".utf8))
    }

    /// Sends buffered output to the descriptor.
    ///
    /// When standard output cannot be written, nothing the command does next
    /// reaches anyone, so the process ends here: killed by `SIGPIPE` when the
    /// reader went away, as `cat` or `grep` would be, so that `chaff score
    /// --warc big.warc.gz | head` stops instead of scoring the rest; or with
    /// status 1 and a message on standard error for any other failure (a
    /// full disk), instead of reports lost without a word.
    public func flush() {
        guard let outputDescriptor, !outputBuffer.isEmpty else { return }
        if let failure = Self.writeAll(outputDescriptor, outputBuffer) { Self.outputFailed(failure) }
        outputBuffer.removeAll(keepingCapacity: true)
    }

    /// Ends the process after standard output failed with `code` (an `errno`).
    private static func outputFailed(_ code: Int32) -> Never {
        if code == EPIPE {
            // `chaff` ignores SIGPIPE so that a write returns the error; the
            // default action is restored here to end as a pipeline expects.
            signal(SIGPIPE, SIG_DFL)
            raise(SIGPIPE)
        } else {
            writeAll(2, Array("Error: cannot write to standard output: \(String(cString: strerror(code)))\n".utf8))
        }
        // Reached when SIGPIPE is blocked: the status a shell shows for it.
        exit(code == EPIPE ? 128 + SIGPIPE : 1)
    }

    /// Writes every byte of `bytes`; returns the `errno` of a write that
    /// failed (its error ignored on standard error, which has nowhere else to go).
    @discardableResult
    private static func writeAll(_ descriptor: Int32, _ bytes: [UInt8]) -> Int32? {
        bytes.withUnsafeBytes { raw in
            var offset = 0
            while offset < raw.count {
                let written = Glibc.write(descriptor, raw.baseAddress! + offset, raw.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    return errno
                }
                offset += written
            }
            return nil
        }
    }
}
