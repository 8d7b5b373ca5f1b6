import Chaff
import Foundation

/// Finds the model to use when `--model` is not given.
///
/// In order:
/// 1. the `CHAFF_MODEL` environment variable;
/// 2. `share/chaff/default.chaffmodel` beside the installed binary
///    (`PREFIX/bin/chaff` → `PREFIX/share/chaff/`);
/// 3. `Models/default.chaffmodel` in the checkout the binary was built in,
///    found by walking up from the binary (`.build/release/chaff` → the checkout);
/// 4. `Models/default.chaffmodel` under the current directory.
enum ModelLocator {
    static let defaultFileName = "default.chaffmodel"

    /// The places searched, in order.
    static func candidates() -> [URL] {
        var result: [URL] = []
        if let environment = ProcessInfo.processInfo.environment["CHAFF_MODEL"], !environment.isEmpty {
            result.append(URL(fileURLWithPath: environment))
        }
        let executable = URL(fileURLWithPath: CommandLine.arguments.first ?? "chaff").resolvingSymlinksInPath()
        var directory = executable.deletingLastPathComponent()
        if let resolved = Bundle.main.executableURL?.resolvingSymlinksInPath() {
            directory = resolved.deletingLastPathComponent()
        }
        result.append(directory.deletingLastPathComponent().appendingPathComponent("share/chaff/\(defaultFileName)"))
        var walk = directory
        for _ in 0..<8 {
            result.append(walk.appendingPathComponent("Models/\(defaultFileName)"))
            let parent = walk.deletingLastPathComponent()
            if parent.path == walk.path { break }
            walk = parent
        }
        result.append(URL(fileURLWithPath: FileManager.default.currentDirectoryPath).appendingPathComponent("Models/\(defaultFileName)"))
        return result
    }

    /// The model file to load: `explicit` when given, else the first candidate that exists.
    static func locate(explicit: String?) -> Result<URL, LocateError> {
        if let explicit { return .success(URL(fileURLWithPath: explicit)) }
        let candidates = candidates()
        if let found = candidates.first(where: { FileManager.default.fileExists(atPath: $0.path) }) {
            return .success(found)
        }
        return .failure(LocateError(searched: candidates.map(\.path)))
    }

    /// No default model was found.
    struct LocateError: Error, CustomStringConvertible {
        let searched: [String]
        var description: String {
            "no model given and no default model found; use --model FILE or set CHAFF_MODEL. Searched:\n"
                + searched.map { "  " + $0 }.joined(separator: "\n")
        }
    }

    /// Loads the model, printing a clear error on failure.
    static func load(explicit: String?, console: Console) -> NaiveBayesModel? {
        switch locate(explicit: explicit) {
        case .failure(let error):
            console.error("Error: \(error)")
            return nil
        case .success(let url):
            do {
                return try ModelFile.read(url)
            } catch {
                console.error("Error: \(error)")
                return nil
            }
        }
    }
}
