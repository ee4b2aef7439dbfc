import Foundation
import ResourceGraph
import Testing

@testable import Providers

/// The container_definitions comparison: what the AWS provider treats as the same definitions.
struct ContainerDefinitionsTests {
    static let configured = """
        [{"name": "web", "image": "nginx:1.27", "memory": 128, "portMappings": [{"containerPort": 80}],
          "environment": [{"name": "B", "value": "2"}, {"name": "A", "value": "1"}]}]
        """
    /// What DescribeTaskDefinition gives back for `configured` in awsvpc mode.
    static let storedByAWS = """
        [{"name":"web","image":"nginx:1.27","cpu":0,"memory":128,"essential":true,
          "portMappings":[{"containerPort":80,"hostPort":80,"protocol":"tcp"}],
          "environment":[{"name":"A","value":"1"},{"name":"B","value":"2"}],
          "mountPoints":[],"volumesFrom":[],"systemControls":[]}]
        """

    @Test func theDefaultsAWSFillsInAreNoChange() {
        #expect(ContainerDefinitions.equivalent(Self.configured, Self.storedByAWS, awsvpc: true))
    }

    @Test func hostPortsOnlyDefaultToContainerPortsInAwsvpcMode() {
        #expect(!ContainerDefinitions.equivalent(Self.configured, Self.storedByAWS, awsvpc: false))
        let bridge = Self.storedByAWS.replacingOccurrences(of: "\"hostPort\":80", with: "\"hostPort\":0")
        #expect(ContainerDefinitions.equivalent(Self.configured, bridge, awsvpc: false))
    }

    @Test func formattingKeyOrderAndCaseDoNotMatter() {
        let reformatted = """
            [ { "Image" : "nginx:1.27", "portMappings": [ { "containerPort": 80 } ], "MEMORY": 128,
                "environment": [ {"value": "1", "name": "A"}, {"value": "2", "name": "B"} ], "name": "web", "someFutureKey": true } ]
            """
        #expect(ContainerDefinitions.equivalent(Self.configured, reformatted, awsvpc: false))
    }

    @Test func containersEnvironmentAndSecretsCompareInNameOrder() {
        let a = """
            [{"name":"b","image":"x","secrets":[{"name":"S2","valueFrom":"arn:2"},{"name":"S1","valueFrom":"arn:1"}]},{"name":"a","image":"y"}]
            """
        let b = """
            [{"name":"a","image":"y"},{"name":"b","image":"x","secrets":[{"name":"S1","valueFrom":"arn:1"},{"name":"S2","valueFrom":"arn:2"}]}]
            """
        #expect(ContainerDefinitions.equivalent(a, b, awsvpc: false))
    }

    @Test func emptyEntriesAndEmptyArraysAreAbsent() {
        let a = #"[{"name":"web","image":"x","environment":[{}],"command":[],"dockerLabels":{},"ulimits":[]}]"#
        let b = #"[{"name":"web","image":"x"}]"#
        #expect(ContainerDefinitions.equivalent(a, b, awsvpc: false))
    }

    @Test func healthCheckTimingsDefault() {
        let a = #"[{"name":"web","image":"x","healthCheck":{"command":["CMD","true"]}}]"#
        let b = #"[{"name":"web","image":"x","healthCheck":{"command":["CMD","true"],"interval":30,"retries":3,"timeout":5}}]"#
        let c = #"[{"name":"web","image":"x","healthCheck":{"command":["CMD","true"],"interval":10}}]"#
        #expect(ContainerDefinitions.equivalent(a, b, awsvpc: false))
        #expect(!ContainerDefinitions.equivalent(a, c, awsvpc: false))
    }

    @Test func realChangesAreChanges() {
        let image = Self.storedByAWS.replacingOccurrences(of: "nginx:1.27", with: "nginx:1.28")
        #expect(!ContainerDefinitions.equivalent(Self.configured, image, awsvpc: true))
        let notEssential = #"[{"name":"web","image":"x","essential":false}]"#
        #expect(!ContainerDefinitions.equivalent(notEssential, #"[{"name":"web","image":"x"}]"#, awsvpc: false))
        let environment = Self.storedByAWS.replacingOccurrences(of: #""value":"2""#, with: #""value":"3""#)
        #expect(!ContainerDefinitions.equivalent(Self.configured, environment, awsvpc: true))
        // cpu is a plain integer in the API: 0 and absent are the same, 256 is not.
        #expect(ContainerDefinitions.equivalent(#"[{"name":"w","cpu":0}]"#, #"[{"name":"w"}]"#, awsvpc: false))
        #expect(!ContainerDefinitions.equivalent(#"[{"name":"w","cpu":256}]"#, #"[{"name":"w"}]"#, awsvpc: false))
    }

    @Test func invalidDocumentsAreRefused() {
        #expect(throws: ContainerDefinitions.Invalid.self) { try ContainerDefinitions.decode(#"[{"name":"web","memory":"128"}]"#) }
        #expect(throws: ContainerDefinitions.Invalid.self) { try ContainerDefinitions.decode(#"[{"unknownOnly":1}]"#) }
        #expect(throws: ContainerDefinitions.Invalid.self) { try ContainerDefinitions.decode(#"{"name":"web"}"#) }
        #expect(throws: ContainerDefinitions.Invalid.self) { try ContainerDefinitions.decode(#"[{"name":"web","versionConsistency":"sometimes"}]"#) }
        #expect(!ContainerDefinitions.equivalent("not json", "not json", awsvpc: false))
    }

    @Test func theRequestLeavesOutWhatTheSDKWouldNotSend() throws {
        let member = try ContainerDefinitions.requestMember(#"[{"Name":"web","cpu":0,"memory":null,"environment":[{},{"name":"A","value":"1"}],"x":1}]"#)
        #expect(try JSONEncoding.encode(member) == #"[{"environment":[{"name":"A","value":"1"}],"name":"web"}]"#)
    }

    @Test func theRemoteTextIsOrderedAndComparesEqual() throws {
        let remote = try JSONParser.parse(#"[{"name":"b","image":"x","cpu":0,"essential":true,"mountPoints":[]},{"name":"a","image":"y","cpu":0,"essential":true}]"#)
        let text = ContainerDefinitions.text(fromRemote: remote)
        #expect(text == #"[{"essential":true,"image":"y","name":"a"},{"essential":true,"image":"x","mountPoints":[],"name":"b"}]"#)
        #expect(ContainerDefinitions.equivalent(text, #"[{"name":"b","image":"x"},{"name":"a","image":"y"}]"#, awsvpc: false))
    }
}
