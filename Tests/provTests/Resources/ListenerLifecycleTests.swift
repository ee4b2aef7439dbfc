import Foundation
import Testing
import TestSupport

/// aws_lb_listener and aws_lb_listener_rule (and their aws_alb names) through their whole
/// life: forward, weighted forward, redirect and fixed-response actions; an HTTPS listener's
/// certificate, policies and attributes; conditions; rule
/// priorities chosen by AWS or the configuration; a new listener on another load balancer.
@Suite struct ListenerLifecycleTests {
    struct Settings {
        var loadBalancer = "one"
        var defaultAction = """
        default_action {
            type             = "forward"
            target_group_arn = aws_lb_target_group.blue.arn
          }
        """
        var apiPriority = ""
        var apiPaths = #""/api/*""#
        var tag = "first"
        var certificate = ""
        var serverHeader = true
    }

    static func configuration(_ settings: Settings) -> String {
        """
        resource "aws_vpc" "lb" {
          cidr_block = "10.83.0.0/16"
        }
        resource "aws_subnet" "a" {
          vpc_id            = aws_vpc.lb.id
          cidr_block        = "10.83.1.0/24"
          availability_zone = "eu-west-1a"
        }
        resource "aws_subnet" "b" {
          vpc_id            = aws_vpc.lb.id
          cidr_block        = "10.83.2.0/24"
          availability_zone = "eu-west-1b"
        }
        resource "aws_lb" "one" {
          name     = "prov-lblc-listener-one"
          internal = true
          subnets  = [aws_subnet.a.id, aws_subnet.b.id]
        }
        resource "aws_lb" "two" {
          name     = "prov-lblc-listener-two"
          internal = true
          subnets  = [aws_subnet.a.id, aws_subnet.b.id]
        }
        resource "aws_lb_target_group" "blue" {
          name     = "prov-lblc-listener-blue"
          port     = 80
          protocol = "HTTP"
          vpc_id   = aws_vpc.lb.id
        }
        resource "aws_lb_target_group" "green" {
          name     = "prov-lblc-listener-green"
          port     = 80
          protocol = "HTTP"
          vpc_id   = aws_vpc.lb.id
        }
        resource "aws_lb_listener" "http" {
          load_balancer_arn = aws_lb.\(settings.loadBalancer).arn
          port              = 80
          \(settings.defaultAction)
          tags = { Name = "\(settings.tag)" }
        }
        resource "aws_lb_listener" "https" {
          load_balancer_arn                    = aws_lb.one.arn
          port                                 = 443
          certificate_arn                      = "\(settings.certificate)"
          ssl_policy                           = "ELBSecurityPolicy-TLS13-1-2-2021-06"
          alpn_policy                          = "HTTP2Preferred"
          routing_http_response_server_enabled = \(settings.serverHeader)
          default_action {
            type = "fixed-response"
            fixed_response {
              content_type = "application/json"
              message_body = "{}"
              status_code  = "503"
            }
          }
        }
        resource "aws_alb_listener" "redirect" {
          load_balancer_arn = aws_lb.one.arn
          port              = 8080
          protocol          = "HTTP"
          default_action {
            type = "redirect"
            redirect {
              port        = "80"
              status_code = "HTTP_301"
            }
          }
        }
        resource "aws_lb_listener_rule" "api" {
          listener_arn = aws_lb_listener.http.arn
          \(settings.apiPriority)
          action {
            type             = "forward"
            target_group_arn = aws_lb_target_group.green.arn
          }
          condition {
            path_pattern {
              values = [\(settings.apiPaths)]
            }
          }
          condition {
            http_request_method {
              values = ["GET", "POST"]
            }
          }
          tags = { Name = "api-\(settings.tag)" }
        }
        resource "aws_alb_listener_rule" "static" {
          listener_arn = aws_lb_listener.http.arn
          action {
            type = "fixed-response"
            fixed_response {
              content_type = "text/plain"
              message_body = "static"
              status_code  = "200"
            }
          }
          condition {
            host_header {
              values = ["static.example.com"]
            }
          }
          condition {
            query_string {
              key   = "v"
              value = "1"
            }
            query_string {
              value = "plain"
            }
          }
          condition {
            source_ip {
              values = ["10.83.0.0/16"]
            }
          }
          condition {
            http_header {
              http_header_name = "X-Env"
              values           = ["test"]
            }
          }
        }
        """
    }

