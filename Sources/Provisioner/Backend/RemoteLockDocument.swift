import Foundation
import ResourceGraph

/// The lock object's contents: Terraform's lock info JSON (`ID`, `Operation`, `Info`, `Who`,
/// `Created`, `Path`), so Terraform and prov users see each other's locks, plus the
/// process and host prov uses to recognise a lock left by a run that died on this machine.
enum RemoteLockDocument {
    static func encode(_ info: LockInfo, path: String) -> Data {
        let document: Value = .object([
            "ID": .string(info.id),
            "Operation": .string(info.operation),
            "Info": .string(""),
            "Who": .string(info.who),
            "Created": .string(info.createdAt),
            "Path": .string(path),
            "Process": .number(info.processID),
            "Host": .string(info.host),
        ])
        // Only strings and numbers: encoding cannot fail.
        return Data(((try? JSONEncoding.encode(document)) ?? "{}").utf8)
    }

    /// The lock info in a lock object, as far as it can be read. An object that is not lock
    /// JSON still means the state is locked: it is shown with what is known.
    static func decode(_ data: Data) -> LockInfo {
        let document = (try? JSONParser.parse(Array(data))) ?? .emptyObject
        // Read through static helpers rather than a nested function capturing `document`:
        // Swift 6.3's optimizer crashes on that shape in release builds.
        let id = text(document, "ID")
        return LockInfo(
            id: id.isEmpty ? "(unreadable lock object)" : id, operation: text(document, "Operation"), who: text(document, "Who"),
            createdAt: text(document, "Created"), processID: integer(document, "Process"), host: text(document, "Host"))
    }

    private static func text(_ document: Value, _ name: String) -> String {
        document[attribute: name]?.stringValue ?? ""
    }

    private static func integer(_ document: Value, _ name: String) -> Int {
        guard let number = document[attribute: name]?.numberValue else { return 0 }
        return Int(number.description) ?? 0
    }
}
