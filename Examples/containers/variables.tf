variable "region" {
  description = "AWS region to build in."
  type        = string
  default     = "eu-west-1"
}

variable "name" {
  description = "Prefix for every name, and the value of the Project tag."
  type        = string
  default     = "containers-example"
}

variable "cidr_block" {
  description = "The VPC's address range; each subnet takes a /20 of it."
  type        = string
  default     = "10.60.0.0/16"
}

variable "image_tag" {
  description = "The tag of the application image in the ECR repository."
  type        = string
  default     = "latest"
}

variable "desired_count" {
  description = "How many copies of the application task run."
  type        = number
  default     = 2
}

variable "db_username" {
  description = "The database's master user."
  type        = string
  default     = "app"
}

variable "db_password" {
  description = "The database's master password (at least 8 characters). Set it with TF_VAR_db_password or -var; it is never printed."
  type        = string
  sensitive   = true

  validation {
    condition     = length(var.db_password) >= 8
    error_message = "The database password must have at least 8 characters."
  }
}

variable "internal_domain" {
  description = "The private DNS zone the services find each other in."
  type        = string
  default     = "app.internal"
}
