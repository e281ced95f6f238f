#!/usr/bin/env python3
"""Writes assets/demo/cloudintegrations.json, the stand-in's cloud integrations.

Deterministic (fixed seed), so the fixture only changes when this script does. Times are written
as "@now-<duration>" markers that the stand-in turns into epoch milliseconds when it loads them,
so the data always looks recent ("3m ago").

Every field the official spec requires is present (tests/standin_spec.rs holds the fixture to
spec/swagger.spec.gz), secrets included: those are obviously fake ("FAKE-DEMO-..."), derived from
the integration's name rather than the random stream, and the catalog masks them.
"""
import hashlib
import json
import random
import uuid

rng = random.Random(20261127)

ACCOUNTS = ["prod", "staging", "dev", "shared-services", "data-lake", "payments", "edge"]
REGIONS = ["us-east-1", "us-west-2", "eu-west-1", "eu-central-1", "ap-southeast-2"]
AWS_ERRORS = [
    "AccessDenied: User arn:aws:sts::123456789012:assumed-role/wavefront-role is not authorized to perform: cloudwatch:ListMetrics",
    "Throttling: Rate exceeded (Service: AmazonCloudWatch; Status Code: 400)",
]
ERRORS = {
    "CLOUDWATCH": AWS_ERRORS, "EC2": AWS_ERRORS,
    "CLOUDTRAIL": ["AccessDenied: Access Denied (Service: Amazon S3; Status Code: 403) reading bucket"],
    "GCP": ["The provided service account key is invalid or has been revoked",
            "Permission monitoring.timeSeries.list denied on resource (or it may not exist)"],
    "GCPBILLING": ["BigQuery dataset billing_export not found in project"],
    "AZURE": ["AADSTS7000215: Invalid client secret provided. Ensure the secret being sent in the request is the client secret value"],
    "AZUREACTIVITYLOG": ["AADSTS700016: Application not found in the directory"],
    "APPDYNAMICS": ["Unable to reach controller https://appd.example.com:8090 (connection timed out)"],
    "NEWRELIC": ["401 Unauthorized from New Relic API: invalid API key"],
    "SNOWFLAKE": ["Snowflake: Incorrect username or password was specified."],
    "VROPS": ["vROps returned HTTP 503 Service Unavailable"],
    "DYNATRACE": ["Dynatrace API token lacks the metrics.read scope"],
}

def uid():
    return str(uuid.UUID(int=rng.getrandbits(128), version=4))

def aws_creds(account):
    return {"roleArn": f"arn:aws:iam::{rng.randint(10**11, 10**12 - 1)}:role/wavefront-{account}",
            "externalId": uid().replace("-", "")[:20]}

def fake(what, name):
    """An obviously fake secret, stable per integration (never drawn from rng, so adding one
    does not change any other value of the fixture)."""
    digest = hashlib.sha256(f"{what}:{name}".encode()).hexdigest()[:24]
    return f"FAKE-DEMO-{what}-{digest}"

def fake_gcp_key(project):
    return json.dumps({"type": "service_account", "project_id": project,
                       "private_key_id": fake("gcp-key-id", project),
                       "private_key": fake("gcp-private-key", project),
                       "client_email": f"wavefront@{project}.iam.gserviceaccount.com"})

def make(service, name, cfg_key, cfg):
    return {"service": service, "name": name, "cfg_key": cfg_key, "cfg": cfg}

specs = []
for acct in ACCOUNTS:
    region = rng.choice(REGIONS)
    specs.append(make("CLOUDWATCH", f"AWS CloudWatch {acct} {region}", "cloudWatch", {
        "baseCredentials": aws_creds(acct),
        "namespaces": rng.sample(["AWS/EC2", "AWS/ELB", "AWS/RDS", "AWS/Lambda", "AWS/S3", "AWS/SQS", "AWS/DynamoDB"], 3),
        "metricFilterRegex": "^aws\\.(ec2|elb|rds)\\..*$",
        "pointTagFilterRegex": "(region|name)",
        "instanceSelectionTags": {"env": acct}, "volumeSelectionTags": {}}))
    if rng.random() < 0.7:
        specs.append(make("EC2", f"AWS EC2 metadata {acct}", "ec2", {
            "baseCredentials": aws_creds(acct), "hostNameTags": ["Name", "hostname"]}))
    if rng.random() < 0.5:
        specs.append(make("CLOUDTRAIL", f"AWS CloudTrail {acct}", "cloudTrail", {
            "region": region, "prefix": f"trail/{acct}", "bucketName": f"acme-cloudtrail-{acct}",
            "baseCredentials": aws_creds(acct), "filterRule": "errorCode exists"}))
for project in ["acme-web-prod", "acme-ml-training", "acme-analytics", "acme-sandbox", "acme-gke-eu"]:
    specs.append(make("GCP", f"GCP {project}", "gcp", {
        "projectId": project, "gcpJsonKey": fake_gcp_key(project), "metricFilterRegex": "^gcp\\.(compute|kubernetes|pubsub)\\..*",
        "categoriesToFetch": rng.sample(["COMPUTE", "CONTAINER", "PUBSUB", "STORAGE", "CLOUDSQL", "LOGGING"], 3),
        "disableHistogramToMetricConversion": False, "disableDeltaCounts": False}))
for project in ["acme-web-prod", "acme-analytics"]:
    specs.append(make("GCPBILLING", f"GCP billing {project}", "gcpBilling", {
        "projectId": project, "gcpJsonKey": fake_gcp_key(project),
        "gcpApiKey": fake("gcp-api-key", project)}))
