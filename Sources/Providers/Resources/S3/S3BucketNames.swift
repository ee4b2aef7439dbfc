import Foundation

/// The names the provider exports for a bucket, worked out as it does from the bucket name, the
/// partition and the bucket's region.
enum S3BucketNames {
    static func arn(_ bucket: String, partition: String) -> String {
        "arn:\(partition):s3:::\(bucket)"
    }

    /// `bucket.s3.amazonaws.com` (the partition's DNS suffix).
    static func domainName(_ bucket: String, region: String) -> String {
        "\(bucket).s3.\(AWSPartition.containing(region: region).dnsSuffix)"
    }

    /// `bucket.s3.eu-west-1.amazonaws.com`.
    static func regionalDomainName(_ bucket: String, region: String) -> String {
        "\(bucket).s3.\(region).\(AWSPartition.containing(region: region).dnsSuffix)"
    }

    /// The website endpoint and its domain: the older regions spell it `s3-website-<region>`,
    /// the newer ones `s3-website.<region>`.
    static func websiteEndpoint(_ bucket: String, region: String) -> (endpoint: String, domain: String) {
        let domain = dashedWebsiteRegions.contains(region)
            ? "s3-website-\(region).amazonaws.com"
            : "s3-website.\(region).\(AWSPartition.containing(region: region).dnsSuffix)"
        return ("\(bucket).\(domain)", domain)
    }

    private static let dashedWebsiteRegions: Set<String> = [
        "ap-northeast-1", "ap-southeast-1", "ap-southeast-2", "eu-west-1", "sa-east-1", "us-east-1",
        "us-gov-west-1", "us-west-1", "us-west-2",
    ]

    /// The Route 53 hosted zone of the region's S3 website endpoints, for alias records; empty
    /// for a region the table does not know.
    static func hostedZoneID(region: String) -> String {
        hostedZoneIDs[region] ?? ""
    }

    /// From the AWS documentation's table of S3 website endpoints, as the provider has it.
    private static let hostedZoneIDs: [String: String] = [
        "af-south-1": "Z83WF9RJE8B12",
        "ap-east-1": "ZNB98KWMFR0R6",
        "ap-northeast-1": "Z2M4EHUR26P7ZW",
        "ap-northeast-2": "Z3W03O7B5YMIYP",
        "ap-northeast-3": "Z2YQB5RD63NC85",
        "ap-south-1": "Z11RGJOFQNVJUP",
        "ap-south-2": "Z02976202B4EZMXIPMXF7",
        "ap-southeast-1": "Z3O0J2DXBE1FTB",
        "ap-southeast-2": "Z1WCIGYICN2BYD",
        "ap-southeast-3": "Z01846753K324LI26A3VV",
        "ap-southeast-4": "Z0312387243XT5FE14WFO",
        "ap-southeast-5": "Z08660063OXLMA7F1FJHU",
        "ca-central-1": "Z1QDHH18159H29",
        "ca-west-1": "Z03565811Z33SLEZTHOUL",
        "cn-north-1": "Z5CN8UMXT92WN",
        "cn-northwest-1": "Z282HJ1KT0DH03",
        "eu-central-1": "Z21DNDUVLTQW6Q",
        "eu-central-2": "Z030506016YDQGETNASS",
        "eu-north-1": "Z3BAZG2TWCNX0D",
        "eu-south-1": "Z30OZKI7KPW7MI",
        "eu-south-2": "Z0081959F7139GRJC19J",
        "eu-west-1": "Z1BKCTXD74EZPE",
        "eu-west-2": "Z3GKZC51ZF0DB4",
        "eu-west-3": "Z3R1K369G5AVDG",
        "il-central-1": "Z09640613K4A3MN55U7GU",
        "me-central-1": "Z06143092I8HRXZRUZROF",
        "me-south-1": "Z1MPMWCPA7YB62",
        "sa-east-1": "Z7KQH4QJS55SO",
        "us-east-1": "Z3AQBSTGFYJSTF",
        "us-east-2": "Z2O1EMRO9K5GLX",
        "us-gov-east-1": "Z2NIFVYYW2VKV1",
        "us-gov-west-1": "Z31GFT0UA1I2HV",
        "us-west-1": "Z2F56UZL2M1ACD",
        "us-west-2": "Z3BJ6K6RIION7M",
    ]
}
