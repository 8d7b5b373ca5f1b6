import CZlib
import Dispatch
import Foundation
import Synchronization

/// The binary model file: reading, verifying and writing it atomically.
///
/// Layout (all integers little-endian; documented in `docs/model-format.md`):
///
///     offset 0   8 bytes  magic "CHAFFNB" 0x1A
///            8   u32      format version (``formatVersion``)
///           12   u32      number of sections
///           16   sections, each: 4-byte ASCII tag, u32 CRC-32 (zlib) of the
///                payload, u64 payload length, payload, zero padding to a
///                multiple of 8
///     end − 16   8 bytes  trailer magic "CHAFFEND"
///     end − 8    u32      CRC-32 of the 16-byte file header followed by every
///                         section's 16-byte header, in file order
///     end − 4    u32      0 (reserved)
///
/// Sections: `CONF` feature configuration and smoothing, `META` training
/// metadata, `CALB` calibrator, `TABL` the weight table as it is probed,
/// `NAME` texts of the n-grams seen in injected lines, `CNTS` per-class counts
/// sorted by key, `SMPL` the calibration sample. Scoring needs the first four;
/// inspection, merging and incremental training read the last three on demand.
///
/// Each section has its own checksum, verified when the section is decoded:
/// loading a model for scoring reads (and checks) the four sections it needs,
/// not the counts and calibration sample, which are most of the file.
public enum ModelFile {
    /// The format version this build writes and reads.
    public static let formatVersion: UInt32 = 4
    /// The first eight bytes of every model file.
    static let magic: [UInt8] = Array("CHAFFNB".utf8) + [0x1A]
    static let trailerMagic: [UInt8] = Array("CHAFFEND".utf8)
    static let headerSize = 16
    static let trailerSize = 16

    // MARK: Writing

    /// The bytes of a model file. The same model always gives the same bytes.
    public static func encode(_ model: NaiveBayesModel) throws(ModelFileError) -> [UInt8] {
        let counts = try model.counts()
        let sample = try model.calibrationSample()
        let names = try model.featureNames()
        let sections: [(tag: String, encode: @Sendable () -> [UInt8])] = [
            ("CONF", { encodeConfiguration(model.configuration, model.parameters) }),
            ("META", { encodeMetadata(model.metadata, sampleCapacity: sample.capacity) }),
            ("CALB", { encodeCalibrator(model.calibrator) }),
            ("TABL", { encodeTable(model.table) }),
            ("NAME", { encodeNames(names) }),
            ("CNTS", { encodeCounts(counts) }),
            ("SMPL", { encodeSample(sample) }),
        ]
        // Each section depends on its own part of the model alone, so they are
        // encoded on all cores and then laid out in order: the same bytes.
        // (Encoding the names, counts and sample one after another was most
        // of writing a model, on one thread.)
        let encoded = Mutex([[UInt8]](repeating: [], count: sections.count))
        DispatchQueue.concurrentPerform(iterations: sections.count) { index in
            let payload = sections[index].encode()
            encoded.withLock { $0[index] = payload }
        }
        let payloads = encoded.withLock { $0 }

        var writer = ByteWriter()
        // The whole file's size, so that the payloads are copied in once.
        writer.reserveCapacity(headerSize + trailerSize + payloads.reduce(0) { $0 + 16 + ($1.count + 7) / 8 * 8 })
        writer.write(raw: magic)
        writer.write(formatVersion)
        writer.write(UInt32(sections.count))
        var headers = writer.bytes
        for (tag, payload) in zip(sections.map(\.tag), payloads) {
            let start = writer.bytes.count
            writer.write(raw: Array(tag.utf8))
            writer.write(crc32(of: payload))
            writer.write(UInt64(payload.count))
            headers += writer.bytes[start...]
            writer.write(raw: payload)
            writer.pad(to: 8)
        }
        let checksum = crc32(of: headers)
        writer.write(raw: trailerMagic)
        writer.write(checksum)
        writer.write(UInt32(0))
        return writer.bytes
    }

    /// Writes a model atomically: to a temporary file beside `url`, flushed to
    /// disk, then renamed over `url`. A crash mid-write leaves the old file (or
    /// none), never half a model.
    public static func write(_ model: NaiveBayesModel, to url: URL) throws(ModelFileError) {
        let bytes = try encode(model)
        do {
            try AtomicFile.write(bytes, to: url)
        } catch {
            throw .unwritable(path: url.path, reason: error.description)
        }
    }

    // MARK: Reading

