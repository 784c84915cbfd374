import Foundation
import Testing
@testable import PasserelleDomain

typealias ApplicationChange = @Sendable (inout FundingApplication) -> Void

/// A rule from the file, an application on which it must fire and one on which it must not.
struct RuleCase: Sendable, CustomStringConvertible {
    var ruleID: String
    var fires: ApplicationChange
    var quiet: ApplicationChange
    var firingCall: CallKind = .yearlyCall
    var quietCall: CallKind = .yearlyCall
    var firingContext = EligibilityContext()
    var quietContext = EligibilityContext()
    var description: String { ruleID }
}

/// The base application asks the État (P147), the Région (programming support, specific credits)
/// and the Département (common law) for a neighbourhood food action by an association: no rule of
/// the file fires on it.
private func base() -> FundingApplication { ProgrammingFixture.application() }

private func action(_ type: ActionType, _ scale: ActionScale? = .neighbourhood) -> ApplicationChange {
    { $0.actionType = type; $0.scale = scale }
}

/// Puts the Région's line on another of its schemes (PIC 20, FTU 21, NQE 22).
private func regionScheme(_ schemeID: Int, declared: [String] = [], holder: HolderKind = .association, type: ActionType = .food, years: [Int] = [2025]) -> ApplicationChange {
    { application in
        application.fundingPlan[1].schemeID = schemeID
        application.declaredCriteria = declared
        application.holder.kind = holder
        application.actionType = type
        application.years = years
        if years.count > 1 { application.endDate = CalendarDate(iso: "\(years.last!)-06-30")! }
    }
}

private let vulnerable = TargetArea(kind: .vulnerableArea, code: "TV-62-01", name: "Cité des Provinces")
private let pic3 = ["citoyenneteActive", "interetCollectif", "besoinLocalReponseRapide"]
private let nqe4 = ["filRougeRegional", "tempsForts", "demarcheParticipative", "ecoresponsable"]

@Suite struct EligibilityEngineTests {
    static let rules: EligibilityRuleSet = try! EligibilityRuleSet.decode(json: Data(contentsOf: ProgrammingFixture.ruleFileURL)).get()

