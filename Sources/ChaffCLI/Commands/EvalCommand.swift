import Chaff
import Foundation

/// `chaff eval`: measures a model on labeled pages, or cross-validates.
struct EvalCommand: Subcommand {
    static let name = "eval"
    static let abstract = "Measure line and page quality on labeled data, or cross-validate."
    static let usage = "chaff eval [--model FILE | --train DATA ... | --folds K] [--without FAMILY ...] [--threshold P] [--errors N] [--format text|json] DATA..."
    static let help = """
        OVERVIEW: \(abstract)

        Scores every labeled page and compares the flags with the labels:
          line precision, recall, F1   of flagged lines against injected lines
          ROC AUC                      of line scores
          page detection rate          injected pages with at least one injected line flagged
          page false-alarm rate        pages without injection with any line flagged
        with a breakdown by the records' 'lang' and 'variant' fields when present.

        USAGE: \(usage)

        ARGUMENTS:
          DATA                  Labeled pages (.jsonl, .jsonl.gz) or lines (.tsv), files or folders.

        OPTIONS:
          -m, --model FILE      The model to measure (default: the shipped model).
          --train DATA          Train a fresh model on DATA (repeatable) and measure it:
                                with --without, an ablation on held-out data.
          --folds K             K-fold cross-validation on DATA itself (2...20); pages
                                with the same 'doc_id' stay in one fold.
          --without FAMILY      With --train or --folds: switch off a feature family
                                (ngram, shape, context, density, markup). Repeatable.
          --smoothing ALPHA     With --train or --folds: additive smoothing per feature
                                (default 0.1).
          -t, --threshold P     Flag lines with probability at least P (default 0.5).
          --errors N            After the figures, list what was got wrong, up to N of
                                each kind: pages without injection that had a line
                                flagged (false alarms), injected pages with none of
                                their injected lines flagged, flagged lines that are
                                not injected (highest score first) and injected lines
                                missed (lowest score first), with page id and line.
          -f, --format FORMAT   text (default) or json.
          -h, --help            Show help information.

        EXAMPLES:
          chaff eval ../shared/devset/pages.jsonl
          chaff eval --errors 20 ../shared/devset/pages.jsonl
          chaff eval --folds 5 TrainingData/
          chaff eval --train TrainingData/ --without shape ../shared/devset/pages.jsonl

        """
    static let options = [
        OptionSpec(names: ["--model", "-m"], takesValue: true),
        OptionSpec(names: ["--train"], takesValue: true, repeatable: true),
        OptionSpec(names: ["--folds"], takesValue: true),
        OptionSpec(names: ["--without"], takesValue: true, repeatable: true),
        OptionSpec(names: ["--smoothing"], takesValue: true),
        OptionSpec(names: ["--threshold", "-t"], takesValue: true),
        OptionSpec(names: ["--errors"], takesValue: true),
        OptionSpec(names: ["--format", "-f"], takesValue: true),
    ]

    let data: [String]
    let model: String?
    let train: [String]
    let folds: Int?
    let without: [FeatureFamily]
    let threshold: Double
    let json: Bool
    let parameters: WeightTable.Parameters
    /// How many of each kind of mistake to list (`--errors`), or nil.
    let errors: Int?

    init(_ arguments: ParsedArguments) throws(UsageError) {
        data = arguments.positionals
        guard !data.isEmpty else { throw UsageError(message: "Missing expected argument '<data>'", command: Self.name) }
        model = arguments.value("--model")
        train = arguments.all("--train")
        folds = try arguments.integer("--folds", in: 2...20, command: Self.name)
        without = try CorpusLoading.families(arguments.all("--without"), command: Self.name)
        threshold = try arguments.double("--threshold", in: 0...1, command: Self.name) ?? PageScorer.defaultThreshold
        json = try arguments.choice("--format", ["text", "json"], command: Self.name) == "json"
        errors = try arguments.integer("--errors", in: 0...1_000_000, command: Self.name)
        var parameters = WeightTable.Parameters()
        if let alpha = try arguments.double("--smoothing", in: 0.01...100, command: Self.name) { parameters.alpha = alpha }
        self.parameters = parameters
        let modes = [model != nil, !train.isEmpty, folds != nil].filter { $0 }.count
        if modes > 1 {
            throw UsageError(message: "Use only one of '--model', '--train' and '--folds'", command: Self.name)
        }
        if !without.isEmpty && train.isEmpty && folds == nil {
            throw UsageError(message: "'--without' needs '--train' or '--folds': an ablation retrains the model", command: Self.name)
        }
    }

