import ChaffTestSupport
import Foundation
import Testing

@Suite struct EndToEndTests {
    /// This test's folder, removed when the test ends.
    let scratch = TemporaryDirectory()

    /// Trains a model on a small corpus into ``scratch``.
    func trainedModel() throws -> (directory: URL, model: URL) {
        let directory = scratch.url
        let corpus = try ChaffBinary.writeCorpus(in: directory)
        let model = directory.appendingPathComponent("m.chaffmodel")
        let result = try ChaffBinary.run(["train", "--out", model.path, corpus.path])
        #expect(result.status == 0, "\(result.error)")
        #expect(result.error.contains("injected lines"))
        return (directory, model)
    }

    @Test func trainScoreAndInspect() throws {
        let (directory, model) = try trainedModel()
        let page = directory.appendingPathComponent("page.txt")
        try "市政府召开常务会议研究部署城市更新工作。\n\n亚洲精品无码在线观看| 国产精品视频免费| 日韩无码高清在线\n".write(to: page, atomically: true, encoding: .utf8)
        let result = try ChaffBinary.run(["score", "--model", model.path, "--format", "jsonl", page.path])
        #expect(result.status == 0)
        let reports = result.output.split(separator: "\n")
        #expect(reports.count == 1)
        let report = try #require(JSONSerialization.jsonObject(with: Data(reports[0].utf8)) as? [String: Any])
        #expect(report["verdict"] as? String == "injected")
        #expect(report["source"] as? String == page.path)
        let lines = try #require(report["lines"] as? [[String: Any]])
        #expect(lines.map { $0["number"] as? Int } == [1, 2, 3])
        #expect(lines.map { $0["injected"] as? Bool } == [false, false, true])
        let blocks = try #require(report["blocks"] as? [[String: Any]])
        #expect(blocks.count == 1 && blocks[0]["firstLine"] as? Int == 3 && blocks[0]["lastLine"] as? Int == 3)
        #expect((blocks[0]["reasons"] as? [String])?.isEmpty == false)

        let text = try ChaffBinary.run(["score", "--model", model.path, page.path])
        #expect(text.output.contains("INJECTED"))
        #expect(text.output.contains("▶ 3"))

        let inspect = try ChaffBinary.run(["inspect", model.path])
        #expect(inspect.status == 0)
        #expect(inspect.output.contains("format version 4"))
        #expect(inspect.output.contains("top spam features"))
    }

    @Test func noReasonsLeavesTheReasonsOutAndNothingElse() throws {
        let (directory, model) = try trainedModel()
        let page = directory.appendingPathComponent("page.txt")
        try "市政府召开常务会议研究部署城市更新工作。\n亚洲精品无码在线观看| 国产精品视频免费| 日韩无码高清在线\n".write(to: page, atomically: true, encoding: .utf8)
        func report(_ options: [String]) throws -> [String: Any] {
            let result = try ChaffBinary.run(["score", "--model", model.path, "--format", "json", "--cleaned-text"] + options + [page.path])
            #expect(result.status == 0, "\(result.error)")
            return try #require(JSONSerialization.jsonObject(with: Data(result.output.utf8)) as? [String: Any])
        }
        var full = try report([])
        let bare = try report(["--no-reasons"])
        var blocks = try #require(full["blocks"] as? [[String: Any]])
        try #require(blocks.count == 1)
        #expect((blocks[0]["reasons"] as? [String])?.isEmpty == false)
        #expect((bare["blocks"] as? [[String: Any]])?.first?["reasons"] as? [String] == [])
        blocks[0]["reasons"] = [String]()
        full["blocks"] = blocks
        #expect(NSDictionary(dictionary: full).isEqual(to: bare))

        // The text report names the block without an empty list of reasons.
        let text = try ChaffBinary.run(["score", "--model", model.path, "--no-reasons", page.path])
        let blockLine = try #require(text.output.split(separator: "\n").first { $0.hasPrefix("block ") })
        #expect(blockLine.contains(", score "))
        #expect(!blockLine.contains(":"))
    }

    @Test func trainingTwiceWritesIdenticalFiles() throws {
        let directory = scratch.url
        let corpus = try ChaffBinary.writeCorpus(in: directory)
        let a = directory.appendingPathComponent("a.chaffmodel")
        let b = directory.appendingPathComponent("b.chaffmodel")
        _ = try ChaffBinary.run(["train", "-q", "--out", a.path, corpus.path])
        _ = try ChaffBinary.run(["train", "-q", "--out", b.path, corpus.path])
        #expect(try Data(contentsOf: a) == Data(contentsOf: b))
    }

