/// Caps that keep a hostile file from exhausting memory or time. Declared sizes in a zip are never
/// trusted: these are checked against bytes actually inflated.
public struct ReadLimits: Sendable, Equatable {
    /// Size of an input file on disk.
    public var maxFileBytes: Int
    /// Entries in a zip package.
    public var maxEntries: Int
    /// Inflated bytes of one part (one zip entry).
    public var maxPartBytes: Int
    /// Inflated bytes of all the parts read from one package.
    public var maxTotalBytes: Int
    /// Non-empty cells one sheet may expand to once an OpenDocument sheet's repeated rows and
    /// columns are counted (`table:number-rows-repeated`: a few bytes can ask for billions).
    public var maxCells: Int

    /// 2²⁰ bytes.
    public static let mebibyte = 1 << 20

    /// Cells of a sheet by default: calamine's cap for OpenDocument repeats.
    public static let defaultMaxCells = 100_000_000

    /// 100 MiB files, 1,000 entries, 256 MiB a part, 512 MiB in all, 100 million cells a sheet.
    public static let `default` = ReadLimits(
        maxFileBytes: 100 * mebibyte, maxEntries: 1000, maxPartBytes: 256 * mebibyte,
        maxTotalBytes: 512 * mebibyte)

    /// Limits of your own (bytes, entries and cells).
    public init(
        maxFileBytes: Int, maxEntries: Int, maxPartBytes: Int, maxTotalBytes: Int,
        maxCells: Int = ReadLimits.defaultMaxCells
    ) {
        self.maxFileBytes = maxFileBytes
        self.maxEntries = maxEntries
        self.maxPartBytes = maxPartBytes
        self.maxTotalBytes = maxTotalBytes
        self.maxCells = maxCells
    }

    /// Parses sizes such as `100MiB`, `1GiB`, `512M`, `2048` (bytes).
    package static func parseSize(_ text: String) -> Int? {
        let lower = text.lowercased().trimmingWhitespace()
        let units: [(String, Int)] = [
            ("gib", 1 << 30), ("gb", 1 << 30), ("g", 1 << 30), ("mib", 1 << 20), ("mb", 1 << 20), ("m", 1 << 20),
            ("kib", 1 << 10), ("kb", 1 << 10), ("k", 1 << 10), ("b", 1),
        ]
        for (suffix, factor) in units where lower.hasSuffix(suffix) {
            guard let value = Int(lower.dropLast(suffix.count).trimmingWhitespace()), value >= 0 else { return nil }
            return value.multipliedReportingOverflow(by: factor).overflow ? nil : value * factor
        }
        return Int(lower)
    }

    /// "100 MiB" for messages.
    package static func describe(bytes: Int) -> String {
        if bytes >= 1 << 30 && bytes % (1 << 30) == 0 { return "\(bytes >> 30) GiB" }
        if bytes >= 1 << 20 { return "\(bytes >> 20) MiB" }
        if bytes >= 1 << 10 { return "\(bytes >> 10) KiB" }
        return "\(bytes) bytes"
    }
}

extension StringProtocol {
    func trimmingWhitespace() -> String {
        var scalars = Substring(self)[...]
        while let first = scalars.first, first.isWhitespace { scalars = scalars.dropFirst() }
        while let last = scalars.last, last.isWhitespace { scalars = scalars.dropLast() }
        return String(scalars)
    }
}
