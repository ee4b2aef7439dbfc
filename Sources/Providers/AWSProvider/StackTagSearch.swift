import Provisioner
import ResourceGraph

/// Finds objects by prov's system tags: one instance's objects (to reconcile an unrecorded
/// create) or every object of a stack (for `destroy` to remove what state no longer knows).
enum StackTagSearch {
    /// The identities of objects of `type` tagged with this stack and address.
    static func identities(of type: any AWSResourceType, stack: String, address: InstanceAddress, in context: AWSContext) async throws -> [[String: Value]] {
        let wanted = AWSSystemTags.tags(stack: stack, address: address)
        switch Swift.type(of: type).systemTagSearch {
        case .taggingAPI:
            return try await taggedResources(wanted, in: context).map { type.identity(fromARN: $0.arn) }
        case .ec2:
            return try await ec2Tagged(stack: stack, address: wanted[AWSSystemTags.addressKey], in: context).map { ["id": .string($0.id)] }
        }
    }

    /// Every object of this stack the region's tagging API and EC2 know, read by its type,
    /// each once, except those whose id or ARN is `known`: state has them, and reading each
    /// again would cost a destroy one call per object.
    static func stackObjects(stack: String, types: [String: any AWSResourceType], excluding known: Set<String>, in context: AWSContext) async throws -> [StackObject] {
        var identified: [(address: InstanceAddress, identity: [String: Value])] = []
        for resource in try await taggedResources([AWSSystemTags.stackKey: stack], in: context) where !known.contains(resource.arn) {
            guard let address = resource.tags[AWSSystemTags.addressKey].flatMap(AWSSystemTags.decode),
                  let type = types[address.resource.type], Swift.type(of: type).systemTagSearch == .taggingAPI else { continue }
            identified.append((address, type.identity(fromARN: resource.arn)))
        }
        for resource in try await ec2Tagged(stack: stack, address: nil, in: context) {
            guard let address = resource.address.flatMap(AWSSystemTags.decode), types[address.resource.type] != nil else { continue }
            identified.append((address, ["id": .string(resource.id)]))
        }
        var found: [StackObject] = []
        var seen = Set<String>()
        for (address, identity) in identified {
            guard let type = types[address.resource.type], let id = identity["id"]?.stringValue, !known.contains(id), seen.insert(id).inserted else { continue }
            if let object = try await type.read(Value.object(identity), in: context) {
                found.append(StackObject(address: address, value: object))
            }
        }
        return found
    }

    // MARK: The Resource Groups Tagging API

    /// The ARNs and tags of objects carrying all of these tags.
    static func taggedResources(_ tags: [String: String], in context: AWSContext) async throws -> [(arn: String, tags: [String: String])] {
        let filters: Value = .tuple(tags.keys.sorted().map { key in
            .object(["Key": .string(key), "Values": .tuple([.string(tags[key]!)])])
        })
        let pages = try await context.client.jsonPages(
            .resourceGroupsTagging, operation: "GetResources", body: .object(["TagFilters": filters]),
            token: AWSPageToken(inputName: "PaginationToken", outputPath: ["PaginationToken"]))
        return pages.flatMap { page in
            page.objects("ResourceTagMappingList").compactMap { mapping -> (String, [String: String])? in
                guard let arn = mapping.string("ResourceARN") else { return nil }
                var found: [String: String] = [:]
                for tag in mapping.objects("Tags") {
                    if let key = tag.string("Key") { found[key] = tag.string("Value") ?? "" }
                }
                return (arn, found)
            }
        }
    }

    // MARK: EC2

    /// EC2 objects tagged with this stack (and this encoded address, when given), with their
    /// address tags.
    static func ec2Tagged(stack: String, address: String?, in context: AWSContext) async throws -> [(id: String, address: String?)] {
        // One search by the more selective tag, then the other tag of what it found.
        let first = address.map { (AWSSystemTags.addressKey, $0) } ?? (AWSSystemTags.stackKey, stack)
        let candidates = try await describeTags([EC2.filter("key", [first.0]), EC2.filter("value", [first.1])], in: context)
        guard !candidates.isEmpty else { return [] }
        var stacks: [String: String] = [:]
        var addresses: [String: String] = [:]
        // DescribeTags takes up to 200 values per filter.
        let ids = Array(Set(candidates.map(\.id))).sorted()
        for start in stride(from: 0, to: ids.count, by: 200) {
            let chunk = Array(ids[start..<min(start + 200, ids.count)])
            let tags = try await describeTags([EC2.filter("resource-id", chunk), EC2.filter("key", [AWSSystemTags.stackKey, AWSSystemTags.addressKey])], in: context)
            for tag in tags {
                if tag.key == AWSSystemTags.stackKey { stacks[tag.id] = tag.value } else { addresses[tag.id] = tag.value }
            }
        }
        return ids.filter { stacks[$0] == stack }.map { ($0, addresses[$0]) }
    }

    private static func describeTags(_ filters: [QueryParameters], in context: AWSContext) async throws -> [(id: String, key: String, value: String)] {
        var parameters = QueryParameters()
        parameters.setList("Filter", filters)
        let pages = try await context.client.queryPages(.ec2, action: "DescribeTags", parameters: parameters, token: .ec2)
        return pages.flatMap { page in
            page.all("tagSet", "item").compactMap { item in
                guard let id = item.string("resourceId"), let key = item.string("key") else { return nil }
                return (id, key, item.string("value") ?? "")
            }
        }
    }
}
