# A private zone, so the application finds the database by a stable name that survives
# replacing the instance.

resource "aws_route53_zone" "internal" {
  name    = var.internal_domain
  comment = "Private names of ${var.name}"

  vpc {
    vpc_id = aws_vpc.main.id
  }

  # Records added by hand during a session do not block destroy.
  force_destroy = true
}

resource "aws_route53_record" "db" {
  zone_id = aws_route53_zone.internal.zone_id
  name    = "db.${var.internal_domain}"
  type    = "CNAME"
  ttl     = 60
  records = [aws_db_instance.main.address]
}
