@testable import Chaff
import ChaffTestSupport
import Foundation
import Testing

@Suite struct ModelFileTests {
    let model = Fixtures.smallModel
    /// This test's folder, removed when the test ends.
    let scratch = TemporaryDirectory()

    func write(_ bytes: [UInt8], name: String = "model.chaffmodel") throws -> URL {
        try scratch.write(bytes, to: name)
    }

    @Test func roundTripKeepsEverything() throws {
        let url = scratch.file("m.chaffmodel")
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
        try ModelFile.write(model, to: scratch.file("m.chaffmodel"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: scratch.url.path) == ["m.chaffmodel"])
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

    /// Each section's tag and payload range in `bytes`, in file order.
    func sectionPayloads(_ bytes: [UInt8]) -> [(tag: String, payload: Range<Int>)] {
        var result: [(String, Range<Int>)] = []
        var offset = 16
        for _ in 0..<Int(bytes[12]) {
            let tag = String(decoding: bytes[offset..<(offset + 4)], as: UTF8.self)
            let length = bytes[(offset + 8)..<(offset + 16)].reversed().reduce(0) { $0 << 8 | Int($1) }
            result.append((tag, (offset + 16)..<(offset + 16 + length)))
            offset += 16 + (length + 7) / 8 * 8
        }
        return result
    }

    func isChecksumMismatch(_ error: any Error, url: URL, section: String?) -> Bool {
        if case .checksumMismatch(let path, let damaged, _, _) = error as? ModelFileError {
            return path == url.path && damaged == section
        }
        return false
    }

    @Test func aFlippedByteInASectionScoringNeedsFailsLoading() throws {
        let bytes = try ModelFile.encode(model)
        let sections = sectionPayloads(bytes)
        #expect(sections.map(\.tag) == ["CONF", "META", "CALB", "TABL", "NAME", "CNTS", "SMPL"])
        for (tag, payload) in sections.prefix(4) {
            var damaged = bytes
            damaged[payload.lowerBound + payload.count / 2] ^= 0x40
            let url = try write(damaged, name: "\(tag).chaffmodel")
            #expect { try ModelFile.read(url) } throws: { isChecksumMismatch($0, url: url, section: tag) }
        }
    }

    @Test func aFlippedByteInTheMergeableSectionsFailsWhenTheyAreRead() throws {
        let bytes = try ModelFile.encode(model)
        for (tag, payload) in sectionPayloads(bytes).suffix(3) {
            var damaged = bytes
            damaged[payload.lowerBound + payload.count / 2] ^= 0x40
            let url = try write(damaged, name: "\(tag).chaffmodel")
            // Scoring never reads these sections, so the model loads and scores as before...
            let loaded = try ModelFile.read(url)
            #expect(loaded.table == model.table)
            // ...but merging or inspecting it reports the damage.
            #expect { try loaded.calibrationSample() } throws: { isChecksumMismatch($0, url: url, section: tag) }
            #expect { try loaded.counts() } throws: { isChecksumMismatch($0, url: url, section: tag) }
        }
    }

    @Test func aFlippedByteInTheSectionTableFailsLoading() throws {
        var bytes = try ModelFile.encode(model)
        // Byte 17 is in the first section's tag: "CONF" becomes "CnNF".
        bytes[17] ^= 0x20
        let url = try write(bytes)
        #expect { try ModelFile.read(url) } throws: { isChecksumMismatch($0, url: url, section: nil) }
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

    /// Rewrites a field and recomputes every checksum, as a careless tool would.
    func tampered(_ change: (inout [UInt8]) -> Void) throws -> URL {
        var bytes = try ModelFile.encode(model)
        change(&bytes)
        var headers = Array(bytes[0..<16])
        for (_, payload) in sectionPayloads(bytes) {
            let crc = ModelFile.crc32(of: Array(bytes[payload]))
            withUnsafeBytes(of: crc.littleEndian) { bytes.replaceSubrange((payload.lowerBound - 12)..<(payload.lowerBound - 8), with: $0) }
            headers += bytes[(payload.lowerBound - 16)..<payload.lowerBound]
        }
        let crc = ModelFile.crc32(of: headers)
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

    /// `tampered` with `bytes` written at `offset` into the payload of section `tag`.
    func tampered(_ tag: String, at offset: Int, with bytes: [UInt8]) throws -> URL {
        try tampered { file in
            let payload = sectionPayloads(file).first { $0.tag == tag }!.payload
            file.replaceSubrange((payload.lowerBound + offset)..<(payload.lowerBound + offset + bytes.count), with: bytes)
        }
    }

    func isMalformed(_ error: any Error, section: String) -> Bool {
        if case .malformedSection(_, let damaged, _) = error as? ModelFileError { return damaged == section }
        return false
    }

    /// Fields whose checksums were written again over values no model has:
    /// each is a clear error where the section is read, never a trap where
    /// the value is used (a page count that does not fit an `Int`, a feature
    /// key 0, which tables reserve for their empty slots).
    @Test func impossibleValuesWithValidChecksumsAreReported() throws {
        // META starts with the page count.
        let pages = try tampered("META", at: 0, with: [UInt8](repeating: 0xFF, count: 8))
        #expect { try ModelFile.read(pages) } throws: { isMalformed($0, section: "META") }
        // NAME: a count, then the first name's key.
        let name = try ModelFile.read(try tampered("NAME", at: 4, with: [0, 0, 0, 0]))
        #expect { try name.featureNames() } throws: { isMalformed($0, section: "NAME") }
        // SMPL: a count, then the first line's hash, label and four key counts, then its n-gram keys.
        let sample = try ModelFile.read(try tampered("SMPL", at: 8 + 8 + 4 + 16, with: [0, 0, 0, 0]))
        #expect { try sample.calibrationSample() } throws: { isMalformed($0, section: "SMPL") }
    }

    /// The sample must be among the counts: calibration takes parts of it
    /// back out of them. Counts that say fewer lines or features than the
    /// sample holds (sections from two models, or altered ones) are named.
    @Test func aSampleTheCountsDoNotHoldIsReported() throws {
        let counts = try model.counts()
        let entries = try model.calibrationSample().entries
        try #require(entries.contains(where: { !$0.features.ngramKeys.isEmpty }))
        #expect(ModelFile.uncountedSampleLines(entries, in: counts) == nil)

        var fewerLines = counts
        fewerLines.lines = [0, 0]
        #expect(ModelFile.uncountedSampleLines(entries, in: fewerLines)?.contains("lines; the counts have 0") == true)

        var fewerOccurrences = counts
        fewerOccurrences.totals[FeatureFamily.ngram.rawValue] = [0, 0]
        #expect(ModelFile.uncountedSampleLines(entries, in: fewerOccurrences)?.contains("ngram features") == true)

        let key = entries.first { !$0.features.ngramKeys.isEmpty }!.features.ngramKeys[0]
        var fewerForOneKey = counts
        fewerForOneKey.features[key] = FeatureCounts.Entry(spam: 0, ham: 0, family: UInt8(FeatureFamily.ngram.rawValue))
        #expect(ModelFile.uncountedSampleLines(entries, in: fewerForOneKey)?.contains(String(key, radix: 16)) == true)

        // Read from a file, the same counts reach the trainer as an error.
        let url = try tampered { file in
            let payload = sectionPayloads(file).first { $0.tag == "CNTS" }!.payload
            // CNTS: its legit and injected lines, then the n-gram family's occurrences in each.
            file.replaceSubrange((payload.lowerBound + 16)..<(payload.lowerBound + 32), with: [UInt8](repeating: 0, count: 16))
        }
        #expect { try ModelTrainer(continuing: try ModelFile.read(url)) } throws: { isMalformed($0, section: "SMPL") }
    }

    /// Counts no corpus has: a feature on more lines than the model has, or
    /// more lines than counts may hold (adding to them would overflow).
    @Test func impossibleCountsAreReported() throws {
        // CNTS: two line counts, five families' two totals, the entry count,
        // then each entry's key, injected and legit lines and family.
        let entry = try ModelFile.read(try tampered("CNTS", at: 16 + 80 + 8 + 4, with: [0xFF, 0xFF, 0xFF, 0x7F]))
        #expect { try entry.counts() } throws: { isMalformed($0, section: "CNTS") }
        let lines = try ModelFile.read(try tampered("CNTS", at: 0, with: [0, 0, 0, 0, 0, 0, 0, 0x40 | 0x01]))
        #expect { try lines.counts() } throws: { isMalformed($0, section: "CNTS") }
    }

    @Test func theShippedModelLoads() throws {
        try #require(FileManager.default.fileExists(atPath: Fixtures.defaultModel.path), "Models/default.chaffmodel is committed")
        let loaded = try ModelFile.read(Fixtures.defaultModel)
        #expect(loaded.metadata.injectedLines > 1000)
        #expect(loaded.metadata.legitLines > 10000)
    }
}
