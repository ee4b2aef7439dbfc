variable "name" {
  type = string
}

variable "cidr" {
  type = string
}

variable "subnets" {
  type = list(object({
    key    = string
    cidr   = string
    zone   = string
    public = bool
  }))
}

variable "tags" {
  type    = map(string)
  default = {}
}

resource "aws_vpc" "this" {
  cidr_block           = var.cidr
  enable_dns_hostnames = true
  tags                 = merge(var.tags, { Name = var.name })
}

resource "aws_subnet" "this" {
  for_each = { for subnet in var.subnets : subnet.key => subnet }

  vpc_id                  = aws_vpc.this.id
  cidr_block              = each.value.cidr
  availability_zone       = each.value.zone
  map_public_ip_on_launch = each.value.public
  tags                    = merge(var.tags, { Name = "${var.name}-${each.key}" })
}

output "vpc_id" {
  value = aws_vpc.this.id
}

output "subnet_ids" {
  value = [for subnet in aws_subnet.this : subnet.id]
}

output "subnet_cidrs" {
  value = values(aws_subnet.this)[*].cidr_block
}
