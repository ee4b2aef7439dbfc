variable "region" {
  description = "AWS region to build in."
  type        = string
  default     = "us-east-1"
}

variable "availability_zones" {
  description = "The two zones the application, its database and its replica are spread over. us-east-1e rather than us-east-1b: the latter ran out of t2.medium capacity."
  type        = list(string)
  default     = ["us-east-1a", "us-east-1e"]

  validation {
    condition     = length(var.availability_zones) == 2
    error_message = "Give exactly two availability zones: one public and two private subnets are made in each."
  }
}

variable "name" {
  description = "Prefix for every name, and the value of the Project tag."
  type        = string
  default     = "texttomp3"
}

variable "vpc_cidr" {
  description = "The VPC's address range."
  type        = string
  default     = "172.2.0.0/16"
}

variable "public_subnet_cidrs" {
  description = "One public subnet per zone: the load balancer, the NAT gateways and the bastion."
  type        = list(string)
  default     = ["172.2.1.0/24", "172.2.2.0/24"]
}

variable "app_subnet_cidrs" {
  description = "One private subnet per zone for the ECS container instances."
  type        = list(string)
  default     = ["172.2.3.0/24", "172.2.4.0/24"]
}

variable "db_subnet_cidrs" {
  description = "One private subnet per zone for the database (first zone) and its read replica (second zone)."
  type        = list(string)
  default     = ["172.2.5.0/24", "172.2.6.0/24"]
}

variable "ssh_cidr" {
  description = "Who may SSH to the bastion. Open while developing; narrow it to your own address."
  type        = string
  default     = "0.0.0.0/0"
}

variable "ssh_public_key" {
  description = "The OpenSSH public key for the bastion and the container instances (the private key stays on your machine; use SSH agent forwarding through the bastion)."
  type        = string
}

variable "instance_type" {
  description = "The ECS container instances' type."
  type        = string
  default     = "t2.medium"
}

variable "instance_count" {
  description = "How many container instances run normally (one per zone)."
  type        = number
  default     = 2
}

variable "max_instance_count" {
  description = "How far the container instances may scale out."
  type        = number
  default     = 4
}

variable "bastion_instance_type" {
  description = "The bastion's instance type."
  type        = string
  default     = "t3.micro"
}

variable "image_tag" {
  description = "The tag of the application image in the ECR repository."
  type        = string
  default     = "latest"
}

variable "app_port" {
  description = "The port the Flask application listens on, in the container and on the instance."
  type        = number
  default     = 5000
}

variable "app_count" {
  description = "How many copies of the application task run (spread over the zones)."
  type        = number
  default     = 2
}

variable "db_instance_class" {
  description = "The database's and the replica's instance class."
  type        = string
  default     = "db.t3.micro"
}

variable "db_name" {
  description = "The application's database."
  type        = string
  default     = "texttomp3"
}

variable "db_username" {
  description = "The database's master user."
  type        = string
  default     = "texttomp3"
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

variable "log_retention_days" {
  description = "How long the application's and the migrations' logs are kept."
  type        = number
  default     = 14
}

variable "domain_name" {
  description = "The public domain the application answers on."
  type        = string
  default     = "slangz.com"
}
