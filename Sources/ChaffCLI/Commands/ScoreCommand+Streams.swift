import Chaff
import Foundation

/// Where `chaff score` reads pages from.
enum InputMode: String {
    /// Files and folders named on the command line (the default).
    case files
    /// WARC files: every `response` record with an HTML or text payload.
    case warc
    /// JSON Lines, one page per line, answered line by line.
    case jsonl
}

extension ScoreCommand {
    /// `--input` and `--warc`, checked against the options they exclude.
    static func inputMode(_ arguments: ParsedArguments) throws(UsageError) -> InputMode {
        var mode = InputMode(rawValue: try arguments.choice("--input", ["files", "warc", "jsonl"], command: name) ?? "files")!
        if arguments.flag("--warc") {
            guard mode == .files || mode == .warc else {
                throw UsageError(message: "'--warc' cannot be combined with '--input \(mode.rawValue)'", command: name)
            }
            mode = .warc
        }
        guard mode != .files else { return mode }
        let option = mode == .warc ? "--warc" : "--input jsonl"
        if let format = arguments.value("--format"), format != "jsonl" {
            throw UsageError(message: "'\(option)' writes jsonl; '--format \(format)' is not supported with it", command: name)
        }
        if arguments.value("--as") != nil {
            throw UsageError(message: "'--as' cannot be combined with '\(option)'", command: name)
        }
        if arguments.value("--charset") != nil {
            // A WARC record's charset is in its own Content-Type; JSON is UTF-8.
            throw UsageError(message: "'--charset' cannot be combined with '\(option)'", command: name)
        }
        return mode
    }

    /// Runs the `--warc` and `--input jsonl` modes.
    func runStream(_ console: Console) -> Int32 {
        guard let model = ModelLocator.load(explicit: model, console: console) else { return ExitCode.failure }
        let scorer = scorer(for: model)
        switch input {
        case .files, .warc: return scoreArchives(scorer: scorer, console: console)
        case .jsonl: return scoreJSONLines(scorer: scorer, console: console)
        }
    }

    // MARK: - WARC

    /// Scores every HTML or text `response` record of the WARC files.
    ///
    /// Records are read, inflated and parsed on a thread of their own, up to
    /// eight per scoring thread (and 64 MiB of bodies) ahead of the reports
    /// written, and scored on up to `jobs` threads with the one shared scorer,
    /// each with its own line cache; reports and warnings are written in file
    /// order.
    func scoreArchives(scorer: PageScorer, console: Console) -> Int32 {
        var summary = WARCSummary()
        // The pages of one site, crawled together, share their menus and footers.
        let caches = LineCachePool(byteLimit: lineCacheBytes)
        let cleanedText = self.cleanedText
        for path in paths {
            summary.files += 1
            do throws(WARCError) {
                try OrderedScoring.stream(jobs: jobs, window: 8 * jobs, byteWindow: 64 << 20, caches: caches) { add throws(WARCError) in
                    let reader = path == "-" ? try WARCReader(descriptor: 0, name: "-") : try WARCReader(path: path)
                    for element in reader {
                        let record = ArchiveRecord(element)
                        add(record, record.bytes)
                    }
                } work: { record, cache in
                    record.scored(by: scorer, cleanedText: cleanedText, cache: &cache)
                } deliver: { record in
                    switch record {
                    case .problem(let problem):
                        console.error("Warning: \(problem)")
                        summary.problems += 1
                        return
                    case .skipped(let reason):
                        summary.records += 1
                        summary.skip(reason)
                    case .malformedResponse(let problem):
                        summary.records += 1
                        console.error("Warning: \(problem)")
                        summary.problems += 1
                    case .page:
                        preconditionFailure("every page is scored before it is delivered")
                    case .report(let json, let injected):
                        summary.records += 1
                        summary.scored += 1
                        if injected { summary.injected += 1 }
                        console.line(json)
                    }
                    if summary.records % 1000 == 0 {
                        console.progress("\(path): \(summary.records) records, \(summary.scored) scored")
                    }
                } whenWaiting: {}
            } catch {
                console.error("Error: \(error)")
                summary.problems += 1
            }
            console.endProgress()
        }
        console.flush()
        noteShrunkCaches(caches, console: console)
        console.error(summary.text)
        return summary.problems == 0 ? ExitCode.success : ExitCode.failure
    }

