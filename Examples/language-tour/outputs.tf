output "vpc_ids" {
  description = "Each network's VPC."
  value       = { for name, network in module.network : name => network.vpc_id }
}

output "subnet_cidrs" {
  value = flatten([for network in values(module.network) : network.subnet_cidrs])
}

output "subnets_by_zone" {
  value = local.subnets_by_zone
}

output "public_subnet_count" {
  value = length(local.public_keys)
}

output "account_id" {
  value = data.aws_caller_identity.current.account_id
}

output "secondary_secret_arns" {
  value = aws_secretsmanager_secret.per_network[*].arn
}

output "db_connection" {
  value     = aws_secretsmanager_secret_version.db.secret_string
  sensitive = true
}

output "summary" {
  value = local.summary
}

output "banner" {
  value = local.banner
}

output "zones" {
  value = local.zones

  precondition {
    condition     = length(local.zones) == 2
    error_message = "The tour needs two availability zones."
  }
}
