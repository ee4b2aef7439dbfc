import Provisioner
import ResourceGraph

// How an instance, launch template or key pair an interrupted run created is found again.

extension InstanceResource {
    /// DescribeTags gives the instance id, which read takes.
    static var systemTagSearch: SystemTagSearch { .ec2 }
}

extension LaunchTemplateResource {
    /// DescribeTags gives the template id, which read takes.
    static var systemTagSearch: SystemTagSearch { .ec2 }
}

extension KeyPairResource {
    /// DescribeTags gives the `key-…` id, which read also takes.
    static var systemTagSearch: SystemTagSearch { .ec2 }

    /// Also found by key_name, unique in the region (a name left to AWS, key_name_prefix,
    /// is known only from the tags).
    func identity(fromConfiguration configuration: Value) -> [String: Value]? {
        configuration.string("key_name").map { ["id": .string($0)] }
    }
}
