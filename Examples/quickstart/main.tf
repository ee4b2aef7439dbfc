# The quickstart: a small network and a secret that refers to it.
#
#   prov init && prov plan && prov apply && prov output && prov destroy
#
# Run it against the local emulator with `make demo` from the repository root.

terraform {
  required_providers {
    aws = {
      source = "hashicorp/aws"
    }
  }
}

provider "aws" {
  region = var.region
}

variable "region" {
  description = "AWS region to build in."
  type        = string
  default     = "eu-west-1"
}

variable "name" {
  description = "Prefix for every name and Name tag."
  type        = string
  default     = "quickstart"
}

resource "aws_vpc" "main" {
  cidr_block           = "10.0.0.0/16"
  enable_dns_hostnames = true
  enable_dns_support   = true

  tags = {
    Name = "${var.name}-vpc"
  }
}

# One public subnet in each of two availability zones.
resource "aws_subnet" "public" {
  count = 2

  vpc_id            = aws_vpc.main.id
  cidr_block        = cidrsubnet(aws_vpc.main.cidr_block, 8, count.index)
  availability_zone = "${var.region}${["a", "b"][count.index]}"

  tags = {
    Name = "${var.name}-public-${count.index}"
  }
}

resource "aws_secretsmanager_secret" "config" {
  name = "${var.name}/network"
  # Delete at once on destroy, so the name can be used again straight away.
  recovery_window_in_days = 0
}

resource "aws_secretsmanager_secret_version" "config" {
  secret_id = aws_secretsmanager_secret.config.id
  secret_string = jsonencode({
    vpc_id     = aws_vpc.main.id
    subnet_ids = aws_subnet.public[*].id
  })
}

output "vpc_id" {
  value = aws_vpc.main.id
}

output "subnet_cidrs" {
  description = "Each public subnet's CIDR block, by availability zone."
  value       = { for subnet in aws_subnet.public : subnet.availability_zone => subnet.cidr_block }
}

output "secret_arn" {
  value = aws_secretsmanager_secret.config.arn
}
