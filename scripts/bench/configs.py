"""The configurations the benchmark runs prov on, written into working directories."""
import os

# The provider block of every benchmark configuration. Credentials and the endpoint come from
# the environment; the peers (boto3 scripts) make no identity call either, so prov is told not
# to make one.
PROVIDER = """terraform {
  required_providers {
    aws = {
      source = "hashicorp/aws"
    }
  }
}

provider "aws" {
  region                      = "eu-west-1"
  skip_credentials_validation = true
  skip_requesting_account_id  = true
}
"""

# Blocks in a chain refer to the block this many places before them: the graph is this wide,
# and (blocks / WIDTH) deep.
WIDTH = 20
COUNT = 5


def write(directory, text, name="main.tf"):
    os.makedirs(directory, exist_ok=True)
    for stale in ("prov.state.db", "prov.state.db-wal", "prov.state.db-shm"):
        if os.path.exists(os.path.join(directory, stale)):
            os.remove(os.path.join(directory, stale))
    path = os.path.join(directory, name)
    with open(path, "w") as f:
        f.write(text)
    return path


def graph(resources):
    """`resources` secrets in blocks of COUNT instances (`count`); every block after the first
    WIDTH refers, instance by instance, to the block WIDTH places before it: by name in its
    description (known while planning) and by id in a tag (unknown until that block exists)."""
    blocks = max(1, resources // COUNT)
    parts = [PROVIDER]
    for i in range(blocks):
        parent = i - WIDTH
        lines = [
            'resource "aws_secretsmanager_secret" "b%06d" {' % i,
            "  count                   = %d" % COUNT,
            '  name                    = "bench-b%06d-${count.index}"' % i,
            "  recovery_window_in_days = 0",
        ]
        if parent >= 0:
            lines += [
                '  description             = "after ${aws_secretsmanager_secret.b%06d[count.index].name}"' % parent,
                "  tags = {",
                '    Block  = "b%06d"' % i,
                "    Parent = aws_secretsmanager_secret.b%06d[count.index].id" % parent,
                "  }",
            ]
        else:
            lines += ['  description             = "a root of the graph"', "  tags = {", '    Block = "b%06d"' % i, "  }"]
        lines.append("}\n")
        parts.append("\n".join(lines))
    return "\n".join(parts)


def subnets(count, vpc_id):
    """`count` independent subnets of one VPC."""
    return PROVIDER + """
resource "aws_subnet" "s" {
  count      = %d
  vpc_id     = "%s"
  cidr_block = cidrsubnet("10.0.0.0/16", 8, count.index)
  tags = {
    Name = "bench-${count.index}"
  }
}
""" % (count, vpc_id)


def three_types(counts, vpc_id):
    """Subnets, security groups and route tables of one VPC, independent of each other."""
    subnet_count, group_count, table_count = counts
    return PROVIDER + """
resource "aws_subnet" "s" {
  count      = %d
  vpc_id     = "%s"
  cidr_block = cidrsubnet("10.1.0.0/16", 8, count.index)
  tags = {
    Name = "refresh-${count.index}"
  }
}

resource "aws_security_group" "g" {
  count       = %d
  name        = "refresh-${count.index}"
  description = "refresh benchmark"
  vpc_id      = "%s"
  tags = {
    Name = "refresh-${count.index}"
  }
}

resource "aws_route_table" "r" {
  count  = %d
  vpc_id = "%s"
  tags = {
    Name = "refresh-${count.index}"
  }
}
""" % (subnet_count, vpc_id, group_count, vpc_id, table_count, vpc_id)


def per_type(type_name, count, vpc_id):
    """`count` objects of one type, for counting the calls each create, read and delete makes."""
    bodies = {
        "aws_vpc": '  cidr_block = "10.${count.index + 10}.0.0/16"',
        "aws_subnet": '  vpc_id     = "%s"\n  cidr_block = cidrsubnet("10.2.0.0/16", 8, count.index)' % vpc_id,
        "aws_security_group": '  name   = "calls-${count.index}"\n  vpc_id = "%s"' % vpc_id,
        "aws_route_table": '  vpc_id = "%s"' % vpc_id,
        "aws_internet_gateway": "",
        "aws_secretsmanager_secret": '  name                    = "calls-${count.index}"\n  recovery_window_in_days = 0',
    }
    return PROVIDER + """
resource "%s" "x" {
  count = %d
%s
  tags = {
    Name = "calls-${count.index}"
  }
}
""" % (type_name, count, bodies[type_name])


PER_TYPE = ["aws_vpc", "aws_subnet", "aws_security_group", "aws_route_table", "aws_internet_gateway", "aws_secretsmanager_secret"]
