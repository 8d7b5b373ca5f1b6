import ChaffTestSupport
import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// `chaff score --warc` and `chaff score --input jsonl`, end to end with the
/// shipped default model.
@Suite struct StreamingTests {
    /// This test's folder, removed when the test ends.
    let scratch = TemporaryDirectory()

    static let spamLine = "亚洲gv猛男gv无码男同短文| 国产精品无码亚洲精品2021| 久久精品国产亚洲av麻豆| 日韩欧美亚洲国产精品字幕久久久| 澳门新葡京娱乐城| 百家乐在线| 时时彩平台| 六合彩开奖直播"
    static let cleanLines = [
        "市政府召开常务会议研究部署城市更新工作",
        "会议强调，要坚持以人民为中心的发展思想，稳步推进老旧小区改造，切实改善群众居住条件。",
        "会议还研究了其他事项。各区县要抓好落实，确保各项任务按时完成。",
        "版权所有：某某市人民政府办公室 地址：人民路1号",
    ]

    static func html(injected: Bool) -> [UInt8] {
        var body = "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>市人民政府 - 新闻中心</title></head><body>\n"
        body += cleanLines.dropLast().map { "<p>\($0)</p>\n" }.joined()
        if injected { body += "<p>\(spamLine)</p>\n" }
        body += "<div>\(cleanLines.last!)</div></body></html>\n"
        return Array(body.utf8)
    }

    static func objects(_ output: String) throws -> [[String: Any]] {
        try output.split(separator: "\n").map {
            try #require(JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])
        }
    }

    static func crawl(compressed: Bool) -> WARCBuilder {
        var builder = WARCBuilder(compressed: compressed)
        builder.append(type: "warcinfo", uri: nil, block: Array("software: chaff-tests\r\n".utf8))
        builder.append(type: "request", uri: "http://example.gov/a.html", block: Array("GET /a.html HTTP/1.1\r\n\r\n".utf8))
        builder.append(type: "response", uri: "http://example.gov/a.html",
                       block: WARCBuilder.http(headers: ["Content-Type: text/html; charset=utf-8"], body: html(injected: true)))
        builder.append(type: "response", uri: "http://example.gov/b.html",
                       block: WARCBuilder.http(headers: ["Content-Type: text/html", "Content-Encoding: gzip"],
                                               body: WARCBuilder.gzip(html(injected: false))))
        builder.append(type: "response", uri: "http://example.gov/logo.png",
                       block: WARCBuilder.http(headers: ["Content-Type: image/png"], body: [0x89, 0x50, 0x4E, 0x47]))
        builder.appendRaw(Array("WARC/1.0\r\nthis line has no colon\r\nContent-Length: 3\r\n\r\nabc\r\n\r\n".utf8))
        builder.append(type: "response", uri: "http://example.gov/notes.txt",
                       block: WARCBuilder.http(status: "404 Not Found", headers: ["Content-Type: text/plain; charset=utf-8"],
                                               body: Array((cleanLines + [spamLine]).joined(separator: "\n").utf8)))
        return builder
    }

