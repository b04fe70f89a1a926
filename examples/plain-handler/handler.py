import json

import requests


def handler(event, context):
    """A plain Lambda handler: spindrift's index.handler calls it with (event, context)."""
    return {
        "received": json.dumps(event, sort_keys=True),
        "requests_version": requests.__version__,
    }
