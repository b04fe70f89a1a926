"""Events written by hand for the unit tests, one per shape that matters.

Each is a function so that every test gets a fresh, unshared dict.
"""

import base64

APIGW_HOST = "abc123defg.execute-api.eu-west-1.amazonaws.com"
URL_HOST = "q7xyzabcdefghijklmnop.lambda-url.eu-west-1.on.aws"
ALB_HOST = "internal-app-1234567890.eu-west-1.elb.amazonaws.com"
ELB = {"elb": {"targetGroupArn": "arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup/t/abc"}}


def rest_v1():
    """REST API v1 proxy: stage in requestContext.path, encoded path, MV query and headers, base64 body."""
    return {
        "resource": "/{proxy+}",
        "path": "/caf%C3%A9/a%2Fb/x+y/",
        "httpMethod": "post",
        "headers": {
            "Host": APIGW_HOST,
            "Accept": "application/json",
            "Content-Type": "application/x-www-form-urlencoded",
            "Content-Length": "999",
            "Cookie": "c=3",
            "User-Agent": "real-agent",
            "user_agent": "spoofed",
            "X-Forwarded-For": "203.0.113.9, 198.51.100.1",
            "X-Forwarded-Port": "443",
            "X-Forwarded-Proto": "https",
        },
        "multiValueHeaders": {
            "Host": [APIGW_HOST],
            "Accept": ["text/html", "application/json"],
            "Content-Type": ["application/x-www-form-urlencoded"],
            "Content-Length": ["999"],
            "Cookie": ["a=1; b=2", "c=3"],
            "User-Agent": ["real-agent"],
            "user_agent": ["spoofed"],
            "X-Forwarded-For": ["203.0.113.9, 198.51.100.1"],
            "X-Forwarded-Port": ["443"],
            "X-Forwarded-Proto": ["https"],
        },
        "queryStringParameters": {"q": "last", "sp": "a b"},
        "multiValueQueryStringParameters": {
            "q": ["first", "last"],
            "sp": ["a b"],
            "plus": ["1+1"],
            "amp": ["x&y=z"],
            "uni": ["caf\u00e9"],
            "empty": [""],
        },
        "pathParameters": {"proxy": "caf%C3%A9/a%2Fb/x+y/"},
        "requestContext": {
            "resourcePath": "/{proxy+}",
            "httpMethod": "POST",
            "path": "/live/caf%C3%A9/a%2Fb/x+y/",
            "stage": "live",
            "protocol": "HTTP/1.1",
            "domainName": APIGW_HOST,
            "identity": {"sourceIp": "203.0.113.9"},
            "authorizer": {"principalId": "user-42", "tier": "gold"},
        },
        "body": base64.b64encode(b"k=v&bin=\xff\x00").decode(),
        "isBase64Encoded": True,
    }


def rest_v1_minimal(path="/items/7", stage="prod", host=APIGW_HOST, rc_path=None):
    """REST v1 without requestContext.path (SCRIPT_NAME comes from the stage on the default host)."""
    rc = {"stage": stage, "identity": {"sourceIp": "198.51.100.2"}}
    if rc_path is not None:
        rc["path"] = rc_path
    return {
        "resource": "/{proxy+}",
        "path": path,
        "httpMethod": "GET",
        "headers": {"Host": host} if host else None,
        "multiValueHeaders": {"Host": [host]} if host else None,
        "queryStringParameters": None,
        "multiValueQueryStringParameters": None,
        "requestContext": rc,
        "body": None,
        "isBase64Encoded": False,
    }


def http_v1():
    """HTTP API payload 1.0: path already decoded by AWS (a literal '%41' must stay as it is)."""
    return {
        "version": "1.0",
        "resource": "/{proxy+}",
        "path": "/files/100%41 x",
        "httpMethod": "PUT",
        "headers": {"host": APIGW_HOST, "header2": "two", "content-type": "text/plain"},
        "multiValueHeaders": {"header2": ["one", "two"]},
        "queryStringParameters": {"k": "2"},
        "multiValueQueryStringParameters": {"k": ["1", "2"]},
        "requestContext": {
            "path": "/files/100%41 x",
            "stage": "$default",
            "protocol": "HTTP/1.1",
            "resourceId": None,
            "identity": {"sourceIp": "192.0.2.10"},
        },
        "body": "caf\u00e9",
        "isBase64Encoded": False,
    }


