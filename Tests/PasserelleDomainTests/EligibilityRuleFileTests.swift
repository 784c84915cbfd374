import Foundation
import Testing
@testable import PasserelleDomain

@Suite struct EligibilityRuleFileTests {
    @Test func readsTheRuleFile() throws {
        let data = try Data(contentsOf: ProgrammingFixture.ruleFileURL)
        let set = try EligibilityRuleSet.decode(json: data).get()
        #expect(set.version == 1)
        #expect(set.rules.count == 37)
        #expect(set.problems() == [])
        #expect(set.rules.allSatisfy { $0.source.contains("(seed 003)") || $0.source.contains("(seed 004)") })
        #expect(set.rules.filter { $0.source.contains("(seed 004)") }.map(\.id) == [
            "etat-territoires-vulnerables-plafond", "etat-territoires-vulnerables-liste",
            "contrat-pluriannualite-privilegiee", "contrat-cpo-criteres-a-definir", "drac-pas-de-cofinancement",
        ])
        #expect(set.unknownCodes(in: ProgrammingFixture.catalog) == [])
        #expect(set.criterionLabel("interetCollectif") == "intérêt collectif")
        #expect(set.criterionLabel("inconnu") == "inconnu")
    }

    @Test func survivesARoundTrip() throws {
        let set = try EligibilityRuleSet.decode(json: Data(contentsOf: ProgrammingFixture.ruleFileURL)).get()
        let again = try EligibilityRuleSet.decode(json: set.encodedJSON()).get()
        #expect(again == set)
    }

    @Test func decodesEveryConditionShape() throws {
        let json = """
        {"version": 1, "criteria": [{"code": "x", "label": "X"}], "rules": [{
          "id": "r", "title": "T", "source": "S", "appliesTo": {"schemes": ["PIC"], "callKinds": ["yearlyCall"]},
          "when": {"any": [
            {"not": {"field": "actionType", "op": "in", "value": ["sport"]}},
            {"all": [{"field": "scale", "op": ">=", "value": "commune"}, {"field": "isMultiYear", "op": "=", "value": true}]},
            {"field": "qpvBeneficiaryShare", "op": "<", "value": 50},
            {"field": "declaredCriteria", "op": "containsAll", "value": ["x"]},
            {"always": true}
          ]},
          "outcome": "warning", "message": "M"}]}
        """
        let set = try EligibilityRuleSet.decode(json: json).get()
        #expect(set.rules[0].appliesTo == RuleScope(schemes: ["PIC"], callKinds: [.yearlyCall]))
        #expect(set.rules[0].when == .any([
            .not(.compare(field: .actionType, op: .in, value: .list(["sport"]))),
            .all([.compare(field: .scale, op: .greaterOrEqual, value: .text("commune")), .compare(field: .isMultiYear, op: .equal, value: .flag(true))]),
            .compare(field: .qpvBeneficiaryShare, op: .less, value: .number(50)),
            .compare(field: .declaredCriteria, op: .containsAll, value: .list(["x"])),
            .always,
        ]))
    }

    func error(_ json: String) -> String? {
        if case .failure(let error) = EligibilityRuleSet.decode(json: json) { return error.message }
        return nil
    }

    func file(_ rule: String) -> String {
        """
        {"version": 1, "rules": [
          {"id": "ok", "title": "T", "source": "S", "appliesTo": {}, "when": {"always": true}, "outcome": "warning", "message": "M"},
          \(rule)
        ]}
        """
    }

    func rule(when: String, id: String = "bad", outcome: String = "warning") -> String {
        #"{"id": "\#(id)", "title": "T", "source": "S", "appliesTo": {}, "when": \#(when), "outcome": "\#(outcome)", "message": "M"}"#
    }

    @Test func namesTheRuleAndPlaceOfAnError() {
        #expect(error(file(rule(when: #"{"field": "couleur", "op": "=", "value": "bleu"}"#)))?.hasPrefix(
            "règle n° 2 (« bad »), à « rules[1].when » : champ de condition inconnu « couleur » (connus : actionType, holderKind,") == true)
        #expect(error(file(rule(when: #"{"field": "actionType", "op": "<", "value": "sport"}"#)))
            == "règle n° 2 (« bad »), à « rules[1].when » : l'opérateur « < » ne s'applique pas au champ « actionType » (possibles : =, !=, in, notIn)")
        #expect(error(file(rule(when: #"{"field": "actionType", "op": "in", "value": ["sport", "rugby"]}"#)))
            == "règle n° 2 (« bad »), à « rules[1].when » : valeur inconnue pour « actionType » : « rugby » (connues : " + ActionType.allCases.map(\.rawValue).joined(separator: ", ") + ")")
        #expect(error(file(rule(when: #"{"field": "actionType", "op": "in", "value": "sport"}"#)))
            == "règle n° 2 (« bad »), à « rules[1].when » : l'opérateur « in » attend une liste de valeurs")
        #expect(error(file(rule(when: #"{"field": "yearsCount", "op": ">", "value": "trois"}"#)))
            == "règle n° 2 (« bad »), à « rules[1].when » : valeur de type inattendu pour le champ « yearsCount »")
        #expect(error(file(rule(when: #"{"all": [{"field": "scale", "op": ">", "value": "planete"}]}"#)))?.hasPrefix(
            "règle n° 2 (« bad »), à « rules[1].when.all[0] » : valeur inconnue pour « scale » : « planete »") == true)
        #expect(error(file(rule(when: #"{"all": []}"#))) == "règle n° 2 (« bad »), à « rules[1].when » : « all » doit contenir au moins une condition")
        #expect(error(file(rule(when: #"{}"#)))?.hasPrefix("règle n° 2 (« bad »), à « rules[1].when » : condition vide") == true)
        #expect(error(file(rule(when: #"{"always": true}"#, outcome: "peut-être")))
            == "règle n° 2 (« bad »), à « rules[1].outcome » : valeur inconnue « peut-être » (connues : notEligible, commonLawFirst, warning, eligible)")
        #expect(error(file(#"{"id": "k", "title": "T", "source": "S", "appliesTo": {"callKinds": ["annuel"]}, "when": {"always": true}, "outcome": "warning", "message": "M"}"#))
            == "règle n° 2 (« k »), à « rules[1].appliesTo.callKinds[0] » : valeur inconnue « annuel » (connues : yearlyCall, ami, multiYearCPO, pic, ftu, summerScheme, other)")
        #expect(error(file(#"{"id": "sans-source", "title": "T", "appliesTo": {}, "when": {"always": true}, "outcome": "warning", "message": "M"}"#))
            == "règle n° 2 (« sans-source »), à « rules[1] » : champ obligatoire « source » absent")
        #expect(error("{\"version\": 1, \"rules\": [") == "le texte n'est pas du JSON valide")
    }

    @Test func checksIdsTextsAndDeclaredCriteria() {
        let json = """
        {"version": 1, "criteria": [{"code": "a", "label": "A"}], "rules": [
          {"id": "r", "title": "T", "source": "S", "appliesTo": {}, "when": {"always": true}, "outcome": "warning", "message": "M"},
          {"id": "r", "title": " ", "source": "", "appliesTo": {"schemes": []}, "when": {"field": "declaredCriteria", "op": "=", "value": "b"}, "outcome": "warning", "message": ""}
        ]}
        """
        #expect(error(json) == """
            règle n° 2 (« r ») : l'identifiant est déjà utilisé par une autre règle
            règle n° 2 (« r ») : le titre est vide
            règle n° 2 (« r ») : la source est vide ; chaque règle doit citer son texte
            règle n° 2 (« r ») : le message est vide
            règle n° 2 (« r ») : une liste de « appliesTo » est vide (retirez-la pour ne pas filtrer)
            règle n° 2 (« r ») : le critère déclaré « b » ne figure pas dans la liste « criteria » du fichier
            """)
    }

    @Test func warnsOfCodesTheCatalogDoesNotKnow() {
        let set = EligibilityRuleSet(rules: [EligibilityRule(id: "r", title: "T", source: "S",
            appliesTo: RuleScope(schemes: ["PIC", "ADEME-FC"], funders: ["ademe"]), when: .always, outcome: .warning, message: "M")])
        #expect(set.unknownCodes(in: ProgrammingFixture.catalog) == [
            "règle « r » : aucun dispositif n'a le code « ADEME-FC »",
            "règle « r » : aucun financeur n'a le code « ademe »",
        ])
    }
}
