/// Reads an HTML page into the lines of text a search engine indexes, in one
/// pass over the UTF-8 bytes, tolerating any malformed markup.
///
/// ```swift
/// let lines = HTMLReader().lines(in: html)
/// for line in lines where line.isHidden { print(line.sourceLine, line.text) }
/// ```
///
/// **Lines.** Every block element (`p`, `div`, `li`, `td`, `th`, `tr`, `h1`–`h6`,
/// `br`, `dd`, `dt`, `section`, `article`, `header`, `footer`, `nav`, `table`,
/// `ul`, `ol`, `blockquote`, `form`, `option`, `address`, `figcaption`, `hr`,
/// `center`, `marquee`, `noscript`, ...) starts and ends a line; inline elements
/// (`a`, `span`, `b`, `i`, `em`, `strong`, `font`, unknown and custom elements)
/// flow into the current line. `img`, `input`, `button` and other replaced
/// elements separate words with a space; image `alt` text is not text of the
/// page (search engines index it as image context) unless
/// ``Options/includeImageAlt`` is set. Inside `pre`, `listing` and `textarea`
/// each source line is a line. Whitespace and no-break spaces collapse to
/// single spaces; empty lines are dropped. A line also ends wherever text
/// switches between hidden and visible, so hidden text is never mixed into a
/// visible line.
///
/// **Order.** All `<title>` lines come first, then `<meta name="keywords">`, then
/// `<meta name="description">`, then the body lines in document order.
///
/// **Skipped.** The content of `script`, `style`, `template`, `svg`, `math`,
/// `iframe`, `noembed` and `noframes`, comments, doctypes, CDATA sections and
/// processing instructions. `noscript` text is kept (crawlers that do not run
/// scripts see it, and injectors use it), marked hidden with reason
/// `"noscript"`, because people with scripts enabled never see it.
///
/// **Hidden.** An element is hidden when it or an ancestor has a hiding inline
/// style (see `HiddenStyle`: `display:none`, `visibility:hidden`, zero or 1px
/// font size, `opacity:0`, far negative offsets or `text-indent`, zero size
/// with `overflow:hidden`, text colour equal to background colour), the
/// `hidden` attribute, a class or id that a `<style>` element anywhere in the
/// page hides with a simple selector, or is a `marquee` (scrolling text is a
/// classic way to tuck keyword blocks away). `aria-hidden` is not hiding for
/// this purpose: it removes content from screen readers while leaving it on
/// screen, which is the opposite of what injectors want.
///
/// **Malformed markup** is read the way browsers do in spirit: `p`, `li`, `dt`,
/// `dd`, `td`, `th`, `tr` and `option` close implicitly; stray end tags are
/// ignored; `</body>` and `</html>` are ignored (text after them is body text);
/// end tags do not reach past tables and cells; a `<` that starts no tag is
/// text; a tag cut off by the end of the input is dropped; NUL bytes are
/// dropped; the stack of open elements is capped at ``Options/maxDepth`` and
/// nothing recurses.
///
/// The reader is an immutable value: one instance can serve any number of threads.
///
/// - Complexity: O(n) in the length of the page, plus O(depth) per element
///   whose tag path a line needs; skipped content (scripts, style sheets) is
///   passed over sixteen bytes at a time, and text is copied in runs.
public struct HTMLReader: Sendable {
    /// Settings of the reader.
    public var options: Options

    /// Creates a reader with default options.
    public init() {
        options = Options()
    }

    /// Creates a reader with the given options.
    public init(options: Options) {
        self.options = options
    }

    /// The lines of `html`: titles, meta keywords, meta descriptions, then body text.
    public func lines(in html: String) -> [HTMLLine] {
        var html = html
        return html.withUTF8 { bytes in
            var session = HTMLReadingSession(bytes: bytes, options: options)
            return session.read()
        }
    }

    /// The lines of a page given as UTF-8 bytes (invalid sequences are kept as
    /// they are in the line text, then repaired to U+FFFD when lines become strings).
    public func lines(inUTF8 bytes: UnsafeBufferPointer<UInt8>) -> [HTMLLine] {
        var session = HTMLReadingSession(bytes: bytes, options: options)
        return session.read()
    }
}
