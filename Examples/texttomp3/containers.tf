# The application tier: the image repository, an ECS cluster whose EC2 container instances
# come from a launch template and an auto scaling group in the private subnets, and the
# Flask service (plus the one-off migrations task) logging to CloudWatch.

resource "aws_ecr_repository" "app" {
  name                 = var.name
  image_tag_mutability = "MUTABLE"

  image_scanning_configuration {
    scan_on_push = true
  }

  # Destroy removes the repository with the images pushed during the session.
  force_delete = true
}

resource "aws_ecs_cluster" "main" {
  name = var.name
}

# The container instances: an ECS-optimised Amazon Linux 2 image that joins the cluster named
# in its user data.
data "aws_ami" "ecs" {
  most_recent = true
  owners      = ["amazon"]

  filter {
    name   = "name"
    values = ["amzn2-ami-ecs-hvm-*-x86_64-ebs"]
  }
}

data "aws_iam_policy_document" "ec2_assume" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "Service"
      identifiers = ["ec2.amazonaws.com"]
    }
  }
}

resource "aws_iam_role" "ecs_instance" {
  name               = "${var.name}-ecs-instance"
  assume_role_policy = data.aws_iam_policy_document.ec2_assume.json
}

resource "aws_iam_role_policy_attachment" "ecs_instance" {
  role       = aws_iam_role.ecs_instance.name
  policy_arn = "arn:aws:iam::aws:policy/service-role/AmazonEC2ContainerServiceforEC2Role"
}

resource "aws_iam_instance_profile" "ecs_instance" {
  name = "${var.name}-ecs-instance"
  role = aws_iam_role.ecs_instance.name
}

resource "aws_launch_template" "ecs" {
  name                   = "${var.name}-ecs"
  description            = "ECS container instances of ${var.name}"
  image_id               = data.aws_ami.ecs.id
  instance_type          = var.instance_type
  key_name               = aws_key_pair.main.key_name
  vpc_security_group_ids = [aws_security_group.app.id]
  update_default_version = true

  iam_instance_profile {
    arn = aws_iam_instance_profile.ecs_instance.arn
  }

  user_data = base64encode(<<-EOT
    #!/bin/bash
    echo ECS_CLUSTER=${aws_ecs_cluster.main.name} >> /etc/ecs/ecs.config
  EOT
  )

  metadata_options {
    http_endpoint = "enabled"
    http_tokens   = "required"
  }

  tag_specifications {
    resource_type = "instance"
    tags = {
      Name    = "${var.name}-ecs"
      Project = var.name
    }
  }
}

resource "aws_autoscaling_group" "ecs" {
  name                = "${var.name}-ecs"
  vpc_zone_identifier = aws_subnet.app[*].id
  min_size            = var.instance_count
  max_size            = var.max_instance_count
  desired_capacity    = var.instance_count
  health_check_type   = "EC2"

  launch_template {
    id      = aws_launch_template.ecs.id
    version = aws_launch_template.ecs.latest_version
  }

  tag {
    key                 = "Name"
    value               = "${var.name}-ecs"
    propagate_at_launch = true
  }

  tag {
    key                 = "Project"
    value               = var.name
    propagate_at_launch = true
  }
}

resource "aws_cloudwatch_log_group" "app" {
  name              = "/ecs/${var.name}"
  retention_in_days = var.log_retention_days
}

# The tasks pull from ECR and write logs with the execution role, and call S3, Lambda and
# Secrets Manager with the task role.
data "aws_iam_policy_document" "ecs_tasks_assume" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "Service"
      identifiers = ["ecs-tasks.amazonaws.com"]
    }
  }
}

resource "aws_iam_role" "task_execution" {
  name               = "${var.name}-task-execution"
  assume_role_policy = data.aws_iam_policy_document.ecs_tasks_assume.json
}

resource "aws_iam_role_policy_attachment" "task_execution" {
  role       = aws_iam_role.task_execution.name
  policy_arn = "arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy"
}

resource "aws_iam_role" "task" {
  name               = "${var.name}-task"
  assume_role_policy = data.aws_iam_policy_document.ecs_tasks_assume.json
}

