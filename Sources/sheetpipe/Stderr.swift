#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

func fwriteStderr(_ bytes: UnsafeBufferPointer<UInt8>) -> Int {
    guard let base = bytes.baseAddress else { return 0 }
    return write(2, base, bytes.count)
}

var processID: Int32 { getpid() }

var temporaryDirectory: String {
    if let value = getenv("TMPDIR") { return String(cString: value) }
    return "/tmp"
}

func terminate(_ code: Int32) -> Never { exit(code) }
