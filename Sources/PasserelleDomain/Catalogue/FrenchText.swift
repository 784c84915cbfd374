/// A word of a French text, located in the original string.
public struct FrenchToken: Sendable, Equatable {
    /// Where the word is in the original text (accents and case untouched).
    public var range: Range<String.Index>
    /// Accent- and case-folded word: "Îlots" → "ilots".
    public var folded: String
    /// The folded word with plural and simple inflections removed: "ilots" → "ilot".
    public var stem: String
    /// Articles, prepositions and the like, which never match.
    public var isStopWord: Bool
}

/// A piece of a text, marked when it matches the query; the pieces put end to end give the text back.
/// The app renders them with its own escaping and wraps marked pieces in `<mark>`.
public struct HighlightSegment: Sendable, Equatable, Hashable {
    public var text: String
    public var isMatch: Bool

    public init(text: String, isMatch: Bool) {
        self.text = text
        self.isMatch = isMatch
    }
}

/// French words for search: splitting, folding (through `SearchKey.fold`), stop words and a light
/// stemmer, shared by indexing, querying and highlighting so that all three agree.
public enum FrenchText {
    /// Splits a text into words. A word is a run of letters and digits (with the combining accents
    /// that follow them); apostrophes, hyphens, spaces and punctuation separate words
    /// ("l'îlot" → "l", "îlot").
    public static func tokens(_ text: String) -> [FrenchToken] {
        // Walks Unicode scalars rather than characters: grapheme breaking is the slow part of
        // indexing, and words never start or end inside a cluster (accents stay with their letter).
        var tokens: [FrenchToken] = []
        let scalars = text.unicodeScalars
        var start: String.Index? = nil
        var isASCII = true
        var index = scalars.startIndex
        while index < scalars.endIndex {
            let scalar = scalars[index]
            let isWord: Bool
            if scalar.isASCII {
                let value = scalar.value
                isWord = (value >= 0x61 && value <= 0x7A) || (value >= 0x41 && value <= 0x5A) || (value >= 0x30 && value <= 0x39)
            } else {
                isWord = scalar.properties.isAlphabetic || (start != nil && scalar.properties.generalCategory == .nonspacingMark)
                if isWord { isASCII = false }
            }
            if isWord {
                if start == nil { start = index }
            } else if let wordStart = start {
                appendToken(text, wordStart..<index, isASCII: isASCII, to: &tokens)
                start = nil
                isASCII = true
            }
            index = scalars.index(after: index)
        }
        if let wordStart = start { appendToken(text, wordStart..<text.endIndex, isASCII: isASCII, to: &tokens) }
        return tokens
    }

    /// The stems of the words that can match, stop words left out, in order and with repeats.
    public static func stems(_ text: String) -> [String] {
        tokens(text).compactMap { $0.isStopWord ? nil : $0.stem }
    }

    private static func appendToken(_ text: String, _ range: Range<String.Index>, isASCII: Bool, to tokens: inout [FrenchToken]) {
        let folded: String
        if isASCII {
            // Same result as `SearchKey.fold` for ASCII letters and digits, without its per-scalar lookups.
            folded = String(decoding: text.utf8[range].map { $0 >= 0x41 && $0 <= 0x5A ? $0 + 0x20 : $0 }, as: UTF8.self)
        } else {
            // Folding a run of letters gives a single word; joining guards against a stray separator.
            folded = SearchKey.fold(String(text[range])).replacingSpaces()
        }
        guard !folded.isEmpty else { return }
        let isStop = stopWords.contains(folded)
        tokens.append(FrenchToken(range: range, folded: folded, stem: isStop ? folded : stem(folded), isStopWord: isStop))
    }

    /// Words too common to tell examples apart, folded: articles, prepositions, conjunctions,
    /// pronouns and elided forms ("d'", "l'", "qu'"). Kept short on purpose: "plus", "sans",
    /// "entre" or "ville" carry meaning in titles and stay searchable.
    public static let stopWords: Set<String> = [
        "a", "au", "aux", "avec", "c", "ce", "ces", "d", "dans", "de", "des", "du", "elle", "elles", "en", "est",
        "et", "il", "ils", "j", "l", "la", "le", "les", "leur", "leurs", "m", "n", "ne", "on", "ou", "par",
        "pour", "qu", "que", "qui", "s", "sa", "se", "ses", "son", "sont", "sur", "t", "un", "une", "y",
    ]

