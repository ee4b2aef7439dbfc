"""Turns text into an MP3 file with Amazon Polly and stores it in the audio bucket.

The application invokes the function with {"text": ..., "voice": ..., "key": ...} and reads
the file back from the bucket under that key.
"""
import os

import boto3

polly = boto3.client("polly")
s3 = boto3.client("s3")


def handler(event, context):
    speech = polly.synthesize_speech(
        Text=event["text"],
        VoiceId=event.get("voice", "Joanna"),
        OutputFormat="mp3",
    )
    s3.put_object(
        Bucket=os.environ["AUDIO_BUCKET"],
        Key=event["key"],
        Body=speech["AudioStream"].read(),
        ContentType="audio/mpeg",
    )
    return {"bucket": os.environ["AUDIO_BUCKET"], "key": event["key"]}
