import Foundation
import PasserelleDomain

/// A project holder's applications, one application (as each person may see it) and its form.
enum ApplicationPages {
    // MARK: My applications

    static func mine(_ items: [(StoredApplication, StoredCall)], organisation: String?, context: PageContext) -> String {
        Layout.page(title: "Mes candidatures", section: .applications, context: context,
            .h1("Mes candidatures"),
            .unwrap(organisation) { .p(.text("Organisation : \($0)")) },
            .if(organisation == nil, .p(.class("notice"), "Votre compte n'est rattaché à aucune organisation : une candidature se dépose au nom d'une organisation identifiée par son SIRET.")),
            .if(items.isEmpty && organisation != nil, .p("Aucune candidature pour l'instant. Ouvrez un appel à projets depuis la page de programmation de votre contrat de ville.")),
            .if(!items.isEmpty, .table(.class("data"),
                .caption("Candidatures de votre organisation"),
                .thead(.tr(.th(.scope("col"), "Projet"), .th(.scope("col"), "Appel"), .th(.scope("col"), "Statut"), .th(.scope("col"), "Dernière modification"))),
                .tbody(.forEach(items) { application, call in
                    .tr(.th(.scope("row"), .a(href: SiteURL.application(.value(application.id)).path, .text(application.title)),
                            .if(application.isDemo, .span(.class("badge"), "démonstration"))),
                        .td(.a(href: SiteURL.call(.value(call.call.id)).path, .text(call.call.title))),
                        .td(ProgrammingPages.statusBadge(application.status)),
                        .td(.text(French.date(String(application.updatedAt.prefix(10))))))
                })
            ))
        )
    }

    // MARK: One application

    static func page(_ view: ApplicationView, errors: [FieldError] = [], notice: String? = nil, context: PageContext) -> String {
        let stored = view.stored
        let call = view.call.call
        let application = view.application
        let isHolder = view.access == .holder
        return Layout.page(title: stored.title, section: isHolder ? .applications : .contracts, context: context,
            .p(.class("kicker"), .a(href: SiteURL.call(.value(call.id)).path, .text(call.title)), " · candidature n° \(stored.id)"),
            .h1(.text(stored.title), .if(stored.isDemo, .span(.class("badge"), "démonstration"))),
            .if(stored.isDemo, Layout.demoNotice("Cette candidature est fictive (porteur, SIRET et montants inventés) ; les financeurs et dispositifs sont réels.")),
            .unwrap(notice) { .p(.class("notice"), .role("status"), .text($0)) },
            Forms.errorSummary(errors),
            .dl(.class("facts"),
                .dt("Statut"), .dd(ProgrammingPages.statusBadge(stored.status)),
                .dt("Porteur"), .dd(.text("\(stored.holder.name) — \(stored.holder.kind.label)"), " ", .small(.text("SIRET \(stored.holder.siret)"))),
                .dt("Versions déposées"), .dd(.text(stored.version == 0 ? "aucune (brouillon)" : String(stored.version))),
                .dt("Budget total"), .dd(.text(EuroAmount.format(application.totalBudget))),
                .dt("Montant demandé"), .dd(.text(EuroAmount.format(application.totalRequested)))
            ),
            draftBox(view, context: context),
            holderMoves(view, context: context),
            contentSections(view),
            eligibilitySection(view.findings),
            decisionsSection(view),
            .if(view.access.seesInstruction, instructionSections(view, context: context)),
            historySection(view)
        )
    }

    static func draftBox(_ view: ApplicationView, context: PageContext) -> HTMLNode {
        guard view.stored.status == .draft, view.access == .holder else { return .empty }
        let id = view.stored.id
        return .section(.class("report"),
            .h2("Brouillon"),
            .p(.a(href: SiteURL.applicationEdit(.value(id)).path, .class("button"), "Compléter la candidature")),
            .if(view.submissionProblems.isEmpty,
                .group([
                    .p("La candidature est complète. Une fois déposée, elle est figée et transmise à l'équipe du contrat et aux financeurs de l'appel."),
                    Forms.post(SiteURL.applicationSubmit(.value(id)).path, context: context, .button(.type("submit"), "Déposer la candidature")),
                ]),
                else: .group([
                    .h3("À compléter avant le dépôt"),
                    .ul(.forEach(view.submissionProblems) { .li(.text($0.message)) }),
                ]))
        )
    }

