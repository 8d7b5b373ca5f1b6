import ChaffTestSupport
import Foundation

/// Runs the built `chaff` binary as a user would, capturing its output.
enum ChaffBinary {
    /// The binary beside the test bundle (`.build/debug/chaff`).
    static let url: URL = {
        let bundle = Bundle.main.bundleURL
        var directory = bundle.hasDirectoryPath ? bundle.deletingLastPathComponent() : bundle.deletingLastPathComponent()
        if !FileManager.default.fileExists(atPath: directory.appendingPathComponent("chaff").path) {
            directory = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        }
        return directory.appendingPathComponent("chaff")
    }()

    /// The package root, for the shipped model and training data.
    static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    struct Result {
        var status: Int32
        var output: String
        var error: String
    }

    /// Another binary of the package, built beside `chaff` (`chaff-fuzz`).
    static func sibling(_ name: String) -> URL {
        url.deletingLastPathComponent().appendingPathComponent(name)
    }

    /// Runs `chaff` (or `binary`) with `arguments`, optional standard input
    /// and extra environment; with `addressSpaceKilobytes`, under that limit
    /// on its address space (`ulimit -v`, through `/bin/sh`).
    static func run(_ arguments: [String], binary: URL = url, input: Data? = nil, environment: [String: String] = [:],
                    directory: URL? = nil, addressSpaceKilobytes: Int? = nil) throws -> Result {
        let process = Process()
        if let addressSpaceKilobytes {
            process.executableURL = URL(fileURLWithPath: "/bin/sh")
            process.arguments = ["-c", "ulimit -v \(addressSpaceKilobytes) && exec \"$0\" \"$@\"", binary.path] + arguments
        } else {
            process.executableURL = binary
            process.arguments = arguments
        }
        var env = ProcessInfo.processInfo.environment
        env.removeValue(forKey: "CHAFF_MODEL")
        for (key, value) in environment { env[key] = value }
        process.environment = env
        if let directory { process.currentDirectoryURL = directory }
        // Output goes to files: no pipe can fill up and block the child.
        let scratch = TemporaryDirectory()
        defer { withExtendedLifetime(scratch) {} }
        let outputURL = scratch.file("stdout")
        let errorURL = scratch.file("stderr")
        _ = FileManager.default.createFile(atPath: outputURL.path, contents: nil)
        _ = FileManager.default.createFile(atPath: errorURL.path, contents: nil)
        let outputHandle = try FileHandle(forWritingTo: outputURL)
        let errorHandle = try FileHandle(forWritingTo: errorURL)
        process.standardOutput = outputHandle
        process.standardError = errorHandle
        let inputPipe = Pipe()
        process.standardInput = inputPipe
        try process.run()
        if let input { inputPipe.fileHandleForWriting.write(input) }
        try inputPipe.fileHandleForWriting.close()
        process.waitUntilExit()
        try outputHandle.close()
        try errorHandle.close()
        return Result(status: process.terminationStatus,
                      output: String(decoding: try Data(contentsOf: outputURL), as: UTF8.self),
                      error: String(decoding: try Data(contentsOf: errorURL), as: UTF8.self))
    }

    /// A small labeled corpus file in JSONL, returned with its folder.
    static func writeCorpus(in directory: URL) throws -> URL {
        var records: [String] = []
        let legit = ["市政府召开常务会议研究部署城市更新工作。", "首页 | 新闻中心 | 政务公开", "The council approved the library budget.",
                     "Home | News | Contact", "版权所有：某某市人民政府办公室", "Residents can apply online until March 31."]
        let spam = ["亚洲精品无码在线观看| 国产精品视频免费| 日韩无码高清在线", "澳门新葡京娱乐城| 百家乐在线| 时时彩平台| 六合彩开奖",
                    "buy cheap viagra online | cialis no prescription | casino bonus"]
        for index in 0..<30 {
            var lines = (0..<5).map { legit[($0 + index) % legit.count] }
            var labels = [Int](repeating: 0, count: lines.count)
            if index % 2 == 0 {
                lines.append(spam[index % spam.count])
                labels.append(1)
            }
            let json = try JSONSerialization.data(withJSONObject: ["id": "p\(index)", "lines": lines, "labels": labels])
            records.append(String(decoding: json, as: UTF8.self))
        }
        let url = directory.appendingPathComponent("corpus.jsonl")
        try (records.joined(separator: "\n") + "\n").write(to: url, atomically: true, encoding: .utf8)
        return url
    }
}