    func run(_ console: Console) -> Int32 {
        guard let pages = CorpusLoading.load(data, console: console) else { return ExitCode.failure }
        var configuration = FeatureConfiguration.standard
        for family in without { configuration = configuration.without(family) }
        let evaluator = Evaluator(threshold: threshold, keepsMistakes: errors != nil)
        let result: Evaluator.Result
        let description: String
        if let folds {
            result = evaluator.crossValidate(pages, folds: folds, configuration: configuration, parameters: parameters) { fold in
                console.progress("cross-validation: fold \(fold)/\(folds) done")
            }
            console.endProgress()
            description = "\(folds)-fold cross-validation on \(data.joined(separator: " "))"
        } else if !train.isEmpty {
            guard let trainingPages = CorpusLoading.load(train, console: console) else { return ExitCode.failure }
            var trainer = ModelTrainer(configuration: configuration, parameters: parameters)
            trainer.add(trainingPages, jobs: TrainCommand.defaultJobs)
            result = evaluator.evaluate(trainer.finish(), on: pages)
            description = "trained on \(train.joined(separator: " "))"
                + (without.isEmpty ? "" : " without \(without.map(\.description).joined(separator: ", "))")
        } else {
            guard let loaded = ModelLocator.load(explicit: model, console: console) else { return ExitCode.failure }
            result = evaluator.evaluate(loaded, on: pages)
            description = "model \(model ?? "(default)")"
        }
        console.write(json ? EvaluationReport.json(result, description: description, errors: errors ?? 0) + "\n"
                           : EvaluationReport.text(result, description: description, errors: errors ?? 0))
        return ExitCode.success
    }
}

/// Renders evaluation results.
enum EvaluationReport {
    static func text(_ result: Evaluator.Result, description: String, errors: Int = 0) -> String {
        var out = "\(description)\n\n"
        let header = "group".padding(toLength: 26, withPad: " ", startingAt: 0)
            + "pages  precision  recall     F1    AUC  detection  false-alarm\n"
        out += header
        func row(_ name: String, _ m: EvaluationMetrics) -> String {
            func cell(_ value: Double?, _ width: Int) -> String {
                let text = value.map { JSONWriter.format($0, decimals: 4) } ?? "-"
                return String(repeating: " ", count: max(0, width - text.count)) + text
            }
            let pages = String(m.pages)
            return name.padding(toLength: 24, withPad: " ", startingAt: 0)
                + String(repeating: " ", count: max(0, 7 - pages.count)) + pages
                + cell(m.precision, 11) + cell(m.recall, 8) + cell(m.f1, 7) + cell(m.rocAUC, 7)
                + cell(m.pageDetectionRate, 11) + cell(m.pageFalseAlarmRate, 13) + "\n"
        }
        out += row("all", result.overall)
        for key in result.groups.keys.sorted() { out += row(key, result.groups[key]!) }
        if let mistakes = result.mistakes { out += text(mistakes, limit: errors) }
        return out
    }

