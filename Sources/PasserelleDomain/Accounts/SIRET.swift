/// SIREN: the 9-digit number INSEE gives a legal unit, whose last digit is a Luhn check digit.
public enum SIREN {
    /// True for exactly 9 ASCII digits passing the Luhn check. Spaces are not accepted here:
    /// call `SIRET.normalized` first when reading what a person typed.
    public static func isValid(_ text: String) -> Bool {
        guard let digits = SIRET.digits(text), digits.count == 9 else { return false }
        return Luhn.isValid(digits)
    }
}

/// SIRET: SIREN (9 digits) + NIC (5 digits) identifying one establishment; the 14 digits pass the
/// Luhn check.
///
/// The one documented exception is La Poste (SIREN 356000000): it has more establishments than the
/// Luhn key leaves room for, so INSEE gives its SIRETs a different key — the plain sum of the 14
/// digits is a multiple of 5. Such numbers are accepted as well (and the Luhn ones still are).
public enum SIRET {
    public static let laPosteSIREN = "356000000"

    public static func isValid(_ text: String) -> Bool {
        problem(text) == nil
    }

    /// The same number without the spaces, dots and no-break spaces people type between digit groups
    /// ("123 456 789 00012" → "12345678900012").
    public static func normalized(_ text: String) -> String {
        String(text.unicodeScalars.filter { !" .\u{00A0}\u{202F}\t".unicodeScalars.contains($0) }.map(Character.init))
    }

    /// The SIREN part of a valid SIRET.
    public static func siren(of text: String) -> String? {
        isValid(text) ? String(text.prefix(9)) : nil
    }

    /// Why the text is not a valid SIRET, in French, or nil when it is one.
    public static func problem(_ text: String) -> String? {
        guard let digits = digits(text) else {
            return "« \(text) » n'est pas un SIRET : il ne doit contenir que des chiffres"
        }
        guard digits.count == 14 else {
            return "« \(text) » n'est pas un SIRET : il faut 14 chiffres, il y en a \(digits.count)"
        }
        if Luhn.isValid(digits) { return nil }
        if text.hasPrefix(laPosteSIREN) && digits.reduce(0, { $0 + Int($1) }) % 5 == 0 { return nil }
        return "« \(text) » n'est pas un SIRET valide : la clé de contrôle ne correspond pas (erreur de saisie ?)"
    }

    static func digits(_ text: String) -> [UInt8]? {
        var digits: [UInt8] = []
        digits.reserveCapacity(14)
        for byte in text.utf8 {
            guard byte >= 48 && byte <= 57 else { return nil }
            digits.append(byte - 48)
        }
        return digits.isEmpty ? nil : digits
    }
}

/// The Luhn (mod 10) check used by SIREN and SIRET.
enum Luhn {
    static func isValid(_ digits: [UInt8]) -> Bool {
        var sum = 0
        for (offset, digit) in digits.reversed().enumerated() {
            var value = Int(digit)
            if offset % 2 == 1 {
                value *= 2
                if value > 9 { value -= 9 }
            }
            sum += value
        }
        return sum % 10 == 0
    }

    /// The digit to append to `digits` so the whole passes the check (used to build test numbers).
    static func checkDigit(for digits: [UInt8]) -> UInt8 {
        for candidate in UInt8(0)...9 where isValid(digits + [candidate]) { return candidate }
        return 0
    }
}