    @Test func createReadUpdateReplaceImportDelete() throws {
        let lifecycle = try ResourceLifecycle()
        let oracle = ELBv2Oracle(lifecycle)
        var settings = Settings()
        let certificates = try ["one", "two"].map { name in
            try #require(try lifecycle.oracle("acm", "request_certificate", ["DomainName": "\(name).prov-lblc.example.com"]).response?["CertificateArn"] as? String)
        }
        settings.certificate = certificates[0]
        try lifecycle.apply(Self.configuration(settings))
        try lifecycle.expectNoChanges()

        let blue = try #require(try lifecycle.attribute("aws_lb_target_group.blue", "arn") as? String)
        let green = try #require(try lifecycle.attribute("aws_lb_target_group.green", "arn") as? String)
        let http = try #require(try lifecycle.values("aws_lb_listener.http"))
        let httpARN = try #require(http["arn"] as? String)
        #expect(http["id"] as? String == httpARN)
        // An application load balancer's listener defaults to HTTP.
        #expect(http["protocol"] as? String == "HTTP")
        var listener = try #require(try oracle.listener(httpARN))
        #expect(listener["Port"] as? Int == 80)
        #expect(listener["Protocol"] as? String == "HTTP")
        var action = try #require((listener["DefaultActions"] as? [[String: Any]])?.first)
        #expect(action["Type"] as? String == "forward")
        #expect(action["TargetGroupArn"] as? String == blue)
        #expect(try oracle.tags(httpARN) == ["Name": "first"])

        let redirectARN = try #require(try lifecycle.attribute("aws_alb_listener.redirect", "arn") as? String)
        let redirect = try #require(((try oracle.listener(redirectARN))?["DefaultActions"] as? [[String: Any]])?.first?["RedirectConfig"] as? [String: Any])
        #expect(redirect["StatusCode"] as? String == "HTTP_301")
        #expect(redirect["Port"] as? String == "80")
        #expect(redirect["Host"] as? String == "#{host}")

        // A listener with a certificate defaults to HTTPS.
        let httpsARN = try #require(try lifecycle.attribute("aws_lb_listener.https", "arn") as? String)
        #expect(try lifecycle.attribute("aws_lb_listener.https", "protocol") as? String == "HTTPS")
        var https = try #require(try oracle.listener(httpsARN))
        #expect(https["Protocol"] as? String == "HTTPS")
        #expect(https["SslPolicy"] as? String == "ELBSecurityPolicy-TLS13-1-2-2021-06")
        #expect(https["AlpnPolicy"] as? [String] == ["HTTP2Preferred"])
        #expect((https["Certificates"] as? [[String: Any]])?.first?["CertificateArn"] as? String == certificates[0])
        #expect(try oracle.listenerAttributes(httpsARN)["routing.http.response.server.enabled"] == "true")

        // Rules without a priority take the next free ones.
        let apiARN = try #require(try lifecycle.attribute("aws_lb_listener_rule.api", "arn") as? String)
        let staticARN = try #require(try lifecycle.attribute("aws_alb_listener_rule.static", "arn") as? String)
        #expect(try lifecycle.attribute("aws_lb_listener_rule.api", "listener_arn") as? String == httpARN)
        let priorities = Set([try lifecycle.attribute("aws_lb_listener_rule.api", "priority") as? Int, try lifecycle.attribute("aws_alb_listener_rule.static", "priority") as? Int])
        #expect(priorities == [1, 2])
        var api = try #require(try oracle.rule(apiARN))
        #expect(api["Priority"] as? String == String((try lifecycle.attribute("aws_lb_listener_rule.api", "priority") as? Int) ?? 0))
        #expect((api["Actions"] as? [[String: Any]])?.first?["TargetGroupArn"] as? String == green)
        let fields = Set((api["Conditions"] as? [[String: Any]] ?? []).compactMap { $0["Field"] as? String })
        #expect(fields == ["path-pattern", "http-request-method"])
        let staticRule = try #require(try oracle.rule(staticARN))
        #expect(Set((staticRule["Conditions"] as? [[String: Any]] ?? []).compactMap { $0["Field"] as? String }) == ["host-header", "query-string", "source-ip", "http-header"])
        #expect((staticRule["Actions"] as? [[String: Any]])?.first?["FixedResponseConfig"].flatMap { ($0 as? [String: Any])?["MessageBody"] as? String } == "static")

        // In place: a weighted forward with stickiness, a chosen priority, other paths, tags.
        settings.defaultAction = """
        default_action {
            type = "forward"
            forward {
              target_group {
                arn    = aws_lb_target_group.blue.arn
                weight = 80
              }
              target_group {
                arn    = aws_lb_target_group.green.arn
                weight = 20
              }
              stickiness {
                enabled  = true
                duration = 600
              }
            }
          }
        """
        settings.certificate = certificates[1]
        settings.serverHeader = false
        settings.apiPriority = "priority = 100"
        settings.apiPaths = #""/api/*", "/v2/*""#
        settings.tag = "second"
        try lifecycle.apply(Self.configuration(settings))
        try lifecycle.expectNoChanges()
        #expect(try lifecycle.attribute("aws_lb_listener.http", "id") as? String == httpARN)
        #expect(try lifecycle.attribute("aws_lb_listener_rule.api", "id") as? String == apiARN)
        listener = try #require(try oracle.listener(httpARN))
        action = try #require((listener["DefaultActions"] as? [[String: Any]])?.first)
        let forward = try #require(action["ForwardConfig"] as? [String: Any])
        let weights = Dictionary(uniqueKeysWithValues: (forward["TargetGroups"] as? [[String: Any]] ?? []).compactMap { group in
            (group["TargetGroupArn"] as? String).map { ($0, group["Weight"] as? Int ?? -1) }
        })
        #expect(weights == [blue: 80, green: 20])
        #expect((forward["TargetGroupStickinessConfig"] as? [String: Any])?["DurationSeconds"] as? Int == 600)
        #expect(try oracle.tags(httpARN) == ["Name": "second"])
        api = try #require(try oracle.rule(apiARN))
        #expect(api["Priority"] as? String == "100")
        let paths = (api["Conditions"] as? [[String: Any]] ?? []).first { $0["Field"] as? String == "path-pattern" }
        #expect(Set((paths?["PathPatternConfig"] as? [String: Any])?["Values"] as? [String] ?? []) == ["/api/*", "/v2/*"])
        #expect(try oracle.tags(apiARN) == ["Name": "api-second"])
        #expect(try lifecycle.attribute("aws_lb_listener.https", "id") as? String == httpsARN)
        https = try #require(try oracle.listener(httpsARN))
        #expect((https["Certificates"] as? [[String: Any]])?.first?["CertificateArn"] as? String == certificates[1])
        #expect(try oracle.listenerAttributes(httpsARN)["routing.http.response.server.enabled"] == "false")

        try lifecycle.reimport("aws_lb_listener.http", id: httpARN)
        try lifecycle.reimport("aws_alb_listener.redirect", id: redirectARN)
        try lifecycle.reimport("aws_lb_listener.https", id: httpsARN)
        try lifecycle.reimport("aws_lb_listener_rule.api", id: apiARN)
        try lifecycle.reimport("aws_alb_listener_rule.static", id: staticARN)

        // Replace: a listener on the other load balancer is a new listener, and its rules new
        // rules; the old listener is deleted.
        settings.loadBalancer = "two"
        try lifecycle.apply(Self.configuration(settings))
        try lifecycle.expectNoChanges()
        let movedARN = try #require(try lifecycle.attribute("aws_lb_listener.http", "arn") as? String)
        #expect(movedARN != httpARN)
        #expect(try oracle.listener(movedARN)?["LoadBalancerArn"] as? String == (try lifecycle.attribute("aws_lb.two", "arn") as? String))
        let movedRule = try #require(try lifecycle.attribute("aws_lb_listener_rule.api", "arn") as? String)
        #expect(movedRule != apiARN)
        #expect(try oracle.rule(movedRule)?["Priority"] as? String == "100")
        #expect(try oracle.isGone("describe_listeners", ["ListenerArns": [httpARN]], code: "ListenerNotFound"))

        try lifecycle.destroy()
        #expect(try oracle.isGone("describe_listeners", ["ListenerArns": [movedARN]], code: "ListenerNotFound"))
        #expect(try oracle.isGone("describe_target_groups", ["TargetGroupArns": [blue]], code: "TargetGroupNotFound"))
    }

    /// The provider's plan-time checks of actions.
    @Test func refusesAnActionWithoutItsBlock() throws {
        let lifecycle = try ResourceLifecycle()
        try lifecycle.write("""
        resource "aws_lb_listener" "bad" {
          load_balancer_arn = "arn:aws:elasticloadbalancing:eu-west-1:123456789012:loadbalancer/app/prov-lblc-none/0123456789abcdef"
          port              = 80
          default_action {
            type = "redirect"
          }
        }
        """)
        let plan = try lifecycle.plan()
        #expect(plan.status != 0)
        #expect(plan.output.contains("default_action[0].redirect"), "\(plan.output)")
    }
}
