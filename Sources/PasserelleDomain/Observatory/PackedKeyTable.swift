/// An open-addressing hash table from 64-bit keys to 64-bit values, for the duplicate check of a
/// million observations: two flat arrays, a multiplicative hash, linear probing, at most 3/4 full.
/// About 16 bytes per slot; cheaper to probe than a `Dictionary`, whose seeded hashing is built
/// to resist hostile keys that packed integers never are.
struct PackedKeyTable: Sendable {
    /// Stored keys are key + 1, so that 0 marks an empty slot.
    private var keys: [UInt64]
    private var values: [UInt64]
    private var mask: Int
    private var shift: UInt64
    private(set) var count = 0

    /// Memory held by the two arrays.
    var byteCount: Int { keys.count * MemoryLayout<UInt64>.stride * 2 }

    init(capacity: Int = 1024) {
        var size = 16
        while size * 3 / 4 < capacity { size <<= 1 }
        keys = Array(repeating: 0, count: size)
        values = Array(repeating: 0, count: size)
        mask = size - 1
        shift = UInt64(64 - size.trailingZeroBitCount)
    }

    @inline(__always)
    private func slot(_ stored: UInt64) -> Int {
        Int(truncatingIfNeeded: (stored &* 0x9E37_79B9_7F4A_7C15) >> shift)
    }

    /// Inserts `value` for `key` if the key is new and returns nil; otherwise leaves the table
    /// unchanged and returns the value already there.
    mutating func insertIfAbsent(_ key: UInt64, _ value: UInt64) -> UInt64? {
        precondition(key != .max, "key out of range")
        let stored = key &+ 1
        var index = slot(stored)
        while true {
            let current = keys[index]
            if current == stored { return values[index] }
            if current == 0 { break }
            index = (index + 1) & mask
        }
        keys[index] = stored
        values[index] = value
        count += 1
        if count * 4 > keys.count * 3 { grow() }
        return nil
    }

    func value(for key: UInt64) -> UInt64? {
        let stored = key &+ 1
        var index = slot(stored)
        while true {
            let current = keys[index]
            if current == stored { return values[index] }
            if current == 0 { return nil }
            index = (index + 1) & mask
        }
    }

    private mutating func grow() {
        let oldKeys = keys, oldValues = values
        let size = oldKeys.count * 2
        keys = Array(repeating: 0, count: size)
        values = Array(repeating: 0, count: size)
        mask = size - 1
        shift = UInt64(64 - size.trailingZeroBitCount)
        for position in oldKeys.indices where oldKeys[position] != 0 {
            var index = slot(oldKeys[position])
            while keys[index] != 0 { index = (index + 1) & mask }
            keys[index] = oldKeys[position]
            values[index] = oldValues[position]
        }
    }
}
