# PostgreSQL in the first zone's database subnet, with a read replica in the second zone's,
# reachable from the container instances only. The application reads its connection settings
# from Secrets Manager, never from its environment.

resource "aws_db_subnet_group" "main" {
  name        = "${var.name}-db"
  description = "The database subnets of ${var.name}"
  subnet_ids  = aws_subnet.db[*].id
}

resource "aws_db_instance" "primary" {
  identifier     = "${var.name}-db"
  engine         = "postgres"
  engine_version = "16.3"
  instance_class = var.db_instance_class

  allocated_storage = 20
  storage_type      = "gp2"
  storage_encrypted = true

  db_name  = var.db_name
  username = var.db_username
  password = var.db_password

  db_subnet_group_name   = aws_db_subnet_group.main.name
  vpc_security_group_ids = [aws_security_group.db.id]
  availability_zone      = var.availability_zones[0]
  publicly_accessible    = false

  # A read replica needs its source to keep automated backups.
  backup_retention_period = 1
  apply_immediately       = true

  # A session of work ends with `prov destroy`: no snapshot is kept.
  skip_final_snapshot = true
}

resource "aws_db_instance" "replica" {
  identifier          = "${var.name}-db-replica"
  replicate_source_db = aws_db_instance.primary.identifier
  instance_class      = var.db_instance_class
  storage_encrypted   = true

  vpc_security_group_ids = [aws_security_group.db.id]
  availability_zone      = var.availability_zones[1]
  publicly_accessible    = false

  apply_immediately   = true
  skip_final_snapshot = true
}

resource "aws_secretsmanager_secret" "db" {
  name        = "${var.name}/db"
  description = "Connection settings of the ${var.name} database"

  # Deleted at once on destroy, so the next session can use the name again.
  recovery_window_in_days = 0
}

resource "aws_secretsmanager_secret_version" "db" {
  secret_id = aws_secretsmanager_secret.db.id
  secret_string = jsonencode({
    engine      = "postgres"
    host        = aws_db_instance.primary.address
    reader_host = aws_db_instance.replica.address
    port        = aws_db_instance.primary.port
    dbname      = aws_db_instance.primary.db_name
    username    = aws_db_instance.primary.username
    password    = var.db_password
  })
}
