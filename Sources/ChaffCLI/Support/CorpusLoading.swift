import Chaff

/// Reads labeled data for `train` and `eval`, with progress and clear errors.
enum CorpusLoading {
    /// All pages under `paths`, or nil after printing an error; progress
    /// on a terminal unless `quiet`.
    static func load(_ paths: [String], console: Console, quiet: Bool = false) -> [LabeledPage]? {
        let reader = CorpusReader()
        do {
            let files = try reader.files(in: paths)
            guard !files.isEmpty else {
                console.error("Error: no labeled data (.tsv, .jsonl, .jsonl.gz) under \(paths.joined(separator: ", "))")
                return nil
            }
            var pages: [LabeledPage] = []
            for (index, file) in files.enumerated() {
                if !quiet { console.progress("reading \(index + 1)/\(files.count) files, \(pages.count) pages: \(file)") }
                pages += try reader.pages(inFile: file)
            }
            console.endProgress()
            return pages
        } catch {
            console.endProgress()
            console.error("Error: \(error)")
            return nil
        }
    }

    /// Parses `--without` values into families.
    static func families(_ names: [String], command: String) throws(UsageError) -> [FeatureFamily] {
        var result: [FeatureFamily] = []
        for name in names {
            guard let family = FeatureFamily(name: name) else {
                throw UsageError(
                    message: "Invalid value '\(name)' for '--without': expected one of \(FeatureFamily.allCases.map(\.description).joined(separator: ", "))",
                    command: command)
            }
            result.append(family)
        }
        return result
    }
}