    /// Loads a model for scoring: verifies the header and section table, then
    /// reads (and verifies) the configuration, metadata, calibrator and weight
    /// table; counts, names and sample stay in the file, unread, until asked for.
    public static func read(_ url: URL) throws(ModelFileError) -> NaiveBayesModel {
        let source = try ModelFileSource(path: url.path)
        let sections = try verifiedSections(source)
        let (configuration, parameters) = try decode("CONF", in: sections, source, decodeConfiguration)
        let (metadata, sampleCapacity) = try decode("META", in: sections, source, decodeMetadata)
        let calibrator = try decode("CALB", in: sections, source, decodeCalibrator)
        let table = try decode("TABL", in: sections, source, decodeTable)
        for tag in ["NAME", "CNTS", "SMPL"] where sections[tag] == nil {
            throw .missingSection(path: url.path, section: tag)
        }
        return NaiveBayesModel(
            configuration: configuration, parameters: parameters, table: table, calibrator: calibrator,
            metadata: metadata, sections: .file(url, sampleCapacity: sampleCapacity))
    }

    /// Reads the counts and the calibration sample of a model file.
    static func readMergeableSections(of url: URL) throws(ModelFileError) -> (counts: FeatureCounts, sample: CalibrationSample, names: [UInt32: String]) {
        let source = try ModelFileSource(path: url.path)
        let sections = try verifiedSections(source)
        let (_, capacity) = try decode("META", in: sections, source, decodeMetadata)
        let counts = try decode("CNTS", in: sections, source, decodeCounts)
        let entries = try decode("SMPL", in: sections, source, decodeSample)
        if let reason = uncountedSampleLines(entries, in: counts) {
            throw .malformedSection(path: source.path, section: "SMPL", reason: reason)
        }
        let names = try decode("NAME", in: sections, source, decodeNames)
        return (counts, CalibrationSample(capacity: capacity, entries: entries), names)
    }

    /// Why the sample's lines are not all among the counts, or nil when they are.
    ///
    /// Every sampled line was counted, so calibration (which takes a part of
    /// the sample back out of the counts, ``ModelTrainer``) never takes a
    /// count below zero. Sections that each pass their checksum but disagree
    /// would: a file put together from two models, or altered with its
    /// checksums written again.
    static func uncountedSampleLines(_ entries: [CalibrationSample.Entry], in counts: FeatureCounts) -> String? {
        var sampled = FeatureCountTable()
        var totals = [[UInt64]](repeating: [0, 0], count: FeatureFamily.allCases.count)
        var lines: [UInt64] = [0, 0]
        for entry in entries {
            let classIndex = entry.injected ? 1 : 0
            lines[classIndex] += 1
            for (keys, family) in [(entry.features.ngramKeys, FeatureFamily.ngram), (entry.features.shapeKeys, .shape),
                                   (entry.features.contextKeys, .context), (entry.features.markupKeys, .markup)] {
                totals[family.rawValue][classIndex] += UInt64(keys.count)
                sampled.tally(keys, family: UInt8(family.rawValue), injected: entry.injected)
            }
        }
        for classIndex in 0..<2 where lines[classIndex] > counts.lines[classIndex] {
            return "it holds \(lines[classIndex]) \(classIndex == 1 ? "injected" : "legit") lines; the counts have \(counts.lines[classIndex])"
        }
        for family in FeatureFamily.allCases {
            for classIndex in 0..<2 where totals[family.rawValue][classIndex] > counts.totals[family.rawValue][classIndex] {
                return "its lines have more \(family) features than the counts"
            }
        }
        for (key, inSample) in sampled {
            guard let counted = counts.features[key] else { return "feature \(String(key, radix: 16)) is not among the counts" }
            if inSample.spam > counted.spam || inSample.ham > counted.ham {
                return "feature \(String(key, radix: 16)) is on more of its lines than the counts say"
            }
        }
        return nil
    }

    /// Where a section is in the file, and the checksum its payload must have.
    struct SectionRange {
        let payload: Range<Int>
        let checksum: UInt32
    }

