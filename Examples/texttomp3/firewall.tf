# Network ACLs (stateless, per subnet) and security groups (stateful, per resource), as the
# report lists them. Because ACLs are stateless, each also admits the ephemeral ports that
# answers come back on, and the private one lets the instances reach AWS's APIs over HTTPS and
# the database across subnets; the report's list leaves these implicit, but without them the
# NAT gateways, ECS agents and the application could not work.

locals {
  public_inbound = {
    100 = { from = 80, to = 80 }      # HTTP to the load balancer
    110 = { from = 443, to = 443 }    # HTTPS to the load balancer
    120 = { from = 22, to = 22 }      # SSH to the bastion
    130 = { from = 1024, to = 65535 } # answers to the NAT gateways' and load balancer's connections
  }

  private_inbound = {
    100 = { from = 80, to = 80 }
    110 = { from = 443, to = 443 }
    120 = { from = 22, to = 22 }                     # SSH from the bastion
    130 = { from = var.app_port, to = var.app_port } # the load balancer to the application
    140 = { from = 5432, to = 5432 }                 # PostgreSQL
    150 = { from = 1024, to = 65535 }                # answers from the internet through NAT
  }

  private_outbound = {
    100 = { from = 1024, to = 65535, cidr = "0.0.0.0/0" } # answers, and ECS's own ports
    110 = { from = 443, to = 443, cidr = "0.0.0.0/0" }    # ECR, ECS, S3, Lambda, Secrets Manager
    120 = { from = 5432, to = 5432, cidr = var.vpc_cidr } # the application to the database
  }
}

resource "aws_network_acl" "public" {
  vpc_id     = aws_vpc.main.id
  subnet_ids = aws_subnet.public[*].id

  dynamic "ingress" {
    for_each = local.public_inbound
    content {
      rule_no    = ingress.key
      protocol   = "tcp"
      action     = "allow"
      cidr_block = "0.0.0.0/0"
      from_port  = ingress.value.from
      to_port    = ingress.value.to
    }
  }

  egress {
    rule_no    = 100
    protocol   = "-1"
    action     = "allow"
    cidr_block = "0.0.0.0/0"
    from_port  = 0
    to_port    = 0
  }

  tags = {
    Name = "${var.name}-public"
  }
}

resource "aws_network_acl" "private" {
  vpc_id     = aws_vpc.main.id
  subnet_ids = concat(aws_subnet.app[*].id, aws_subnet.db[*].id)

  dynamic "ingress" {
    for_each = local.private_inbound
    content {
      rule_no    = ingress.key
      protocol   = "tcp"
      action     = "allow"
      cidr_block = "0.0.0.0/0"
      from_port  = ingress.value.from
      to_port    = ingress.value.to
    }
  }

  dynamic "egress" {
    for_each = local.private_outbound
    content {
      rule_no    = egress.key
      protocol   = "tcp"
      action     = "allow"
      cidr_block = egress.value.cidr
      from_port  = egress.value.from
      to_port    = egress.value.to
    }
  }

  tags = {
    Name = "${var.name}-private"
  }
}

resource "aws_security_group" "alb" {
  name        = "${var.name}-alb"
  description = "The load balancer: HTTP and HTTPS from anywhere"
  vpc_id      = aws_vpc.main.id

  ingress {
    description = "HTTP"
    from_port   = 80
    to_port     = 80
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }

  ingress {
    description = "HTTPS"
    from_port   = 443
    to_port     = 443
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }

  egress {
    description = "To the application in the private subnets"
    from_port   = var.app_port
    to_port     = var.app_port
    protocol    = "tcp"
    cidr_blocks = var.app_subnet_cidrs
  }

  tags = {
    Name = "${var.name}-alb"
  }
}

resource "aws_security_group" "bastion" {
  name        = "${var.name}-bastion"
  description = "The bastion: SSH from the developers"
  vpc_id      = aws_vpc.main.id

  ingress {
    description = "SSH"
    from_port   = 22
    to_port     = 22
    protocol    = "tcp"
    cidr_blocks = [var.ssh_cidr]
  }

  egress {
    description = "SSH on to the private instances, and updates"
    from_port   = 0
    to_port     = 0
    protocol    = "-1"
    cidr_blocks = ["0.0.0.0/0"]
  }

  tags = {
    Name = "${var.name}-bastion"
  }
}

resource "aws_security_group" "app" {
  name        = "${var.name}-app"
  description = "The ECS container instances: the application from the load balancer, SSH from the bastion"
  vpc_id      = aws_vpc.main.id

  ingress {
    description     = "The application, from the load balancer"
    from_port       = var.app_port
    to_port         = var.app_port
    protocol        = "tcp"
    security_groups = [aws_security_group.alb.id]
  }

  ingress {
    description     = "SSH, from the bastion"
    from_port       = 22
    to_port         = 22
    protocol        = "tcp"
    security_groups = [aws_security_group.bastion.id]
  }

  egress {
    description = "ECR, ECS, S3, Lambda, Secrets Manager and the database"
    from_port   = 0
    to_port     = 0
    protocol    = "-1"
    cidr_blocks = ["0.0.0.0/0"]
  }

  tags = {
    Name = "${var.name}-app"
  }
}

resource "aws_security_group" "db" {
  name        = "${var.name}-db"
  description = "The database and its replica: PostgreSQL from the application only"
  vpc_id      = aws_vpc.main.id

  ingress {
    description     = "PostgreSQL, from the application"
    from_port       = 5432
    to_port         = 5432
    protocol        = "tcp"
    security_groups = [aws_security_group.app.id]
  }

  tags = {
    Name = "${var.name}-db"
  }
}
