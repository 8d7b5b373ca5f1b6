import Chaff
import Foundation

extension ScoreCommand {
    /// What became of one file: its report, ready to write, or why it has none.
    enum FileOutcome: Sendable {
        /// A report rendered as this run's format asks (text, json or jsonl).
        case rendered(String)
        /// A report for the HTML document, whose renderer numbers the pages
        /// and lists them at the end, so it renders on the writing thread.
        case scored(PageReport, PageInputs.Page, explanations: [LineExplanation]?)
        /// Not scored, with a note: binary data found in a folder.
        case skipped(String)
        /// Not scored: the file could not be read.
        case failed(String)
    }

    /// Scores the files and folders named on the command line (the default mode).
    ///
    /// Files are read and scored on up to `jobs` threads, each with its own
    /// line cache; reports and diagnostics are written in input order, so the
    /// output does not depend on `jobs`.
    func scoreFiles(_ console: Console) -> Int32 {
        guard let model = ModelLocator.load(explicit: model, console: console) else { return ExitCode.failure }
        let scorer = scorer(for: model)
        var status = ExitCode.success
        let inputs = PageInputs.expand(paths) { path, reason in
            console.error("Error: cannot read '\(path)': \(reason)")
            status = ExitCode.failure
        } emptyFolder: { path in
            console.error("Note: no files in '\(path)'")
        }
        var jsonReports: [String] = []
        var htmlRenderer = HTMLReportRenderer(threshold: threshold)
        if format == .html { console.write(htmlRenderer.header()) }
        // Pages of one site share menus and footers: each thread features each once.
        let caches = LineCachePool(byteLimit: lineCacheBytes)
        // Counted on a terminal, unless the reports go there too.
        let showsProgress = inputs.count > 1 && !console.outputIsTerminal
        let colors = console.outputIsTerminal
        let command = self
        OrderedScoring.stream(count: inputs.count, jobs: jobs, window: 8 * jobs, caches: caches) { index, cache in
            command.outcome(of: inputs[index], scorer: scorer, colors: colors, cache: &cache)
        } deliver: { index, outcome in
            switch outcome {
            case .rendered(let text):
                if format == .json { jsonReports.append(text) } else { console.write(text) }
            case .scored(let report, let page, let explanations):
                console.write(htmlRenderer.section(report, lines: page.lines, explanations: explanations, decoding: page.decodingNote))
            case .skipped(let note):
                console.error(note)
            case .failed(let message):
                console.error(message)
                status = ExitCode.failure
            }
            if showsProgress && (index + 1) % 100 == 0 { console.progress("\(index + 1) of \(inputs.count) files") }
        }
        if showsProgress { console.endProgress() }
        noteShrunkCaches(caches, console: console)
        switch format {
        case .json:
            if jsonReports.count == 1 && paths.count == 1 && inputs.count == 1 {
                console.line(jsonReports[0])
            } else {
                console.line("[" + jsonReports.joined(separator: ",\n") + "]")
            }
        case .html: console.write(htmlRenderer.footer())
        case .text, .jsonl: break
        }
        return status
    }

    /// Reads and scores one file, and renders its report unless the format
    /// is HTML (`colors`: the text format's, for a terminal); runs on any thread.
    private func outcome(
        of input: PageInputs.Input, scorer: PageScorer, colors: Bool, cache: inout PageScorer.LineCache
    ) -> FileOutcome {
        let report: PageReport
        let page: PageInputs.Page
        do {
            (report, page) = try PageInputs.score(input.path, kind: forcedKind, charset: charset, scorer: scorer, cache: &cache)
        } catch let error as PageInputs.BinaryData where input.foundInFolder {
            return .skipped("Note: skipped '\(input.path)': \(error)")
        } catch {
            return .failed("Error: cannot read '\(input.path)': \(error)")
        }
        let explanations = explain ? page.explanations(by: scorer) : nil
        switch format {
        case .jsonl: return .rendered(report.json(cleanedText: cleanedText ? page.cleanedText(for: report) : nil) + "\n")
        case .json: return .rendered(report.json(cleanedText: cleanedText ? page.cleanedText(for: report) : nil))
        case .text:
            let renderer = TextReportRenderer(colors: colors)
            return .rendered(renderer.render(report, lines: page.lines, explanations: explanations, decoding: page.decodingNote))
        case .html: return .scored(report, page, explanations: explanations)
        }
    }
}
