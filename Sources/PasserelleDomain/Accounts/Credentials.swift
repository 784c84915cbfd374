/// E-mail addresses and passwords as Passerelle accepts them.
public enum Credentials {
    /// Lower-cased, trimmed; nil when it does not look like an address.
    public static func normalisedEmail(_ text: String) -> String? {
        let email = text.trimmingSpaces.lowercased()
        let parts = email.split(separator: "@", omittingEmptySubsequences: false)
        guard email.count <= 254, parts.count == 2, !parts[0].isEmpty, parts[1].contains("."),
              !parts[1].hasPrefix("."), !parts[1].hasSuffix("."),
              !email.contains(where: { $0 == " " || $0 == "<" || $0 == ">" || $0 == "\"" || $0 == "," || $0 == ";" }) else { return nil }
        return email
    }

    public static let minimumPasswordLength = 12

    /// Why a new password is refused, in French; nil when it is acceptable.
    public static func passwordProblem(_ password: String, email: String?) -> String? {
        if password.count < minimumPasswordLength {
            return "le mot de passe doit compter au moins \(minimumPasswordLength) caractères"
        }
        if password.count > 200 {
            return "le mot de passe ne doit pas dépasser 200 caractères"
        }
        if let email, let local = email.split(separator: "@").first, password.lowercased().contains(local.lowercased()), local.count >= 4 {
            return "le mot de passe ne doit pas contenir l'adresse e-mail"
        }
        if Set(password).count < 5 {
            return "le mot de passe est trop répétitif"
        }
        return nil
    }
}

/// A sliding-window limit on attempts per key (an address, an e-mail): pure, with the time passed in.
public struct AttemptLimiter: Sendable {
    public let limit: Int
    public let windowSeconds: Double
    private var attempts: [String: [Double]] = [:]

    public init(limit: Int, windowSeconds: Double) {
        self.limit = limit
        self.windowSeconds = windowSeconds
    }

    /// Seconds to wait before the next attempt is allowed, or nil when one is allowed now.
    public func retryAfter(key: String, now: Double) -> Double? {
        let recent = (attempts[key] ?? []).filter { now - $0 < windowSeconds }
        guard recent.count >= limit, let oldest = recent.min() else { return nil }
        return max(1, windowSeconds - (now - oldest))
    }

    public mutating func record(key: String, now: Double) {
        var recent = (attempts[key] ?? []).filter { now - $0 < windowSeconds }
        recent.append(now)
        attempts[key] = recent
        if attempts.count > 50_000 { attempts = attempts.filter { !$0.value.allSatisfy { now - $0 >= windowSeconds } } }
    }

    public mutating func reset(key: String) {
        attempts[key] = nil
    }
}
