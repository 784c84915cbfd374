import Foundation
import Testing
@testable import PasserelleDomain

@Suite struct CatalogueExportTests {
    static let tiny = Catalogue(
        axes: [CatalogueAxis(number: 1, title: "Connaître", summary: "Diagnostic partagé.")],
        keyActions: [KeyAction(number: 1, axis: 1, title: "Cartographier", summary: "Croiser les données.",
                               themes: [.climate], vulnerabilities: [.heat])],
        examples: [Example(id: "carte-chaleur", keyAction: 1, title: "Carte de la chaleur", place: ExamplePlace(commune: "Lens"),
                           scale: .commune, summary: "Une carte.", results: [ExampleResult(text: "Écoles repérées", value: 4.5, unit: "écoles")],
                           cost: ExampleCost(amount: 12000, currency: "EUR", text: "12 000 €"),
                           tags: ExampleTags(themes: [.climate], costBand: .from10kTo50k), seed: "004", seedLine: 12)],
        actors: [CatalogueActor(id: "ville-de-lens", name: "Ville de Lens", kind: .localAuthority, territory: "Lens", examples: ["carte-chaleur"])],
        sources: ["Essai"])

    @Test func exportOfTheRealCatalogueReadsBackEqual() throws {
        let catalogue = CatalogueFixtures.real
        let data = try catalogue.encodeJSON()
        let imported = try Catalogue.decodeExport(data)
        #expect(imported == catalogue)
        #expect(try imported.encodeJSON() == data)
    }

    @Test func exportKeepsCurationFields() throws {
        var catalogue = CatalogueFixtures.real
        catalogue.examples[3].retire(reason: "Action arrêtée en 2025")
        catalogue.examples[4].resources.append(ExampleResource(title: "Sans adresse", url: nil))
        let imported = try Catalogue.decodeExport(catalogue.encodeJSON())
        #expect(imported == catalogue)
        #expect(imported.examples[3].status == .retired)
        #expect(imported.examples[3].retiredReason == "Action arrêtée en 2025")
    }