def http_v2(raw_path="/beta/files/a+b/100%41/", stage="beta", **extra):
    """HTTP API payload 2.0, named stage, cookies[] plus a cookie header, repeated query keys."""
    event = {
        "version": "2.0",
        "routeKey": "ANY /{proxy+}",
        "rawPath": raw_path,
        "rawQueryString": "a=1&a=2&b=x%20y&c=1+1&d=%2B&e",
        "cookies": ["s=1", "t=2"],
        "headers": {
            "host": APIGW_HOST,
            "cookie": "s=1; u=3",
            "accept": "text/html,application/json",
            "content-type": "application/json",
            "content-length": "41",
            "x-forwarded-for": "192.0.2.20",
            "x-forwarded-port": "443",
            "x-forwarded-proto": "https",
        },
        "queryStringParameters": {"a": "1,2", "b": "x y", "c": "1 1", "d": "+", "e": ""},
        "requestContext": {
            "domainName": APIGW_HOST,
            "stage": stage,
            "http": {
                "method": "DELETE",
                "path": raw_path,
                "protocol": "HTTP/1.1",
                "sourceIp": "192.0.2.20",
            },
            "authorizer": {"jwt": {"claims": {"sub": "abc"}, "scopes": None}},
        },
        "body": '{"k": "v"}',
        "isBase64Encoded": False,
    }
    event.update(extra)
    return event


def function_url():
    """Function URL: rawPath is percent-encoded, cookies[] and the cookie header both present."""
    return {
        "version": "2.0",
        "routeKey": "$default",
        "rawPath": "/caf%C3%A9/x%20y/a%2541",
        "rawQueryString": "n=caf%C3%A9",
        "cookies": ["s=1", "t=2"],
        "headers": {
            "host": URL_HOST,
            "cookie": "s=1; t=2",
            "x-forwarded-proto": "https",
            "x-forwarded-port": "443",
            "x-forwarded-for": "192.0.2.30",
        },
        "requestContext": {
            "domainName": URL_HOST,
            "stage": "$default",
            "http": {
                "method": "GET",
                "path": "/caf\u00e9/x y/a%41",
                "protocol": "HTTP/1.1",
                "sourceIp": "192.0.2.30",
            },
        },
        "isBase64Encoded": False,
    }


def alb_single():
    """ALB, multi-value headers disabled: query values arrive exactly as the client sent them."""
    return {
        "requestContext": ELB,
        "httpMethod": "GET",
        "path": "/p%20q/caf%C3%A9",
        "queryStringParameters": {"a": "x+y", "b": "x%2By", "c": "caf%C3%A9", "e": ""},
        "headers": {
            "host": ALB_HOST,
            "cookie": "x=1; y=2",
            "x-forwarded-for": "198.51.100.7, 10.0.0.1",
            "x-forwarded-port": "443",
            "x-forwarded-proto": "https",
        },
        "body": "",
        "isBase64Encoded": False,
    }


def alb_multi():
    """ALB, multi-value headers enabled: no 'headers' key at all."""
    return {
        "requestContext": ELB,
        "httpMethod": "POST",
        "path": "/form",
        "multiValueQueryStringParameters": {"a": ["x+y", "1"], "b": ["%E2%82%AC"]},
        "multiValueHeaders": {
            "host": [ALB_HOST + ":8443"],
            "accept": ["text/html", "application/json"],
            "cookie": ["x=1", "y=2"],
            "x-forwarded-for": ["198.51.100.8", "10.0.0.2"],
            "x-forwarded-proto": ["http"],
        },
        "body": "aGVsbG8=",
        "isBase64Encoded": True,
    }


def alb_health_check():
    """ALB health check: no Host, no X-Forwarded-*."""
    return {
        "requestContext": ELB,
        "httpMethod": "GET",
        "path": "/health",
        "queryStringParameters": {},
        "headers": {"user-agent": "ELB-HealthChecker/2.0"},
        "body": "",
        "isBase64Encoded": False,
    }


LATTICE_HOST = "svc-0a40eebed65f8d69c.7d67968.vpc-lattice-svcs.eu-west-1.on.aws"


