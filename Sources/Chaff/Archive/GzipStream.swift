import CZlib

/// Streaming gzip decompression of a file, member after member, with bounded
/// memory: 64 KiB of compressed input and zlib's 32 KiB window.
///
/// Common Crawl compresses each WARC record as its own gzip member, so a
/// reader can seek to any record; this stream also remembers where each member
/// starts, in both the compressed file and the uncompressed stream, so records
/// can be reported by the offsets an index uses.
final class GzipStream: ArchiveStream {
    private let file: ArchiveFile
    private let inflater = Inflater(format: .gzip)
    private var input = [UInt8](repeating: 0, count: 1 << 16)
    private var inputStart = 0
    private var inputEnd = 0
    private var fileEnded = false
    private var insideMember = false
    /// Compressed bytes consumed so far.
    private var compressedOffset: Int64 = 0
    /// Uncompressed bytes produced so far.
    private var uncompressedOffset: Int64 = 0
    /// Member starts not yet asked about: (uncompressed, compressed) offsets.
    private var memberStarts: [(uncompressed: Int64, compressed: Int64)] = []

    init(file: ArchiveFile) { self.file = file }

    func memberOffset(startingAt offset: Int64) -> Int64? {
        let firstKept = memberStarts.firstIndex { $0.uncompressed >= offset } ?? memberStarts.count
        memberStarts.removeFirst(firstKept)
        return memberStarts.first.flatMap { $0.uncompressed == offset ? $0.compressed : nil }
    }

    func read(into buffer: UnsafeMutableRawBufferPointer) throws(WARCError) -> Int {
        guard inflater.isReady else {
            throw .corruptCompression(path: file.path, compressedOffset: 0, reason: "zlib initialisation failed")
        }
        while true {
            if inputStart == inputEnd && !fileEnded { try refill() }
            if !insideMember {
                // Between members: zero padding is tolerated, anything but a gzip header is not.
                while inputStart < inputEnd && input[inputStart] == 0 {
                    inputStart += 1
                    compressedOffset += 1
                }
                if inputStart == inputEnd {
                    if fileEnded { return 0 }
                    continue
                }
                if inputEnd - inputStart < 2 && !fileEnded { try refill(); continue }
                guard inputEnd - inputStart >= 2, input[inputStart] == 0x1F, input[inputStart + 1] == 0x8B else {
                    throw .corruptCompression(path: file.path, compressedOffset: compressedOffset,
                                              reason: "expected a gzip member header")
                }
                insideMember = true
                memberStarts.append((uncompressedOffset, compressedOffset))
            }
            let start = inputStart, end = inputEnd
            let step = input.withUnsafeBytes { source in
                inflater.step(input: UnsafeRawBufferPointer(rebasing: source[start..<end]), output: buffer)
            }
            inputStart += step.consumed
            compressedOffset += Int64(step.consumed)
            uncompressedOffset += Int64(step.produced)
            switch step.status {
            case Z_STREAM_END:
                insideMember = false
                inflater.reset()
            case Z_OK:
                break
            case Z_BUF_ERROR where inputStart == inputEnd:
                if fileEnded {
                    throw .corruptCompression(path: file.path, compressedOffset: compressedOffset,
                                              reason: "the file ends inside a gzip member (truncated download?)")
                }
            default:
                throw .corruptCompression(path: file.path, compressedOffset: compressedOffset,
                                          reason: inflater.message(for: step.status))
            }
            if step.produced > 0 { return step.produced }
            if fileEnded && inputStart == inputEnd && !insideMember { return 0 }
        }
    }

    private func refill() throws(WARCError) {
        if inputStart > 0 {
            input.withUnsafeMutableBytes { raw in
                raw.baseAddress!.copyMemory(from: raw.baseAddress! + inputStart, byteCount: inputEnd - inputStart)
            }
            inputEnd -= inputStart
            inputStart = 0
        }
        let end = inputEnd
        let got = try input.withUnsafeMutableBytes { raw in
            Result { () throws(WARCError) -> Int in
                try file.read(into: UnsafeMutableRawBufferPointer(rebasing: raw[end...]))
            }
        }.get()
        if got == 0 { fileEnded = true }
        inputEnd += got
    }
}