    static let cases: [RuleCase] = [
        RuleCase(ruleID: "region-ldp-formation-qualifiante", fires: action(.qualifyingTraining), quiet: action(.employmentFirstSteps)),
        RuleCase(ruleID: "region-ldp-orientation-professionnelle", fires: action(.careerGuidance), quiet: action(.employmentFirstSteps)),
        RuleCase(ruleID: "region-ldp-accompagnement-emploi", fires: action(.employmentSupport), quiet: action(.employmentFirstSteps)),
        RuleCase(ruleID: "region-ldp-missions-generiques", fires: { $0.holder.kind = .missionLocale }, quiet: { $0.holder.kind = .association }),
        RuleCase(ruleID: "region-ldp-creation-entreprise", fires: action(.businessCreationSupport), quiet: action(.businessCreationEmergence)),
        RuleCase(ruleID: "region-ldp-entrepreneuriat-scolaires", fires: action(.entrepreneurshipAwarenessInSchools), quiet: action(.education)),
        RuleCase(ruleID: "region-ldp-aci-fonctionnement", fires: action(.integrationWorkshopOperation), quiet: action(.integrationWorkshopEquipment)),
        RuleCase(ruleID: "region-ldp-aci-investissement", fires: action(.integrationWorkshopInvestment), quiet: action(.integrationWorkshopEquipment)),
        RuleCase(ruleID: "region-ldp-peps", fires: action(.artsAwarenessHighSchool), quiet: action(.culture)),
        RuleCase(ruleID: "region-ldp-prac", fires: action(.territorialArtsProject), quiet: action(.culture)),
        RuleCase(ruleID: "region-ldp-haute-frequence", fires: action(.contemporaryMusicProgramming), quiet: action(.culture)),
        RuleCase(ruleID: "region-ldp-sante-intercommunale", fires: action(.addictionPrevention, .intercommunal), quiet: action(.addictionPrevention, .commune)),
        RuleCase(ruleID: "region-ldp-associations-supracommunales", fires: action(.food, .intercommunal), quiet: action(.food, .commune)),
        RuleCase(ruleID: "region-ldp-batiment-renovation", fires: action(.energyRenovationStrategy), quiet: action(.environment)),
        RuleCase(ruleID: "region-ldp-mobilite", fires: action(.drivingLicence), quiet: action(.mobility)),
        RuleCase(ruleID: "region-ldp-tiers-lieux", fires: action(.thirdPlace), quiet: action(.socialLink)),
        RuleCase(ruleID: "region-ldp-equipements-sportifs", fires: action(.sportFacility), quiet: action(.sportFacilitySurroundings)),
        RuleCase(ruleID: "region-ldp-structures-sante", fires: action(.coordinatedCareFacility), quiet: action(.health)),
        RuleCase(ruleID: "region-ldp-premiers-freins", fires: action(.employmentFirstSteps), quiet: action(.employmentSupport)),
        RuleCase(ruleID: "region-ldp-emergence-creation", fires: action(.businessCreationEmergence), quiet: action(.businessCreationSupport)),
        RuleCase(ruleID: "region-ldp-abords-sportifs", fires: action(.sportFacilitySurroundings), quiet: action(.sportFacility)),
        RuleCase(ruleID: "region-ldp-culture-sante-numerique-local", fires: action(.culture, .commune), quiet: action(.culture, .intercommunal)),
        RuleCase(ruleID: "region-droit-commun-sollicite",
                 fires: { $0.fundingPlan.removeLast(); $0.ownFunds = 3_000 },
                 quiet: { $0.fundingPlan[2].schemeID = 30 }),
        RuleCase(ruleID: "region-territoires-hors-qpv",
                 fires: { $0.otherAreas = [TargetArea(kind: .livedArea, code: "QV-62-03", name: "Quartier vécu des Provinces")] },
                 quiet: { $0.otherAreas = [] }),
        RuleCase(ruleID: "region-pluriannualite-cas-par-cas",
                 fires: { $0.years = [2025, 2026]; $0.endDate = CalendarDate(iso: "2026-06-30")! },
                 quiet: { $0.years = [2025] }),
        RuleCase(ruleID: "region-pic-criteres-cumulatifs",
                 fires: regionScheme(20, declared: ["citoyenneteActive", "interetCollectif"]), quiet: regionScheme(20, declared: pic3)),
        RuleCase(ruleID: "region-pic-porteurs",
                 fires: regionScheme(20, declared: pic3, holder: .commune), quiet: regionScheme(20, declared: pic3, holder: .inhabitantsCollective)),
        RuleCase(ruleID: "region-ftu-collectivites",
                 fires: regionScheme(21, declared: ["demarcheParticipative"], holder: .association), quiet: regionScheme(21, declared: ["demarcheParticipative"], holder: .commune)),
        RuleCase(ruleID: "region-ftu-participatif",
                 fires: regionScheme(21, holder: .commune), quiet: regionScheme(21, declared: ["demarcheParticipative"], holder: .commune)),
        RuleCase(ruleID: "region-ftu-micro-projet",
                 fires: regionScheme(21, declared: ["demarcheParticipative"], holder: .commune, years: [2025, 2026]),
                 quiet: regionScheme(21, declared: ["demarcheParticipative"], holder: .commune)),
        RuleCase(ruleID: "region-nqe-themes",
                 fires: regionScheme(22, declared: nqe4, type: .education), quiet: regionScheme(22, declared: nqe4, type: .sport)),
        RuleCase(ruleID: "region-nqe-principes",
                 fires: regionScheme(22, declared: Array(nqe4.dropLast()), type: .culture), quiet: regionScheme(22, declared: nqe4, type: .culture)),
        RuleCase(ruleID: "etat-territoires-vulnerables-plafond",
                 fires: { $0.otherAreas = [vulnerable] }, quiet: { $0.otherAreas = [vulnerable] },
                 firingContext: EligibilityContext(programme147Envelope: 1_000_000, grantedToVulnerableAreas: 22_000),
                 quietContext: EligibilityContext(programme147Envelope: 1_000_000, grantedToVulnerableAreas: 19_000)),
        RuleCase(ruleID: "etat-territoires-vulnerables-liste", fires: { $0.otherAreas = [vulnerable] }, quiet: { $0.otherAreas = [] }),
        RuleCase(ruleID: "contrat-pluriannualite-privilegiee",
                 fires: { $0.years = [2025, 2026, 2027]; $0.endDate = CalendarDate(iso: "2027-06-30")!; $0.fundingPlan.remove(at: 1); $0.ownFunds = 5_000 },
                 quiet: { $0.years = [2025] }),
        RuleCase(ruleID: "contrat-cpo-criteres-a-definir", fires: { _ in }, quiet: { _ in }, firingCall: .multiYearCPO, quietCall: .ami),
        RuleCase(ruleID: "drac-pas-de-cofinancement",
                 fires: { $0.fundingPlan.append(FundingLine(id: 4, funderID: 4, schemeID: 40, label: "DRAC", requested: 500)); $0.ownFunds = 500 },
                 quiet: { _ in }),
    ]

