// swift-tools-version:6.1
import PackageDescription

/// SwiftPM names a local package after its folder: "passerelle" in a fresh clone, something else in
/// a checkout or worktree named otherwise.
let passerelle = String(Context.packageDirectory.split(separator: "/").dropLast().last ?? "passerelle").lowercased()

/// Passerelle's benchmarks (ordo-one/benchmark), kept out of the main package so that its test
/// build stays lean. Run with `scripts/bench` from the repository root.
let package = Package(
    name: "PasserelleBenchmarks",
    platforms: [.macOS(.v13)],
    dependencies: [
        .package(path: ".."),
        .package(url: "https://github.com/ordo-one/benchmark.git", from: "1.38.1", traits: ["MallocInterposer"]),
    ],
    targets: [
        .executableTarget(
            name: "Observatory",
            dependencies: [
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "PasserelleDomain", package: passerelle),
                .product(name: "PasserelleApp", package: passerelle),
            ],
            path: "Benchmarks/Observatory",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
        .executableTarget(
            name: "Diagnostic",
            dependencies: [
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "PasserelleDomain", package: passerelle),
            ],
            path: "Benchmarks/Diagnostic",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
        // Writes the synthetic polygons and points shared with the geopandas peer script.
        .executableTarget(
            name: "BenchData",
            dependencies: [.product(name: "PasserelleDomain", package: passerelle)],
            path: "Sources/BenchData"
        ),
    ]
)
