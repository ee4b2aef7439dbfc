import Foundation
import ResourceGraph
import Testing

@testable import Providers

/// Form bodies for shapes from the service models. Every expected body is what botocore's
/// serializer produces for the same input.
struct QueryParametersTests {
    struct BodyCase: CustomTestStringConvertible, Sendable {
        var name: String
        var service: AWSService
        var action: String
        var parameters: QueryParameters
        var body: String
        var testDescription: String { name }
    }

    static let cases: [BodyCase] = [
        BodyCase(
            name: "EC2 DescribeVpcs with filters and ids", service: .ec2, action: "DescribeVpcs",
            parameters: QueryParameters {
                $0.setList("Filter", [
                    QueryParameters { $0.set("Name", "tag:Name"); $0.setList("Value", ["prov test", "b&c"]) },
                    QueryParameters { $0.set("Name", "cidr-block"); $0.setList("Value", ["10.0.0.0/16"]) },
                ])
                $0.setList("VpcId", ["vpc-1", "vpc-2"])
                $0.set("MaxResults", 5)
            },
            body: "Action=DescribeVpcs&Version=2016-11-15&Filter.1.Name=tag%3AName&Filter.1.Value.1=prov+test"
                + "&Filter.1.Value.2=b%26c&Filter.2.Name=cidr-block&Filter.2.Value.1=10.0.0.0%2F16"
                + "&VpcId.1=vpc-1&VpcId.2=vpc-2&MaxResults=5"),
        BodyCase(
            name: "EC2 CreateVpc with tag specifications", service: .ec2, action: "CreateVpc",
            parameters: QueryParameters {
                $0.set("CidrBlock", "10.0.0.0/16")
                $0.setList("TagSpecification", [
                    QueryParameters { $0.set("ResourceType", "vpc"); $0.setTags("Tag", ["Name": "main"]) }
                ])
            },
            body: "Action=CreateVpc&Version=2016-11-15&CidrBlock=10.0.0.0%2F16&TagSpecification.1.ResourceType=vpc"
                + "&TagSpecification.1.Tag.1.Key=Name&TagSpecification.1.Tag.1.Value=main"),
        BodyCase(
            name: "IAM CreateRole with tags", service: .iam, action: "CreateRole",
            parameters: QueryParameters {
                $0.set("RoleName", "prov-role")
                $0.set("AssumeRolePolicyDocument", #"{"Version":"2012-10-17","Statement":[]}"#)
                $0.set("Path", "/")
                $0.setTags("Tags", ["team": "platform"])
            },
            body: "Action=CreateRole&Version=2010-05-08&RoleName=prov-role"
                + "&AssumeRolePolicyDocument=%7B%22Version%22%3A%222012-10-17%22%2C%22Statement%22%3A%5B%5D%7D"
                + "&Path=%2F&Tags.member.1.Key=team&Tags.member.1.Value=platform"),
        BodyCase(
            name: "RDS lists with member names from the model", service: .rds, action: "CreateDBInstance",
            parameters: QueryParameters {
                $0.set("DBInstanceIdentifier", "db1")
                $0.set("DBInstanceClass", "db.t3.micro")
                $0.set("Engine", "postgres")
                $0.setList("VpcSecurityGroupIds", ["sg-1", "sg-2"], memberName: "VpcSecurityGroupId")
                $0.setTags("Tags", ["a": "b"], memberName: "Tag")
            },
            body: "Action=CreateDBInstance&Version=2014-10-31&DBInstanceIdentifier=db1&DBInstanceClass=db.t3.micro"
                + "&Engine=postgres&VpcSecurityGroupIds.VpcSecurityGroupId.1=sg-1"
                + "&VpcSecurityGroupIds.VpcSecurityGroupId.2=sg-2&Tags.Tag.1.Key=a&Tags.Tag.1.Value=b"),
        BodyCase(
            name: "ELBv2 member lists", service: .elbv2, action: "CreateLoadBalancer",
            parameters: QueryParameters {
                $0.set("Name", "lb")
                $0.setList("Subnets", ["subnet-1", "subnet-2"])
                $0.setTags("Tags", ["k": "v"])
            },
            body: "Action=CreateLoadBalancer&Version=2015-12-01&Name=lb&Subnets.member.1=subnet-1"
                + "&Subnets.member.2=subnet-2&Tags.member.1.Key=k&Tags.member.1.Value=v"),
        BodyCase(
            name: "ELBv2 map inside nested structures", service: .elbv2, action: "ModifyListener",
            parameters: QueryParameters {
                $0.set("ListenerArn", "arn")
                $0.setList("DefaultActions", [
                    QueryParameters {
                        $0.set("Type", "authenticate-oidc")
                        $0.set("AuthenticateOidcConfig", QueryParameters {
                            $0.set("Issuer", "i")
                            $0.set("AuthorizationEndpoint", "a")
                            $0.set("TokenEndpoint", "t")
                            $0.set("UserInfoEndpoint", "u")
                            $0.set("ClientId", "c")
                            $0.setMap("AuthenticationRequestExtraParams", ["prompt": "login", "display": "page"])
                        })
                    }
                ])
            },
            body: "Action=ModifyListener&Version=2015-12-01&ListenerArn=arn&DefaultActions.member.1.Type=authenticate-oidc"
                + "&DefaultActions.member.1.AuthenticateOidcConfig.Issuer=i"
                + "&DefaultActions.member.1.AuthenticateOidcConfig.AuthorizationEndpoint=a"
                + "&DefaultActions.member.1.AuthenticateOidcConfig.TokenEndpoint=t"
                + "&DefaultActions.member.1.AuthenticateOidcConfig.UserInfoEndpoint=u"
                + "&DefaultActions.member.1.AuthenticateOidcConfig.ClientId=c"
                + "&DefaultActions.member.1.AuthenticateOidcConfig.AuthenticationRequestExtraParams.entry.1.key=display"
                + "&DefaultActions.member.1.AuthenticateOidcConfig.AuthenticationRequestExtraParams.entry.1.value=page"
                + "&DefaultActions.member.1.AuthenticateOidcConfig.AuthenticationRequestExtraParams.entry.2.key=prompt"
                + "&DefaultActions.member.1.AuthenticateOidcConfig.AuthenticationRequestExtraParams.entry.2.value=login"),
        BodyCase(
            name: "query protocol sends an empty list to clear it", service: .autoScaling,
            action: "UpdateAutoScalingGroup",
            parameters: QueryParameters {
                $0.set("AutoScalingGroupName", "g")
                $0.set("VPCZoneIdentifier", "a,b")
                $0.setList("TerminationPolicies", [String]())
            },
            body: "Action=UpdateAutoScalingGroup&Version=2011-01-01&AutoScalingGroupName=g&VPCZoneIdentifier=a%2Cb"
                + "&TerminationPolicies="),
        BodyCase(
            name: "EC2 leaves an empty list out", service: .ec2, action: "DescribeVpcs",
            parameters: QueryParameters { $0.setList("VpcId", [String]()) },
            body: "Action=DescribeVpcs&Version=2016-11-15"),
        BodyCase(
            name: "CloudWatch numbers and booleans", service: .cloudWatch, action: "PutMetricAlarm",
            parameters: QueryParameters {
                $0.set("AlarmName", "a")
                $0.set("MetricName", "CPU")
                $0.set("Namespace", "AWS/EC2")
                $0.set("Statistic", "Average")
                $0.set("Period", 60)
                $0.set("EvaluationPeriods", 1)
                $0.set("Threshold", Number(parsing: "80.5"))
                $0.set("ComparisonOperator", "GreaterThanThreshold")
                $0.setList("Dimensions", [QueryParameters { $0.set("Name", "InstanceId"); $0.set("Value", "i-1") }])
                $0.set("ActionsEnabled", true)
            },
            body: "Action=PutMetricAlarm&Version=2010-08-01&AlarmName=a&MetricName=CPU&Namespace=AWS%2FEC2"
                + "&Statistic=Average&Period=60&EvaluationPeriods=1&Threshold=80.5&ComparisonOperator=GreaterThanThreshold"
                + "&Dimensions.member.1.Name=InstanceId&Dimensions.member.1.Value=i-1&ActionsEnabled=true"),
        BodyCase(
            name: "spaces as plus, a plus escaped", service: .rds, action: "CreateDBSubnetGroup",
            parameters: QueryParameters {
                $0.set("DBSubnetGroupName", "g")
                $0.set("DBSubnetGroupDescription", "Managed by Terraform a+b")
            },
            body: "Action=CreateDBSubnetGroup&Version=2014-10-31&DBSubnetGroupName=g"
                + "&DBSubnetGroupDescription=Managed+by+Terraform+a%2Bb"),
        BodyCase(
            name: "unset optionals are left out", service: .iam, action: "UpdateRole",
            parameters: QueryParameters {
                $0.set("RoleName", "r")
                $0.set("Description", String?.none)
                $0.set("MaxSessionDuration", Int?.none)
                $0.setTags("Tags", nil)
            },
            body: "Action=UpdateRole&Version=2010-05-08&RoleName=r"),
    ]

    @Test(arguments: cases)
    func encodesLikeBotocore(_ testCase: BodyCase) {
        let body = testCase.parameters.formBody(
            action: testCase.action, version: testCase.service.apiVersion, apiProtocol: testCase.service.apiProtocol)
        #expect(body == testCase.body)
    }

    @Test func settingAParameterAgainReplacesItInPlace() {
        var parameters = QueryParameters()
        parameters.set("NextToken", "first")
        parameters.set("MaxResults", 5)
        parameters.set("NextToken", "second")
        #expect(parameters.flattened(for: .ec2).map { "\($0.name)=\($0.value)" } == ["NextToken=second", "MaxResults=5"])
    }

    @Test func encodesTimestampsAndBlobs() {
        var parameters = QueryParameters()
        parameters.set("StartTime", Date(timeIntervalSince1970: 1_715_933_350))
        parameters.set("UserData", Data("#!/bin/sh\n".utf8))
        #expect(parameters.flattened(for: .query).map(\.value) == ["2024-05-17T08:09:10Z", "IyEvYmluL3NoCg=="])
    }
}
