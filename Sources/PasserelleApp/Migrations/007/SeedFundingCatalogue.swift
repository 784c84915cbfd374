import Fluent
import PasserelleDomain
import SQLKit

/// The funders of the city contracts of the Pas-de-Calais and their schemes, as the seeds name them
/// (facts only: names, codes, common-law or specific credits, the text each comes from). Funder
/// codes and scheme codes are the ones the eligibility rules use. A SIRET is given only where it is
/// established (Région Hauts-de-France, Département du Pas-de-Calais); administrators complete the
/// others on the funders page, and the open-data export names the funders that still lack one.
struct SeedFundingCatalogue: AsyncMigration {
    struct SchemeSeed {
        var code: String
        var name: String
        var kind: FundingKind
        var source: String
    }

    struct FunderSeed {
        var code: String
        var organisation: String
        var kind: OrganisationKind
        var siren: String?
        var siret: String?
        var source: String
        var schemes: [SchemeSeed]
    }

    static let seed003 = "Région Hauts-de-France, cadre d'intervention politique de la ville 2024-2030 (seed 003)"
    static let seed004 = "Département du Pas-de-Calais, délibération adoptant les contrats de ville 2024-2030 (seed 004)"

    static let funders: [FunderSeed] = [
        FunderSeed(code: "etat", organisation: "État (Préfecture du Pas-de-Calais)", kind: .state, siren: nil, siret: nil,
                   source: seed004 + " : l'État co-pilote chaque contrat ; crédits du programme 147 et dispositifs de la politique de la ville", schemes: [
            SchemeSeed(code: "P147", name: "Programme 147 « Politique de la ville » (BOP 147)", kind: .specific,
                       source: seed004 + ", plafond des territoires vulnérables exprimé en part de l'enveloppe départementale du programme 147"),
            SchemeSeed(code: "ADULTES-RELAIS", name: "Adultes-relais (postes de médiation sociale)", kind: .specific,
                       source: seed004 + ", contributions de l'État et de la DDETS"),
            SchemeSeed(code: "CITES-EDUCATIVES", name: "Cités éducatives", kind: .specific, source: seed004 + ", « autres dispositifs de la politique de la ville »"),
            SchemeSeed(code: "QUARTIERS-ETE", name: "Quartiers d'été", kind: .specific, source: seed004 + ", « autres dispositifs de la politique de la ville »"),
            SchemeSeed(code: "FONDS-VERT", name: "Fonds vert (transition écologique des territoires)", kind: .commonLaw,
                       source: "Dispositif de l'État de droit commun cité par le glossaire du projet ; à mobiliser d'abord pour la transition"),
        ]),
        FunderSeed(code: "region-hdf", organisation: "Région Hauts-de-France", kind: .region, siren: "200053742", siret: "20005374200017",
                   source: seed003, schemes: [
            SchemeSeed(code: "NQE", name: "Nos Quartiers d'Été (NQE)", kind: .specific, source: seed003 + ", soutien régional à la citoyenneté"),
            SchemeSeed(code: "PIC", name: "Projets d'initiative citoyenne (PIC)", kind: .specific, source: seed003 + ", soutien régional à la citoyenneté"),
            SchemeSeed(code: "FTU", name: "Fonds de travaux urbains (FTU)", kind: .specific, source: seed003 + ", soutien régional à la citoyenneté"),
            SchemeSeed(code: "PROG-CV", name: "Soutien régional aux programmations des contrats de ville", kind: .specific,
                       source: seed003 + ", « Le soutien régional aux programmations des contrats de ville »"),
            SchemeSeed(code: "PRF", name: "Programme régional de formation", kind: .commonLaw, source: seed003 + ", annexe « lignes de partage »"),
            SchemeSeed(code: "FRATRI", name: "FRATRI (bâtiments exemplaires, rénovation énergétique)", kind: .commonLaw,
                       source: seed003 + ", annexe « lignes de partage », transitions"),
            SchemeSeed(code: "JVA", name: "Jeunesse et vie associative (INAS, 4TIL)", kind: .commonLaw,
                       source: seed003 + ", annexe « lignes de partage », projets associatifs"),
        ]),
        FunderSeed(code: "departement-62", organisation: "Département du Pas-de-Calais", kind: .department, siren: "226200012", siret: "22620001200012",
                   source: seed004 + ", contribution du Département", schemes: [
            SchemeSeed(code: "MODERNISATION-QPV", name: "Appel à projets « modernisation de l'offre de services aux habitants des quartiers prioritaires »",
                       kind: .specific, source: seed004 + ", contribution du Département (investissement des communes)"),
            SchemeSeed(code: "FONDS-BIODIVERSITE", name: "Fonds biodiversité", kind: .commonLaw, source: seed004 + ", contribution du Département"),
            SchemeSeed(code: "FONDS-ALIMENTATION", name: "Fonds alimentation durable", kind: .commonLaw, source: seed004 + ", contribution du Département"),
            SchemeSeed(code: "BUDGET-CITOYEN", name: "Budget citoyen (économie sociale et solidaire)", kind: .commonLaw, source: seed004 + ", contribution du Département"),
            SchemeSeed(code: "OUVREZ-VOTRE-CLUB", name: "Appel à projets « Ouvrez votre club »", kind: .commonLaw, source: seed004 + ", contribution du Département"),
        ]),
        FunderSeed(code: "caf-62", organisation: "Caisse d'allocations familiales du Pas-de-Calais (CAF)", kind: .caf, siren: nil, siret: nil,
                   source: seed004 + ", partenaire du diagnostic et du groupe technique partenarial", schemes: [
            SchemeSeed(code: "CAF-ACTION-SOCIALE", name: "Action sociale de la CAF", kind: .commonLaw, source: seed004 + ", signataires et partenaires"),
        ]),
        FunderSeed(code: "drac", organisation: "Direction régionale des affaires culturelles (DRAC)", kind: .state, siren: nil, siret: nil,
                   source: seed004 + ", contribution de la DRAC Hauts-de-France", schemes: [
            SchemeSeed(code: "ETE-CULTUREL", name: "Appel à projets « Été culturel »", kind: .commonLaw, source: seed004 + ", contribution de la DRAC Hauts-de-France"),
        ]),
    ]

    func prepare(on database: any Database) async throws {
        let repository = SQLProgrammingRepository(database: database)
        for funder in Self.funders {
            let id = try await repository.ensureFunder(code: funder.code, organisationName: funder.organisation, kind: funder.kind,
                                                       siren: funder.siren, siret: funder.siret, source: funder.source)
            for scheme in funder.schemes {
                try await repository.ensureScheme(funderID: id, code: scheme.code, name: scheme.name, kind: scheme.kind, source: scheme.source)
            }
        }
    }

    func revert(on database: any Database) async throws {
        let sql = database as! any SQLDatabase
        let codes = Self.funders.map(\.code)
        try await sql.raw("DELETE FROM schemes WHERE funder_id IN (SELECT id FROM funders WHERE code IN (\(binds: codes)))").run()
        try await sql.raw("DELETE FROM funders WHERE code IN (\(binds: codes))").run()
    }
}
