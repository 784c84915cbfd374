import PasserelleDomain

enum ObservatoryPages {
    static func home(indicators: [StoredIndicator], imports: [IndicatorImportRecord], canImport: Bool, context: PageContext) -> String {
        let grouped = Dictionary(grouping: indicators, by: \.indicator.theme).sorted { $0.key < $1.key }
        return Layout.page(title: "Observatoire", section: .none, context: context,
            .h1("Observatoire des quartiers"),
            .p(.class("lead"), "Les indicateurs des quartiers prioritaires et de leurs territoires de référence, importés des fichiers publiés par l'INSEE, l'ANCT et les observatoires locaux, avec la source et la date de chaque chiffre."),
            .if(canImport, .p(.a(href: SiteURL.observatoryImport.path, .class("button"), "Importer un fichier d'indicateurs"))),
            .h2(.text("Catalogue (\(indicators.count) indicateurs)")),
            .forEach(grouped) { theme, members in
                .details(
                    .summary(.text("\(theme.label) (\(members.count))")),
                    .table(.class("data"),
                        .caption(.text("Indicateurs : \(theme.label)")),
                        .thead(.tr(.th(.scope("col"), "Code"), .th(.scope("col"), "Libellé"), .th(.scope("col"), "Unité"), .th(.scope("col"), "Sens"), .th(.scope("col"), "Source habituelle"))),
                        .tbody(.forEach(members) { stored in
                            .tr(.td(.code(.text(stored.indicator.code))), .th(.scope("row"), .text(stored.indicator.label)), .td(.text(stored.indicator.unit.label)),
                                .td(.text(stored.indicator.polarity.label)), .td(.text(stored.indicator.source)))
                        })
                    )
                )
            },
            .h2("Derniers imports"),
            .if(imports.isEmpty, .p("Aucun import pour l'instant."), else: .table(.class("data"),
                .caption("Fichiers importés, les plus récents d'abord"),
                .thead(.tr(.th(.scope("col"), "Date"), .th(.scope("col"), "Fichier"), .th(.scope("col"), "Source"), .if(canImport, .th(.scope("col"), "Par")),
                           .th(.scope("col"), .class("num"), "Lignes"), .th(.scope("col"), .class("num"), "Créées"), .th(.scope("col"), .class("num"), "Mises à jour"))),
                .tbody(.forEach(imports) { record in
                    .tr(.td(.text(String(record.importedAt.prefix(10)))), .th(.scope("row"), .text(record.fileName)), .td(.text(record.sourceLabel)), .if(canImport, .td(.text(record.importedBy))),
                        .td(.class("num"), .text(FrenchFormat.integer(record.rowsRead))), .td(.class("num"), .text(FrenchFormat.integer(record.observationsCreated))),
                        .td(.class("num"), .text(FrenchFormat.integer(record.observationsUpdated))))
                })
            ))
        )
    }

    struct ImportForm: Sendable {
        var format = "long"
        var period = ""
        var territoryColumn = ""
        var columns = ""
        var source = ""
        var mappingName = ""
        var createMissing = false
        var dryRun = true
    }

