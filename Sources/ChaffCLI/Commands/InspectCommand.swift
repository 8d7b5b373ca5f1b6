import Chaff
import Foundation

/// `chaff inspect`: what a model file holds.
struct InspectCommand: Subcommand {
    static let name = "inspect"
    static let abstract = "Show what a model file holds: version, configuration, counts, top features."
    static let usage = "chaff inspect [--top N] [--format text|json] MODEL"
    static let help = """
        OVERVIEW: \(abstract)

        USAGE: \(usage)

        ARGUMENTS:
          MODEL                 A model file written by 'chaff train' or 'chaff merge'.

        OPTIONS:
          --top N               How many of the strongest spam and legit features to list
                                (default 20).
          -f, --format FORMAT   text (default) or json.
          -h, --help            Show help information.

        N-gram features are stored as hashes; the model keeps the text of its
        strongest ones, and others are shown as #hash.

        """
    static let options = [
        OptionSpec(names: ["--top"], takesValue: true),
        OptionSpec(names: ["--format", "-f"], takesValue: true),
    ]

    let path: String
    let top: Int
    let json: Bool

    init(_ arguments: ParsedArguments) throws(UsageError) {
        guard let path = arguments.positionals.first else {
            throw UsageError(message: "Missing expected argument '<model>'", command: Self.name)
        }
        guard arguments.positionals.count == 1 else {
            throw UsageError(message: "Unexpected argument '\(arguments.positionals[1])'", command: Self.name)
        }
        self.path = path
        top = try arguments.integer("--top", in: 1...10_000, command: Self.name) ?? 20
        json = try arguments.choice("--format", ["text", "json"], command: Self.name) == "json"
    }

    func run(_ console: Console) -> Int32 {
        let model: NaiveBayesModel
        let counts: FeatureCounts
        let names: [UInt32: String]
        do {
            model = try ModelFile.read(URL(fileURLWithPath: path))
            counts = try model.counts()
            names = try model.featureNames()
        } catch {
            console.error("Error: \(error)")
            return ExitCode.failure
        }
        let describer = FeatureDescriber(names: names)
        let ranked = counts.features.sorted { $0.key < $1.key }.map { key, entry in
            (key: key, entry: entry, weight: model.table.weight(of: key))
        }
        // Strong features are both heavy and frequent: rank by weight times log count.
        func strength(_ item: (key: UInt32, entry: FeatureCounts.Entry, weight: Float), spam: Bool) -> Double {
            let support = Double(spam ? item.entry.spam : item.entry.ham)
            return Double(spam ? item.weight : -item.weight) * log(1 + support)
        }
        let spamTop = ranked.filter { $0.weight > 0 }.sorted { strength($0, spam: true) > strength($1, spam: true) }.prefix(top)
        let legitTop = ranked.filter { $0.weight < 0 }.sorted { strength($0, spam: false) > strength($1, spam: false) }.prefix(top)
        let meta = model.metadata
        let fileSize = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0

        if json {
            var w = JSONWriter()
            w.raw("{"); w.key("file"); w.string(path)
            w.raw(","); w.key("bytes"); w.number(fileSize)
            w.raw(","); w.key("formatVersion"); w.number(Int(ModelFile.formatVersion))
            w.raw(","); w.key("generator"); w.string(meta.generator)
            w.raw(","); w.key("configuration"); w.string(describe(model.configuration))
            w.raw(","); w.key("pages"); w.number(Int(meta.pages))
            w.raw(","); w.key("injectedLines"); w.number(Int(meta.injectedLines))
            w.raw(","); w.key("legitLines"); w.number(Int(meta.legitLines))
            w.raw(","); w.key("features"); w.number(Int(meta.features))
            w.raw(","); w.key("dataDigest"); w.string(meta.dataDigestHex)
            for (name, list) in [("spamFeatures", Array(spamTop)), ("legitFeatures", Array(legitTop))] {
                w.raw(","); w.key(name); w.raw("[")
                for (index, item) in list.enumerated() {
                    if index > 0 { w.raw(",") }
                    w.raw("{"); w.key("feature"); w.string(describer.name(of: item.key, family: item.entry.family))
                    w.raw(","); w.key("weight"); w.number(Double(item.weight), decimals: 3)
                    w.raw(","); w.key("spam"); w.number(Int(item.entry.spam))
                    w.raw(","); w.key("ham"); w.number(Int(item.entry.ham)); w.raw("}")
                }
                w.raw("]")
            }
            w.raw("}")
            console.line(w.text)
            return ExitCode.success
        }

        var out = """
            model file       \(path) (\(fileSize) bytes, format version \(ModelFile.formatVersion), written by \(meta.generator))
            configuration    \(describe(model.configuration))
            smoothing        alpha \(model.parameters.alpha), weights clipped to ±\(model.parameters.clip)
            trained on       \(counted(meta.pages, "page")): \(counted(meta.injectedLines, "injected line")), \(counted(meta.legitLines, "legit line"))
            features         \(meta.features) (n-gram \(counts.vocabularySizes[0]), shape \(counts.vocabularySizes[1]), context \(counts.vocabularySizes[2]), markup \(counts.vocabularySizes[4]))
            data digest      \(meta.dataDigestHex)
            calibration      weights \(model.calibrator.weights.map { JSONWriter.format($0, decimals: 3) }.joined(separator: " ")), bias \(JSONWriter.format(model.calibrator.bias, decimals: 3))
                             (inputs: \(PageScorer.evidenceInputs.joined(separator: ", ")))

            """
        for (title, list) in [("top spam features", spamTop), ("top legit features", legitTop)] {
            out += "\n\(title) (weight, injected lines, legit lines):\n"
            for item in list {
                let weight = JSONWriter.format(Double(item.weight), decimals: 2)
                out += "  " + weight.padding(toLength: 7, withPad: " ", startingAt: 0)
                    + "\(item.entry.spam)/\(item.entry.ham)".padding(toLength: 14, withPad: " ", startingAt: 0)
                    + describer.name(of: item.key, family: item.entry.family) + "\n"
            }
        }
        console.write(out)
        return ExitCode.success
    }

    func describe(_ c: FeatureConfiguration) -> String {
        let families = FeatureFamily.allCases.filter { c.enabledFamilies.contains($0) }.map(\.description).joined(separator: "+")
        let subwords = c.subwordMaximumN == 0 ? "off"
            : c.subwordMinimumN == c.subwordMaximumN ? "of \(c.subwordMaximumN) characters"
            : "of \(c.subwordMinimumN)–\(c.subwordMaximumN) characters"
        return "CJK 1–\(c.ideographMaximumN)-grams, subwords \(subwords), word bigrams \(c.wordBigrams ? "on" : "off"); families \(families)"
    }
}

/// Names feature keys for people: n-gram text when the model kept it, token
/// names for structure and context.
struct FeatureDescriber {
    let names: [UInt32: String]
    let tokens: [UInt32: String]

    init(names: [UInt32: String]) {
        self.names = names
        var tokens: [UInt32: String] = [:]
        for token in ShapeToken.all { tokens[token.key] = "shape:" + token.name }
        for token in ContextToken.all { tokens[token.key] = "context:" + token.name }
        for token in MarkupToken.all { tokens[token.key] = "markup:" + token.name }
        self.tokens = tokens
    }

    func name(of key: UInt32, family: UInt8) -> String {
        if let name = names[key] { return "\"\(name)\"" }
        if let token = tokens[key] { return token }
        return "#" + String(key, radix: 16)
    }
}
