/// One attribute of a start tag, as byte ranges into the tokenizer's input.
struct HTMLAttribute {
    /// The attribute name as written (compare ignoring ASCII case).
    var name: Range<Int>
    /// The raw value without quotes, entities not yet decoded; empty when the
    /// attribute has no value (`<div hidden>`).
    var value: Range<Int>
}
