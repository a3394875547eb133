internal import CXlsxWriter
import Foundation
import Glibc

/// Writes one XLSX workbook with libxlsxwriter: the only Swift type that sees its C API.
///
/// Owns the `lxw_workbook` and closes it (or frees it unwritten in `deinit`). Every string given
/// to libxlsxwriter lives for the call only: the library copies what it keeps. The workbook is
/// written to a temporary name beside `path` and renamed into place by `close()`, so that a
/// failed or interrupted write never leaves a half-written file under the final name.
///
/// Deterministic: the creation date is fixed (`Options.created`, never the clock) and text is
/// always written as a string cell, never as a formula (`=SOMME(…)` stays text).
public final class XlsxWriter {
    public struct Options: Sendable {
        /// Rows are written to disk as they come (each sheet row by row, in order): memory does
        /// not grow with the rows, for large datasets.
        public var constantMemory = false
        /// The folder for libxlsxwriter's temporary files (default: the system's).
        public var temporaryFolder: String?
        /// ZIP64, for a workbook or a sheet's XML past 4 GB (off otherwise: not every reader takes it).
        public var useZip64 = false
        /// The document's creation date, in seconds since 1970 (UTC); also the zip entries' date.
        /// Fixed so that two runs give the same bytes.
        public var created: Int = XlsxWriter.fixedCreationDate
        public var title: String?
        public var subject: String?
        public var author: String?
        public var company: String?
        public var comments: String?
        public var keywords: String?

        public init(constantMemory: Bool = false) {
            self.constantMemory = constantMemory
        }
    }

    /// 2024-01-01T00:00:00Z: any fixed date would do; this one is plausible in Excel's "created".
    public static let fixedCreationDate = 1_704_067_200

    public let path: String
    private let temporaryPath: String
    private var workbook: UnsafeMutablePointer<lxw_workbook>?
    private var formats: [XlsxCellStyle: UnsafeMutablePointer<lxw_format>] = [:]

