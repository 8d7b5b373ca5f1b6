@testable import Chaff
import ChaffTestSupport
import Dispatch
import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

@Suite struct MappedFileTests {
    let scratch = TemporaryDirectory()

    @Test func aRegularFileIsMappedWithAllItsBytes() throws {
        let url = scratch.file("bytes")
        let bytes = (0..<100_000).map { UInt8(truncatingIfNeeded: $0 &* 7) }
        try Data(bytes).write(to: url)
        let file = try MappedFile(path: url.path)
        #expect(file.isMapped)
        #expect(Array(file.bytes) == bytes)
    }

    @Test func anEmptyFileHasNoBytes() throws {
        let url = scratch.file("empty")
        try Data().write(to: url)
        let file = try MappedFile(path: url.path)
        #expect(file.bytes.isEmpty)
        #expect(throws: ModelFileError.notAModel(path: url.path)) { try ModelFile.read(url) }
    }

    @Test func missingFilesAndFoldersAreUnreadable() {
        #expect(throws: ModelFileError.unreadable(path: "/no/such/model", reason: "no such file")) {
            try MappedFile(path: "/no/such/model")
        }
        #expect(throws: ModelFileError.unreadable(path: scratch.url.path, reason: "is a directory")) {
            try MappedFile(path: scratch.url.path)
        }
    }

    /// `/dev/zero` as a model would be read for ever.
    @Test func devicesAreRefused() {
        #expect(throws: ModelFileError.unreadable(path: "/dev/zero", reason: "is a device, not a file")) {
            try MappedFile(path: "/dev/zero")
        }
    }

    /// A pipe cannot be mapped: its bytes are read instead, and a model
    /// written into one loads like the file.
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
