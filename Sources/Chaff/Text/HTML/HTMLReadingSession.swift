/// The mutable state of one ``HTMLReader/lines(in:)`` call: the tokenizer, the
/// stack of open elements and the line being built.
///
/// Borrows the input bytes; lives only inside the reader's `withUTF8` closure.
/// The stack holds plain-data entries; strings (hidden reasons, link hosts,
/// tag paths) live in side tables indexed from the entries.
struct HTMLReadingSession {
    private let bytes: UnsafeBufferPointer<UInt8>
    private let source: HTMLSourceBytes
    private let options: HTMLReader.Options
    private var tokenizer: HTMLTokenizer
    private var lineCounter: SourceLineCounter
    private var hiddenStyle = HiddenStyle()
    /// Held, not reached through `HTMLTagTable.shared` on every tag.
    private let tags = HTMLTagTable.shared

    private var stack: [HTMLOpenElement] = []
    /// Tag paths of the open elements, built when a line first needs them.
    private var tagPaths = HTMLTagPaths()
    /// Hidden reasons referenced by ``HTMLOpenElement/hidden``.
    private var reasons: [String] = []
    /// Link hosts referenced by ``HTMLOpenElement/linkHost`` (a host linked
    /// again soon after may be referenced twice).
    private var hosts: [String] = []
    /// Open elements that keep line breaks (`pre`, `listing`, ...).
    private var preformattedDepth = 0
    /// Open `<a>` elements.
    private var openLinks = 0

    private var titles: [HTMLLine] = []
    private var keywords: [HTMLLine] = []
    private var descriptions: [HTMLLine] = []
    private var body: [HTMLLine] = []

    /// The text of every line kept so far, then that of the line being built
    /// (from ``lineTextStart`` on): the lines' texts are ranges of it.
    private let lineTexts: HTMLLineText.Storage

    // The line being built.
    private var lineTextStart = 0
    private var pendingSpace = false
    private var pendingSpaceInLink = false
    private var lineStart = 0
    private var lineTagPath = ""
    private var lineHidden: Int32 = -1
    private var lineLabeled = false
    private var lineLinkTextLength = 0
    private var lineLinkCount = 0
    private var lineHosts: [String] = []

    init(bytes: UnsafeBufferPointer<UInt8>, options: HTMLReader.Options) {
        self.bytes = bytes
        source = HTMLSourceBytes(bytes: bytes)
        self.options = options
        tokenizer = HTMLTokenizer(bytes: bytes)
        lineCounter = SourceLineCounter(bytes: bytes)
        stack.reserveCapacity(64)
        lineTexts = HTMLLineText.Storage(capacity: min(bytes.count, 4096))
    }

    /// Reads the whole input.
    mutating func read() -> [HTMLLine] {
        collectStyleSheets()
        while let token = tokenizer.next() {
            switch token {
            case .text(let range):
                appendText(range, decodeEntities: true)
            case .startTag(let name, let selfClosing, let start):
                startTag(name, selfClosing: selfClosing, at: start)
            case .endTag(let name, _):
                endTag(name)
            case .comment:
                break
            }
        }
        flushLine()
        // Move, not copy: prepending shifts the body lines bitwise.
        var front = titles
        front.append(contentsOf: keywords)
        front.append(contentsOf: descriptions)
        if !front.isEmpty { body.insert(contentsOf: front, at: 0) }
        return body
    }

    // MARK: - Style sheets

    /// Reads every `<style>` element first, so that a rule placed after the
    /// element it hides (a favourite of injectors) still applies.
    private mutating func collectStyleSheets() {
        var scanner = HTMLTokenizer(bytes: bytes)
        var cursor = 0
        let end = bytes.count
        // Each `<sty`, found sixteen starts at a time: in markup a `<` comes
        // every hundred bytes or so, and a `memchr` call for each of them
        // took about 5% of reading's time (session 33, AMD EPYC: 15 ms a
        // pass over the devset's 71 MB of HTML, against 9 ms for this scan).
        while let lessThan = HTMLBytes.styleTagStart(in: bytes, from: cursor) {
            cursor = lessThan + 1
            guard lessThan + 6 < end, HTMLBytes.hasPrefixIgnoringCase(bytes, at: lessThan + 1, "style"),
                  HTMLBytes.isWhitespace(bytes[lessThan + 6]) || bytes[lessThan + 6] == HTMLBytes.greaterThan
            else { continue }
            scanner.seek(to: lessThan)
            guard case .startTag = scanner.next() else { continue }
            let content = scanner.skipRawText(endTagName: "style")
            hiddenStyle.addStyleSheet(bytes, content)
            cursor = max(cursor, scanner.position)
        }
    }