    /// Plurals whose singular the rules below would get wrong.
    private static let irregular: [String: String] = [
        "travaux": "travail", "vitraux": "vitrail", "emaux": "email", "coraux": "corail", "soupiraux": "soupirail",
        "yeux": "oeil", "cieux": "ciel", "aieux": "aieul", "maux": "mal", "baux": "bail",
        "tuyaux": "tuyau", "noyaux": "noyau", "boyaux": "boyau", "joyaux": "joyau",
    ]

    /// Words of four letters or more ending like a plural that are not one; left as they are
    /// (shorter words such as "bus" or "gaz" are never stemmed).
    private static let invariable: Set<String> = [
        "taux", "faux", "chaux", "noix", "prix", "voix", "choix", "croix", "paix", "poix",
        "fois", "mois", "pays", "corps", "temps", "souris",
    ]

    /// A light stemmer for folded French words: it removes plural marks and a few regular feminine
    /// endings, nothing else, so that singular and plural, masculine and feminine of a word meet
    /// without merging different words. Rules, in order (words of 3 letters or less are kept):
    /// - a few irregular plurals ("travaux" → "travail") and invariable words ("prix", "taux") first;
    /// - plural: "eaux" → "eau", "aux" → "al" ("locaux" → "local"), final "x" after "u" dropped
    ///   ("lieux" → "lieu"), final "s" dropped unless doubled ("cours" → "cour", "stress" kept);
    /// - feminine: "ee" → "e" ("végétalisée" → "vegetalise"), "ienne" → "ien", "elle" → "el"
    ///   (7 letters or more), "ale" → "al" and "ive" → "if" (6 letters or more).
    /// Verbs, adverbs and derived words ("végétal" / "végétalisation") are deliberately not merged.
    public static func stem(_ folded: String) -> String {
        guard folded.utf8.count > 3 else { return folded }
        if let singular = irregular[folded] { return singular }
        if invariable.contains(folded) { return folded }
        var word = Array(folded.utf8)
        if word.hasSuffix("eaux") {
            word.removeLast()
        } else if word.hasSuffix("aux"), word.count >= 5 {
            word.removeLast(2)
            word.append(UInt8(ascii: "l"))
        } else if word.hasSuffix("ux") {
            word.removeLast()
        } else if word.last == UInt8(ascii: "s"), !word.hasSuffix("ss") {
            word.removeLast()
        }
        if word.hasSuffix("ee"), word != Array("entree".utf8) { // "entrée" is not the feminine of "entre"
            word.removeLast()
        } else if word.hasSuffix("ienne") {
            word.removeLast(2)
        } else if word.hasSuffix("elle"), word.count >= 7 {
            word.removeLast(2)
        } else if word.hasSuffix("ale"), word.count >= 6 {
            word.removeLast()
        } else if word.hasSuffix("ive"), word.count >= 6 {
            word.removeLast(2)
            word.append(UInt8(ascii: "f"))
        }
        return String(decoding: word, as: UTF8.self)
    }

    /// Cuts a text into marked and unmarked pieces: a word is marked when its stem is one of `stems`.
    /// Marked words separated only by spaces are joined into one piece ("cour oasis"); the pieces
    /// keep the original text exactly (accents, case, punctuation).
    public static func highlight(_ text: String, stems: Set<String>) -> [HighlightSegment] {
        guard !stems.isEmpty, !text.isEmpty else { return text.isEmpty ? [] : [HighlightSegment(text: text, isMatch: false)] }
        var marked: [Range<String.Index>] = []
        for token in tokens(text) where !token.isStopWord && stems.contains(token.stem) {
            if let last = marked.last, text[last.upperBound..<token.range.lowerBound].allSatisfy({ $0 == " " }) {
                marked[marked.count - 1] = last.lowerBound..<token.range.upperBound
            } else {
                marked.append(token.range)
            }
        }
        var segments: [HighlightSegment] = []
        var cursor = text.startIndex
        for range in marked {
            if cursor < range.lowerBound { segments.append(HighlightSegment(text: String(text[cursor..<range.lowerBound]), isMatch: false)) }
            segments.append(HighlightSegment(text: String(text[range]), isMatch: true))
            cursor = range.upperBound
        }
        if cursor < text.endIndex { segments.append(HighlightSegment(text: String(text[cursor...]), isMatch: false)) }
        return segments
    }
}

private extension Array where Element == UInt8 {
    func hasSuffix(_ suffix: StaticString) -> Bool {
        let count = suffix.utf8CodeUnitCount
        guard self.count >= count else { return false }
        return suffix.withUTF8Buffer { buffer in
            var offset = self.count - count
            for byte in buffer {
                if self[offset] != byte { return false }
                offset += 1
            }
            return true
        }
    }
}

private extension String {
    func replacingSpaces() -> String {
        contains(" ") ? split(separator: " ").joined() : self
    }
}
