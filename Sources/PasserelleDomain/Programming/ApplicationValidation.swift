/// Checks an application against its call before it can be submitted: one French problem per fault,
/// each attached to its field. An empty list means the application can be submitted.
public enum ApplicationValidation {
    public static func problems(_ application: FundingApplication, call: Call, catalog: FundingCatalog = FundingCatalog()) -> [FieldProblem] {
        var problems: [FieldProblem] = []
        func add(_ field: String, _ message: String) { problems.append(FieldProblem(field: field, message: message)) }

        if application.callID != call.id {
            add("callID", "La demande est rattachée à l'appel n° \(application.callID), pas à « \(call.title) ».")
        }
        if application.title.trimmingSpaces.isEmpty {
            add("title", "Le titre du projet est vide.")
        }

        // Holder and co-holders
        if application.holder.name.trimmingSpaces.isEmpty {
            add("holder.name", "Le nom du porteur de projet est vide.")
        }
        if let problem = SIRET.problem(application.holder.siret) {
            add("holder.siret", "SIRET du porteur : \(problem).")
        }
        for (index, coHolder) in application.coHolders.enumerated() {
            if let problem = SIRET.problem(coHolder.holder.siret) {
                add("coHolders[\(index)].holder.siret", "SIRET du co-porteur « \(coHolder.holder.name) » : \(problem).")
            }
            if !(coHolder.share > 0 && coHolder.share < 1) {
                add("coHolders[\(index)].share", "Part du co-porteur « \(coHolder.holder.name) » : elle doit être strictement comprise entre 0 et 100 % (\(ProgrammingFormat.percent(coHolder.share * 100))).")
            }
        }
        let coHolderShares = application.coHolders.reduce(0) { $0 + $1.share }
        if !application.coHolders.isEmpty && coHolderShares >= 1 {
            add("coHolders", "Les co-porteurs reçoivent ensemble \(ProgrammingFormat.percent(coHolderShares * 100)) des subventions : il ne reste rien au porteur principal.")
        }

        // Objectives and territories
        let callObjectives = Set(call.objectiveIDs)
        if application.objectiveIDs.isEmpty {
            add("objectiveIDs", "Choisissez au moins un objectif du contrat auquel le projet répond.")
        }
        for (index, objectiveID) in application.objectiveIDs.enumerated() where !callObjectives.contains(objectiveID) {
            add("objectiveIDs[\(index)]", "L'objectif n° \(objectiveID) ne fait pas partie des objectifs de l'appel « \(call.title) ».")
        }
        if application.qpvCodes.isEmpty && application.otherAreas.isEmpty {
            add("qpvCodes", "Indiquez au moins un quartier prioritaire (ou un territoire vécu ou vulnérable) visé par le projet.")
        }
        for (index, code) in application.qpvCodes.enumerated() where !TerritoryKind.plausibleKinds(forCode: code).contains(.qpv) {
            add("qpvCodes[\(index)]", "« \(code) » n'est pas un code de quartier prioritaire 2024 (forme attendue : QN suivi de 6 caractères, par exemple QN06224M).")
        }
        for (index, area) in application.otherAreas.enumerated() where area.kind != .livedArea && area.kind != .vulnerableArea {
            add("otherAreas[\(index)].kind", "Le territoire « \(area.name) » doit être un quartier vécu ou un territoire vulnérable (ici : \(area.kind.label)).")
        }

        // Dates and years
        if application.endDate < application.startDate {
            add("endDate", "La date de fin (\(application.endDate.frenchText)) précède la date de début (\(application.startDate.frenchText)).")
        }
        let period = "du \(call.actionStartsOn.frenchText) au \(call.actionEndsOn.frenchText)"
        if application.startDate < call.actionStartsOn || application.startDate > call.actionEndsOn {
            add("startDate", "La date de début (\(application.startDate.frenchText)) sort de la période des actions de l'appel (\(period)).")
        }
        if application.endDate > call.actionEndsOn || application.endDate < call.actionStartsOn {
            add("endDate", "La date de fin (\(application.endDate.frenchText)) sort de la période des actions de l'appel (\(period)).")
        }
        if application.years.isEmpty {
            add("years", "Indiquez l'année (ou les années) de programmation de l'action.")
        }
        let yearRange = min(application.startDate.year, application.endDate.year)...max(application.startDate.year, application.endDate.year)
        for (index, year) in application.years.enumerated() where !yearRange.contains(year) {
            add("years[\(index)]", "L'année \(year) n'est pas couverte par les dates de l'action (\(application.startDate.frenchText) – \(application.endDate.frenchText)).")
        }

        // Budget
        if application.budgetLines.isEmpty {
            add("budgetLines", "Le budget ne contient aucune ligne de dépense.")
        }
        for (index, line) in application.budgetLines.enumerated() {
            let name = line.label.trimmingSpaces.isEmpty ? "ligne de dépense \(index + 1)" : "ligne de dépense \(index + 1) (« \(line.label) »)"
            if line.label.trimmingSpaces.isEmpty {
                add("budgetLines[\(index)].label", "La ligne de dépense \(index + 1) n'a pas de libellé.")
            }
            if !(line.amount > 0) {
                add("budgetLines[\(index)].amount", "\(ProgrammingFormat.capitalised(name)) : le montant doit être supérieur à 0 € (\(EuroAmount.format(line.amount))).")
            }
        }

        // Funding plan
        for (index, line) in application.fundingPlan.enumerated() {
            let name = line.label.trimmingSpaces.isEmpty ? "Ligne de financement \(index + 1)" : "Ligne de financement \(index + 1) (« \(line.label) »)"
            if line.label.trimmingSpaces.isEmpty {
                add("fundingPlan[\(index)].label", "La ligne de financement \(index + 1) n'a pas de libellé.")
            }
            if !(line.requested > 0) {
                add("fundingPlan[\(index)].requested", "\(name) : le montant demandé doit être supérieur à 0 € (\(EuroAmount.format(line.requested))).")
            }
            if let granted = line.granted, granted < 0 {
                add("fundingPlan[\(index)].granted", "\(name) : le montant accordé est négatif (\(EuroAmount.format(granted))).")
            }
            if let funderID = line.funderID {
                if let callFunder = call.funder(funderID) {
                    if let schemeID = line.schemeID, !callFunder.schemeIDs.contains(schemeID) {
                        let schemeName = catalog.schemeName(schemeID)
                        add("fundingPlan[\(index)].schemeID", "\(name) : le dispositif « \(schemeName) » n'est pas ouvert par \(catalog.funderName(funderID)) dans cet appel.")
                    } else if let scheme = catalog.scheme(line.schemeID), scheme.funderID != funderID {
                        add("fundingPlan[\(index)].schemeID", "\(name) : le dispositif « \(scheme.name) » appartient à \(catalog.funderName(scheme.funderID)), pas à \(catalog.funderName(funderID)).")
                    }
                } else {
                    add("fundingPlan[\(index)].funderID", "\(name) : \(catalog.funderName(funderID)) ne participe pas à l'appel « \(call.title) ».")
                }
            } else if let schemeID = line.schemeID {
                add("fundingPlan[\(index)].funderID", "\(name) : le dispositif « \(catalog.schemeName(schemeID)) » est indiqué sans son financeur.")
            }
        }
        if application.ownFunds < 0 {
            add("ownFunds", "L'autofinancement ne peut pas être négatif (\(EuroAmount.format(application.ownFunds))).")
        }
        let expenses = EuroAmount.cents(application.totalBudget)
        let resources = EuroAmount.cents(application.totalResources)
        if expenses != resources {
            add("fundingPlan", "Le plan de financement n'est pas équilibré : \(EuroAmount.format(EuroAmount.euros(cents: expenses))) de dépenses pour \(EuroAmount.format(EuroAmount.euros(cents: resources))) de recettes (écart \(EuroAmount.format(EuroAmount.euros(cents: abs(expenses - resources))))).")
        }

        // Beneficiaries
        let people = application.beneficiaries
        if people.total < 0 || people.women < 0 || people.men < 0 {
            add("beneficiaries.total", "Bénéficiaires : les nombres ne peuvent pas être négatifs.")
        }
        if people.women + people.men > people.total {
            add("beneficiaries.women", "Bénéficiaires : \(people.women) femmes et \(people.men) hommes font \(people.women + people.men) personnes, plus que le total déclaré (\(people.total)).")
        }
        let inBands = people.ageBands.values.reduce(0, +)
        if inBands > people.total {
            add("beneficiaries.ageBands", "Bénéficiaires : les tranches d'âge comptent \(inBands) personnes, plus que le total déclaré (\(people.total)).")
        }
        for band in AgeBand.allCases where (people.ageBands[band] ?? 0) < 0 {
            add("beneficiaries.ageBands.\(band.rawValue)", "Bénéficiaires \(band.label) : le nombre ne peut pas être négatif.")
        }
        if !(0...100).contains(people.livingInQPVShare) {
            add("beneficiaries.livingInQPVShare", "La part des bénéficiaires habitant un quartier prioritaire doit être comprise entre 0 et 100 % (\(ProgrammingFormat.percent(people.livingInQPVShare))).")
        }
        return problems
    }
}
