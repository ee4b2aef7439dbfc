// The expected outputs are what `terraform fmt` (Terraform v1.11) writes for the same inputs.

extension FormatCase {
    /// Runs of arguments align their `=` signs, and runs of trailing comments align.
    static let alignment: [FormatCase] = [
        FormatCase(
            "aligns the equals signs of consecutive arguments",
            input: #"""
            resource "aws_vpc" "main" {
            cidr_block = "10.0.0.0/16"
            enable_dns_hostnames = true
            tags={}
            }

            """#,
            expected: #"""
            resource "aws_vpc" "main" {
              cidr_block           = "10.0.0.0/16"
              enable_dns_hostnames = true
              tags                 = {}
            }

            """#),
        FormatCase(
            "a blank line starts a new alignment run",
            input: #"""
            a = 1
            bb = 2

            ccc = 3
            d = 4

            """#,
            expected: #"""
            a  = 1
            bb = 2

            ccc = 3
            d   = 4

            """#),
        FormatCase(
            "a comment on its own line starts a new alignment run",
            input: #"""
            a = 1
            # about bb
            bbbb = 2
            c = 3

            """#,
            expected: #"""
            a = 1
            # about bb
            bbbb = 2
            c    = 3

            """#),
        FormatCase(
            "a nested block or a multi-line value ends an alignment run",
            input: #"""
            x {
            a = 1
            nested {
            b = 2
            }
            longer_name = 3
            object = {
            k = 1
            }
            after = 4
            }

            """#,
            expected: #"""
            x {
              a = 1
              nested {
                b = 2
              }
              longer_name = 3
              object = {
                k = 1
              }
              after = 4
            }

            """#),
        FormatCase(
            "keys of a multi-line object align among themselves",
            input: #"""
            tags = {
            Name = "web"
            Environment = "production"
            "quoted key" = 1
            }

            """#,
            expected: #"""
            tags = {
              Name         = "web"
              Environment  = "production"
              "quoted key" = 1
            }

            """#),
        FormatCase(
            "object items written with colons are spaced but not aligned",
            input: #"""
            m = {
            a: 1
            longer: 2
            }

            """#,
            expected: #"""
            m = {
              a : 1
              longer : 2
            }

            """#),
        FormatCase(
            "trailing comments in a run of lines line up",
            input: #"""
            a = 1 # one
            bbbb = "two" # two
            ccc = 3 // three

            """#,
            expected: #"""
            a    = 1     # one
            bbbb = "two" # two
            ccc  = 3     // three

            """#),
        FormatCase(
            "a trailing comment after a multi-line value aligns with the next line",
            input: #"""
            a = 1 # foo
            bungle = (
            "bonce"
            ) # baz
            zebra = "striped" # baz

            """#,
            expected: #"""
            a = 1 # foo
            bungle = (
              "bonce"
            )                 # baz
            zebra = "striped" # baz

            """#),
        FormatCase(
            "alignment counts characters, not bytes",
            input: #"""
            𝒜 = 1 # foo
            bungle = "🇬🇧" # baz
            zebra = "striped" # baz

            """#,
            expected: #"""
            𝒜      = 1         # foo
            bungle = "🇬🇧"       # baz
            zebra  = "striped" # baz

            """#),
    ]

    /// Two spaces per level of brackets or blocks open across lines.
    static let indentation: [FormatCase] = [
        FormatCase(
            "nested blocks indent two spaces per level",
            input: #"""
            a {
            b {
            c {
            d = 1
            }
            }
            }

            """#,
            expected: #"""
            a {
              b {
                c {
                  d = 1
                }
              }
            }

            """#),
        FormatCase(
            "nested lists and objects indent by bracket depth",
            input: #"""
            x = [
            {
            a = 1
            },
            [
            2,
            ],
            ]

            """#,
            expected: #"""
            x = [
              {
                a = 1
              },
              [
                2,
              ],
            ]

            """#),
        FormatCase(
            "brackets opened together on one line indent once",
            input: #"""
            x = [[
            1,
            ]]
            y = [[
            [
            a
            ]]
            ]

            """#,
            expected: #"""
            x = [[
              1,
            ]]
            y = [[
              [
                a
              ]]
            ]

            """#),
        FormatCase(
            "brackets that close on a different line than they open dedent once",
            input: #"""
            x = [[
            [
            a
            ]]
            ]

            """#,
            expected: #"""
            x = [[
              [
                a
              ]]
            ]

            """#),
        FormatCase(
            "dynamic blocks and lifecycle blocks",
            input: #"""
            resource "aws_security_group" "sg" {
            dynamic "ingress" {
            for_each = var.rules
            content {
            from_port = ingress.value.from
            to_port = ingress.value.to
            }
            }
            }

            """#,
            expected: #"""
            resource "aws_security_group" "sg" {
              dynamic "ingress" {
                for_each = var.rules
                content {
                  from_port = ingress.value.from
                  to_port   = ingress.value.to
                }
              }
            }

            """#),
        FormatCase(
            "a conditional spanning lines indents inside its parentheses",
            input: #"""
            x = (
            var.a
            ? 1
            : 2
            )

            """#,
            expected: #"""
            x = (
              var.a
              ? 1
              : 2
            )

            """#),
        FormatCase(
            "a for expression spanning lines indents inside its brackets",
            input: #"""
            y = [
            for x in var.xs :
            x * 2
            if x > 0
            ]

            """#,
            expected: #"""
            y = [
              for x in var.xs :
              x * 2
              if x > 0
            ]

            """#),
        FormatCase(
            "tabs used for indentation become spaces",
            input: "x {\n\ta\t=\t1\n\t\tbb = 2\n}\n",
            expected: #"""
            x {
              a  = 1
              bb = 2
            }

            """#),
    ]

    /// One space or none between tokens, as hclwrite decides.
    static let spacing: [FormatCase] = [
        FormatCase(
            "one-line blocks and objects have spaces inside their braces",
            input: #"""
            lifecycle {create_before_destroy=true}
            empty {}
            also_empty {   }
            tags = {Name="x",Env = "y"}
            none = { }

            """#,
            expected: #"""
            lifecycle { create_before_destroy = true }
            empty {}
            also_empty {}
            tags = { Name = "x", Env = "y" }
            none = {}

            """#),
        FormatCase(
            "block labels are single-spaced before the brace",
            input: #"""
            resource   "aws_vpc"    "main"{
            }

            """#,
            expected: #"""
            resource "aws_vpc" "main" {
            }

            """#),
        FormatCase(
            "binary operators get one space either side",
            input: #"""
            x = a+b*c-d/e%f
            y = a==b&&c!=d||e<f
            z = a>=b
            w = a<=b?c:d

            """#,
            expected: #"""
            x = a + b * c-d / e % f
            y = a == b && c != d || e < f
            z = a >= b
            w = a <= b ? c : d

            """#),
        FormatCase(
            "negation and not stay against their operand",
            input: #"""
            a = -1
            b = 1 - -2
            c = ! true
            d = [ -1, - 2 ]
            e = (-a+1)
            f = x ? -1 : -2

            """#,
            expected: #"""
            a = -1
            b = 1 - -2
            c = !true
            d = [-1, -2]
            e = (-a + 1)
            f = x ? -1 : -2

            """#),
        FormatCase(
            "commas are followed by one space and brackets are tight",
            input: #"""
            x = [ 1,2 ,3 ]
            y = foo( a,b ...)
            z = ( 1 )
            w = [ ]

            """#,
            expected: #"""
            x = [1, 2, 3]
            y = foo(a, b...)
            z = (1)
            w = []

            """#),
        FormatCase(
            "traversals, indexes and splats are tight",
            input: #"""
            a = var.list [ 0 ]
            b = aws_instance.web[*] . id
            c = f(x)[0]
            d = a.0.b
            e = [ "x" ] [ 0 ]

            """#,
            expected: #"""
            a = var.list[0]
            b = aws_instance.web[*].id
            c = f(x)[0]
            d = a.0.b
            e = ["x"][0]

            """#),
        FormatCase(
            "for expressions",
            input: #"""
            a = [for s in var.list: upper(s) if s!=""]
            b = {for k,v in var.map: k=>v...}
            c = [for x in [1, 2]: x]

            """#,
            expected: #"""
            a = [for s in var.list : upper(s) if s != ""]
            b = { for k, v in var.map : k => v... }
            c = [for x in [1, 2] : x]

            """#),
        FormatCase(
            "multi-line function calls indent their arguments",
            input: #"""
            x = merge(
            var.tags,
            {
            Name = "x"
            },
            )
            y = jsonencode({
            a = 1
            bb = 2
            })

            """#,
            expected: #"""
            x = merge(
              var.tags,
              {
                Name = "x"
              },
            )
            y = jsonencode({
              a  = 1
              bb = 2
            })

            """#),
        FormatCase(
            "provider function names stay together",
            input: #"""
            a = provider :: aws :: arn_parse(x)

            """#,
            expected: #"""
            a = provider::aws::arn_parse(x)

            """#),
    ]

    /// Comments stay where they are, indented with the code, their text untouched.
    static let comments: [FormatCase] = [
        FormatCase(
            "comments on their own lines are indented with the code",
            input: #"""
            x {
            # first
              // second
                  /* third */
            a = 1
            }

            """#,
            expected: #"""
            x {
              # first
              // second
              /* third */
              a = 1
            }

            """#),
        FormatCase(
            "a block comment spanning lines is kept as written",
            input: #"""
            x {
            /* one
                  two
               three */
            a = 1
            }

            """#,
            expected: #"""
            x {
              /* one
                  two
               three */
              a = 1
            }

            """#),
        FormatCase(
            "whitespace inside comments is kept",
            input: "a = 1 # note   \n#   own line   \n",
            expected: "a = 1 # note   \n#   own line   \n"),
    ]

    /// Heredoc bodies and string contents are never changed; only template sequences are tightened.
    static let templates: [FormatCase] = [
        FormatCase(
            "heredoc bodies are not touched",
            input: #"""
            x {
            value = <<EOT
              keep   this   spacing
            and ${ this }
            EOT
            next = 1
            }

            """#,
            expected: #"""
            x {
              value = <<EOT
              keep   this   spacing
            and ${this}
            EOT
              next  = 1
            }

            """#),
        FormatCase(
            "indented heredocs keep their closing marker",
            input: #"""
            x {
            value = <<-EOT
                indented
              EOT
            }

            """#,
            expected: #"""
            x {
              value = <<-EOT
                indented
              EOT
            }

            """#),
        FormatCase(
            "heredoc interpolations are spaced like other templates",
            input: #"""
            x = <<EOT
            ${ var.a }%{ if b }c%{ endif }
            EOT

            """#,
            expected: #"""
            x = <<EOT
            ${var.a}%{if b}c%{endif}
            EOT

            """#),
        FormatCase(
            "template contents are kept and their sequences tightened",
            input: #"""
            a = "hello ${ var.name }!"
            b = "${ var.a }${ var.b }"
            c = "%{ for x in var.l }${ x }, %{ endfor }"
            d = "${~ var.a ~}"
            e = "  spaced  text  "

            """#,
            expected: #"""
            a = "hello ${var.name}!"
            b = "${var.a}${var.b}"
            c = "%{for x in var.l}${x}, %{endfor}"
            d = var.a
            e = "  spaced  text  "

            """#),
        FormatCase(
            "an interpolation of an object keeps spaces around its braces",
            input: #"""
            a = "${ {a=1} }"

            """#,
            expected: #"""
            a = { a = 1 }

            """#),
        FormatCase(
            "a heredoc closing marker may have spaces after it",
            input: "x = <<EOT\nhi\nEOT  \nyy = 1\n",
            expected: "x  = <<EOT\nhi\nEOT  \nyy = 1\n"),
    ]

    /// Terraform's rewrites beyond whitespace: quoted labels, unwrapped interpolations, modern variable types.
    static let terraformNormalisations: [FormatCase] = [
        FormatCase(
            "bare block labels are quoted",
            input: #"""
            resource aws_vpc main {
            }
            module "m" {
            source = "./m"
            }

            """#,
            expected: #"""
            resource "aws_vpc" "main" {
            }
            module "m" {
              source = "./m"
            }

            """#),
        FormatCase(
            "comments between a block type and its labels are dropped",
            input: #"""
            resource /* type */ "a" /* name */ "b" /* kept */ {
            }

            """#,
            expected: #"""
            resource "a" "b" /* kept */ {
            }

            """#),
        FormatCase(
            "interpolation-only strings are unwrapped",
            input: #"""
            a = "${var.x}"
            b = "${foo("${bar}")}"
            c = "${var.a}${var.b}"
            d = "x${var.a}"

            """#,
            expected: #"""
            a = var.x
            b = foo("${bar}")
            c = "${var.a}${var.b}"
            d = "x${var.a}"

            """#),
        FormatCase(
            "an unwrapped interpolation spanning lines is parenthesised",
            input: #"""
            a = "${var.ok ?
            "yes" : "no"}"
            b = "${
            var.x
            }"

