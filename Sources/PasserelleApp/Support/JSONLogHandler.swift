import Foundation
import Logging

/// One JSON object per line (timestamp, level, label, message, metadata), for log collectors.
/// Chosen with `PASSERELLE_LOG_FORMAT=json`; the default stays Vapor's readable console format.
public struct JSONLogHandler: LogHandler {
    public var metadata: Logger.Metadata = [:]
    public var logLevel: Logger.Level
    private let label: String

    public init(label: String, level: Logger.Level) {
        self.label = label
        self.logLevel = level
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(level: Logger.Level, message: Logger.Message, metadata explicit: Logger.Metadata?, source: String, file: String, function: String, line: UInt) {
        var fields: [String: String] = [
            "time": Self.timestamp(),
            "level": level.rawValue,
            "label": label,
            "source": source,
            "message": message.description,
        ]
        for (key, value) in metadata.merging(explicit ?? [:], uniquingKeysWith: { $1 }) {
            fields[key] = value.description
        }
        guard let data = try? JSONSerialization.data(withJSONObject: fields, options: [.sortedKeys, .withoutEscapingSlashes]) else { return }
        FileHandle.standardError.write(data + Data("\n".utf8))
    }

    private static func timestamp() -> String {
        Date().formatted(.iso8601)
    }
}
