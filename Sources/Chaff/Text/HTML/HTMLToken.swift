/// One token produced by ``HTMLTokenizer``. Ranges index the tokenizer's bytes,
/// so a token is only meaningful while those bytes are alive.
enum HTMLToken {
    /// Character data (entities not yet decoded). A `<` that does not start a
    /// tag arrives as its own one-byte text token.
    case text(Range<Int>)
    /// A start tag; its attributes are in ``HTMLTokenizer/attributes`` until the
    /// next call to `next()`. `start` is the offset of the `<`.
    case startTag(name: Range<Int>, selfClosing: Bool, start: Int)
    /// An end tag (its attributes, if any, are dropped).
    case endTag(name: Range<Int>, start: Int)
    /// A comment, doctype, processing instruction, CDATA section or other
    /// bogus comment; the range is its inside. Never rendered.
    case comment(Range<Int>)
}