    @Test func exportIsStableWithSortedKeys() throws {
        let text = String(decoding: try Self.tiny.encodeJSON(), as: UTF8.self)
        #expect(text == """
        {
          "actors" : [
            {
              "examples" : [
                "carte-chaleur"
              ],
              "id" : "ville-de-lens",
              "kind" : "localAuthority",
              "name" : "Ville de Lens",
              "status" : "active",
              "territory" : "Lens",
              "themes" : [

              ]
            }
          ],
          "axes" : [
            {
              "number" : 1,
              "summary" : "Diagnostic partagé.",
              "title" : "Connaître"
            }
          ],
          "examples" : [
            {
              "cost" : {
                "amount" : 12000,
                "currency" : "EUR",
                "text" : "12 000 €"
              },
              "id" : "carte-chaleur",
              "keyAction" : 1,
              "partners" : [

              ],
              "place" : {
                "commune" : "Lens",
                "country" : "France"
              },
              "resources" : [

              ],
              "results" : [
                {
                  "text" : "Écoles repérées",
                  "unit" : "écoles",
                  "value" : 4.5
                }
              ],
              "scale" : "commune",
              "seed" : "004",
              "seedLine" : 12,
              "status" : "active",
              "summary" : "Une carte.",
              "tags" : {
                "costBand" : "10kTo50k",
                "publics" : [

                ],
                "themes" : [
                  "climate"
                ],
                "vulnerabilities" : [

                ]
              },
              "title" : "Carte de la chaleur"
            }
          ],
          "format" : "passerelle-catalogue",
          "keyActions" : [
            {
              "axis" : 1,
              "number" : 1,
              "summary" : "Croiser les données.",
              "themes" : [
                "climate"
              ],
              "title" : "Cartographier",
              "vulnerabilities" : [
                "heat"
              ]
            }
          ],
          "sources" : [
            "Essai"
          ],
          "version" : 1
        }
        """)
        #expect(try Catalogue.decodeExport(Self.tiny.encodeJSON()) == Self.tiny)
    }

    @Test func paletteFileIsNotAnExport() throws {
        let error = try #require(throws: CatalogueImportError.self) { try Catalogue.decodeExport(CatalogueFixtures.paletteData()) }
        #expect(error.issues.map(\.description) == [
            "document, champ « format » : le document n'est pas un export de catalogue Passerelle (« format » doit valoir « passerelle-catalogue »)",
        ])
    }

    @Test func laterVersionIsRefused() throws {
        var text = String(decoding: try Self.tiny.encodeJSON(), as: UTF8.self)
        text = text.replacingOccurrences(of: "\"version\" : 1", with: "\"version\" : 2")
        let error = try #require(throws: CatalogueImportError.self) { try Catalogue.decodeExport(Data(text.utf8)) }
        #expect(error.message == """
        Le catalogue n'a pas été importé : 1 erreur.
        – document, champ « version » : version 2 non prise en charge (version attendue : 1)
        """)
    }

    @Test func missingVersionIsRefused() throws {
        let data = Data(#"{"format":"passerelle-catalogue","axes":[]}"#.utf8)
        let error = try #require(throws: CatalogueImportError.self) { try Catalogue.decodeExport(data) }
        #expect(error.issues.map(\.description) == ["document, champ « version » : version du format absente (version attendue : 1)"])
    }

    // MARK: CSV

    @Test func csvHasOneRowPerExampleAndDocumentedColumns() {
        let rows = ExampleCSV.rows(CatalogueFixtures.real)
        #expect(rows.count == 69)
        #expect(rows.allSatisfy { $0.count == 30 })
        #expect(rows[0] == ExampleCSV.documentation.map(\.header))
        #expect(rows[0].prefix(5) == ["identifiant", "action_cle", "action_cle_intitule", "axe", "titre"])
        let perePigne = rows[2]
        #expect(perePigne[0] == "atelier-textile-pere-pigne-insertion-de-femmes-gitanes-a-perpignan")
        #expect(perePigne[1] == "2")
        #expect(perePigne[2] == "Repérer les liens sociaux, forces, compétences et ressources des quartiers")
        #expect(perePigne[3] == "1")
        #expect(perePigne[5] == "Saint-Jacques")
        #expect(perePigne[10] == "Quartier")
        #expect(perePigne[14] == "Femmes engagées dans un parcours d'insertion professionnelle (une trentaine) (30 femmes en insertion)")
        #expect(perePigne[24] == "Économie locale | Participation")
        #expect(perePigne[26] == "Femmes | Demandeurs d'emploi")
        #expect(perePigne[27] == "002")
        #expect(perePigne[28] == "Actif")
    }

    @Test func csvOfTheRealCatalogueParsesBackToTheSameCells() throws {
        let catalogue = CatalogueFixtures.real
        let text = ExampleCSV.text(catalogue)
        let parsed = try CSVReader.read(Array(text.utf8))
        #expect(parsed.dialect.separator == UInt8(ascii: ";"))
        #expect(parsed.records.map(\.fields) == ExampleCSV.rows(catalogue))
    }

    @Test func csvQuotesSeparatorsQuotesAndLineBreaks() throws {
        var example = CatalogueFixtures.example("piege", keyAction: 1, title: "Titre ; avec « guillemets » et \"quotes\"",
                                                summary: "Ligne 1\nLigne 2, suite\r\nLigne 3")
        example.method = "=SOMME(A1:A3)"
        example.duration = "-2 ans"
        let catalogue = Catalogue(keyActions: [KeyAction(number: 1, axis: 1, title: "Action, une", summary: "")], examples: [example])
        let text = ExampleCSV.text(catalogue, byteOrderMark: false)
        let lines = text.components(separatedBy: "\r\n")
        #expect(lines[1].hasPrefix("piege;1;Action, une;1;\"Titre ; avec « guillemets » et \"\"quotes\"\"\";;;;;;Quartier;\"Ligne 1\nLigne 2, suite"))
        let rows = ExampleCSV.rows(catalogue)
        #expect(rows[1][13] == "'=SOMME(A1:A3)")
        #expect(rows[1][15] == "'-2 ans")
        let parsed = try CSVReader.read(Array(text.utf8))
        #expect(parsed.records.map(\.fields) == rows)
        #expect(parsed.records[1].fields[11] == "Ligne 1\nLigne 2, suite\r\nLigne 3")
        #expect(text.hasSuffix("Actif;\r\n"))
    }

    @Test func csvCanLeaveRetiredExamplesOut() {
        var catalogue = CatalogueFixtures.small
        catalogue.examples[1].retire(reason: "Doublon")
        #expect(ExampleCSV.rows(catalogue).count == 5)
        #expect(ExampleCSV.rows(catalogue, includeRetired: false).map { $0[0] } == ["identifiant", "ilots", "velo", "carte"])
        #expect(ExampleCSV.rows(catalogue)[2][28...] == ["Retiré", "Doublon"])
    }

    @Test func csvStartsWithAByteOrderMarkForSpreadsheets() {
        let text = ExampleCSV.text(CatalogueFixtures.small)
        #expect(text.unicodeScalars.first == "\u{FEFF}")
        #expect(Array(text.utf8.prefix(3)) == [0xEF, 0xBB, 0xBF])
    }
}
