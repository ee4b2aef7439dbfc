variable "region" {
  description = "AWS region to build in."
  type        = string
  default     = "eu-west-1"
}

variable "name" {
  description = "Prefix for every name, and the value of the Project tag."
  type        = string
  default     = "cloudy"
}

variable "vpc_cidr" {
  description = "The VPC's address range."
  type        = string
  default     = "10.0.0.0/16"
}

variable "public_subnet_cidrs" {
  description = "One public subnet per zone (the load balancer, the web servers, the NAT instance and the bastion)."
  type        = list(string)
  default     = ["10.0.0.0/24", "10.0.2.0/24"]
}

variable "private_subnet_cidrs" {
  description = "One private subnet per zone (the database servers and their file system)."
  type        = list(string)
  default     = ["10.0.1.0/24", "10.0.3.0/24"]
}

variable "admin_cidr_blocks" {
  description = "Where administrators connect to the bastion from over SSH, e.g. [\"198.51.100.7/32\"]."
  type        = list(string)
}

variable "ssh_public_key" {
  description = "The administrators' SSH public key (OpenSSH format), installed on every instance."
  type        = string
}

variable "nat_instance_type" {
  description = "The NAT instance's type; it carries the private subnets' traffic to the internet."
  type        = string
  default     = "t2.nano"
}

variable "bastion_instance_type" {
  type    = string
  default = "t2.nano"
}

variable "web_instance_type" {
  type    = string
  default = "t2.nano"
}

variable "web_min_size" {
  type    = number
  default = 2
}

variable "web_max_size" {
  type    = number
  default = 3
}

variable "app_image" {
  description = "The web application's container image."
  type        = string
  default     = "apahim/cloudy"
}

variable "app_port" {
  description = "The port the application listens on, behind the load balancer and on it."
  type        = number
  default     = 8080
}

variable "scale_up_cpu_percent" {
  description = "Add a web server when average CPU stays above this for two minutes."
  type        = number
  default     = 60
}

variable "scale_down_cpu_percent" {
  description = "Remove a web server when average CPU stays below this for two minutes."
  type        = number
  default     = 40
}

variable "db_instance_type" {
  type    = string
  default = "t2.nano"
}

variable "db_max_size" {
  description = "How many database servers may run; one is active, the others stand by."
  type        = number
  default     = 2
}

variable "db_virtual_ip" {
  description = "The address every database server answers on; the fail-over function routes it to the active one. It must lie outside the VPC's range."
  type        = string
  default     = "10.10.10.10"
}

variable "db_name" {
  type    = string
  default = "cloudy"
}

variable "db_username" {
  type    = string
  default = "cloudy"
}

variable "db_password" {
  description = "The database's password (at least 8 characters). Set it with TF_VAR_db_password or -var; it is never printed."
  type        = string
  sensitive   = true

  validation {
    condition     = length(var.db_password) >= 8
    error_message = "The database password must have at least 8 characters."
  }
}
