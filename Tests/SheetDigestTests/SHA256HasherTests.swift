import Foundation
import SheetTestSupport
import Testing

@testable import SheetDigest

/// libcrypto's SHA-256 behind `SHA256Hasher`: the published vectors, and a large input fed in
/// uneven pieces against coreutils' `sha256sum` (not the code under test).
@Suite struct SHA256HasherTests {
    static let sha256sum = "/usr/bin/sha256sum"

    static func digest(_ text: String) -> String {
        var hasher = SHA256Hasher()
        Array(text.utf8).withUnsafeBytes { hasher.update($0) }
        return hasher.finalize()
    }

    @Test func emptyInput() {
        #expect(Self.digest("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
    }

    @Test func abc() {
        #expect(Self.digest("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    }

    /// FIPS 180-2's two-block message: padding that spills into a second block.
    @Test func twoBlockMessage() {
        #expect(
            Self.digest("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq")
                == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
    }

    /// 5 MiB and a few bytes of seeded random data, fed in pieces of sizes that straddle SHA-256's
    /// 64-byte blocks (including empty ones), give what `sha256sum` gives for the same bytes in a file.
    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: sha256sum), "needs coreutils' sha256sum"))
    func unevenPiecesAgreeWithSha256sum() throws {
        var generator = SeededGenerator(seed: 16)
        let count = 5 << 20 + 77
        var bytes = [UInt8](repeating: 0, count: count)
        for index in bytes.indices { bytes[index] = UInt8(truncatingIfNeeded: generator.next()) }

        let file = FileManager.default.temporaryDirectory.appendingPathComponent("sha256-\(UUID().uuidString).bin")
        try Data(bytes).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Self.sha256sum)
        process.arguments = [file.path]
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let printed = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        let expected = String(printed.prefix(64))
        #expect(expected.count == 64)

        var hasher = SHA256Hasher()
        let sizes = [0, 1, 63, 64, 65, 127, 0, 4_095, 1 << 20 + 7, 3, 999_983]
        var offset = 0
        var step = 0
        bytes.withUnsafeBytes { all in
            while offset < all.count {
                let size = min(sizes[step % sizes.count], all.count - offset)
                hasher.update(UnsafeRawBufferPointer(rebasing: all[offset..<offset + size]))
                offset += size
                step += 1
            }
        }
        #expect(hasher.finalize() == expected)

        var whole = SHA256Hasher()
        bytes.withUnsafeBytes { whole.update($0) }
        #expect(whole.finalize() == expected)
    }
}
