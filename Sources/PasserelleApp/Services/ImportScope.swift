import Fluent
import PasserelleDomain
import SQLKit

/// Which territories someone may write figures or outlines for. Administrators, the regional
/// resource centre and the command line write for all; a contract team writes for its contracts:
/// the EPCI, its communes (and their IRIS), its QPV and their aggregates, and the reference levels
/// above it (department, region, France), which its comparisons need.
struct ImportScope: Sendable {
    /// Nil: everywhere.
    var territoryIDs: Set<Int>?

    static let everywhere = ImportScope(territoryIDs: nil)

    var isGlobal: Bool { territoryIDs == nil }

    func allows(_ territoryID: Int) -> Bool { territoryIDs?.contains(territoryID) ?? true }

    static func of(_ principal: Principal?, database: any Database) async throws -> ImportScope {
        guard let principal else { return ImportScope(territoryIDs: []) }
        if principal.isAdministrator || principal.allRoles.contains(.resourceCentre) { return .everywhere }
        let contractIDs = Set(principal.memberships.filter { $0.role == .contractTeam }.compactMap(\.contractID))
        if principal.memberships.contains(where: { $0.role == .contractTeam && $0.contractID == nil }) { return .everywhere }
        let contracts = SQLContractRepository(database: database)
        let territories = SQLTerritoryRepository(database: database)
        var ids = Set<Int>()
        for id in contractIDs {
            guard let detail = try await contracts.find(id: id) else { continue }
            let epci = detail.contract.epci
            ids.insert(epci.id)
            ids.formUnion(detail.qpv.map(\.id))
            let children = try await territories.children(of: epci.id)
            ids.formUnion(children.filter { [.commune, .qpv, .qpvAggregate].contains($0.kind) }.map(\.id))
            let communeIDs = children.filter { $0.kind == .commune }.map(\.id)
            for (_, below) in try await territories.childrenOfAll(communeIDs) { ids.formUnion(below.filter { $0.kind == .iris }.map(\.id)) }
            var above = try await territories.parents(of: epci.id)
            while let parent = above.popLast() {
                guard [.department, .region, .country].contains(parent.kind), ids.insert(parent.id).inserted else { continue }
                above += try await territories.parents(of: parent.id)
            }
        }
        return ImportScope(territoryIDs: ids)
    }

    static let outsideMessage = "territoire hors des contrats dont vous êtes l'équipe : seuls l'administrateur et le centre de ressources importent pour tous les territoires"
}
