/// A message in the two languages of the validation log.
public struct Message: Sendable, Equatable, Codable, CustomStringConvertible {
    public var fr: String
    public var en: String

    public init(fr: String, en: String) {
        self.fr = fr
        self.en = en
    }

    public func text(_ language: Language) -> String { language == .fr ? fr : en }

    public var description: String { en }
}

public enum Language: String, Sendable, CaseIterable {
    case fr
    case en
}
