/// The contract's least covered ambitions, as the catalogue's suggestions want them.
extension CrossMatrix {
    /// Ambitions ranked by the share of their objectives that at least one plan action serves,
    /// lowest first (then in tree order); fully covered ones are left out, and so are those whose
    /// title and objectives name no transition theme, since nothing could be suggested for them.
    /// Empty while no plan is entered: then "uncovered" only means "not yet filled in".
    public func weakestCoveredAmbitions(limit: Int = 3) -> [WeakAmbition] {
        guard !columns.isEmpty else { return [] }
        var ranked: [(share: Double, order: Int, ambition: WeakAmbition)] = []
        // An ambition with objectives is one group; ambitions without objectives are rows of their
        // pillar's untitled group, each its own candidate.
        let groups: [(title: String, rows: [MatrixRow])] = pillars.flatMap(\.ambitions).flatMap { ambition in
            if let title = ambition.title { return [(title, ambition.rows)] }
            return ambition.rows.map { ($0.objective.title, [$0]) }
        }
        for (title, rows) in groups where !rows.isEmpty {
            let covered = rows.filter(\.isCovered).count
            guard covered < rows.count else { continue }
            var themes = Set(TransitionTheme.mentioned(in: title))
            for row in rows {
                themes.formUnion(row.objective.themes ?? [])
                themes.formUnion(TransitionTheme.mentioned(in: row.objective.title))
            }
            guard !themes.isEmpty else { continue }
            ranked.append((Double(covered) / Double(rows.count), ranked.count, WeakAmbition(title: title, themes: themes.sorted())))
        }
        return ranked.sorted { ($0.share, $0.order) < ($1.share, $1.order) }.prefix(max(limit, 0)).map(\.ambition)
    }
}
