public enum SheetVisibility: String, Sendable {
    case visible
    case hidden
    /// Hidden so that only a macro can show it again.
    case veryHidden
}

public enum SheetKind: String, Sendable {
    case worksheet
    case chartsheet
    case dialogsheet
    case macrosheet
}

/// One sheet of a file, in workbook order. A CSV file has one sheet named after the file.
public struct SheetInfo: Sendable {
    public var name: String
    /// 0-based position in the workbook.
    public var index: Int
    public var visibility: SheetVisibility
    public var kind: SheetKind
    /// The zip entry holding the sheet (XLSX).
    public var part: String?
}

/// Which sheet was read, and why: reported so that a reviewer can see it was not an accident.
public struct SheetChoice: Sendable {
    public var sheet: SheetInfo
    public var reason: String
}
