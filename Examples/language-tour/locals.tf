locals {
  name_prefix = "${var.environment}-${data.aws_region.current.name}"

  common_tags = {
    Environment = var.environment
    ManagedBy   = "prov"
    Owner       = coalesce(var.owner, "platform")
  }

  zones = slice(sort(data.aws_availability_zones.available.names), 0, 2)

  # One entry per subnet of every network, spread over the zones.
  subnet_plan = flatten([
    for name, network in var.networks : [
      for index in range(network.subnets) : {
        key     = "${name}-${index}"
        network = name
        cidr    = cidrsubnet(network.cidr, 8, index)
        zone    = local.zones[index % length(local.zones)]
        public  = network.public
      }
    ]
  ])

  subnets_by_zone = { for subnet in local.subnet_plan : subnet.zone => subnet.key... }
  public_keys     = [for subnet in local.subnet_plan : subnet.key if subnet.public]

  summary = templatefile("${path.module}/summary.tftpl", {
    environment = var.environment
    networks    = var.networks
  })

  banner = <<-EOT
    Environment ${upper(var.environment)} in ${data.aws_region.current.name}
    %{~ for name, network in var.networks }
    - ${name}: ${network.cidr}%{ if network.public } (public)%{ endif }
    %{~ endfor }
  EOT
}