    func evaluate(_ change: ApplicationChange, call kind: CallKind = .yearlyCall, context: EligibilityContext = EligibilityContext()) -> [RuleFinding] {
        var application = base()
        change(&application)
        return EligibilityEngine.evaluate(application, call: ProgrammingFixture.call(kind: kind), rules: Self.rules, catalog: ProgrammingFixture.catalog, context: context)
    }

    @Test func noRuleFiresOnTheBaseApplication() {
        #expect(EligibilityEngine.evaluate(base(), call: ProgrammingFixture.call(), rules: Self.rules, catalog: ProgrammingFixture.catalog) == [])
    }

    @Test func everyRuleOfTheFileHasItsCase() {
        #expect(Set(Self.cases.map(\.ruleID)) == Set(Self.rules.rules.map(\.id)))
        #expect(Self.cases.count == Self.rules.rules.count)
    }

    @Test(arguments: cases)
    func firesOnItsCaseAndNotOnTheOther(_ testCase: RuleCase) throws {
        let rule = try #require(Self.rules.rules.first { $0.id == testCase.ruleID })
        let fired = evaluate(testCase.fires, call: testCase.firingCall, context: testCase.firingContext)
        let finding = try #require(fired.first { $0.ruleID == testCase.ruleID }, "la règle ne s'est pas déclenchée")
        #expect(finding.outcome == rule.outcome)
        #expect(finding.message == rule.message)
        #expect(finding.source == rule.source)
        #expect(!finding.isUndetermined)
        #expect(!finding.explanation.isEmpty)
        let quiet = evaluate(testCase.quiet, call: testCase.quietCall, context: testCase.quietContext)
        #expect(!quiet.contains { $0.ruleID == testCase.ruleID }, "la règle s'est déclenchée à tort : \(quiet.first { $0.ruleID == testCase.ruleID }?.explanation ?? "")")
    }

    func explanation(_ ruleID: String, _ change: ApplicationChange, call: CallKind = .yearlyCall, context: EligibilityContext = EligibilityContext()) -> String? {
        evaluate(change, call: call, context: context).first { $0.ruleID == ruleID }?.explanation
    }

