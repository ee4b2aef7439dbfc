# Two private buckets: the MP3 files the Polly function writes (the application lists, plays
# and deletes them) and the users' profile pictures. Names end in the account id, since
# bucket names are global.

resource "aws_s3_bucket" "audio" {
  bucket = "${var.name}-audio-${data.aws_caller_identity.current.account_id}"

  # Destroy empties the bucket first: its files are the session's test recordings.
  force_destroy = true
}

resource "aws_s3_bucket" "images" {
  bucket        = "${var.name}-images-${data.aws_caller_identity.current.account_id}"
  force_destroy = true
}

locals {
  buckets = {
    audio  = aws_s3_bucket.audio.id
    images = aws_s3_bucket.images.id
  }
}

resource "aws_s3_bucket_public_access_block" "private" {
  for_each = local.buckets

  bucket                  = each.value
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

resource "aws_s3_bucket_server_side_encryption_configuration" "private" {
  for_each = local.buckets

  bucket = each.value

  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm = "AES256"
    }
  }
}
