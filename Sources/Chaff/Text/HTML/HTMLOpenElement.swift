/// An entry of the reader's stack of open elements: plain data (no strings or
/// references), so pushing, popping and scanning the stack never touches
/// reference counts. Strings it needs live in side tables of the session.
struct HTMLOpenElement {
    /// The element, or `.other` with ``key`` telling unknown names apart.
    var tag: HTMLTag
    /// ``HTMLTag/key(_:_:)`` of the name.
    var key: UInt64
    /// The flags of ``tag``.
    var info: HTMLTagInfo
    /// The name in the source (for the tag path).
    var name: Range<Int>
    /// The raw `id` value in the source (empty when absent).
    var id: Range<Int>
    /// The raw `class` value in the source (empty when absent).
    var classes: Range<Int>
    /// Index into the session's hidden reasons of why this element or an
    /// ancestor is hidden; -1 when visible.
    var hidden: Int32
    /// An `<a>` element.
    var isLink: Bool
    /// An `<a href>` whose count has not yet gone to a line.
    var linkPending: Bool
    /// Index into the session's hosts of the link's absolute `href` host; -1 for none.
    var linkHost: Int32
    /// Inside an element annotated `data-chaff-label="1"` (training data only).
    var labeled: Bool = false
}