            """#,
            expected: #"""
            a = (var.ok ?
            "yes" : "no")
            b = var.x

            """#),
        FormatCase(
            "interpolations inside objects are left as they are",
            input: #"""
            tags = {
            Name = "${var.name}"
            }

            """#,
            expected: #"""
            tags = {
              Name = "${var.name}"
            }

            """#),
        FormatCase(
            "legacy variable types are modernised",
            input: #"""
            variable "a" {
            type = "string"
            }
            variable "b" {
            type = "list"
            }
            variable "c" {
            type = "map"
            }
            variable "d" {
            type = list
            }
            variable "e" {
            type = set
            }
            variable "f" {
            type = map
            }

            """#,
            expected: #"""
            variable "a" {
              type = string
            }
            variable "b" {
              type = list(string)
            }
            variable "c" {
              type = map(string)
            }
            variable "d" {
              type = list(any)
            }
            variable "e" {
              type = set(any)
            }
            variable "f" {
              type = map(any)
            }

            """#),
        FormatCase(
            "types outside variable blocks are left alone",
            input: #"""
            module "m" {
            type = list
            }
            variable "v" {
            nested {
            type = "string"
            }
            }

            """#,
            expected: #"""
            module "m" {
              type = list
            }
            variable "v" {
              nested {
                type = "string"
              }
            }

