# One security group per role, each allowing in only what that role needs, from whom it needs
# it (another group, wherever possible), and everything out.

# SSH from the administrators' addresses only.
resource "aws_security_group" "bastion" {
  name        = "${var.name}-bastion"
  description = "The bastion: SSH from the administrators"
  vpc_id      = aws_vpc.main.id

  ingress {
    description = "Allow inbound SSH traffic from Admins"
    protocol    = "tcp"
    from_port   = 22
    to_port     = 22
    cidr_blocks = var.admin_cidr_blocks
  }

  egress {
    description = "Allow all outbound traffic"
    protocol    = "-1"
    from_port   = 0
    to_port     = 0
    cidr_blocks = ["0.0.0.0/0"]
  }

  tags = {
    Name = "Bastion Security Group"
  }
}

resource "aws_security_group" "load_balancer" {
  name        = "${var.name}-load-balancer"
  description = "The load balancer: the application's port from anywhere"
  vpc_id      = aws_vpc.main.id

  ingress {
    description = "Allow inbound HTTP traffic"
    protocol    = "tcp"
    from_port   = var.app_port
    to_port     = var.app_port
    cidr_blocks = ["0.0.0.0/0"]
  }

  egress {
    description = "Allow all outbound traffic"
    protocol    = "-1"
    from_port   = 0
    to_port     = 0
    cidr_blocks = ["0.0.0.0/0"]
  }

  tags = {
    Name = "Load Balancer Security Group"
  }
}

resource "aws_security_group" "web" {
  name        = "${var.name}-web"
  description = "The web servers: the application from the load balancer, SSH from the bastion"
  vpc_id      = aws_vpc.main.id

  ingress {
    description     = "Allow inbound HTTP traffic from Load Balancer"
    protocol        = "tcp"
    from_port       = var.app_port
    to_port         = var.app_port
    security_groups = [aws_security_group.load_balancer.id]
  }

  ingress {
    description     = "Allow inbound SSH traffic from bastions"
    protocol        = "tcp"
    from_port       = 22
    to_port         = 22
    security_groups = [aws_security_group.bastion.id]
  }

  egress {
    description = "Allow all outbound traffic"
    protocol    = "-1"
    from_port   = 0
    to_port     = 0
    cidr_blocks = ["0.0.0.0/0"]
  }

  tags = {
    Name = "Web Servers Security Group"
  }
}

resource "aws_security_group" "database" {
  name        = "${var.name}-database"
  description = "The database servers: PostgreSQL from the web servers, SSH from the bastion"
  vpc_id      = aws_vpc.main.id

  ingress {
    description     = "Allow inbound PostgreSQL traffic from Web Servers"
    protocol        = "tcp"
    from_port       = 5432
    to_port         = 5432
    security_groups = [aws_security_group.web.id]
  }

  ingress {
    description     = "Allow inbound SSH traffic from bastions"
    protocol        = "tcp"
    from_port       = 22
    to_port         = 22
    security_groups = [aws_security_group.bastion.id]
  }

  egress {
    description = "Allow all outbound traffic"
    protocol    = "-1"
    from_port   = 0
    to_port     = 0
    cidr_blocks = ["0.0.0.0/0"]
  }

  tags = {
    Name = "Database Security Group"
  }
}

resource "aws_security_group" "database_efs" {
  name        = "${var.name}-database-efs"
  description = "The database file system: NFS from the database servers"
  vpc_id      = aws_vpc.main.id

  ingress {
    description     = "Allow inbound NFS traffic from Databases"
    protocol        = "tcp"
    from_port       = 2049
    to_port         = 2049
    security_groups = [aws_security_group.database.id]
  }

  egress {
    description = "Allow all outbound traffic"
    protocol    = "-1"
    from_port   = 0
    to_port     = 0
    cidr_blocks = ["0.0.0.0/0"]
  }

  tags = {
    Name = "Database EFS Security Group"
  }
}

resource "aws_security_group" "nat" {
  name        = "${var.name}-nat"
  description = "The NAT instance: HTTP and HTTPS from the database servers"
  vpc_id      = aws_vpc.main.id

  ingress {
    description     = "Allow inbound HTTP traffic from database servers"
    protocol        = "tcp"
    from_port       = 80
    to_port         = 80
    security_groups = [aws_security_group.database.id]
  }

  ingress {
    description     = "Allow inbound HTTPS traffic from database servers"
    protocol        = "tcp"
    from_port       = 443
    to_port         = 443
    security_groups = [aws_security_group.database.id]
  }

  egress {
    description = "Allow all outbound traffic"
    protocol    = "-1"
    from_port   = 0
    to_port     = 0
    cidr_blocks = ["0.0.0.0/0"]
  }

  tags = {
    Name = "NAT Instances Security Group"
  }
}
