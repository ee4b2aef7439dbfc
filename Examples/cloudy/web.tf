# The web tier: the application in containers on an auto scaling group of instances in the
# public subnets, behind an application load balancer, scaled on CPU.

# The web servers read the database's credentials from Secrets Manager and publish their own
# memory and disk metrics to CloudWatch, as the instance profile's role allows.
resource "aws_iam_role" "web" {
  name = "${var.name}-web"
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

resource "aws_iam_role_policy" "web" {
  name = "read-db-secret-and-put-metrics"
  role = aws_iam_role.web.id

  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Effect   = "Allow"
        Action   = ["secretsmanager:GetSecretValue"]
        Resource = aws_secretsmanager_secret.db.arn
      },
      {
        Effect   = "Allow"
        Action   = ["cloudwatch:PutMetricData"]
        Resource = "*"
      },
    ]
  })
}

resource "aws_iam_instance_profile" "web" {
  name = "${var.name}-web"
  path = "/"
  role = aws_iam_role.web.name
}

resource "aws_launch_configuration" "web" {
  name_prefix          = "${var.name}-web-"
  image_id             = data.aws_ami.amazon_linux.id
  instance_type        = var.web_instance_type
  key_name             = aws_key_pair.admin.key_name
  iam_instance_profile = aws_iam_instance_profile.web.name
  security_groups      = [aws_security_group.web.id]

  user_data = templatefile("${path.module}/user-data/web.sh.tftpl", {
    region        = var.region
    app_image     = var.app_image
    app_port      = var.app_port
    db_secret_arn = aws_secretsmanager_secret.db.arn
  })

  # A launch configuration cannot change: a new one replaces it, and the group moves to the
  # new one before the old one goes.
  lifecycle {
    create_before_destroy = true
  }
}

resource "aws_lb" "web" {
  name               = "${var.name}-web"
  load_balancer_type = "application"
  internal           = false
  subnets            = aws_subnet.public[*].id
  security_groups    = [aws_security_group.load_balancer.id]
}

resource "aws_lb_target_group" "web" {
  name                 = "${var.name}-web"
  vpc_id               = aws_vpc.main.id
  port                 = var.app_port
  protocol             = "HTTP"
  deregistration_delay = 20

  health_check {
    protocol            = "HTTP"
    path                = "/"
    matcher             = "200"
    interval            = 30
    timeout             = 15
    healthy_threshold   = 5
    unhealthy_threshold = 3
  }

  tags = {
    Name = "${var.name}-web"
    Port = var.app_port
  }
}

resource "aws_lb_listener" "web" {
  load_balancer_arn = aws_lb.web.arn
  port              = var.app_port
  protocol          = "HTTP"

  default_action {
    type             = "forward"
    target_group_arn = aws_lb_target_group.web.arn
  }
}

resource "aws_autoscaling_group" "web" {
  name                 = "${var.name}-web"
  vpc_zone_identifier  = aws_subnet.public[*].id
  launch_configuration = aws_launch_configuration.web.name
  target_group_arns    = [aws_lb_target_group.web.arn]
  min_size             = var.web_min_size
  max_size             = var.web_max_size

  tag {
    key                 = "Name"
    value               = "${var.name} web server"
    propagate_at_launch = true
  }

  # The web servers need their database from the start.
  depends_on = [aws_autoscaling_group.database]
}

# Scale up on sustained load only (CPU above the threshold for two minutes), and down again
# when it has been low for as long; one instance at a time, a minute apart.
resource "aws_autoscaling_policy" "web_scale_up" {
  name                   = "${var.name}-web-scale-up"
  autoscaling_group_name = aws_autoscaling_group.web.name
  adjustment_type        = "ChangeInCapacity"
  scaling_adjustment     = 1
  cooldown               = 60
}

resource "aws_autoscaling_policy" "web_scale_down" {
  name                   = "${var.name}-web-scale-down"
  autoscaling_group_name = aws_autoscaling_group.web.name
  adjustment_type        = "ChangeInCapacity"
  scaling_adjustment     = -1
  cooldown               = 60
}

resource "aws_cloudwatch_metric_alarm" "web_cpu_high" {
  alarm_name          = "${var.name}-web-cpu-high"
  alarm_description   = "Scale-up if CPU > ${var.scale_up_cpu_percent}% for 2 minutes"
  namespace           = "AWS/EC2"
  metric_name         = "CPUUtilization"
  statistic           = "Average"
  period              = 60
  evaluation_periods  = 2
  comparison_operator = "GreaterThanThreshold"
  threshold           = var.scale_up_cpu_percent
  alarm_actions       = [aws_autoscaling_policy.web_scale_up.arn]

  dimensions = {
    AutoScalingGroupName = aws_autoscaling_group.web.name
  }
}

resource "aws_cloudwatch_metric_alarm" "web_cpu_low" {
  alarm_name          = "${var.name}-web-cpu-low"
  alarm_description   = "Scale-down if CPU < ${var.scale_down_cpu_percent}% for 2 minutes"
  namespace           = "AWS/EC2"
  metric_name         = "CPUUtilization"
  statistic           = "Average"
  period              = 60
  evaluation_periods  = 2
  comparison_operator = "LessThanThreshold"
  threshold           = var.scale_down_cpu_percent
  alarm_actions       = [aws_autoscaling_policy.web_scale_down.arn]

  dimensions = {
    AutoScalingGroupName = aws_autoscaling_group.web.name
  }
}