    /// The holder's own moves once the agreement is signed: start the action, hand in the report.
    static func holderMoves(_ view: ApplicationView, context: PageContext) -> HTMLNode {
        guard view.access == .holder else { return .empty }
        let moves = view.moves.filter { $0.to != .submitted }
        guard !moves.isEmpty else { return .empty }
        return .section(.id("statut"),
            .forEach(moves) { move in
                Forms.post(SiteURL.applicationStatus(.value(view.stored.id)).path, context: context,
                    .input(.type("hidden"), .name("vers"), .value(move.to.code)),
                    .button(.type("submit"), .text(move.action)))
            })
    }

    static func names(_ ids: [Int], in nodes: [StrategyNode]) -> [StrategyNode] {
        ids.compactMap { id in nodes.first { $0.id == id } }
    }

    static func contentSections(_ view: ApplicationView) -> HTMLNode {
        let application = view.application
        let body = view.stored.body
        let nodes = view.contract.tree.flatMap(\.flattened)
        let qpvNames = Dictionary(view.contract.qpv.map { ($0.code, $0.name) }, uniquingKeysWith: { a, _ in a })
        return .group([
            .h2("Le projet"),
            .dl(.class("facts"),
                .dt("Type d'action"), .dd(.text(body.actionType?.label ?? "non renseigné")),
                .dt("Échelle"), .dd(.text(body.scale?.label ?? "non renseignée")),
                .dt("Dates"), .dd(.text(body.startDate.map { "du \($0.frenchText)" } ?? "début non renseigné"), " ",
                                  .text(body.endDate.map { "au \($0.frenchText)" } ?? "")),
                .dt("Années"), .dd(.text(body.years.isEmpty ? "non renseignées" : body.years.map(String.init).joined(separator: ", ")
                                         + (application.isMultiYear ? " (action pluriannuelle)" : ""))),
                .dt("Objectifs du contrat"), .dd(.text(names(body.objectiveIDs, in: nodes).map { "\($0.code) \($0.title)" }.joined(separator: " ; ").nilIfEmpty ?? "aucun")),
                .dt("Quartiers visés"), .dd(.text(body.qpvCodes.map { "\(qpvNames[$0] ?? $0) (\($0))" }.joined(separator: ", ").nilIfEmpty ?? "aucun")),
                .if(!body.otherAreas.isEmpty, .group([.dt("Autres territoires"), .dd(.text(body.otherAreas.map { "\($0.name) (\($0.kind.label))" }.joined(separator: ", ")))])),
                .dt("Thèmes de transition"), .dd(.text(body.themes.map(\.label).joined(separator: ", ").nilIfEmpty ?? "aucun")),
                .if(!body.coHolders.isEmpty, .group([.dt("Co-porteurs"),
                    .dd(.text(body.coHolders.map { "\($0.holder.name) (SIRET \($0.holder.siret), \(ProgrammingText.percent($0.share * 100)) des subventions)" }.joined(separator: " ; ")))]))
            ),
            .h3("Contribution à la transition écologique"),
            .p(.text(body.transitionStatement.nilIfEmpty ?? "Non renseignée.")),
            .h2("Budget et plan de financement"),
            .table(.class("data"),
                .caption("Dépenses prévues"),
                .thead(.tr(.th(.scope("col"), "Dépense"), .th(.scope("col"), .class("num"), "Montant"))),
                .tbody(.forEach(body.budgetLines) { .tr(.th(.scope("row"), .text($0.label)), .td(.class("num"), .text(EuroAmount.format($0.amount)))) },
                       .tr(.th(.scope("row"), "Total des dépenses"), .td(.class("num"), .strong(.text(EuroAmount.format(application.totalBudget))))))),
            .table(.class("data"),
                .caption("Ressources : plan de financement"),
                .thead(.tr(.th(.scope("col"), "Financeur et dispositif"), .th(.scope("col"), .class("num"), "Demandé"), .th(.scope("col"), .class("num"), "Décidé"))),
                .tbody(
                    .forEach(application.fundingPlan) { line in
                        let decision = view.decisions.first { $0.decision.fundingLineID == line.id }?.decision
                        return .tr(.th(.scope("row"), .text(line.label), .unwrap(line.schemeID.flatMap { view.catalog.scheme($0) }) { scheme in
                                        .small(.text(" (\(scheme.kind.label.lowercased()))")) }),
                                   .td(.class("num"), .text(EuroAmount.format(line.requested))),
                                   .td(.class("num"), .text(decision.map { "\(EuroAmount.format($0.amount)) — \($0.outcome.label)" } ?? "—")))
                    },
                    .tr(.th(.scope("row"), "Autofinancement"), .td(.class("num"), .text(EuroAmount.format(application.ownFunds))), .td("")),
                    .tr(.th(.scope("row"), "Total des ressources"), .td(.class("num"), .strong(.text(EuroAmount.format(application.totalResources)))), .td("")))),
            .if(EuroAmount.cents(application.totalBudget) != EuroAmount.cents(application.totalResources),
                .p(.class("field-error"), .text("Le plan n'est pas équilibré : \(EuroAmount.format(application.totalBudget)) de dépenses pour \(EuroAmount.format(application.totalResources)) de ressources."))),
            .h2("Bénéficiaires attendus"),
            .table(.class("data"),
                .caption("Bénéficiaires attendus"),
                .thead(.tr(.th(.scope("col"), .class("num"), "Total"), .th(.scope("col"), .class("num"), "Femmes"), .th(.scope("col"), .class("num"), "Hommes"),
                           .th(.scope("col"), .class("num"), "Habitant un QPV"),
                           .th(.scope("col"), "Tranches d'âge"))),
                .tbody(.tr(.td(.class("num"), .text(FrenchFormat.integer(body.beneficiaries.total))), .td(.class("num"), .text(FrenchFormat.integer(body.beneficiaries.women))),
                           .td(.class("num"), .text(FrenchFormat.integer(body.beneficiaries.men))), .td(.class("num"), .text(ProgrammingText.percent(body.beneficiaries.livingInQPVShare))),
                           .td(.text(AgeBand.allCases.compactMap { band in body.beneficiaries.ageBands[band].map { "\(band.label) : \($0)" } }.joined(separator: ", ").nilIfEmpty ?? "—"))))),
            .h3("Indicateurs de résultat"),
            .if(body.expectedIndicators.isEmpty, .p("Aucun indicateur."), else: .ul(.forEach(body.expectedIndicators) { indicator in
                .li(.text(indicator.label), .unwrap(indicator.target) { .text(" — cible : \(ProgrammingText.decimal($0))") }, .unwrap(indicator.unit) { .text(" \($0)") })
            })),
        ])
    }