for sub in ["Production", "Staging", "Corp IT", "Research", "EU Subscription"]:
    creds = {"tenant": uid(), "clientId": uid(), "clientSecret": fake("azure-client-secret", sub)}
    specs.append(make("AZURE", f"Azure {sub}", "azure", {
        "baseCredentials": creds, "metricFilterRegex": "^azure\\..*",
        "categoryFilter": rng.sample(["COMPUTE", "STORAGE", "NETWORK", "SQL", "WEB", "CONTAINERSERVICE"], 3),
        "resourceGroupFilter": [f"rg-{sub.lower().replace(' ', '-')}"]}))
    if rng.random() < 0.5:
        specs.append(make("AZUREACTIVITYLOG", f"Azure activity log {sub}", "azureActivityLog", {
            "baseCredentials": creds, "categoryFilter": ["ADMINISTRATIVE", "SERVICEHEALTH", "ALERT"]}))
for app in ["checkout", "search", "legacy-billing"]:
    specs.append(make("NEWRELIC", f"New Relic {app}", "newRelic", {
        "apiKey": fake("newrelic-api-key", app), "appFilterRegex": f"^{app}.*", "hostFilterRegex": ".*", "newRelicMetricFilters": []}))
for ctrl in ["appd-prod", "appd-emea"]:
    specs.append(make("APPDYNAMICS", f"AppDynamics {ctrl}", "appDynamics", {
        "userName": "wavefront-reader", "controllerName": ctrl,
        "encryptedPassword": fake("appdynamics-password", ctrl), "enableRollup": True,
        "enableErrorMetrics": True, "enableBusinessTrxMetrics": True, "enableBackendMetrics": False,
        "enableOverallPerfMetrics": True, "enableIndividualNodeMetrics": False,
        "enableAppInfraMetrics": True, "enableServiceEndpointMetrics": False, "appFilterRegex": [".*"]}))
for dc in ["vcenter-dc1", "vcenter-dc2"]:
    specs.append(make("VROPS", f"vROps {dc}", "vrops", {
        "baseURL": f"https://{dc}.corp.example.com", "metricFilterRegex": ".*",
        # The spec's only categories (VropsConfiguration.categoriesToFetch).
        "categoriesToFetch": ["VMWARE_CLUSTERCOMPUTERESOURCE", "VMWARE_DATASTORE"],
        "vropsAPIToken": fake("vrops-api-token", dc), "organizationID": uid(),
        "adapterNames": {}}))
specs.append(make("SNOWFLAKE", "Snowflake analytics warehouse", "snowflake", {
    "userName": "WAVEFRONT", "password": fake("snowflake-password", "analytics"), "metricFilterRegex": ".*", "role": "MONITOR", "accountID": "acme-xy12345",
    "warehouse": "ANALYTICS_WH"}))
for env in ["prod", "emea"]:
    specs.append(make("DYNATRACE", f"Dynatrace {env}", "dynatrace", {
        "dynatraceAPIToken": fake("dynatrace-api-token", env), "metricFilterRegex": "^builtin:.*", "environmentID": f"abc{rng.randint(10000, 99999)}"}))

users = ["jane.doe@acme.com", "ops-automation@acme.com", "li.wei@acme.com", "sre-bot"]
items = []
for spec in specs:
    disabled = rng.random() < 0.15
    created_days = rng.randint(30, 900)
    item = {
        "id": uid(),
        "name": spec["name"],
        "service": spec["service"],
        "disabled": disabled,
        "inTrash": False,
        "deleted": False,
        "creatorId": rng.choice(users),
        "updaterId": rng.choice(users),
        "createdEpochMillis": f"@now-{created_days}d",
        "updatedEpochMillis": f"@now-{rng.randint(1, created_days)}d",
        "serviceRefreshRateInMins": rng.choice([5, 5, 5, 10, 15]),
        "additionalTags": {"team": rng.choice(["platform", "payments", "data", "web"])},
        "forceSave": False,
        spec["cfg_key"]: spec["cfg"],
    }
    has_error = (not disabled) and rng.random() < 0.25
    if disabled:
        item["lastReceivedDataPointMs"] = f"@now-{rng.randint(2, 40)}d"
        item["lastMetricCount"] = 0
    elif has_error:
        item["lastReceivedDataPointMs"] = f"@now-{rng.randint(2, 30)}h" if rng.random() < 0.6 else None
        item["lastMetricCount"] = rng.choice([0, rng.randint(10, 500)])
    else:
        item["lastReceivedDataPointMs"] = f"@now-{rng.randint(20, 600)}s"
        item["lastMetricCount"] = rng.randint(200, 250000)
    if has_error:
        item["lastError"] = rng.choice(ERRORS[spec["service"]])
        item["lastErrorMs"] = f"@now-{rng.randint(1, 50)}m"
    item["lastProcessorId"] = f"cloud-processor-{rng.randint(1, 12)}"
    item["lastProcessingTimestamp"] = f"@now-{rng.randint(5, 300)}s"
    items.append(item)

rng.shuffle(items)
with open("assets/demo/cloudintegrations.json", "w") as f:
    json.dump(items, f, indent=1)
    f.write("\n")
print(len(items), "integrations;", sum(i["disabled"] for i in items), "disabled;",
      sum("lastError" in i for i in items), "with errors")
