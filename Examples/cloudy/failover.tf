# Fail-over of the database: every minute, a function routes the database's virtual IP to a
# healthy database server (see failover/index.py). failover.zip holds that file; rebuild it
# after changing it (README.md says how).

resource "aws_iam_role" "failover" {
  name = "${var.name}-database-failover"
  path = "/"

  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Service = "lambda.amazonaws.com" }
      Action    = "sts:AssumeRole"
    }]
  })
}

# Writing its logs.
resource "aws_iam_role_policy_attachment" "failover_logs" {
  role       = aws_iam_role.failover.name
  policy_arn = "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole"
}

# Finding the servers and the route table, and moving the route.
resource "aws_iam_role_policy" "failover" {
  name = "route-database-virtual-ip"
  role = aws_iam_role.failover.id

  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Effect   = "Allow"
        Action   = ["ec2:DescribeInstances", "ec2:DescribeInstanceStatus", "ec2:DescribeRouteTables"]
        Resource = "*"
      },
      {
        Effect   = "Allow"
        Action   = ["ec2:CreateRoute", "ec2:ReplaceRoute"]
        Resource = aws_route_table.public.arn
      },
      {
        Effect   = "Allow"
        Action   = ["ec2:ModifyInstanceAttribute"]
        Resource = "*"
        Condition = {
          StringEquals = { "ec2:ResourceTag/database" = "true" }
        }
      },
    ]
  })
}

# Made here rather than by Lambda on first run, so it has a retention and goes on destroy.
resource "aws_cloudwatch_log_group" "failover" {
  name              = "/aws/lambda/${var.name}-database-failover"
  retention_in_days = 14
}

resource "aws_lambda_function" "failover" {
  function_name    = "${var.name}-database-failover"
  description      = "Routes the database's virtual IP to a healthy database server"
  role             = aws_iam_role.failover.arn
  runtime          = "python3.12"
  handler          = "index.lambda_handler"
  timeout          = 20
  filename         = "${path.module}/failover.zip"
  source_code_hash = filebase64sha256("${path.module}/failover.zip")

  environment {
    variables = {
      TAG_KEY    = "database"
      VIRTUAL_IP = var.db_virtual_ip
    }
  }

  depends_on = [
    aws_cloudwatch_log_group.failover,
    aws_iam_role_policy_attachment.failover_logs,
    aws_iam_role_policy.failover,
  ]
}

resource "aws_cloudwatch_event_rule" "failover" {
  name                = "${var.name}-database-failover"
  description         = "Check the database servers every minute"
  schedule_expression = "rate(1 minute)"
  state               = "ENABLED"
}

resource "aws_cloudwatch_event_target" "failover" {
  rule      = aws_cloudwatch_event_rule.failover.name
  target_id = "database-failover"
  arn       = aws_lambda_function.failover.arn
}

resource "aws_lambda_permission" "failover" {
  statement_id  = "AllowEventBridgeSchedule"
  action        = "lambda:InvokeFunction"
  function_name = aws_lambda_function.failover.function_name
  principal     = "events.amazonaws.com"
  source_arn    = aws_cloudwatch_event_rule.failover.arn
}