    static func eligibilitySection(_ findings: [RuleFinding]) -> HTMLNode {
        .section(.id("eligibilite"),
            .h2("Vérification d'éligibilité"),
            .p(.class("hint"), "Les règles des dispositifs sollicités qui s'appliquent à cette candidature, avec leur raison et leur source. Elles éclairent l'instruction ; elles ne la remplacent pas."),
            .if(findings.isEmpty, .p("Aucune règle ne se déclenche pour cette candidature."), else: .ul(.class("findings"), .forEach(findings) { finding in
                .li(.class("finding finding-\(finding.outcome.rawValue)"),
                    .strong(.text("\(finding.outcome.label) — \(finding.title)")),
                    .p(.text(finding.message)),
                    .p(.class("hint"), .text("Pourquoi : \(finding.explanation).")),
                    .p(.class("source"), .small(.text("Source : \(finding.source)"))))
            }))
        )
    }

    static func decisionsSection(_ view: ApplicationView) -> HTMLNode {
        guard !view.decisions.isEmpty || !view.agreements.isEmpty else { return .empty }
        return .section(.id("decisions"),
            .h2("Décisions et conventions"),
            .if(!view.decisions.isEmpty, .table(.class("data"),
                .caption("Décisions par ligne de financement"),
                .thead(.tr(.th(.scope("col"), "Financeur"), .th(.scope("col"), "Décision"), .th(.scope("col"), .class("num"), "Montant"), .th(.scope("col"), "Date"),
                           .th(.scope("col"), "Instance"), .th(.scope("col"), "Référence"))),
                .tbody(.forEach(view.decisions.map(\.decision)) { decision in
                    .tr(.th(.scope("row"), .text(view.catalog.funderName(decision.funderID))), .td(.text(decision.outcome.label)),
                        .td(.class("num"), .text(EuroAmount.format(decision.amount))), .td(.text(decision.decidedOn.frenchText)),
                        .td(.text(decision.decidedBy)), .td(.text(decision.reference)))
                }))),
            .if(!view.agreements.isEmpty, .table(.class("data"),
                .caption("Conventions"),
                .thead(.tr(.th(.scope("col"), "Financeur"), .th(.scope("col"), "Montants par année"), .th(.scope("col"), "Signée le"), .th(.scope("col"), "Référence"))),
                .tbody(.forEach(view.agreements.map(\.agreement)) { agreement in
                    .tr(.th(.scope("row"), .text(view.catalog.funderName(agreement.funderID))),
                        .td(.text(agreement.sortedYears.map { "\($0) : \(EuroAmount.format(agreement.years[$0]!))" }.joined(separator: " ; ")
                                  + (agreement.isMultiYear ? " (pluriannuelle)" : ""))),
                        .td(.text(agreement.signedOn?.frenchText ?? "pas encore signée")), .td(.text(agreement.reference ?? "—")))
                })))
        )
    }

