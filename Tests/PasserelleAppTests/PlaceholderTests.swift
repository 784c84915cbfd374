import Testing
import VaporTesting
@testable import PasserelleApp
@Test func placeholder() { #expect(1 == 1) }
