import CZlib
import Foundation

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
        var sections: [(String, [UInt8])] = []
        sections.append(("CONF", encodeConfiguration(model.configuration, model.parameters)))
        sections.append(("META", encodeMetadata(model.metadata, sampleCapacity: sample.capacity)))
        sections.append(("CALB", encodeCalibrator(model.calibrator)))
        sections.append(("TABL", encodeTable(model.table)))
        sections.append(("NAME", encodeNames(names)))
        sections.append(("CNTS", encodeCounts(counts)))
        sections.append(("SMPL", encodeSample(sample)))

        var writer = ByteWriter()
        writer.write(raw: magic)
        writer.write(formatVersion)
        writer.write(UInt32(sections.count))
        var headers = writer.bytes
        for (tag, payload) in sections {
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
        let file = try MappedFile(path: url.path)
        return try withExtendedLifetime(file) { () throws(ModelFileError) -> NaiveBayesModel in
            let raw = file.bytes
            let sections = try verifiedSections(raw, path: url.path)
            let path = url.path
            let (configuration, parameters) = try decode("CONF", in: sections, raw, path, decodeConfiguration)
            let (metadata, sampleCapacity) = try decode("META", in: sections, raw, path, decodeMetadata)
            let calibrator = try decode("CALB", in: sections, raw, path, decodeCalibrator)
            let table = try decode("TABL", in: sections, raw, path, decodeTable)
            guard sections["NAME"] != nil else { throw .missingSection(path: path, section: "NAME") }
            guard sections["CNTS"] != nil else { throw .missingSection(path: path, section: "CNTS") }
            guard sections["SMPL"] != nil else { throw .missingSection(path: path, section: "SMPL") }
            return NaiveBayesModel(
                configuration: configuration, parameters: parameters, table: table, calibrator: calibrator,
                metadata: metadata, sections: .file(url, sampleCapacity: sampleCapacity))
        }
    }

    /// Reads the counts and the calibration sample of a model file.
    static func readMergeableSections(of url: URL) throws(ModelFileError) -> (counts: FeatureCounts, sample: CalibrationSample, names: [UInt32: String]) {
        let file = try MappedFile(path: url.path)
        return try withExtendedLifetime(file) { () throws(ModelFileError) -> (counts: FeatureCounts, sample: CalibrationSample, names: [UInt32: String]) in
            let raw = file.bytes
            let sections = try verifiedSections(raw, path: url.path)
            let (_, capacity) = try decode("META", in: sections, raw, url.path, decodeMetadata)
            let counts = try decode("CNTS", in: sections, raw, url.path, decodeCounts)
            let entries = try decode("SMPL", in: sections, raw, url.path, decodeSample)
            let names = try decode("NAME", in: sections, raw, url.path, decodeNames)
            return (counts, CalibrationSample(capacity: capacity, entries: entries), names)
        }
    }

    /// Where a section is in the file, and the checksum its payload must have.
    struct SectionRange {
        let payload: Range<Int>
        let checksum: UInt32
    }

    /// Checks magic, version, trailer and the checksum of the section table,
    /// and returns each section's payload range by tag. Payloads are checked
    /// when they are decoded.
    static func verifiedSections(_ raw: UnsafeRawBufferPointer, path: String) throws(ModelFileError) -> [String: SectionRange] {
        guard raw.count >= 8, Array(raw[0..<8]) == magic else {
            if raw.count < 8 && Array(raw) == Array(magic.prefix(raw.count)) && !raw.isEmpty {
                throw .truncated(path: path, size: raw.count)
            }
            throw .notAModel(path: path)
        }
        guard raw.count >= headerSize + trailerSize else { throw .truncated(path: path, size: raw.count) }
        let version = raw.loadUnaligned(fromByteOffset: 8, as: UInt32.self).littleEndian
        guard version == formatVersion else {
            throw .unsupportedVersion(path: path, found: version, supported: formatVersion)
        }
        let trailerStart = raw.count - trailerSize
        guard Array(raw[trailerStart..<(trailerStart + 8)]) == trailerMagic else { throw .truncated(path: path, size: raw.count) }
        let stored = raw.loadUnaligned(fromByteOffset: trailerStart + 8, as: UInt32.self).littleEndian

        // Walk the section table, checksumming the headers as they go by.
        var headers = Array(raw[0..<headerSize])
        var reader = ByteReader(UnsafeRawBufferPointer(rebasing: raw[0..<trailerStart]), offset: 12)
        var sections: [String: SectionRange] = [:]
        let endOfTable = { (offset: Int) in
            ModelFileError.malformedSection(path: path, section: "header", reason: "section table ends early at byte \(offset)")
        }
        do {
            let count = try reader.read(UInt32.self)
            // A count mangled past what the checksum could tell is caught here.
            guard count <= 64 else { throw ModelFileError.malformedSection(path: path, section: "header", reason: "\(count) sections") }
            for _ in 0..<count {
                let headerStart = reader.offset
                let tagBytes: [UInt8] = [try reader.read(), try reader.read(), try reader.read(), try reader.read()]
                let tag = String(decoding: tagBytes, as: UTF8.self)
                let checksum = try reader.read(UInt32.self)
                let length = try reader.read(UInt64.self)
                headers += raw[headerStart..<reader.offset]
                guard length <= UInt64(reader.remaining) else {
                    throw ModelFileError.malformedSection(path: path, section: tag, reason: "length \(length) passes the end of the file")
                }
                let start = reader.offset
                try reader.skip(Int(length))
                sections[tag] = SectionRange(payload: start..<reader.offset, checksum: checksum)
                try reader.skip(min((8 - Int(length) % 8) % 8, reader.remaining))
            }
        } catch let error as ByteReader.EndOfData {
            throw endOfTable(error.offset)
        } catch let error as ModelFileError {
            throw error
        } catch {
            throw endOfTable(reader.offset)
        }
        let computed = crc32(of: headers)
        guard stored == computed else { throw .checksumMismatch(path: path, section: nil, stored: stored, computed: computed) }
        return sections
    }

    private static func decode<T>(
        _ tag: String, in sections: [String: SectionRange], _ raw: UnsafeRawBufferPointer, _ path: String,
        _ body: (inout ByteReader) throws -> T
    ) throws(ModelFileError) -> T {
        guard let section = sections[tag] else { throw .missingSection(path: path, section: tag) }
        let payload = UnsafeRawBufferPointer(rebasing: raw[section.payload])
        let computed = crc32(of: payload)
        guard computed == section.checksum else {
            throw .checksumMismatch(path: path, section: tag, stored: section.checksum, computed: computed)
        }
        var reader = ByteReader(payload)
        do {
            return try body(&reader)
        } catch let error as ByteReader.EndOfData {
            throw .malformedSection(path: path, section: tag, reason: "ends early at byte \(error.offset) of the section")
        } catch let error as SectionError {
            throw .malformedSection(path: path, section: tag, reason: error.reason)
        } catch {
            throw .malformedSection(path: path, section: tag, reason: "\(error)")
        }
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
