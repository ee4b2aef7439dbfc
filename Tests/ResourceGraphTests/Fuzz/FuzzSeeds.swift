/// Hand-written configurations for the fuzz corpus. Together they use every piece of the
/// native syntax (blocks, labels, single-line blocks, comments, every operator, templates with
/// directives and strip markers, heredocs, escapes, `for` expressions, splats, legacy indexes,
/// namespaced and expanded function calls) and every kind of declaration and reference, so
/// mutations start near every path through the front end.
enum FuzzSeeds {
    static let configurations: [String] = [
        #"""
        # Line comment
        // Another line comment
        /* A block
           comment */
        terraform {
          required_version = ">= 1.5"
          required_providers {
            aws = { source = "hashicorp/aws", version = "~> 5.0" }
          }
          backend "local" {
            path = "state.db"
          }
        }

        provider "aws" {
          region = var.region
          alias  = "west"
        }

        variable "region" {
          type        = string
          default     = "eu-west-1"
          description = "Where."
          sensitive   = false
          nullable    = false
          validation {
            condition     = can(regex("^[a-z]+-[a-z]+-[0-9]$", var.region))
            error_message = "The region ${var.region} is not valid."
          }
        }

        variable "settings" {
          type = map(object({
            name  = string
            size  = optional(number, 1)
            tags  = optional(map(string), {})
            ports = list(number)
            pair  = tuple([string, bool])
            any   = any
            set   = set(string)
          }))
          default = {}
        }
        """#,
        #"""
        locals {
          numbers    = [1, 2.5, -3, 1e3, 0.5E-2, 007]
          strings    = ["plain", "esc\"aped\\ \t \n \u00e9 \U0001F600", "$${literal} %%{literal}"]
          object     = { a = 1, "b c" = 2, (local.key) = 3, d: 4 }
          arithmetic = (1 + 2) * 3 / 4 % 5 - -6
          logic      = !true || false && (1 < 2) == (3 >= 4) != (5 <= 6) || 7 > 8
          choice     = var.flag ? "yes" : "no"
          nested     = local.object.a[0]["key"].b.0.1
          splat      = aws_instance.web[*].id
          attr_splat = aws_instance.web.*.private_ip
          full_splat = var.list[*].inner[0].name
          tuple_for  = [for i, v in local.numbers : v * 2 if i > 0]
          object_for = { for k, v in local.object : upper(k) => v... if v != null }
          call       = format("%s-%03d", join(",", local.strings), length(local.numbers))
          expanded   = max(local.numbers...)
          namespaced = provider::aws::arn_parse("arn:aws:iam::123:role/x")
          core       = core::length([1, 2])
          template   = "prefix-${local.choice}-%{ if var.flag }on%{ else }off%{ endif }-suffix"
          loop       = "%{ for i, s in local.strings ~}${i}:${s},%{ endfor ~}"
          strip      = "a ${~ local.choice ~} b"
          heredoc    = <<EOT
        Hello ${var.name}!
        %{ for s in local.strings }
          - ${s}
        %{ endfor }
        EOT
          indented   = <<-EOT
            first
              second ${local.call}
            third
            EOT
          key        = "k"
          json       = jsonencode({ list = local.numbers, map = { x = "y" } })
        }
        """#,
        #"""
        resource "aws_vpc" "main" {
          cidr_block = "10.0.0.0/16"
          tags       = { Name = "main-${terraform.workspace}" }
        }

        resource "aws_subnet" "public" {
          count             = 2
          vpc_id            = aws_vpc.main.id
          cidr_block        = cidrsubnet(aws_vpc.main.cidr_block, 8, count.index)
          availability_zone = data.aws_availability_zones.available.names[count.index]
          depends_on        = [aws_vpc.main]

          lifecycle {
            create_before_destroy = true
            prevent_destroy       = false
            ignore_changes        = [tags["Name"], cidr_block]
            replace_triggered_by  = [aws_vpc.main.id]
            precondition {
              condition     = count.index < 2
              error_message = "Too many."
            }
            postcondition {
              condition     = self.id != ""
              error_message = "No id for ${self.arn}."
            }
          }
        }

        resource "aws_security_group" "web" {
          for_each = toset(["a", "b"])
          name     = "web-${each.key}-${each.value}"
          provider = aws.west

          dynamic "ingress" {
            for_each = var.ports
            iterator = port
            content {
              from_port = port.value
              to_port   = port.key
            }
          }
          egress { cidr_blocks = ["0.0.0.0/0"] }
        }

        data "aws_availability_zones" "available" {
          state = "available"
        }
        """#,
        #"""
        module "network" {
          source    = "./modules/network"
          count     = 1
          cidr      = var.cidr
          providers = { aws = aws.west }
        }

        module "each" {
          source     = "../shared"
          for_each   = { a = 1, b = 2 }
          name       = each.key
          depends_on = [module.network]
        }

        output "vpc_id" {
          value       = module.network[0].vpc_id
          description = "The VPC."
          sensitive   = true
          depends_on  = [aws_vpc.main]
          precondition {
            condition     = length(module.network) > 0
            error_message = "No network."
          }
        }

        output "paths" {
          value = [path.module, path.root, path.cwd, terraform.workspace]
        }
        """#,
        // References that fail in every way the graph builder checks.
        #"""
        locals {
          a    = local.b
          b    = local.c
          c    = local.a
          me   = local.me
          cnt  = count.index
          each = each.value
          self = self.id
          bad  = var
          typo = var.regin
        }
        resource "x_thing" "a" {
          name = x_thing.a.id
          other = x_thing.b.id
          mod = module.missing.out
          data = data.x_lookup.none.id
        }
        variable "regin" {
          validation {
            condition     = var.other == var.regin
            error_message = "x"
          }
        }
        """#,
        // Single-line blocks, bare labels and odd spacing.
        "a {}\nb \"x\" { c = 1 }\nc d e { f = [\n  1,\n  2,\n] }\ng = {\n  h = 1,\n  i = 2\n}\n\r\nj\t=\t\"tab\"\r\n",
        // Deeply nested but within limits.
        "a = " + String(repeating: "[", count: 60) + String(repeating: "]", count: 60) + "\nb = " + String(repeating: "(", count: 60) + "1" + String(repeating: ")", count: 60) + "\n",
        // Functions of every family, with arguments of the right and wrong kinds.
        #"""
        locals {
          enc  = [base64encode("x"), base64decode("eA=="), urlencode("a b"), csvdecode("a,b\n1,2"), yamldecode("a: [1, 2]"), yamlencode({ a = 1 }), jsondecode("{\"a\": [1, true, null]}")]
          net  = [cidrhost("10.0.0.0/8", 5), cidrnetmask("10.0.0.0/8"), cidrsubnets("10.0.0.0/16", 4, 4, 8)]
          num  = [abs(-1), ceil(1.2), floor(1.8), log(16, 2), max(1, 2), min(3, 4), parseint("ff", 16), pow(2, 10), signum(-3)]
          str  = [chomp("x\n"), format("%5.2f|%-4s|%q|%v", 3.14159, "a", "b", [1]), formatlist("%s=%d", ["a", "b"], [1, 2]), indent(2, "a\nb"), lower("A"), regex("[a-z]+", "abc1"), regexall("\\d", "a1b2"), replace("abc", "/b/", "x"), split(",", "a,b"), strrev("abc"), substr("hello", 1, 3), title("a b"), trim("xax", "x"), trimprefix("ab", "a"), trimspace(" a "), upper("a")]
          col  = [alltrue([true]), anytrue([false]), chunklist([1, 2, 3], 2), coalesce(null, "a"), coalescelist([], [1]), compact(["", "a"]), concat([1], [2]), contains([1], 1), distinct([1, 1]), element([1, 2], 3), flatten([[1], [2, [3]]]), index(["a"], "a"), keys({ a = 1 }), length("abc"), lookup({ a = 1 }, "b", 0), matchkeys(["a"], ["x"], ["x"]), merge({ a = 1 }, { b = 2 }), one([1]), range(1, 10, 3), reverse([1, 2]), setintersection(["a"], ["a", "b"]), setproduct(["a"], [1]), setsubtract(["a", "b"], ["a"]), setunion(["a"], ["b"]), slice([1, 2, 3], 1, 2), sort(["b", "a"]), sum([1, 2]), transpose({ a = ["b"] }), values({ a = 1 }), zipmap(["a"], [1])]
          typ  = [can(local.nope), try(local.nope, "fallback"), tobool("true"), tolist(["a"]), tomap({ a = 1 }), tonumber("1"), toset(["a"]), tostring(1), type(1), sensitive("s"), nonsensitive(sensitive("s")), issensitive("x")]
          time = [formatdate("YYYY-MM-DD", "2024-01-02T03:04:05Z"), timeadd("2024-01-01T00:00:00Z", "1h30m"), timecmp("2024-01-01T00:00:00Z", "2024-01-02T00:00:00Z"), plantimestamp(), timestamp()]
          hash = [md5("a"), sha1("a"), sha256("a"), sha512("a"), base64sha256("a"), base64sha512("a"), uuid(), uuidv5("dns", "example.com")]
          file = [abspath("."), basename("/a/b"), dirname("/a/b"), pathexpand("~/x"), fileexists("nothing"), file("nothing"), templatefile("nothing.tftpl", {})]
        }
        """#,
    ]
}