data "aws_iam_policy_document" "task" {
  statement {
    sid     = "AudioAndImages"
    actions = ["s3:GetObject", "s3:PutObject", "s3:DeleteObject"]
    resources = [
      "${aws_s3_bucket.audio.arn}/*",
      "${aws_s3_bucket.images.arn}/*",
    ]
  }

  statement {
    sid       = "ListBuckets"
    actions   = ["s3:ListBucket"]
    resources = [aws_s3_bucket.audio.arn, aws_s3_bucket.images.arn]
  }

  statement {
    sid       = "SynthesizeThroughLambda"
    actions   = ["lambda:InvokeFunction"]
    resources = [aws_lambda_function.polly.arn]
  }

  statement {
    sid       = "DatabaseCredentials"
    actions   = ["secretsmanager:GetSecretValue"]
    resources = [aws_secretsmanager_secret.db.arn]
  }
}

resource "aws_iam_role_policy" "task" {
  name   = "application"
  role   = aws_iam_role.task.id
  policy = data.aws_iam_policy_document.task.json
}

locals {
  # What both the service and the migrations task are told: where things are, never secrets.
  app_environment = [
    { name = "DB_SECRET_ARN", value = aws_secretsmanager_secret.db.arn },
    { name = "AUDIO_BUCKET", value = aws_s3_bucket.audio.bucket },
    { name = "IMAGES_BUCKET", value = aws_s3_bucket.images.bucket },
    { name = "POLLY_FUNCTION", value = aws_lambda_function.polly.function_name },
    { name = "AWS_DEFAULT_REGION", value = var.region },
  ]

  image = "${aws_ecr_repository.app.repository_url}:${var.image_tag}"
}

resource "aws_ecs_task_definition" "app" {
  family                   = "${var.name}-app"
  requires_compatibilities = ["EC2"]
  network_mode             = "bridge"
  execution_role_arn       = aws_iam_role.task_execution.arn
  task_role_arn            = aws_iam_role.task.arn

  container_definitions = jsonencode([{
    name      = "app"
    image     = local.image
    essential = true
    memory    = 512
    portMappings = [{
      containerPort = var.app_port
      hostPort      = var.app_port
      protocol      = "tcp"
    }]
    environment = local.app_environment
    logConfiguration = {
      logDriver = "awslogs"
      options = {
        awslogs-group         = aws_cloudwatch_log_group.app.name
        awslogs-region        = var.region
        awslogs-stream-prefix = "app"
      }
    }
  }])
}

# Run once after each deployment (aws ecs run-task) to bring the schema up to date; its
# output is what the log group was made for.
resource "aws_ecs_task_definition" "migrate" {
  family                   = "${var.name}-migrate"
  requires_compatibilities = ["EC2"]
  network_mode             = "bridge"
  execution_role_arn       = aws_iam_role.task_execution.arn
  task_role_arn            = aws_iam_role.task.arn

  container_definitions = jsonencode([{
    name        = "migrate"
    image       = local.image
    essential   = true
    memory      = 256
    command     = ["flask", "db", "upgrade"]
    environment = local.app_environment
    logConfiguration = {
      logDriver = "awslogs"
      options = {
        awslogs-group         = aws_cloudwatch_log_group.app.name
        awslogs-region        = var.region
        awslogs-stream-prefix = "migrate"
      }
    }
  }])
}

resource "aws_ecs_service" "app" {
  name            = "app"
  cluster         = aws_ecs_cluster.main.id
  task_definition = aws_ecs_task_definition.app.arn
  desired_count   = var.app_count
  launch_type     = "EC2"

  # No ordered_placement_strategy: a service's tasks are spread over the zones by default
  # (spread on attribute:ecs.availability-zone), so a zone's outage leaves the other serving.

  load_balancer {
    target_group_arn = aws_lb_target_group.app.arn
    container_name   = "app"
    container_port   = var.app_port
  }

  # Fixed host ports: a deployment stops an old task on an instance before starting a new one.
  deployment_minimum_healthy_percent = 50
  deployment_maximum_percent         = 100

  # The target group must be attached to the load balancer before a service can use it.
  depends_on = [aws_lb_listener.http]
}
