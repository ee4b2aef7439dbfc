# A tour of the language: every construct prov supports, in a configuration that applies.
# Two networks (one module instance each, via for_each), a secret in the main region and one
# per network in a second region.

terraform {
  required_version = ">= 1.5.0"

  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 5.0"
    }
  }
}

provider "aws" {
  region = var.region

  default_tags {
    tags = local.common_tags
  }
}

provider "aws" {
  alias  = "secondary"
  region = var.secondary_region
}

data "aws_region" "current" {}

data "aws_caller_identity" "current" {}

data "aws_availability_zones" "available" {
  state = "available"
}

module "network" {
  source   = "./modules/network"
  for_each = var.networks

  name    = "${local.name_prefix}-${each.key}"
  cidr    = each.value.cidr
  subnets = [for subnet in local.subnet_plan : subnet if subnet.network == each.key]
  tags    = { Network = each.key }
}

resource "aws_secretsmanager_secret" "db" {
  name                    = "${local.name_prefix}/db"
  description             = "Database credentials for ${var.environment}"
  recovery_window_in_days = 0

  dynamic "replica" {
    for_each = var.replica_regions
    iterator = target
    content {
      region = target.value
    }
  }

  tags = merge(local.common_tags, { Purpose = "database" })

  lifecycle {
    ignore_changes = [description]

    precondition {
      condition     = length(var.db_password) >= 12
      error_message = "The database password must have at least 12 characters."
    }
  }
}

resource "aws_secretsmanager_secret_version" "db" {
  secret_id = aws_secretsmanager_secret.db.id
  secret_string = jsonencode({
    username = "app"
    password = var.db_password
    host     = format("db.%s.internal", local.name_prefix)
    networks = { for name, network in module.network : name => network.vpc_id }
  })
}

resource "aws_secretsmanager_secret" "per_network" {
  provider = aws.secondary
  count    = length(var.networks)

  name                    = "${local.name_prefix}/network/${keys(var.networks)[count.index]}"
  recovery_window_in_days = 0
  tags                    = { Index = tostring(count.index) }

  depends_on = [module.network]
}