    static func historySection(_ view: ApplicationView) -> HTMLNode {
        guard !view.statusChanges.isEmpty else { return .empty }
        let isHolder = view.access == .holder
        return .section(.id("historique"),
            .h2("Historique"),
            .table(.class("data"),
                .caption("Changements de statut"),
                .thead(.tr(.th(.scope("col"), "Date"), .th(.scope("col"), "Statut"), .th(.scope("col"), "Par"))),
                .tbody(.forEach(view.statusChanges) { change in
                    .tr(.td(.text(French.date(String(change.occurredAt.prefix(10))))), .td(.text("\(change.from.label) → \(change.to.label)")),
                        .td(.text(isHolder && change.role != .projectHolder ? change.role.label : "\(change.actorLabel) (\(change.role.label))")))
                }))
        )
    }

    // MARK: Instruction (never shown to holders)

    static func instructionSections(_ view: ApplicationView, context: PageContext) -> HTMLNode {
        let id = view.stored.id
        let grid = view.call.call.grid
        // Decisions and agreements have their own forms; the status follows them.
        let moves = view.moves.filter { move in
            if case .decided = move.to { return false }
            return move.to != .submitted && move.to != .agreementSigned
        }
        return .group([
            .section(.id("avis"),
                .h2("Avis des financeurs"),
                .p(.class("hint"), "Visible par l'équipe du contrat et les instructeurs des financeurs de l'appel ; jamais par le porteur."),
                .if(view.reviews.isEmpty, .p("Aucun avis pour l'instant."), else: .table(.class("data"),
                    .caption("Notes et propositions côte à côte"),
                    .thead(.tr(.th(.scope("col"), "Critère"), .forEach(view.reviews) { stored in
                        .th(.scope("col"), .text("\(view.catalog.funderName(stored.review.funderID))"), .br(), .small(.text(stored.review.instructor)))
                    })),
                    .tbody(
                        .forEach(grid.criteria) { criterion in
                            .tr(.th(.scope("row"), .text(criterion.label)), .forEach(view.reviews) { stored in
                                .td(.class("num"), .text(stored.review.scores[criterion.code].map { "\($0) / \(criterion.scale.upperBound)" } ?? "—"))
                            })
                        },
                        .tr(.th(.scope("row"), "Note pondérée (sur 100)"), .forEach(view.reviews) { stored in
                            .td(.class("num"), .text(grid.weightedScore(stored.review.scores).map { ProgrammingText.decimal($0, digits: 1) } ?? "incomplète"))
                        }),
                        .tr(.th(.scope("row"), "Avis"), .forEach(view.reviews) { .td(.text($0.review.opinion.label)) }),
                        .tr(.th(.scope("row"), "Montant proposé"), .forEach(view.reviews) { .td(.class("num"), .text(EuroAmount.format($0.review.totalProposed(in: view.application)))) }),
                        .tr(.th(.scope("row"), "Commentaire"), .forEach(view.reviews) { .td(.text($0.review.comment.nilIfEmpty ?? "—")) })
                    )))
            ),
            reviewForm(view, context: context),
            .if(!moves.isEmpty, .section(.id("statut"),
                .h2("Faire avancer la candidature"),
                .forEach(moves) { move in
                    Forms.post(SiteURL.applicationStatus(.value(id)).path, context: context,
                        .input(.type("hidden"), .name("vers"), .value(move.to.code)),
                        .button(.type("submit"), .class("secondary"), .text(move.action)))
                })),
            decisionForm(view, context: context),
            agreementForm(view, context: context),
        ])
    }

