# PostgreSQL in the private subnets, reachable only from the application's security group.

resource "aws_db_subnet_group" "main" {
  name        = "${var.name}-db"
  description = "The private subnets of ${var.name}"
  subnet_ids  = aws_subnet.private[*].id
}

resource "aws_db_parameter_group" "postgres" {
  name        = "${var.name}-postgres16"
  family      = "postgres16"
  description = "Log slow statements"

  parameter {
    name  = "log_min_duration_statement"
    value = "500"
  }
}

resource "aws_db_instance" "main" {
  identifier     = "${var.name}-db"
  engine         = "postgres"
  engine_version = "16.3"
  instance_class = "db.t4g.micro"

  allocated_storage     = 20
  max_allocated_storage = 50
  storage_type          = "gp3"
  storage_encrypted     = true

  db_name  = "app"
  username = var.db_username
  password = var.db_password

  db_subnet_group_name   = aws_db_subnet_group.main.name
  parameter_group_name   = aws_db_parameter_group.postgres.name
  vpc_security_group_ids = [aws_security_group.db.id]
  publicly_accessible    = false

  backup_retention_period = 1
  apply_immediately       = true

  # A session of work ends with `prov destroy`: no snapshot is kept.
  skip_final_snapshot = true
}

# The application reads its connection settings from one secret.
resource "aws_secretsmanager_secret" "db" {
  name        = "${var.name}/db"
  description = "Connection settings of the ${var.name} database"

  # Deleted at once on destroy, so the name can be used again by the next session.
  recovery_window_in_days = 0
}

resource "aws_secretsmanager_secret_version" "db" {
  secret_id = aws_secretsmanager_secret.db.id
  secret_string = jsonencode({
    host     = aws_route53_record.db.fqdn
    port     = aws_db_instance.main.port
    dbname   = aws_db_instance.main.db_name
    username = aws_db_instance.main.username
    password = var.db_password
  })
}
