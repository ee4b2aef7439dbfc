import Foundation
import Testing

@testable import Providers

/// Which refusals of other services mean "IAM has not spread the instance profile yet"
/// (retried for a while), and which are real errors (not retried).
struct EventualConsistencyTests {
    static func error(_ service: String, _ code: String, _ message: String) -> AWSError {
        AWSError(kind: .service, service: service, operation: "Create", status: 400, code: code, message: message)
    }

    @Test func ec2AndAutoScalingRefusalsOfAProfileJustMadeAreRecognised() {
        #expect(EventualConsistency.isInstanceProfileNotReady(Self.error("EC2", "InvalidParameterValue", "Value (web) for parameter iamInstanceProfile.name is invalid. Invalid IAM Instance Profile name")))
        #expect(EventualConsistency.isInstanceProfileNotReady(Self.error("EC2", "InvalidParameterValue", "IAM Instance Profile \"arn:aws:iam::1:instance-profile/web\" has no associated IAM Roles")))
        #expect(EventualConsistency.isInstanceProfileNotReady(Self.error("Auto Scaling", "ValidationError", "Invalid IamInstanceProfile: web")))
        #expect(EventualConsistency.isInstanceProfileNotReady(Self.error("Auto Scaling", "ValidationError", "You are not authorized to perform this operation.")))
        #expect(!EventualConsistency.isInstanceProfileNotReady(Self.error("EC2", "InvalidParameterValue", "Value (x) for parameter instanceType is invalid.")))
        #expect(!EventualConsistency.isInstanceProfileNotReady(Self.error("EC2", "UnauthorizedOperation", "You are not authorized to perform this operation.")), "EC2's own refusal is final")
    }

    /// A launch with an instance profile made a moment ago: tried again, on the client's
    /// clock, until EC2 knows the profile.
    @Test func aLaunchIsRetriedUntilTheProfileIsKnown() async throws {
        let refusal = RecordingTransport.Answer.answer(400, "<Response><Errors><Error><Code>InvalidParameterValue</Code><Message>Value (web) for parameter iamInstanceProfile.name is invalid. Invalid IAM Instance Profile name</Message></Error></Errors><RequestID>r</RequestID></Response>")
        let launched = RecordingTransport.Answer.answer(200, #"<RunInstancesResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/"><requestId>r</requestId><instancesSet><item><instanceId>i-1</instanceId></item></instancesSet></RunInstancesResponse>"#)
        let transport = RecordingTransport([refusal, refusal, launched])
        let clock = VirtualClock()
        let context = try IAMScriptedTests.context(transport, clock: clock, type: "aws_instance")
        let response = try await retryWhileEventuallyConsistent("creating EC2 Instance", in: context, isRetryable: EventualConsistency.isInstanceProfileNotReady) {
            try await context.client.query(.ec2, action: "RunInstances", parameters: QueryParameters(), idempotent: false)
        }
        #expect(response.string("instancesSet", "item", "instanceId") == "i-1")
        #expect(transport.requests.count == 3)
        #expect(clock.sleeps == [.seconds(1), .seconds(2)])
    }
}
