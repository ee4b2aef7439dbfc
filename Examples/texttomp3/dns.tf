# The public zone of the application's domain, with its apex pointing at the load balancer.
# If the zone already exists (the report's team transferred theirs by hand), replace the
# resource with `data "aws_route53_zone" "public" { name = var.domain_name }`.

resource "aws_route53_zone" "public" {
  name    = var.domain_name
  comment = "Public names of ${var.name}"
}

resource "aws_route53_record" "app" {
  zone_id = aws_route53_zone.public.zone_id
  name    = var.domain_name
  type    = "A"

  alias {
    name                   = aws_lb.web.dns_name
    zone_id                = aws_lb.web.zone_id
    evaluate_target_health = true
  }
}