    static func reviewForm(_ view: ApplicationView, context: PageContext) -> HTMLNode {
        guard case .instructor(let funderIDs) = view.access, let funderID = funderIDs.first,
              [.receivable, .underInstruction].contains(view.stored.status) else { return .empty }
        let own = view.reviews.last { $0.review.funderID == funderID && $0.instructorUserID == context.account?.id }?.review
        let lines = view.application.fundingPlan.filter { $0.funderID == funderID }
        return .section(.id("mon-avis"),
            .h2(.text("Mon avis pour \(view.catalog.funderName(funderID))")),
            Forms.post(SiteURL.applicationReview(.value(view.stored.id)).path, context: context,
                .forEach(view.call.call.grid.criteria) { criterion in
                    Forms.select("note_\(criterion.code)", label: criterion.label,
                                 options: [("", "—")] + criterion.scale.map { (String($0), String($0)) },
                                 selected: own?.scores[criterion.code].map(String.init))
                },
                Forms.select("avis", label: "Avis", options: ReviewOpinion.allCases.map { ($0.rawValue, $0.label) }, selected: own?.opinion.rawValue ?? ReviewOpinion.pending.rawValue),
                .forEach(lines) { line in
                    Forms.field("propose_\(line.id)", label: "Montant proposé — \(line.label) (demandé : \(EuroAmount.format(line.requested)))",
                                value: own?.proposedAmounts[line.id].map { ProgrammingText.decimal($0) } ?? "", required: false, errors: [])
                },
                .div(.class("field"), .label(.for("commentaire"), "Commentaire (non visible du porteur)"),
                     .textarea(.id("commentaire"), .name("commentaire"), .attr("rows", "4"), .text(own?.comment ?? ""))),
                .button(.type("submit"), "Enregistrer mon avis"))
        )
    }

    static func decisionForm(_ view: ApplicationView, context: PageContext) -> HTMLNode {
        guard view.access == .contractTeam, view.stored.status == .proposed else { return .empty }
        let decided = Set(view.decisions.map(\.decision.fundingLineID))
        let reviews = view.reviews.map(\.review)
        let lines = view.application.fundingPlan.filter { $0.funderID != nil && !decided.contains($0.id) }
        return .section(.id("decider"),
            .h2("Décisions du comité"),
            .p(.class("hint"), "L'équipe du contrat enregistre les décisions du comité de pilotage (ou de l'instance de chaque financeur) ligne par ligne : 0 pour un refus. La candidature passe à « décidée » quand chaque ligne a sa décision."),
            Forms.post(SiteURL.applicationDecisions(.value(view.stored.id)).path, context: context,
                .forEach(lines) { line in
                    let proposal = reviews.last { $0.funderID == line.funderID }?.proposedAmounts[line.id]
                    return Forms.field("decision_\(line.id)", label: "Montant accordé — \(line.label) (demandé : \(EuroAmount.format(line.requested)))",
                                       value: proposal.map { ProgrammingText.decimal($0) } ?? "", required: false,
                                       hint: proposal.map { "Proposition de l'instruction : \(EuroAmount.format($0))." }, errors: [])
                },
                Forms.field("date_decision", label: "Date de la décision", type: "date", errors: []),
                Forms.field("instance", label: "Instance qui a décidé", value: "Comité de pilotage du contrat de ville", errors: []),
                Forms.field("reference", label: "Référence de l'acte (délibération, arrêté)", errors: []),
                .button(.type("submit"), "Enregistrer les décisions"))
        )
    }

