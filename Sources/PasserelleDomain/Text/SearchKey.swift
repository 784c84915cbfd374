/// Folds French text into a key for accent-, case- and punctuation-insensitive matching:
/// "Nœux-les-Mines" → "noeux les mines", "L'Abergement" → "l abergement".
public enum SearchKey {
    public static func fold(_ text: String) -> String {
        var out = String.UnicodeScalarView()
        var pendingSpace = false
        for scalar in text.unicodeScalars {
            let replacement = foldTable[scalar]
            if let replacement, replacement.isEmpty { continue } // combining accent
            let isWordScalar = replacement != nil
                || scalar.properties.isAlphabetic
                || ("0"..."9").contains(scalar)
            guard isWordScalar else {
                pendingSpace = !out.isEmpty
                continue
            }
            if pendingSpace { out.append(" "); pendingSpace = false }
            if let replacement {
                out.append(contentsOf: replacement.unicodeScalars)
            } else {
                out.append(contentsOf: scalar.properties.lowercaseMapping.unicodeScalars)
            }
        }
        return String(out)
    }

    /// Accented Latin letters and ligatures mapped to lower-case ASCII; combining accents to "".
    private static let foldTable: [Unicode.Scalar: String] = {
        var table: [Unicode.Scalar: String] = [
            "œ": "oe", "Œ": "oe", "æ": "ae", "Æ": "ae", "ß": "ss",
        ]
        let groups: [(String, String)] = [
            ("a", "àáâãäåāăąÀÁÂÃÄÅĀĂĄ"), ("c", "çćĉċčÇĆĈĊČ"), ("d", "ďđĎĐ"),
            ("e", "èéêëēĕėęěÈÉÊËĒĔĖĘĚ"), ("g", "ĝğġģĜĞĠĢ"), ("h", "ĥħĤĦ"),
            ("i", "ìíîïĩīĭįıÌÍÎÏĨĪĬĮİ"), ("j", "ĵĴ"), ("k", "ķĶ"), ("l", "ĺļľŀłĹĻĽĿŁ"),
            ("n", "ñńņňÑŃŅŇ"), ("o", "òóôõöøōŏőÒÓÔÕÖØŌŎŐ"), ("r", "ŕŗřŔŖŘ"),
            ("s", "śŝşšŚŜŞŠ"), ("t", "ţťŧŢŤŦ"), ("u", "ùúûüũūŭůűųÙÚÛÜŨŪŬŮŰŲ"),
            ("w", "ŵŴ"), ("y", "ýÿŷÝŸŶ"), ("z", "źżžŹŻŽ"),
        ]
        for (base, accented) in groups {
            for scalar in accented.unicodeScalars { table[scalar] = base }
        }
        for combining in 0x0300...0x036F {
            table[Unicode.Scalar(combining)!] = ""
        }
        return table
    }()
}
