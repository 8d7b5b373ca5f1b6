import Chaff
import Foundation

// chaff-crawl: an example of embedding Chaff in a crawler. See docs/crawler.md.

signal(SIGPIPE, SIG_IGN)

func fail(_ message: String, status: Int32) -> Never {
    FileHandle.standardError.write(Data((message + "\n").utf8))
    exit(status)
}

let options: CrawlOptions
do {
    guard let parsed = try CrawlOptions.parse(Array(CommandLine.arguments.dropFirst())) else {
        print(CrawlOptions.help, terminator: "")
        exit(0)
    }
    options = parsed
} catch {
    fail("Error: \(error.message)\nUsage: \(CrawlOptions.usage)\n  See 'chaff-crawl --help' for more information.", status: 64)
}

// Load the model once; the one scorer is shared by every fetch task.
guard let modelURL = ModelFinder.locate(explicit: options.model) else {
    fail("Error: no model given and no default model found; use --model FILE or set CHAFF_MODEL", status: 1)
}
let scorer: PageScorer
do {
    let model = try ModelFile.read(modelURL)
    scorer = PageScorer(
        model: model, threshold: options.threshold ?? PageScorer.defaultThreshold, explainsBlocks: options.explainsBlocks)
} catch {
    fail("Error: \(error)", status: 1)
}

let sink: ReportSink
do {
    sink = try ReportSink(path: options.out)
} catch {
    fail("Error: cannot write '\(options.out ?? "-")': \(error.localizedDescription)", status: 1)
}

let (summary, startFetched) = await Crawler(options: options, scorer: scorer).run(sink: sink)
sink.close()
FileHandle.standardError.write(Data(summary.text.utf8))
exit(startFetched ? 0 : 1)