    static func agreementForm(_ view: ApplicationView, context: PageContext) -> HTMLNode {
        guard view.stored.status == .decided(.granted) || view.stored.status == .decided(.partlyGranted) else { return .empty }
        let granting = Array(Set(view.decisions.map(\.decision).filter(\.isGrant).map(\.funderID))).sorted()
        let allowed = granting.filter { funderID in
            switch view.access {
            case .contractTeam: true
            case .instructor(let ids): ids.contains(funderID)
            case .holder: false
            }
        }
        let years = view.stored.body.years.isEmpty ? [view.call.call.year] : view.stored.body.years
        return .forEach(allowed) { funderID in
            let funder = view.catalog.funder(funderID)
            let granted = EuroAmount.sum(view.decisions.map(\.decision).filter { $0.funderID == funderID && $0.isGrant }.map(\.amount))
            let split = EuroAmount.splitEqually(granted, parts: years.count)
            return .section(.id("convention-\(funderID)"),
                .h2(.text("Convention avec \(funder?.name ?? "le financeur")")),
                .p(.class("hint"), .text("Montant accordé : \(EuroAmount.format(granted)). Pour une convention pluriannuelle (CPO), répartissez-le par année.")),
                Forms.post(SiteURL.applicationAgreement(.value(view.stored.id)).path, context: context,
                    .input(.type("hidden"), .name("financeur"), .value(funder?.code ?? "")),
                    .forEach(Array(zip(years, split))) { year, amount in
                        Forms.field("annee_\(year)", label: "Montant \(year)", value: ProgrammingText.decimal(amount), required: false, errors: [])
                    },
                    Forms.field("signature", label: "Date de signature", type: "date", required: false, errors: []),
                    Forms.field("reference", label: "Référence de la convention", required: false, errors: []),
                    .button(.type("submit"), "Enregistrer la convention"))
            )
        }
    }

    // MARK: The form

    struct FormModel {
        var stored: StoredApplication
        var call: StoredCall
        var contract: ContractDetail
        var funders: [StoredFunder]
        var rules: EligibilityRuleSet
        var values: [String: String]
        var findings: [RuleFinding]
    }

