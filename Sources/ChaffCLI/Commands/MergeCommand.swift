import Chaff
import Foundation

/// `chaff merge`: adds the counts of models trained on shards of a corpus.
struct MergeCommand: Subcommand {
    static let name = "merge"
    static let abstract = "Merge models trained on shards of a corpus into one."
    static let usage = "chaff merge --out FILE MODEL..."
    static let help = """
        OVERVIEW: \(abstract)

        Counts are sufficient statistics: the merged model's counts are the sums of
        the inputs', its calibration sample the bottom-k union of theirs, and it is
        recalibrated. Inputs must share one feature configuration. Order does not
        matter.

        USAGE: \(usage)

        ARGUMENTS:
          MODEL                 The model files, usually two or more (one is rewritten,
                                recalibrated from its own counts).

        OPTIONS:
          -o, --out FILE        Where to write the merged model (required).
          -h, --help            Show help information.

        EXAMPLE:
          chaff train --out a.chaffmodel shard-a/ && chaff train --out b.chaffmodel shard-b/
          chaff merge --out all.chaffmodel a.chaffmodel b.chaffmodel

        """
    static let options = [OptionSpec(names: ["--out", "-o"], takesValue: true)]

    let inputs: [String]
    let output: String

    init(_ arguments: ParsedArguments) throws(UsageError) {
        guard let output = arguments.value("--out") else { throw UsageError(message: "Missing expected option '--out <file>'", command: Self.name) }
        guard !arguments.positionals.isEmpty else { throw UsageError(message: "Missing expected argument '<model>'", command: Self.name) }
        self.output = output
        inputs = arguments.positionals
    }

    func run(_ console: Console) -> Int32 {
        do {
            var merged: ModelTrainer?
            for input in inputs {
                let model = try ModelFile.read(URL(fileURLWithPath: input))
                let trainer = try ModelTrainer(continuing: model)
                if var existing = merged {
                    guard existing.configuration == trainer.configuration else {
                        console.error("Error: '\(input)' was trained with another feature configuration than '\(inputs[0])'; models merge only with the same configuration")
                        return ExitCode.failure
                    }
                    existing.merge(trainer)
                    merged = existing
                } else {
                    merged = trainer
                }
            }
            let model = merged!.finish()
            try ModelFile.write(model, to: URL(fileURLWithPath: output))
            console.error("merged \(counted(inputs.count, "model")): \(counted(model.metadata.pages, "page")), \(model.metadata.injectedLines) injected and \(model.metadata.legitLines) legit lines; wrote \(output)")
            return ExitCode.success
        } catch {
            console.error("Error: \(error)")
            return ExitCode.failure
        }
    }
}
