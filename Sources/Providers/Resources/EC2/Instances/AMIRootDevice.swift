import Foundation
import Provisioner
import ResourceGraph

/// Which device of an AMI is its root volume, for telling a launch configuration's root block
/// device from its other EBS devices.
enum AMIRootDevice {
    /// The root device name of an EBS-backed AMI; nil for an instance-store AMI or an AMI that
    /// cannot be found (so that reading a resource whose AMI went away still works).
    ///
    /// Some AMIs name a root device (`/dev/sda1`) that their block device mapping does not
    /// list (it has `/dev/sda`); as Terraform does, the first mapping is then taken as the root.
    static func name(of imageID: String, in context: AWSContext) async throws -> String? {
        var parameters = QueryParameters()
        parameters.setList("ImageId", [imageID])
        let image: XMLNode?
        do {
            image = try await context.client.query(.ec2, action: "DescribeImages", parameters: parameters).all("imagesSet", "item").first
        } catch where EC2.isNotFound(error) || (error as? AWSError)?.code == "InvalidAMIID.Malformed" {
            return nil
        }
        guard let image, image.string("rootDeviceType") != "instance-store" else { return nil }
        let mappings = image.all("blockDeviceMapping", "item").compactMap { $0.string("deviceName") }
        let root = image.string("rootDeviceName")
        if let root, !mappings.contains(root), let first = mappings.first { return first }
        return root
    }
}
