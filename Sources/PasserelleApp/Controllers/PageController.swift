import PasserelleDomain
import Vapor

/// The French HTML pages of the territory referential and the contracts.
struct PageController: Sendable {
    func home(req: Request) async throws -> Response {
        let territories = req.territories
        let qpv = try await territories.count(kind: .qpv, codePrefix: nil)
        let overseas = try await territories.count(kind: .qpv, codePrefix: "QN97")
        let model = HomePage.Model(
            qpvCount: qpv, qpvMainlandCount: qpv - overseas,
            communeCount: try await territories.count(kind: .commune, codePrefix: nil),
            epciCount: try await territories.count(kind: .epci, codePrefix: nil),
            contracts: try await req.contracts.list(concerning: nil))
        return .html(HomePage.render(model, context: req.pageContext()))
    }

    func search(req: Request) async throws -> Response {
        let query = try req.strictQuery.text("q")
        let kind = try req.strictQuery.choice("type", of: TerritoryKind.self)
        let offset = try req.strictQuery.integer("debut", in: 0...1_000_000, default: 0)
        var results: ResultPage<Territory>?
        if query != nil || kind != nil {
            results = try await req.territories.search(TerritoryQuery(text: query, kind: kind, limit: 50, offset: offset))
        }
        return .html(SearchPage.render(SearchPage.Model(query: query, kind: kind, results: results), context: req.pageContext()))
    }

    func territory(req: Request) async throws -> Response {
        let territory = try await req.territory(kindParameter: "type")
        let model = TerritoryPage.Model(
            territory: territory,
            parents: try await req.territories.parents(of: territory.id),
            children: try await req.territories.children(of: territory.id),
            contracts: try await req.contracts.list(concerning: territory.id))
        // Issue 6 — key actions and examples answering the QPV's most marked vulnerabilities.
        var withSuggestions = model
        if territory.kind == .qpv {
            let service = req.suggestionService
            withSuggestions.suggestions = try await service.suggestions(for: try await service.diagnosis(of: territory))
        }
        return .html(TerritoryPage.render(withSuggestions, context: req.pageContext()))
    }

    func contracts(req: Request) async throws -> Response {
        .html(ContractListPage.render(try await req.contracts.list(concerning: nil), context: req.pageContext()))
    }

    func contract(req: Request) async throws -> Response {
        let detail = try await req.contract()
        let communes = try await req.territories.parents(ofAll: detail.qpv.map(\.id))
        let suggestions = try await req.suggestionService.suggestions(for: detail)
        return .html(ContractPage.render(ContractPage.Model(detail: detail, communesByQPV: communes, suggestions: suggestions), context: req.pageContext()))
    }
}

extension Response {
    static func html(_ markup: String, status: HTTPResponseStatus = .ok) -> Response {
        let response = Response(status: status, body: .init(string: markup))
        response.headers.contentType = .html
        return response
    }
}