    @Test func standardInputAndEmptyPages() throws {
        let (_, model) = try trainedModel()
        let piped = try ChaffBinary.run(["score", "--model", model.path, "--format", "json"], input: Data("a\r\nb\rc".utf8))
        #expect(piped.status == 0)
        let report = try #require(JSONSerialization.jsonObject(with: Data(piped.output.utf8)) as? [String: Any])
        #expect((report["lines"] as? [Any])?.count == 3)
        #expect(report["source"] as? String == "-")

        let empty = try ChaffBinary.run(["score", "--model", model.path, "--format", "json", "-"], input: Data())
        let emptyReport = try #require(JSONSerialization.jsonObject(with: Data(empty.output.utf8)) as? [String: Any])
        #expect((emptyReport["lines"] as? [Any])?.isEmpty == true)
        #expect(emptyReport["verdict"] as? String == "clean")
    }

    @Test func unreadableFilesAreReportedAndTheRestScored() throws {
        let (directory, model) = try trainedModel()
        let pages = directory.appendingPathComponent("pages")
        try FileManager.default.createDirectory(at: pages, withIntermediateDirectories: true)
        try "首页 | 新闻中心\n".write(to: pages.appendingPathComponent("a.txt"), atomically: true, encoding: .utf8)
        try Data([0x00, 0xFF, 0xFE, 0x80, 0x0A, 0xC3]).write(to: pages.appendingPathComponent("binary.bin"))
        try FileManager.default.createSymbolicLink(atPath: pages.appendingPathComponent("broken.txt").path,
                                                   withDestinationPath: "/nonexistent/target")
        let result = try ChaffBinary.run(["score", "--model", model.path, "--format", "jsonl", pages.path])
        #expect(result.status == 1)
        #expect(result.error.contains("broken.txt"))
        // Binary data found in a folder is skipped with a note.
        #expect(result.error.contains("Note: skipped '\(pages.path)/binary.bin': binary data"))
        #expect(result.output.split(separator: "\n").count == 1)
    }

    @Test func aHundredMegabyteLineIsScoredInBoundedMemory() throws {
        let (directory, model) = try trainedModel()
        let page = directory.appendingPathComponent("huge.txt")
        _ = FileManager.default.createFile(atPath: page.path, contents: nil)
        let handle = try FileHandle(forWritingTo: page)
        let chunk = Data(String(repeating: "亚洲精品|", count: 1 << 16).utf8)  // ~850 KB
        for _ in 0..<120 { handle.write(chunk) }
        try handle.close()
        let result = try ChaffBinary.run(["score", "--model", model.path, "--format", "jsonl", page.path])
        #expect(result.status == 0)
        let report = try #require(JSONSerialization.jsonObject(with: Data(result.output.utf8)) as? [String: Any])
        #expect((report["lines"] as? [Any])?.count == 1)
    }

    @Test func damagedModelsGiveAClearError() throws {
        let (directory, model) = try trainedModel()
        var bytes = try Data(contentsOf: model)
        bytes.removeLast(100)
        let damaged = directory.appendingPathComponent("damaged.chaffmodel")
        try bytes.write(to: damaged)
        let result = try ChaffBinary.run(["score", "--model", damaged.path, "-"], input: Data("x\n".utf8))
        #expect(result.status == 1)
        #expect(result.error.contains("damaged.chaffmodel"))
        #expect(result.error.contains("truncated"))

        let notModel = try ChaffBinary.run(["inspect", directory.appendingPathComponent("corpus.jsonl").path])
        #expect(notModel.status == 1)
        #expect(notModel.error.contains("is not a Chaff model file"))
    }

    @Test func aDamagedSampleStillScoresButCannotBeMergedOrInspected() throws {
        let (directory, model) = try trainedModel()
        var bytes = try Data(contentsOf: model)
        // The calibration sample (SMPL) is the last section; damage a byte
        // just before the 16-byte trailer and its padding.
        bytes[bytes.count - 40] ^= 0x10
        let damaged = directory.appendingPathComponent("damaged.chaffmodel")
        try bytes.write(to: damaged)
        let scored = try ChaffBinary.run(["score", "--model", damaged.path, "-"], input: Data("x\n".utf8))
        #expect(scored.status == 0)
        for arguments in [["inspect", damaged.path], ["merge", "--out", directory.appendingPathComponent("m.chaffmodel").path, damaged.path, model.path]] {
            let result = try ChaffBinary.run(arguments)
            #expect(result.status == 1)
            #expect(result.error.contains("damaged.chaffmodel' is damaged: section 'SMPL' checksum"))
        }
    }

