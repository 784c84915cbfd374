/// A static R-tree over bounding boxes, bulk-loaded with Sort-Tile-Recursive (Leutenegger, Lopez & Edgington, 1997).
///
/// Built once, queried many times. Nodes live in flat arrays (four doubles per box, child ranges as
/// `Int32`), not as objects, so a query walks contiguous memory and allocates nothing but its answer.
public struct STRTree: Sendable {
    public static let defaultNodeCapacity = 16

    /// Number of items indexed.
    public let count: Int
    public let nodeCapacity: Int
    /// Item boxes in leaf order, 4 doubles each: minX, minY, maxX, maxY.
    let itemBoxes: [Double]
    /// Original index of the item in each leaf slot.
    let itemIndices: [Int32]
    /// Node boxes, leaves first, root last; 4 doubles each.
    let nodeBoxes: [Double]
    /// Children of node n: slots `childStart[n]..<childEnd[n]`, in `itemBoxes` for a leaf, in the nodes otherwise.
    let childStart: [Int32]
    let childEnd: [Int32]
    /// Nodes `0..<leafCount` are leaves.
    let leafCount: Int
    /// Number of levels above the items (0 for an empty tree).
    public let height: Int

    /// Indexes the boxes; the answer of a query is made of indices into this array.
    public init(boxes: [BoundingBox], nodeCapacity: Int = STRTree.defaultNodeCapacity) {
        precondition(nodeCapacity >= 2, "une capacité de nœud d'au moins 2 est nécessaire")
        self.count = boxes.count
        self.nodeCapacity = nodeCapacity
        // Level 0: items sorted into tiles, cut into leaves of `nodeCapacity`.
        let itemOrder = STRTree.tileOrder(boxes.indices.map { boxes[$0].center }, capacity: nodeCapacity)
        var itemBoxes: [Double] = []
        itemBoxes.reserveCapacity(boxes.count * 4)
        for i in itemOrder {
            let b = boxes[i]
            itemBoxes += [b.minLongitude, b.minLatitude, b.maxLongitude, b.maxLatitude]
        }
        var nodeBoxes: [Double] = []
        var childStart: [Int32] = [], childEnd: [Int32] = []
        // Current level: (box, child range) of each group, in an order to be tiled by the next level.
        var level: [(box: BoundingBox, start: Int, end: Int)] = stride(from: 0, to: boxes.count, by: nodeCapacity).map { start in
            let end = Swift.min(start + nodeCapacity, boxes.count)
            let box = itemOrder[start..<end].reduce(BoundingBox.empty) { $0.union(boxes[$1]) }
            return (box, start, end)
        }
        var leafCount = 0
        var height = 0
        var levelOffset = 0
        while !level.isEmpty {
            height += 1
            // Tile this level's nodes before storing them, so each parent's children are contiguous.
            let order = level.count > 1 ? STRTree.tileOrder(level.map { $0.box.center }, capacity: nodeCapacity) : [0]
            for i in order {
                let node = level[i]
                nodeBoxes += [node.box.minLongitude, node.box.minLatitude, node.box.maxLongitude, node.box.maxLatitude]
                childStart.append(Int32(node.start))
                childEnd.append(Int32(node.end))
            }
            if height == 1 { leafCount = level.count }
            if level.count == 1 { break }
            let stored = order.map { level[$0].box }
            level = stride(from: 0, to: stored.count, by: nodeCapacity).map { start in
                let end = Swift.min(start + nodeCapacity, stored.count)
                let box = stored[start..<end].reduce(BoundingBox.empty) { $0.union($1) }
                return (box, levelOffset + start, levelOffset + end)
            }
            levelOffset += stored.count
        }
        self.itemBoxes = itemBoxes
        self.itemIndices = itemOrder.map { Int32($0) }
        self.nodeBoxes = nodeBoxes
        self.childStart = childStart
        self.childEnd = childEnd
        self.leafCount = leafCount
        self.height = height
    }

