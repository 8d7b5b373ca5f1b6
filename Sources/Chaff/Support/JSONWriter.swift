/// Builds compact JSON by hand into a byte buffer: stable key order, no
/// Foundation round trip, and fast enough for a report per page on the
/// scoring path (numbers are formatted with integer arithmetic).
///
/// Small writes (punctuation, keys, numbers) gather in a 64-byte stage that
/// moves to the buffer when full: `Array.append(contentsOf:)` costs about a
/// hundred instructions, more than copying the few bytes it was given, and a
/// page report makes five such writes per line.
public struct JSONWriter: Sendable {
    /// The bytes moved out of the stage so far.
    private var written: [UInt8] = []
    /// Bytes not yet moved to ``written``: the first ``staged`` of 64.
    private var stage: (UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0, 0, 0, 0, 0)
    private var staged = 0
    private static var stageCapacity: Int { 64 }

    /// Creates an empty writer with room for `capacity` bytes before it grows.
    public init(capacity: Int = 1024) {
        written.reserveCapacity(capacity)
    }

    /// The UTF-8 bytes written so far.
    public var bytes: [UInt8] {
        var copy = self
        copy.flush()
        return copy.written
    }

    /// The JSON text so far.
    public var text: String { String(decoding: bytes, as: UTF8.self) }

    /// Moves the stage's bytes to ``written``.
    private mutating func flush() {
        guard staged > 0 else { return }
        let count = staged
        withUnsafeBytes(of: stage) { written.append(contentsOf: UnsafeRawBufferPointer(rebasing: $0[0..<count])) }
        staged = 0
    }

    /// Copies `source` in, through the stage when it fits.
    private mutating func write(_ source: UnsafeRawBufferPointer) {
        if staged + source.count > Self.stageCapacity {
            flush()
            if source.count > Self.stageCapacity {
                written.append(contentsOf: source)
                return
            }
        }
        guard let base = source.baseAddress else { return }
        let offset = staged
        withUnsafeMutableBytes(of: &stage) { $0.baseAddress!.advanced(by: offset).copyMemory(from: base, byteCount: source.count) }
        staged += source.count
    }

    /// Lets `body` write at most `room` (≤ 64) bytes into the stage; `body`
    /// returns how many it wrote.
    private mutating func writeInStage(room: Int, _ body: (UnsafeMutablePointer<UInt8>) -> Int) {
        if staged + room > Self.stageCapacity { flush() }
        let offset = staged
        let count = withUnsafeMutableBytes(of: &stage) {
            body($0.baseAddress!.advanced(by: offset).assumingMemoryBound(to: UInt8.self))
        }
        staged += count
    }

    /// Copies one byte in.
    private mutating func write(byte: UInt8) {
        writeInStage(room: 1) { $0.pointee = byte; return 1 }
    }

    /// Appends raw JSON (punctuation, a nested document).
    public mutating func raw(_ json: String) {
        // Through `withUTF8`: short strings (most keys and punctuation) keep
        // their bytes inline, and their UTF-8 view went byte by byte.
        var json = json
        json.withUTF8 { write(UnsafeRawBufferPointer($0)) }
    }

    /// Appends JSON text known at compile time (punctuation and keys, such as
    /// `,"score":`), as is: a copy of its bytes, for the per-line parts of a report.
    public mutating func fragment(_ json: StaticString) {
        write(UnsafeRawBufferPointer(start: json.utf8Start, count: json.utf8CodeUnitCount))
    }

    /// Appends a string literal, escaped.
    public mutating func string(_ value: String) {
        var value = value
        value.withUTF8 { utf8 in
            write(byte: 0x22)
            if !utf8.contains(where: Self.needsEscape) {
                write(UnsafeRawBufferPointer(utf8))
            } else {
                flush()
                appendEscaped(utf8)
            }
            write(byte: 0x22)
        }
    }

    /// Whether a byte must be escaped in a JSON string: quote, backslash, controls and DEL.
    @inline(__always)
    private static func needsEscape(_ byte: UInt8) -> Bool {
        byte == 0x22 || byte == 0x5C || byte < 0x20 || byte == 0x7F
    }