    /// Checks magic, version, trailer and the checksum of the section table,
    /// and returns each section's payload range by tag. Payloads are checked
    /// when they are decoded. Reads only the headers: 16 bytes per section.
    static func verifiedSections(_ source: ModelFileSource) throws(ModelFileError) -> [String: SectionRange] {
        let path = source.path
        let size = source.count
        let start = try source.read(0..<min(size, headerSize))
        guard start.count >= 8, Array(start[0..<8]) == magic else {
            if start.count < 8 && start == Array(magic.prefix(start.count)) && !start.isEmpty {
                throw .truncated(path: path, size: size)
            }
            throw .notAModel(path: path)
        }
        guard size >= headerSize + trailerSize else { throw .truncated(path: path, size: size) }
        let version = integer(start, at: 8, as: UInt32.self)
        guard version == formatVersion else {
            throw .unsupportedVersion(path: path, found: version, supported: formatVersion)
        }
        let trailerStart = size - trailerSize
        let trailer = try source.read(trailerStart..<size)
        guard Array(trailer[0..<8]) == trailerMagic else { throw .truncated(path: path, size: size) }
        let stored = integer(trailer, at: 8, as: UInt32.self)

        // Walk the section table, checksumming the headers as they go by.
        var headers = start
        var sections: [String: SectionRange] = [:]
        let count = integer(start, at: 12, as: UInt32.self)
        // A count mangled past what the checksum could tell is caught here.
        guard count <= 64 else { throw .malformedSection(path: path, section: "header", reason: "\(count) sections") }
        var offset = headerSize
        for _ in 0..<count {
            guard offset + 16 <= trailerStart else {
                throw .malformedSection(path: path, section: "header", reason: "section table ends early at byte \(offset)")
            }
            let header = try source.read(offset..<(offset + 16))
            let tag = String(quoting: header[0..<4])
            let checksum = integer(header, at: 4, as: UInt32.self)
            let length = integer(header, at: 8, as: UInt64.self)
            headers += header
            let payloadStart = offset + 16
            guard length <= UInt64(trailerStart - payloadStart) else {
                throw .malformedSection(
                    path: path, section: tag, reason: "its header at byte \(offset) gives a length of \(length), past the end of the file")
            }
            let payloadEnd = payloadStart + Int(length)
            sections[tag] = SectionRange(payload: payloadStart..<payloadEnd, checksum: checksum)
            offset = payloadEnd + min((8 - Int(length) % 8) % 8, trailerStart - payloadEnd)
        }
        let computed = crc32(of: headers)
        guard stored == computed else { throw .checksumMismatch(path: path, section: nil, stored: stored, computed: computed) }
        return sections
    }

    /// The little-endian integer at `offset` of `bytes`, as ``ByteReader`` reads one.
    private static func integer<T: FixedWidthInteger>(_ bytes: [UInt8], at offset: Int, as _: T.Type) -> T {
        T(littleEndian: bytes.withUnsafeBytes { $0.loadUnaligned(fromByteOffset: offset, as: T.self) })
    }

    /// Reads section `tag`, checks its checksum and decodes it with `body`.
    private static func decode<T>(
        _ tag: String, in sections: [String: SectionRange], _ source: ModelFileSource,
        _ body: (inout ByteReader) throws -> T
    ) throws(ModelFileError) -> T {
        let path = source.path
        guard let section = sections[tag] else { throw .missingSection(path: path, section: tag) }
        let payload = try source.read(section.payload)
        let computed = crc32(of: payload)
        guard computed == section.checksum else {
            throw .checksumMismatch(path: path, section: tag, stored: section.checksum, computed: computed)
        }
        let decoded = payload.withUnsafeBytes { raw -> Result<T, ModelFileError> in
            var reader = ByteReader(raw)
            do {
                return .success(try body(&reader))
            } catch let error as ByteReader.EndOfData {
                return .failure(.malformedSection(path: path, section: tag, reason: "ends early at byte \(error.offset) of the section"))
            } catch let error as SectionError {
                return .failure(.malformedSection(path: path, section: tag, reason: error.reason))
            } catch {
                return .failure(.malformedSection(path: path, section: tag, reason: "\(error)"))
            }
        }
        return try decoded.get()
    }

    /// An inconsistency found while decoding a section.
    struct SectionError: Error {
        let reason: String
    }

    static func crc32(of bytes: [UInt8]) -> UInt32 {
        bytes.withUnsafeBytes { crc32(of: $0) }
    }

    static func crc32(of bytes: UnsafeRawBufferPointer) -> UInt32 {
        var crc = CZlib.crc32(0, nil, 0)
        var offset = 0
        // zlib takes a 32-bit length: feed large files in chunks.
        while offset < bytes.count {
            let length = min(bytes.count - offset, 1 << 30)
            crc = CZlib.crc32(crc, bytes.baseAddress!.advanced(by: offset).assumingMemoryBound(to: UInt8.self), uInt(length))
            offset += length
        }
        return UInt32(crc)
    }
}
