import Fluent

/// Every migration, in the order it runs. A landed migration is never edited: add a new one.
enum PasserelleMigrations {
    static let all: [any Migration] = [
        CreateTerritory(),
        CreateOrganisation(),
        CreateContract(),
    ]
}
