// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "passerelle",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "passerelle", targets: ["passerelle"]),
        .library(name: "PasserelleDomain", targets: ["PasserelleDomain"]),
        .library(name: "PasserelleApp", targets: ["PasserelleApp"]),
    ],
    dependencies: [
        .package(url: "https://github.com/vapor/vapor.git", from: "4.122.3"),
        .package(url: "https://github.com/vapor/fluent.git", from: "4.13.0"),
        .package(url: "https://github.com/vapor/fluent-sqlite-driver.git", from: "4.9.0"),
        .package(url: "https://github.com/vapor/fluent-postgres-driver.git", from: "2.14.0"),
    ],
    targets: [
        .target(name: "PasserelleDomain"),
        .target(
            name: "PasserelleApp",
            dependencies: [
                "PasserelleDomain",
                .product(name: "Vapor", package: "vapor"),
                .product(name: "Fluent", package: "fluent"),
                .product(name: "FluentSQLiteDriver", package: "fluent-sqlite-driver"),
                .product(name: "FluentPostgresDriver", package: "fluent-postgres-driver"),
            ],
            resources: [.copy("Resources/reference"), .copy("Resources/demo"), .copy("Resources/public"), .copy("Resources/catalogue"), .copy("Resources/rules")]
        ),
        .executableTarget(name: "passerelle", dependencies: ["PasserelleApp"]),
        .testTarget(name: "PasserelleDomainTests", dependencies: ["PasserelleDomain"], exclude: ["Fixtures"]),
        .testTarget(
            name: "PasserelleAppTests",
            dependencies: [
                "PasserelleApp",
                .product(name: "VaporTesting", package: "vapor"),
            ],
            exclude: ["Fixtures"]
        ),
    ]
)
