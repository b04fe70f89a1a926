import pytest

import hand_events as ev
from shimkit import shim


@pytest.mark.parametrize(
    "event, expected",
    [
        (ev.rest_v1(), "rest_v1"),
        (ev.rest_v1_minimal(), "rest_v1"),
        (ev.http_v1(), "http_v1"),
        (ev.http_v2(), "http_v2"),
        (ev.http_v2(raw_path="/", stage="$default"), "http_v2"),
        (ev.function_url(), "function_url"),
        (ev.alb_single(), "alb"),
        (ev.alb_multi(), "alb_mv"),
        (ev.alb_health_check(), "alb"),
        ({"httpMethod": "GET", "path": "/"}, "rest_v1"),
        (ev.SQS, "sqs"),
        (ev.S3, "s3"),
        (ev.SNS, "sns"),
        (ev.DYNAMODB, "dynamodb"),
        (ev.KINESIS, "kinesis"),
        (ev.EVENTBRIDGE, "eventbridge"),
        (ev.SCHEDULED, "scheduled"),
        (ev.TOKEN_AUTHORIZER, "authorizer"),
        (ev.REQUEST_AUTHORIZER_V1, "authorizer"),
        (ev.REQUEST_AUTHORIZER_V2, "authorizer"),
        (ev.LATTICE_V1, "lattice_v1"),
        (ev.LATTICE_V2, "lattice_v2"),
        (ev.EDGE, "cloudfront"),
        (ev.LOGS, "cloudwatch_logs"),
        (ev.KAFKA, "kafka"),
        (ev.COGNITO, "cognito"),
        (ev.CFN, "cloudformation"),
        ({}, "unknown"),
        ({"warmer": True}, "unknown"),
        ({"Records": []}, "unknown"),
        ({"Records": [{"eventSource": "aws:something-new"}]}, "unknown"),
        ([1, 2], "unknown"),
        (None, "unknown"),
        ("text", "unknown"),
    ],
)
def test_classify(event, expected):
    assert shim.classify(event) == expected


def test_function_url_is_recognised_by_host_header_alone():
    event = ev.function_url()
    del event["requestContext"]["domainName"]
    assert shim.classify(event) == "function_url"
    event["headers"]["host"] = "api.example.com"
    assert shim.classify(event) == "http_v2"


def test_version_2_without_request_context_http_is_never_http_api():
    event = ev.http_v2()
    del event["requestContext"]["http"]
    assert shim.classify(event) == "unknown"
