import Foundation
import Testing
import TestSupport

@testable import Providers

/// The README's list of supported types is what users read to know whether their files will
/// work: every type and data source prov implements is named there, and nothing it names is
/// missing from prov.
struct SupportedTypesDocumentationTests {
    /// The README's "Supported resource types" section.
    func section() throws -> String {
        let readme = try String(contentsOfFile: TestSupportFiles.repositoryRoot + "/README.md", encoding: .utf8)
        let start = try #require(readme.range(of: "### Supported resource types"))
        let rest = readme[start.upperBound...]
        let end = rest.range(of: "\n## ")?.lowerBound ?? rest.endIndex
        return String(rest[..<end])
    }

    /// Every `aws_…` name written in backquotes, with whether it stands after "data".
    func documentedNames(_ text: String) -> (resources: Set<String>, dataSources: Set<String>) {
        var resources = Set<String>(), dataSources = Set<String>()
        let pattern = try! NSRegularExpression(pattern: "(data )?`(aws_[a-z0-9_]+)`")
        for match in pattern.matches(in: text, range: NSRange(text.startIndex..., in: text)) {
            let name = String(text[Range(match.range(at: 2), in: text)!])
            if match.range(at: 1).location != NSNotFound { dataSources.insert(name) } else { resources.insert(name) }
        }
        return (resources, dataSources)
    }

    @Test func everyImplementedTypeIsListedAndEveryListedTypeIsImplemented() throws {
        let documented = documentedNames(try section())
        let resources = Set(AWSProvider.resourceTypeImplementations.keys)
        let dataSources = Set(AWSProvider.dataSourceImplementations.keys)
        #expect(resources.subtracting(documented.resources).sorted() == [], "implemented but not in the README")
        #expect(documented.resources.subtracting(resources).sorted() == [], "in the README but not implemented")
        #expect(dataSources.subtracting(documented.dataSources).sorted() == [], "data sources implemented but not in the README")
        #expect(documented.dataSources.subtracting(dataSources).sorted() == [], "data sources in the README but not implemented")
    }
}
