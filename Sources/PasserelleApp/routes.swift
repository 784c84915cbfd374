import Vapor

func registerRoutes(_ app: Application) throws {
    let pages = PageController()
    app.get(SiteURL.home.pathComponents, use: pages.home)
    app.get(SiteURL.search.pathComponents, use: pages.search)
    app.get(SiteURL.territory(.key).pathComponents, use: pages.territory)
    app.get(SiteURL.contracts.pathComponents, use: pages.contracts)
    app.get(SiteURL.contract(.key).pathComponents, use: pages.contract)
    app.get(SiteURL.stylesheet.pathComponents, use: StaticController.stylesheet)
    app.get(SiteURL.health.pathComponents, use: HealthController.health)

    let api = APIController()
    app.get(SiteURL.api(.openAPI).pathComponents, use: StaticController.openAPI)
    app.get(SiteURL.api(.territories).pathComponents, use: api.territories)
    app.get(SiteURL.api(.territory(.key)).pathComponents, use: api.territory)
    app.get(SiteURL.api(.contracts).pathComponents, use: api.contracts)
    app.get(SiteURL.api(.contract(.key)).pathComponents, use: api.contract)
}
