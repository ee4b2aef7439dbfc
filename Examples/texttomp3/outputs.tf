output "app_url" {
  description = "Where the application answers, once the domain's name servers point at the zone."
  value       = "http://${aws_route53_record.app.fqdn}"
}

output "load_balancer_dns_name" {
  value = aws_lb.web.dns_name
}

output "name_servers" {
  description = "Set these at the domain's registrar."
  value       = aws_route53_zone.public.name_servers
}

output "zone_id" {
  value = aws_route53_zone.public.zone_id
}

output "vpc_id" {
  value = aws_vpc.main.id
}

output "subnet_ids" {
  description = "The subnets by tier, in zone order."
  value = {
    public = aws_subnet.public[*].id
    app    = aws_subnet.app[*].id
    db     = aws_subnet.db[*].id
  }
}

output "repository_url" {
  description = "Where to push the application image: docker push <url>:<tag>."
  value       = aws_ecr_repository.app.repository_url
}

output "cluster_name" {
  value = aws_ecs_cluster.main.name
}

output "service_name" {
  value = aws_ecs_service.app.name
}

output "migrate_task_definition_arn" {
  description = "Run it after a deployment: aws ecs run-task --cluster <cluster> --task-definition <arn>."
  value       = aws_ecs_task_definition.migrate.arn
}

output "bastion_public_ip" {
  value = aws_instance.bastion.public_ip
}

output "db_endpoints" {
  description = "The database and its read replica."
  value = {
    primary = aws_db_instance.primary.address
    replica = aws_db_instance.replica.address
    port    = aws_db_instance.primary.port
  }
}

output "db_secret_arn" {
  value = aws_secretsmanager_secret.db.arn
}

output "buckets" {
  value = {
    audio  = aws_s3_bucket.audio.bucket
    images = aws_s3_bucket.images.bucket
  }
}

output "polly_function_name" {
  value = aws_lambda_function.polly.function_name
}

output "log_group_name" {
  value = aws_cloudwatch_log_group.app.name
}