    public init(path: String, options: Options = Options()) throws(XlsxWriteError) {
        self.path = path
        let url = URL(fileURLWithPath: path)
        temporaryPath =
            url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).tmp-\(getpid())").path
        // Created here first, so that a missing folder or a denied write is told now, naming the
        // file (libxlsxwriter would only find out on close, and print the temporary name).
        let descriptor = createFile(temporaryPath)
        guard descriptor >= 0 else {
            throw XlsxWriteError(path: path, reason: "cannot create: \(String(cString: strerror(errno)))")
        }
        closeFile(descriptor)
        var libraryOptions = lxw_workbook_options()
        libraryOptions.constant_memory = options.constantMemory ? 1 : 0
        libraryOptions.use_zip64 = options.useZip64 ? 1 : 0
        let created = temporaryPath.withCString { name in
            XlsxWriter.withOptionalCString(options.temporaryFolder) { folder in
                libraryOptions.tmpdir = folder.map { UnsafeMutablePointer(mutating: $0) }
                return workbook_new_opt(name, &libraryOptions)
            }
        }
        guard let created else {
            unlink(temporaryPath)
            throw XlsxWriteError(path: path, reason: "cannot start the workbook (out of memory)")
        }
        workbook = created
        try setDocumentProperties(options)
    }

    deinit {
        // Not closed: nothing is written, and the memory is returned.
        if let workbook {
            lxw_workbook_free(workbook)
            unlink(temporaryPath)
        }
    }

    // MARK: Workbook

    private func setDocumentProperties(_ options: Options) throws(XlsxWriteError) {
        let workbook = try open()
        let texts = [
            options.title, options.subject, options.author, options.company, options.comments, options.keywords,
        ].map { $0.map(XlsxText.xmlSafe) }
        let strings = CStringArray(texts.map { $0 ?? "" })
        var properties = lxw_doc_properties()
        func field(_ index: Int) -> UnsafeMutablePointer<CChar>? { texts[index] == nil ? nil : strings.pointers[index] }
        properties.title = field(0)
        properties.subject = field(1)
        properties.author = field(2)
        properties.company = field(3)
        properties.comments = field(4)
        properties.keywords = field(5)
        properties.created = time_t(options.created)
        let result = withExtendedLifetime(strings) { workbook_set_properties(workbook, &properties) }
        try check(result, "cannot set the document properties")
    }

    /// A custom document property (File › Properties › Custom), read back by `SpreadsheetFile.customProperties`.
    public func setCustomProperty(_ name: String, _ value: String) throws(XlsxWriteError) {
        let workbook = try open()
        let result = XlsxText.xmlSafe(name).withCString { n in
            XlsxText.xmlSafe(value).withCString { v in workbook_set_custom_property_string(workbook, n, v) }
        }
        try check(result, "cannot set the custom property '\(name)'")
    }

    /// A style made into a format once, for the hot-loop writes of `XlsxSheet`.
    public func format(for style: XlsxCellStyle) throws(XlsxWriteError) -> XlsxFormat {
        XlsxFormat(pointer: try format(style))
    }

    /// A workbook-wide name for a range (`ListeRegions` → `=Listes!$A$2:$A$19`).
    public func defineName(_ name: String, refersTo formula: String) throws(XlsxWriteError) {
        let workbook = try open()
        let result = name.withCString { n in formula.withCString { f in workbook_define_name(workbook, n, f) } }
        try check(result, "cannot define the name '\(name)' as \(formula)")
    }

    /// A new worksheet, after the others.
    public func addSheet(_ given: String) throws(XlsxWriteError) -> XlsxSheet {
        let workbook = try open()
        let name = XlsxText.xmlSafe(given)
        let valid = name.withCString { workbook_validate_sheet_name(workbook, $0) }
        try check(valid, "'\(name)' cannot name a sheet")
        guard let sheet = name.withCString({ workbook_add_worksheet(workbook, $0) }) else {
            throw XlsxWriteError(path: path, reason: "cannot add the sheet '\(name)'")
        }
        return XlsxSheet(writer: self, sheet: sheet, name: name)
    }

    /// Writes the workbook and moves it into place under `path`. The writer cannot be used after.
    public func close() throws(XlsxWriteError) {
        let workbook = try open()
        self.workbook = nil
        formats = [:]
        let result = workbook_close(workbook)
        guard result == LXW_NO_ERROR else {
            unlink(temporaryPath)
            throw XlsxWriteError(path: path, reason: XlsxWriter.reason(result))
        }
        guard rename(temporaryPath, path) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(temporaryPath)
            throw XlsxWriteError(path: path, reason: "cannot move the workbook into place: \(reason)")
        }
    }

    // MARK: For the sheets

    func open() throws(XlsxWriteError) -> UnsafeMutablePointer<lxw_workbook> {
        guard let workbook else { throw XlsxWriteError(path: path, reason: "the workbook is already closed") }
        return workbook
    }

    /// The format for a style, made once and kept by the workbook (libxlsxwriter frees it on close).
    func format(_ style: XlsxCellStyle) throws(XlsxWriteError) -> UnsafeMutablePointer<lxw_format>? {
        if style == .plain { return nil }
        if let format = formats[style] { return format }
        guard let format = workbook_add_format(try open()) else {
            throw XlsxWriteError(path: path, reason: "cannot add a cell format (out of memory)")
        }
        if style.bold { format_set_bold(format) }
        if style.italic { format_set_italic(format) }
        if let fill = style.fill { format_set_bg_color(format, lxw_color_t(fill)) }
        if let color = style.fontColor { format_set_font_color(format, lxw_color_t(color)) }
        if let code = style.numberFormat { code.withCString { format_set_num_format(format, $0) } }
        if style.wrapText { format_set_text_wrap(format) }
        if style.verticalTop { format_set_align(format, UInt8(LXW_ALIGN_VERTICAL_TOP.rawValue)) }
        if style.border { format_set_border(format, UInt8(LXW_BORDER_THIN.rawValue)) }
        if style.unlocked { format_set_unlocked(format) }
        formats[style] = format
        return format
    }

    func check(_ result: lxw_error, _ what: @autoclosure () -> String, sheet: String? = nil, cell: String? = nil)
        throws(XlsxWriteError)
    {
        guard result != LXW_NO_ERROR else { return }
        throw XlsxWriteError(path: path, sheet: sheet, cell: cell, reason: "\(what()): \(XlsxWriter.reason(result))")
    }

    static func reason(_ result: lxw_error) -> String {
        guard let text = lxw_strerror(result) else { return "libxlsxwriter error \(result.rawValue)" }
        return String(cString: text)
    }

    static func withOptionalCString<R>(_ text: String?, _ body: (UnsafePointer<CChar>?) -> R) -> R {
        guard let text else { return body(nil) }
        return text.withCString { body($0) }
    }
}

// File-level: inside XlsxWriter, `open` and `close` name its own methods.
private func createFile(_ path: String) -> Int32 { open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644) }
private func closeFile(_ descriptor: Int32) { close(descriptor) }

/// C copies of Swift strings, freed together when this goes (keep it alive across the C call
/// with `withExtendedLifetime`).
final class CStringArray {
    let pointers: [UnsafeMutablePointer<CChar>?]

    init(_ strings: [String]) {
        pointers = strings.map { strdup($0) }
    }

    deinit {
        for pointer in pointers { free(pointer) }
    }

    /// The pointers followed by a null, as C lists of strings are.
    func nullTerminated() -> [UnsafeMutablePointer<CChar>?] { pointers + [nil] }
}
