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
        // 004 — strategy editing, cross-matrix, roadmap, commitments
        CreateStrategyHistory(),
        CreateTerritorialPlans(),
        CreatePlanLinks(),
        CreateRoadmap(),
        CreateCommitments(),
        // 005 — key actions and inspiring examples (issue 6)
        CreateCatalogue(),
        SeedCatalogue(),
        // 006 — transition diagnostic
        CreateDiagnostic(),
        // 007 — programming and funding
        CreateProgramming(),
        SeedFundingCatalogue(),
        // 008 — hashed sessions, password change ends older sessions
        CreateUserSessions(),
        UpdateUserAddPasswordChangedAt(),
    ]
}