    /// Appends `utf8` escaped straight to ``written`` (the stage is empty).
    private mutating func appendEscaped(_ utf8: UnsafeBufferPointer<UInt8>) {
        for byte in utf8 {
            switch byte {
            case 0x22: written.append(0x5C); written.append(0x22)
            case 0x5C: written.append(0x5C); written.append(0x5C)
            case 0x0A: written.append(0x5C); written.append(0x6E)
            case 0x0D: written.append(0x5C); written.append(0x72)
            case 0x09: written.append(0x5C); written.append(0x74)
            case 0..<0x20, 0x7F:
                let hex: [UInt8] = Array("0123456789abcdef".utf8)
                written.append(contentsOf: [0x5C, 0x75, 0x30, 0x30, hex[Int(byte >> 4)], hex[Int(byte & 0xF)]])
            default: written.append(byte)
            }
        }
    }

    /// Appends a number with at most `decimals` decimals (0 to 15), trailing zeros dropped.
    public mutating func number(_ value: Double, decimals: Int = 6) {
        writeInStage(room: Self.longestNumber) { Self.write(value, decimals: decimals, to: $0) }
    }

    /// Appends an integer.
    public mutating func number(_ value: Int) {
        writeInStage(room: Self.longestNumber) { Self.write(integer: value, to: $0) }
    }

    /// Appends `true` or `false`.
    public mutating func bool(_ value: Bool) { raw(value ? "true" : "false") }

    /// Appends `"key":`.
    public mutating func key(_ name: String) {
        string(name)
        write(byte: 0x3A)
    }

    /// A finite number as JSON text; NaN and infinities (never valid JSON) become 0.
    public static func format(_ value: Double, decimals: Int = 6) -> String {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: longestNumber) { buffer in
            let count = write(value, decimals: decimals, to: buffer.baseAddress!)
            return String(decoding: UnsafeBufferPointer(rebasing: buffer[0..<count]), as: UTF8.self)
        }
    }

    /// The most bytes ``write(_:decimals:to:)`` and ``write(integer:to:)``
    /// write: `Double`'s longest description is 24 characters
    /// (`-2.2250738585072014e-308`), `Int.min` has 20.
    static var longestNumber: Int { 32 }

    /// Writes `value` at `out` and returns how many bytes that took.
    static func write(_ value: Double, decimals: Int, to out: UnsafeMutablePointer<UInt8>) -> Int {
        let decimals = min(max(decimals, 0), 15)
        guard value.isFinite else {
            out.pointee = 0x30
            return 1
        }
        var scale = 1.0
        for _ in 0..<decimals { scale *= 10 }
        let scaled = (abs(value) * scale).rounded()
        guard scaled < 9e15 else {
            // Beyond integer arithmetic: the shortest round-trip form.
            var description = String(value)
            return description.withUTF8 { utf8 in
                let count = min(utf8.count, longestNumber)
                out.update(from: utf8.baseAddress!, count: count)
                return count
            }
        }
        let integer = Int(scaled)
        let unit = Int(scale)
        var count = 0
        if value < 0 && integer != 0 {
            out.pointee = 0x2D
            count = 1
        }
        count += write(integer: integer / unit, to: out + count)
        var fraction = integer % unit
        guard fraction != 0 else { return count }
        var digits = decimals
        while fraction % 10 == 0 {
            fraction /= 10
            digits -= 1
        }
        out[count] = 0x2E
        // The fraction with its leading zeros: `digits` digits, written from the end.
        for position in stride(from: count + digits, through: count + 1, by: -1) {
            out[position] = 0x30 + UInt8(fraction % 10)
            fraction /= 10
        }
        return count + 1 + digits
    }

    /// Writes `value` in decimal at `out` and returns how many bytes that took.
    static func write(integer value: Int, to out: UnsafeMutablePointer<UInt8>) -> Int {
        var count = 0
        if value < 0 {
            out.pointee = 0x2D
            count = 1
        }
        var magnitude = value.magnitude
        var length = 1
        var rest = magnitude / 10
        while rest > 0 {
            length += 1
            rest /= 10
        }
        // Digits from the last.
        for position in stride(from: count + length - 1, through: count, by: -1) {
            out[position] = 0x30 + UInt8(magnitude % 10)
            magnitude /= 10
        }
        return count + length
    }
}
