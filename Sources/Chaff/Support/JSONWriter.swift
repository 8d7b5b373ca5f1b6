/// Builds compact JSON by hand into a byte buffer: stable key order, no
/// Foundation round trip, and fast enough for a report per page on the
/// scoring path (numbers are formatted with integer arithmetic).
public struct JSONWriter: Sendable {
    /// The UTF-8 bytes written so far.
    public private(set) var bytes: [UInt8] = []

    /// Creates an empty writer with room for `capacity` bytes before it grows.
    public init(capacity: Int = 1024) {
        bytes.reserveCapacity(capacity)
    }

    /// The JSON text so far.
    public var text: String { String(decoding: bytes, as: UTF8.self) }

    /// Appends raw JSON (punctuation, a nested document).
    public mutating func raw(_ json: String) {
        // Through `withUTF8`: short strings (most keys and punctuation) keep
        // their bytes inline, and appending their UTF-8 view went byte by byte.
        var json = json
        json.withUTF8 { bytes.append(contentsOf: $0) }
    }

    /// Appends JSON text known at compile time (punctuation and keys, such as
    /// `,"score":`), as is: a copy of its bytes, for the per-line parts of a report.
    public mutating func fragment(_ json: StaticString) {
        bytes.append(contentsOf: UnsafeBufferPointer(start: json.utf8Start, count: json.utf8CodeUnitCount))
    }

    /// Appends a string literal, escaped.
    public mutating func string(_ value: String) {
        var value = value
        value.withUTF8 { utf8 in
            bytes.append(0x22)
            if !utf8.contains(where: Self.needsEscape) {
                bytes.append(contentsOf: utf8)
            } else {
                appendEscaped(utf8)
            }
            bytes.append(0x22)
        }
    }

    /// Whether a byte must be escaped in a JSON string: quote, backslash, controls and DEL.
    @inline(__always)
    private static func needsEscape(_ byte: UInt8) -> Bool {
        byte == 0x22 || byte == 0x5C || byte < 0x20 || byte == 0x7F
    }

    private mutating func appendEscaped(_ utf8: UnsafeBufferPointer<UInt8>) {
        for byte in utf8 {
            switch byte {
            case 0x22: bytes.append(0x5C); bytes.append(0x22)
            case 0x5C: bytes.append(0x5C); bytes.append(0x5C)
            case 0x0A: bytes.append(0x5C); bytes.append(0x6E)
            case 0x0D: bytes.append(0x5C); bytes.append(0x72)
            case 0x09: bytes.append(0x5C); bytes.append(0x74)
            case 0..<0x20, 0x7F:
                let hex: [UInt8] = Array("0123456789abcdef".utf8)
                bytes.append(contentsOf: [0x5C, 0x75, 0x30, 0x30, hex[Int(byte >> 4)], hex[Int(byte & 0xF)]])
            default: bytes.append(byte)
            }
        }
    }

    /// Appends a number with at most `decimals` decimals (0 to 15), trailing zeros dropped.
    public mutating func number(_ value: Double, decimals: Int = 6) {
        Self.append(value, decimals: decimals, to: &bytes)
    }

    /// Appends an integer.
    public mutating func number(_ value: Int) { Self.append(integer: value, to: &bytes) }

    /// Appends `true` or `false`.
    public mutating func bool(_ value: Bool) { raw(value ? "true" : "false") }

    /// Appends `"key":`.
    public mutating func key(_ name: String) {
        string(name)
        bytes.append(0x3A)
    }

    /// A finite number as JSON text; NaN and infinities (never valid JSON) become 0.
    public static func format(_ value: Double, decimals: Int = 6) -> String {
        var bytes: [UInt8] = []
        append(value, decimals: decimals, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    static func append(_ value: Double, decimals: Int, to bytes: inout [UInt8]) {
        let decimals = min(max(decimals, 0), 15)
        guard value.isFinite else {
            bytes.append(0x30)
            return
        }
        var scale = 1.0
        for _ in 0..<decimals { scale *= 10 }
        let scaled = (abs(value) * scale).rounded()
        guard scaled < 9e15 else {
            bytes.append(contentsOf: String(value).utf8)
            return
        }
        let integer = Int(scaled)
        let unit = Int(scale)
        if value < 0 && integer != 0 { bytes.append(0x2D) }
        append(integer: integer / unit, to: &bytes)
        var fraction = integer % unit
        guard fraction != 0 else { return }
        var digits = decimals
        while fraction % 10 == 0 {
            fraction /= 10
            digits -= 1
        }
        bytes.append(0x2E)
        // The fraction with its leading zeros: `digits` digits, written from the end.
        var text: (UInt64, UInt64) = (0, 0)
        withUnsafeMutableBytes(of: &text) { buffer in
            for position in stride(from: digits - 1, through: 0, by: -1) {
                buffer[position] = 0x30 + UInt8(fraction % 10)
                fraction /= 10
            }
            bytes.append(contentsOf: UnsafeRawBufferPointer(rebasing: buffer[0..<digits]))
        }
    }

    static func append(integer value: Int, to bytes: inout [UInt8]) {
        if value < 0 { bytes.append(0x2D) }
        var magnitude = value.magnitude
        // Digits are written from the end of a stack buffer, then appended at once.
        var digits: (UInt64, UInt64, UInt64) = (0, 0, 0)
        withUnsafeMutableBytes(of: &digits) { buffer in
            var start = buffer.count
            repeat {
                start -= 1
                buffer[start] = 0x30 + UInt8(magnitude % 10)
                magnitude /= 10
            } while magnitude > 0
            bytes.append(contentsOf: UnsafeRawBufferPointer(rebasing: buffer[start...]))
        }
    }
}
