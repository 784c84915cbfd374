import Fluent

/// Every migration, in the order it runs. A landed migration is never edited: add a new one.
enum PasserelleMigrations {
    static let all: [any Migration] = [
        CreateTerritory(),
        CreateOrganisation(),
        CreateContract(),
        // 002 — accounts, sessions, audit trail
        UpdateOrganisationAddSiret(),
        CreateAccounts(),
        CreateAuditLog(),
        SessionRecord.migration,
        // 003 — observatory
        CreateObservatory(),
        SeedIndicatorCatalogue(),
        // 007 — programming and funding
        CreateProgramming(),
        SeedFundingCatalogue(),
    ]
}