    @Test func badTrainingDataSaysWhere() throws {
        let directory = scratch.url
        let bad = directory.appendingPathComponent("bad.jsonl")
        try "{\"id\": \"a\", \"lines\": [\"x\"], \"labels\": [0]}\n{\"id\": \"b\", \"lines\": [\"x\", \"y\"], \"labels\": [1]}\n"
            .write(to: bad, atomically: true, encoding: .utf8)
        let result = try ChaffBinary.run(["train", "--out", directory.appendingPathComponent("m").path, bad.path])
        #expect(result.status == 1)
        #expect(result.error.contains("bad.jsonl:2: 2 lines but 1 labels"))
        #expect(!FileManager.default.fileExists(atPath: directory.appendingPathComponent("m").path))
    }

    @Test func trainingOnSeveralThreadsWritesTheSameModel() throws {
        let directory = scratch.url
        let data = directory.appendingPathComponent("data")
        try FileManager.default.createDirectory(at: data, withIntermediateDirectories: true)
        // Three files, so that reading is split between threads too.
        let records = try String(contentsOf: ChaffBinary.writeCorpus(in: directory), encoding: .utf8).split(separator: "\n")
        for (index, part) in [records[0..<12], records[12..<20], records[20...]].enumerated() {
            try (part.joined(separator: "\n") + "\n").write(
                to: data.appendingPathComponent("part\(index).jsonl"), atomically: true, encoding: .utf8)
        }
        var models: [Data] = []
        for jobs in ["1", "3"] {
            let model = directory.appendingPathComponent("jobs\(jobs).chaffmodel")
            let result = try ChaffBinary.run(["train", "--quiet", "--jobs", jobs, "--out", model.path, data.path])
            #expect(result.status == 0, "\(result.error)")
            models.append(try Data(contentsOf: model))
        }
        #expect(models[0] == models[1])
        let bad = try ChaffBinary.run(["train", "--jobs", "0", data.path])
        #expect(bad.status == 64)  // EX_USAGE, as for every usage error
        #expect(bad.error.contains("--jobs"))
    }

    @Test func ofSeveralBadFilesTheFirstIsReported() throws {
        let directory = scratch.url
        let good = "{\"id\": \"a\", \"lines\": [\"x\"], \"labels\": [0]}\n"
        let bad = "{\"id\": \"b\", \"lines\": [\"x\", \"y\"], \"labels\": [1]}\n"
        try good.write(to: directory.appendingPathComponent("a.jsonl"), atomically: true, encoding: .utf8)
        try bad.write(to: directory.appendingPathComponent("b.jsonl"), atomically: true, encoding: .utf8)
        try bad.write(to: directory.appendingPathComponent("c.jsonl"), atomically: true, encoding: .utf8)
        let result = try ChaffBinary.run(["train", "--jobs", "3", "--out", directory.appendingPathComponent("m").path, directory.path])
        #expect(result.status == 1)
        #expect(result.error.contains("b.jsonl:1: 2 lines but 1 labels"), "\(result.error)")
        #expect(!result.error.contains("c.jsonl"))
    }

    @Test func trainingWarnsAboutConflictingLabelsUnlessQuiet() throws {
        let directory = scratch.url
        let data = directory.appendingPathComponent("conflict.tsv")
        try "spam\tcheap replica watches\nham\tcheap replica watches\nham\tthe council met on tuesday\n"
            .write(to: data, atomically: true, encoding: .utf8)
        let loud = try ChaffBinary.run(["train", "--out", directory.appendingPathComponent("a").path, data.path])
        #expect(loud.status == 0, "\(loud.error)")
        #expect(loud.error.contains("warning: 'cheap replica watches' is labeled legit"))
        let quiet = try ChaffBinary.run(["train", "--quiet", "--out", directory.appendingPathComponent("b").path, data.path])
        #expect(quiet.status == 0, "\(quiet.error)")
        #expect(quiet.error.isEmpty, "--quiet printed: \(quiet.error)")
        #expect(FileManager.default.fileExists(atPath: directory.appendingPathComponent("b").path))
    }

