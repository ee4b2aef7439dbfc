import Foundation
import Testing

@testable import Providers

struct SharedConfigurationTests {
    struct ParseCase: CustomTestStringConvertible, Sendable {
        var name: String
        var text: String
        var sections: [String: [String: String]]
        var testDescription: String { name }
    }

    static let parseCases: [ParseCase] = [
        ParseCase(
            name: "sections and properties",
            text: "[default]\nregion = eu-west-1\n\n[profile dev]\nregion=us-east-1\noutput = json\n",
            sections: ["default": ["region": "eu-west-1"], "profile dev": ["region": "us-east-1", "output": "json"]]),
        ParseCase(
            name: "comments and blank lines",
            text: "# top\n; also\n[ default ]\n  # indented comment\nregion = eu-west-1\n",
            sections: ["default": ["region": "eu-west-1"]]),
        ParseCase(
            name: "keys are case-insensitive, values kept as written",
            text: "[default]\nAWS_Access_Key_ID = AKIDMixed\n",
            sections: ["default": ["aws_access_key_id": "AKIDMixed"]]),
        ParseCase(
            name: "values may contain = # and ;",
            text: "[p]\ncredential_process = /bin/tool --opt=a#b;c\n",
            sections: ["p": ["credential_process": "/bin/tool --opt=a#b;c"]]),
        ParseCase(
            name: "nested properties",
            text: "[services local]\nec2 =\n  endpoint_url = http://localhost:4566\nsecrets_manager =\n\tendpoint_url = http://localhost:4567\n",
            sections: ["services local": [
                "ec2": "", "ec2.endpoint_url": "http://localhost:4566",
                "secrets_manager": "", "secrets_manager.endpoint_url": "http://localhost:4567",
            ]]),
        ParseCase(
            name: "CRLF line ends",
            text: "[default]\r\nregion = eu-west-1\r\n",
            sections: ["default": ["region": "eu-west-1"]]),
        ParseCase(
            name: "a repeated section adds to the first",
            text: "[a]\nx = 1\n[b]\ny = 2\n[a]\nz = 3\n",
            sections: ["a": ["x": "1", "z": "3"], "b": ["y": "2"]]),
    ]

    @Test(arguments: parseCases)
    func parsesTheINIDialect(_ testCase: ParseCase) throws {
        let file = try SharedConfigFile(parsing: testCase.text, path: "config")
        #expect(file.sections == testCase.sections)
    }

    @Test(arguments: [
        ("region = eu-west-1\n", "line 1: a property outside any [section]"),
        ("[default\nregion = x\n", "line 1: a section header must look like [name]"),
        ("[default]\njust words\n", "line 2: expected key = value"),
    ])
    func reportsSyntaxErrorsWithTheLine(_ text: String, _ message: String) throws {
        let error = try #require(throws: SharedConfigFile.SyntaxError.self) {
            try SharedConfigFile(parsing: text, path: "cfg")
        }
        #expect(error.description == "cfg, " + message)
    }

    @Test func mergesBothFilesWithTheCredentialsFileWinning() throws {
        let home = try TemporaryHome()
        try home.write(".aws/config", """
            [default]
            region = eu-west-1
            aws_access_key_id = FROM_CONFIG

            [profile dev]
            region = us-east-2
            """)
        try home.write(".aws/credentials", """
            [default]
            aws_access_key_id = FROM_CREDENTIALS
            aws_secret_access_key = s

            [dev]
            aws_access_key_id = DEV
            """)
        let shared = try SharedConfiguration(environment: home.environment)
        #expect(shared.configFiles == [home.path + "/.aws/config"])
        #expect(shared.profile("default") == [
            "region": "eu-west-1", "aws_access_key_id": "FROM_CREDENTIALS", "aws_secret_access_key": "s",
        ])
        #expect(shared.profile("dev") == ["region": "us-east-2", "aws_access_key_id": "DEV"])
        #expect(shared.region(forProfile: "dev") == "us-east-2")
        #expect(shared.profile("missing") == nil)
    }

    @Test func filesFromVariablesAndListsWithLaterFilesWinning() throws {
        let home = try TemporaryHome()
        let first = try home.write("one.ini", "[profile p]\nregion = eu-west-1\noutput = json\n")
        let second = try home.write("two.ini", "[profile p]\nregion = eu-central-1\n")
        let credentials = try home.write("keys.ini", "[p]\naws_access_key_id = K\n")

        let fromVariables = try SharedConfiguration(
            environment: home.environment.merging(["AWS_CONFIG_FILE": second, "AWS_SHARED_CREDENTIALS_FILE": credentials]) { $1 })
        #expect(fromVariables.profile("p") == ["region": "eu-central-1", "aws_access_key_id": "K"])

        let fromLists = try SharedConfiguration(
            configFiles: [first, second, "~/does-not-exist"], credentialsFiles: [], environment: home.environment)
        #expect(fromLists.profile("p") == ["region": "eu-central-1", "output": "json"])
        #expect(fromLists.configFiles.last == home.path + "/does-not-exist")
    }

    @Test func readsEndpointsFromTheProfileAndItsServicesSection() throws {
        let home = try TemporaryHome()
        try home.write(".aws/config", """
            [profile local]
            endpoint_url = http://localhost:4566
            services = emulators

            [services emulators]
            secrets_manager =
              endpoint_url = http://localhost:4567
            """)
        let shared = try SharedConfiguration(environment: home.environment)
        #expect(shared.endpoints(forProfile: "local") == AWSEndpointResolver.SharedConfigEndpoints(
            profile: "local", global: "http://localhost:4566", services: ["secrets_manager": "http://localhost:4567"]))
        #expect(shared.endpoints(forProfile: "default") == nil)
    }

    @Test func aSyntaxErrorNamesTheFile() throws {
        let home = try TemporaryHome()
        try home.write(".aws/config", "oops\n")
        #expect(throws: AWSCredentialsError.invalid(
            source: home.path + "/.aws/config", reason: "a property outside any [section] (line 1)")) {
            _ = try SharedConfiguration(environment: home.environment)
        }
    }
}