    // MARK: - Tags

    private mutating func startTag(_ nameRange: Range<Int>, selfClosing: Bool, at start: Int) {
        let key = HTMLTag.key(bytes, nameRange)
        let tag = tags.lookup(key)
        let info = tags.info(of: tag)

        // Elements read whole, never pushed. A self-closing `<svg/>` or
        // `<math/>` is honoured, as in foreign content; `<iframe/>` is not.
        if info.contains(.skipped) || (tag == .noscript && !options.includeNoscript) {
            if selfClosing && (tag == .svg || tag == .math) {
                separateWords()
                return
            }
            switch tag {
            case .script: _ = tokenizer.skipRawText(endTagName: "script")
            case .style: _ = tokenizer.skipRawText(endTagName: "style")
            case .template: _ = tokenizer.skipRawText(endTagName: "template")
            case .svg: _ = tokenizer.skipRawText(endTagName: "svg")
            case .math: _ = tokenizer.skipRawText(endTagName: "math")
            case .iframe: _ = tokenizer.skipRawText(endTagName: "iframe")
            case .noembed: _ = tokenizer.skipRawText(endTagName: "noembed")
            case .noframes: _ = tokenizer.skipRawText(endTagName: "noframes")
            case .noscript: _ = tokenizer.skipRawText(endTagName: "noscript")
            default: break
            }
            if info.contains(.separatesWords) { separateWords() }
            return
        }
        switch tag {
        case .title:
            let labeled = tokenizer.attribute("data-chaff-label").map { source.trimmed($0).count == 1 && bytes[source.trimmed($0).lowerBound] == 0x31 } ?? false
            let content = tokenizer.skipRawText(endTagName: "title")
            addSpecialLine(content, kind: .title, at: content.lowerBound, pathLeaf: "title", labeled: labeled)
            return
        case .meta:
            readMeta(at: start)
            return
        case .textarea, .plaintext:
            let content = tag == .textarea
                ? tokenizer.skipRawText(endTagName: "textarea") : tokenizer.skipRawText(endTagName: "plaintext")
            flushLine()
            let depth = stack.count
            pushElement(tag, key: key, name: nameRange, info: info)
            appendText(content, decodeEntities: tag == .textarea)
            popElements(downTo: depth)
            flushLine()
            return
        case .html, .body, .head:
            if stack.contains(where: { $0.tag == tag }) { return }
            if tag == .body, let head = stack.lastIndex(where: { $0.tag == .head }) {
                popElements(downTo: head)
            }
        case .img:
            separateWords()
            if options.includeImageAlt, let alt = tokenizer.attribute("alt") {
                appendText(alt, decodeEntities: true)
                separateWords()
            }
            return
        default:
            break
        }

        // Implicit end tags.
        if info.contains(.closesParagraph) {
            closeIfOpen(.p, boundaries: [])
        }
        switch tag {
        case .li:
            closeIfOpen(.li, boundaries: .list)
        case .dt, .dd:
            closeIfOpen(.dt, boundaries: .definitionList)
            closeIfOpen(.dd, boundaries: .definitionList)
        case .td, .th:
            closeIfOpen(.td, boundaries: .row)
            closeIfOpen(.th, boundaries: .row)
        case .tr:
            closeIfOpen(.td, boundaries: .row)
            closeIfOpen(.th, boundaries: .row)
            closeIfOpen(.tr, boundaries: .tableSection)
        case .tbody, .thead, .tfoot:
            closeIfOpen(.td, boundaries: .row)
            closeIfOpen(.th, boundaries: .row)
            closeIfOpen(.tr, boundaries: [])
            closeIfOpen(.tbody, boundaries: [])
            closeIfOpen(.thead, boundaries: [])
            closeIfOpen(.tfoot, boundaries: [])
        case .option:
            if stack.last?.tag == .option { popElements(downTo: stack.count - 1) }
        case .optgroup:
            if stack.last?.tag == .option { popElements(downTo: stack.count - 1) }
            if stack.last?.tag == .optgroup { popElements(downTo: stack.count - 1) }
        case .a:
            closeIfOpen(.a, boundaries: [])
        default:
            if info.contains(.heading), let last = stack.last, last.info.contains(.heading) {
                popElements(downTo: stack.count - 1)
            }
        }

        if info.contains(.block) { flushLine() }
        if info.contains(.separatesWords) { separateWords() }
        if info.contains(.void) { return }
        pushElement(tag, key: key, name: nameRange, info: info)
    }

