import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A fixture site served by Python's `http.server` (what `python3 -m
/// http.server` runs) on a free local port, with its request log captured; for
/// crawler tests that send no traffic off the machine.
///
/// The server also exits when its standard input closes, so it cannot outlive
/// a test process that is killed.
final class LocalSite {
    let root: URL
    let port: Int
    let log: URL
    private let process: Process
    private let lifeline = Pipe()

    /// `python3 -m http.server --bind 127.0.0.1 --directory ROOT PORT`, served
    /// from a thread while the main thread waits for standard input to close.
    static let script = """
        import functools, http.server, sys, threading
        handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=sys.argv[1])
        server = http.server.ThreadingHTTPServer(("127.0.0.1", int(sys.argv[2])), handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        print("Serving HTTP on 127.0.0.1 port", sys.argv[2], flush=True)
        sys.stdin.read()
        """

    /// Serves `root` on 127.0.0.1; waits until the server accepts connections.
    init(root: URL) throws {
        self.root = root
        port = try LocalSite.freePort()
        log = root.deletingLastPathComponent().appendingPathComponent("server-\(port).log")
        _ = FileManager.default.createFile(atPath: log.path, contents: nil)
        process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-u", "-c", LocalSite.script, root.path, String(port)]
        let logHandle = try FileHandle(forWritingTo: log)
        process.standardOutput = logHandle
        process.standardError = logHandle
        process.standardInput = lifeline
        try process.run()
        let deadline = Date().addingTimeInterval(20)
        while !LocalSite.accepts(port: port) {
            guard Date() < deadline, process.isRunning else {
                stop()
                throw ServerError(message: "python3 http.server did not start on port \(port)")
            }
            usleep(50_000)
        }
    }

    struct ServerError: Error {
        let message: String
    }

    /// Whether `python3` can be run (the crawler tests need it for the server).
    static let pythonAvailable: Bool = {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", "import http.server"]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        guard (try? process.run()) != nil else { return false }
        process.waitUntilExit()
        return process.terminationStatus == 0
    }()

    /// `http://127.0.0.1:PORT/` + `path`.
    func url(_ path: String) -> String { "http://127.0.0.1:\(port)/\(path)" }

    /// The request lines the server logged, e.g. `GET /index.html`.
    func requests() -> [String] {
        let text = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
        return text.split(separator: "\n").compactMap { line in
            guard let start = line.range(of: "\"GET ") else { return nil }
            let rest = line[start.lowerBound...].dropFirst()
            return rest.split(separator: " ").prefix(2).joined(separator: " ")
        }
    }

    /// Stops the server.
    func stop() {
        try? lifeline.fileHandleForWriting.close()
        let deadline = Date().addingTimeInterval(5)
        while process.isRunning && Date() < deadline { usleep(20_000) }
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
    }

    deinit { stop() }

    /// A port no one listens on: bind to port 0 and ask the kernel which it gave.
    static func freePort() throws -> Int {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { throw ServerError(message: "socket failed") }
        defer { close(descriptor) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { pointer in
                bind(descriptor, pointer, length) == 0 && getsockname(descriptor, pointer, &length) == 0
            }
        }
        guard bound else { throw ServerError(message: "bind failed") }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    static func accepts(port: Int) -> Bool {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { return false }
        defer { close(descriptor) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        return withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0
            }
        }
    }
}
