variable "region" {
  description = "Where the networks go."
  type        = string
  default     = "eu-west-1"
}

variable "secondary_region" {
  type    = string
  default = "eu-central-1"
}

variable "environment" {
  description = "A short name, used as the prefix of every name."
  type        = string

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]*$", var.environment))
    error_message = "The environment must start with a letter and use only lowercase letters, digits and dashes."
  }
}

variable "networks" {
  description = "The networks to build, by name."
  type = map(object({
    cidr    = string
    subnets = optional(number, 2)
    public  = optional(bool, false)
  }))
  default = {
    app  = { cidr = "10.10.0.0/16", public = true }
    data = { cidr = "10.20.0.0/16", subnets = 3 }
  }
}

variable "replica_regions" {
  type    = list(string)
  default = []
}

variable "db_password" {
  type      = string
  sensitive = true
  default   = "correct-horse-battery-staple"
}

variable "owner" {
  type     = string
  default  = null
  nullable = true
}
