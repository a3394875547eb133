import Testing

@testable import SheetReading

@Suite struct ByteBufferTests {
    /// `appendShort` moves short runs in overlapping words: every length on each side of the
    /// 4, 8, 16 and 32-byte steps, at odd offsets of source and buffer, appends exactly the bytes.
    @Test func shortAppendsCopyExactlyTheBytes() {
        let source = (0..<96).map { UInt8(truncatingIfNeeded: $0 &* 37 &+ 11) }
        for offset in [0, 1, 3] {
            for length in 0...40 {
                let buffer = ByteBuffer(capacity: 16)
                buffer.append(0xAA)
                source.withUnsafeBufferPointer { all in
                    buffer.appendShort(UnsafeBufferPointer(rebasing: all[offset..<(offset + length)]))
                    buffer.appendShort(UnsafeBufferPointer(rebasing: all[offset..<(offset + length)]))
                }
                let expected = [0xAA] + Array(source[offset..<(offset + length)]) + source[offset..<(offset + length)]
                #expect(Array(buffer.bytes) == expected, "offset \(offset), length \(length)")
            }
        }
    }
}