    // MARK: - JSON Lines

    /// Answers each input line with one output line, in order, flushed at once.
    ///
    /// Lines are read on a thread of their own while up to `jobs` threads,
    /// each with its own line cache, score the lines read before them (up to
    /// 32 lines per job and 64 MiB in flight), and the answers are written in
    /// input order, so they do not depend on `jobs`. Whatever is written is
    /// flushed before waiting for the next answer: a worker fed one line at a
    /// time answers each before the next arrives.
    func scoreJSONLines(scorer: PageScorer, console: Console) -> Int32 {
        var status = ExitCode.success
        // A stream of one site's pages repeats their menus and footers: each thread features each once.
        let caches = LineCachePool(byteLimit: lineCacheBytes)
        let command = self
        for path in paths {
            do {
                try InputFile.withDescriptor(path) { descriptor in
                    // The lines read before the end, or before a read error, are answered.
                    defer { console.flush() }
                    try OrderedScoring.stream(jobs: jobs, window: 32 * jobs, byteWindow: 64 << 20, caches: caches) { add in
                        try StreamLineReader(descriptor: descriptor).forEachLine { line, number, overflowed in
                            add((line: Array(line), number: number, overflowed: overflowed), line.count)
                        }
                    } work: { request, cache in
                        command.answer(request.line[...], number: request.number, overflowed: request.overflowed,
                                       path: path, scorer: scorer, cache: &cache)
                    } deliver: { answer in
                        if let problem = answer.problem { console.error(problem) }
                        console.line(answer.json)
                    } whenWaiting: {
                        console.flush()
                    }
                }
            } catch {
                console.error("Error: cannot read '\(path)': \(error)")
                status = ExitCode.failure
            }
        }
        noteShrunkCaches(caches, console: console)
        return status
    }

    /// One line's answer, and the problem to report on standard error when
    /// the line could not be used; runs on any thread.
    private func answer(_ line: ArraySlice<UInt8>, number: Int, overflowed: Bool, path: String,
                        scorer: PageScorer, cache: inout PageScorer.LineCache) -> (json: String, problem: String?) {
        let parsed = overflowed
            ? .failure(PageRequest.Failure(message: "line longer than \(StreamLineReader(descriptor: 0).maximumLineBytes) bytes"))
            : PageRequest.parse(line)
        switch parsed {
        case .failure(let failure):
            let problem = "Error: \(path == "-" ? "<stdin>" : path):\(number): \(failure.message)"
            var writer = JSONWriter()
            writer.raw("{")
            writer.key("id")
            writer.raw(failure.idJSON ?? "null")
            if let url = failure.url {
                writer.raw(",")
                writer.key("url")
                writer.string(url)
            }
            writer.raw(",")
            writer.key("error")
            writer.string(failure.message)
            writer.raw("}")
            return (writer.text, problem)
        case .success(let request):
            let source = request.source(line: number)
            let report: PageReport
            let text: String?
            switch request.content {
            case .text(let page):
                let lines = UTF8Lines(Array(page.utf8))
                report = scorer.score(lines: lines, source: source, cache: &cache)
                text = cleanedText ? report.cleanedText(of: lines) : nil
            case .lines(let lines):
                report = scorer.score(lines: lines, source: source, cache: &cache)
                text = cleanedText ? report.cleanedText(of: lines) : nil
            case .html(let html):
                let host = request.url.flatMap { URLComponents(string: $0)?.host?.lowercased() }
                let document = HTMLDocument(html: html, siteHost: host)
                report = scorer.score(document: document, source: source, cache: &cache)
                text = cleanedText ? report.cleanedText(of: document) : nil
            }
            return (report.json(extra: request.extraFields, cleanedText: text), nil)
        }
    }
}
