@testable import Chaff
import Foundation
import Testing

@Suite struct ModelFileTests {
    let model = Fixtures.smallModel

    func write(_ bytes: [UInt8], name: String = "model.chaffmodel") throws -> URL {
        let url = Fixtures.temporaryDirectory().appendingPathComponent(name)
        try Data(bytes).write(to: url)
        return url
    }

    @Test func roundTripKeepsEverything() throws {
        let url = Fixtures.temporaryDirectory().appendingPathComponent("m.chaffmodel")
        try ModelFile.write(model, to: url)
        let loaded = try ModelFile.read(url)
        #expect(loaded.configuration == model.configuration)
        #expect(loaded.table == model.table)
        #expect(loaded.calibrator == model.calibrator)
        #expect(loaded.metadata == model.metadata)
        #expect(try loaded.featureNames() == model.featureNames())
        #expect(try loaded.counts() == model.counts())
        #expect(try loaded.calibrationSample() == model.calibrationSample())
        #expect(try ModelFile.encode(loaded) == ModelFile.encode(model))
    }

    @Test func writingLeavesNoTemporaryFile() throws {
        let directory = Fixtures.temporaryDirectory()
        try ModelFile.write(model, to: directory.appendingPathComponent("m.chaffmodel"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path) == ["m.chaffmodel"])
    }

    @Test func writingIntoAMissingFolderFailsCleanly() {
        let url = URL(fileURLWithPath: "/nonexistent-folder-\(UUID().uuidString)/m.chaffmodel")
        #expect(throws: ModelFileError.self) { try ModelFile.write(model, to: url) }
    }

    @Test func truncatedFilesAreReported() throws {
        let bytes = try ModelFile.encode(model)
        for length in [0, 5, 16, bytes.count / 2, bytes.count - 1] {
            let url = try write(Array(bytes.prefix(length)))
            #expect {
                try ModelFile.read(url)
            } throws: { error in
                guard let error = error as? ModelFileError else { return false }
                switch error {
                case .truncated(let path, _), .notAModel(let path): return path == url.path
                default: return false
                }
            }
        }
    }

    @Test func aFlippedByteFailsTheChecksum() throws {
        var bytes = try ModelFile.encode(model)
        bytes[bytes.count / 2] ^= 0x40
        let url = try write(bytes)
        #expect {
            try ModelFile.read(url)
        } throws: { error in
            if case .checksumMismatch(let path, _, _) = error as? ModelFileError { return path == url.path }
            return false
        }
    }

    @Test func otherFilesAreNotModels() throws {
        let url = try write(Array("{\"id\": \"not a model\"}\n".utf8))
        #expect(throws: ModelFileError.notAModel(path: url.path)) { try ModelFile.read(url) }
    }

    @Test func aMissingFileIsNamed() {
        #expect {
            try ModelFile.read(URL(fileURLWithPath: "/no/such/model.chaffmodel"))
        } throws: { error in
            (error as? ModelFileError)?.description.contains("/no/such/model.chaffmodel") == true
        }
    }

    /// Rewrites a field and recomputes the checksum, as a careless tool would.
    func tampered(_ change: (inout [UInt8]) -> Void) throws -> URL {
        var bytes = try ModelFile.encode(model)
        change(&bytes)
        let body = Array(bytes[0..<(bytes.count - 16)])
        let crc = ModelFile.crc32(of: body)
        withUnsafeBytes(of: crc.littleEndian) { bytes.replaceSubrange((bytes.count - 8)..<(bytes.count - 4), with: $0) }
        return try write(bytes)
    }

    @Test func anotherVersionIsRefusedWithBothNumbers() throws {
        let url = try tampered { $0[8] = 99 }
        #expect(throws: ModelFileError.unsupportedVersion(path: url.path, found: 99, supported: ModelFile.formatVersion)) {
            try ModelFile.read(url)
        }
    }

    @Test func aTamperedSectionIsReportedEvenWithAValidChecksum() throws {
        // The first section (CONF) starts at byte 16; its payload at 32. Set the
        // ideograph n-gram length to 200.
        let url = try tampered { $0[32] = 200 }
        #expect {
            try ModelFile.read(url)
        } throws: { error in
            if case .malformedSection(_, let section, _) = error as? ModelFileError { return section == "CONF" }
            return false
        }
    }

    @Test func theShippedModelLoads() throws {
        try #require(FileManager.default.fileExists(atPath: Fixtures.defaultModel.path), "Models/default.chaffmodel is committed")
        let loaded = try ModelFile.read(Fixtures.defaultModel)
        #expect(loaded.metadata.injectedLines > 1000)
        #expect(loaded.metadata.legitLines > 10000)
    }
}
