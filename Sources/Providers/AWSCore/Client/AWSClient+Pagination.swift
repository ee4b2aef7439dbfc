import Foundation
import ResourceGraph

/// Which request parameter carries a page token and where the answer holds the next one.
/// The common pairs, from the services' paginator models, are predefined.
public struct AWSPageToken: Sendable, Equatable {
    public var inputName: String
    public var outputPath: [String]

    public init(inputName: String, outputPath: [String]) {
        self.inputName = inputName
        self.outputPath = outputPath
    }

    /// EC2: `NextToken` in, `<nextToken>` out.
    public static let ec2 = AWSPageToken(inputName: "NextToken", outputPath: ["nextToken"])
    /// Auto Scaling, CloudWatch and most json services: `NextToken` both ways.
    public static let nextToken = AWSPageToken(inputName: "NextToken", outputPath: ["NextToken"])
    /// IAM and RDS: `Marker` both ways (IAM adds `IsTruncated`, redundant with it).
    public static let marker = AWSPageToken(inputName: "Marker", outputPath: ["Marker"])
    /// ELBv2, Lambda and EFS: `Marker` in, `NextMarker` out.
    public static let nextMarker = AWSPageToken(inputName: "Marker", outputPath: ["NextMarker"])
}

extension AWSClient {
    /// Calls `fetch` with `token`, then with each next token it returns, until it returns none,
    /// an empty one, or the one it was just given (a service bug that would otherwise loop
    /// forever); hands each page to `body` as it arrives.
    public static func forEachPage<Page>(
        startingAt token: String? = nil,
        fetch: (_ token: String?) async throws -> (page: Page, nextToken: String?),
        _ body: (Page) async throws -> Void
    ) async throws {
        var token = token
        while true {
            let (page, next) = try await fetch(token)
            try await body(page)
            guard let next, !next.isEmpty, next != token else { return }
            token = next
        }
    }

    /// Every page `fetch` gives; see `forEachPage`.
    public static func allPages<Page>(
        startingAt token: String? = nil,
        fetch: (_ token: String?) async throws -> (page: Page, nextToken: String?)
    ) async throws -> [Page] {
        var pages: [Page] = []
        try await forEachPage(startingAt: token, fetch: fetch) { pages.append($0) }
        return pages
    }

    /// Every page of an ec2 or query protocol listing, e.g.
    /// `queryPages(.ec2, action: "DescribeVpcs", token: .ec2).flatMap { $0.all("vpcSet", "item") }`.
    public func queryPages(
        _ service: AWSService, action: String, parameters: QueryParameters = QueryParameters(), token: AWSPageToken
    ) async throws -> [XMLNode] {
        try await Self.allPages { pageToken in
            var pageParameters = parameters
            pageParameters.set(token.inputName, pageToken)
            let page = try await query(service, action: action, parameters: pageParameters)
            return (page, page.path(token.outputPath)?.text)
        }
    }

    /// Every page of a json protocol listing.
    public func jsonPages(
        _ service: AWSService, operation: String, body: Value = .emptyObject,
        token: AWSPageToken = .nextToken
    ) async throws -> [Value] {
        try await Self.allPages { pageToken in
            var request = body.attributes ?? [:]
            if let pageToken { request[token.inputName] = .string(pageToken) }
            let page = try await json(service, operation: operation, body: .object(request))
            var next: Value? = page
            for name in token.outputPath { next = next?[attribute: name] }
            return (page, next?.stringValue)
        }
    }
}
