/// Workspaces: several states for one configuration (`terraform.workspace` tells them apart).
public enum Workspace {
    public static let defaultName = "default"

    /// Whether `name` can name a workspace. It becomes a directory name and a segment of an
    /// object key, so it is kept to characters that need no escaping in either: letters,
    /// digits, `-`, `_`, `.` and `~`, as Terraform requires names to be URL-safe path segments.
    public static func isValidName(_ name: String) -> Bool {
        guard !name.isEmpty, name != ".", name != ".." else { return false }
        return name.unicodeScalars.allSatisfy { scalar in
            scalar.isASCII && (scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || "-_.~".unicodeScalars.contains(scalar))
        }
    }

    public static func invalidNameMessage(_ name: String) -> String {
        "The workspace name \"\(name)\" is not allowed. The name must contain only letters, digits, \"-\", \"_\", \".\" and \"~\", and no path separators."
    }
}
