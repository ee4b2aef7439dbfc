output "vpc_id" {
  value = aws_vpc.main.id
}

output "private_subnet_ids" {
  description = "The private subnets, in zone order."
  value       = aws_subnet.private[*].id
}

output "repository_url" {
  description = "Where to push the application image: docker push <url>:<tag>."
  value       = aws_ecr_repository.app.repository_url
}

output "cluster_arn" {
  value = aws_ecs_cluster.main.arn
}

output "service_name" {
  value = aws_ecs_service.app.name
}

output "task_definition_arn" {
  value = aws_ecs_task_definition.app.arn
}

output "db_endpoint" {
  description = "The database by its private DNS name and by AWS's own."
  value = {
    name    = aws_route53_record.db.fqdn
    address = aws_db_instance.main.address
    port    = aws_db_instance.main.port
  }
}

output "db_secret_arn" {
  value = aws_secretsmanager_secret.db.arn
}

output "zone_id" {
  value = aws_route53_zone.internal.zone_id
}
