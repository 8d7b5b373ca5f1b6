import CChaffSupport

/// Recognises CSS that hides content from people but not from crawlers, the
/// classic carrier of injected keyword blocks.
///
/// Inline `style` attributes are checked with ``reason(inStyle:_:)``; rules of
/// `<style>` elements are collected with ``addStyleSheet(_:_:)`` so that an element
/// whose class or id a stylesheet hides is caught too. The checks are cheap
/// and deliberately literal (no cascade, no specificity, no inheritance of
/// `visibility`); a declaration hides when it is one of:
/// - `display:none`, `visibility:hidden` or `visibility:collapse`;
/// - `font-size` of zero (any unit) or at most 1px/1pt;
/// - `opacity:0`;
/// - `left`, `top`, `right` or `bottom` at or below -500px (or -30em, or -100%)
///   together with `position:absolute`, `fixed` or `relative`;
/// - `text-indent` at or below -500px (or -30em);
/// - `height:0` or `width:0` together with `overflow:hidden`;
/// - `color` equal to `background-color` (or to a plain `background` colour)
///   in the same declaration block (textual comparison; `#fff` equals `#ffffff`).
///
/// Rules inside at-rules (`@media`, `@supports`, ...) are ignored: hiding things
/// for some viewports is ordinary responsive design. Only simple selectors are
/// collected: `.name`, `tag.name`, `#name`, `tag#name` (comma lists allowed).
struct HiddenStyle: Sendable {
    /// Class names a stylesheet hides (case-sensitive), with the reason.
    private(set) var hiddenClasses: [String: String] = [:]
    /// Element ids a stylesheet hides (case-sensitive), with the reason.
    private(set) var hiddenIDs: [String: String] = [:]

    /// Turns away most class names before a `String` is built to look them up.
    private var classFilter = SelectorNameFilter()
    /// Turns away most ids before a `String` is built to look them up.
    private var idFilter = SelectorNameFilter()

    /// True when no stylesheet rule hides anything, so class lookups can be skipped.
    var isEmpty: Bool { hiddenClasses.isEmpty && hiddenIDs.isEmpty }

    /// Why a stylesheet hides elements of the class `name` (its bytes), or nil.
    func reason(forClass name: UnsafeBufferPointer<UInt8>) -> String? {
        guard classFilter.mayContain(name) else { return nil }
        return hiddenClasses[String(decoding: name, as: UTF8.self)]
    }

    /// Why a stylesheet hides the element with id `name` (its bytes), or nil.
    func reason(forID name: UnsafeBufferPointer<UInt8>) -> String? {
        guard idFilter.mayContain(name) else { return nil }
        return hiddenIDs[String(decoding: name, as: UTF8.self)]
    }

    // MARK: - Declarations

