import Testing

@testable import Providers

/// Route 53 names and record ids as the Terraform AWS provider normalises and parses them.
struct Route53NamesTests {
    @Test(arguments: [
        ("Example.COM.", "example.com"),
        ("example.com", "example.com"),
        (".", "."),
        ("*.Example.com", "*.example.com"),
        ("a*b.example.com", "a\\052b.example.com"),
        ("@.example.com", "\\100.example.com"),
        ("\\052.example.com", "\\052.example.com"),
        ("under_score.example.com", "under_score.example.com"),
        ("é.example", "\\351.example"),
    ])
    func normalizedNames(input: String, expected: String) {
        #expect(Route53DomainNames.normalized(input) == expected)
    }

    @Test func recordNamesGetTheZoneUnlessTheyEndWithIt() {
        #expect(Route53DomainNames.recordName("www", zoneName: "example.com.") == "www.example.com")
        #expect(Route53DomainNames.recordName("WWW.example.com.", zoneName: "example.com.") == "www.example.com")
        #expect(Route53DomainNames.recordName("", zoneName: "example.com.") == "example.com")
        #expect(Route53DomainNames.fullyQualified("www.example.com") == "www.example.com.")
    }

    @Test func escapesFromRoute53AreDecoded() {
        #expect(Route53DomainNames.decodingEscapes("\\052.example.com.") == "*.example.com.")
        #expect(Route53DomainNames.decodingEscapes("\\100home.example.com.") == "@home.example.com.")
        #expect(Route53DomainNames.decodingEscapes("plain.example.com.") == "plain.example.com.")
        #expect(Route53DomainNames.decodingEscapes("bad\\q.example.") == "bad\\q.example.")
    }

    @Test func recordIDsParseAsTheProviderParsesThem() throws {
        let simple = try #require(Route53RecordID(parsing: "Z4KAPRWWNC7JR_dev.example.com_NS"))
        #expect(simple == Route53RecordID(zoneID: "Z4KAPRWWNC7JR", name: "dev.example.com", type: "NS"))
        let withSet = try #require(Route53RecordID(parsing: "Z4KAPRWWNC7JR_dev.example.com_NS_dev_blue"))
        #expect(withSet.setIdentifier == "dev_blue")
        let underscores = try #require(Route53RecordID(parsing: "Z1_under_score.example.com._TXT"))
        #expect(underscores.name == "under_score.example.com" && underscores.type == "TXT")
        let apex = try #require(Route53RecordID(parsing: "Z1__A"))
        #expect(apex.name == "" && apex.type == "A")
        #expect(Route53RecordID(parsing: "Z1_A") == nil)
        #expect(Route53RecordID(parsing: "Z1_www.example.com") == nil)
        #expect(Route53RecordID(zoneID: "Z1", name: "WWW.example.com", type: "A", setIdentifier: "x").text == "Z1_www.example.com_A_x")
    }
}