    static func edit(_ model: FormModel, errors: [FieldError], notice: String? = nil, context: PageContext) -> String {
        typealias F = ApplicationField
        let values = model.values
        func value(_ name: String) -> String { values[name] ?? "" }
        func checked(_ name: String) -> Bool { values[name] == "oui" }
        func checkbox(_ name: String, _ label: HTMLNode...) -> HTMLNode {
            .div(.class("choice"), .input(.type("checkbox"), .id(name), .name(name), .value("oui"), .attr("checked", checked(name) ? "" : nil)),
                 .label(.for(name), .group(label)))
        }
        func errorFor(_ names: [String]) -> HTMLNode {
            .forEach(errors.filter { names.contains($0.field) }) { .p(.class("field-error"), .text($0.message)) }
        }
        let call = model.call.call
        let nodes = model.contract.tree.flatMap(\.flattened)
        let budgetRows = max(5, (0..<40).last { !value(F.budgetLabel($0)).isEmpty || !value(F.budgetAmount($0)).isEmpty }.map { $0 + 3 } ?? 0)
        let fundingRows = max(4, (0..<40).last { !value(F.fundingSource($0)).isEmpty || !value(F.fundingAmount($0)).isEmpty }.map { $0 + 3 } ?? 0)
        let indicatorRows = max(3, (0..<20).last { !value(F.indicatorLabel($0)).isEmpty }.map { $0 + 2 } ?? 0)
        var sources: [(value: String, label: String)] = [("", "—")]
        for entry in call.funders {
            guard let funder = model.funders.first(where: { $0.funder.id == entry.funderID }) else { continue }
            for scheme in funder.schemes where entry.schemeIDs.contains(scheme.scheme.id) {
                sources.append(("\(funder.funder.code)|\(scheme.scheme.code)", "\(funder.funder.name) — \(scheme.scheme.name)"))
            }
        }
        sources.append(("autre", "Autre ressource (mécénat, participation des usagers…)"))
        let id = model.stored.id
        return Layout.page(title: "Candidature — \(model.stored.title)", section: .applications, context: context,
            .p(.class("kicker"), .a(href: SiteURL.application(.value(id)).path, .text("Candidature n° \(id)")), " · ", .text(call.title)),
            .h1("Compléter la candidature"),
            .if(model.stored.isDemo, Layout.demoNotice("Candidature fictive de démonstration.")),
            .unwrap(notice) { .p(.class("notice"), .role("status"), .text($0)) },
            .p("Enregistrez autant de fois que nécessaire : rien n'est transmis avant le dépôt. Les montants s'écrivent en euros (12 500 ou 12 500,50)."),
            Forms.errorSummary(errors),
            Forms.post(SiteURL.applicationEdit(.value(id)).path, context: context,
                .fieldset(.legend("Le projet"),
                    Forms.field(F.title, label: "Titre du projet", value: value(F.title), errors: errors),
                    Forms.select(F.holderKind, label: "Type de porteur", options: HolderKind.allCases.map { ($0.rawValue, $0.label) }, selected: value(F.holderKind), errors: errors),
                    Forms.select(F.actionType, label: "Type d'action", options: [("", "—")] + ActionType.allCases.map { ($0.rawValue, $0.label) }, selected: value(F.actionType),
                                 hint: "Les lignes de partage de la Région dépendent du type d'action.", errors: errors),
                    Forms.select(F.scale, label: "Échelle de l'action", options: [("", "—")] + ActionScale.allCases.map { ($0.rawValue, $0.label) }, selected: value(F.scale), errors: errors),
                    Forms.field(F.startDate, label: "Date de début", value: value(F.startDate), type: "date", required: false,
                                hint: "Entre le \(call.actionStartsOn.frenchText) et le \(call.actionEndsOn.frenchText).", errors: errors),
                    Forms.field(F.endDate, label: "Date de fin", value: value(F.endDate), type: "date", required: false, errors: errors),
                    Forms.field(F.years, label: "Années de programmation", value: value(F.years), required: false,
                                hint: "Par exemple « 2026 » ou, pour une action pluriannuelle, « 2026, 2027, 2028 ». Déduites des dates si vide.", errors: errors)
                ),
                .fieldset(.id(F.objectives), .legend("Objectifs du contrat auxquels le projet répond"), errorFor([F.objectives]),
                    .forEach(call.objectiveIDs.compactMap { id in nodes.first { $0.id == id } }) { node in
                        checkbox(F.objective(node.id), .span(.class("node-code"), .text(node.code)), " ", .text(node.title))
                    }),
                .fieldset(.id(F.qpv), .legend("Quartiers prioritaires visés"), errorFor([F.qpv]),
                    .div(.class("columns-boxes"), .forEach(model.contract.qpv) { qpv in
                        checkbox(F.qpvBox(qpv.code), .text(qpv.name), " ", .small(.code(.text(qpv.code))))
                    })),
                .fieldset(.legend("Budget : dépenses prévues"),
                    .table(.class("data form-table"),
                        .caption("Lignes de dépense"),
                        .thead(.tr(.th(.scope("col"), "Libellé"), .th(.scope("col"), "Montant (€)"))),
                        .tbody(.forEach(0..<budgetRows) { index in
                            .tr(.td(inputCell(F.budgetLabel(index), label: "Dépense \(index + 1), libellé", value: value(F.budgetLabel(index)), errors: errors)),
                                .td(inputCell(F.budgetAmount(index), label: "Dépense \(index + 1), montant", value: value(F.budgetAmount(index)), errors: errors)))
                        }))),
                .fieldset(.legend("Plan de financement : ressources"),
                    .p(.class("hint"), "Chaque ligne sollicite un financeur de l'appel et l'un de ses dispositifs. Le total des ressources (avec l'autofinancement) doit égaler le total des dépenses."),
                    .table(.class("data form-table"),
                        .caption("Lignes de financement"),
                        .thead(.tr(.th(.scope("col"), "Financeur et dispositif"), .th(.scope("col"), "Libellé (facultatif)"), .th(.scope("col"), "Montant demandé (€)"))),
                        .tbody(.forEach(0..<fundingRows) { index in
                            .tr(.td(selectCell(F.fundingSource(index), label: "Ligne \(index + 1), financeur", options: sources, selected: value(F.fundingSource(index)), errors: errors)),
                                .td(inputCell(F.fundingLabel(index), label: "Ligne \(index + 1), libellé", value: value(F.fundingLabel(index)), errors: errors)),
                                .td(inputCell(F.fundingAmount(index), label: "Ligne \(index + 1), montant demandé", value: value(F.fundingAmount(index)), errors: errors)))
                        })),
                    Forms.field(F.ownFunds, label: "Autofinancement (€)", value: value(F.ownFunds), required: false, errors: errors)
                ),
                .fieldset(.legend("Bénéficiaires attendus"),
                    Forms.field(F.total, label: "Nombre de personnes", value: value(F.total), required: false, errors: errors),
                    Forms.field(F.women, label: "dont femmes", value: value(F.women), required: false, errors: errors),
                    Forms.field(F.men, label: "dont hommes", value: value(F.men), required: false, errors: errors),
                    Forms.field(F.qpvShare, label: "Part habitant un quartier prioritaire (%)", value: value(F.qpvShare), required: false, errors: errors),
                    .forEach(AgeBand.allCases) { band in
                        Forms.field(F.ageBand(band), label: "Âge : \(band.label)", value: value(F.ageBand(band)), required: false, errors: errors)
                    }
                ),
                .fieldset(.legend("Indicateurs de résultat"),
                    .forEach(0..<indicatorRows) { index in
                        .div(.class("inline-fields"),
                            inputCell(F.indicatorLabel(index), label: "Indicateur \(index + 1)", value: value(F.indicatorLabel(index)), errors: errors, visibleLabel: true),
                            inputCell(F.indicatorTarget(index), label: "Cible", value: value(F.indicatorTarget(index)), errors: errors, visibleLabel: true),
                            inputCell(F.indicatorUnit(index), label: "Unité", value: value(F.indicatorUnit(index)), errors: errors, visibleLabel: true))
                    }),
                .fieldset(.legend("Transition écologique"),
                    .div(.class("field"),
                        .label(.for(F.transition), "Contribution du projet à la transition écologique"),
                        .p(.class("hint"), "Quelques lignes : ce que l'action change pour le climat, l'énergie, l'alimentation, la nature en ville…"),
                        errorFor([F.transition]),
                        .textarea(.id(F.transition), .name(F.transition), .attr("rows", "4"), .text(value(F.transition)))),
                    .fieldset(.id(F.themes), .legend("Thèmes de transition"), .forEach(TransitionTheme.allCases) { theme in checkbox(F.theme(theme), .text(theme.label)) })
                ),
                .fieldset(.id(F.criteria), .legend("Critères que le projet remplit (dispositifs PIC, NQE, FTU)"),
                    .forEach(model.rules.criteria) { criterion in checkbox(F.criterion(criterion.code), .text(criterion.label)) }),
                .button(.type("submit"), "Enregistrer le brouillon")
            ),
            ApplicationPages.eligibilitySection(model.findings),
            .p(.a(href: SiteURL.application(.value(id)).path, "Revenir à la candidature (et la déposer quand elle est complète)"))
        )
    }

