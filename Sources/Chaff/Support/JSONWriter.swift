/// Builds compact JSON text by hand: stable key order, no Foundation round trip,
/// and fast enough for a report per page on the scoring path.
public struct JSONWriter: Sendable {
    /// The JSON text so far.
    public private(set) var text = ""

    /// Creates an empty writer.
    public init() {}

    /// Appends raw JSON (punctuation, a nested document).
    public mutating func raw(_ json: String) { text += json }

    /// Appends a string literal, escaped.
    public mutating func string(_ value: String) {
        text += "\""
        var plainStart = value.unicodeScalars.startIndex
        var index = plainStart
        let scalars = value.unicodeScalars
        while index != scalars.endIndex {
            let scalar = scalars[index]
            let escape: String?
            switch scalar {
            case "\"": escape = "\\\""
            case "\\": escape = "\\\\"
            case "\n": escape = "\\n"
            case "\r": escape = "\\r"
            case "\t": escape = "\\t"
            case _ where scalar.value < 0x20 || scalar.value == 0x2028 || scalar.value == 0x2029:
                let hex = String(scalar.value, radix: 16)
                escape = "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: escape = nil
            }
            if let escape {
                text.unicodeScalars.append(contentsOf: scalars[plainStart..<index])
                text += escape
                plainStart = scalars.index(after: index)
            }
            index = scalars.index(after: index)
        }
        text.unicodeScalars.append(contentsOf: scalars[plainStart..<scalars.endIndex])
        text += "\""
    }

    /// Appends a number with at most `decimals` decimals, trailing zeros dropped.
    public mutating func number(_ value: Double, decimals: Int = 6) {
        text += JSONWriter.format(value, decimals: decimals)
    }

    /// Appends an integer.
    public mutating func number(_ value: Int) { text += String(value) }

    /// Appends `true` or `false`.
    public mutating func bool(_ value: Bool) { text += value ? "true" : "false" }

    /// Appends `"key":`.
    public mutating func key(_ name: String) {
        string(name)
        text += ":"
    }

    /// A finite number as JSON text; NaN and infinities (never valid JSON) become 0.
    public static func format(_ value: Double, decimals: Int = 6) -> String {
        guard value.isFinite else { return "0" }
        var scale = 1.0
        for _ in 0..<decimals { scale *= 10 }
        let scaled = (abs(value) * scale).rounded()
        guard scaled < 9e15 else { return String(value) }
        let integer = Int(scaled)
        let unit = Int(scale)
        var result = value < 0 && integer != 0 ? "-" : ""
        result += String(integer / unit)
        var fraction = integer % unit
        if fraction != 0 {
            var digits = decimals
            while fraction % 10 == 0 {
                fraction /= 10
                digits -= 1
            }
            let fractionText = String(fraction)
            result += "." + String(repeating: "0", count: digits - fractionText.count) + fractionText
        }
        return result
    }
}
