import Foundation
import Testing
import TestSupport

/// aws_route53_zone, aws_route53_record and data "aws_route53_zone" through their whole life.
///
/// On the emulator that does not check signatures: with signatures checked, it rejects every
/// GET and DELETE request to Route 53 (an emulator bug), and Route 53 reads are all GETs.
@Suite struct Route53LifecycleTests {
    struct Settings {
        var comment = "first"
        var owner = "a"
        var privateName = "private.dnslc.prov-test.example"
        var privateVPCs = ["one"]
        var wwwName = "www"
        var wwwTTL = 300
        var wwwRecords = ["192.0.2.10", "192.0.2.11"]
        var textType = "TXT"
        var weight = 10
        var takeOverRecord = false
    }

    static func configuration(_ s: Settings, healthCheck: String) -> String {
        """
        resource "aws_vpc" "one" {
          cidr_block = "10.231.0.0/16"
        }
        resource "aws_vpc" "two" {
          cidr_block = "10.232.0.0/16"
        }

        resource "aws_route53_zone" "public" {
          name          = "DNSLC.prov-test.example."
          comment       = "\(s.comment)"
          force_destroy = true
          tags          = { Owner = "\(s.owner)" }
        }
        resource "aws_route53_zone" "private" {
          name = "\(s.privateName)"
        \(s.privateVPCs.map { "  vpc {\n    vpc_id = aws_vpc.\($0).id\n  }" }.joined(separator: "\n"))
        }

        resource "aws_route53_record" "www" {
          zone_id = aws_route53_zone.public.zone_id
          name    = "\(s.wwwName)"
          type    = "A"
          ttl     = \(s.wwwTTL)
          records = [\(s.wwwRecords.map { "\"\($0)\"" }.joined(separator: ", "))]
        }
        resource "aws_route53_record" "text" {
          zone_id = aws_route53_zone.public.zone_id
          name    = "text.dnslc.prov-test.example"
          type    = "\(s.textType)"
          ttl     = 60
          records = ["v=spf1 -all", "hello world"]
        }
        resource "aws_route53_record" "weighted" {
          zone_id         = aws_route53_zone.public.zone_id
          name            = "api.dnslc.prov-test.example."
          type            = "CNAME"
          ttl             = 60
          records         = ["backend.example.net"]
          set_identifier  = "blue"
          health_check_id = "\(healthCheck)"
          weighted_routing_policy {
            weight = \(s.weight)
          }
        }
        resource "aws_route53_record" "target" {
          zone_id = aws_route53_zone.public.zone_id
          name    = "target"
          type    = "A"
          ttl     = 60
          records = ["192.0.2.20"]
        }
        resource "aws_route53_record" "alias" {
          zone_id = aws_route53_zone.public.zone_id
          name    = "alias"
          type    = "A"
          alias {
            name                   = "${aws_route53_record.target.fqdn}."
            zone_id                = aws_route53_zone.public.zone_id
            evaluate_target_health = true
          }
        }
        resource "aws_route53_record" "geo" {
          zone_id        = aws_route53_zone.public.zone_id
          name           = "geo"
          type           = "A"
          ttl            = 60
          records        = ["192.0.2.30"]
          set_identifier = "germany"
          geolocation_routing_policy {
            country = "DE"
          }
        }
        resource "aws_route53_record" "latency" {
          zone_id        = aws_route53_zone.public.zone_id
          name           = "latency"
          type           = "A"
          ttl            = 60
          records        = ["192.0.2.31"]
          set_identifier = "ireland"
          latency_routing_policy {
            region = "eu-west-1"
          }
        }
        resource "aws_route53_record" "failover" {
          zone_id        = aws_route53_zone.public.zone_id
          name           = "failover"
          type           = "A"
          ttl            = 60
          records        = ["192.0.2.32"]
          set_identifier = "primary"
          failover_routing_policy {
            type = "PRIMARY"
          }
        }
        resource "aws_route53_record" "multi" {
          zone_id                          = aws_route53_zone.public.zone_id
          name                             = "multi"
          type                             = "A"
          ttl                              = 60
          records                          = ["192.0.2.33"]
          set_identifier                   = "first"
          multivalue_answer_routing_policy = true
        }
        """ + (s.takeOverRecord ? """

        resource "aws_route53_record" "taken" {
          zone_id         = aws_route53_zone.public.zone_id
          name            = "taken"
          type            = "A"
          ttl             = 60
          records         = ["192.0.2.50"]
          allow_overwrite = true
        }
        """ : "")
    }

