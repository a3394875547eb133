import SheetReading

/// A reference list (CSV with a header row), read with sheetpipe's own CSV reader.
public struct ReferenceTable: Sendable {
    /// The header row's texts.
    public var header: [String]
    /// The records, each as wide as it was written.
    public var rows: [[String]]

    /// Reads a reference list from a CSV file.
    public static func load(_ path: String) throws -> ReferenceTable {
        let file = try SpreadsheetFile.open(path)
        var records: [[String]] = []
        try file.readRows(of: file.sheets[0]) { row in
            var fields = [String](repeating: "", count: row.fieldCount ?? (Int(row.cells.last?.column ?? -1) + 1))
            for cell in row.cells where Int(cell.column) < fields.count {
                fields[Int(cell.column)] = row.text(of: cell)
            }
            records.append(fields)
        }
        guard let header = records.first else { return ReferenceTable(header: [], rows: []) }
        return ReferenceTable(header: header, rows: Array(records.dropFirst()))
    }

    /// The values of a column, by name.
    public func column(_ name: String) -> [String]? {
        guard let index = header.firstIndex(of: name) else { return nil }
        return rows.map { index < $0.count ? $0[index] : "" }
    }

    /// Each row as a dictionary (column name → value).
    public var records: [[String: String]] {
        rows.map { row in
            var record: [String: String] = [:]
            for (index, name) in header.enumerated() where index < row.count { record[name] = row[index] }
            return record
        }
    }
}

/// French regions and departments from the reference lists (pipelines/reference): names, ISO
/// codes, abbreviations, usage names and pre-2016 regions (mapped to their successor, with a note).
public struct FrenchPlaces: Sendable {
    /// A region of France.
    public struct Region: Sendable, Equatable {
        /// The INSEE code (`53`).
        public var code: String
        /// The official name.
        public var name: String
    }

    /// A department of France.
    public struct Department: Sendable, Equatable {
        /// The INSEE code (`35`, `2A`).
        public var code: String
        /// The official name.
        public var name: String
        /// The code of the region it belongs to.
        public var regionCode: String
    }

    /// What a text naming a region was found to be.
    public enum RegionResult: Sendable, Equatable {
        /// A current region.
        case found(Region)
        /// A region that disappeared on 2016-01-01: its successor, to be confirmed by a reviewer.
        case former(name: String, successor: Region)
        /// No region by that name or code.
        case unknown
    }

    /// What a text naming a department was found to be.
    public enum DepartmentResult: Sendable, Equatable {
        /// A department in the programme.
        case found(Department)
        /// `20`: Corsica was split in 1976; 2A or 2B is needed.
        case corsicaUndivided
        /// 975, 977, 978, 98x: overseas collectivities outside the programme.
        case outOfScope(String)
        /// No department by that name or code.
        case unknown
    }

    /// Regions by code.
    public private(set) var regions: [String: Region] = [:]
    /// Departments by code.
    public private(set) var departments: [String: Department] = [:]
    private var regionByKey: [String: (code: String, former: Bool, variant: String)] = [:]
    private var departmentByKey: [String: String] = [:]

    /// Loads regions.csv, region_variantes.csv and departements.csv from `directory`.
    public static func load(directory: String) throws -> FrenchPlaces {
        var places = FrenchPlaces()
        for record in try ReferenceTable.load(directory + "/regions.csv").records {
            guard let code = record["code_region"], let name = record["nom_region"] else { continue }
            places.regions[code] = Region(code: code, name: name)
            places.regionByKey[TextKey.make(name)] = (code, false, name)
        }
        for record in try ReferenceTable.load(directory + "/region_variantes.csv").records {
            guard let variant = record["variante"], let code = record["code_region"] else { continue }
            let former = (record["source"] ?? "").contains("ancienne région")
            places.regionByKey[TextKey.make(variant)] = (code, former, variant)
        }
        for record in try ReferenceTable.load(directory + "/departements.csv").records {
            guard let code = record["code_departement"], let name = record["nom_departement"],
                let region = record["code_region"]
            else { continue }
            places.departments[code] = Department(code: code, name: name, regionCode: region)
            places.departmentByKey[TextKey.make(name)] = code
        }
        return places
    }

    /// `Bretagne`, `53`, `FR-BRE`, `Région Bretagne`, `Conseil régional de Bretagne`, `PACA`,
    /// `Région Sud`, `AURA`, `Alsace` (former), `1` → `01`.
    public func region(_ text: String) -> RegionResult {
        let trimmed = text.trimmingWhitespaceAndNBSP()
        if !trimmed.isEmpty, trimmed.count <= 2, trimmed.allSatisfy(\.isASCIIDigit) {
            let code = trimmed.count == 1 ? "0" + trimmed : trimmed
            return regions[code].map { .found($0) } ?? .unknown
        }
        var key = TextKey.make(trimmed)
        // "Conseil régional de …", "Région des Pays de la Loire", "la Région Bretagne": the
        // words around a region's name, longest first.
        let prefixes = [
            "conseil regional de la ", "conseil regional de l ", "conseil regional des ", "conseil regional du ",
            "conseil regional d ", "conseil regional de ", "conseil regional ", "region de la ", "region de l ",
            "region des ", "region du ", "region d ", "region de ", "region ", "la ", "le ", "les ", "l ", "des ",
            "du ",
            "de ",
        ]
        while true {
            if let entry = regionByKey[key], let region = regions[entry.code] {
                return entry.former ? .former(name: entry.variant, successor: region) : .found(region)
            }
            guard let prefix = prefixes.first(where: { key.hasPrefix($0) }) else { return .unknown }
            key.removeFirst(prefix.count)
        }
    }

    /// `29`, `2A`, `2 a`, `1` → `01`, `Finistère`; `20` and the overseas collectivities get
    /// their own answers.
    public func department(_ text: String) -> DepartmentResult {
        let compact = String(
            text.uppercased().unicodeScalars.filter { !$0.properties.isWhitespace }.map(Character.init))
        if compact == "20" { return .corsicaUndivided }
        if compact == "975" || compact == "977" || compact == "978" || (compact.count == 3 && compact.hasPrefix("98")) {
            return .outOfScope(compact)
        }
        let code = compact.count == 1 && compact.allSatisfy(\.isASCIIDigit) ? "0" + compact : compact
        if let department = departments[code] { return .found(department) }
        if let byName = departmentByKey[TextKey.make(text)], let department = departments[byName] {
            return .found(department)
        }
        return .unknown
    }
}

extension String {
    /// Trims spaces, tabs, line breaks, NBSP and narrow NBSP at both ends (most values have none:
    /// checked on the first and last bytes before anything is copied).
    func trimmingWhitespaceAndNBSP() -> String {
        guard let first = utf8.first, let last = utf8.last else { return self }
        func mayBeSpace(_ byte: UInt8) -> Bool { byte <= 0x20 || byte >= 0x80 }
        guard mayBeSpace(first) || mayBeSpace(last) else { return self }
        var scalars = Substring(self).unicodeScalars[...]
        while let scalar = scalars.first, scalar.properties.isWhitespace { scalars = scalars.dropFirst() }
        while let scalar = scalars.last, scalar.properties.isWhitespace { scalars = scalars.dropLast() }
        return String(Substring(scalars))
    }
}