    /// Why the declaration block `bytes[range]` (a `style` attribute's value or
    /// a rule's body) hides its element, e.g. `"display:none"`; nil when it does not.
    ///
    /// - Complexity: O(n) in the block's length; allocates only to build the reason.
    static func reason(inStyle bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> String? {
        var facts = Declarations()
        var index = range.lowerBound
        let end = range.upperBound
        while index < end {
            // One declaration: property ":" value (";" | end).
            let declarationEnd = HTMLBytes.find(HTMLBytes.semicolon, in: bytes, from: index, to: end) ?? end
            if let colon = HTMLBytes.find(UInt8(ascii: ":"), in: bytes, from: index, to: declarationEnd) {
                let property = trimmed(bytes, index..<colon)
                var value = trimmed(bytes, (colon + 1)..<declarationEnd)
                if let bang = HTMLBytes.find(UInt8(ascii: "!"), in: bytes, from: value.lowerBound, to: value.upperBound) {
                    value = trimmed(bytes, value.lowerBound..<bang)  // "!important"
                }
                if let reason = facts.record(bytes, property: property, value: value) { return reason }
            }
            index = declarationEnd + 1
        }
        return facts.combinedReason(bytes)
    }

    /// The facts of one declaration block that matter for hiding, as byte ranges.
    private struct Declarations {
        var position: Range<Int>?
        var offset: (property: Range<Int>, value: Range<Int>)?
        var zeroSize = false
        var overflowHidden = false
        var color: Range<Int>?
        var background: Range<Int>?

        /// Records one declaration; returns a reason when it alone hides.
        mutating func record(_ bytes: UnsafeBufferPointer<UInt8>, property: Range<Int>, value: Range<Int>) -> String? {
            func `is`(_ literal: StaticString) -> Bool { HTMLBytes.equalsIgnoringCase(bytes, property, literal) }
            func valueIs(_ literal: StaticString) -> Bool { HTMLBytes.equalsIgnoringCase(bytes, value, literal) }
            func text(_ range: Range<Int>) -> String {
                String(decoding: UnsafeBufferPointer(rebasing: bytes[range]).map(HTMLBytes.lowercased), as: UTF8.self)
            }
            switch property.count {
            case 7 where `is`("display"):
                if valueIs("none") { return "display:none" }
            case 10 where `is`("visibility"):
                if valueIs("hidden") || valueIs("collapse") { return "visibility:" + text(value) }
            case 9 where `is`("font-size"):
                if let length = Length(bytes, value),
                   length.value <= 0 || (length.value <= 1 && (length.unit == .px || length.unit == .pt)) {
                    return "font-size:" + text(value)
                }
            case 7 where `is`("opacity"):
                if let length = Length(bytes, value), length.value <= 0, length.unit == .none { return "opacity:0" }
            case 11 where `is`("text-indent"):
                if let length = Length(bytes, value), length.isFarNegative { return "text-indent:" + text(value) }
            case 8 where `is`("position"):
                position = value
            case 3 where `is`("top"), 4 where `is`("left"), 5 where `is`("right"), 6 where `is`("bottom"):
                if let length = Length(bytes, value), length.isFarNegative { offset = (property, value) }
            case 5 where `is`("width"), 6 where `is`("height"), 9 where `is`("max-width"), 10 where `is`("max-height"):
                if let length = Length(bytes, value), length.value == 0 { zeroSize = true }
            case 8 where `is`("overflow"), 10 where `is`("overflow-x") || `is`("overflow-y"):
                if valueIs("hidden") || valueIs("clip") { overflowHidden = true }
            case 5 where `is`("color"):
                color = value
            case 10 where `is`("background"), 16 where `is`("background-color"):
                background = value
            default:
                break
            }
            return nil
        }

        func combinedReason(_ bytes: UnsafeBufferPointer<UInt8>) -> String? {
            if let offset, let position,
               HTMLBytes.equalsIgnoringCase(bytes, position, "absolute")
                || HTMLBytes.equalsIgnoringCase(bytes, position, "fixed")
                || HTMLBytes.equalsIgnoringCase(bytes, position, "relative") {
                return "position:" + lowered(bytes, position) + ";" + lowered(bytes, offset.property) + ":"
                    + lowered(bytes, offset.value)
            }
            if zeroSize && overflowHidden { return "size:0;overflow:hidden" }
            if let color, let background {
                let colorKey = HiddenStyle.colorKey(bytes, color)
                if !colorKey.isEmpty, colorKey == HiddenStyle.colorKey(bytes, background) {
                    return "color:" + colorKey + "=background"
                }
            }
            return nil
        }

        private func lowered(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> String {
            String(decoding: UnsafeBufferPointer(rebasing: bytes[range]).map(HTMLBytes.lowercased), as: UTF8.self)
        }
    }

    /// A colour value lower-cased without spaces, `#abc` expanded to `#aabbcc`;
    /// empty for values that never hide (`transparent`, `inherit`, ...).
    private static func colorKey(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> String {
        var key = UnsafeBufferPointer(rebasing: bytes[range]).filter { !HTMLBytes.isWhitespace($0) }
            .map(HTMLBytes.lowercased)
        if key.count == 4, key[0] == UInt8(ascii: "#") {
            key = [key[0], key[1], key[1], key[2], key[2], key[3], key[3]]
        }
        let string = String(decoding: key, as: UTF8.self)
        switch string {
        case "transparent", "inherit", "initial", "unset", "currentcolor", "none": return ""
        default: return string
        }
    }

    /// A CSS length: a number and a unit.
    private struct Length {
        enum Unit { case none, px, pt, em, percent, other }
        var value: Double
        var unit: Unit

        init?(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) {
            var index = range.lowerBound
            let end = range.upperBound
            var negative = false
            if index < end, bytes[index] == UInt8(ascii: "-") || bytes[index] == UInt8(ascii: "+") {
                negative = bytes[index] == UInt8(ascii: "-")
                index += 1
            }
            var number = 0.0
            var digits = 0
            var scale = 0.0
            while index < end {
                let byte = bytes[index]
                if HTMLBytes.isDigit(byte) {
                    let digit = Double(byte - UInt8(ascii: "0"))
                    if scale == 0 {
                        number = number * 10 + digit
                    } else {
                        number += digit * scale
                        scale /= 10
                    }
                    digits += 1
                } else if byte == UInt8(ascii: "."), scale == 0 {
                    scale = 0.1
                } else {
                    break
                }
                index += 1
            }
            guard digits > 0 else { return nil }
            value = negative ? -number : number
            let unitRange = index..<end
            if unitRange.isEmpty {
                unit = .none
            } else if HTMLBytes.equalsIgnoringCase(bytes, unitRange, "px") {
                unit = .px
            } else if HTMLBytes.equalsIgnoringCase(bytes, unitRange, "pt") {
                unit = .pt
            } else if HTMLBytes.equalsIgnoringCase(bytes, unitRange, "em") || HTMLBytes.equalsIgnoringCase(bytes, unitRange, "rem") {
                unit = .em
            } else if HTMLBytes.equalsIgnoringCase(bytes, unitRange, "%") || HTMLBytes.equalsIgnoringCase(bytes, unitRange, "vw")
                || HTMLBytes.equalsIgnoringCase(bytes, unitRange, "vh") {
                unit = .percent
            } else {
                unit = .other
            }
        }

        /// Far enough off-screen to hide text on any display.
        var isFarNegative: Bool {
            switch unit {
            case .em: return value <= -30
            case .percent: return value <= -100
            default: return value <= -500
            }
        }
    }

    private static func trimmed(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Range<Int> {
        var lower = range.lowerBound
        var upper = range.upperBound
        while lower < upper, HTMLBytes.isWhitespace(bytes[lower]) { lower += 1 }
        while upper > lower, HTMLBytes.isWhitespace(bytes[upper - 1]) { upper -= 1 }
        return lower..<upper
    }

    // MARK: - Stylesheets

    /// Collects the simple class and id selectors of the rules in the CSS text
    /// `bytes[range]` (a `<style>` element's content) whose declarations hide.
    mutating func addStyleSheet(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) {
        let css = HiddenStyle.strippingComments(bytes, range)
        css.withUnsafeBufferPointer { css in
            var index = 0
            let end = css.count
            while index < end {
                while index < end, HTMLBytes.isWhitespace(css[index]) { index += 1 }
                guard index < end else { break }
                if css[index] == UInt8(ascii: "@") {
                    index = HiddenStyle.skipAtRule(css, from: index)
                    continue
                }
                guard let open = HTMLBytes.find(UInt8(ascii: "{"), in: css, from: index, to: end) else { break }
                let close = HTMLBytes.find(UInt8(ascii: "}"), in: css, from: open + 1, to: end) ?? end
                // Most rules of real style sheets have only compound selectors
                // (`.menu a`, `p:hover`), which name no hidden class or id:
                // their declarations need not be read.
                if HiddenStyle.hasSimpleSelector(css, index..<open),
                   let reason = HiddenStyle.reason(inStyle: css, (open + 1)..<close) {
                    addSelectors(css, index..<open, reason: reason)
                }
                index = close + 1
            }
        }
    }

    private mutating func addSelectors(_ css: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, reason: String) {
        HiddenStyle.forEachSelector(css, range) { selector in
            guard let (marker, name) = HiddenStyle.simpleSelector(css, selector) else { return }
            addSimpleSelector(css, marker: marker, name: name, reason: reason)
        }
    }

    /// Whether any of the comma-separated selectors `css[range]` is simple.
    private static func hasSimpleSelector(_ css: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Bool {
        var found = false
        forEachSelector(css, range) { selector in
            if !found && simpleSelector(css, selector) != nil { found = true }
        }
        return found
    }

    /// Calls `body` with each comma-separated selector of `css[range]`, trimmed.
    private static func forEachSelector(
        _ css: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, _ body: (Range<Int>) -> Void
    ) {
        var start = range.lowerBound
        while start < range.upperBound {
            let stop = HTMLBytes.find(UInt8(ascii: ","), in: css, from: start, to: range.upperBound) ?? range.upperBound
            var lower = start
            var upper = stop
            while lower < upper, HTMLBytes.isWhitespace(css[lower]) { lower += 1 }
            while upper > lower, HTMLBytes.isWhitespace(css[upper - 1]) { upper -= 1 }
            body(lower..<upper)
            start = stop + 1
        }
    }

    /// The marker (`.` or `#`) and name of a simple selector
    /// `[tag](.name|#name)`, whose name is letters, digits, `-`, `_` or
    /// non-ASCII; nil for any other selector.
    private static func simpleSelector(
        _ css: UnsafeBufferPointer<UInt8>, _ range: Range<Int>
    ) -> (marker: UInt8, name: Range<Int>)? {
        var index = range.lowerBound
        while index < range.upperBound, HTMLBytes.isAlphanumeric(css[index]) { index += 1 }
        guard index < range.upperBound else { return nil }
        let marker = css[index]
        guard marker == UInt8(ascii: ".") || marker == UInt8(ascii: "#") else { return nil }
        let nameStart = index + 1
        index = nameStart
        while index < range.upperBound {
            let byte = css[index]
            guard HTMLBytes.isAlphanumeric(byte) || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "_") || byte >= 0x80
            else { return nil }
            index += 1
        }
        guard index > nameStart else { return nil }
        return (marker, nameStart..<index)
    }

    private mutating func addSimpleSelector(
        _ css: UnsafeBufferPointer<UInt8>, marker: UInt8, name nameRange: Range<Int>, reason: String
    ) {
        let nameBytes = UnsafeBufferPointer(rebasing: css[nameRange])
        let name = String(decoding: nameBytes, as: UTF8.self)
        if marker == UInt8(ascii: ".") {
            hiddenClasses[name] = hiddenClasses[name] ?? ("." + name + " {" + reason + "}")
            classFilter.insert(nameBytes)
        } else {
            hiddenIDs[name] = hiddenIDs[name] ?? ("#" + name + " {" + reason + "}")
            idFilter.insert(nameBytes)
        }
    }

    /// Skips an at-rule: up to its `;`, or past its balanced `{...}` block.
    /// Sixteen bytes a step with SSE2, through the masks of its braces
    /// (`chaff_at_rule_end`): an `@media` block can be most of a style
    /// sheet, and the byte loop it replaced, which stepped through every
    /// sixteen bytes that held a `;` or a brace, was the hottest loop of
    /// reading the sheets (session 33).
    static func skipAtRule(_ css: UnsafeBufferPointer<UInt8>, from start: Int) -> Int {
        guard start < css.count, let base = css.baseAddress else { return max(start, css.count) }
        return chaff_at_rule_end(base, css.count, start)
    }
}
