/// Whether a sheet shows in Excel.
public enum SheetVisibility: String, Sendable {
    /// Shown.
    case visible
    /// Hidden; a person can unhide it from Excel's menu.
    case hidden
    /// Hidden so that only a macro can show it again.
    case veryHidden
}

/// What a sheet is.
public enum SheetKind: String, Sendable {
    /// A grid of cells.
    case worksheet
    /// A chart on its own sheet (no cells).
    case chartsheet
    /// An Excel 5 dialog sheet.
    case dialogsheet
    /// An Excel 4 macro sheet.
    case macrosheet
}

/// One sheet of a file, in workbook order. A CSV file has one sheet named after the file.
public struct SheetInfo: Sendable {
    /// The name on the sheet's tab.
    public var name: String
    /// 0-based position in the workbook.
    public var index: Int
    /// Whether it shows in Excel.
    public var visibility: SheetVisibility
    /// What the sheet is.
    public var kind: SheetKind
    /// The zip entry holding the sheet (XLSX).
    public var part: String?
}

/// Which sheet was read, and why: reported so that a reviewer can see it was not an accident.
public struct SheetChoice: Sendable {
    /// The sheet chosen.
    public var sheet: SheetInfo
    /// Why it was chosen (`sheet 'Projets', the first visible worksheet`).
    public var reason: String
}
