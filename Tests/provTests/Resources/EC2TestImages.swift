import Foundation
import Testing
import TestSupport

/// The emulator's built-in AMIs, looked up through the oracle for the EC2 instance, launch
/// template and Auto Scaling tests.
enum EC2TestImages {
    static let ubuntuName = "ubuntu/images/hvm-ssd/ubuntu-trusty-14.04-amd64-server-20170727"

    /// The id of the built-in Ubuntu AMI (EBS-backed, root device /dev/sda1).
    static func ubuntu(_ lifecycle: ResourceLifecycle) throws -> String {
        let response = try lifecycle.oracle("ec2", "describe_images", ["Filters": [["Name": "name", "Values": [ubuntuName]]]]).response
        let image = try #require((response?["Images"] as? [[String: Any]])?.first, "the emulator has no built-in \(ubuntuName)")
        return try #require(image["ImageId"] as? String)
    }
}
