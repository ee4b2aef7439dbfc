import ResourceGraph
import Testing

@testable import Providers

/// data "aws_partition" from the region alone, as the provider's partition table gives it.
struct PartitionDataSourceTests {
    @Test(arguments: [
        ("eu-west-1", "aws", "amazonaws.com", "com.amazonaws"),
        ("cn-north-1", "aws-cn", "amazonaws.com.cn", "cn.com.amazonaws"),
        ("us-gov-west-1", "aws-us-gov", "amazonaws.com", "com.amazonaws"),
        ("us-iso-east-1", "aws-iso", "c2s.ic.gov", "gov.ic.c2s"),
        ("us-isob-east-1", "aws-iso-b", "sc2s.sgov.gov", "gov.sgov.sc2s"),
        ("eu-isoe-west-1", "aws-iso-e", "cloud.adc-e.uk", "uk.adc-e.cloud"),
    ])
    func partitionOfRegion(region: String, partition: String, dnsSuffix: String, reversePrefix: String) {
        let value = PartitionDataSource.attributes(for: region)
        #expect(value.string("partition") == partition)
        #expect(value.string("id") == partition)
        #expect(value.string("dns_suffix") == dnsSuffix)
        #expect(value.string("reverse_dns_prefix") == reversePrefix)
    }
}
