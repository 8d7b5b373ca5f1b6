import Glibc

/// The tag paths of a reading session's open elements (``HTMLLine/tagPath``),
/// built as bytes and turned into a `String` once per element that a line needs.
///
/// The path of `stack[0...i]` is a prefix of the path of any deeper element, so
/// one byte buffer holds the path of the open elements built so far, with the
/// end of each element's segment; popping an element only shortens what counts
/// as built. Segments are written from the source bytes (no `String` per
/// segment), and the `String` of a path is kept per element, so the many lines
/// of one element share it.
///
/// Segments are cut at ASCII separators (`>`, `#`, `.`), so decoding the whole
/// path at once repairs any ill-formed bytes exactly as decoding each segment
/// on its own would.
struct HTMLTagPaths {
    /// The segments of the first `segmentEnds.count` open elements, joined by
    /// `>`, up to the last segment's end; the rest is room for the next
    /// segment, which is written in place (``HTMLSourceBytes/writePathSegment(of:to:)``).
    private var bytes: [UInt8] = []
    /// Where each built element's segment ends in ``bytes``.
    private var segmentEnds: [Int] = []
    /// The path `String` of each open element, once a line has asked for it.
    private var strings: [String?] = []
    /// The last path `String` made for an element at each depth, kept after the
    /// element is popped: the next `<li>` of a list, `<p>` of an article or
    /// `<td>` of a table has the same path, and reuses it.
    private var recent: [String] = []
    /// Scratch space for a path cut short around `…`.
    private var deepPath: [UInt8] = []

    init() {
        bytes = [UInt8](repeating: 0, count: 1024)
        segmentEnds.reserveCapacity(64)
        strings.reserveCapacity(64)
    }

    /// Records that an element was pushed on the stack.
    mutating func didPush() {
        strings.append(nil)
    }

    /// Records that the top element was popped off the stack.
    mutating func didPop() {
        strings.removeLast()
        // Segments are built only for elements on the stack, so at most the
        // popped element's is left over: removed with `removeLast()`, since
        // `removeLast(_:)` goes through the generic `replaceSubrange`. Its
        // bytes stay until the next segment is written over them: nothing
        // reads past the last segment's end.
        while segmentEnds.count > strings.count { segmentEnds.removeLast() }
    }

    /// The tag path of `stack[0...index]`; paths deeper than `maxDepth` (at
    /// least 4) keep the first two and last elements around `…`.
    ///
    /// - Complexity: O(length of the path) the first time for an element, O(1) after.
    mutating func path(
        at index: Int, of stack: UnsafeBufferPointer<HTMLOpenElement>, source: HTMLSourceBytes, maxDepth: Int
    ) -> String {
        if let cached = strings[index] { return cached }
        while segmentEnds.count <= index {
            let element = stack[segmentEnds.count]
            let isFirst = segmentEnds.isEmpty
            var end = segmentEnds.last ?? 0
            // Room for a separator and the longest segment; the array only grows.
            let room = end + 1 + HTMLSourceBytes.maxPathSegment
            if bytes.count < room { bytes.append(contentsOf: repeatElement(0, count: max(room, 2 * bytes.count) - bytes.count)) }
            bytes.withUnsafeMutableBufferPointer { bytes in
                if !isFirst {
                    bytes[end] = UInt8(ascii: ">")
                    end += 1
                }
                end += source.writePathSegment(of: element, to: bytes.baseAddress! + end)
            }
            segmentEnds.append(end)
        }
        let cap = max(maxDepth, 4)
        let path: String
        if index + 1 > cap {
            // First two segments, "…", then the innermost cap - 3.
            let firstKept = index + 1 - (cap - 3)
            deepPath.removeAll(keepingCapacity: true)
            bytes.withUnsafeBufferPointer { built in
                deepPath.append(contentsOf: UnsafeBufferPointer(rebasing: built[0..<segmentEnds[1]]))
                StaticString(">…>").withUTF8Buffer { deepPath.append(contentsOf: $0) }
                deepPath.append(contentsOf: UnsafeBufferPointer(rebasing: built[(segmentEnds[firstKept - 1] + 1)..<segmentEnds[index]]))
            }
            path = deepPath.withUnsafeBufferPointer { reusedOrNew($0, depth: index) }
        } else {
            path = bytes.withUnsafeBufferPointer { reusedOrNew(UnsafeBufferPointer(rebasing: $0[0..<segmentEnds[index]]), depth: index) }
        }
        strings[index] = path
        return path
    }

    /// The recent path at `depth` when its bytes are `utf8`, else a new one.
    private mutating func reusedOrNew(_ utf8: UnsafeBufferPointer<UInt8>, depth: Int) -> String {
        if depth < recent.count, HTMLTagPaths.equal(&recent[depth], utf8) { return recent[depth] }
        let path = String(decoding: utf8, as: UTF8.self)
        if depth < recent.count {
            recent[depth] = path
        } else {
            // Depths are asked for in any order; fill the gap with empty paths.
            recent.append(contentsOf: repeatElement("", count: depth - recent.count))
            recent.append(path)
        }
        return path
    }

    /// Whether `string`'s UTF-8 is exactly `utf8` (a `String` of repaired bytes never is).
    private static func equal(_ string: inout String, _ utf8: UnsafeBufferPointer<UInt8>) -> Bool {
        guard string.utf8.count == utf8.count else { return false }
        return string.withUTF8 { stored in
            guard let storedBase = stored.baseAddress, let base = utf8.baseAddress else { return stored.isEmpty }
            return memcmp(storedBase, base, utf8.count) == 0
        }
    }
}