    @Test(arguments: [false, true])
    func warcRecordsAreScored(compressed: Bool) throws {
        let builder = Self.crawl(compressed: compressed)
        let path = try builder.write(to: scratch.file(compressed ? "crawl.warc.gz" : "crawl.warc"))
        // One thread for plain files, several for gzip: the order of the reports must not change.
        let result = try ChaffBinary.run(["score", "--warc", "--jobs", compressed ? "4" : "1", path])
        #expect(result.status == 1, "a malformed record makes the status 1: \(result.error)")
        let reports = try Self.objects(result.output)
        #expect(reports.map { $0["url"] as? String } == ["http://example.gov/a.html", "http://example.gov/b.html",
                                                          "http://example.gov/notes.txt"])
        #expect(reports.map { $0["source"] as? String } == reports.map { $0["url"] as? String })
        #expect(reports.map { $0["status"] as? Int } == [200, 200, 404])
        #expect(reports.map { $0["verdict"] as? String } == ["injected", "clean", "injected"])
        #expect(result.output.split(separator: "\n").allSatisfy { $0.hasPrefix("{\"url\":\"http://example.gov/") })
        #expect(result.error.contains("malformed record at byte \(builder.offsets[5])"), "\(result.error)")
        #expect(result.error.contains("1 WARC file: 6 records read, 3 scored (2 injected), 3 skipped, 1 malformed or truncated"),
                "\(result.error)")
        #expect(result.error.contains("request 1") && result.error.contains("warcinfo 1")
                && result.error.contains("response image/png 1"))
    }

    @Test func warcFromStandardInputAndTruncated() throws {
        let builder = Self.crawl(compressed: true)
        let cut = Array(builder.bytes[..<(builder.bytes.count - 40)])
        let result = try ChaffBinary.run(["score", "--input", "warc", "-"], input: Data(cut))
        #expect(result.status == 1)
        #expect(try Self.objects(result.output).count == 2)
        #expect(result.error.contains("-: truncated record at byte \(builder.offsets[6])"), "\(result.error)")
    }

    @Test func jsonLinesAnswerLineForLine() throws {
        let page = (Self.cleanLines + [Self.spamLine]).joined(separator: "\n")
        func quoted(_ text: String) -> String {
            String(decoding: try! JSONSerialization.data(withJSONObject: [text], options: []), as: UTF8.self)
                .dropFirst().dropLast().description
        }
        let input = [
            "{\"id\": \"p1\", \"text\": \(quoted(page))}",
            "{\"id\": 2, \"text\": \(quoted(Self.cleanLines.joined(separator: "\n")))}",
            "this is not JSON",
            "{\"url\": \"http://example.gov/a.html\", \"html\": \(quoted(String(decoding: Self.html(injected: true), as: UTF8.self)))}",
            "{\"id\": \"p5\"}",
            "{\"id\": \"p6\", \"lines\": \(String(decoding: try JSONSerialization.data(withJSONObject: Self.cleanLines), as: UTF8.self))}",
        ].joined(separator: "\n") + "\n"
        let result = try ChaffBinary.run(["score", "--input", "jsonl"], input: Data(input.utf8))
        #expect(result.status == 0, "bad lines are answered in-band: \(result.error)")
        let answers = try Self.objects(result.output)
        // Stop here rather than index past the end below.
        try #require(answers.count == 6, "one answer per input line: \(result.error)")
        #expect(answers.map { $0["id"] as? String } == ["p1", nil, nil, nil, "p5", "p6"])
        #expect(answers[1]["id"] as? Int == 2)
        #expect(answers[3]["url"] as? String == "http://example.gov/a.html")
        #expect(answers.map { $0["verdict"] as? String } == ["injected", "clean", nil, "injected", nil, "clean"])
        #expect(answers[2]["error"] as? String != nil && answers[2]["id"] is NSNull)
        #expect(answers[4]["error"] as? String == "no 'text', 'html' or 'lines' field")
        #expect(result.error.contains("<stdin>:3: invalid JSON"))
        #expect(result.error.contains("<stdin>:5: no 'text'"))
        #expect(result.output.hasPrefix("{\"id\":\"p1\",\"source\":\"p1\",\"verdict\":"))

        // The same page as a file gives the same report.
        let directory = scratch.url
        let file = scratch.file("p1")
        try (page + "\n").write(to: file, atomically: true, encoding: .utf8)
        let single = try ChaffBinary.run(["score", "--format", "jsonl", file.path], directory: directory)
        let expected = single.output.replacingOccurrences(of: "\"source\":\"\(file.path)\"", with: "\"source\":\"p1\"")
        #expect("{\"id\":\"p1\"," + expected.dropFirst() == String(result.output.split(separator: "\n").first ?? "") + "\n")

        // A page given as "lines" (scored from the scanner's bytes) gets the
        // report of the same lines in a file.
        let linesFile = scratch.file("p6")
        try (Self.cleanLines.joined(separator: "\n") + "\n").write(to: linesFile, atomically: true, encoding: .utf8)
        let fromFile = try ChaffBinary.run(["score", "--format", "jsonl", linesFile.path], directory: directory)
        let expectedLines = fromFile.output.replacingOccurrences(of: "\"source\":\"\(linesFile.path)\"", with: "\"source\":\"p6\"")
        #expect("{\"id\":\"p6\"," + expectedLines.dropFirst() == String(result.output.split(separator: "\n").last ?? "") + "\n")
    }

    /// A `chaff score --input jsonl` worker on pipes, as a pipeline runs it,
    /// killed by a watchdog after a minute: a worker that waits for input it
    /// should not need hangs the test, and fails it, instead of the suite.
    struct Worker {
        let process = Process()
        let input = Pipe(), output = Pipe()
        private let watchdog: DispatchWorkItem

        init() throws {
            // A worker that dies early must fail the test, not kill the test
            // runner with SIGPIPE when the next line is written to it.
            signal(SIGPIPE, SIG_IGN)
            process.executableURL = ChaffBinary.url
            process.arguments = ["score", "--input", "jsonl"]
            var environment = ProcessInfo.processInfo.environment
            environment.removeValue(forKey: "CHAFF_MODEL")
            process.environment = environment
            process.standardInput = input
            process.standardOutput = output
            process.standardError = FileHandle.nullDevice
            try process.run()
            // (SIGKILL: children of the test runner start with SIGTERM blocked.)
            let process = self.process
            watchdog = DispatchWorkItem { if process.isRunning { kill(process.processIdentifier, SIGKILL) } }
            DispatchQueue.global().asyncAfter(deadline: .now() + 60, execute: watchdog)
        }

        /// Writes request `id` (one short page).
        func send(_ id: Int) throws {
            try input.fileHandleForWriting.write(contentsOf: Data("{\"id\": \(id), \"text\": \"市政府召开常务会议\"}\n".utf8))
        }

        /// Reads until `received` holds `lines` whole lines (or the output ends).
        func read(into received: inout String, lines: Int) {
            while received.filter({ $0 == "\n" }).count < lines {
                let data = output.fileHandleForReading.availableData
                if data.isEmpty { break }
                received += String(decoding: data, as: UTF8.self)
            }
        }

        /// Waits for the worker to end, and stops the watchdog.
        func wait() {
            process.waitUntilExit()
            watchdog.cancel()
        }
    }

    @Test func jsonLinesWorkerAnswersBeforeTheNextLine() throws {
        let worker = try Worker()
        var received = ""
        for index in 1...3 {
            try worker.send(index)
            worker.read(into: &received, lines: index)
            #expect(received.split(separator: "\n").count == index)
            #expect(received.hasPrefix("{\"id\":1,"))
        }
        try worker.input.fileHandleForWriting.close()
        worker.wait()
        #expect(worker.process.terminationStatus == 0)
    }

    @Test func aWorkerWhoseReaderGoesAwayStops() throws {
        let worker = try Worker()
        var received = ""
        try worker.send(1)
        worker.read(into: &received, lines: 1)
        #expect(received.hasPrefix("{\"id\":1,"))
        // The reader goes away, and the next answer has nowhere to go. Standard
        // input stays open: a worker that went on reading would wait for ever.
        try worker.output.fileHandleForReading.close()
        try? worker.send(2)
        worker.wait()
        #expect(worker.process.terminationReason == .uncaughtSignal)
        #expect(worker.process.terminationStatus == SIGPIPE)
        try? worker.input.fileHandleForWriting.close()
    }

    @Test(.enabled(if: FileManager.default.fileExists(atPath: "/dev/full"), "needs /dev/full, a device that is always full"))
    func aFullDiskIsAnErrorNotASilentLoss() throws {
        let directory = TemporaryDirectory()
        let page = directory.file("page.txt")
        try Data("市政府召开常务会议\n".utf8).write(to: page)
        let process = Process()
        process.executableURL = ChaffBinary.url
        process.arguments = ["score", "--format", "jsonl", page.path]
        var environment = ProcessInfo.processInfo.environment
        environment.removeValue(forKey: "CHAFF_MODEL")
        process.environment = environment
        process.standardOutput = try #require(FileHandle(forWritingAtPath: "/dev/full"))
        let error = Pipe()
        process.standardError = error
        try process.run()
        let message = String(decoding: error.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 1)
        #expect(message.contains("Error: cannot write to standard output: No space left on device"))
    }

    @Test(arguments: [
        ["score", "--warc", "--input", "jsonl"], ["score", "--warc", "--format", "text", "x.warc"],
        ["score", "--input", "jsonl", "--as", "html"], ["score", "--input", "xml"], ["score", "--warc", "--jobs", "0", "x.warc"],
    ])
    func conflictingOptionsAreUsageErrors(arguments: [String]) throws {
        let result = try ChaffBinary.run(arguments)
        #expect(result.status == 64, "\(arguments) → \(result.error)")
    }
}
