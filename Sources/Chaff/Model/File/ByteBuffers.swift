/// Appends little-endian values to a growing byte array.
struct ByteWriter {
    private(set) var bytes: [UInt8] = []

    /// Makes room for `count` bytes in all.
    mutating func reserveCapacity(_ count: Int) { bytes.reserveCapacity(count) }

    mutating func write<T: FixedWidthInteger>(_ value: T) {
        withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
    }

    mutating func write(_ value: Double) { write(value.bitPattern) }
    mutating func write(_ value: Float) { write(value.bitPattern) }

    mutating func write(_ string: String) {
        let utf8 = Array(string.utf8)
        write(UInt32(utf8.count))
        bytes.append(contentsOf: utf8)
    }

    mutating func write(raw: [UInt8]) { bytes.append(contentsOf: raw) }

    /// Writes integers, in one copy when they are contiguous (little-endian
    /// machines only write their memory as it is).
    mutating func write<T: FixedWidthInteger>(array: some RandomAccessCollection<T>) {
        #if _endian(little)
        let copied: Void? = array.withContiguousStorageIfAvailable { bytes.append(contentsOf: UnsafeRawBufferPointer($0)) }
        if copied == nil { for value in array { write(value) } }
        #else
        for value in array { write(value) }
        #endif
    }

    mutating func pad(to alignment: Int) {
        while bytes.count % alignment != 0 { bytes.append(0) }
    }
}

/// Reads little-endian values from bytes; every read checks bounds and throws
/// instead of trapping, so a truncated or tampered file gives an error.
struct ByteReader {
    let bytes: UnsafeRawBufferPointer
    private(set) var offset: Int

    /// Thrown when a read would pass the end.
    struct EndOfData: Error {
        let offset: Int
        let wanted: Int
    }

    init(_ bytes: UnsafeRawBufferPointer, offset: Int = 0) {
        self.bytes = bytes
        self.offset = offset
    }

    var remaining: Int { bytes.count - offset }

    mutating func read<T: FixedWidthInteger>(_: T.Type = T.self) throws(EndOfData) -> T {
        let size = MemoryLayout<T>.size
        guard remaining >= size else { throw EndOfData(offset: offset, wanted: size) }
        let value = bytes.loadUnaligned(fromByteOffset: offset, as: T.self)
        offset += size
        return T(littleEndian: value)
    }

    mutating func readDouble() throws(EndOfData) -> Double { Double(bitPattern: try read(UInt64.self)) }

    mutating func readString(maximumLength: Int = 1 << 20) throws(EndOfData) -> String {
        let length = Int(try read(UInt32.self))
        guard length <= maximumLength, remaining >= length else { throw EndOfData(offset: offset, wanted: length) }
        let string = String(decoding: UnsafeRawBufferPointer(rebasing: bytes[offset..<(offset + length)]), as: UTF8.self)
        offset += length
        return string
    }

    /// Reads `count` integers in one copy.
    mutating func readArray<T: FixedWidthInteger>(_: T.Type, count: Int) throws(EndOfData) -> [T] {
        let size = MemoryLayout<T>.size
        guard count >= 0, count <= remaining / size else { throw EndOfData(offset: offset, wanted: count * size) }
        var array = [T](repeating: 0, count: count)
        array.withUnsafeMutableBytes { destination in
            destination.copyMemory(from: UnsafeRawBufferPointer(rebasing: bytes[offset..<(offset + count * size)]))
        }
        #if !_endian(little)
        array = array.map { T(littleEndian: $0) }
        #endif
        offset += count * size
        return array
    }

    mutating func skip(_ count: Int) throws(EndOfData) {
        guard count >= 0, remaining >= count else { throw EndOfData(offset: offset, wanted: count) }
        offset += count
    }
}
