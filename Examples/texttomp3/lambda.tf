# The function that turns text into speech: the application invokes it with the text and a
# voice, it calls Polly and stores the MP3 in the audio bucket.
#
# lambda/polly.zip holds lambda/polly.py; after changing the code, rebuild it with
#   (cd lambda && zip polly.zip polly.py)
# and the next apply uploads it (the hash below changes).

data "aws_iam_policy_document" "lambda_assume" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "Service"
      identifiers = ["lambda.amazonaws.com"]
    }
  }
}

resource "aws_iam_role" "polly" {
  name               = "${var.name}-polly"
  assume_role_policy = data.aws_iam_policy_document.lambda_assume.json
}

resource "aws_iam_role_policy_attachment" "polly_logs" {
  role       = aws_iam_role.polly.name
  policy_arn = "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole"
}

data "aws_iam_policy_document" "polly" {
  statement {
    sid       = "Synthesize"
    actions   = ["polly:SynthesizeSpeech"]
    resources = ["*"]
  }

  statement {
    sid       = "StoreAudio"
    actions   = ["s3:PutObject"]
    resources = ["${aws_s3_bucket.audio.arn}/*"]
  }
}

resource "aws_iam_role_policy" "polly" {
  name   = "synthesize"
  role   = aws_iam_role.polly.id
  policy = data.aws_iam_policy_document.polly.json
}

resource "aws_lambda_function" "polly" {
  function_name    = "${var.name}-polly"
  description      = "Text to MP3 with Amazon Polly"
  role             = aws_iam_role.polly.arn
  handler          = "polly.handler"
  runtime          = "python3.12"
  filename         = "${path.module}/lambda/polly.zip"
  source_code_hash = filebase64sha256("${path.module}/lambda/polly.zip")
  timeout          = 30
  memory_size      = 256

  environment {
    variables = {
      AUDIO_BUCKET = aws_s3_bucket.audio.bucket
    }
  }

  # The function must be able to write its logs and audio from its first call.
  depends_on = [aws_iam_role_policy_attachment.polly_logs, aws_iam_role_policy.polly]
}
