import CLibCrypto

/// A streaming SHA-256 (OpenSSL's libcrypto, already in the image for libxlsxwriter): bytes fed
/// in pieces of any size, the digest as 64 lowercase hex digits, as `sha256sum` prints it.
/// Not copyable: it owns libcrypto's context, freed once, when the hasher ends.
public struct SHA256Hasher: ~Copyable {
    private let context: OpaquePointer

    /// A hasher of nothing yet. libcrypto fails here only without memory or with an OpenSSL
    /// configuration that leaves out its default provider: nothing a run can go on without.
    public init() {
        guard let context = EVP_MD_CTX_new() else { fatalError("libcrypto: no memory for a SHA-256 context") }
        guard EVP_DigestInit_ex(context, EVP_sha256(), nil) == 1 else {
            EVP_MD_CTX_free(context)
            fatalError("libcrypto cannot compute SHA-256: check OpenSSL's configuration (OPENSSL_CONF)")
        }
        self.context = context
    }

    deinit { EVP_MD_CTX_free(context) }

    /// Adds bytes to what is hashed.
    public mutating func update(_ bytes: UnsafeRawBufferPointer) {
        guard let start = bytes.baseAddress, !bytes.isEmpty else { return }
        guard EVP_DigestUpdate(context, start, bytes.count) == 1 else {
            fatalError("libcrypto: EVP_DigestUpdate failed")
        }
    }

    /// The digest of every byte added, in hex; the hasher ends here.
    public consuming func finalize() -> String {
        let context = self.context
        // libcrypto writes up to EVP_MAX_MD_SIZE (64) bytes; SHA-256 gives 32 of them.
        return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 64) { digest in
            var length: UInt32 = 0
            guard EVP_DigestFinal_ex(context, digest.baseAddress, &length) == 1, length == 32 else {
                fatalError("libcrypto: EVP_DigestFinal_ex failed")
            }
            let digits: StaticString = "0123456789abcdef"
            return String(unsafeUninitializedCapacity: 64) { text in
                for index in 0..<32 {
                    text[2 * index] = digits.utf8Start[Int(digest[index] >> 4)]
                    text[2 * index + 1] = digits.utf8Start[Int(digest[index] & 0x0F)]
                }
                return 64
            }
        }
    }
}
