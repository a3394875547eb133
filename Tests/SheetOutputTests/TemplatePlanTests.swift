import Foundation
import SheetOutput
import SheetSchema
import Testing

/// Schema → template plan, without writing anything.
@Suite struct TemplatePlanTests {
    static let schemaJSON = """
        {"name": "essai", "version": "2.1.0", "title": "Essai", "locale": "fr", "fields": [
          {"name": "statut", "title": "Statut", "type": "string",
           "constraints": {"required": true, "enum": ["idee", "engage"]}, "synonyms": {"financé": "engage"}},
          {"name": "financeurs", "title": "Financeurs", "type": "list", "constraints": {"enum": ["etat", "region"]}},
          {"name": "departement", "title": "Département", "type": "string", "kind": "department"},
          {"name": "region", "title": "Région", "type": "string", "kind": "region"},
          {"name": "campagne", "title": "Campagne", "type": "year", "constraints": {"minimum": "2018", "maximum": "current+1"}},
          {"name": "emplois", "title": "Emplois", "type": "integer", "constraints": {"minimum": 0}},
          {"name": "cout", "title": "Coût", "type": "number", "kind": "amount", "constraints": {"minimum": 0, "maximum": 1000000}},
          {"name": "debut", "title": "Début", "type": "date", "constraints": {"minimum": "2020-01-01"}},
          {"name": "siren", "title": "SIREN", "type": "string", "kind": "siren"},
          {"name": "intitule", "title": "Intitulé", "type": "string", "description": "\(String(repeating: "long ", count: 80))",
           "constraints": {"maxLength": 300}},
          {"name": "code", "type": "string"}
        ]}
        """

    func plan(language: Language = .fr, departments: Int = 101) throws -> TemplatePlan {
        let schema = try TableSchema.decode(Data(Self.schemaJSON.utf8), file: "essai.json")
        let references = TemplateReferences(
            regions: ["Bretagne", "Normandie"], departments: (1...departments).map { String(format: "%02d", $0) })
        return TemplateBuilder(
            schema: schema, fallbackName: "essai", references: references, language: language, rows: 50,
            currentYear: 2026
        ).plan()
    }

    func column(_ plan: TemplatePlan, _ field: String) throws -> TemplatePlan.Column {
        try #require(plan.columns.first { $0.field == field })
    }

    @Test func enumsAreDropdownsThatStop() throws {
        let statut = try column(plan(), "statut")
        #expect(statut.validation.rule == .list(["idee", "engage"]))
        #expect(statut.validation.alert == .stop)
        #expect(statut.header == "Statut")
    }

    @Test func aListFieldsDropdownOnlyWarns() throws {
        let financeurs = try column(plan(), "financeurs")
        #expect(financeurs.validation.rule == .list(["etat", "region"]))
        #expect(financeurs.validation.alert == .warning)
    }

    @Test func longListsGoThroughTheHiddenSheetAndADefinedName() throws {
        let plan = try plan()
        let departement = try column(plan, "departement")
        #expect(departement.validation.rule == .listFormula("=Liste_departement"))
        let list = try #require(plan.lists.first)
        #expect(list.name == "Liste_departement" && list.values.count == 101)
        #expect(list.range(sheet: plan.listsSheet) == "='Listes'!$A$2:$A$102")
        // A short list of the same kind stays inline.
        #expect(
            try column(self.plan(departments: 5), "departement").validation.rule
                == .list(["01", "02", "03", "04", "05"]))
    }

    @Test func referenceListsAreOfferedButOnlyWarn() throws {
        let region = try column(plan(), "region")
        #expect(region.validation.rule == .list(["Bretagne", "Normandie"]))
        #expect(region.validation.alert == .warning)
    }

    @Test func numbersDatesAndLengthsKeepTheirBounds() throws {
        let plan = try plan()
        #expect(try column(plan, "campagne").validation.rule == .wholeNumber(minimum: 2018, maximum: 2027))
        #expect(try column(plan, "emplois").validation.rule == .wholeNumber(minimum: 0, maximum: nil))
        #expect(try column(plan, "cout").validation.rule == .decimal(minimum: 0, maximum: 1_000_000))
        #expect(
            try column(plan, "debut").validation.rule
                == .date(minimum: XlsxDate(year: 2020, month: 1, day: 1), maximum: nil))
        #expect(try column(plan, "intitule").validation.rule == .textLength(minimum: nil, maximum: 300))
        #expect(try column(plan, "siren").validation.rule == .textLength(minimum: 9, maximum: 9))
        #expect(try column(plan, "code").validation.rule == .any)
        #expect(try column(plan, "cout").validation.alert == .warning)
    }

    @Test func formatsFollowTheType() throws {
        let plan = try plan()
        #expect(try column(plan, "cout").style.numberFormat == #"#,##0.00\ "€""#)
        #expect(try column(plan, "debut").style.numberFormat == "dd/mm/yyyy")
        #expect(try column(plan, "siren").style.numberFormat == "@")
        #expect(try column(plan, "departement").style.numberFormat == "@")
        #expect(try column(plan, "emplois").style.numberFormat == nil)
    }

    @Test func messagesSayWhatIsRequiredWithinExcelsLimits() throws {
        let plan = try plan()
        let statut = try column(plan, "statut")
        #expect(statut.validation.inputMessage?.contains("Obligatoire.") == true)
        #expect(statut.readme[3] == "oui")
        let intitule = try column(plan, "intitule")
        let message = try #require(intitule.validation.inputMessage)
        #expect(message.utf16.count == XlsxValidation.messageLimit && message.hasSuffix("…"))
        #expect(try column(plan, "code").header == "code")
        #expect(try column(self.plan(language: .en), "statut").validation.inputMessage?.contains("Required.") == true)
    }

    @Test func theStampNamesTheSchemaAndItsVersion() throws {
        let plan = try plan()
        #expect(plan.properties.map(\.name) == [SchemaStamp.schemaProperty, SchemaStamp.versionProperty])
        #expect(plan.properties.map(\.value) == ["essai", "2.1.0"])
        #expect([plan.readmeSheet, plan.dataSheet, plan.listsSheet] == ["Lisez-moi", "Données", "Listes"])
    }

    @Test func listNamesFoldedAlikeStayDistinct() throws {
        let json = """
            {"name": "n", "fields": [{"name": "région", "type": "string", "kind": "department"},
              {"name": "r_gion", "type": "string", "kind": "department"}]}
            """
        let schema = try TableSchema.decode(Data(json.utf8), file: "n.json")
        let plan = TemplateBuilder(
            schema: schema, fallbackName: "n",
            references: TemplateReferences(departments: (1...101).map { String(format: "%02d", $0) }), currentYear: 2026
        ).plan()
        #expect(plan.lists.map(\.name) == ["Liste_r_gion", "Liste_r_gion_2"])
        #expect(
            plan.columns.map(\.validation.rule) == [.listFormula("=Liste_r_gion"), .listFormula("=Liste_r_gion_2")])
    }

    @Test func inlineListsRespectExcelsLimit() {
        #expect(XlsxValidation.fitsInline(Array(repeating: "abcd", count: 51)))  // 51 × 4 + 50 = 254
        #expect(!XlsxValidation.fitsInline(Array(repeating: "abcd", count: 52)))
        #expect(!XlsxValidation.fitsInline(["a,b"]))
    }
}
