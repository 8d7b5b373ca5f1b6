import Foundation

/// Where report lines go: standard output or `--out FILE`, one write per line
/// so a reader following the file sees whole lines.
struct ReportSink {
    private let handle: FileHandle

    init(path: String?) throws {
        guard let path else {
            handle = FileHandle.standardOutput
            return
        }
        guard FileManager.default.createFile(atPath: path, contents: nil) else {
            throw CocoaError(.fileWriteNoPermission, userInfo: [NSFilePathErrorKey: path])
        }
        handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
    }

    func write(_ line: String) {
        handle.write(Data((line + "\n").utf8))
    }

    func close() {
        if handle !== FileHandle.standardOutput { try? handle.close() }
    }
}