    static func importPage(form: ImportForm, mappings: [SQLObservatoryRepository.SavedMapping], outcome: IndicatorImportOutcome?, errors: [FieldError], context: PageContext) -> String {
        Layout.page(title: "Importer des indicateurs", section: .none, context: context,
            .h1("Importer un fichier d'indicateurs"),
            .p("Fichiers CSV tels que l'INSEE ou l'ANCT les publient : séparateur virgule, point-virgule ou tabulation, UTF-8 (avec ou sans BOM) ou Windows-1252, virgule décimale, espaces entre milliers, cellules secrètes (s, nd, \\N, vide). Le fichier est entièrement vérifié avant d'écrire quoi que ce soit : si une ligne pose problème, rien n'est importé et chaque problème est listé."),
            .unwrap(outcome) { report($0) },
            Forms.errorSummary(errors),
            .form(.method("post"), .action(SiteURL.observatoryImport.path), .attr("enctype", "multipart/form-data"), .attr("novalidate", ""),
                context.csrfField,
                .div(.class("field"),
                    .label(.for("fichier"), "Fichier CSV"),
                    .p(.id("fichier-aide"), .class("hint"), "100 Mo au plus."),
                    .input(.type("file"), .id("fichier"), .name("fichier"), .attr("accept", ".csv,.txt,.tsv,text/csv"), .required(), .attr("aria-describedby", "fichier-aide"))),
                Forms.radios("format", legend: "Forme du fichier", options: [
                    (value: "long", label: "Long : une ligne par territoire, indicateur, période et valeur (colonnes code, indicateur, periode, valeur)"),
                    (value: "wide", label: "Large : une ligne par territoire, une colonne par indicateur")], selected: form.format, errors: errors),
                Forms.field("source", label: "Source des chiffres", value: form.source, required: false,
                            hint: "Par exemple « INSEE, Filosofi 2020 » ; affichée sous chaque chiffre. Par défaut : le nom du fichier.", errors: errors),
                Forms.field("periode", label: "Période (fichiers larges)", value: form.period, required: false, hint: "Par exemple 2020.", errors: errors),
                Forms.field("territoire", label: "Colonne du code territoire (fichiers larges)", value: form.territoryColumn, required: false, hint: "Par défaut : code.", errors: errors),
                .div(.class("field"),
                    .label(.for("colonnes"), "Correspondance des colonnes (fichiers larges)"),
                    .p(.id("colonnes-aide"), .class("hint"), "Une correspondance par ligne, « colonne=code_indicateur » ; une colonne dont le nom est déjà un code d'indicateur n'a pas besoin d'y figurer."),
                    .textarea(.id("colonnes"), .name("colonnes"), .attr("rows", "4"), .attr("aria-describedby", "colonnes-aide"), .text(form.columns))),
                .if(!mappings.isEmpty, Forms.select("correspondance", label: "Ou reprendre une correspondance enregistrée",
                    options: [(value: "", label: "—")] + mappings.map { (value: $0.name, label: $0.name) }, selected: nil)),
                Forms.field("nom_correspondance", label: "Enregistrer cette correspondance sous le nom", value: form.mappingName, required: false, errors: errors),
                .div(.class("choice"), .input(.type("checkbox"), .id("creer"), .name("creer"), .value("oui"), .attr("checked", form.createMissing ? "" : nil)),
                     .label(.for("creer"), "Créer les indicateurs absents du catalogue")),
                .div(.class("choice"), .input(.type("checkbox"), .id("essai"), .name("essai"), .value("oui"), .attr("checked", form.dryRun ? "" : nil)),
                     .label(.for("essai"), "Essai à blanc : vérifier sans rien écrire")),
                .button(.type("submit"), "Vérifier ou importer")
            )
        )
    }

    static func report(_ outcome: IndicatorImportOutcome) -> HTMLNode {
        let report = outcome.report
        let dialect: String = report.dialect.map { dialect in dialect.separatorLabel + ", " + dialect.encoding.label } ?? "—"
        let values = FrenchFormat.integer(report.observationsAccepted) + " dont \(report.secretCount) secrètes et \(report.missingCount) manquantes"
        return .section(.class(outcome.rejected ? "report report-rejected" : "report"), .role(outcome.rejected ? "alert" : "status"), .attr("aria-labelledby", "rapport"),
            .h2(.id("rapport"), .text(outcome.summary)),
            .dl(.class("facts"),
                .dt("Séparateur, encodage"), .dd(.text(dialect)),
                .dt("Lignes lues"), .dd(.text(FrenchFormat.integer(report.rowsRead))),
                .dt("Observations valides"), .dd(.text(values)),
                .dt("Indicateurs"), .dd(.text(report.indicators.joined(separator: ", "))),
                .dt("Périodes"), .dd(.text(report.periods.joined(separator: ", ")))),
            .if(!report.newIndicators.isEmpty, .p(.text("Indicateurs nouveaux : \(report.newIndicators.joined(separator: ", "))."))),
            .if(!report.notes.isEmpty, .ul(.forEach(report.notes) { .li(.text($0)) })),
            .if(!report.problems.isEmpty, .table(.class("data"),
                .caption(.text("\(report.problemCount) problème(s)" + (report.problemCount > report.problems.count ? ", les \(report.problems.count) premiers" : ""))),
                .thead(.tr(.th(.scope("col"), .class("num"), "Ligne"), .th(.scope("col"), "Colonne"), .th(.scope("col"), "Problème"))),
                .tbody(.forEach(report.problems) { problem in
                    .tr(.td(.class("num"), .text(String(problem.line))), .td(.text(problem.column ?? "—")), .td(.text(problem.message)))
                })
            ))
        )
    }
}
