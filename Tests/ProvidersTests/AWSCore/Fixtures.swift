import Foundation

/// Test data under Tests/ProvidersTests/Fixtures, found from this source file's location so the
/// tests read the checked-in files directly, whatever bundle layout the build produces.
enum Fixtures {
    static let directory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()  // AWSCore
        .deletingLastPathComponent()  // ProvidersTests
        .appendingPathComponent("Fixtures", isDirectory: true)

    static func url(_ relativePath: String) -> URL {
        directory.appendingPathComponent(relativePath)
    }
}
