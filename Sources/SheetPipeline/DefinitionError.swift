/// A definition that cannot be used, with where: `national-report.yml:14: inputs[2].submitted: …`.
public struct DefinitionError: Error, CustomStringConvertible, Sendable {
    public var file: String
    public var line: Int?
    public var key: String
    public var reason: String

    public var description: String {
        "\(file)\(line.map { ":\($0)" } ?? ""): \(key.isEmpty ? "" : key + ": ")\(reason)"
    }
}
