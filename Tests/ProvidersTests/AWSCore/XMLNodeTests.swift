import Foundation
import Testing

@testable import Providers

struct XMLNodeTests {
    struct TextCase: CustomTestStringConvertible, Sendable {
        var name: String
        var document: String
        /// Path from the root to the element whose text is checked.
        var path: [String]
        var text: String
        var testDescription: String { name }
    }

    static let textCases: [TextCase] = [
        TextCase(name: "plain leaf", document: "<a><b>hello</b></a>", path: ["b"], text: "hello"),
        TextCase(
            name: "predefined entities", document: "<a><b>&lt;x&gt; &amp; &quot;y&quot; &apos;z&apos;</b></a>",
            path: ["b"], text: "<x> & \"y\" 'z'"),
        TextCase(
            name: "numeric references", document: "<a><b>&#65;&#x42;&#x1F600;</b></a>", path: ["b"], text: "AB😀"),
        TextCase(
            name: "CDATA kept verbatim", document: "<a><b><![CDATA[<not> &amp; markup]]></b></a>", path: ["b"],
            text: "<not> &amp; markup"),
        TextCase(
            name: "CDATA between text", document: "<a><b>x<![CDATA[<y>]]>z</b></a>", path: ["b"], text: "x<y>z"),
        TextCase(
            name: "namespace prefixes dropped",
            document: #"<ns:a xmlns:ns="urn:x"><ns:b>v</ns:b></ns:a>"#, path: ["b"], text: "v"),
        TextCase(
            name: "declaration, comments and DOCTYPE skipped",
            document: "<?xml version=\"1.0\"?><!DOCTYPE a [<!ENTITY e \"boom\">]><!-- c --><a><!-- <b>no</b> --><b>yes</b></a>",
            path: ["b"], text: "yes"),
        TextCase(
            name: "whitespace inside a leaf is kept", document: "<a><b>  two  spaces </b></a>", path: ["b"],
            text: "  two  spaces "),
        TextCase(
            name: "pretty-printing between elements is dropped", document: "<a>\n  <b>1</b>\n  <c>2</c>\n</a>",
            path: [], text: ""),
        TextCase(
            name: "CRLF normalised to LF", document: "<a><b>one\r\ntwo\rthree</b></a>", path: ["b"],
            text: "one\ntwo\nthree"),
        TextCase(
            name: "carriage return reference kept", document: "<a><b>x&#13;y</b></a>", path: ["b"], text: "x\ry"),
        TextCase(name: "multi-byte UTF-8", document: "<a><b>платформа ☀</b></a>", path: ["b"], text: "платформа ☀"),
        TextCase(name: "byte order mark", document: "\u{FEFF}<a><b>v</b></a>", path: ["b"], text: "v"),
        TextCase(name: "self-closing leaf has empty text", document: "<a><b/></a>", path: ["b"], text: ""),
    ]

    @Test(arguments: textCases)
    func readsText(_ testCase: TextCase) throws {
        let root = try XMLNode.parse(testCase.document)
        #expect(root.path(testCase.path)?.text == testCase.text)
    }

    struct MalformedCase: CustomTestStringConvertible, Sendable {
        var name: String
        var document: String
        var messageFragment: String
        var testDescription: String { name }
    }

    static let malformedCases: [MalformedCase] = [
        MalformedCase(name: "mismatched closing tag", document: "<a><b></c></a>", messageFragment: "does not match"),
        MalformedCase(name: "unclosed element", document: "<a><b>text</b>", messageFragment: "never closed"),
        MalformedCase(name: "empty document", document: "   ", messageFragment: "no root element"),
        MalformedCase(name: "two roots", document: "<a/><b/>", messageFragment: "more than one root"),
        MalformedCase(name: "text after the root", document: "<a/>junk", messageFragment: "outside the root"),
        MalformedCase(name: "unknown entity", document: "<a>&nbsp;</a>", messageFragment: "unknown entity"),
        MalformedCase(name: "bare ampersand", document: "<a>fish & chips</a>", messageFragment: "'&'"),
        MalformedCase(name: "unterminated comment", document: "<a><!-- x</a>", messageFragment: "comment"),
        MalformedCase(name: "unquoted attribute", document: "<a b=c/>", messageFragment: "quoted value"),
        MalformedCase(name: "closing tag without opening", document: "</a>", messageFragment: "no matching"),
        MalformedCase(
            name: "nesting deeper than the limit",
            document: String(repeating: "<a>", count: 300) + String(repeating: "</a>", count: 300),
            messageFragment: "deeper than"),
    ]

    @Test(arguments: malformedCases)
    func rejectsMalformedDocuments(_ testCase: MalformedCase) {
        #expect {
            _ = try XMLNode.parse(testCase.document)
        } throws: { error in
            (error as? XMLParseError)?.message.contains(testCase.messageFragment) == true
        }
    }