    private mutating func endTag(_ nameRange: Range<Int>) {
        let key = HTMLTag.key(bytes, nameRange)
        let tag = tags.lookup(key)
        var boundaries: HTMLTagInfo = []
        switch tag {
        case .html, .body:
            return  // text after </body> is still body text
        case .br:
            flushLine()  // "</br>" acts as "<br>"
            return
        case .li: boundaries = .list
        case .dt, .dd: boundaries = .definitionList
        case .tr: boundaries = .table
        default: break
        }
        if let index = openIndex(of: tag, key: key, boundaries: boundaries) {
            popElements(downTo: index)
        } else if tag == .p {
            flushLine()  // a stray </p> still breaks the line, as in browsers
        }
        // Any other unmatched end tag is ignored, without a line break.
    }

    /// Pops `tag` and everything above it when it is open within scope.
    private mutating func closeIfOpen(_ tag: HTMLTag, boundaries: HTMLTagInfo) {
        if let index = openIndex(of: tag, key: tags.key(of: tag), boundaries: boundaries) {
            popElements(downTo: index)
        }
    }

    /// The stack index of the innermost open element named by `key` (the key
    /// of `searched`, or of an unknown name when `searched` is `.other`), not
    /// looking past scope boundaries (tables, cells, marquee, template) nor
    /// past elements with any of the `boundaries` flags. Table parts (`table`,
    /// `tbody`, `tr`, ...) look through cells but not through another table.
    private mutating func openIndex(of searched: HTMLTag, key: UInt64, boundaries: HTMLTagInfo) -> Int? {
        let isTablePart = !tags.info(of: searched).isDisjoint(with: [.table, .tableSection, .row]) || searched == .caption
        // Through a buffer pointer, with wrapping arithmetic: each step was a
        // bounds check and an overflow check.
        return stack.withUnsafeBufferPointer { elements in
            var index = elements.count &- 1
            while index >= 0 {
                let element = elements[index]
                if element.key == key { return index }
                if !element.info.isDisjoint(with: boundaries) { return nil }
                if element.info.contains(.scopeBoundary) {
                    let passes = isTablePart && (element.tag == .td || element.tag == .th || element.tag == .caption)
                    if !passes { return nil }
                }
                index &-= 1
            }
            return nil
        }
    }