    /// The record sets of a zone as boto3 sees them, by name and type.
    static func recordSets(_ lifecycle: ResourceLifecycle, zone: String) throws -> [String: [String: Any]] {
        let sets = try lifecycle.oracle("route53", "list_resource_record_sets", ["HostedZoneId": zone]).response?["ResourceRecordSets"] as? [[String: Any]] ?? []
        var byKey: [String: [String: Any]] = [:]
        for set in sets {
            byKey["\(set["Name"] as? String ?? "") \(set["Type"] as? String ?? "")"] = set
        }
        return byKey
    }

    static func values(_ set: [String: Any]?) -> [String] {
        ((set?["ResourceRecords"] as? [[String: Any]]) ?? []).compactMap { $0["Value"] as? String }.sorted()
    }

    @Test func zonesAndRecordsThroughTheirLife() throws {
        let lifecycle = try ResourceLifecycle(enforceSignatures: false)
        let healthCheck = try #require(try lifecycle.oracle("route53", "create_health_check", [
            "CallerReference": UUID().uuidString,
            "HealthCheckConfig": ["Type": "HTTP", "FullyQualifiedDomainName": "backend.example.net", "Port": 80, "ResourcePath": "/"],
        ]).response?["HealthCheck"] as? [String: Any])["Id"] as? String
        let healthCheckID = try #require(healthCheck)
        var settings = Settings()
        try lifecycle.apply(Self.configuration(settings, healthCheck: healthCheckID))
        try lifecycle.expectNoChanges()

        // Read back: the name as the provider keeps it, the exported attributes, and AWS's view.
        let zoneID = try #require(try lifecycle.attribute("aws_route53_zone.public", "zone_id") as? String)
        let privateID = try #require(try lifecycle.attribute("aws_route53_zone.private", "zone_id") as? String)
        let zone = try #require(try lifecycle.values("aws_route53_zone.public"))
        #expect(zone["id"] as? String == zoneID)
        #expect(zone["name"] as? String == "dnslc.prov-test.example")
        #expect(zone["arn"] as? String == "arn:aws:route53:::hostedzone/\(zoneID)")
        let nameServers = try #require(zone["name_servers"] as? [String])
        #expect(nameServers.count == 4 && nameServers == nameServers.sorted())
        #expect(nameServers.contains(zone["primary_name_server"] as? String ?? "-"))
        let described = try lifecycle.oracle("route53", "get_hosted_zone", ["Id": zoneID]).response
        #expect((described?["HostedZone"] as? [String: Any])?["Name"] as? String == "dnslc.prov-test.example.")
        #expect(((described?["HostedZone"] as? [String: Any])?["Config"] as? [String: Any])?["Comment"] as? String == "first")
        #expect(Set((described?["DelegationSet"] as? [String: Any])?["NameServers"] as? [String] ?? []) == Set(nameServers))
        let privateZone = try lifecycle.oracle("route53", "get_hosted_zone", ["Id": privateID]).response
        #expect(((privateZone?["HostedZone"] as? [String: Any])?["Config"] as? [String: Any])?["PrivateZone"] as? Bool == true)
        #expect((privateZone?["VPCs"] as? [[String: Any]])?.count == 1)
        let vpcs = try #require(try lifecycle.attribute("aws_route53_zone.private", "vpc") as? [[String: Any]])
        #expect(vpcs.first?["vpc_region"] as? String == "eu-west-1")
        let tags = try lifecycle.oracle("route53", "list_tags_for_resource", ["ResourceType": "hostedzone", "ResourceId": zoneID]).response
        #expect(((tags?["ResourceTagSet"] as? [String: Any])?["Tags"] as? [[String: Any]])?.first?["Value"] as? String == "a")

        #expect(try lifecycle.attribute("aws_route53_record.www", "id") as? String == "\(zoneID)_www_A")
        #expect(try lifecycle.attribute("aws_route53_record.www", "fqdn") as? String == "www.dnslc.prov-test.example")
        #expect(try lifecycle.attribute("aws_route53_record.weighted", "id") as? String == "\(zoneID)_api.dnslc.prov-test.example_CNAME_blue")
        #expect(try lifecycle.attribute("aws_route53_record.weighted", "name") as? String == "api.dnslc.prov-test.example")
        var sets = try Self.recordSets(lifecycle, zone: zoneID)
        #expect(Self.values(sets["www.dnslc.prov-test.example. A"]) == ["192.0.2.10", "192.0.2.11"])
        #expect(sets["www.dnslc.prov-test.example. A"]?["TTL"] as? Int == 300)
        #expect(Self.values(sets["text.dnslc.prov-test.example. TXT"]) == ["\"hello world\"", "\"v=spf1 -all\""])
        #expect(sets["api.dnslc.prov-test.example. CNAME"]?["Weight"] as? Int == 10)
        #expect(sets["api.dnslc.prov-test.example. CNAME"]?["HealthCheckId"] as? String == healthCheckID)
        let alias = sets["alias.dnslc.prov-test.example. A"]?["AliasTarget"] as? [String: Any]
        #expect(alias?["HostedZoneId"] as? String == zoneID)
        #expect(alias?["EvaluateTargetHealth"] as? Bool == true)
        #expect((sets["geo.dnslc.prov-test.example. A"]?["GeoLocation"] as? [String: Any])?["CountryCode"] as? String == "DE")
        #expect(sets["latency.dnslc.prov-test.example. A"]?["Region"] as? String == "eu-west-1")
        #expect(sets["failover.dnslc.prov-test.example. A"]?["Failover"] as? String == "PRIMARY")
        #expect(sets["multi.dnslc.prov-test.example. A"]?["MultiValueAnswer"] as? Bool == true)
        let aliasBlock = try lifecycle.attribute("aws_route53_record.alias", "alias") as? [[String: Any]]
        #expect(aliasBlock?.first?["name"] as? String == "target.dnslc.prov-test.example")

        // In place: comment, tags and a second VPC on the zones; TTL, values and weight by
        // UPSERT; a new type deletes the old record set in the same batch (and renames the id).
        settings.comment = "second"
        settings.owner = "b"
        settings.privateVPCs = ["one", "two"]
        settings.wwwTTL = 600
        settings.wwwRecords = ["192.0.2.12"]
        settings.weight = 20
        settings.textType = "SPF"
        // allow_overwrite: a record made outside prov is taken over (UPSERT) instead of refused.
        settings.takeOverRecord = true
        _ = try lifecycle.oracle("route53", "change_resource_record_sets", [
            "HostedZoneId": zoneID,
            "ChangeBatch": ["Changes": [["Action": "CREATE", "ResourceRecordSet": [
                "Name": "taken.dnslc.prov-test.example", "Type": "A", "TTL": 300, "ResourceRecords": [["Value": "192.0.2.99"]],
            ]]]],
        ])
        try lifecycle.apply(Self.configuration(settings, healthCheck: healthCheckID))
        try lifecycle.expectNoChanges()
        #expect(try lifecycle.attribute("aws_route53_zone.public", "zone_id") as? String == zoneID)
        #expect(try lifecycle.attribute("aws_route53_zone.private", "zone_id") as? String == privateID)
        #expect(try lifecycle.attribute("aws_route53_record.www", "id") as? String == "\(zoneID)_www_A")
        #expect(try lifecycle.attribute("aws_route53_record.text", "id") as? String == "\(zoneID)_text.dnslc.prov-test.example_SPF")
        let updated = try lifecycle.oracle("route53", "get_hosted_zone", ["Id": zoneID]).response
        #expect(((updated?["HostedZone"] as? [String: Any])?["Config"] as? [String: Any])?["Comment"] as? String == "second")
        let updatedTags = try lifecycle.oracle("route53", "list_tags_for_resource", ["ResourceType": "hostedzone", "ResourceId": zoneID]).response
        #expect(((updatedTags?["ResourceTagSet"] as? [String: Any])?["Tags"] as? [[String: Any]])?.first?["Value"] as? String == "b")
        #expect((try lifecycle.oracle("route53", "get_hosted_zone", ["Id": privateID]).response?["VPCs"] as? [[String: Any]])?.count == 2)
        sets = try Self.recordSets(lifecycle, zone: zoneID)
        #expect(Self.values(sets["www.dnslc.prov-test.example. A"]) == ["192.0.2.12"])
        #expect(sets["www.dnslc.prov-test.example. A"]?["TTL"] as? Int == 600)
        #expect(sets["api.dnslc.prov-test.example. CNAME"]?["Weight"] as? Int == 20)
        #expect(sets["text.dnslc.prov-test.example. TXT"] == nil)
        #expect(Self.values(sets["text.dnslc.prov-test.example. SPF"]) == ["\"hello world\"", "\"v=spf1 -all\""])
        #expect(Self.values(sets["taken.dnslc.prov-test.example. A"]) == ["192.0.2.50"])
        #expect(sets["taken.dnslc.prov-test.example. A"]?["TTL"] as? Int == 60)

        // In place: a VPC left out is disassociated; the zone keeps the other one.
        settings.privateVPCs = ["two"]
        try lifecycle.apply(Self.configuration(settings, healthCheck: healthCheckID))
        try lifecycle.expectNoChanges()
        #expect(try lifecycle.attribute("aws_route53_zone.private", "zone_id") as? String == privateID)
        let remaining = try lifecycle.oracle("route53", "get_hosted_zone", ["Id": privateID]).response?["VPCs"] as? [[String: Any]]
        let vpcTwo = try lifecycle.attribute("aws_vpc.two", "id") as? String
        #expect(remaining?.count == 1 && remaining?.first?["VPCId"] as? String == vpcTwo)

        // Replace: a zone's and a record's names force new ones.
        settings.privateName = "private2.dnslc.prov-test.example"
        settings.wwwName = "www2"
        try lifecycle.apply(Self.configuration(settings, healthCheck: healthCheckID))
        try lifecycle.expectNoChanges()
        let newPrivateID = try #require(try lifecycle.attribute("aws_route53_zone.private", "zone_id") as? String)
        #expect(newPrivateID != privateID)
        if case .error(let code, _) = try lifecycle.oracle("route53", "get_hosted_zone", ["Id": privateID]) {
            #expect(code == "NoSuchHostedZone")
        } else {
            Issue.record("the replaced private zone still exists")
        }
        #expect(try lifecycle.attribute("aws_route53_record.www", "id") as? String == "\(zoneID)_www2_A")
        sets = try Self.recordSets(lifecycle, zone: zoneID)
        #expect(sets["www.dnslc.prov-test.example. A"] == nil)
        #expect(Self.values(sets["www2.dnslc.prov-test.example. A"]) == ["192.0.2.12"])

        // Import by id: zones by zone id, records by ZONEID_NAME_TYPE[_SETIDENTIFIER].
        try lifecycle.reimport("aws_route53_zone.public", id: zoneID, configurationOnly: ["force_destroy"])
        try lifecycle.reimport("aws_route53_zone.private", id: newPrivateID)
        try lifecycle.reimport("aws_route53_record.www", id: "\(zoneID)_www2_A")
        try lifecycle.reimport("aws_route53_record.weighted", id: "\(zoneID)_api.dnslc.prov-test.example_CNAME_blue")
        try lifecycle.reimport("aws_route53_record.alias", id: "\(zoneID)_alias_A")
        try lifecycle.reimport("aws_route53_record.geo", id: "\(zoneID)_geo_A_germany")
        try lifecycle.reimport("aws_route53_record.text", id: "\(zoneID)_text.dnslc.prov-test.example_SPF")

        // force_destroy deletes what prov does not manage, so the zone can go.
        _ = try lifecycle.oracle("route53", "change_resource_record_sets", [
            "HostedZoneId": zoneID,
            "ChangeBatch": ["Changes": [["Action": "CREATE", "ResourceRecordSet": [
                "Name": "extra.dnslc.prov-test.example", "Type": "CNAME", "TTL": 60, "ResourceRecords": [["Value": "elsewhere.example.net"]],
            ]]]],
        ])
        try lifecycle.destroy()
        for id in [zoneID, newPrivateID] {
            if case .error(let code, _) = try lifecycle.oracle("route53", "get_hosted_zone", ["Id": id]) {
                #expect(code == "NoSuchHostedZone")
            } else {
                Issue.record("zone \(id) still exists")
            }
        }
    }

    @Test func hostedZoneDataSourceFindsZonesByIdNameAndVPC() throws {
        let lifecycle = try ResourceLifecycle(enforceSignatures: false)
        let vpc = try #require((try lifecycle.oracle("ec2", "create_vpc", ["CidrBlock": "10.233.0.0/16"]).response?["Vpc"] as? [String: Any])?["VpcId"] as? String)
        let publicZone = try #require(try lifecycle.oracle("route53", "create_hosted_zone", [
            "Name": "dnsds.prov-test.example", "CallerReference": UUID().uuidString, "HostedZoneConfig": ["Comment": "found by name"],
        ]).response)
        let publicID = ((publicZone["HostedZone"] as? [String: Any])?["Id"] as? String ?? "").replacingOccurrences(of: "/hostedzone/", with: "")
        _ = try lifecycle.oracle("route53", "change_tags_for_resource", ["ResourceType": "hostedzone", "ResourceId": publicID, "AddTags": [["Key": "Team", "Value": "dns"]]])
        let privateZone = try #require(try lifecycle.oracle("route53", "create_hosted_zone", [
            "Name": "dnsds.prov-test.example", "CallerReference": UUID().uuidString,
            "VPC": ["VPCRegion": "eu-west-1", "VPCId": vpc], "HostedZoneConfig": ["PrivateZone": true, "Comment": "private twin"],
        ]).response)
        let privateID = ((privateZone["HostedZone"] as? [String: Any])?["Id"] as? String ?? "").replacingOccurrences(of: "/hostedzone/", with: "")

        try lifecycle.apply("""
            data "aws_route53_zone" "by_name" {
              name = "DNSDS.prov-test.example."
              tags = { Team = "dns" }
            }
            data "aws_route53_zone" "by_id" {
              zone_id = "\(privateID)"
            }
            data "aws_route53_zone" "by_vpc" {
              name   = "dnsds.prov-test.example"
              vpc_id = "\(vpc)"
            }
            output "by_name" {
              value = data.aws_route53_zone.by_name
            }
            output "by_id" {
              value = data.aws_route53_zone.by_id
            }
            output "by_vpc" {
              value = data.aws_route53_zone.by_vpc.zone_id
            }
            """)
        let byName = try #require(try lifecycle.output("by_name"))
        #expect(byName["zone_id"] as? String == publicID)
        #expect(byName["name"] as? String == "dnsds.prov-test.example")
        #expect(byName["comment"] as? String == "found by name")
        #expect(byName["private_zone"] as? Bool == false)
        #expect(byName["arn"] as? String == "arn:aws:route53:::hostedzone/\(publicID)")
        #expect(byName["name_servers"] as? [String] == (publicZone["DelegationSet"] as? [String: Any])?["NameServers"] as? [String])
        #expect((byName["tags"] as? [String: String])?["Team"] == "dns")
        #expect(byName["caller_reference"] as? String == (publicZone["HostedZone"] as? [String: Any])?["CallerReference"] as? String)
        let count = (try lifecycle.oracle("route53", "get_hosted_zone", ["Id": publicID]).response?["HostedZone"] as? [String: Any])?["ResourceRecordSetCount"] as? Int
        #expect(byName["resource_record_set_count"] as? Int == count)
        let byID = try #require(try lifecycle.output("by_id"))
        #expect(byID["private_zone"] as? Bool == true)
        #expect(byID["comment"] as? String == "private twin")
        #expect((byID["name_servers"] as? [String])?.isEmpty == false)
        #expect(try lifecycle.outputs()["by_vpc"] as? String == privateID)

        for id in [publicID, privateID] {
            _ = try lifecycle.oracle("route53", "delete_hosted_zone", ["Id": id])
        }
        _ = try lifecycle.oracle("ec2", "delete_vpc", ["VpcId": vpc])
    }
}
