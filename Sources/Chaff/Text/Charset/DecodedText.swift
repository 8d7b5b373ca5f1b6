/// The text of a page decoded by ``CharsetDecoder``, with how its charset was chosen.
public struct DecodedText: Sendable, Hashable {
    /// Where the charset used for decoding came from, in the order the decoder tries them.
    public enum Source: String, Sendable, Hashable, CaseIterable {
        /// A UTF-8 or UTF-16 byte order mark at the start of the bytes.
        case bom
        /// The charset parameter of the HTTP Content-Type header given by the caller.
        case contentType
        /// A `<meta charset>` or `<meta http-equiv="Content-Type">` in the first 4096 bytes.
        case metaTag
        /// Nothing was declared (or a declared legacy charset was overruled) and
        /// the bytes are valid UTF-8.
        case utf8Valid
        /// Nothing usable was declared and the bytes are not valid UTF-8; the charset
        /// is the most plausible of ``Charset/guessCandidates`` (or UTF-8 with a few
        /// broken sequences when that is more plausible still).
        case guessed
        /// No candidate scored as plausible; windows-1252 was used because it maps
        /// almost every byte.
        case fallback
    }

    /// The decoded text; undecodable input appears as U+FFFD.
    public var text: String
    /// The canonical name of the charset used (see ``Charset/name``), e.g. `"GB18030"`.
    public var charset: String
    /// Where ``charset`` came from.
    public var source: Source
    /// How many U+FFFD replacement characters the decoder inserted for invalid
    /// input (replacement characters present in valid input are not counted).
    public var replacements: Int

    /// Creates a decoded text value.
    public init(text: String, charset: String, source: Source, replacements: Int) {
        self.text = text
        self.charset = charset
        self.source = source
        self.replacements = replacements
    }
}
