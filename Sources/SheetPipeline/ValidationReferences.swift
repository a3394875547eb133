public import SheetSchema

/// What reading values needs besides the schema: the reference lists of the pipelines folder
/// (regions, departments) and the year "this year" means. `run` and `validate` both build their
/// `FieldReader` from it.
public struct ValidationReferences: Sendable {
    /// The folder's regions and departments; nil when it has no readable reference lists.
    public var places: FrenchPlaces?
    public var currentYear: Int
    /// Said once by the command when the lists are missing (places are then not checked).
    public var missingWarning: String?

    public init(folder: PipelineFolder, currentYear: Int = PipelineDefinition.currentYear) {
        let directory = folder.path + "/reference"
        places = try? FrenchPlaces.load(directory: directory)
        self.currentYear = currentYear
        missingWarning =
            places == nil ? "no reference lists under \(directory): regions and departments are not checked" : nil
    }

    public var fieldReader: FieldReader { FieldReader(places: places, currentYear: currentYear) }
}