    private mutating func pushElement(_ tag: HTMLTag, key: UInt64, name: Range<Int>, info: HTMLTagInfo) {
        guard stack.count < options.maxDepth else { return }
        // One pass over the attributes; the first of each name wins.
        var id: Range<Int>?
        var classes: Range<Int>?
        var style: Range<Int>?
        var href: Range<Int>?
        var hasHiddenAttribute = false
        var labeled = stack.last?.labeled ?? false
        tokenizer.withAttributes { attributes in
            for attribute in attributes {
                let attributeName = attribute.name
                switch attributeName.count {
                case 2 where id == nil && HTMLBytes.equalsIgnoringCase(bytes, attributeName, "id"):
                    id = attribute.value
                case 4 where href == nil && HTMLBytes.equalsIgnoringCase(bytes, attributeName, "href"):
                    href = attribute.value
                case 5 where classes == nil && HTMLBytes.equalsIgnoringCase(bytes, attributeName, "class"):
                    classes = attribute.value
                case 5 where style == nil && HTMLBytes.equalsIgnoringCase(bytes, attributeName, "style"):
                    style = attribute.value
                case 6 where HTMLBytes.equalsIgnoringCase(bytes, attributeName, "hidden"):
                    hasHiddenAttribute = true
                case 16 where HTMLBytes.equalsIgnoringCase(bytes, attributeName, "data-chaff-label"):
                    let value = source.trimmed(attribute.value)
                    labeled = value.count == 1 && bytes[value.lowerBound] == 0x31
                default:
                    break
                }
            }
        }
        var element = HTMLOpenElement(
            tag: tag, key: key, info: info, name: name, id: id ?? 0..<0, classes: classes ?? 0..<0,
            hidden: stack.last?.hidden ?? -1, isLink: tag == .a, linkPending: false, linkHost: -1, labeled: labeled)
        if element.hidden < 0,
           let reason = hidingReason(
               tag: tag, info: info, style: style, hiddenAttribute: hasHiddenAttribute, id: id, classes: classes) {
            reasons.append(reason)
            element.hidden = Int32(reasons.count - 1)
        }
        if tag == .a {
            openLinks += 1
            if let href {
                element.linkPending = true
                element.linkHost = linkHostIndex(href)
            }
        }
        if info.contains(.preformatted) { preformattedDepth += 1 }
        stack.append(element)
        tagPaths.didPush()
    }

    private mutating func hidingReason(
        tag: HTMLTag, info: HTMLTagInfo, style: Range<Int>?, hiddenAttribute: Bool, id: Range<Int>?, classes: Range<Int>?
    ) -> String? {
        if let style, let reason = HiddenStyle.reason(inStyle: bytes, style) { return reason }
        if hiddenAttribute { return "hidden attribute" }
        if info.contains(.hiding) { return tag.name }
        if tag == .noscript { return "noscript" }
        guard !hiddenStyle.isEmpty else { return nil }
        if let id, let reason = hiddenStyle.reason(forID: UnsafeBufferPointer(rebasing: bytes[source.trimmed(id)])) {
            return reason
        }
        if let classes {
            for className in source.classNames(classes) {
                if let reason = hiddenStyle.reason(forClass: UnsafeBufferPointer(rebasing: bytes[className])) {
                    return reason
                }
            }
        }
        return nil
    }

    /// The index in ``hosts`` of the host of an `href` when it is an absolute
    /// http(s) or protocol-relative URL, -1 otherwise.
    private mutating func linkHostIndex(_ href: Range<Int>) -> Int32 {
        let start = source.trimmed(href)
        guard let first = start.first.map({ bytes[$0] }) else { return -1 }
        // Cheap rejection of relative links before any decoding.
        guard first | 0x20 == UInt8(ascii: "h") || first == HTMLBytes.slash || first == HTMLBytes.ampersand else {
            return -1
        }
        let url = UnsafeBufferPointer(rebasing: bytes[start])
        let range = HostName.hostRange(inURL: url)
        // A character reference before the end of the host (`http&#58;//`,
        // `evil&#46;com`) may change it: the host comes from the decoded URL
        // then. One after it (a query string's `&amp;`) cannot.
        if let ampersand = HTMLBytes.find(HTMLBytes.ampersand, in: bytes, from: start.lowerBound, to: start.upperBound),
           range.map({ ampersand - start.lowerBound < HostName.authorityEnd(in: url, from: $0.upperBound) }) ?? true {
            var decoded = source.collapsedText(start, inAttribute: true).text
            guard let host = decoded.withUTF8({ HostName.host(ofURL: $0) }) else { return -1 }
            hosts.append(host)
            return Int32(hosts.count - 1)
        }
        guard let range else { return -1 }
        let host = UnsafeBufferPointer(rebasing: url[range])
        // A page links a few hosts over and over: reuse a recent one's string.
        for index in hosts.indices.suffix(4) where HostName.lowercased(host, equals: hosts[index]) {
            return Int32(index)
        }
        hosts.append(HostName.lowercased(host))
        return Int32(hosts.count - 1)
    }

