# The database tier: PostgreSQL in containers on instances in the private subnets, keeping its
# data on a shared EFS file system. Every server answers on the same virtual IP; the fail-over
# function (failover.tf) routes that address to one healthy server at a time.

resource "aws_efs_file_system" "database" {
  creation_token = "${var.name}-database"
  encrypted      = true

  tags = {
    Name = "${var.name} database"
  }
}

resource "aws_efs_mount_target" "database" {
  count = length(aws_subnet.private)

  file_system_id  = aws_efs_file_system.database.id
  subnet_id       = aws_subnet.private[count.index].id
  security_groups = [aws_security_group.database_efs.id]
}

# The database servers read their password from the secret as they boot, so it is not in
# their user data (which anyone who may describe the instances can read).
resource "aws_iam_role" "database" {
  name = "${var.name}-database"
  path = "/"

  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Service = "ec2.amazonaws.com" }
      Action    = "sts:AssumeRole"
    }]
  })
}

resource "aws_iam_role_policy" "database" {
  name = "read-db-secret"
  role = aws_iam_role.database.id

  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect   = "Allow"
      Action   = ["secretsmanager:GetSecretValue"]
      Resource = aws_secretsmanager_secret.db.arn
    }]
  })
}

resource "aws_iam_instance_profile" "database" {
  name = "${var.name}-database"
  path = "/"
  role = aws_iam_role.database.name
}

resource "aws_launch_configuration" "database" {
  name_prefix          = "${var.name}-database-"
  image_id             = data.aws_ami.amazon_linux.id
  instance_type        = var.db_instance_type
  key_name             = aws_key_pair.admin.key_name
  iam_instance_profile = aws_iam_instance_profile.database.name
  security_groups      = [aws_security_group.database.id]

  user_data = templatefile("${path.module}/user-data/database.sh.tftpl", {
    region         = var.region
    virtual_ip     = var.db_virtual_ip
    file_system_id = aws_efs_file_system.database.id
    db_secret_arn  = aws_secretsmanager_secret.db.arn
  })

  lifecycle {
    create_before_destroy = true
  }

  # A server mounts the file system and reads the secret as it boots: its zone's mount target
  # and the secret's value must be there.
  depends_on = [aws_efs_mount_target.database, aws_secretsmanager_secret_version.db]
}

resource "aws_autoscaling_group" "database" {
  name                 = "${var.name}-database"
  vpc_zone_identifier  = aws_subnet.private[*].id
  launch_configuration = aws_launch_configuration.database.name
  min_size             = 1
  max_size             = var.db_max_size

  tag {
    key                 = "Name"
    value               = "${var.name} database server"
    propagate_at_launch = true
  }

  # The fail-over function chooses among the instances with this tag.
  tag {
    key                 = "database"
    value               = "true"
    propagate_at_launch = true
  }
}

# The web application reads its connection settings from here.
resource "aws_secretsmanager_secret" "db" {
  name        = "${var.name}/database"
  description = "Connection settings of the ${var.name} database"

  # Deleted at once on destroy, so the name can be used again by the next deployment.
  recovery_window_in_days = 0
}

resource "aws_secretsmanager_secret_version" "db" {
  secret_id = aws_secretsmanager_secret.db.id
  secret_string = jsonencode({
    host     = var.db_virtual_ip
    port     = 5432
    dbname   = var.db_name
    username = var.db_username
    password = var.db_password
  })
}
