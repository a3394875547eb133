/// An XLSX that could not be written: the file, where in it (sheet, cell) when that is known, and
/// libxlsxwriter's reason.
public struct XlsxWriteError: Error, CustomStringConvertible, Sendable {
    public var path: String
    public var sheet: String?
    public var cell: String?
    public var reason: String

    public init(path: String, sheet: String? = nil, cell: String? = nil, reason: String) {
        self.path = path
        self.sheet = sheet
        self.cell = cell
        self.reason = reason
    }

    public var description: String {
        switch (sheet, cell) {
        case (let sheet?, let cell?): return "\(path): \(sheet)!\(cell): \(reason)"
        case (let sheet?, nil): return "\(path): sheet '\(sheet)': \(reason)"
        default: return "\(path): \(reason)"
        }
    }
}
