import Glibc

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

/// The running binary, so that the benchmark measures this very build.
var currentExecutable: String {
    var buffer = [CChar](repeating: 0, count: 4096)
    let count = readlink("/proc/self/exe", &buffer, buffer.count - 1)
    guard count > 0 else { return CommandLine.arguments[0] }
    return String(decoding: buffer.prefix(count).map { UInt8(bitPattern: $0) }, as: UTF8.self)
}
