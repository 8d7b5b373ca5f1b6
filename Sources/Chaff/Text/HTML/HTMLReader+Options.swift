extension HTMLReader {
    /// Settings of an ``HTMLReader``.
    public struct Options: Sendable, Hashable {
        /// Whether `img` `alt` text flows into the current line (default false:
        /// search engines treat it as describing the image, not as page text).
        public var includeImageAlt: Bool = false
        /// Whether `noscript` text is read (default true; its lines are marked
        /// hidden with reason `"noscript"`). When false it is skipped like `script`.
        public var includeNoscript: Bool = true
        /// The most elements kept open at once; deeper start tags are read
        /// but not pushed (default 256). Bounds memory and tag-path cost.
        public var maxDepth: Int = 256
        /// The most elements written in a ``HTMLLine/tagPath`` (default 16): the
        /// first two and the innermost ones, joined around `…`.
        public var maxPathDepth: Int = 16

        /// Creates default options.
        public init() {}
    }
}
