import Testing
@testable import PasserelleDomain

@Suite struct PackedKeyTableTests {
    @Test func insertsOnceAndReturnsTheFirstValue() {
        var table = PackedKeyTable(capacity: 4)
        #expect(table.insertIfAbsent(0, 10) == nil)        // key 0 is a valid key
        #expect(table.insertIfAbsent(0, 11) == 10)
        #expect(table.value(for: 0) == 10)
        #expect(table.value(for: 1) == nil)
        #expect(table.count == 1)
        #expect(table.byteCount == 16 * 16) // 16 slots of two 8-byte words
    }

    @Test func growsAndKeepsEveryEntry() {
        var table = PackedKeyTable(capacity: 4)
        var random = SplitMix64(seed: 99)
        var reference: [UInt64: UInt64] = [:]
        for _ in 0..<50_000 {
            let key = random.next() % 80_000 // many repeats
            let value = random.next()
            let previous = table.insertIfAbsent(key, value)
            #expect(previous == reference[key])
            if reference[key] == nil { reference[key] = value }
        }
        #expect(table.count == reference.count)
        #expect(reference.allSatisfy { table.value(for: $0.key) == $0.value })
    }
}