    @Test func readsAttributesWithoutPrefixesButKeepsNamespaceDeclarations() throws {
        let root = try XMLNode.parse(
            #"<Grantee xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:type='CanonicalUser' id="a&amp;b">x</Grantee>"#)
        #expect(root.attributes == [
            "xmlns:xsi": "http://www.w3.org/2001/XMLSchema-instance", "type": "CanonicalUser", "id": "a&b",
        ])
        #expect(root.attribute("type") == "CanonicalUser")
    }

    @Test func navigatesAnEC2Response() throws {
        let root = try XMLNode.parse("""
            <DescribeInstancesResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/">
              <requestId>req-1</requestId>
              <reservationSet>
                <item><instancesSet>
                  <item><instanceId>i-0-0</instanceId><state><code>16</code></state><ebsOptimized>false</ebsOptimized></item>
                  <item><instanceId>i-0-1</instanceId></item>
                </instancesSet></item>
                <item><instancesSet>
                  <item><instanceId>i-1-0</instanceId></item>
                  <item><instanceId>i-1-1</instanceId></item>
                </instancesSet></item>
              </reservationSet>
            </DescribeInstancesResponse>
            """)
        #expect(root.name == "DescribeInstancesResponse")
        #expect(root.string("requestId") == "req-1")
        let instances = root.all("reservationSet", "item", "instancesSet", "item")
        #expect(instances.map { $0.string("instanceId") } == ["i-0-0", "i-0-1", "i-1-0", "i-1-1"])
        #expect(root.path("reservationSet", "item", "instancesSet", "item", "state", "code")?.intValue == 16)
        #expect(instances[0].path("ebsOptimized")?.boolValue == false)
        #expect(root.path("reservationSet", "nothing", "here") == nil)
        #expect(root.all("reservationSet", "nothing").isEmpty)
    }

    @Test func rendersAndParsesBackTheSameTree() throws {
        let tree = XMLNode.element(
            "ChangeResourceRecordSetsRequest", attributes: ["xmlns": "https://route53.amazonaws.com/doc/2013-04-01/"],
            [
                .element("ChangeBatch", [
                    .leaf("Comment", "a < b & \"c\"\r\n"),
                    .element("Changes", [.element("Change", [.leaf("Action", "UPSERT")])]),
                ])
            ])
        #expect(tree.xmlString.contains("<Comment>a &lt; b &amp; \"c\"&#13;\n</Comment>"))
        #expect(try XMLNode.parse(tree.xmlDocument) == tree)
    }

    /// A DescribeInstances answer of a large account (3.6 MB, 4 000 instances, 110 000
    /// elements). Optimised builds parse it in about 0.1 s, as fast as Python's C-accelerated
    /// ElementTree; unoptimised test builds take about 1.5 s. The bound is for the latter, and
    /// still far below what any work growing faster than the document would take.
    @Test func parsesALargeResponseQuickly() async throws {
        // On a thread of its own: seconds of CPU on one of the two cooperative threads would
        // delay the continuations that the transport tests' timing checks wait for.
        let (size, count, elapsed) = try await onOwnThread {
            let document = Data(Self.describeInstances(reservations: 800, instancesEach: 5).utf8)
            // CPU time of this thread, not wall time: other tests' processes (the emulator,
            // fixture servers) compete for the machine's cores and would make wall time vary.
            let before = Self.threadCPUTime()
            let root = try XMLNode.parse(document)
            let elapsed = Self.threadCPUTime() - before
            return (document.count, root.all("reservationSet", "item", "instancesSet", "item").count, elapsed)
        }
        #expect(size > 3_500_000)
        #expect(count == 4_000)
        #expect(elapsed < .seconds(6), "parsing \(size) bytes took \(elapsed) of CPU time")
    }

    static func threadCPUTime() -> Duration {
        var time = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &time)
        return .seconds(time.tv_sec) + .nanoseconds(time.tv_nsec)
    }

    /// A DescribeInstances answer with the given numbers of reservations and instances.
    /// Built from repeated chunks: interpolating megabytes piece by piece is slow in debug
    /// builds and would compete for the CPU with the timing-sensitive transport tests.
    static func describeInstances(reservations: Int, instancesEach: Int) -> String {
        let instance = """
                    <item>
                      <instanceId>i-0123456789abcdef0</instanceId>
                      <imageId>ami-0abcdef1234567890</imageId>
                      <state><code>16</code><name>running</name></state>
                      <privateDnsName>ip-10-0-0-1.eu-west-1.compute.internal</privateDnsName>
                      <instanceType>t3.micro</instanceType>
                      <ebsOptimized>false</ebsOptimized>
                      <tagSet><item><key>Name</key><value>web &amp; api</value></item></tagSet>
                      <blockDeviceMapping><item><deviceName>/dev/xvda</deviceName><ebs><volumeId>vol-0123</volumeId><status>attached</status><deleteOnTermination>true</deleteOnTermination></ebs></item></blockDeviceMapping>
                      <networkInterfaceSet><item><networkInterfaceId>eni-0123</networkInterfaceId><subnetId>subnet-1</subnetId><vpcId>vpc-1</vpcId><description/><privateIpAddress>10.0.0.1</privateIpAddress></item></networkInterfaceSet>
                    </item>

            """
        let reservation = "    <item>\n      <reservationId>r-1</reservationId>\n      <instancesSet>\n"
            + String(repeating: instance, count: instancesEach) + "      </instancesSet>\n    </item>\n"
        return #"<?xml version="1.0" encoding="UTF-8"?>"# + "\n"
            + #"<DescribeInstancesResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/">"# + "\n"
            + "  <requestId>req-1</requestId>\n  <reservationSet>\n"
            + String(repeating: reservation, count: reservations)
            + "  </reservationSet>\n</DescribeInstancesResponse>\n"
    }
}
