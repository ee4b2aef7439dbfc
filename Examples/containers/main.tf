# A containerised application with its database, as the design card describes it: VPC
# networking, ECR and ECS on Fargate, RDS PostgreSQL, a private Route 53 zone and the
# database's connection settings in Secrets Manager. See README.md.

terraform {
  required_providers {
    aws = {
      source = "hashicorp/aws"
    }
  }
}

provider "aws" {
  region = var.region

  # Every object the example makes carries this tag, so it is easy to find (and to check that
  # destroy left nothing behind).
  default_tags {
    tags = {
      Project = var.name
    }
  }
}
