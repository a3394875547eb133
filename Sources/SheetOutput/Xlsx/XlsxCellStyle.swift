/// How a cell looks: what the writer turns into one libxlsxwriter format, made once per distinct
/// style (the workbook's formats cache).
public struct XlsxCellStyle: Hashable, Sendable {
    public var bold = false
    public var italic = false
    /// Background fill, `0xRRGGBB`.
    public var fill: UInt32?
    public var fontColor: UInt32?
    /// An Excel number format code, written locale-neutral (`#,##0.00\ "€"`, `dd/mm/yyyy`, `@`):
    /// a French Excel shows it with its own separators (`# ##0,00 €`, `jj/mm/aaaa`).
    public var numberFormat: String?
    public var wrapText = false
    public var verticalTop = false
    /// A thin border all round.
    public var border = false
    /// Cells are locked by default; this one may be edited when its sheet is protected.
    public var unlocked = false

    public init(
        bold: Bool = false, italic: Bool = false, fill: UInt32? = nil, fontColor: UInt32? = nil,
        numberFormat: String? = nil, wrapText: Bool = false, verticalTop: Bool = false, border: Bool = false,
        unlocked: Bool = false
    ) {
        self.bold = bold
        self.italic = italic
        self.fill = fill
        self.fontColor = fontColor
        self.numberFormat = numberFormat
        self.wrapText = wrapText
        self.verticalTop = verticalTop
        self.border = border
        self.unlocked = unlocked
    }

    public static let plain = XlsxCellStyle()
}

/// Number format codes as Excel stores them (the file holds the neutral code; Excel displays it
/// with the reader's locale).
public enum XlsxNumberFormat {
    /// `# ##0,00 €` in a French Excel.
    public static let euros = #"#,##0.00\ "€""#
    /// `jj/mm/aaaa` in a French Excel.
    public static let date = "dd/mm/yyyy"
    public static let dateTime = "dd/mm/yyyy hh:mm:ss"
    public static let time = "hh:mm:ss"
    /// Text: what is typed is kept as typed (leading zeros of SIREN, SIRET, postal codes).
    public static let text = "@"
    /// `# ##0` in a French Excel.
    public static let integer = "#,##0"
    public static let decimal = "#,##0.##########"
    public static let year = "0"
}
