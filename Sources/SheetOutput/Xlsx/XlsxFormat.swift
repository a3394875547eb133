internal import CXlsxWriter

/// A cell style made into the workbook's format once (`XlsxWriter.format(for:)`), for the writes
/// of a hot loop: a cell written with it costs no lookup of its style.
public struct XlsxFormat: @unchecked Sendable {
    // (The workbook owns and frees it; valid until the workbook is closed.)
    let pointer: UnsafeMutablePointer<lxw_format>?

    /// No format: Excel's General.
    public static let general = XlsxFormat(pointer: nil)
}

/// Excel's date serial numbers (the 1900 system, which libxlsxwriter writes).
public enum XlsxSerial {
    /// The serial of a date given in days since 1899-12-30 (sheetpipe's own count, see
    /// `DateSystem`): the same number from 1900-03-01 on, one less before (Excel's fictitious
    /// 1900-02-29). nil before 1900-01-01, which Excel cannot show as a date.
    @inline(__always)
    public static func excel1900(daysSince18991230 days: Double) -> Double? {
        if days >= 61 { return days }
        return days >= 2 ? days - 1 : nil
    }
}
