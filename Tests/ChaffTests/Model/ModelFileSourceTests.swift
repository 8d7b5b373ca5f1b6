@testable import Chaff
import ChaffTestSupport
import Dispatch
import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

@Suite struct ModelFileSourceTests {
    let scratch = TemporaryDirectory()

    @Test func rangesOfARegularFileAreItsBytes() throws {
        let bytes = (0..<100_000).map { UInt8(truncatingIfNeeded: $0 &* 7 &+ $0 >> 8) }
        let source = try ModelFileSource(path: try scratch.write(bytes, to: "bytes").path)
        #expect(source.count == bytes.count)
        for range in [0..<0, 0..<16, 4095..<4097, 50_000..<99_999, 0..<100_000] {
            #expect(try source.read(range) == Array(bytes[range]))
        }
    }

    @Test func anEmptyFileIsNotAModel() throws {
        let url = try scratch.write([], to: "empty")
        #expect(try ModelFileSource(path: url.path).count == 0)
        #expect(throws: ModelFileError.notAModel(path: url.path)) { try ModelFile.read(url) }
    }

    @Test func missingFilesFoldersAndDevicesAreUnreadable() {
        #expect(throws: ModelFileError.unreadable(path: "/no/such/model", reason: "no such file")) {
            try ModelFileSource(path: "/no/such/model")
        }
        #expect(throws: ModelFileError.unreadable(path: scratch.url.path, reason: "is a directory")) {
            try ModelFileSource(path: scratch.url.path)
        }
        // `/dev/zero` as a model would be read for ever.
        #expect(throws: ModelFileError.unreadable(path: "/dev/zero", reason: "is a device, not a file")) {
            try ModelFileSource(path: "/dev/zero")
        }
    }

    /// `cp` over a model rewrites the file in place: a reader that opened it
    /// before gets a clean error, not a crash.
    @Test func aFileShortenedWhileOpenIsReportedAsTruncated() throws {
        let bytes = try ModelFile.encode(Fixtures.smallModel)
        let url = try scratch.write(bytes, to: "model.chaffmodel")
        let source = try ModelFileSource(path: url.path)
        try #require(truncate(url.path, off_t(bytes.count / 2)) == 0)
        #expect {
            try ModelFile.verifiedSections(source)
        } throws: { error in
            guard case .truncated(let path, _) = error as? ModelFileError else { return false }
            return path == url.path
        }
    }

    /// A pipe cannot be read by ranges: its bytes are read whole first, and
    /// a model written into one loads like the file.
    @Test func aModelArrivingThroughAPipeIsRead() throws {
        let fifo = scratch.file("model.fifo")
        try #require(mkfifo(fifo.path, 0o600) == 0)
        let bytes = try ModelFile.encode(Fixtures.smallModel)
        // The writer opens the pipe on another thread: opening a pipe waits
        // for its other end.
        let written = DispatchSemaphore(value: 0)
        DispatchQueue.global().async {
            if let handle = FileHandle(forWritingAtPath: fifo.path) {
                handle.write(Data(bytes))
                try? handle.close()
            }
            written.signal()
        }
        let loaded = try ModelFile.read(fifo)
        written.wait()
        #expect(loaded.table == Fixtures.smallModel.table)
        #expect(loaded.calibrator == Fixtures.smallModel.calibrator)
    }
}
