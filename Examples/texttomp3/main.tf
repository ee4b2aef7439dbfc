# TextToMP3: a Flask application that turns text into speech, on ECS across two zones, as
# seed report 002 describes it. See README.md for what each file builds.

terraform {
  required_providers {
    aws = {
      source = "hashicorp/aws"
    }
  }
}

provider "aws" {
  region = var.region

  # Every object that takes tags carries this one, so a session's objects are easy to find
  # (and to check that destroy left nothing behind).
  default_tags {
    tags = {
      Project = var.name
    }
  }
}

data "aws_caller_identity" "current" {}
