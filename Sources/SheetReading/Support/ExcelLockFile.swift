/// While Excel has `name.xlsx` open, it keeps a small "owner file" `~$name.xlsx` beside it (165
/// bytes: who has it open). It is not a workbook: a pattern such as `*.xlsx` skips it, and a
/// command given it says what it is.
package enum ExcelLockFile {
    package static let reason = "the workbook is open in Excel: this is its lock file (~$…), not a workbook"

    /// `~$name.xlsx` (only the last path component counts).
    package static func isNamed(_ path: String) -> Bool {
        let name = path.split(separator: "/").last ?? Substring(path)
        return name.hasPrefix("~$")
    }
}
