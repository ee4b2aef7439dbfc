# A public/private network across two availability zones, as most AWS workloads start:
#
#   - a VPC with a public and a private subnet in each of two zones;
#   - an internet gateway, and a route table sending the public subnets' traffic to it;
#   - one NAT gateway (with an Elastic IP) in the first public subnet, and a route table
#     sending the private subnets' outbound traffic through it;
#   - a gateway VPC endpoint, so S3 is reached from both route tables without the NAT gateway.
#
#   prov init && prov plan && prov apply && prov output && prov destroy

terraform {
  required_providers {
    aws = {
      source = "hashicorp/aws"
    }
  }
}

provider "aws" {
  region = var.region

  # Every object the example makes carries these tags, so it is easy to find (and to check
  # that destroy left nothing behind).
  default_tags {
    tags = {
      Project = var.name
    }
  }
}

variable "region" {
  description = "AWS region to build in."
  type        = string
  default     = "eu-west-1"
}

variable "name" {
  description = "Prefix for every Name tag, and the value of the Project tag."
  type        = string
  default     = "network-example"
}

variable "cidr_block" {
  description = "The VPC's address range; each subnet takes a /20 of it."
  type        = string
  default     = "10.40.0.0/16"
}

locals {
  zones = ["${var.region}a", "${var.region}b"]
}

resource "aws_vpc" "main" {
  cidr_block           = var.cidr_block
  enable_dns_hostnames = true
  enable_dns_support   = true

  tags = {
    Name = "${var.name}-vpc"
  }
}

# Public subnets: 10.40.0.0/20 and 10.40.16.0/20 with the default CIDR.
resource "aws_subnet" "public" {
  count = length(local.zones)

  vpc_id                  = aws_vpc.main.id
  cidr_block              = cidrsubnet(aws_vpc.main.cidr_block, 4, count.index)
  availability_zone       = local.zones[count.index]
  map_public_ip_on_launch = true

  tags = {
    Name = "${var.name}-public-${local.zones[count.index]}"
    Tier = "public"
  }
}

# Private subnets: 10.40.128.0/20 and 10.40.144.0/20 with the default CIDR.
resource "aws_subnet" "private" {
  count = length(local.zones)

  vpc_id            = aws_vpc.main.id
  cidr_block        = cidrsubnet(aws_vpc.main.cidr_block, 4, count.index + 8)
  availability_zone = local.zones[count.index]

  tags = {
    Name = "${var.name}-private-${local.zones[count.index]}"
    Tier = "private"
  }
}

resource "aws_internet_gateway" "main" {
  vpc_id = aws_vpc.main.id

  tags = {
    Name = "${var.name}-igw"
  }
}

# The NAT gateway's public address. It can only be used once the VPC has an internet gateway.
resource "aws_eip" "nat" {
  domain = "vpc"

  tags = {
    Name = "${var.name}-nat"
  }

  depends_on = [aws_internet_gateway.main]
}

# One NAT gateway for both zones keeps the example cheap; production networks often have
# one per zone.
resource "aws_nat_gateway" "main" {
  allocation_id = aws_eip.nat.id
  subnet_id     = aws_subnet.public[0].id

  tags = {
    Name = "${var.name}-nat"
  }

  depends_on = [aws_internet_gateway.main]
}

resource "aws_route_table" "public" {
  vpc_id = aws_vpc.main.id

  route {
    cidr_block = "0.0.0.0/0"
    gateway_id = aws_internet_gateway.main.id
  }

  tags = {
    Name = "${var.name}-public"
  }
}

resource "aws_route_table" "private" {
  vpc_id = aws_vpc.main.id

  route {
    cidr_block     = "0.0.0.0/0"
    nat_gateway_id = aws_nat_gateway.main.id
  }

  tags = {
    Name = "${var.name}-private"
  }
}

resource "aws_route_table_association" "public" {
  count = length(aws_subnet.public)

  subnet_id      = aws_subnet.public[count.index].id
  route_table_id = aws_route_table.public.id
}

resource "aws_route_table_association" "private" {
  count = length(aws_subnet.private)

  subnet_id      = aws_subnet.private[count.index].id
  route_table_id = aws_route_table.private.id
}

# S3 through the VPC's own gateway endpoint: AWS adds a route to S3's prefix list in each
# route table listed here.
resource "aws_vpc_endpoint" "s3" {
  vpc_id            = aws_vpc.main.id
  service_name      = "com.amazonaws.${var.region}.s3"
  vpc_endpoint_type = "Gateway"
  route_table_ids   = [aws_route_table.public.id, aws_route_table.private.id]

  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = "*"
      Action    = ["s3:GetObject", "s3:PutObject", "s3:ListBucket"]
      Resource  = "*"
    }]
  })

  tags = {
    Name = "${var.name}-s3"
  }
}

output "vpc_id" {
  value = aws_vpc.main.id
}

output "public_subnet_ids" {
  description = "The public subnets, in zone order."
  value       = aws_subnet.public[*].id
}

output "private_subnet_ids" {
  description = "The private subnets, in zone order."
  value       = aws_subnet.private[*].id
}

output "subnets_by_zone" {
  description = "Each zone's public and private subnet CIDR blocks."
  value = {
    for index, zone in local.zones : zone => {
      public  = aws_subnet.public[index].cidr_block
      private = aws_subnet.private[index].cidr_block
    }
  }
}

output "internet_gateway_id" {
  value = aws_internet_gateway.main.id
}

output "nat_gateway_id" {
  value = aws_nat_gateway.main.id
}

output "nat_public_ip" {
  description = "The address the private subnets' outbound traffic comes from."
  value       = aws_eip.nat.public_ip
}

output "route_table_ids" {
  value = {
    public  = aws_route_table.public.id
    private = aws_route_table.private.id
  }
}

output "s3_prefix_list_id" {
  description = "S3's prefix list, for security group rules that allow S3 through the endpoint."
  value       = aws_vpc_endpoint.s3.prefix_list_id
}