    @Test func evalAndCrossValidationReportTheFigures() throws {
        let (directory, model) = try trainedModel()
        let corpus = directory.appendingPathComponent("corpus.jsonl")
        let eval = try ChaffBinary.run(["eval", "--model", model.path, "--format", "json", corpus.path])
        #expect(eval.status == 0)
        let figures = try #require(JSONSerialization.jsonObject(with: Data(eval.output.utf8)) as? [String: Any])
        let overall = try #require(figures["overall"] as? [String: Any])
        #expect(overall["pages"] as? Int == 30)
        #expect((overall["line_f1"] as? Double ?? 0) > 0.9)

        let folds = try ChaffBinary.run(["eval", "--folds", "3", corpus.path])
        #expect(folds.status == 0)
        #expect(folds.output.contains("3-fold cross-validation"))
    }

    @Test func evalListsWhatItGotWrong() throws {
        // A clean page with a keyword line labeled legit (a false alarm), and an
        // injected page whose "injected" line is an ordinary sentence (missed).
        let pages = [
            #"{"id": "alarm", "lang": "zh", "lines": ["市政府召开常务会议研究部署城市更新工作。", "亚洲精品无码在线观看| 国产精品视频免费| 日韩无码高清在线| 久久精品国产亚洲"], "labels": [0, 0]}"#,
            #"{"id": "missed", "lines": ["市政府召开常务会议研究部署城市更新工作。", "会议还研究了其他事项。各区县要抓好落实，确保各项任务按时完成。"], "labels": [0, 1]}"#,
        ].joined(separator: "\n") + "\n"
        let file = scratch.url.appendingPathComponent("mistakes.jsonl")
        try Data(pages.utf8).write(to: file)
        let text = try ChaffBinary.run(["eval", "--errors", "5", file.path])
        #expect(text.status == 0, "\(text.error)")
        #expect(text.output.contains("false alarms: 1 page without injection with a line flagged:\n  alarm (lang=zh)\n"))
        #expect(text.output.contains("undetected: 1 injected page without an injected line flagged:\n  missed\n"))
        #expect(text.output.contains(" alarm:2  亚洲精品无码在线观看|"))
        #expect(text.output.contains(" missed:2  会议还研究了其他事项。"))

        let json = try ChaffBinary.run(["eval", "--errors", "0", "--format", "json", file.path])
        let figures = try #require(JSONSerialization.jsonObject(with: Data(json.output.utf8)) as? [String: Any])
        let errors = try #require(figures["errors"] as? [String: [String: Any]])
        #expect(errors["false_alarm_pages"]?["count"] as? Int == 1)
        #expect((errors["false_alarm_pages"]?["pages"] as? [Any])?.isEmpty == true, "--errors 0 counts, lists none")
        #expect(errors["false_negative_lines"]?["count"] as? Int == 1)
        #expect(try ChaffBinary.run(["eval", file.path]).output.contains("false alarms") == false)
    }

    @Test func mergedShardModelsEqualTheWholeModel() throws {
        let directory = scratch.url
        let corpus = try ChaffBinary.writeCorpus(in: directory)
        let lines = try String(contentsOf: corpus, encoding: .utf8).split(separator: "\n")
        try (lines[0..<12].joined(separator: "\n") + "\n").write(to: directory.appendingPathComponent("a.jsonl"), atomically: true, encoding: .utf8)
        try (lines[12...].joined(separator: "\n") + "\n").write(to: directory.appendingPathComponent("b.jsonl"), atomically: true, encoding: .utf8)
        func path(_ name: String) -> String { directory.appendingPathComponent(name).path }
        _ = try ChaffBinary.run(["train", "-q", "--out", path("whole.chaffmodel"), path("a.jsonl"), path("b.jsonl")])
        _ = try ChaffBinary.run(["train", "-q", "--out", path("a.chaffmodel"), path("a.jsonl")])
        _ = try ChaffBinary.run(["train", "-q", "--out", path("b.chaffmodel"), path("b.jsonl")])
        let merged = try ChaffBinary.run(["merge", "--out", path("merged.chaffmodel"), path("b.chaffmodel"), path("a.chaffmodel")])
        #expect(merged.status == 0)
        let whole = try ChaffBinary.run(["inspect", "--format", "json", path("whole.chaffmodel")])
        let combined = try ChaffBinary.run(["inspect", "--format", "json", path("merged.chaffmodel")])
        #expect(whole.status == 0 && combined.status == 0)
        #expect(try Data(contentsOf: URL(fileURLWithPath: path("whole.chaffmodel"))) == Data(contentsOf: URL(fileURLWithPath: path("merged.chaffmodel"))))
    }
}
