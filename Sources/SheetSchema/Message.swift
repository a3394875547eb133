/// A message in the two languages of the validation log.
public struct Message: Sendable, Equatable, Codable, CustomStringConvertible {
    /// The French text.
    public var fr: String
    /// The English text.
    public var en: String

    /// A message in both languages.
    public init(fr: String, en: String) {
        self.fr = fr
        self.en = en
    }

    /// The text in one language.
    public func text(_ language: Language) -> String { language == .fr ? fr : en }

    /// The English text.
    public var description: String { en }
}

/// A language of the log and the reports.
public enum Language: String, Sendable, CaseIterable {
    /// French.
    case fr
    /// English.
    case en
}
