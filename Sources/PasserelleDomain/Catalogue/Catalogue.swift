/// The whole catalogue of key actions and inspiring examples, as curated by the resource centre.
///
/// Order matters and is kept: axes and key actions by number as written, examples and actors in file
/// order (the palette first, then local examples). Searching with no words lists examples in this order.
public struct Catalogue: Sendable, Equatable, Hashable {
    public var axes: [CatalogueAxis]
    public var keyActions: [KeyAction]
    public var examples: [Example]
    public var actors: [CatalogueActor]
    /// The documents the records come from, in plain words (one line each).
    public var sources: [String]

    public init(axes: [CatalogueAxis] = [], keyActions: [KeyAction] = [], examples: [Example] = [],
                actors: [CatalogueActor] = [], sources: [String] = []) {
        self.axes = axes
        self.keyActions = keyActions
        self.examples = examples
        self.actors = actors
        self.sources = sources
    }

    public func axis(number: Int) -> CatalogueAxis? { axes.first { $0.number == number } }

    public func keyAction(number: Int) -> KeyAction? { keyActions.first { $0.number == number } }

    public func example(id: String) -> Example? { examples.first { $0.id == id } }

    public func actor(id: String) -> CatalogueActor? { actors.first { $0.id == id } }

    /// The key actions of one axis, in catalogue order.
    public func keyActions(inAxis axis: Int) -> [KeyAction] { keyActions.filter { $0.axis == axis } }

    /// The examples of one key action, in catalogue order; retired ones only when asked.
    public func examples(forKeyAction number: Int, includeRetired: Bool = false) -> [Example] {
        examples.filter { $0.keyAction == number && (includeRetired || $0.isActive) }
    }

    /// The actors that name an example among theirs.
    public func actors(forExample id: String) -> [CatalogueActor] { actors.filter { $0.examples.contains(id) } }

    /// Adds another catalogue to this one.
    ///
    /// - Axes and key actions: those of `other` whose number is new are appended; an existing
    ///   number keeps this catalogue's record (the palette is the reference for them).
    /// - Examples: an example of `other` whose id already exists replaces it in place (a newer
    ///   version of the same record); new ids are appended.
    /// - Actors: an actor of `other` with the same id, or the same name once accents, case and
    ///   punctuation are folded, is merged into the existing one: it keeps its id, name and territory,
    ///   takes the more precise kind when it had `other`, and gains the themes and examples it lacked.
    /// - Sources: appended when new.
    public func merging(_ other: Catalogue) -> Catalogue {
        var merged = self
        for axis in other.axes where merged.axis(number: axis.number) == nil { merged.axes.append(axis) }
        for action in other.keyActions where merged.keyAction(number: action.number) == nil {
            merged.keyActions.append(action)
        }
        var exampleIndex: [String: Int] = [:]
        for (index, example) in merged.examples.enumerated() where exampleIndex[example.id] == nil {
            exampleIndex[example.id] = index
        }
        for example in other.examples {
            if let index = exampleIndex[example.id] {
                merged.examples[index] = example
            } else {
                exampleIndex[example.id] = merged.examples.count
                merged.examples.append(example)
            }
        }
        for actor in other.actors {
            let key = SearchKey.fold(actor.name)
            if let index = merged.actors.firstIndex(where: { $0.id == actor.id || SearchKey.fold($0.name) == key }) {
                merged.actors[index] = merged.actors[index].absorbing(actor)
            } else {
                merged.actors.append(actor)
            }
        }
        for source in other.sources where !merged.sources.contains(source) { merged.sources.append(source) }
        return merged
    }
}

extension CatalogueActor {
    /// This actor completed by another record of the same organisation.
    func absorbing(_ other: CatalogueActor) -> CatalogueActor {
        var merged = self
        if merged.kind == .other { merged.kind = other.kind }
        if merged.territory.isEmpty { merged.territory = other.territory }
        for theme in other.themes where !merged.themes.contains(theme) { merged.themes.append(theme) }
        for example in other.examples where !merged.examples.contains(example) { merged.examples.append(example) }
        return merged
    }
}
