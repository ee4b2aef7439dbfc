# Cloudy: a load-balanced, auto-scaled web application with a home-made active/passive
# PostgreSQL cluster, as seed 000 built it with CloudFormation. See README.md.

terraform {
  required_providers {
    aws = {
      source = "hashicorp/aws"
    }
  }
}

provider "aws" {
  region = var.region

  # Every object the example makes carries this tag, so it is easy to find (and to check that
  # destroy left nothing behind).
  default_tags {
    tags = {
      Project = var.name
    }
  }
}

# Every instance runs the current Amazon Linux (2023, kernel 6.1, x86_64), looked up by name
# rather than pinned by id, so the configuration works in any region.
data "aws_ami" "amazon_linux" {
  most_recent = true
  owners      = ["amazon"]

  filter {
    name   = "name"
    values = ["al2023-ami-2023.*-kernel-6.1-x86_64"]
  }

  filter {
    name   = "architecture"
    values = ["x86_64"]
  }

  filter {
    name   = "virtualization-type"
    values = ["hvm"]
  }
}

# The administrators' SSH key, on the bastion and (reached through it) every other instance.
resource "aws_key_pair" "admin" {
  key_name   = "${var.name}-admin"
  public_key = var.ssh_public_key
}