    @Test func explainsWhichConditionFiredAndWhy() {
        #expect(explanation("region-ldp-sante-intercommunale", action(.addictionPrevention, .intercommunal))
            == "type d'action « Prévention des conduites addictives » ∈ {Prévention cardio-vasculaire (diabète, surpoids), Prévention des conduites addictives, Santé-environnement} et échelle « Intercommunale » ≥ « Intercommunale » et financeur = Région Hauts-de-France et crédits sollicités : crédits spécifiques politique de la ville")
        #expect(explanation("region-pic-criteres-cumulatifs", regionScheme(20, declared: ["citoyenneteActive", "interetCollectif"]))
            == "critères déclarés : il manque « besoin local, réponse rapide » et dispositif = PIC")
        #expect(explanation("region-ftu-participatif", regionScheme(21, holder: .commune))
            == "critères déclarés ≠ démarche participative (aucun) et dispositif = FTU")
        #expect(explanation("region-nqe-themes", regionScheme(22, declared: nqe4, type: .education))
            == "type d'action « Éducation et réussite éducative » ∉ {Activité sportive, Action culturelle, Transition écologique et développement durable, Animation estivale} et dispositif = NQE")
        #expect(explanation("region-pic-porteurs", regionScheme(20, declared: pic3, holder: .commune))
            == "type de porteur « Commune » ∉ {Association, Collectif d'habitants} et dispositif = PIC")
        #expect(explanation("region-ldp-associations-supracommunales", action(.food, .interEPCI))
            == "type de porteur « Association » = « Association » et échelle « Plusieurs intercommunalités » > « Commune » et financeur = Région Hauts-de-France et crédits sollicités : crédits spécifiques politique de la ville")
        #expect(explanation("region-droit-commun-sollicite", { $0.fundingPlan.removeLast(); $0.ownFunds = 3_000 })
            == "droit commun sollicité dans le plan = non et financeur = Région Hauts-de-France et crédits sollicités : crédits spécifiques politique de la ville")
        #expect(explanation("etat-territoires-vulnerables-plafond", { $0.otherAreas = [vulnerable] },
                            context: EligibilityContext(programme147Envelope: 1_000_000, grantedToVulnerableAreas: 22_000))
            == "territoire visé = Territoire de veille / vulnérable et part de l'enveloppe départementale du programme 147 allant aux territoires vulnérables (demande comprise) 2,7\u{00A0}% > 2,5\u{00A0}% et dispositif = P147")
        #expect(explanation("contrat-pluriannualite-privilegiee", { $0.years = [2025, 2026] }) == "action pluriannuelle = oui")
        #expect(explanation("contrat-cpo-criteres-a-definir", { _ in }, call: .multiYearCPO) == "type d'appel = « Convention pluriannuelle d'objectifs (CPO) »")
        #expect(explanation("drac-pas-de-cofinancement", { $0.fundingPlan.append(FundingLine(id: 4, funderID: 4, schemeID: 40, label: "DRAC", requested: 500)) })
            == "financeur = DRAC Hauts-de-France")
        #expect(explanation("region-territoires-hors-qpv", { $0.otherAreas = [vulnerable] })
            == "territoire visé « Territoire de veille / vulnérable » ∈ {Quartier vécu, Territoire de veille / vulnérable} et financeur = Région Hauts-de-France")
    }

    @Test func capCountsOnlyTheLinesOfTheScopeAndStopsAtTheLimit() {
        // 20 000 already granted + 5 000 asked on P147 = 25 000 = exactly 2,5 % of 1 000 000: not above the cap.
        let atCap = evaluate({ $0.otherAreas = [vulnerable] }, context: EligibilityContext(programme147Envelope: 1_000_000, grantedToVulnerableAreas: 20_000))
        #expect(!atCap.contains { $0.ruleID == "etat-territoires-vulnerables-plafond" })
        let aboveCap = evaluate({ $0.otherAreas = [vulnerable] }, context: EligibilityContext(programme147Envelope: 1_000_000, grantedToVulnerableAreas: 20_000.01))
        #expect(aboveCap.contains { $0.ruleID == "etat-territoires-vulnerables-plafond" && $0.outcome == .notEligible })
    }

    @Test func asksAPersonWhenDataIsMissing() throws {
        let findings = evaluate({ $0.otherAreas = [vulnerable] })
        let cap = try #require(findings.first { $0.ruleID == "etat-territoires-vulnerables-plafond" })
        #expect(cap.isUndetermined)
        #expect(cap.outcome == .warning)
        #expect(cap.explanation == "territoire visé = Territoire de veille / vulnérable et enveloppe départementale du programme 147 non renseignée et dispositif = P147")
        #expect(cap.message.hasPrefix("Règle « Territoires vulnérables : 2,5 % au plus de l'enveloppe départementale du programme 147 » non évaluée faute de données ; à vérifier. Les crédits"))

        let noGranted = evaluate({ $0.otherAreas = [vulnerable] }, context: EligibilityContext(programme147Envelope: 1_000_000))
        #expect(noGranted.first { $0.ruleID == "etat-territoires-vulnerables-plafond" }?.explanation
            == "territoire visé = Territoire de veille / vulnérable et montant déjà accordé aux territoires vulnérables non renseigné et dispositif = P147")

        let noScale = evaluate(action(.culture, nil))
        let local = try #require(noScale.first { $0.ruleID == "region-ldp-culture-sante-numerique-local" })
        #expect(local.isUndetermined)
        #expect(local.explanation == "type d'action « Action culturelle » ∈ {Action culturelle, Action de santé, Numérique, Prévention cardio-vasculaire (diabète, surpoids), Prévention des conduites addictives, Santé-environnement} et échelle de l'action non renseignée et financeur = Région Hauts-de-France et crédits sollicités : crédits spécifiques politique de la ville")
        // A false part settles the condition even when another part is missing.
        #expect(!evaluate({ $0.otherAreas = [] }).contains { $0.ruleID == "etat-territoires-vulnerables-plafond" })
    }

    @Test func listsTheMostSeriousFindingsFirst() {
        // An association running an intercommunal addiction programme, asking the Région only, over two years.
        let findings = evaluate({
            $0.actionType = .addictionPrevention
            $0.scale = .intercommunal
            $0.fundingPlan.removeLast()
            $0.ownFunds = 3_000
            $0.years = [2025, 2026]
        })
        #expect(findings.map(\.ruleID) == [
            "region-ldp-sante-intercommunale",
            "region-ldp-associations-supracommunales", "region-droit-commun-sollicite",
            "region-pluriannualite-cas-par-cas",
            "contrat-pluriannualite-privilegiee",
        ])
        #expect(findings.map(\.outcome) == [.notEligible, .commonLawFirst, .commonLawFirst, .warning, .eligible])
        #expect(EligibilityEngine.verdict(findings) == .notEligible)
        #expect(EligibilityEngine.verdict([]) == nil)
    }

    @Test func aRuleWithoutScopeLooksAtEveryApplication() {
        let set = EligibilityRuleSet(rules: [
            EligibilityRule(id: "part-qpv", title: "Public des quartiers", source: "test",
                            when: .compare(field: .qpvBeneficiaryShare, op: .less, value: .number(50)), outcome: .warning, message: "Moins de la moitié du public habite un QPV."),
            EligibilityRule(id: "budget", title: "Gros budget", source: "test",
                            when: .all([.compare(field: .totalBudget, op: .greaterOrEqual, value: .number(12_000)),
                                        .compare(field: .ownFundsShare, op: .less, value: .number(10)),
                                        .compare(field: .yearsCount, op: .equal, value: .number(1)),
                                        .compare(field: .funderCodes, op: .in, value: .list(["etat", "caf"])),
                                        .compare(field: .schemeCodes, op: .notIn, value: .list(["PIC"]))]),
                            outcome: .warning, message: "M"),
        ])
        var application = base()
        application.beneficiaries.livingInQPVShare = 40
        application.ownFunds = 1_000
        let findings = EligibilityEngine.evaluate(application, call: ProgrammingFixture.call(), rules: set, catalog: ProgrammingFixture.catalog)
        #expect(findings.map(\.explanation) == [
            "part des bénéficiaires habitant en QPV 40\u{00A0}% < 50\u{00A0}%",
            "budget total " + frenchEuros("12 000 €") + " ≥ " + frenchEuros("12 000 €") + " et part d'autofinancement 8,33\u{00A0}% < 10\u{00A0}% et nombre d'années 1 = 1 et financeur « État – préfecture du Pas-de-Calais » ∈ {État – préfecture du Pas-de-Calais, caf} et dispositif ∉ {PIC} (présents : P147, REGION-PROG, CD62-SOL)",
        ])
    }
}