    /// Sort-Tile-Recursive order of points in the plane: ⌈√(n/capacity)⌉ vertical slices by x, each sorted by y.
    /// Ties are broken by index so the tree is the same on every run.
    static func tileOrder(_ centers: [GeoPoint], capacity: Int) -> [Int] {
        let n = centers.count
        let leafCount = (n + capacity - 1) / capacity
        let sliceCount = Swift.max(1, Int(Double(leafCount).squareRoot().rounded(.up)))
        let sliceSize = sliceCount * capacity
        let byX = centers.indices.sorted { (centers[$0].longitude, $0) < (centers[$1].longitude, $1) }
        var order: [Int] = []
        order.reserveCapacity(n)
        for sliceStart in stride(from: 0, to: n, by: sliceSize) {
            let slice = byX[sliceStart..<Swift.min(sliceStart + sliceSize, n)]
            order += slice.sorted { (centers[$0].latitude, $0) < (centers[$1].latitude, $1) }
        }
        return order
    }

    /// Indices of the boxes that contain the point (border included), in ascending order.
    public func query(_ point: GeoPoint) -> [Int] {
        var result: [Int] = []
        forEachCandidate(x: point.longitude, y: point.latitude) { result.append($0) }
        return result.sorted()
    }

    /// Indices of the boxes that intersect the box (borders included), in ascending order.
    public func query(_ box: BoundingBox) -> [Int] {
        var result: [Int] = []
        search(minX: box.minLongitude, minY: box.minLatitude, maxX: box.maxLongitude, maxY: box.maxLatitude) { result.append($0) }
        return result.sorted()
    }

    /// Calls `body` with the index of every box containing (x, y).
    func forEachCandidate(x: Double, y: Double, _ body: (Int) -> Void) {
        search(minX: x, minY: y, maxX: x, maxY: y, body)
    }

    func search(minX: Double, minY: Double, maxX: Double, maxY: Double, _ body: (Int) -> Void) {
        withView { view in view.search(minX: minX, minY: minY, maxX: maxX, maxY: maxY, body) }
    }

    /// Borrows the arrays and a traversal stack once, so a batch of queries runs on raw buffers without allocating.
    func withView<R>(_ body: (View) -> R) -> R {
        itemBoxes.withUnsafeBufferPointer { items in
        itemIndices.withUnsafeBufferPointer { ids in
        nodeBoxes.withUnsafeBufferPointer { nodes in
        childStart.withUnsafeBufferPointer { starts in
        childEnd.withUnsafeBufferPointer { ends in
            // Depth-first with an explicit stack: at most `nodeCapacity` pending children per level.
            withUnsafeTemporaryAllocation(of: Int32.self, capacity: height * nodeCapacity + 2) { stack in
                body(View(items: items, ids: ids, nodes: nodes, starts: starts, ends: ends, stack: stack, leafCount: leafCount))
            }
        }}}}}
    }

    struct View {
        let items: UnsafeBufferPointer<Double>
        let ids: UnsafeBufferPointer<Int32>
        let nodes: UnsafeBufferPointer<Double>
        let starts: UnsafeBufferPointer<Int32>
        let ends: UnsafeBufferPointer<Int32>
        let stack: UnsafeMutableBufferPointer<Int32>
        let leafCount: Int

        @inline(__always)
        func search(minX: Double, minY: Double, maxX: Double, maxY: Double, _ body: (Int) -> Void) {
            guard !ids.isEmpty else { return }
            let rootIndex = starts.count - 1
            let root = 4 * rootIndex
            guard nodes[root] <= maxX && nodes[root + 2] >= minX && nodes[root + 1] <= maxY && nodes[root + 3] >= minY else { return }
            stack[0] = Int32(rootIndex)
            var top = 1
            while top > 0 {
                top -= 1
                let node = Int(stack[top])
                let start = Int(starts[node]), end = Int(ends[node])
                if node < leafCount {
                    for slot in start..<end {
                        let b = 4 * slot
                        // Non-short-circuit tests: one predictable branch per box instead of four random ones.
                        if bit(items[b + 1] <= maxY) & bit(items[b + 3] >= minY) & bit(items[b] <= maxX) & bit(items[b + 2] >= minX) != 0 {
                            body(Int(ids[slot]))
                        }
                    }
                } else {
                    for child in start..<end {
                        let b = 4 * child
                        // Branch-free push: the slot is written anyway and kept only if the box matches.
                        stack[top] = Int32(child)
                        top += bit(nodes[b + 1] <= maxY) & bit(nodes[b + 3] >= minY) & bit(nodes[b] <= maxX) & bit(nodes[b + 2] >= minX)
                    }
                }
            }
        }
    }
}

@inline(__always) func bit(_ condition: Bool) -> Int { condition ? 1 : 0 }
