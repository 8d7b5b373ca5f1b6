import Chaff
import Dispatch
import Foundation
import Synchronization

/// Reads labeled data for `train` and `eval`, with progress and clear errors.
enum CorpusLoading {
    /// All pages under `paths`, in file order, or nil after printing an
    /// error; progress on a terminal unless `quiet`.
    ///
    /// Files are parsed on up to `jobs` threads (each file on one), while
    /// this thread shows the progress; of several bad files, the first in
    /// file order is reported.
    static func load(
        _ paths: [String], console: Console, quiet: Bool = false, jobs: Int = ProcessInfo.processInfo.activeProcessorCount
    ) -> [LabeledPage]? {
        let reader = CorpusReader()
        let files: [String]
        do {
            files = try reader.files(in: paths)
        } catch {
            console.error("Error: \(error)")
            return nil
        }
        guard !files.isEmpty else {
            console.error("Error: no labeled data (.tsv, .jsonl, .jsonl.gz) under \(paths.joined(separator: ", "))")
            return nil
        }
        let board = FileBoard(files: files.count)
        let group = DispatchGroup()
        for _ in 0..<max(1, min(jobs, files.count)) {
            DispatchQueue.global().async(group: group) {
                while true {
                    let index = board.next.wrappingAdd(1, ordering: .relaxed).oldValue
                    guard index < files.count else { return }
                    let result = Result { () throws(TrainingDataError) -> [LabeledPage] in try reader.pages(inFile: files[index]) }
                    board.results.withLock { $0[index] = result }
                    board.done.add(1, ordering: .relaxed)
                }
            }
        }
        while group.wait(timeout: .now() + .milliseconds(100)) == .timedOut {
            if !quiet { console.progress("reading \(files.count) files: \(board.done.load(ordering: .relaxed)) read") }
        }
        console.endProgress()
        var pages: [LabeledPage] = []
        for result in board.results.withLock({ $0 }) {
            switch result {
            case .success(let filePages): pages += filePages
            case .failure(let error):
                console.error("Error: \(error)")
                return nil
            case nil:
                // Every file has a result once the group is done.
                console.error("Error: internal: a file of \(paths.joined(separator: ", ")) was not read")
                return nil
            }
        }
        return pages
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

/// What the threads of ``CorpusLoading/load(_:console:quiet:jobs:)`` share.
private final class FileBoard: Sendable {
    /// Each file's pages or error, in file order.
    let results: Mutex<[Result<[LabeledPage], TrainingDataError>?]>
    /// The next file to take.
    let next = Atomic(0)
    /// Files read.
    let done = Atomic(0)

    init(files: Int) {
        results = Mutex(.init(repeating: nil, count: files))
    }
}
