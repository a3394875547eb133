/// A data validation on a range of cells, as Excel can express it. Excel checks only what is typed
/// (not what is pasted) and cannot require a value: `required` is said in the input message.
public struct XlsxValidation: Equatable, Sendable {
    public enum Rule: Equatable, Sendable {
        /// A dropdown of these values, written inline (Excel allows 255 characters in all).
        case list([String])
        /// A dropdown of the cells a formula names (`=Listes!$A$2:$A$19`, or a defined name).
        case listFormula(String)
        case wholeNumber(minimum: Double?, maximum: Double?)
        case decimal(minimum: Double?, maximum: Double?)
        case date(minimum: XlsxDate?, maximum: XlsxDate?)
        case textLength(minimum: Int?, maximum: Int?)
        /// No rule: only the input message.
        case any
    }

    /// What Excel does with a value the rule refuses.
    public enum Alert: String, Equatable, Sendable {
        /// Refused.
        case stop
        /// Asked to confirm.
        case warning
        /// Told, and kept.
        case information
    }

    public var rule: Rule
    public var alert: Alert
    /// Excel's limits: 32 characters for a title, 255 for a message (longer ones are cut).
    public var inputTitle: String?
    public var inputMessage: String?
    public var errorTitle: String?
    public var errorMessage: String?

    public init(
        rule: Rule, alert: Alert = .stop, inputTitle: String? = nil, inputMessage: String? = nil,
        errorTitle: String? = nil, errorMessage: String? = nil
    ) {
        self.rule = rule
        self.alert = alert
        self.inputTitle = inputTitle.map { XlsxValidation.cut($0, to: XlsxValidation.titleLimit) }
        self.inputMessage = inputMessage.map { XlsxValidation.cut($0, to: XlsxValidation.messageLimit) }
        self.errorTitle = errorTitle.map { XlsxValidation.cut($0, to: XlsxValidation.titleLimit) }
        self.errorMessage = errorMessage.map { XlsxValidation.cut($0, to: XlsxValidation.messageLimit) }
    }

    public static let titleLimit = 32
    public static let messageLimit = 255
    /// The characters an inline list may hold, separators included.
    public static let inlineListLimit = 255

    /// Whether these values fit an inline list: their length with the commas between them, and
    /// no comma or double quote inside one (Excel would split or refuse it).
    public static func fitsInline(_ values: [String]) -> Bool {
        let length = values.reduce(0) { $0 + $1.utf16.count } + max(values.count - 1, 0)
        return length <= inlineListLimit && !values.contains { $0.contains(",") || $0.contains("\"") }
    }

    /// Cuts on a character boundary, ending with `…` when something was cut (counted in UTF-16 units,
    /// as Excel counts).
    static func cut(_ text: String, to limit: Int) -> String {
        guard text.utf16.count > limit else { return text }
        var result = ""
        var units = 0
        for character in text {
            let size = character.utf16.count
            if units + size > limit - 1 { break }
            result.append(character)
            units += size
        }
        return result + "…"
    }
}

/// A calendar date (no time zone: what the cell shows).
public struct XlsxDate: Equatable, Hashable, Sendable {
    public var year: Int
    public var month: Int
    public var day: Int

    public init(year: Int, month: Int, day: Int) {
        self.year = year
        self.month = month
        self.day = day
    }
}
