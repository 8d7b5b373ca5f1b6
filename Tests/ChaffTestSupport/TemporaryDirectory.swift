import Foundation

/// A new, empty folder under the system's temporary directory, removed with
/// everything in it when the last reference goes away.
///
/// A suite that writes files keeps one as a stored property: Swift Testing
/// makes a new suite instance for each test and drops it when the test ends,
/// so each test gets its own folder and leaves nothing behind, whether it
/// passes, fails or throws. (One test writes a 100 MB page, and the suite runs
/// many times a day on CI machines and developers' laptops.)
public final class TemporaryDirectory: Sendable {
    /// The folder's location.
    public let url: URL

    public init() {
        url = FileManager.default.temporaryDirectory
            .appendingPathComponent("chaff-tests-\(UUID().uuidString)", isDirectory: true)
        try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    /// The location of `name` in the folder.
    public func file(_ name: String) -> URL {
        url.appendingPathComponent(name)
    }

    /// Writes `bytes` to the file `name` in the folder and returns its location.
    @discardableResult
    public func write(_ bytes: [UInt8], to name: String) throws -> URL {
        let location = file(name)
        try Data(bytes).write(to: location)
        return location
    }

    deinit {
        try? FileManager.default.removeItem(at: url)
    }
}
