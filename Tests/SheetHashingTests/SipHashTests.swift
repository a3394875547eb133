import SheetHashing
import Testing

/// SipHash against the reference implementation's vectors (github.com/veorq/SipHash): key
/// 00 01 … 0f, messages 00, 00 01, … (`vectors_sip64`) for SipHash-2-4; key 0 for SipHash-1-3.
@Suite struct SipHashTests {
    static let referenceKey: (UInt64, UInt64) = (0x0706_0504_0302_0100, 0x0F0E_0D0C_0B0A_0908)

    /// The first 16 64-bit SipHash-2-4 vectors (messages of 0 to 15 bytes).
    static let sip24: [UInt64] = [
        0x726f_db47_dd0e_0e31, 0x74f8_39c5_93dc_67fd, 0x0d6c_8009_d9a9_4f5a, 0x8567_6696_d7fb_7e2d,
        0xcf27_94e0_2771_87b7, 0x1876_5564_cd99_a68d, 0xcbc9_466e_58fe_e3ce, 0xab02_00f5_8b01_d137,
        0x93f5_f579_9a93_2462, 0x9e00_82df_0ba9_e4b0, 0x7a5d_bbc5_94dd_b9f3, 0xf4b3_2f46_226b_ada7,
        0x751e_8fbc_860e_e5fb, 0x14ea_5627_c084_3d90, 0xf723_ca90_8e7a_f2ee, 0xa129_ca61_49be_45e5,
    ]

    @Test func sipHash24MatchesTheReferenceVectors() {
        for length in Self.sip24.indices {
            let message = (0..<length).map { UInt8($0) }
            var hasher = SipHasher<SipRounds24>(key: Self.referenceKey)
            message.withUnsafeBytes { hasher.combine(bytes: $0) }
            #expect(hasher.finalize() == Self.sip24[length], "message of \(length) bytes")
        }
    }

    @Test func sipHash13MatchesTheReferenceVectors() {
        // SipHash-1-3 of the reference code with a zero key, for the empty message and 00.
        for (message, expected) in [([UInt8](), UInt64(0xd1fb_a762_150c_532c)), ([0], 0x68a9_1412_8e01_e473)] {
            var hasher = SipHash13(key: (0, 0))
            message.withUnsafeBytes { hasher.combine(bytes: $0) }
            #expect(hasher.finalize() == expected, "message of \(message.count) bytes")
        }
    }

    /// Fed in pieces of any size (bytes and words mixed), the hash is the whole message's.
    @Test func piecesHashAsTheWholeMessage() {
        let message = (0..<15).map { UInt8($0) }
        for cut in 0...message.count {
            var hasher = SipHasher<SipRounds24>(key: Self.referenceKey)
            message[..<cut].withUnsafeBytes { hasher.combine(bytes: $0) }
            message[cut...].withUnsafeBytes { hasher.combine(bytes: $0) }
            #expect(hasher.finalize() == Self.sip24[15], "cut at \(cut)")
        }
        for start in 0...7 {
            var hasher = SipHasher<SipRounds24>(key: Self.referenceKey)
            message[..<start].withUnsafeBytes { hasher.combine(bytes: $0) }
            let word = message[start..<start + 8].enumerated().reduce(UInt64(0)) {
                $0 | UInt64($1.element) << (8 * $1.offset)
            }
            hasher.combine(word)
            message[(start + 8)...].withUnsafeBytes { hasher.combine(bytes: $0) }
            #expect(hasher.finalize() == Self.sip24[15], "word at \(start)")
        }
    }

    /// The fixed key gives the same hash in every process (a constant, not a seed).
    @Test func theFixedKeyIsFixed() {
        var hasher = SipHash13()
        Array("sheetpipe".utf8).withUnsafeBytes { hasher.combine(bytes: $0) }
        var again = SipHash13(key: SipHash13.fixedKey)
        Array("sheetpipe".utf8).withUnsafeBytes { again.combine(bytes: $0) }
        #expect(hasher.finalize() == again.finalize())
    }
}
