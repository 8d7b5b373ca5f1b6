import Chaff
import Foundation

/// `chaff train`: counts labeled data into a model file.
struct TrainCommand: Subcommand {
    static let name = "train"
    static let abstract = "Train a model from labeled lines (.tsv) and pages (.jsonl, .jsonl.gz)."
    static let usage = "chaff train [--out FILE] [--update MODEL] [--without FAMILY ...] [--jobs N] DATA..."
    static let help = """
        OVERVIEW: \(abstract)

        Counts the features of every labeled line into a naive Bayes model, fits the
        calibration on a held-out sample, and writes the model atomically. The same
        data always gives the same bytes.

        USAGE: \(usage)

        ARGUMENTS:
          DATA                  Files or folders (searched recursively) of labeled data:
                                .jsonl / .jsonl.gz pages, one JSON object per line:
                                  {"id": "p1", "lines": ["..."], "labels": [0, 1]}
                                .tsv lines: spam<TAB>text or ham<TAB>text ('#' comments).

        OPTIONS:
          -o, --out FILE        Where to write the model (default: chaff.chaffmodel).
          --update MODEL        Continue from MODEL: add DATA to its counts (incremental
                                training); MODEL's configuration is kept.
          --without FAMILY      Switch a feature family off: ngram, shape, context,
                                density or markup. Repeatable. For ablation studies.
          --smoothing ALPHA     Additive smoothing per feature and class (default 0.1):
                                larger values trust rare n-grams less.
          -j, --jobs N          Threads that read files and count pages (default: one
                                per core, at most 8). The model is the same for any N;
                                memory grows with N.
          -q, --quiet           Print nothing but errors: no summary, no warnings.
          -h, --help            Show help information.

        Prints the lines per class and warns about suspicious data (unless --quiet):
        a line labeled both ways, a class with no lines.

        EXAMPLES:
          chaff train --out my.chaffmodel TrainingData/
          chaff train --update my.chaffmodel --out my.chaffmodel new-labels.tsv

        """
    static let options = [
        OptionSpec(names: ["--out", "-o"], takesValue: true),
        OptionSpec(names: ["--update"], takesValue: true),
        OptionSpec(names: ["--without"], takesValue: true, repeatable: true),
        OptionSpec(names: ["--smoothing"], takesValue: true),
        OptionSpec(names: ["--quiet", "-q"], takesValue: false),
        OptionSpec(names: ["--jobs", "-j"], takesValue: true),
    ]

    let data: [String]
    let output: String
    let update: String?
    let without: [FeatureFamily]
    let quiet: Bool
    let jobs: Int
    let parameters: WeightTable.Parameters

    init(_ arguments: ParsedArguments) throws(UsageError) {
        data = arguments.positionals
        guard !data.isEmpty else { throw UsageError(message: "Missing expected argument '<data>'", command: Self.name) }
        output = arguments.value("--out") ?? "chaff.chaffmodel"
        update = arguments.value("--update")
        without = try CorpusLoading.families(arguments.all("--without"), command: Self.name)
        quiet = arguments.flag("--quiet")
        jobs = try arguments.integer("--jobs", in: 1...1024, command: Self.name) ?? Self.defaultJobs
        var parameters = WeightTable.Parameters()
        if let alpha = try arguments.double("--smoothing", in: 0.01...100, command: Self.name) { parameters.alpha = alpha }
        self.parameters = parameters
        if update != nil && !without.isEmpty {
            throw UsageError(message: "'--without' cannot be combined with '--update' (the model's configuration is kept)", command: Self.name)
        }
    }

    /// One thread per core, at most eight: each thread's shard holds counts
    /// and a line cache of its own (up to 32 MB), and beyond eight the merge
    /// and the shared memory bus take back most of what more threads give.
    static var defaultJobs: Int { min(ProcessInfo.processInfo.activeProcessorCount, 8) }

    func run(_ console: Console) -> Int32 {
        let started = Date()
        guard let pages = CorpusLoading.load(data, console: console, quiet: quiet, jobs: jobs) else { return ExitCode.failure }

        var trainer: ModelTrainer
        if let update {
            guard let model = ModelLocator.load(explicit: update, console: console) else { return ExitCode.failure }
            do {
                trainer = try ModelTrainer(continuing: model)
            } catch {
                console.error("Error: \(error)")
                return ExitCode.failure
            }
        } else {
            var configuration = FeatureConfiguration.standard
            for family in without { configuration = configuration.without(family) }
            trainer = ModelTrainer(configuration: configuration, parameters: parameters)
        }

        var bytes = 0
        var lastProgress = Date()
        trainer.add(pages, jobs: jobs) { done, doneBytes in
            bytes = doneBytes
            if !quiet && Date().timeIntervalSince(lastProgress) > 0.2 {
                console.progress("training: \(done)/\(pages.count) pages, \(doneBytes / 1_000_000) MB")
                lastProgress = Date()
            }
        }
        console.endProgress()
        let model = trainer.finish()
        // The check for lines labeled both ways reads only the pages: it runs
        // while the model is encoded and written. Quiet means errors only, and
        // the data warnings are not errors: then it does not run at all.
        let conflicts = quiet ? nil : Background { LabelConflicts(pages: pages) }
        do {
            try ModelFile.write(model, to: URL(fileURLWithPath: output))
        } catch {
            console.error("Error: \(error)")
            return ExitCode.failure
        }
        guard let conflicts else { return ExitCode.success }
        let meta = model.metadata
        let seconds = Date().timeIntervalSince(started)
        console.error("trained on \(counted(pages.count, "page")): \(counted(meta.injectedLines, "injected line")), \(counted(meta.legitLines, "legit line")) (model totals: \(counted(meta.pages, "page")))")
        console.error("\(counted(meta.features, "feature")), \(bytes / 1000) kB of text in \(JSONWriter.format(seconds, decimals: 1)) s; wrote \(output)")
        for warning in Self.warnings(conflicts: conflicts.value, model: model) { console.error("warning: \(warning)") }
        return ExitCode.success
    }

    /// Suspicious things about the data: lines labeled both ways, empty classes.
    static func warnings(conflicts: LabelConflicts, model: NaiveBayesModel) -> [String] {
        var warnings: [String] = []
        if model.metadata.injectedLines == 0 { warnings.append("no injected lines: the model cannot flag anything") }
        if model.metadata.legitLines == 0 { warnings.append("no legit lines: the model will flag everything") }
        warnings += conflicts.examples
        if conflicts.count > conflicts.examples.count {
            warnings.append("\(conflicts.count - conflicts.examples.count) more texts are labeled both ways")
        }
        return warnings
    }
}