            """#),
        FormatCase(
            "a one-line variable block gets its type modernised",
            input: #"""
            variable "a" { type = "string" }

            """#,
            expected: #"""
            variable "a" { type = string }

            """#),
    ]

    /// Line breaks, blank lines and line endings are kept; trailing whitespace on lines goes.
    static let lineStructure: [FormatCase] = [
        FormatCase(
            "trailing whitespace is removed",
            input: "a = 1   \nb {  \n  c = 2\t\n}  \n",
            expected: #"""
            a = 1
            b {
              c = 2
            }

            """#),
        FormatCase(
            "blank lines are kept as written",
            input: #"""
            a = 1



            b = 2


            """#,
            expected: #"""
            a = 1



            b = 2


            """#),
        FormatCase(
            "a missing final newline is not added",
            input: #"""
            a=1
            """#,
            expected: #"""
            a = 1
            """#),
        FormatCase(
            "Windows line endings are kept",
            input: "a=1\r\nbb = 2 # c\r\nblock {\r\nx=1\r\n}\r\n",
            expected: "a  = 1\r\nbb = 2 # c\r\nblock {\r\n  x = 1\r\n}\r\n"),
        FormatCase(
            "an empty file stays empty",
            input: "",
            expected: ""),
        FormatCase(
            "spaces before the end of a file without a final newline are kept",
            input: "a = 1\n   ",
            expected: "a = 1\n   "),
        FormatCase(
            "tfvars style assignments",
            input: #"""
            region="eu-west-1"
            instance_count=2
            tags={
            team="infra"
            }

            """#,
            expected: #"""
            region         = "eu-west-1"
            instance_count = 2
            tags = {
              team = "infra"
            }

            """#),
    ]
}