def lattice_v1():
    """VPC Lattice payload 1.0: snake_case keys, single-value headers, base64 body."""
    return {
        "raw_path": "/caf%C3%A9/x%20y",
        "method": "POST",
        "headers": {
            "host": LATTICE_HOST,
            "user_agent": "spoofed",
            "user-agent": "real",
            "x-forwarded-for": "10.0.0.9",
            "cookie": "s=1; t=2",
            "content-type": "text/plain",
        },
        "query_string_parameters": {"q": "a b", "u": "caf%C3%A9"},
        "body": base64.b64encode(b"hi there").decode(),
        "is_base64_encoded": True,
    }


def lattice_v2():
    """VPC Lattice payload 2.0: list-valued headers and query, requestContext without http."""
    return {
        "version": "2.0",
        "path": "/orders/7",
        "method": "PUT",
        "headers": {
            "host": [LATTICE_HOST],
            "accept": ["text/html", "application/json"],
            "x-forwarded-for": ["10.0.0.10"],
            "x-forwarded-proto": ["https"],
        },
        "queryStringParameters": {"a": ["1", "2"], "b": ["x"]},
        "body": '{"n": 1}',
        "isBase64Encoded": False,
        "requestContext": {
            "serviceArn": "arn:aws:vpc-lattice:eu-west-1:1:service/svc-0a40eebed65f8d69c",
            "identity": {"type": "AWS_IAM", "principal": "arn:aws:iam::1:role/caller"},
            "region": "eu-west-1",
        },
    }


# Non-HTTP events (and HTTP look-alikes that must not reach a WSGI app).
SQS = {"Records": [{"messageId": "1", "body": "hi", "eventSource": "aws:sqs", "eventSourceARN": "arn:q"}]}
S3 = {"Records": [{"eventSource": "aws:s3", "s3": {"bucket": {"name": "b"}, "object": {"key": "k"}}}]}
SNS = {"Records": [{"EventSource": "aws:sns", "Sns": {"Message": "m"}}]}
DYNAMODB = {"Records": [{"eventSource": "aws:dynamodb", "dynamodb": {"Keys": {}}}]}
KINESIS = {"Records": [{"eventSource": "aws:kinesis", "kinesis": {"data": "aGk="}}]}
EVENTBRIDGE = {"version": "0", "source": "my.app", "detail-type": "OrderPlaced", "detail": {}}
SCHEDULED = {"source": "aws.events", "detail-type": "Scheduled Event", "detail": {}, "resources": ["arn:r"]}
TOKEN_AUTHORIZER = {"type": "TOKEN", "authorizationToken": "x", "methodArn": "arn:aws:execute-api:..."}
REQUEST_AUTHORIZER_V1 = {
    "type": "REQUEST",
    "methodArn": "arn:aws:execute-api:eu-west-1:1:api/prod/GET/x",
    "httpMethod": "GET",
    "path": "/x",
    "headers": {"Host": APIGW_HOST},
    "requestContext": {"stage": "prod"},
}
REQUEST_AUTHORIZER_V2 = {
    "version": "2.0",
    "type": "REQUEST",
    "routeArn": "arn:aws:execute-api:eu-west-1:1:api/$default/GET/x",
    "rawPath": "/x",
    "rawQueryString": "",
    "requestContext": {"http": {"method": "GET", "path": "/x"}, "stage": "$default"},
}
LATTICE_V1 = {"raw_path": "/p", "method": "GET", "headers": {"user_agent": "x"}, "is_base64_encoded": False}
LATTICE_V2 = {
    "version": "2.0",
    "path": "/p",
    "method": "GET",
    "headers": {"accept": ["*/*"]},
    "requestContext": {"serviceArn": "arn:lattice"},
}
EDGE = {"Records": [{"cf": {"request": {"uri": "/x", "method": "GET", "headers": {}}}}]}
LOGS = {"awslogs": {"data": "H4sI"}}
KAFKA = {"eventSource": "aws:kafka", "records": {}}
COGNITO = {"triggerSource": "PreSignUp_SignUp", "userPoolId": "pool", "request": {}}
CFN = {"RequestType": "Create", "ServiceToken": "arn:fn", "ResourceProperties": {}}
