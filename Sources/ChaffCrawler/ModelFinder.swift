import Chaff
import Foundation

/// Finds the model when `--model` is not given, as `chaff` does: the
/// `CHAFF_MODEL` environment variable, `PREFIX/share/chaff/default.chaffmodel`
/// beside an installed binary, `Models/default.chaffmodel` of the checkout the
/// binary was built in (walking up from it), then under the current directory.
enum ModelFinder {
    static func locate(explicit: String?) -> URL? {
        if let explicit { return URL(fileURLWithPath: explicit) }
        var candidates: [URL] = []
        if let environment = ProcessInfo.processInfo.environment["CHAFF_MODEL"], !environment.isEmpty {
            candidates.append(URL(fileURLWithPath: environment))
        }
        let binary = (Bundle.main.executableURL ?? URL(fileURLWithPath: CommandLine.arguments[0])).resolvingSymlinksInPath()
        var directory = binary.deletingLastPathComponent()
        candidates.append(directory.deletingLastPathComponent().appendingPathComponent("share/chaff/default.chaffmodel"))
        for _ in 0..<8 {
            candidates.append(directory.appendingPathComponent("Models/default.chaffmodel"))
            directory.deleteLastPathComponent()
        }
        candidates.append(URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
            .appendingPathComponent("Models/default.chaffmodel"))
        return candidates.first { FileManager.default.fileExists(atPath: $0.path) }
    }
}