    /// The mistakes, up to `limit` of each kind.
    static func text(_ mistakes: EvaluationMistakes, limit: Int) -> String {
        func shown(_ count: Int, _ noun: String, _ rest: String) -> String {
            let what = "\(counted(count, noun)) \(rest)"
            return count > limit ? "\(what); the first \(limit):" : what + (count == 0 ? "." : ":")
        }
        func page(_ page: (id: String, groups: [String: String])) -> String {
            let groups = page.groups.keys.sorted().map { "\($0)=\(page.groups[$0]!)" }.joined(separator: ", ")
            return "  \(page.id)" + (groups.isEmpty ? "" : " (\(groups))") + "\n"
        }
        func line(_ line: EvaluationMistakes.Line) -> String {
            let score = String(format: "%.4f", line.score)
            let text = line.text.unicodeScalars.count > 120 ? String(String.UnicodeScalarView(line.text.unicodeScalars.prefix(120))) + "…" : line.text
            return "  \(score)  \(line.pageID):\(line.number)  \(text)\n"
        }
        var out = "\nfalse alarms: " + shown(mistakes.falseAlarmPages.count, "page", "without injection with a line flagged") + "\n"
        out += mistakes.falseAlarmPages.prefix(limit).map(page).joined()
        out += "\nundetected: " + shown(mistakes.undetectedPages.count, "injected page", "without an injected line flagged") + "\n"
        out += mistakes.undetectedPages.prefix(limit).map(page).joined()
        let positives = mistakes.falsePositives
        out += "\nflagged, not injected: " + shown(positives.count, "line", "(highest score first)") + "\n"
        out += positives.prefix(limit).map(line).joined()
        let negatives = mistakes.falseNegatives
        out += "\ninjected, missed: " + shown(negatives.count, "line", "(lowest score first)") + "\n"
        out += negatives.prefix(limit).map(line).joined()
        return out
    }

    static func json(_ result: Evaluator.Result, description: String, errors: Int = 0) -> String {
        func object(_ m: EvaluationMetrics) -> String {
            var w = JSONWriter()
            func optional(_ v: Double?) -> String { v.map { JSONWriter.format($0, decimals: 4) } ?? "null" }
            w.raw("{"); w.key("pages"); w.number(m.pages)
            w.raw(","); w.key("line_precision"); w.number(m.precision, decimals: 4)
            w.raw(","); w.key("line_recall"); w.number(m.recall, decimals: 4)
            w.raw(","); w.key("line_f1"); w.number(m.f1, decimals: 4)
            w.raw(","); w.key("line_auc"); w.raw(optional(m.rocAUC))
            w.raw(","); w.key("page_detection"); w.raw(optional(m.pageDetectionRate))
            w.raw(","); w.key("page_false_alarm"); w.raw(optional(m.pageFalseAlarmRate))
            w.raw("}")
            return w.text
        }
        var w = JSONWriter()
        w.raw("{"); w.key("description"); w.string(description)
        w.raw(","); w.key("overall"); w.raw(object(result.overall))
        w.raw(","); w.key("groups"); w.raw("{")
        for (index, key) in result.groups.keys.sorted().enumerated() {
            if index > 0 { w.raw(",") }
            w.key(key); w.raw(object(result.groups[key]!))
        }
        w.raw("}")
        if let mistakes = result.mistakes {
            w.raw(","); w.key("errors"); w.raw(json(mistakes, limit: errors))
        }
        w.raw("}")
        return w.text
    }

    /// The mistakes as JSON: each kind's total count and up to `limit` entries.
    static func json(_ mistakes: EvaluationMistakes, limit: Int) -> String {
        var w = JSONWriter()
        func pages(_ key: String, _ pages: [(id: String, groups: [String: String])]) {
            w.key(key); w.raw("{"); w.key("count"); w.number(pages.count); w.raw(","); w.key("pages"); w.raw("[")
            for (index, page) in pages.prefix(limit).enumerated() {
                if index > 0 { w.raw(",") }
                w.string(page.id)
            }
            w.raw("]}")
        }
        func lines(_ key: String, _ lines: [EvaluationMistakes.Line]) {
            w.key(key); w.raw("{"); w.key("count"); w.number(lines.count); w.raw(","); w.key("lines"); w.raw("[")
            for (index, line) in lines.prefix(limit).enumerated() {
                if index > 0 { w.raw(",") }
                w.raw("{"); w.key("page"); w.string(line.pageID)
                w.raw(","); w.key("line"); w.number(line.number)
                w.raw(","); w.key("score"); w.number(line.score)
                w.raw(","); w.key("text"); w.string(line.text)
                w.raw("}")
            }
            w.raw("]}")
        }
        w.raw("{")
        pages("false_alarm_pages", mistakes.falseAlarmPages); w.raw(",")
        pages("undetected_pages", mistakes.undetectedPages); w.raw(",")
        lines("false_positive_lines", mistakes.falsePositives); w.raw(",")
        lines("false_negative_lines", mistakes.falseNegatives)
        w.raw("}")
        return w.text
    }
}
