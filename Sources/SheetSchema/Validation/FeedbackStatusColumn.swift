import Foundation

/// The column a feedback workbook adds after the submitter's last one to say each row's fate.
/// A corrected feedback workbook sent back is read with it in place: `validate` recognises its
/// header and leaves the column out with a note, instead of warning about an unknown column.
public enum FeedbackStatusColumn {
    /// Its header, in the log's language.
    public static func header(_ language: Language) -> String {
        language == .fr ? "Statut (sheetpipe)" : "Status (sheetpipe)"
    }

    /// Whether a header is this column's (in either language).
    public static func isHeader(_ label: String) -> Bool {
        Language.allCases.contains { header($0) == label.trimmingCharacters(in: .whitespaces) }
    }
}