    static func inputCell(_ name: String, label: String, value: String, errors: [FieldError], visibleLabel: Bool = false) -> HTMLNode {
        let error = errors.first { $0.field == name }
        return .div(.class(error == nil ? "cell" : "cell has-error"),
            .label(.for(name), .class(visibleLabel ? "small-label" : "visually-hidden"), .text(label)),
            .unwrap(error) { .p(.id(name + "-erreur"), .class("field-error"), .text($0.message)) },
            .input(.type("text"), .id(name), .name(name), .value(value), .attr("aria-invalid", error == nil ? nil : "true"),
                   .attr("aria-describedby", error == nil ? nil : name + "-erreur")))
    }

    static func selectCell(_ name: String, label: String, options: [(value: String, label: String)], selected: String, errors: [FieldError]) -> HTMLNode {
        let error = errors.first { $0.field == name }
        return .div(.class(error == nil ? "cell" : "cell has-error"),
            .label(.for(name), .class("visually-hidden"), .text(label)),
            .unwrap(error) { .p(.id(name + "-erreur"), .class("field-error"), .text($0.message)) },
            .select(.id(name), .name(name), .attr("aria-invalid", error == nil ? nil : "true"),
                .forEach(options) { option in .option(.value(option.value), .selected(option.value == selected), .text(option.label)) }))
    }
}