    /// Pops the elements at `index` and above, ending lines at block ends.
    private mutating func popElements(downTo index: Int) {
        guard index >= 0 else { return }
        while stack.count > index {
            let element = stack.removeLast()
            tagPaths.didPop()
            if element.isLink { openLinks -= 1 }
            if element.info.contains(.preformatted) { preformattedDepth -= 1 }
            if element.info.contains(.block) { flushLine() }
        }
    }

    private mutating func readMeta(at start: Int) {
        guard let nameRange = tokenizer.attribute("name") ?? tokenizer.attribute("property"),
              let content = tokenizer.attribute("content")
        else { return }
        let name = source.trimmed(nameRange)
        let labeled = tokenizer.attribute("data-chaff-label").map { source.trimmed($0).count == 1 && bytes[source.trimmed($0).lowerBound] == 0x31 } ?? false
        if HTMLBytes.equalsIgnoringCase(bytes, name, "keywords") {
            addSpecialLine(content, kind: .metaKeywords, at: start, pathLeaf: "meta", labeled: labeled)
        } else if HTMLBytes.equalsIgnoringCase(bytes, name, "description") {
            addSpecialLine(content, kind: .metaDescription, at: start, pathLeaf: "meta", labeled: labeled)
        }
    }

    // MARK: - Text

    /// Ends the word being built, as an image or a form control between words does.
    private mutating func separateWords() {
        if !lineIsEmpty {
            pendingSpace = true
            pendingSpaceInLink = openLinks > 0
        }
    }

    /// Appends the character data `bytes[range]` to the current line.
    private mutating func appendText(_ range: Range<Int>, decodeEntities: Bool) {
        // The open elements do not change within the text, so neither do these.
        let hidden = stack.last?.hidden ?? -1
        let labeled = stack.last?.labeled ?? false
        let inLink = openLinks > 0
        let preformatted = preformattedDepth > 0
        // A pending link is counted with the first character (a link whose text
        // spans lines counts in the first of them).
        var linkCounted = !inLink
        var index = range.lowerBound
        let end = range.upperBound
        while index < end {
            let byte = bytes[index]
            // Whitespace, including U+00A0 NO-BREAK SPACE written raw.
            if HTMLBytes.isWhitespace(byte) || (byte == 0xC2 && index + 1 < end && bytes[index + 1] == 0xA0) {
                if preformatted && byte == HTMLBytes.newline {
                    flushLine()
                } else if !lineIsEmpty {
                    pendingSpace = true
                    pendingSpaceInLink = inLink
                }
                index += byte == 0xC2 ? 2 : 1
                if !preformatted {
                    // More whitespace changes nothing (markup indentation is most of it).
                    index = HTMLBytes.whitespaceEnd(in: bytes, from: index, to: end)
                }
                continue
            }
            if byte == 0 {
                index += 1
                continue
            }
            if byte == HTMLBytes.ampersand && decodeEntities,
               let decoded = HTMLEntities.decode(bytes, at: index, end: end, inAttribute: false) {
                let scalar = decoded.scalar
                if scalar == 0xA0 || scalar == 0x20 || scalar == 0x09 || scalar == 0x0A || scalar == 0x0D {
                    if !lineIsEmpty {
                        pendingSpace = true
                        pendingSpaceInLink = inLink
                    }
                } else {
                    beginCharacter(at: index, hidden: hidden, labeled: labeled)
                    if !linkCounted {
                        countPendingLink()
                        linkCounted = true
                    }
                    lineTexts.append(scalar: scalar)
                    if inLink { lineLinkTextLength += 1 }
                }
                index += decoded.length
                continue
            }
            beginCharacter(at: index, hidden: hidden, labeled: labeled)
            if !linkCounted {
                countPendingLink()
                linkCounted = true
            }
            let runEnd = TextRun.end(in: bytes, from: index + 1, to: end)
            lineTexts.append(UnsafeBufferPointer(rebasing: bytes[index..<runEnd]))
            if inLink { lineLinkTextLength += TextRun.scalarCount(in: bytes, index..<runEnd) }
            index = runEnd
        }
    }

