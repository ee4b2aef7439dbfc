output "application_url" {
  description = "The web application, through the load balancer."
  value       = "http://${aws_lb.web.dns_name}:${var.app_port}/"
}

output "bastion_public_ip" {
  description = "ssh -A ec2-user@<this>, then on to the servers' private addresses."
  value       = aws_instance.bastion.public_ip
}

output "nat_instance_id" {
  value = aws_instance.nat.id
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

output "web_autoscaling_group" {
  value = aws_autoscaling_group.web.name
}

output "database_autoscaling_group" {
  value = aws_autoscaling_group.database.name
}

output "database_file_system_id" {
  value = aws_efs_file_system.database.id
}

output "database_secret_arn" {
  value = aws_secretsmanager_secret.db.arn
}

output "failover_function" {
  value = aws_lambda_function.failover.function_name
}

output "ami_id" {
  description = "The Amazon Linux image every instance runs."
  value       = data.aws_ami.amazon_linux.id
}