    /// Prepares the line for one more visible character at source offset `offset`:
    /// ends the line if its hidden or labeled state differs, starts a new one if
    /// needed, and writes a pending space.
    @inline(__always)
    private mutating func beginCharacter(at offset: Int, hidden: Int32, labeled: Bool) {
        if !lineIsEmpty && ((lineHidden != hidden && !sameReason(lineHidden, hidden)) || labeled != lineLabeled) {
            flushLine()
        }
        if lineIsEmpty {
            pendingSpace = false
            lineStart = offset
            lineHidden = hidden
            lineLabeled = labeled
            lineTagPath = currentTagPath()
        } else if pendingSpace {
            lineTexts.append(HTMLBytes.space)
            if pendingSpaceInLink { lineLinkTextLength += 1 }
            pendingSpace = false
        }
    }

    /// Whether the line being built has no text yet.
    private var lineIsEmpty: Bool { lineTexts.count == lineTextStart }

    private mutating func sameReason(_ first: Int32, _ second: Int32) -> Bool {
        first >= 0 && second >= 0 && reasons[Int(first)] == reasons[Int(second)]
    }

    private mutating func countPendingLink() {
        guard let index = stack.lastIndex(where: { $0.isLink }), stack[index].linkPending else { return }
        stack[index].linkPending = false
        lineLinkCount += 1
        let host = stack[index].linkHost
        if host >= 0, !lineHosts.contains(hosts[Int(host)]) {
            lineHosts.append(hosts[Int(host)])
        }
    }

    /// Ends the current line, keeping it when it has text.
    private mutating func flushLine() {
        pendingSpace = false
        guard !lineIsEmpty else { return }
        var line = HTMLLine(
            storedText: HTMLLineText(lineTexts, lineTextStart..<lineTexts.count), kind: .body,
            sourceLine: lineCounter.line(at: lineStart), tagPath: lineTagPath,
            linkTextLength: lineLinkTextLength, linkCount: lineLinkCount, linkHosts: lineHosts,
            hiddenReason: lineHidden >= 0 ? reasons[Int(lineHidden)] : nil)
        line.isLabeledInjected = lineLabeled
        body.append(consume line)
        lineTextStart = lineTexts.count
        lineLinkTextLength = 0
        lineLinkCount = 0
        if !lineHosts.isEmpty { lineHosts = [] }
        lineHidden = -1
    }

    /// Adds a title or meta line made of the (entity-decoded, collapsed) `range`.
    private mutating func addSpecialLine(_ range: Range<Int>, kind: HTMLLine.Kind, at offset: Int, pathLeaf: String, labeled: Bool) {
        let collapsed = source.collapsedText(range, inAttribute: kind != .title)
        guard !collapsed.text.isEmpty else { return }
        let sourceOffset = kind == .title ? collapsed.firstOffset : offset
        let parent = stack.isEmpty ? "" : path(at: stack.count - 1)
        var line = HTMLLine(
            text: collapsed.text, kind: kind, sourceLine: lineCounter.line(at: sourceOffset),
            tagPath: parent.isEmpty ? pathLeaf : parent + ">" + pathLeaf)
        line.isLabeledInjected = labeled
        switch kind {
        case .title: titles.append(line)
        case .metaKeywords: keywords.append(line)
        case .metaDescription: descriptions.append(line)
        case .body: body.append(line)
        }
    }

    // MARK: - Attribute and path helpers

    /// The tag path down to the innermost block element (or the whole stack
    /// when no block element is open).
    private mutating func currentTagPath() -> String {
        guard !stack.isEmpty else { return "" }
        let block = stack.lastIndex(where: { $0.info.contains(.block) }) ?? stack.count - 1
        return path(at: block)
    }

    /// The tag path of `stack[0...index]`; see ``HTMLTagPaths``.
    private mutating func path(at index: Int) -> String {
        // Through a buffer pointer: passing the array would retain and release it.
        stack.withUnsafeBufferPointer { stack in
            tagPaths.path(at: index, of: stack, source: source, maxDepth: options.maxPathDepth)
        }
    }
}
