#!/usr/bin/env python3
"""Writes the stand-in's fixtures under assets/demo/ (all but cloudintegrations.json, which
gen_cloudintegrations.py owns). Run from the repository root: python3 scripts/gen_fixtures.py

Deterministic (fixed seed), so the fixtures only change when this script does. Keys are the JSON
property names of the Swagger models (2022 spec, plus the few v2.223.1 additions noted below).
Times are never absolute: "@now-3m" style markers become epoch milliseconds when the stand-in
loads them, "@now+2h:s" markers become epoch seconds (maintenance windows only).

Models not in the 2022 spec, taken from the v2.223.1 python client instead: ApiTokenModel,
IngestionPolicyReadModel, Proxy's proxyname/*Disabled flags, RoleDTO's restrictedPermissions
and properties.

Ends by checking its own output (counts, unique ids, markers only in time fields, event ids
sorted); an AssertionError means the data is wrong, not the environment.
"""
import json
import os
import random
import re
import uuid

rng = random.Random(20261128)
OUT = "assets/demo"
CUSTOMER = "acme"


# ---------------------------------------------------------------------------------------------
# helpers

def ago(seconds):
    """A past-time marker (ms) for `seconds` ago, in the coarsest exact unit."""
    return _marker(-seconds)


def ahead(seconds):
    return _marker(seconds)


def _marker(offset, suffix="", exact=False):
    if offset == 0:
        return "@now" + suffix
    sign = "-" if offset < 0 else "+"
    n = abs(int(offset))
    # coarser the further away, as a person would write it
    for limit, grain in ((30 * DAY, DAY), (DAY, HOUR), (HOUR, MIN)):
        if n >= limit and not exact:
            n = (n + grain // 2) // grain * grain
            break
    for unit, size in (("d", 86400), ("h", 3600), ("m", 60)):
        if n % size == 0:
            return f"@now{sign}{n // size}{unit}{suffix}"
    return f"@now{sign}{n}s{suffix}"


def ago_s(seconds):
    """A past-time marker resolving to epoch seconds."""
    return _marker(-seconds, ":s")


def ahead_s(seconds):
    return _marker(seconds, ":s")


MIN, HOUR, DAY = 60, 3600, 86400


def created_updated(max_days=700, min_days=3):
    """(created marker, updated marker) with updated after created."""
    c = rng.randint(min_days, max_days) * DAY + rng.randint(0, DAY - 1)
    u = rng.randint(600, c)
    return ago(c), ago(u)


def uid():
    return str(uuid.UUID(int=rng.getrandbits(128), version=4))


def fake_token_id(n):
    """Obviously fake, UUID-shaped: these fields hold real secrets on a real instance."""
    return f"00000000-0000-4000-8000-{n:012d}"


def alnum(n):
    return "".join(rng.choice("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")
                   for _ in range(n))


def slug(s):
    return re.sub(r"[^a-z0-9]+", "-", s.lower()).strip("-")


def maybe_drop(item, keys, p=0.2):
    """Omit some optional keys on some items so clients meet missing fields."""
    for k in keys:
        if k in item and rng.random() < p:
            del item[k]
    return item


def write(name, data):
    path = os.path.join(OUT, name)
    with open(path, "w", encoding="utf-8") as f:
        json.dump(data, f, indent=1, ensure_ascii=False)
        f.write("\n")
    return path


# ---------------------------------------------------------------------------------------------
# shared world: acme's people, services, hosts, permissions, roles, groups

USERS = [
    "jane.doe@acme.com", "li.wei@acme.com", "raj.patel@acme.com", "maria.garcia@acme.com",
    "tom.nguyen@acme.com", "aisha.khan@acme.com", "lukas.mueller@acme.com", "sofia.rossi@acme.com",
    "kenji.tanaka@acme.com", "olivia.smith@acme.com", "ahmed.hassan@acme.com", "emma.johnson@acme.com",
    "carlos.silva@acme.com", "yuki.sato@acme.com", "noah.brown@acme.com", "priya.sharma@acme.com",
    "daniel.kim@acme.com", "fatima.ali@acme.com", "lucas.martin@acme.com", "chloe.dubois@acme.com",
    "ivan.petrov@acme.com", "grace.obi@acme.com", "mateo.lopez@acme.com", "hannah.schmidt@acme.com",
    "omar.farouk@acme.com", "zoe.chen@acme.com", "ben.carter@acme.com", "nina.kowalski@acme.com",
    "sam.taylor@acme.com", "ops-automation@acme.com",
]
EDITORS = USERS[:12] + ["ops-automation@acme.com"]
SERVICE_ACCOUNTS = [
    ("sa::jenkins", "Jenkins: deploy markers and build events", True),
    ("sa::terraform", "Terraform provider: alerts, dashboards and maintenance windows as code", True),
    ("sa::k8s-collector", "Kubernetes Metrics Collector in the prod and staging clusters", True),
    ("sa::demo-automation", "Automation used by the demo scripts", True),
    ("sa::grafana-bridge", "Read-only bridge for the legacy Grafana instance", True),
    ("sa::pagerduty-sync", "Syncs on-call schedules into maintenance windows", True),
    ("sa::ci-smoke-tests", "Smoke tests post synthetic checks", True),
    ("sa::backup-reporter", "Nightly backup job reports its runs", True),
    ("sa::cost-exporter", "Exports usage numbers to the finance warehouse", True),
    ("sa::legacy-nagios", "Old Nagios forwarder, kept until the migration is done", False),
]
SA_IDS = [s[0] for s in SERVICE_ACCOUNTS]

SERVICES = ["checkout", "search", "payments", "cart", "catalog", "inventory", "auth",
            "notifications", "shipping", "recommendations", "pricing", "gateway"]
TEAMS = {"checkout": "payments", "payments": "payments", "pricing": "payments", "cart": "web",
         "catalog": "web", "search": "search", "recommendations": "search", "inventory": "logistics",
         "shipping": "logistics", "auth": "platform", "notifications": "platform", "gateway": "platform"}
ENVS = ["prod", "prod", "prod", "staging", "dev"]
REGIONS = ["us-east-1", "us-west-2", "eu-west-1", "ap-northeast-1"]
HOST_ROLES = ["web", "api", "db", "cache", "queue", "batch", "k8s-node", "edge", "kafka", "es"]


def host(role=None, env="prod"):
    role = role or rng.choice(HOST_ROLES)
    return f"{role}-{rng.randint(1, 48):02d}.{env}.acme.net"


def hosts(n, role=None, env="prod"):
    out = []
    while len(out) < n:
        h = host(role, env)
        if h not in out:
            out.append(h)
    return out


PERMISSIONS = [
    "agent_management", "alerts_management", "application_management", "batch_query_priority",
    "dashboard_management", "derived_metrics_management", "embedded_charts", "events_management",
    "external_links_management", "host_tag_management", "ingestion", "metrics_management",
    "monitored_application_service_management", "saml_sso_management", "token_management",
    "user_management", "logs_management",
]

ROLE_SPECS = [
    ("Admins", "Full access to everything in the acme instance", PERMISSIONS),
    ("Alert Editors", "Create, edit, snooze and delete alerts and alert targets",
     ["alerts_management", "events_management"]),
    ("Dashboard Editors", "Create and edit dashboards and external links",
     ["dashboard_management", "external_links_management", "embedded_charts"]),
    ("Read Only", "View-only access; granted to Everyone", []),
    ("SRE On-Call", "What the on-call engineer needs during an incident",
     ["alerts_management", "events_management", "dashboard_management", "host_tag_management",
      "batch_query_priority"]),
    ("Proxy Operators", "Manage proxies and cloud integrations", ["agent_management", "ingestion"]),
    ("Ingestion", "Send data directly to the ingestion endpoints", ["ingestion"]),
    ("Token Managers", "Manage API tokens and service accounts", ["token_management"]),
    ("Log Viewers", "Search and view logs", ["logs_management"]),
    ("App Owners", "Manage monitored applications and services",
     ["application_management", "monitored_application_service_management"]),
    ("Security Auditors", "Review users, groups and SSO configuration",
     ["user_management", "saml_sso_management"]),
    ("Derived Metric Authors", "Create and edit derived metrics and metrics policy",
     ["derived_metrics_management", "metrics_management"]),
]
ROLES = [{"id": uid(), "name": n, "description": d, "permissions": list(p)} for n, d, p in ROLE_SPECS]
ROLE_BY_NAME = {r["name"]: r for r in ROLES}

GROUP_SPECS = [
    ("Everyone", "System group: every user account", ["Read Only"], False),
    ("Service Accounts", "System group: every service account", ["Ingestion"], False),
    ("SRE", "Site reliability engineering", ["SRE On-Call", "Alert Editors", "Dashboard Editors",
                                            "Proxy Operators"], True),
    ("Platform", "Platform team: gateway, auth, notifications", ["Alert Editors", "Dashboard Editors",
                                                                 "Proxy Operators"], True),
    ("Payments Team", "Checkout, payments and pricing", ["Alert Editors", "Dashboard Editors"], True),
    ("Search Team", "Search and recommendations", ["Alert Editors", "Dashboard Editors"], True),
    ("Data Engineering", "Pipelines, warehouse and derived metrics", ["Derived Metric Authors",
                                                                      "Dashboard Editors"], True),
    ("Web Frontend", "Storefront, cart and catalog", ["Dashboard Editors"], True),
    ("Security", "Security engineering and audits", ["Security Auditors", "Log Viewers"], True),
    ("On-Call Primary", "Whoever carries the pager this week", ["SRE On-Call"], True),
    ("Contractors", "External contractors; read only", [], True),
    ("Instance Admins", "Administrators of the acme instance", ["Admins", "Token Managers"], True),
]
GROUPS = [{"id": uid(), "name": n, "description": d, "roleNames": r, "editable": e, "users": []}
          for n, d, r, e in GROUP_SPECS]
GROUP_BY_NAME = {g["name"]: g for g in GROUPS}


def role_ref(r, full=False):
    ref = {"id": r["id"], "name": r["name"], "description": r["description"]}
    if full:
        ref["permissions"] = r["permissions"]
        ref["customer"] = CUSTOMER
    return ref


def group_ref(g):
    return {"id": g["id"], "name": g["name"], "description": g["description"], "customer": CUSTOMER}


# ingestion policies (ids referenced by accounts)
IP_SPECS = [
    ("Payments team budget", "GROUP", True, 40000),
    ("Search team budget", "GROUP", True, 25000),
    ("Kubernetes collectors", "ACCOUNT", True, 150000),
    ("Staging sources", "SOURCE", True, 10000),
    ("Experimental namespaces", "NAMESPACE", True, 5000),
    ("CI and automation", "ACCOUNT", False, None),
    ("Contractor sandbox", "GROUP", True, 1000),
    ("Debug point tags", "TAGS", False, None),
]
INGESTION_POLICIES = [{"id": f"ingestion-policy-{slug(n)}", "name": n, "scope": s, "isLimited": lim,
                       "limitPPS": pps} for n, s, lim, pps in IP_SPECS]


def ip_ref(p):
    return {"id": p["id"], "name": p["name"], "scope": p["scope"], "customer": CUSTOMER,
            "isLimited": p["isLimited"], "limitPPS": p["limitPPS"]}


# account assignments: groups, direct roles, ingestion policy
ACCOUNTS = []
team_groups = ["SRE", "Platform", "Payments Team", "Search Team", "Data Engineering", "Web Frontend",
               "Security", "Contractors"]
for i, email in enumerate(USERS):
    groups = ["Everyone"]
    if i < 3:
        groups.append("Instance Admins")
    groups += rng.sample(team_groups, rng.choice([1, 1, 2]))
    if i % 5 == 0:
        groups.append("On-Call Primary")
    direct = rng.sample([r["name"] for r in ROLES[1:]], rng.choice([0, 0, 1, 2]))
    ACCOUNTS.append({"identifier": email, "kind": "user", "groups": list(dict.fromkeys(groups)),
                     "roles": direct, "ip": None})
for sa, desc, active in SERVICE_ACCOUNTS:
    direct = {"sa::jenkins": ["Ingestion", "Alert Editors"], "sa::terraform": ["Alert Editors",
              "Dashboard Editors", "Derived Metric Authors"], "sa::k8s-collector": ["Ingestion"],
              "sa::demo-automation": ["Admins"], "sa::pagerduty-sync": ["Alert Editors"]}.get(sa, [])
    ACCOUNTS.append({"identifier": sa, "kind": "sa", "groups": ["Service Accounts"], "roles": direct,
                     "ip": None, "active": active, "description": desc})
# ingestion policy links
for a in ACCOUNTS:
    if a["identifier"] == "sa::k8s-collector":
        a["ip"] = "ingestion-policy-kubernetes-collectors"
    elif a["identifier"] in ("sa::jenkins", "sa::ci-smoke-tests"):
        a["ip"] = "ingestion-policy-ci-and-automation"
    elif a["kind"] == "user" and "Contractors" in a["groups"]:
        a["ip"] = "ingestion-policy-contractor-sandbox"
    elif a["kind"] == "user" and "Payments Team" in a["groups"]:
        a["ip"] = "ingestion-policy-payments-team-budget"
    elif a["kind"] == "user" and "Search Team" in a["groups"]:
        a["ip"] = "ingestion-policy-search-team-budget"
for a in ACCOUNTS:
    for gname in a["groups"]:
        GROUP_BY_NAME[gname]["users"].append(a["identifier"])
    united = list(dict.fromkeys(a["roles"] + [rn for g in a["groups"]
                                               for rn in GROUP_BY_NAME[g]["roleNames"]]))
    a["unitedRoles"] = united
    perms = []
    for rn in united:
        for p in ROLE_BY_NAME[rn]["permissions"]:
            if p not in perms:
                perms.append(p)
    a["unitedPermissions"] = sorted(perms)
    a["perms"] = sorted({p for rn in a["roles"] for p in ROLE_BY_NAME[rn]["permissions"]})
    a["login"] = None
ACCOUNT_BY_ID = {a["identifier"]: a for a in ACCOUNTS}

# last logins: most recent, a few stale, one never
for a in ACCOUNTS:
    if a["kind"] != "user":
        continue
    r = rng.random()
    if a["identifier"] == "sam.taylor@acme.com":
        a["login"] = None
    elif r < 0.6:
        a["login"] = ago(rng.randint(2 * MIN, 20 * HOUR))
    elif r < 0.9:
        a["login"] = ago(rng.randint(1, 30) * DAY + rng.randint(0, DAY))
    else:
        a["login"] = ago(rng.randint(90, 400) * DAY)
    a["ssoId"] = f"00u{alnum(17)}" if rng.random() < 0.8 else None


# ---------------------------------------------------------------------------------------------
# alert targets (notificants): first, since alerts point at them

WEBHOOK_TEMPLATE = """{
  "alertId": "{{{alertId}}}",
  "alertName": "{{{alertName}}}",
  "severity": "{{{severity}}}",
  "notificationId": "{{{notificationId}}}",
  "reason": "{{{reason}}}",
  "condition": "{{{condition}}}",
  "url": "{{{url}}}",
  "startedAt": "{{{startedTime}}}",
  "hostsFailing": [{{#trimTrailingComma}}{{#hostsFailingMessage}}"{{{.}}}",{{/hostsFailingMessage}}{{/trimTrailingComma}}],
  "tags": [{{#trimTrailingComma}}{{#alertTags}}"{{{.}}}",{{/alertTags}}{{/trimTrailingComma}}]
}"""
SLACK_TEMPLATE = """{
  "text": "{{#isFiring}}:red_circle:{{/isFiring}}{{#isResolved}}:large_green_circle:{{/isResolved}} *{{{alertName}}}* is {{{reason}}} ({{{severity}}})",
  "attachments": [{"title": "Open in Wavefront", "title_link": "{{{url}}}", "text": "{{{condition}}}"}]
}"""
EMAIL_TEMPLATE = """<html><body>
<h2 style="color:{{#isFiring}}#c0392b{{/isFiring}}{{#isResolved}}#27ae60{{/isResolved}}">{{{alertName}}}: {{{reason}}}</h2>
<p>Severity: <b>{{{severity}}}</b> &middot; since {{{startedTime}}}</p>
<p>Condition: <code>{{{condition}}}</code></p>
<ul>{{#hostsFailingMessage}}<li>{{{.}}}</li>{{/hostsFailingMessage}}</ul>
<p><a href="{{{url}}}">View alert</a></p>
</body></html>"""
PD_TEMPLATE = """{{{alertName}}} {{{reason}}} on {{#trimTrailingComma}}{{#hostsFailingMessage}}{{{.}}}, {{/hostsFailingMessage}}{{/trimTrailingComma}}"""

NOTIFICANT_SPECS = [
    ("WEBHOOK", "Slack #sre-alerts", "Posts to the #sre-alerts channel", "slack"),
    ("WEBHOOK", "Slack #payments-oncall", "Payments on-call channel", "slack"),
    ("WEBHOOK", "Slack #search-alerts", "Search team alerts channel", "slack"),
    ("WEBHOOK", "Slack #platform", "Platform team channel", "slack"),
    ("WEBHOOK", "Opsgenie bridge", "Forwards to the Opsgenie integration endpoint", "json"),
    ("WEBHOOK", "Incident bot", "Opens an incident ticket in the acme incident tracker", "json"),
    ("WEBHOOK", "Status page updater", "Updates status.acme.example when SEVERE alerts fire", "json"),
    ("WEBHOOK", "ChatOps form post", "Legacy ChatOps endpoint (form-encoded)", "form"),
    ("EMAIL", "SRE team email", "sre@acme.com distribution list", None),
    ("EMAIL", "Payments leads", "Payments engineering leads", None),
    ("EMAIL", "Data engineering digest", "Sent to the data-eng list", None),
    ("EMAIL", "Security notifications", "Security team list (plain text)", None),
    ("EMAIL", "Executive summary", "SEVERE only, to the VP of engineering office", None),
    ("PAGERDUTY", "PagerDuty SRE primary", "SRE primary escalation policy", None),
    ("PAGERDUTY", "PagerDuty payments", "Payments escalation policy", None),
    ("PAGERDUTY", "PagerDuty search", "Search escalation policy", None),
    ("PAGERDUTY", "PagerDuty platform", "Platform escalation policy", None),
    ("PAGERDUTY", "PagerDuty database", "DBA escalation policy", None),
    ("WEBHOOK", "Teams #observability", "Microsoft Teams connector for the observability channel", "json"),
    ("EMAIL", "On-call pager email", "Email-to-SMS gateway for on-call", None),
]
ALL_TRIGGERS = ["ALERT_OPENED", "ALERT_UPDATED", "ALERT_RESOLVED", "ALERT_MAINTENANCE",
                "ALERT_SNOOZED", "ALERT_INVALID", "ALERT_NO_LONGER_INVALID", "ALERT_TESTING",
                "ALERT_RETRIGGERED", "ALERT_NO_DATA", "ALERT_NO_DATA_RESOLVED",
                "ALERT_NO_DATA_MAINTENANCE", "ALERT_SEVERITY_UPDATE"]
notificants = []
for i, (method, title, desc, flavour) in enumerate(NOTIFICANT_SPECS):
    c, u = created_updated(900)
    nid = alnum(16)
    item = {"id": nid, "title": title, "description": desc, "method": method,
            "customerId": CUSTOMER, "triggers": None, "recipient": None, "template": None,
            "contentType": None, "customHttpHeaders": None, "emailSubject": None,
            "isHtmlContent": None, "routes": None,
            "creatorId": rng.choice(EDITORS), "updaterId": rng.choice(EDITORS),
            "createdEpochMillis": c, "updatedEpochMillis": u}
    base = ["ALERT_OPENED", "ALERT_RESOLVED"]
    extra = rng.sample([t for t in ALL_TRIGGERS if t not in base], rng.randint(0, 5))
    item["triggers"] = base + extra
    if method == "WEBHOOK":
        if flavour == "slack":
            item["recipient"] = f"https://hooks.slack.example/services/TFAKE0000/BFAKE{i:04d}/xxxxxxxxxxxxxxxxxxxxxxxx"
            item["template"] = SLACK_TEMPLATE
            item["contentType"] = "application/json"
            item["customHttpHeaders"] = {}
        elif flavour == "form":
            item["recipient"] = "https://chatops.acme.example/hooks/wavefront"
            item["template"] = "alert={{{alertName}}}&status={{{reason}}}&severity={{{severity}}}"
            item["contentType"] = "application/x-www-form-urlencoded"
            item["customHttpHeaders"] = {"X-Acme-Source": "wavefront"}
        else:
            item["recipient"] = f"https://{slug(title)}.acme.example/api/v1/wavefront-events"
            item["template"] = WEBHOOK_TEMPLATE
            item["contentType"] = "application/json"
            item["customHttpHeaders"] = {"X-Acme-Source": "wavefront", "X-Request-Origin": "alerting"}
        for k in ("emailSubject", "isHtmlContent"):
            del item[k]
    elif method == "EMAIL":
        lists = {"SRE team email": "sre@acme.com", "Payments leads": "maria.garcia@acme.com,raj.patel@acme.com",
                 "Data engineering digest": "data-eng@acme.com",
                 "Security notifications": "security@acme.com,fatima.ali@acme.com",
                 "Executive summary": "vp-eng-office@acme.com",
                 "On-call pager email": "oncall-sms@pager.acme.example"}
        item["recipient"] = lists[title]
        html = title not in ("Security notifications", "On-call pager email")
        item["isHtmlContent"] = html
        item["template"] = EMAIL_TEMPLATE if html else "{{{alertName}}} is {{{reason}}} ({{{severity}}}): {{{url}}}"
        item["emailSubject"] = "[{{{severity}}}] {{{alertName}}} {{{reason}}}"
        item["contentType"] = "text/html" if html else "text/plain"
        del item["customHttpHeaders"]
    else:
        item["recipient"] = f"FAKE-PAGERDUTY-ROUTING-KEY-{i:04d}"
        item["template"] = PD_TEMPLATE
        item["contentType"] = ""
        for k in ("emailSubject", "isHtmlContent", "customHttpHeaders"):
            del item[k]
    if i in (0, 13):
        item["routes"] = [
            {"method": method, "target": item["recipient"], "filter": "env prod"},
            {"method": "EMAIL", "target": "sre@acme.com", "filter": "env staging"},
        ]
    elif rng.random() < 0.5:
        del item["routes"]
    notificants.append(maybe_drop(item, ["customerId"], 0.3))
NOTIFICANT_IDS = [n["id"] for n in notificants]


def target_info(nid):
    n = next(x for x in notificants if x["id"] == nid)
    return {"method": n["method"], "id": nid, "name": n["title"]}


# ---------------------------------------------------------------------------------------------
# alerts

LONG_CONDITIONS = [
    ('(sum(rate(ts(http.server.requests.count, env=prod and service={svc} and status="5*" and not '
     'path="/healthz" and not path="/readyz")), cluster, region) / sum(rate(ts(http.server.requests.count, '
     'env=prod and service={svc} and not path="/healthz" and not path="/readyz")), cluster, region)) * 100 > 2 '
     'and sum(rate(ts(http.server.requests.count, env=prod and service={svc})), cluster, region) > 50 '
     'and not exists(ts(deploy.in_progress, service={svc}))'),
    ('percentile(99, align(1m, mean, ts(http.server.request.duration.p99, env=prod and service={svc} and '
     'region="us-east-1" and (endpoint="/api/v2/orders" or endpoint="/api/v2/orders/*" or '
     'endpoint="/api/v2/cart/checkout")))) > 1500 and mavg(10m, sum(rate(ts(http.server.requests.count, '
     'env=prod and service={svc})))) > 20 and between(hour("US/Eastern"), 6, 23)'),
    ('(mmax(15m, ts(kafka.consumer.lag, env=prod and consumer_group="{svc}-workers" and topic="orders.*")) '
     '- mmin(15m, ts(kafka.consumer.lag, env=prod and consumer_group="{svc}-workers" and topic="orders.*"))) '
     '> 50000 or max(ts(kafka.consumer.lag, env=prod and consumer_group="{svc}-workers"), topic) > 250000 '
     'or sum(rate(ts(kafka.consumer.records.consumed.total, env=prod and consumer_group="{svc}-workers"))) < 1'),
    ('sum(ts(kubernetes.pod_container.status.restarts.count, cluster="prod-us-east-1" and '
     'namespace="{svc}" and pod_name="{svc}-*"), pod_name) - lag(30m, sum(ts(kubernetes.pod_container.status.restarts.count, '
     'cluster="prod-us-east-1" and namespace="{svc}" and pod_name="{svc}-*"), pod_name)) > 3 and '
     'count(ts(kubernetes.pod.status.phase, cluster="prod-us-east-1" and namespace="{svc}" and phase="Running")) < 4'),
    ('100 * (1 - (sum(rate(ts(slo.requests.good, env=prod and service={svc} and slo="availability"))) / '
     'sum(rate(ts(slo.requests.total, env=prod and service={svc} and slo="availability"))))) / (1 - 0.999) > 14.4 '
     'and 100 * (1 - (msum(5m, sum(rate(ts(slo.requests.good, env=prod and service={svc})))) / '
     'msum(5m, sum(rate(ts(slo.requests.total, env=prod and service={svc})))))) / (1 - 0.999) > 14.4'),
]

ALERT_TEMPLATES = [
    # name, condition, display, units, severity, minutes
    ("High CPU on {role} tier", "ts(cpu.usage.percentage, env={env} and role={role}) > 90",
     "ts(cpu.usage.percentage, env={env} and role={role})", "%", "WARN", 5),
    ("Memory pressure on {role} hosts", "ts(mem.used.percent, env={env} and role={role}) > 92",
     "ts(mem.used.percent, env={env} and role={role})", "%", "WARN", 10),
    ("Disk almost full on {role} hosts", 'ts(disk.used.percent, env={env} and role={role} and path="/var") > 85',
     'ts(disk.used.percent, env={env} and role={role} and path="/var")', "%", "SEVERE", 5),
    ("{Svc} 5xx error rate", 'sum(rate(ts(http.server.requests.count, service={svc} and status="5*"))) > 5',
     'sum(rate(ts(http.server.requests.count, service={svc})), status)', "req/s", "SEVERE", 3),
    ("{Svc} p99 latency", "percentile(99, ts(http.server.request.duration, env={env} and service={svc})) > 800",
     "percentile(99, ts(http.server.request.duration, env={env} and service={svc}))", "ms", "WARN", 5),
    ("{Svc} no traffic", "sum(rate(ts(http.server.requests.count, env={env} and service={svc}))) < 1",
     "sum(rate(ts(http.server.requests.count, env={env} and service={svc})))", "req/s", "SEVERE", 10),
    ("{Svc} pod restarts", 'sum(ts(kubernetes.pod_container.status.restarts.count, namespace="{svc}")) > 5',
     'ts(kubernetes.pod_container.status.restarts.count, namespace="{svc}")', "", "WARN", 15),
    ("Postgres replication lag ({svc})", 'ts(postgresql.replication.lag.seconds, cluster="{svc}-db") > 30',
     'ts(postgresql.replication.lag.seconds, cluster="{svc}-db")', "s", "SEVERE", 5),
    ("Redis evictions ({svc})", 'rate(ts(redis.evicted_keys, cluster="{svc}-cache")) > 100',
     'rate(ts(redis.evicted_keys, cluster="{svc}-cache"))', "keys/s", "INFO", 10),
    ("Kafka consumer lag {svc}-workers", 'max(ts(kafka.consumer.lag, consumer_group="{svc}-workers")) > 100000',
     'ts(kafka.consumer.lag, consumer_group="{svc}-workers")', "msgs", "WARN", 10),
    ("TLS certificate expiring ({svc})", 'ts(ssl.cert.expiry.days, service={svc}) < 14',
     'ts(ssl.cert.expiry.days, service={svc})', "days", "SMOKE", 60),
    ("{Svc} JVM GC pause time", 'mavg(5m, ts(jvm.gc.pause.seconds.max, service={svc})) > 0.5',
     'ts(jvm.gc.pause.seconds.max, service={svc})', "s", "WARN", 5),
    ("Proxy queue growing", 'deriv(ts(~proxy.buffer.task-count, env={env})) > 100',
     'ts(~proxy.buffer.task-count, env={env})', "tasks", "WARN", 10),
    ("{Svc} SLO burn rate", 'ts(slo.error_budget.burn_rate, service={svc} and window="1h") > 14.4',
     'ts(slo.error_budget.burn_rate, service={svc})', "x", "SEVERE", 2),
    ("Elasticsearch cluster status red", 'ts(elasticsearch.cluster.status, cluster="search-{env}") >= 2',
     'ts(elasticsearch.cluster.status, cluster="search-{env}")', "", "SEVERE", 3),
    ("Load balancer unhealthy targets ({svc})", 'sum(ts(aws.elb.unhealthyhostcount, name="{svc}-alb")) > 0',
     'ts(aws.elb.unhealthyhostcount, name="{svc}-alb")', "hosts", "WARN", 5),
    ("Queue depth {svc}", 'ts(rabbitmq.queue.messages, queue="{svc}.*") > 20000',
     'ts(rabbitmq.queue.messages, queue="{svc}.*")', "msgs", "INFO", 15),
    ("Synthetic check failing: {svc}", 'ts(synthetics.check.success, check="{svc}-homepage") < 1',
     'ts(synthetics.check.success, check="{svc}-homepage")', "", "SEVERE", 3),
]
PROMQL = [
    ("{Svc} error ratio (PromQL)",
     'sum(rate(http_requests_total{{service="{svc}",code=~"5.."}}[5m])) / sum(rate(http_requests_total{{service="{svc}"}}[5m])) > 0.02'),
    ("{Svc} saturation (PromQL)",
     'avg by (pod) (rate(container_cpu_usage_seconds_total{{namespace="{svc}"}}[5m])) / avg by (pod) (kube_pod_container_resource_limits{{namespace="{svc}",resource="cpu"}}) > 0.9'),
]
NON_ASCII_ALERTS = [
    ("Latenz – Übersicht checkout (Frankfurt)", "percentile(95, ts(http.server.request.duration, region=\"eu-central-1\" and service=checkout)) > 600",
     "percentile(95, ts(http.server.request.duration, region=\"eu-central-1\" and service=checkout))", "ms", "WARN"),
    ("日本リージョン CPU 使用率", "ts(cpu.usage.percentage, region=\"ap-northeast-1\" and role=web) > 85",
     "ts(cpu.usage.percentage, region=\"ap-northeast-1\" and role=web)", "%", "WARN"),
    ("Paiements – échecs de règlement ⚠", "sum(rate(ts(payments.settlement.failed, env=prod))) > 3",
     "sum(rate(ts(payments.settlement.failed, env=prod)))", "tx/s", "SEVERE"),
]

STATUS_PLAN = (["FIRING"] * 10 + ["CHECKING"] * 27 + ["SNOOZED"] * 7 + ["NO_DATA"] * 5 +
               ["IN_MAINTENANCE"] * 4 + ["INVALID"] * 3 + ["FIRING+SNOOZED", "FIRING+IN_MAINTENANCE",
                                                            "NONE", "TRASH"])
assert len(STATUS_PLAN) == 60
rng.shuffle(STATUS_PLAN)
SEV_ORDER = {"SEVERE": 0, "WARN": 1, "SMOKE": 2, "INFO": 3}
STATE_ORDER = {"FIRING": 0, "NO_DATA": 1, "INVALID": 2, "IN_MAINTENANCE": 3, "SNOOZED": 4,
               "CHECKING": 5, "NONE": 6, "TRASH": 7}

MW_NAMES = ["DB patching window", "Kubernetes node pool upgrade", "Payments provider maintenance"]
alerts = []
used_names = set()
long_slots = {3, 11, 19, 27, 44}
promql_slots = {8, 33}
nonascii_slots = {5, 22, 40}
threshold_slots = set(rng.sample([i for i in range(60) if i not in long_slots | promql_slots | nonascii_slots], 12))
for i in range(60):
    svc = rng.choice(SERVICES)
    env = rng.choice(ENVS)
    role = rng.choice(HOST_ROLES[:6])
    fmt = {"svc": svc, "Svc": svc.capitalize(), "env": env, "role": role}
    qtype = "WQL"
    if i in nonascii_slots:
        name, cond, disp, units, sev = NON_ASCII_ALERTS[sorted(nonascii_slots).index(i)]
        minutes = 5
    elif i in promql_slots:
        nm, cond_t = PROMQL[sorted(promql_slots).index(i)]
        name, cond, disp, units, sev, minutes = nm.format(**fmt), cond_t.format(**fmt), None, "", "WARN", 5
        qtype = "PROMQL"
    elif i in long_slots:
        k = sorted(long_slots).index(i)
        cond = LONG_CONDITIONS[k].format(**fmt)
        name = ["{Svc} error ratio excluding health checks", "{Svc} order API p99 during business hours",
                "{Svc} workers falling behind", "{Svc} crash looping in prod-us-east-1",
                "{Svc} availability SLO fast burn"][k].format(**fmt)
        disp = cond.split(" > ")[0] if k != 3 else None
        units, sev, minutes = ["%", "ms", "msgs", "", "x"][k], ["SEVERE", "WARN", "WARN", "SEVERE", "SEVERE"][k], 5
    else:
        t = rng.choice(ALERT_TEMPLATES)
        name, cond, disp, units, sev, minutes = (t[0].format(**fmt), t[1].format(**fmt), t[2].format(**fmt),
                                                 t[3], t[4], t[5])
        if env != "prod" and "{env}" in t[1]:
            name += f" ({env})"
    if name in used_names and i not in (long_slots | promql_slots | nonascii_slots):
        retry = 0
        while name in used_names and retry < 50:
            svc, env, role = rng.choice(SERVICES), rng.choice(ENVS), rng.choice(HOST_ROLES[:6])
            fmt = {"svc": svc, "Svc": svc.capitalize(), "env": env, "role": role}
            t = rng.choice(ALERT_TEMPLATES)
            name, cond, disp, units, sev, minutes = (t[0].format(**fmt), t[1].format(**fmt), t[2].format(**fmt),
                                                     t[3], t[4], t[5])
            if env != "prod" and "{env}" in t[1]:
                name += f" ({env})"
            retry += 1
    base_name = name
    n = 2
    while name in used_names:
        name = f"{base_name} ({REGIONS[n % len(REGIONS)]})"
        n += 1
    used_names.add(name)

    plan = STATUS_PLAN[i]
    status = plan.split("+")
    if plan == "TRASH":
        status = ["TRASH"]
    aid = str(1690000000001 + i * 7919 + rng.randint(0, 500))
    created_days = rng.randint(5, 800)
    c_s = created_days * DAY + rng.randint(0, DAY)
    u_s = rng.randint(HOUR, c_s)
    nids = rng.sample(NOTIFICANT_IDS, rng.choice([1, 1, 2, 3]))
    team = TEAMS.get(svc, "platform")
    tags = list(dict.fromkeys([f"env.{env}", f"team.{team}", f"service.{svc}"] +
                              rng.sample(["tier1", "tier2", "customer-facing", "infra", "slo", "k8s",
                                          "database", "noisy", "runbook-missing"], rng.randint(0, 2))))
    firing = "FIRING" in status
    is_threshold = i in threshold_slots
    item = {
        "id": aid,
        "name": name,
        "alertType": "THRESHOLD" if is_threshold else "CLASSIC",
        "severity": sev,
        "status": status,
        "condition": cond,
        "conditionQueryType": qtype,
        "conditionQBEnabled": False,
        "displayExpression": disp,
        "displayExpressionQueryType": qtype,
        "displayExpressionQBEnabled": False,
        "minutes": minutes,
        "resolveAfterMinutes": rng.choice([None, minutes, 10, 15, 30]),
        "processRateMinutes": rng.choice([1, 1, 1, 2, 5]),
        "target": ",".join("target:" + x for x in nids),
        "targetInfo": [target_info(x) for x in nids],
        "notificants": nids,
        "notificationResendFrequencyMinutes": rng.choice([None, 0, 60, 240]),
        "tags": {"customerTags": tags},
        "additionalInformation": rng.choice([
            None, "",
            f"Runbook: https://wiki.acme.example/runbooks/{svc}/{slug(base_name)}",
            f"Check the {svc} dashboard first. If a deploy is in progress, roll back with `acmectl rollback {svc}`.\n\n"
            f"Escalate to #{team}-oncall after 15 minutes.",
        ]),
        "runbookLinks": [f"https://wiki.acme.example/runbooks/{svc}/{slug(base_name)}"] if rng.random() < 0.6 else [],
        "alertTriageDashboards": ([{"dashboardId": f"{svc}-service-overview",
                                    "parameters": {"constants": {"service": svc, "env": env}},
                                    "description": f"{svc.capitalize()} service overview"}]
                                  if rng.random() < 0.4 else []),
        "lastEventTime": ago(rng.randint(2 * MIN, 3 * HOUR)) if firing else
        (ago(rng.randint(1, 60) * DAY) if rng.random() < 0.8 else None),
        "lastProcessedMillis": ago(rng.randint(2, 90)) if plan != "TRASH" else ago(u_s),
        "lastNotificationMillis": ago(rng.randint(MIN, 2 * HOUR)) if firing else
        (ago(rng.randint(1, 40) * DAY) if rng.random() < 0.5 else None),
        "pointsScannedAtLastQuery": rng.randint(50, 2_500_000),
        "numPointsInFailureFrame": rng.randint(0, 3000),
        "lastQueryTime": rng.randint(8, 1200),
        "metricsUsed": sorted(set(re.findall(r"ts\(([~\w.\-]+)", cond)))[:5],
        "hostsUsed": hosts(rng.randint(0, 4), env=env if env in ("prod", "staging", "dev") else "prod"),
        "tagpaths": [],
        "queryFailing": plan == "INVALID",
        "querySyntaxError": False,
        "lastFailedTime": None,
        "lastErrorMessage": None,
        "includeObsoleteMetrics": rng.random() < 0.1,
        "evaluateRealtimeData": rng.random() < 0.1,
        "secureMetricDetails": rng.random() < 0.1,
        "enablePDIncidentBySeries": False,
        "hidden": rng.random() < 0.05,
        "inTrash": plan == "TRASH",
        "deleted": False,
        "orphan": False,
        "systemOwned": False,
        "modifyAclAccess": True,
        "acl": {"canView": [GROUP_BY_NAME["Everyone"]["id"]], "canModify": [rng.choice(EDITORS)]},
        "alertsLastDay": rng.randint(0, 6) if firing else rng.randint(0, 1),
        "alertsLastWeek": rng.randint(0, 20),
        "alertsLastMonth": rng.randint(0, 60),
        "failingHostLabelPairs": [],
        "inMaintenanceHostLabelPairs": [],
        "prefiringHostLabelPairs": [],
        "activeMaintenanceWindows": [],
        "service": [svc],
        "application": ["acme-shop"] if svc in ("checkout", "cart", "catalog", "payments") else [],
        "alertChartUnits": units,
        "alertChartBase": 1,
        "alertChartDescription": f"{name} over the last hour" if rng.random() < 0.3 else None,
        "chartSettings": {"type": "line", "windowing": "full"},
        "sortAttr": STATE_ORDER[status[0]] * 10 + SEV_ORDER[sev],
        "creatorId": rng.choice(EDITORS + ["sa::terraform"]),
        "updaterId": rng.choice(EDITORS + ["sa::terraform"]),
        "createUserId": None, "updateUserId": None,
        "created": ago(c_s), "updated": ago(u_s),
        "createdEpochMillis": ago(c_s), "updatedEpochMillis": ago(u_s),
    }
    item["createUserId"] = item["creatorId"]
    item["updateUserId"] = item["updaterId"]
    if is_threshold:
        metric_q = disp or cond.split(" > ")[0]
        m = re.search(r"\s(>=|>|<=|<)\s*([\d.]+)$", cond)
        op, limit = (m.group(1), float(m.group(2))) if m else (">", 90.0)
        scale = {"severe": 1.0, "warn": 0.8, "info": 0.6} if op.startswith(">") else \
            {"severe": 1.0, "warn": 1.5, "info": 2.0}

        def num(x):
            return str(int(round(x))) if x >= 10 or x == int(x) else f"{x:.2g}"
        if limit == 0:
            thr = {k: f"{metric_q} {op} {n}" for k, n in (("severe", 2), ("warn", 1), ("info", 0))}
        else:
            thr = {k: f"{metric_q} {op} {num(limit * f)}" for k, f in scale.items()}
        levels = rng.choice([["severe", "warn"], ["severe", "warn", "info"], ["warn", "info"]])
        item["conditions"] = {k: thr[k] for k in levels}
        item["severityList"] = [k.upper() for k in levels]
        item["severity"] = levels[0].upper()
        item["condition"] = thr[levels[0]]
        item["displayExpression"] = metric_q
        item["targets"] = {k: "target:" + rng.choice(NOTIFICANT_IDS) for k in levels}
        item["alertSources"] = [
            {"name": "A", "query": metric_q, "queryType": "WQL", "queryBuilderEnabled": False,
             "hidden": False, "color": "#1f77b4", "description": None,
             "alertSourceType": ["VARIABLE", "AUDIT"]},
        ]
        item["sortAttr"] = STATE_ORDER[status[0]] * 10 + SEV_ORDER[item["severity"]]
    if firing:
        nf = rng.randint(1, 4)
        hs = hosts(nf, role=role, env="prod")
        item["failingHostLabelPairs"] = [
            {"host": h, "label": (item["metricsUsed"] or ["cpu.usage.percentage"])[0],
             "severity": item["severity"], "startTime": ago(rng.randint(2 * MIN, 3 * HOUR)),
             "tags": {"env": env, "service": svc}, "firing": 1, "observed": minutes}
            for h in hs]
        item["event"] = {
            "id": f"{aid}:{name}:1", "name": name, "startTime": item["lastEventTime"],
            "annotations": {"severity": item["severity"].lower(), "type": "alert",
                            "target": item["target"]},
            "hosts": hs, "tags": [], "isEphemeral": False, "isUserEvent": False,
            "creatorType": ["ALERT"], "runningState": "ONGOING", "table": CUSTOMER,
            "createdEpochMillis": item["lastEventTime"], "updatedEpochMillis": item["lastEventTime"],
        }
        if rng.random() < 0.5:
            item["prefiringHostLabelPairs"] = [
                {"host": host(role, "prod"), "label": (item["metricsUsed"] or ["cpu.usage.percentage"])[0],
                 "severity": item["severity"], "startTime": ago(rng.randint(MIN, 20 * MIN)),
                 "tags": {}, "firing": 0, "observed": 1}]
    if "SNOOZED" in status:
        item["snoozed"] = -1 if rng.random() < 0.35 else ahead(rng.choice([30 * MIN, 2 * HOUR, 6 * HOUR,
                                                                           DAY, 3 * DAY]))
    elif rng.random() < 0.15:
        item["snoozed"] = None
    if "IN_MAINTENANCE" in status:
        mw = rng.choice(MW_NAMES)
        item["activeMaintenanceWindows"] = [mw]
        item["inMaintenanceHostLabelPairs"] = [
            {"host": h, "label": (item["metricsUsed"] or ["cpu.usage.percentage"])[0],
             "startTime": ago(rng.randint(10 * MIN, 2 * HOUR)), "tags": {}}
            for h in hosts(rng.randint(1, 3), role="db")]
    if plan == "INVALID":
        item["lastFailedTime"] = ago(rng.randint(30, 20 * MIN))
        item["lastErrorMessage"] = rng.choice([
            "Query timeout: the query took longer than 60 seconds",
            "Metric not found: no data for ts(" + (item["metricsUsed"] or ["x"])[0] + ") in the last 2 hours",
            "Syntax error: expected ')' at position 58",
        ])
        item["querySyntaxError"] = "Syntax" in item["lastErrorMessage"]
    elif rng.random() < 0.1:
        item["lastFailedTime"] = ago(rng.randint(3, 30) * DAY)
        item["lastErrorMessage"] = "Query timeout: the query took longer than 60 seconds"
    if plan == "NO_DATA":
        item["noDataEvent"] = {
            "name": f"No data: {name}", "startTime": ago(rng.randint(10 * MIN, 12 * HOUR)),
            "annotations": {"severity": "warn", "type": "alert-no-data"}, "hosts": [],
            "creatorType": ["ALERT"], "runningState": "ONGOING", "isEphemeral": True}
    maybe_drop(item, ["additionalInformation", "runbookLinks", "alertTriageDashboards", "resolveAfterMinutes",
                      "notificationResendFrequencyMinutes", "alertChartDescription", "chartSettings",
                      "tagpaths", "acl", "evaluateRealtimeData", "secureMetricDetails", "orphan",
                      "alertsLastMonth", "prefiringHostLabelPairs", "hostsUsed"], 0.2)
    alerts.append(item)
ALERT_IDS = [a["id"] for a in alerts]


# ---------------------------------------------------------------------------------------------
# dashboards

CHART_KINDS = [  # (name, query, units)
    ("CPU usage", "ts(cpu.usage.percentage, env=${env} and service={svc})", "%"),
    ("Memory used", "ts(mem.used.percent, env=${env} and service={svc})", "%"),
    ("Requests per second", "sum(rate(ts(http.server.requests.count, env=${env} and service={svc})), status)", "req/s"),
    ("Error rate", 'sum(rate(ts(http.server.requests.count, env=${env} and service={svc} and status="5*")))', "req/s"),
    ("p50 latency", "percentile(50, ts(http.server.request.duration, env=${env} and service={svc}))", "ms"),
    ("p99 latency", "percentile(99, ts(http.server.request.duration, env=${env} and service={svc}))", "ms"),
    ("Pod restarts", 'sum(ts(kubernetes.pod_container.status.restarts.count, namespace="{svc}"), pod_name)', ""),
    ("Running pods", 'count(ts(kubernetes.pod.status.phase, namespace="{svc}" and phase="Running"))', "pods"),
    ("GC pause", "mavg(5m, ts(jvm.gc.pause.seconds.max, service={svc}))", "s"),
    ("Heap used", "ts(jvm.memory.used, service={svc} and area=heap)", "B"),
    ("DB connections", 'ts(postgresql.connections.active, cluster="{svc}-db")', "conns"),
    ("Cache hit ratio", 'ts(redis.keyspace.hits, cluster="{svc}-cache") / (ts(redis.keyspace.hits, cluster="{svc}-cache") + ts(redis.keyspace.misses, cluster="{svc}-cache"))', ""),
    ("Kafka lag", 'max(ts(kafka.consumer.lag, consumer_group="{svc}-workers"), topic)', "msgs"),
    ("Network in", "rate(ts(net.bytes_recv, env=${env} and service={svc}))", "B/s"),
    ("Network out", "rate(ts(net.bytes_sent, env=${env} and service={svc}))", "B/s"),
    ("Disk used", 'ts(disk.used.percent, env=${env} and service={svc} and path="/var")', "%"),
    ("SLO error budget remaining", 'ts(slo.error_budget.remaining, service={svc})', "%"),
    ("Queue depth", 'ts(rabbitmq.queue.messages, queue="{svc}.*")', "msgs"),
]
DASHBOARD_SPECS = [
    ("k8s-cluster-overview", "Kubernetes cluster overview", "Nodes, pods and workloads across the prod clusters", "gateway"),
    ("checkout-service-overview", "Checkout service overview", "Golden signals for checkout", "checkout"),
    ("search-service-overview", "Search service overview", "Golden signals for search", "search"),
    ("payments-service-overview", "Payments service overview", "Golden signals for payments", "payments"),
    ("cart-service-overview", "Cart service overview", "Golden signals for cart", "cart"),
    ("catalog-service-overview", "Catalog service overview", "Golden signals for catalog", "catalog"),
    ("inventory-service-overview", "Inventory service overview", "Golden signals for inventory", "inventory"),
    ("auth-service-overview", "Auth service overview", "Logins, token issuance, error rates", "auth"),
    ("notifications-overview", "Notifications", "Email, push and SMS delivery", "notifications"),
    ("shipping-service-overview", "Shipping service overview", "Carrier APIs and label generation", "shipping"),
    ("recommendations-overview", "Recommendations", "Model serving latency and cache", "recommendations"),
    ("pricing-service-overview", "Pricing service overview", "Price computation and promotions", "pricing"),
    ("api-gateway", "API gateway", "Edge traffic, rate limiting and upstream health", "gateway"),
    ("postgres-fleet", "Postgres fleet", "All Postgres clusters: replication, connections, locks", "payments"),
    ("redis-fleet", "Redis fleet", "Memory, evictions and hit ratios", "cart"),
    ("kafka-overview", "Kafka overview", "Brokers, partitions and consumer lag", "inventory"),
    ("elasticsearch-search", "Elasticsearch (search cluster)", "Cluster health, indexing and query latency", "search"),
    ("wavefront-proxies", "Wavefront proxies", "Proxy health, queue sizes and points per second", "gateway"),
    ("slo-summary", "SLO summary", "Error budgets for every tier-1 service", "checkout"),
    ("incident-war-room", "Incident war room", "One page with everything on-call looks at first", "checkout"),
    ("aws-cost-explorer", "AWS cost explorer", "Daily spend by account and service", "pricing"),
    ("capacity-planning", "Capacity planning", "Growth trends for CPU, memory and storage", "inventory"),
    ("jvm-services", "JVM services", "Heap, GC and threads for all JVM services", "checkout"),
    ("edge-cdn", "Edge / CDN", "Cache hit ratio, origin errors, bandwidth", "gateway"),
    ("ci-cd-pipelines", "CI/CD pipelines", "Build durations and deploy frequency", "gateway"),
    ("mobile-backend", "Mobile backend", "APIs used by the iOS and Android apps", "auth"),
    ("batch-jobs", "Batch jobs", "Nightly jobs: duration, failures, rows processed", "inventory"),
    ("staging-environment", "Staging environment", "Everything, but for staging", "cart"),
    ("business-kpis", "Business KPIs", "Orders per minute, conversion, revenue", "checkout"),
    ("latenz-uebersicht", "Latenz – Übersicht (EU)", "Latenz aller Dienste in eu-central-1, gruppiert nach Dienst", "checkout"),
    ("jp-region-overview", "日本リージョン 概要", "東京リージョン (ap-northeast-1) のサービス概要", "search"),
    ("security-overview", "Security overview", "Auth failures, WAF blocks, suspicious logins", "auth"),
    ("dns-and-network", "DNS and network", "Resolver latency, packet loss, NAT gateways", "gateway"),
    ("rabbitmq", "RabbitMQ", "Queues, consumers and unacked messages", "notifications"),
    ("linux-hosts", "Linux hosts", "System metrics for every Linux host", "gateway"),
    ("synthetics", "Synthetic checks", "Availability from six probe locations", "checkout"),
    ("data-warehouse-loads", "Data warehouse loads", "ETL freshness and row counts", "pricing"),
    ("team-payments-oncall", "Payments on-call", "The payments team's on-call dashboard", "payments"),
    ("old-monolith-do-not-use", "Old monolith (deprecated)", "Kept for reference; the monolith was retired", "catalog"),
    ("scratchpad-li-wei", "Li's scratchpad", None, "search"),
]
assert len(DASHBOARD_SPECS) == 40
LARGE_DASHBOARDS = {"k8s-cluster-overview": 36, "incident-war-room": 42, "linux-hosts": 48}
SECTION_NAMES = ["Overview", "Traffic", "Latency", "Errors", "Saturation", "Infrastructure", "Dependencies",
                 "JVM", "Kubernetes", "Storage", "Details"]


def make_chart(svc, kind=None):
    name, q, units = kind or rng.choice(CHART_KINDS)
    if svc.startswith("~"):  # a repeat of a chart kind on a big dashboard: show another service
        svc = svc[1:]
        name = f"{name} ({svc})"
    ctype = rng.choice(["line"] * 8 + ["stacked-area", "table", "sparkline", "stacked-column"])
    q = q.replace("{svc}", svc)
    chart = {
        "name": name,
        "description": rng.choice([None, None, f"{name} for {svc}", ""]),
        "units": units,
        "base": 1,
        "sources": [{"name": name, "query": q, "disabled": False, "queryType": "WQL",
                     "querybuilderEnabled": False, "secondaryAxis": False}],
        "chartSettings": {"type": ctype},
        "summarization": "MEAN",
        "interpolatePoints": True,
        "includeObsoleteMetrics": False,
        "noDefaultEvents": rng.random() < 0.1,
    }
    if ctype == "line":
        chart["chartSettings"].update({"lineType": "linear", "windowing": "full", "fixedLegendEnabled": rng.random() < 0.3})
    if ctype == "sparkline":
        chart["chartSettings"].update({"sparklineDisplayValueType": "VALUE", "sparklineSize": "BOTTOM",
                                       "sparklineDecimalPrecision": 2})
    if rng.random() < 0.25:
        chart["sources"].append({"name": f"{name} (1w ago)", "query": f"lag(1w, {q})", "disabled": rng.random() < 0.3,
                                 "queryType": "WQL", "querybuilderEnabled": False, "secondaryAxis": False,
                                 "sourceColor": "rgba(150,150,150,1)"})
    return maybe_drop(chart, ["description", "base", "summarization", "noDefaultEvents", "includeObsoleteMetrics"], 0.25)


dashboards = []
for url, name, desc, svc in DASHBOARD_SPECS:
    total = LARGE_DASHBOARDS.get(url, rng.randint(2, 14))
    nsec = 3 if url in LARGE_DASHBOARDS else rng.choice([1, 1, 2, 2, 3])
    sec_names = rng.sample(SECTION_NAMES, nsec)
    per = [total // nsec + (1 if k < total % nsec else 0) for k in range(nsec)]
    kinds = []
    while len(kinds) < total:
        cycle = rng.sample(CHART_KINDS, len(CHART_KINDS))
        kinds += [(k, svc if len(kinds) < len(CHART_KINDS) else "~" + rng.choice(SERVICES)) for k in cycle]
    kinds = iter(kinds)
    sections = []
    for sname, count in zip(sec_names, per):
        rows, left = [], count
        while left > 0:
            w = min(left, rng.choice([1, 2, 3, 3, 4]))
            rows.append({"heightFactor": rng.choice([100, 100, 100, 50, 150]),
                         "charts": [make_chart(s, k) for k, s in (next(kinds) for _ in range(w))]})
            left -= w
        sections.append({"name": sname, "id": alnum(8), "rows": rows})
    c_s = rng.randint(20, 900) * DAY + rng.randint(0, DAY)
    u_s = rng.randint(10 * MIN, c_s)
    vd = rng.randint(0, 120)
    item = {
        "id": url, "url": url, "name": name, "description": desc,
        "customer": CUSTOMER,
        "numCharts": total,
        "numFavorites": rng.randint(0, 25),
        "favorite": rng.random() < 0.2,
        "tags": {"customerTags": list(dict.fromkeys([f"team.{TEAMS.get(svc, 'platform')}", f"service.{svc}"] +
                                                    rng.sample(["prod", "golden-signals", "k8s", "oncall",
                                                                "business", "infra"], rng.randint(0, 2))))},
        "sections": sections,
        "eventFilterType": rng.choice(["BYCHART", "BYCHART", "AUTOMATIC", "NONE"]),
        "eventQuery": None,
        "defaultTimeWindow": rng.choice([None, "2h", "1d", "1w"]),
        "displayDescription": rng.random() < 0.3,
        "displaySectionTableOfContents": True,
        "displayQueryParameters": False,
        "chartTitleScalar": 100,
        "includeObsoleteMetrics": False,
        "disableRefreshInLiveMode": False,
        "forceV2UI": False,
        "modifyAclAccess": True,
        "viewsLastDay": vd,
        "viewsLastWeek": vd * rng.randint(4, 7) + rng.randint(0, 30),
        "viewsLastMonth": vd * rng.randint(18, 30) + rng.randint(0, 200),
        "creatorId": rng.choice(EDITORS + ["sa::terraform"]),
        "updaterId": rng.choice(EDITORS + ["sa::terraform"]),
        "createdEpochMillis": ago(c_s), "updatedEpochMillis": ago(u_s),
        "systemOwned": False, "hidden": False, "deleted": False, "orphan": False,
    }
    if url == "old-monolith-do-not-use":
        item["hidden"] = True
    if url in ("incident-war-room", "slo-summary", "checkout-service-overview"):
        item["eventQuery"] = 'events(type=deploy or type=alert, service="%s")' % svc
    if url in ("k8s-cluster-overview", "checkout-service-overview", "linux-hosts", "staging-environment",
               "latenz-uebersicht", "api-gateway"):
        item["displayQueryParameters"] = True
        item["parameterDetails"] = {
            "env": {"label": "Environment", "parameterType": "LIST", "defaultValue": "Production",
                    "valuesToReadableStrings": {"Production": "prod", "Staging": "staging", "Dev": "dev"},
                    "multivalue": False, "allowAll": False, "hideFromView": False, "order": 0,
                    "description": "Which environment to show"},
            "source": {"label": "Host", "parameterType": "DYNAMIC", "dynamicFieldType": "SOURCE",
                       "queryValue": "ts(cpu.usage.percentage, env=${env})", "defaultValue": "*",
                       "valuesToReadableStrings": {"*": "*"}, "multivalue": True, "allowAll": True,
                       "hideFromView": False, "order": 1, "reverseDynSort": False},
        }
        item["parameters"] = {"env": "prod"}
    if url == "slo-summary":
        item["defaultStartTime"] = ago(7 * DAY)
        item["defaultEndTime"] = ago(0)
    if url == "scratchpad-li-wei":
        item["creatorId"] = item["updaterId"] = "li.wei@acme.com"
        item["tags"] = {"customerTags": []}
    maybe_drop(item, ["eventQuery", "defaultTimeWindow", "eventFilterType", "chartTitleScalar",
                      "disableRefreshInLiveMode", "forceV2UI", "orphan", "customer"], 0.25)
    dashboards.append(item)


# ---------------------------------------------------------------------------------------------
# dashboards for the player (#20): every chart type, every kind of variable, an event query,
# and 24 panels for the benchmark. Written out in full (no draws from `rng`), so the fixtures
# above do not change.

def src(name, query, **extra):
    s = {"name": name, "query": query, "disabled": False, "queryType": "WQL",
         "querybuilderEnabled": False, "secondaryAxis": False}
    s.update(extra)
    return s


def chart(name, ctype, sources, units="", description=None, **settings):
    settings = dict({"type": ctype}, **settings)
    c = {"name": name, "units": units, "base": 1, "sources": sources, "chartSettings": settings,
         "summarization": "MEAN", "interpolatePoints": True, "includeObsoleteMetrics": False,
         "noDefaultEvents": False}
    if description:
        c["description"] = description
    return c


SVC = "ts(%s, env=${env} and service=${service})"
HOSTS3 = ('source="web-000000.us-east-1.acme.net" or source="api-000001.us-east-1.acme.net" '
          'or source="db-000002.us-east-1.acme.net"')
TOUR_MARKDOWN = """# Checkout, at a glance

The **golden signals** of checkout in `${env}`. Read it top to bottom:

1. Latency and errors first (the single stats above)
2. Then *saturation*: CPU, memory, connections
3. Then the tables

- Runbook: [checkout runbook](https://wiki.acme.com/runbooks/checkout)
- On call: `#checkout-oncall`

## Thresholds

Latency turns yellow at 200 ms and red at 500 ms.
"""
PARAMETERS = {
    "env": {"label": "Environment", "parameterType": "LIST", "defaultValue": "Production",
            "valuesToReadableStrings": {"Production": "prod", "Staging": "staging", "Dev": "dev"},
            "multivalue": True, "allowAll": False, "hideFromView": False, "order": 0,
            "description": "Which environments to show"},
    "service": {"label": "Service", "parameterType": "SIMPLE", "defaultValue": "checkout",
                "valuesToReadableStrings": {"checkout": "checkout"}, "multivalue": False,
                "allowAll": False, "hideFromView": False, "order": 1},
    "host": {"label": "Host", "parameterType": "DYNAMIC", "dynamicFieldType": "SOURCE",
             "queryValue": SVC % "cpu.usage.percentage", "defaultValue": "*",
             "valuesToReadableStrings": {"*": "*"}, "multivalue": True, "allowAll": True,
             "hideFromView": False, "order": 2, "reverseDynSort": False},
    "zone": {"label": "Zone", "parameterType": "DYNAMIC", "dynamicFieldType": "TAG_KEY",
             "tagKey": "zone", "queryValue": "ts(http.server.requests.count, service=${service} and zone=*)",
             "defaultValue": "*", "valuesToReadableStrings": {"*": "*"}, "multivalue": True,
             "allowAll": True, "hideFromView": False, "order": 3},
    "metric": {"label": "Metric", "parameterType": "DYNAMIC", "dynamicFieldType": "METRIC_NAME",
               "queryValue": "ts(jvm.memory.used, service=${service})", "defaultValue": "jvm.memory.used",
               "valuesToReadableStrings": {"jvm.memory.used": "jvm.memory.used"},
               "multivalue": False, "allowAll": False, "hideFromView": False, "order": 4},
    "tier": {"label": "Source tag", "parameterType": "DYNAMIC", "dynamicFieldType": "SOURCE_TAG",
             "queryValue": "ts(cpu.usage.percentage, %s)" % HOSTS3, "defaultValue": "role.web",
             "valuesToReadableStrings": {"role.web": "role.web"}, "multivalue": False,
             "allowAll": True, "hideFromView": False, "order": 5,
             "tagsBlackListRegex": "^canary$"},
    "region": {"label": "Region tag", "parameterType": "DYNAMIC",
               "dynamicFieldType": "MATCHING_SOURCE_TAG",
               "queryValue": "ts(cpu.usage.percentage, %s)" % HOSTS3, "defaultValue": "region.us-east-1",
               "valuesToReadableStrings": {"region.us-east-1": "region.us-east-1"},
               "multivalue": False, "allowAll": False, "hideFromView": True, "order": 6},
}
RED_YELLOW_GREEN = ["rgba(46,204,113,1)", "rgba(241,196,15,1)", "rgba(231,76,60,1)"]
TOUR_SECTIONS = [
    {"name": "Overview", "id": "tour0001", "rows": [
        {"heightFactor": 50, "charts": [
            chart("p99 latency", "sparkline",
                  [src("p99", "percentile(99, %s)" % (SVC % "http.server.request.duration"))], "ms",
                  sparklineDisplayValueType="VALUE", sparklineSize="BOTTOM", sparklineDecimalPrecision=1,
                  sparklineDisplayPostfix=" ms", sparklineValueColorMapValuesV2=[200, 500],
                  sparklineValueColorMapColors=RED_YELLOW_GREEN, sparklineValueColorMapApplyTo="TEXT"),
            chart("Error rate", "sparkline",
                  [src("5xx", 'sum(rate(ts(http.server.requests.count, env=${env} and service=${service} and status="5*")))')],
                  "req/s", sparklineDisplayValueType="VALUE", sparklineSize="BACKGROUND",
                  sparklineDecimalPrecision=2, sparklineDisplayPrefix="~",
                  sparklineValueColorMapValuesV2=[1, 5], sparklineValueColorMapColors=RED_YELLOW_GREEN,
                  sparklineValueColorMapApplyTo="BACKGROUND"),
            chart("Error budget", "sparkline", [src("Budget left", "ts(slo.error_budget.remaining, service=${service})")],
                  "%", sparklineDisplayValueType="LABEL", sparklineSize="NONE",
                  sparklineValueTextMapThresholds=[20, 50], sparklineValueTextMapText=["burning", "watch", "healthy"]),
            chart("CPU", "gauge", [src("CPU", "avg(%s)" % (SVC % "cpu.usage.percentage"))], "%",
                  min=0, max=100, sparklineDecimalPrecision=0, sparklineValueColorMapValuesV2=[70, 90],
                  sparklineValueColorMapColors=RED_YELLOW_GREEN),
            chart("Read me", "markdown-widget", [], description="How to read this dashboard",
                  plainMarkdownContent=TOUR_MARKDOWN),
        ]},
    ]},
    {"name": "Trends", "id": "tour0002", "rows": [
        {"heightFactor": 100, "charts": [
            chart("CPU and memory by host", "line", [
                src("CPU", "ts(cpu.usage.percentage, env=${env} and service=${service} and source=${host})"),
                src("Memory", "ts(mem.used.percent, env=${env} and service=${service} and source=${host})",
                    secondaryAxis=True, sourceColor="rgba(52,152,219,1)"),
                src("CPU last week", "lag(1w, ts(cpu.usage.percentage, env=${env} and service=${service}))",
                    disabled=True, sourceColor="rgba(150,150,150,1)"),
            ], "%", lineType="linear", min=0, max=100, y1Min=0, y1Max=100, y1Units="% mem",
                  fixedLegendEnabled=True, fixedLegendPosition="RIGHT"),
            chart("Latency points", "scatterplot",
                  [src("p50", "percentile(50, %s)" % (SVC % "http.server.request.duration"))], "ms"),
        ]},
        {"heightFactor": 150, "charts": [
            chart("Requests by zone", "stacked-area",
                  [src("Requests", "sum(rate(ts(http.server.requests.count, service=${service} and zone=${zone})), zone)")],
                  "req/s", stackType="zero"),
            chart("Memory by metric", "stacked-column", [src("Metric", "ts(${metric}, service=${service})")], "B",
                  stackType="bars"),
        ]},
    ]},
    {"name": "Tables", "id": "tour0003", "rows": [
        {"heightFactor": 100, "charts": [
            chart("Hosts", "table", [src("CPU", SVC % "cpu.usage.percentage")], "%",
                  tagMode="all", showHosts=True, showLabels=True, showRawValues=False,
                  sortValuesDescending=True, groupBySource=False, windowing="last", windowSize=5),
            chart("Top DB connections", "top-k",
                  [src("Connections", 'ts(postgresql.connections.active, cluster="${service}-db")')], "conns",
                  tagMode="top", numTags=2, sortValuesDescending=True),
            chart("Synthetic checks", "status-list",
                  [src("Success", "ts(synthetics.check.success, env=${env} and probe=*)")], "",
                  tagMode="custom", customTags=["probe"], showHosts=False),
            chart("Tagged sources", "table", [src("CPU", "ts(cpu.usage.percentage, tag=${tier} and tag=${region})")],
                  "%", tagMode="top", numTags=1),
        ]},
    ]},
    {"name": "Not for a terminal", "id": "tour0004", "rows": [
        {"heightFactor": 100, "charts": [
            chart("Latency heatmap", "heatmap", [src("Latency", SVC % "http.server.request.duration")], "ms"),
            chart("Latency histogram", "histogram", [src("Latency", SVC % "http.server.request.duration")], "ms"),
            chart("Traffic share", "pie", [src("Requests", "sum(ts(http.server.requests.count, service=${service}), zone)")]),
        ]},
        {"heightFactor": 50, "charts": [
            chart("Users by country", "globe", [src("Users", "sum(ts(business.active_users, service=${service}), country)")]),
            chart("Service map", "nodemap", [src("Calls", "ts(tracing.calls.count, service=${service})")]),
            chart("CPU against memory", "scatterplot-xy", [
                src("CPU", SVC % "cpu.usage.percentage", scatterPlotSource="X"),
                src("Memory", SVC % "mem.used.percent", scatterPlotSource="Y"),
            ], "%", xmin=0, xmax=100, ymin=0, ymax=100),
        ]},
    ]},
]
BENCH_KINDS = [("line", {}), ("sparkline", {"sparklineDecimalPrecision": 1,
                                            "sparklineValueColorMapValuesV2": [50, 80],
                                            "sparklineValueColorMapColors": RED_YELLOW_GREEN}),
               ("stacked-area", {}), ("table", {"tagMode": "all"})]
BENCH_ROWS = []
for r in range(6):
    charts = []
    for c in range(4):
        name, q, units = CHART_KINDS[(r * 4 + c) % len(CHART_KINDS)]
        svc = SERVICES[(r * 4 + c) % len(SERVICES)]
        ctype, extra = BENCH_KINDS[0] if c < 2 else BENCH_KINDS[(r + c) % len(BENCH_KINDS)]
        charts.append(chart(f"{name} ({svc})", ctype, [src(name, q.replace("{svc}", svc))], units, **extra))
    BENCH_ROWS.append({"heightFactor": 100, "charts": charts})


def player_dashboard(url, name, desc, sections, parameters, **extra):
    d = {
        "id": url, "url": url, "name": name, "description": desc, "customer": CUSTOMER,
        "numCharts": sum(len(r["charts"]) for s in sections for r in s["rows"]),
        "numFavorites": 3, "favorite": False,
        "tags": {"customerTags": ["team.platform", "wf-tui.demo"]},
        "sections": sections, "parameterDetails": parameters,
        "displayDescription": True, "displaySectionTableOfContents": True, "displayQueryParameters": True,
        "chartTitleScalar": 100, "includeObsoleteMetrics": False, "disableRefreshInLiveMode": False,
        "forceV2UI": False, "modifyAclAccess": True, "viewsLastDay": 12, "viewsLastWeek": 70,
        "viewsLastMonth": 260, "creatorId": "jane.doe@acme.com", "updaterId": "jane.doe@acme.com",
        "createdEpochMillis": ago(30 * DAY), "updatedEpochMillis": ago(2 * DAY),
        "systemOwned": False, "hidden": False, "deleted": False, "orphan": False,
    }
    d.update(extra)
    return d


dashboards.append(player_dashboard(
    "demo-player-tour", "Dashboard player tour",
    "Every chart type, every kind of variable and an event query: what wf-tui's player draws",
    TOUR_SECTIONS, PARAMETERS, defaultTimeWindow="6h", eventFilterType="BYCHARTANDDASHBOARD",
    eventQuery='events(type=deploy or type=alert, service="checkout")'))
dashboards.append(player_dashboard(
    "demo-24-panels", "24 panels (benchmark)",
    "Six rows of four panels: what the player's benchmark plays",
    [{"name": "All panels", "id": "bench001", "rows": BENCH_ROWS}],
    {"env": PARAMETERS["env"]}, defaultTimeWindow="1h", eventFilterType="BYCHART"))


# ---------------------------------------------------------------------------------------------
# events: 300 over the last 2 days (a few pending in the next hours), newest first

def evm(offset):
    return _marker(offset, exact=True)  # minute-exact, so close events keep their order


VERSIONS = lambda: f"v{rng.randint(1, 4)}.{rng.randint(0, 30)}.{rng.randint(0, 12)}"
event_specs = []
n_events = 300
starts = sorted(m * MIN for m in rng.sample(range(2, 2 * DAY // MIN), n_events - 6))  # newest first
pending = sorted((m * MIN for m in rng.sample(range(20, 18 * 60), 6)), reverse=True)
firing_alerts = [a for a in alerts if "FIRING" in a["status"]]
for off in [-p for p in pending] + starts:
    kind = rng.choices(["deploy", "alert", "maint", "scale", "config", "incident", "backup", "feature"],
                       [30, 30, 6, 10, 8, 4, 6, 6])[0]
    if off < 0:
        kind = rng.choice(["maint", "deploy", "feature"])
    event_specs.append((off, kind))
events = []
for idx, (off, kind) in enumerate(event_specs):
    svc = rng.choice(SERVICES)
    env = rng.choice(["prod", "prod", "prod", "staging"])
    sev = "info"
    creator = ["SYSTEM"]
    creator_id = None
    tags, hs = [], []
    duration = rng.randint(1, 20) * MIN
    details = ""
    etype = kind
    still_firing = False
    if kind == "deploy":
        ver = VERSIONS()
        name = f"Deploy {svc} {ver}"
        who = rng.choice(["sa::jenkins", "sa::jenkins", rng.choice(USERS[:20])])
        creator = ["USER"] if not who.startswith("sa::") else ["SYSTEM"]
        creator_id = who
        tags = ["deploy", f"service.{svc}", f"env.{env}"]
        hs = hosts(rng.randint(1, 6), role="api", env=env)
        details = f"Rolling deploy of {svc} {ver} to {env} ({rng.randint(3, 40)} pods) by {who}"
        duration = rng.randint(2, 25) * MIN
    elif kind == "alert":
        still_firing = 0 <= off < 4 * HOUR and rng.random() < 0.6
        a = rng.choice(firing_alerts if still_firing else alerts)
        name = a["name"]  # an alert's event is named after it and spans the firing period
        creator = ["ALERT"]
        creator_id = a["id"]
        sev = a["severity"].lower()
        tags = list(a["tags"]["customerTags"])
        hs = hosts(rng.randint(1, 3))
        details = a["condition"][:200]
        duration = rng.randint(3, 180) * MIN
    elif kind == "maint":
        name = f"Maintenance: {rng.choice(['DB patching', 'Node pool upgrade', 'Kafka broker restart', 'Certificate rotation', 'Network change CHG-' + str(rng.randint(1000, 9999))])}"
        creator_id = "sa::pagerduty-sync"
        tags = ["maintenance", f"env.{env}"]
        hs = hosts(rng.randint(1, 8), role=rng.choice(["db", "kafka", "k8s-node"]), env=env)
        details = "Planned maintenance; alerts on affected hosts are suppressed."
        duration = rng.randint(30, 240) * MIN
    elif kind == "scale":
        n_from = rng.randint(3, 20)
        n_to = n_from + rng.choice([-2, -1, 1, 2, 4])
        name = f"Autoscale {svc}: {n_from} → {max(n_to, 1)} replicas"
        creator_id = "sa::k8s-collector"
        tags = ["autoscaler", f"service.{svc}"]
        details = "HorizontalPodAutoscaler adjusted replicas (target CPU 70%)"
        duration = 1
    elif kind == "config":
        name = f"Config change: {svc} {rng.choice(['feature flags', 'rate limits', 'connection pool', 'timeouts'])}"
        who = rng.choice(USERS[:20] + ["sa::terraform"])
        creator = ["USER"] if not who.startswith("sa::") else ["SYSTEM"]
        creator_id = who
        tags = ["config", f"service.{svc}"]
        details = f"Changed by {who} via the admin console"
        duration = 1
    elif kind == "incident":
        name = f"INC-{rng.randint(1000, 9999)}: {svc} degraded"
        creator = ["USER"]
        creator_id = rng.choice(USERS[:12])
        sev = rng.choice(["severe", "warn"])
        tags = ["incident", f"service.{svc}", "customer-facing"]
        hs = hosts(rng.randint(2, 5))
        details = f"Customers report slow {svc}. Bridge open in #inc-{svc}."
        duration = rng.randint(20, 300) * MIN
    elif kind == "backup":
        name = f"Nightly backup {svc}-db"
        creator_id = "sa::backup-reporter"
        tags = ["backup", "database"]
        hs = hosts(1, role="db", env="prod")
        details = f"pg_basebackup of {svc}-db, {rng.randint(20, 900)} GiB"
        duration = rng.randint(10, 90) * MIN
    else:
        flag = rng.choice(["new-checkout-flow", "search-v2-ranking", "one-click-pay", "dark-mode", "eu-data-residency"])
        name = f"Feature flag {flag} → {rng.choice([5, 10, 25, 50, 100])}%"
        who = rng.choice(USERS[:20])
        creator = ["USER"]
        creator_id = who
        tags = ["feature-flag", f"flag.{flag}"]
        details = f"Rollout step by {who}"
        duration = 1
    start = -off  # seconds relative to now (negative = past)
    if off < 0:
        state = "PENDING"
    elif duration > 1 and off - duration < 0:
        state = "ONGOING"
    elif (kind == "alert" and still_firing) or (kind in ("incident", "maint") and off < 3 * HOUR
                                                 and rng.random() < 0.5):
        state = "ONGOING"
    else:
        state = "ENDED"
    user_event = creator == ["USER"]
    created_at = start if start <= 0 else -rng.randint(1, 72) * HOUR  # pending ones were scheduled earlier
    item = {
        "id": f"e{idx:06d}-{slug(name)[:40].strip('-')}",
        "name": name,
        "startTime": evm(start),
        "endTime": None,
        "runningState": state,
        "annotations": {"severity": sev, "type": etype, "details": details},
        "tags": tags,
        "hosts": hs,
        "creatorType": creator,
        "creatorId": creator_id,
        "updaterId": creator_id,
        "isUserEvent": user_event,
        "isEphemeral": False,
        "canClose": state != "ENDED" and user_event,
        "canDelete": user_event,
        "table": CUSTOMER,
        "createdAt": evm(created_at),
        "updatedAt": evm(start + duration if state == "ENDED" else created_at),
        "createdEpochMillis": evm(created_at),
        "updatedEpochMillis": evm(start + duration if state == "ENDED" else created_at),
        "summarizedEvents": 0,
    }
    if state == "ENDED":
        item["endTime"] = evm(start + duration)
    elif state == "PENDING":
        item["endTime"] = evm(start + duration)
    else:
        del item["endTime"]
    if kind == "alert":
        item["metricsUsed"] = sorted(set(re.findall(r"ts\(([~\w.\-]+)", details)))[:3]
        item["alertTags"] = tags
        item["dimensions"] = {"service": [svc]}
        item["isEphemeral"] = rng.random() < 0.1
    if kind == "deploy":
        item["annotations"]["version"] = name.split()[-1]
        item["dimensions"] = {"service": [svc], "env": [env]}
    if rng.random() < 0.15:
        del item["annotations"]["details"]
    maybe_drop(item, ["summarizedEvents", "table", "updaterId", "createdAt", "updatedAt"], 0.15)
    events.append(item)

# Two long-running events that started before the last day and are still going on (what the
# events list shows besides the day's). Fixed values, no rng: nothing else changes.
for name, start, creator, who, sev, etype, tags, details in [
    ("INC-5120: EU object storage degraded", -30 * HOUR, ["USER"], "li.wei@acme.com", "severe",
     "incident", ["incident", "customer-facing", "env.prod"],
     "Elevated error rates from eu-west-1 object storage; vendor ticket open. Bridge in #inc-5120."),
    ("Maintenance: datacenter migration dc1 → dc2", -3 * DAY, ["SYSTEM"], "sa::pagerduty-sync", "info",
     "maint", ["maintenance", "env.prod"],
     "Rolling migration of the dc1 racks; alerts on migrating hosts are suppressed."),
]:
    idx = len(events)
    events.append({
        "id": f"e{idx:06d}-{slug(name)[:40].strip('-')}", "name": name, "startTime": evm(start),
        "runningState": "ONGOING", "annotations": {"severity": sev, "type": etype, "details": details},
        "tags": tags, "hosts": [], "creatorType": creator, "creatorId": who, "updaterId": who,
        "isUserEvent": creator == ["USER"], "isEphemeral": False, "canClose": creator == ["USER"],
        "canDelete": creator == ["USER"], "table": CUSTOMER, "createdAt": evm(start),
        "updatedAt": evm(start), "createdEpochMillis": evm(start), "updatedEpochMillis": evm(start),
        "summarizedEvents": 0,
    })


# ---------------------------------------------------------------------------------------------
# maintenance windows

MW_TITLES = [
    "DB patching window", "Kubernetes node pool upgrade", "Payments provider maintenance",
    "Kafka broker rolling restart", "Elasticsearch reindex", "Quarterly DR test", "Network core switch swap",
    "Certificate rotation", "Redis cluster resize", "Staging teardown", "Black Friday load test",
    "Data center power work (dc1)", "OS kernel upgrade batch 3", "CDN provider migration",
    "Legacy monolith decommission", "VPN concentrator upgrade", "Search cluster upgrade to 8.x",
    "Vendor API maintenance (shipping)", "Backup storage migration", "Auth service key rollover",
    "Load balancer firmware", "Batch job freeze", "Staging DB refresh", "Observability agent rollout",
    "EU region failover drill",
]
assert len(MW_TITLES) == 25
mw_states = ["ONGOING"] * 5 + ["PENDING"] * 8 + ["ENDED"] * 12
rng.shuffle(mw_states)
# the three windows alerts mention are ongoing
for t in MW_NAMES:
    k = MW_TITLES.index(t)
    if mw_states[k] != "ONGOING":
        j = next(j for j, s in enumerate(mw_states) if s == "ONGOING" and MW_TITLES[j] not in MW_NAMES)
        mw_states[k], mw_states[j] = mw_states[j], mw_states[k]
maintenance = []
for k, (title, state) in enumerate(zip(MW_TITLES, mw_states)):
    length = rng.choice([1, 2, 2, 3, 4, 6, 8, 12, 24]) * HOUR
    if state == "ONGOING":
        start = -rng.randint(10 * MIN, length - 10 * MIN) // 60 * 60
    elif state == "PENDING":
        start = rng.randint(1, 14 * 24) * HOUR
    else:
        start = -(rng.randint(1, 60) * DAY + rng.randint(0, 23) * HOUR) - length
    end = start + length
    env = "staging" if "Staging" in title or "staging" in title else "prod"
    ctags = rng.sample([f"env.{env}", "team.payments", "team.search", "team.platform", "database", "k8s", "infra"],
                       rng.randint(1, 3))
    created = max(-start, 0) + rng.randint(1, 20) * DAY
    updated = rng.randint(HOUR, created)
    item = {
        "id": str(1700000000000 + k * 104729 + rng.randint(0, 9999)),
        "title": title,
        "reason": rng.choice(["Planned vendor maintenance", "Upgrade", "Change CHG-%d" % rng.randint(1000, 9999),
                              "Patching per security advisory", "Capacity work", "Scheduled test"]),
        "customerId": CUSTOMER,
        "runningState": state,
        "startTimeInSeconds": _marker(start, ":s"),
        "endTimeInSeconds": _marker(end, ":s"),
        "relevantCustomerTags": ctags,
        "relevantCustomerTagsAnded": rng.random() < 0.3,
        "relevantHostTags": rng.sample([f"env.{env}", "role.db", "role.kafka", "role.k8s-node", "canary"],
                                       rng.randint(0, 2)),
        "relevantHostTagsAnded": False,
        "relevantHostNames": hosts(rng.randint(0, 5), role=rng.choice(["db", "kafka", "k8s-node", "web"]), env=env),
        "hostTagGroupHostNamesGroupAnded": rng.random() < 0.2,
        "pointTagFilter": None,
        "pointTagFilterAnded": False,
        "targets": None,
        "eventName": f"Maintenance Window: {title}",
        "creatorId": rng.choice(EDITORS + ["sa::pagerduty-sync"]),
        "updaterId": rng.choice(EDITORS + ["sa::pagerduty-sync"]),
        "createdEpochMillis": ago(created),
        "updatedEpochMillis": ago(updated),
        "sortAttr": {"ONGOING": 0, "PENDING": 1, "ENDED": 2}[state],
    }
    if k % 6 == 2:
        item["pointTagFilter"] = f"env={env} and region={rng.choice(REGIONS)}"
        item["pointTagFilterAnded"] = True
    if k % 5 == 1:
        item["targets"] = ["target:" + rng.choice(NOTIFICANT_IDS)]
    maybe_drop(item, ["customerId", "pointTagFilter", "targets", "relevantHostTagsAnded", "pointTagFilterAnded"], 0.3)
    maintenance.append(item)


# ---------------------------------------------------------------------------------------------
# derived metrics

DM_SPECS = [
    ("checkout error ratio", 'sum(rate(ts(http.server.requests.count, service=checkout and status="5*"))) / sum(rate(ts(http.server.requests.count, service=checkout)))'),
    ("search p99 latency by region", "percentile(99, ts(http.server.request.duration, service=search), region)"),
    ("orders per minute", "sum(rate(ts(orders.created.count, env=prod))) * 60"),
    ("payments success rate", 'sum(rate(ts(payments.authorized, env=prod))) / sum(rate(ts(payments.attempted, env=prod)))'),
    ("fleet cpu by role", "avg(ts(cpu.usage.percentage, env=prod), role)"),
    ("k8s pending pods", 'count(ts(kubernetes.pod.status.phase, phase="Pending"), cluster)'),
    ("kafka total lag", "sum(ts(kafka.consumer.lag, env=prod), consumer_group)"),
    ("cache hit ratio", 'sum(rate(ts(redis.keyspace.hits))) / (sum(rate(ts(redis.keyspace.hits))) + sum(rate(ts(redis.keyspace.misses))))'),
    ("cart abandonment", "1 - sum(rate(ts(orders.created.count))) / sum(rate(ts(cart.checkout.started)))"),
    ("slo budget burn 1h", 'ts(slo.error_budget.burn_rate, window="1h")'),
    ("jvm heap utilisation", "ts(jvm.memory.used, area=heap) / ts(jvm.memory.max, area=heap)"),
    ("db connection saturation", "ts(postgresql.connections.active) / ts(postgresql.connections.max)"),
    ("edge bandwidth", "sum(rate(ts(cdn.bytes.served)), pop)"),
    ("auth failures per tenant", 'sum(rate(ts(auth.login.failed)), tenant)'),
    ("shipping label latency", "percentile(95, ts(shipping.label.duration))"),
    ("recs model latency", 'mavg(5m, ts(recs.model.inference.duration, model="ranker-v7"))'),
    ("proxy points per second", "sum(rate(ts(~proxy.points.*.received)), source)"),
    ("queue depth total", "sum(ts(rabbitmq.queue.messages), vhost)"),
    ("legacy monolith hits", 'sum(rate(ts(nginx.requests, upstream="monolith")))'),
    ("broken query example", "sum(rate(ts(http.requests.count, service=checkout)), "),
]
DM_STATUS = [["ACTIVE"]] * 14 + [["NO_DATA"]] * 3 + [["INVALID"]] * 2 + [["TRASH"]]
derived = []
for k, (name, q) in enumerate(DM_SPECS):
    status = DM_STATUS[k] if name != "broken query example" else ["INVALID"]
    if name == "legacy monolith hits":
        status = ["TRASH"]
    c_s = rng.randint(10, 600) * DAY
    u_s = rng.randint(HOUR, c_s)
    item = {
        "id": str(1695000000000 + k * 6151 + rng.randint(0, 999)),
        "name": name,
        "query": q,
        "minutes": rng.choice([1, 2, 5, 10]),
        "processRateMinutes": rng.choice([1, 1, 5, 10]),
        "status": status,
        "lastProcessedMillis": ago(rng.randint(5, 300)) if status != ["TRASH"] else ago(u_s),
        "tags": {"customerTags": rng.sample(["derived", "slo", "business", "infra", "team.data"], rng.randint(0, 2))},
        "includeObsoleteMetrics": False,
        "queryQBEnabled": False,
        "queryFailing": status == ["INVALID"],
        "lastFailedTime": ago(rng.randint(1, 60) * MIN) if status == ["INVALID"] else None,
        "lastErrorMessage": ("Syntax error: unexpected end of query" if name == "broken query example"
                             else "Query timeout: the query took longer than 60 seconds") if status == ["INVALID"] else None,
        "additionalInformation": rng.choice([None, "", "Feeds the business KPIs dashboard"]),
        "metricsUsed": sorted(set(re.findall(r"ts\(([~\w.\-*]+)", q))),
        "hostsUsed": [],
        "pointsScannedAtLastQuery": rng.randint(100, 5_000_000),
        "lastQueryTime": rng.randint(10, 900),
        "inTrash": status == ["TRASH"],
        "deleted": False,
        "tagpaths": [],
        "creatorId": rng.choice(EDITORS + ["sa::terraform"]),
        "updaterId": rng.choice(EDITORS + ["sa::terraform"]),
        "createUserId": None, "updateUserId": None,
        "created": ago(c_s), "updated": ago(u_s),
        "createdEpochMillis": ago(c_s), "updatedEpochMillis": ago(u_s),
    }
    item["createUserId"], item["updateUserId"] = item["creatorId"], item["updaterId"]
    maybe_drop(item, ["additionalInformation", "tagpaths", "hostsUsed", "createUserId", "updateUserId"], 0.25)
    derived.append(item)


# ---------------------------------------------------------------------------------------------
# proxies

PREPROC = """'2878':
  - rule: drop-debug-metrics
    action: block
    scope: metricName
    match: "^debug\\\\..*"
  - rule: tag-datacenter
    action: addTag
    tag: dc
    value: "{dc}"
"""
proxies = []
proxy_status = (["ACTIVE"] * 21 + ["STOPPED_UNKNOWN"] * 5 + ["STOPPED_BY_SERVER"] * 2 + ["TOKEN_EXPIRED"] * 2)
rng.shuffle(proxy_status)
for k, status in enumerate(proxy_status):
    ephemeral = k % 3 == 0
    region = rng.choice(REGIONS)
    if ephemeral:
        hostname = f"wavefront-proxy-{alnum(9).lower()}-{alnum(5).lower()}"
    else:
        hostname = f"wf-proxy-{k + 1:02d}.{rng.choice(['prod', 'prod', 'staging'])}.{region}.acme.net"
    if status == "ACTIVE":
        checkin = ago(rng.randint(3, 75))
    elif status == "STOPPED_UNKNOWN":
        checkin = ago(rng.randint(2, 30) * DAY + rng.randint(0, DAY))
    else:
        checkin = ago(rng.randint(1, 48) * HOUR)
    version = rng.choice(["13.4", "13.4", "13.4", "13.3", "13.1", "12.4", "11.4", "10.14"])
    queue = 0 if rng.random() < 0.7 else rng.randint(10, 900000)
    item = {
        "id": uid(),
        "name": f"Proxy on {hostname}",
        "proxyname": hostname if rng.random() < 0.6 else f"proxy-{region}-{k + 1:02d}",
        "hostname": hostname,
        "version": version,
        "status": status,
        "statusCause": None,
        "customerId": CUSTOMER,
        "userId": rng.choice(["sa::k8s-collector", "ops-automation@acme.com", "jane.doe@acme.com"]),
        "lastCheckInTime": checkin,
        "timeDrift": rng.choice([rng.randint(-250, 250), rng.randint(-40, 40)]) if k != 7 else 45213,
        "ephemeral": ephemeral,
        "inTrash": False,
        "deleted": False,
        "shutdown": False,
        "truncate": False,
        "sshAgent": False,
        "bytesLeftForBuffer": rng.randint(2, 200) * 1024 ** 3 + rng.randint(0, 1024 ** 3),
        "bytesPerMinuteForBuffer": queue and rng.randint(10_000, 80_000_000),
        "localQueueSize": queue,
        "collectorSetsRateLimit": rng.random() < 0.2,
        "collectorRateLimit": rng.choice([None, 50000, 100000]),
        "histogramRateLimit": None,
        "sourceTagsRateLimit": None,
        "eventsRateLimit": None,
        "spanRateLimit": None,
        "spanLogsRateLimit": None,
        "histogramDisabled": rng.random() < 0.15,
        "traceDisabled": rng.random() < 0.2,
        "spanLogsDisabled": rng.random() < 0.3,
        "preprocessorRules": PREPROC.replace("{dc}", region) if rng.random() < 0.3 else None,
        "lastKnownError": None,
        "lastErrorTime": None,
        "lastErrorEvent": None,
        "ingestionPolicy": None,
        "ingestionPolicies": [],
    }
    if status == "STOPPED_BY_SERVER":
        item["statusCause"] = "Proxy was shut down remotely by jane.doe@acme.com"
    elif status == "TOKEN_EXPIRED":
        item["statusCause"] = "The API token used by this proxy has expired or was revoked"
    elif status == "STOPPED_UNKNOWN":
        item["statusCause"] = "Proxy stopped checking in"
    if status != "ACTIVE" or rng.random() < 0.15:
        item["lastKnownError"] = rng.choice([
            "HTTP 401: Unauthorized (token expired)", "java.net.SocketTimeoutException: connect timed out",
            "HTTP 503 Service Unavailable from /api/v2/wfproxy/report", "Disk queue full: /var/spool/wavefront-proxy"])
        item["lastErrorTime"] = ago(rng.randint(1, 72) * HOUR)
    if k in (4, 17):
        t = rng.randint(1, 20) * HOUR
        item["lastErrorEvent"] = {
            "id": f"proxy-error-{k}", "name": "Proxy error", "startTime": ago(t), "endTime": ago(t - 60),
            "annotations": {"severity": "warn", "type": "proxy", "details": "Push failed: HTTP 503"},
            "hosts": [hostname], "tags": ["proxy"], "isEphemeral": False, "isUserEvent": False,
            "creatorType": ["SYSTEM"], "runningState": "ENDED"}
    if item["userId"] == "sa::k8s-collector" and rng.random() < 0.5:
        item["ingestionPolicy"] = ip_ref(INGESTION_POLICIES[2])
        item["ingestionPolicies"] = [ip_ref(INGESTION_POLICIES[2])]
    if version.startswith(("10.", "11.")):
        for key in ("proxyname", "histogramDisabled", "traceDisabled", "spanLogsDisabled"):
            del item[key]
    maybe_drop(item, ["collectorRateLimit", "histogramRateLimit", "sourceTagsRateLimit", "eventsRateLimit",
                      "spanRateLimit", "spanLogsRateLimit", "sshAgent", "shutdown", "truncate",
                      "ingestionPolicies"], 0.3)
    proxies.append(item)


# ---------------------------------------------------------------------------------------------
# user groups, roles, accounts, users, service accounts

group_created = {g["id"]: rng.randint(100, 1200) * DAY for g in GROUPS}
usergroups = []
for g in GROUPS:
    roles = [ROLE_BY_NAME[r] for r in g["roleNames"]]
    item = {
        "id": g["id"], "name": g["name"], "description": g["description"], "customer": CUSTOMER,
        "userCount": len(g["users"]), "users": g["users"][:20],
        "roleCount": len(roles), "roles": [role_ref(r, True) for r in roles],
        "ingestionPolicies": [ip_ref(p) for p in INGESTION_POLICIES
                              if (g["name"] == "Payments Team" and p["name"] == "Payments team budget")
                              or (g["name"] == "Search Team" and p["name"] == "Search team budget")
                              or (g["name"] == "Contractors" and p["name"] == "Contractor sandbox")],
        "properties": {"nameEditable": g["editable"], "usersEditable": g["editable"], "rolesEditable": True},
        "createdEpochMillis": ago(group_created[g["id"]]),
    }
    usergroups.append(item)

roles_out = []
for r in ROLES:
    accts = [a["identifier"] for a in ACCOUNTS if r["name"] in a["roles"]]
    grps = [g for g in GROUPS if r["name"] in g["roleNames"]]
    c_s = rng.randint(200, 1200) * DAY
    item = {
        "id": r["id"], "name": r["name"], "description": r["description"], "customer": CUSTOMER,
        "permissions": r["permissions"],
        "linkedAccountsCount": len(accts), "sampleLinkedAccounts": accts[:10],
        "linkedGroupsCount": len(grps), "sampleLinkedGroups": [group_ref(g) for g in grps[:10]],
        "lastUpdatedMs": ago(rng.randint(HOUR, c_s)),
        "lastUpdatedAccountId": rng.choice(USERS[:3]),
        "createdEpochMillis": ago(c_s),
        "restrictedPermissions": [],
        "properties": {"nameEditable": r["name"] != "Admins", "rolesEditable": r["name"] != "Admins",
                       "usersAddable": True, "usersRemovable": True},
    }
    maybe_drop(item, ["restrictedPermissions", "properties"], 0.3)
    roles_out.append(item)

accounts_out = []
for a in ACCOUNTS:
    item = {
        "identifier": a["identifier"],
        "groups": a["perms"],
        "userGroups": [GROUP_BY_NAME[g]["id"] for g in a["groups"]],
        "roles": [ROLE_BY_NAME[r]["id"] for r in a["roles"]],
        "ingestionPolicyId": a["ip"],
        "ingestionPolicies": [a["ip"]] if a["ip"] else [],
        "unitedPermissions": a["unitedPermissions"],
        "unitedRoles": [ROLE_BY_NAME[r]["id"] for r in a["unitedRoles"]],
    }
    if not a["ip"] and rng.random() < 0.5:
        del item["ingestionPolicyId"]
    accounts_out.append(item)
rng.shuffle(accounts_out)

users_out, accountusers_out = [], []
for a in ACCOUNTS:
    if a["kind"] != "user":
        continue
    ip = next((p for p in INGESTION_POLICIES if p["id"] == a["ip"]), None)
    common = {
        "identifier": a["identifier"],
        "customer": CUSTOMER,
        "ssoId": a["ssoId"],
        "lastSuccessfulLogin": a["login"],
        "groups": a["perms"],
        "userGroups": [group_ref(GROUP_BY_NAME[g]) for g in a["groups"]],
        "roles": [role_ref(ROLE_BY_NAME[r]) for r in a["roles"]],
        "ingestionPolicy": ip_ref(ip) if ip else None,
        "ingestionPolicies": [ip_ref(ip)] if ip else [],
    }
    u = json.loads(json.dumps(common))
    if rng.random() < 0.3:
        del u["ingestionPolicies"]
    users_out.append(u)
    au = json.loads(json.dumps(common))
    if au["ssoId"] is None and rng.random() < 0.5:
        del au["ssoId"]
    accountusers_out.append(au)

serviceaccounts = []
tok_n = 1
for a in ACCOUNTS:
    if a["kind"] != "sa":
        continue
    ntok = rng.choice([0, 1, 1, 2, 3]) if a["active"] else 1
    tokens = []
    last_used = None
    for _ in range(ntok):
        gen = rng.randint(5, 500) * DAY
        used = None if rng.random() < 0.15 else rng.randint(30, min(gen, rng.choice([HOUR, 6 * HOUR, 3 * DAY, gen])))
        if not a["active"]:
            used = rng.randint(120, 300) * DAY
            gen = used + rng.randint(10, 300) * DAY
        tokens.append({"tokenID": fake_token_id(tok_n), "tokenName": rng.choice(["default", "ci", "prod", "rotation-2024", None]),
                       "account": a["identifier"],
                       "accountType": "SERVICE_ACCOUNT" if a["active"] else "INACTIVE_SERVICE_ACCOUNT",
                       "dateGenerated": ago(gen), "lastUsed": ago(used) if used else None})
        tok_n += 1
        if used and (last_used is None or used < last_used):
            last_used = used
    ip = next((p for p in INGESTION_POLICIES if p["id"] == a["ip"]), None)
    serviceaccounts.append({
        "identifier": a["identifier"],
        "active": a["active"],
        "description": a["description"],
        "lastUsed": ago(last_used) if last_used else None,
        "tokens": tokens,
        "groups": a["perms"],
        "roles": [role_ref(ROLE_BY_NAME[r]) for r in a["roles"]],
        "userGroups": [group_ref(GROUP_BY_NAME[g]) for g in a["groups"]],
        "ingestionPolicy": ip_ref(ip) if ip else None,
        "ingestionPolicies": [ip_ref(ip)] if ip else [],
        "unitedPermissions": a["unitedPermissions"],
        "unitedRoles": [ROLE_BY_NAME[r]["id"] for r in a["unitedRoles"]],
    })

TOKEN_NAMES = ["laptop", "terraform-ci", "grafana", "scripts", "jupyter", "deploy-markers", "cli",
               "backfill-2024", "k8s-prod", "k8s-staging", "smoke-tests", "temp-debug", "wf-cli", "exporter"]
customertokens = []
for k in range(25):
    if k < 14:
        acct = rng.choice(USERS[:20])
        atype = rng.choice(["USER_ACCOUNT", "USER_ACCOUNT", "CSP_USER_ACCOUNT"])
    elif k < 22:
        acct = rng.choice(SA_IDS[:9])
        atype = rng.choice(["SERVICE_ACCOUNT", "SERVICE_ACCOUNT", "CSP_SERVICE_ACCOUNT"])
    else:
        acct = "sa::legacy-nagios"
        atype = "INACTIVE_SERVICE_ACCOUNT"
    gen = rng.randint(1, 700) * DAY + rng.randint(0, DAY)
    used = None if rng.random() < 0.2 else rng.randint(20, gen)
    item = {"id": fake_token_id(900 + k), "name": rng.choice(TOKEN_NAMES), "account": acct,
            "accountType": atype, "customer": CUSTOMER, "dateGenerated": ago(gen),
            "createdEpochMillis": ago(gen), "lastUsed": ago(used) if used else None}
    if rng.random() < 0.15:
        item["name"] = None
    maybe_drop(item, ["createdEpochMillis"], 0.3)
    customertokens.append(item)


# ---------------------------------------------------------------------------------------------
# ingestion policies

IP_DESC = {
    "Payments team budget": "Caps what the payments team's accounts may ingest",
    "Search team budget": "Caps what the search team's accounts may ingest",
    "Kubernetes collectors": "The collectors in every cluster",
    "Staging sources": "Everything reported by staging hosts",
    "Experimental namespaces": "Metrics under exp.* and sandbox.*",
    "CI and automation": "CI pipelines and smoke tests; not limited",
    "Contractor sandbox": "External contractors' test data",
    "Debug point tags": "Series tagged debug=true or profile=on",
}
ingestion_out = []
for p in INGESTION_POLICIES:
    accts = [a for a in ACCOUNTS if a["ip"] == p["id"]]
    grps = [g for g in usergroups if any(x["id"] == p["id"] for x in g["ingestionPolicies"])]
    c = rng.randint(30, 500) * DAY
    item = {
        "id": p["id"], "name": p["name"], "description": IP_DESC[p["name"]], "customer": CUSTOMER,
        "scope": p["scope"], "isLimited": p["isLimited"], "limitPPS": p["limitPPS"],
        "lastUpdatedMs": ago(rng.randint(HOUR, c)), "lastUpdatedAccountId": rng.choice(USERS[:3]),
        "accounts": [], "groups": [], "sources": [], "namespaces": [], "pointTags": [], "tagsAnded": False,
        "alertId": None,
        "accountCount": 0, "userAccountCount": 0, "serviceAccountCount": 0, "groupCount": 0,
        "sampledAccounts": [], "sampledUserAccounts": [], "sampledServiceAccounts": [], "sampledGroups": [],
        "metadata": {"customer": CUSTOMER, "ingestionPolicyId": p["id"],
                     "usageInBillingPeriod": rng.randint(1_000_000, 9_000_000_000)},
    }
    if p["scope"] == "ACCOUNT":
        item["accounts"] = [{"id": a["identifier"], "name": a["identifier"]} for a in accts]
    if p["scope"] == "GROUP":
        item["groups"] = [{"id": g["id"], "name": g["name"], "description": g["description"]} for g in grps]
    if p["scope"] == "SOURCE":
        item["sources"] = ["*.staging.acme.net", "staging-*"]
    if p["scope"] == "NAMESPACE":
        item["namespaces"] = ["exp.*", "sandbox.*"]
    if p["scope"] == "TAGS":
        item["pointTags"] = [{"key": "debug", "value": "true"}, {"key": "profile", "value": "on"}]
    if p["isLimited"]:
        item["alertId"] = rng.choice(ALERT_IDS)
    ua = [a["identifier"] for a in accts if a["kind"] == "user"]
    sa = [a["identifier"] for a in accts if a["kind"] == "sa"]
    item.update({"accountCount": len(accts), "userAccountCount": len(ua), "serviceAccountCount": len(sa),
                 "groupCount": len(grps), "sampledAccounts": [a["identifier"] for a in accts][:5],
                 "sampledUserAccounts": ua[:5], "sampledServiceAccounts": sa[:5],
                 "sampledGroups": [group_ref(GROUP_BY_NAME[g["name"]]) for g in grps][:5]})
    if not p["isLimited"]:
        item["limitPPS"] = None
    ingestion_out.append(item)


# ---------------------------------------------------------------------------------------------
# saved searches

def ss_query(terms, sort=None):
    q = {"searchTerms": [{"type": t, "value": v} for t, v in terms]}
    if sort:
        q["sortField"], q["ascending"] = sort
    return json.dumps(q, separators=(",", ":"))


SS_SPECS = [
    ("ALERT", "Firing in prod", [("state", "FIRING"), ("tagpath", "env.prod")], ("severity", False)),
    ("ALERT", "Payments alerts", [("tagpath", "team.payments")], None),
    ("ALERT", "Snoozed forever", [("state", "SNOOZED")], None),
    ("DASHBOARD", "My favourites", [("favorite", "true")], ("viewsLastWeek", False)),
    ("DASHBOARD", "Service overviews", [("freetext", "service overview")], None),
    ("EVENT", "Deploys today", [("freetext", "Deploy"), ("tagpath", "deploy")], None),
    ("EVENT", "Incidents", [("tagpath", "incident")], None),
    ("SOURCE", "Prod web hosts", [("freetext", "web-"), ("tagpath", "env.prod")], None),
    ("SOURCE", "Canaries", [("tagpath", "canary")], None),
    ("MAINTENANCE_WINDOW", "Ongoing windows", [("state", "ONGOING")], None),
    ("NOTIFICANT", "PagerDuty targets", [("method", "PAGERDUTY")], None),
    ("CLOUD_INTEGRATION", "Broken integrations", [("hasError", "true")], None),
    ("AGENT", "Stale proxies", [("status", "STOPPED_UNKNOWN")], ("lastCheckInTime", True)),
    ("USER", "Never logged in", [("freetext", "acme.com")], None),
    ("SERVICE_ACCOUNT", "Inactive service accounts", [("active", "false")], None),
]
savedsearches = []
for k, (etype, name, terms, sort) in enumerate(SS_SPECS):
    who = rng.choice(USERS[:15])
    c, u = created_updated(400, 1)
    item = {"id": alnum(16), "entityType": etype, "query": {name: ss_query(terms, sort)},
            "userId": who, "creatorId": who, "updaterId": who,
            "createdEpochMillis": c, "updatedEpochMillis": u}
    maybe_drop(item, ["updaterId"], 0.2)
    savedsearches.append(item)


# ---------------------------------------------------------------------------------------------
# external links

EXT_SPECS = [
    ("Kibana logs for host", "Logs from this source in Kibana",
     "https://kibana.acme.example/app/discover#/?_g=(time:(from:'{{startEpochMillis}}',to:'{{endEpochMillis}}'))&_a=(query:(language:kuery,query:'host:\"{{source}}\"'))",
     None, ".*", {}, True),
    ("Loki logs for pod", "Grafana Loki for this pod",
     "https://grafana.acme.example/explore?left=%7B%22queries%22:%5B%7B%22expr%22:%22%7Bpod%3D%5C%22{{{pointTags.pod_name}}}%5C%22%7D%22%7D%5D%7D",
     "^kubernetes\\..*", None, {"pod_name": ".+"}, True),
    ("Host in CMDB", "Asset record for this host", "https://cmdb.acme.example/assets?hostname={{source}}",
     None, ".*\\.acme\\.net$", {}, False),
    ("Runbook for metric", "Search the wiki for the metric name", "https://wiki.acme.example/search?q={{metricName}}",
     ".*", None, {}, False),
    ("AWS console (EC2)", "Open the instance in the AWS console",
     "https://console.aws.amazon.com/ec2/home?region={{pointTags.region}}#Instances:search={{source}}",
     "^aws\\.ec2\\..*", None, {"region": ".+"}, False),
    ("Kubernetes dashboard", "Workload page in the cluster dashboard",
     "https://k8s.acme.example/#/pod/{{pointTags.namespace}}/{{pointTags.pod_name}}",
     "^kubernetes\\.pod.*", None, {"namespace": ".+", "pod_name": ".+"}, False),
    ("Traces for service", "Jump to traces of this service",
     "https://acme.wavefront.example/tracing/search?application={{pointTags.application}}&service={{pointTags.service}}&start={{startEpochMillis}}&end={{endEpochMillis}}",
     None, None, {"service": ".+"}, False),
    ("PagerDuty incidents", "Open incidents for this service",
     "https://acme.pagerduty.example/incidents?service={{pointTags.service}}", None, None, {"service": ".+"}, False),
    ("Deploy history", "Deploys of this service in the CD tool",
     "https://cd.acme.example/apps/{{pointTags.service}}/history", "^http\\.server\\..*", None, {}, False),
    ("Splunk search", "Errors for this host in Splunk",
     "https://splunk.acme.example/en-US/app/search/search?q=search%20host%3D{{source}}%20error&earliest={{startEpochSeconds}}&latest={{endEpochSeconds}}",
     None, ".*", {}, True),
]
extlinks = []
for name, desc, tmpl, mre, sre, ptre, is_log in EXT_SPECS:
    c, u = created_updated(700)
    item = {"id": alnum(16), "name": name, "description": desc, "template": tmpl,
            "metricFilterRegex": mre, "sourceFilterRegex": sre, "pointTagFilterRegexes": ptre,
            "isLogIntegration": is_log, "creatorId": rng.choice(EDITORS), "updaterId": rng.choice(EDITORS),
            "createdEpochMillis": c, "updatedEpochMillis": u}
    if mre is None and rng.random() < 0.5:
        del item["metricFilterRegex"]
    extlinks.append(item)


# ---------------------------------------------------------------------------------------------
# integrations

INTEGRATIONS = [
    ("kubernetes", "Kubernetes", "Monitor Kubernetes clusters, nodes, pods and containers", "kubernetes."),
    ("aws", "Amazon Web Services", "Metrics from CloudWatch, CloudTrail and EC2", "aws."),
    ("azure", "Microsoft Azure", "Metrics from Azure Monitor", "azure."),
    ("gcp", "Google Cloud Platform", "Metrics from Cloud Monitoring", "gcp."),
    ("docker", "Docker", "Container metrics via cAdvisor and Telegraf", "docker."),
    ("nginx", "NGINX", "Requests, connections and upstream health", "nginx."),
    ("apache", "Apache HTTP Server", "mod_status metrics via Telegraf", "apache."),
    ("mysql", "MySQL", "Queries, connections, InnoDB and replication", "mysql."),
    ("postgresql", "PostgreSQL", "Connections, locks, replication and table stats", "postgresql."),
    ("redis", "Redis", "Memory, keyspace, evictions and clients", "redis."),
    ("kafka", "Apache Kafka", "Brokers, topics and consumer lag via JMX", "kafka."),
    ("elasticsearch", "Elasticsearch", "Cluster health, indices and JVM", "elasticsearch."),
    ("mongodb", "MongoDB", "Operations, replication and WiredTiger cache", "mongodb."),
    ("rabbitmq", "RabbitMQ", "Queues, exchanges and consumers", "rabbitmq."),
    ("cassandra", "Apache Cassandra", "Reads, writes, compactions and latency", "cassandra."),
    ("haproxy", "HAProxy", "Frontends, backends and sessions", "haproxy."),
    ("jvm", "JVM", "Heap, GC and threads of Java applications", "jvm."),
    ("java", "Java", "Instrument Java applications with the Wavefront SDKs", "java."),
    ("python", "Python", "Instrument Python applications", "python."),
    ("go", "Go", "Instrument Go applications", "go."),
    ("nodejs", "Node.js", "Instrument Node.js applications", "nodejs."),
    ("dotnet", ".NET", "Instrument .NET applications", "dotnet."),
    ("linux", "Linux Host", "CPU, memory, disk and network of Linux hosts", "cpu."),
    ("windows", "Windows Host", "Performance counters of Windows hosts", "win."),
    ("vsphere", "VMware vSphere", "vCenter hosts, VMs and datastores", "vsphere."),
    ("prometheus", "Prometheus", "Scrape Prometheus endpoints or remote-write", "prom."),
    ("telegraf", "Telegraf", "The Telegraf agent's own metrics", "telegraf."),
    ("statsd", "StatsD", "Send StatsD metrics through the proxy", "statsd."),
    ("collectd", "collectd", "Send collectd metrics through the proxy", "collectd."),
    ("jenkins", "Jenkins", "Build and queue metrics from Jenkins", "jenkins."),
    ("github", "GitHub", "Repository and workflow events", "github."),
    ("slack", "Slack", "Send alert notifications to Slack", "slack."),
    ("pagerduty", "PagerDuty", "Send alert notifications to PagerDuty", "pagerduty."),
    ("opsgenie", "Opsgenie", "Send alert notifications to Opsgenie", "opsgenie."),
    ("istio", "Istio", "Service mesh telemetry", "istio."),
    ("envoy", "Envoy Proxy", "Listener, cluster and HTTP stats", "envoy."),
    ("consul", "HashiCorp Consul", "Catalog, health checks and raft", "consul."),
    ("vault", "HashiCorp Vault", "Seal status, requests and leases", "vault."),
    ("spring-boot", "Spring Boot", "Micrometer metrics from Spring Boot apps", "spring."),
    ("zookeeper", "Apache ZooKeeper", "Requests, latency and znodes", "zookeeper."),
]
assert len(INTEGRATIONS) == 40
INSTALLED = {"kubernetes", "aws", "linux", "postgresql", "redis", "kafka", "elasticsearch", "jvm", "java",
             "nginx", "slack", "pagerduty", "rabbitmq", "spring-boot", "prometheus", "docker"}
integrations = []
for iid, name, desc, prefix in INTEGRATIONS:
    installed = iid in INSTALLED
    uninstalled = (not installed) and rng.random() < 0.2
    notify_only = iid in ("slack", "pagerduty", "opsgenie", "github")
    metrics = [] if notify_only else [prefix + s for s in rng.sample(
        ["uptime", "requests.count", "errors.count", "latency.p99", "connections", "memory.used", "cpu.usage",
         "queue.size", "bytes.in", "bytes.out"], 4)]
    dashes = [] if notify_only else [
        {"name": f"{name}: Summary", "url": f"integration-{iid}-summary", "description": f"Overview of {name}"},
    ] + ([{"name": f"{name}: Details", "url": f"integration-{iid}-details", "description": f"All {name} metrics"}]
         if rng.random() < 0.6 else [])
    c_s = rng.randint(300, 2000) * DAY
    u_s = rng.randint(DAY, c_s)
    statuses = {}
    if installed and metrics:
        for m in metrics[:2]:
            ok = rng.random() < 0.85
            statuses[m] = {"status": "OK" if ok else "PENDING", "ever": True, "now": ok, "recentExceptNow": True}
    item = {
        "id": iid, "name": name, "description": desc,
        "version": f"1.{rng.randint(0, 40)}",
        "icon": f"/integrations/{iid}/images/logo.svg",
        "baseUrl": f"https://integrations.acme.example/{iid}/",
        "hidden": False, "deleted": False, "haveMetricDropdown": bool(metrics),
        "status": {
            "installStatus": "INSTALLED" if installed else ("UNINSTALLED" if uninstalled else "UNDECIDED"),
            "contentStatus": "VISIBLE" if installed else ("HIDDEN" if uninstalled else "NOT_LOADED"),
            "metricStatuses": statuses,
            "alertStatuses": ({f"{iid}-alert-{n}": "VISIBLE" for n in range(1, 3)} if installed and iid in
                              ("kubernetes", "postgresql", "kafka") else {}),
        },
        "metrics": {"required": metrics[:2], "display": metrics, "charts": [f"charts/{iid}-{n}.json" for n in range(1, 3)] if metrics else [],
                    "prefixes": [prefix] if metrics else [], "ppsDimensions": ["cluster"] if iid in ("kubernetes", "kafka") else []},
        "dashboards": dashes,
        "alerts": ([{"name": f"{name}: high error rate", "description": f"Fires when {name} errors spike",
                     "url": f"alerts/{iid}-errors.json"}] if iid in ("kubernetes", "postgresql", "kafka") else []),
        "overview": (f"## {name}\n\n{desc}. The **{name}** integration sends metrics through a Wavefront proxy "
                     f"(or directly), and installs {len(dashes)} dashboard(s).\n\n"
                     f"Metrics are prefixed with `{prefix}`." if not notify_only else
                     f"## {name}\n\n{desc}. Configure an alert target that posts to {name}."),
        "setup": (f"### Step 1. Install the proxy\n\nSee *Proxies > Add a proxy*.\n\n### Step 2. Configure {name}\n\n"
                  f"```\n[[inputs.{iid.replace('-', '_')}]]\n  servers = [\"localhost\"]\n```\n"),
        "metricsDocs": f"{iid}-metrics.md" if metrics else None,
        "aliasOf": None,
        "aliasIntegrations": [],
        "creatorId": "wavefront-integrations",
        "updaterId": "wavefront-integrations",
        "createdEpochMillis": ago(c_s), "updatedEpochMillis": ago(u_s),
    }
    if iid == "java":
        item["aliasIntegrations"] = [{"id": "spring-boot", "name": "Spring Boot", "description": "Spring Boot apps",
                                      "icon": "/integrations/spring-boot/images/logo.svg",
                                      "baseUrl": "https://integrations.acme.example/spring-boot/"}]
    if iid == "jvm":
        item["aliasOf"] = "java"
    if iid == "collectd":
        item["hidden"] = True
    maybe_drop(item, ["metricsDocs", "aliasOf", "aliasIntegrations", "alerts", "setup"], 0.25)
    integrations.append(item)


# ---------------------------------------------------------------------------------------------
# metrics policy (a single object)

def ace(kind, x):
    if kind == "g":
        return {"id": x["id"], "name": x["name"], "description": x["description"]}
    if kind == "r":
        return {"id": x["id"], "name": x["name"], "description": x["description"]}
    return {"id": x, "name": x}


metricspolicy = {
    "customer": CUSTOMER,
    "updaterId": "jane.doe@acme.com",
    "updatedEpochMillis": ago(11 * DAY + 4 * HOUR),
    "policyRules": [
        {"id": uid(), "name": "Block finance metrics for contractors",
         "description": "Contractors must not see revenue or billing series",
         "prefixes": ["finance.*", "billing.*", "revenue.*"], "tags": [], "tagsAnded": False,
         "accessType": "BLOCK", "accounts": [], "userGroups": [ace("g", GROUP_BY_NAME["Contractors"])], "roles": []},
        {"id": uid(), "name": "Security metrics for security team only",
         "description": "auth.audit.* is visible to Security and admins",
         "prefixes": ["auth.audit.*"], "tags": [{"key": "sensitivity", "value": "high"}], "tagsAnded": True,
         "accessType": "ALLOW", "accounts": [ace("a", "fatima.ali@acme.com")],
         "userGroups": [ace("g", GROUP_BY_NAME["Security"])], "roles": [ace("r", ROLE_BY_NAME["Admins"])]},
        {"id": uid(), "name": "Block debug series", "description": None,
         "prefixes": ["*"], "tags": [{"key": "debug", "value": "true"}, {"key": "profile", "value": "on"}],
         "tagsAnded": False, "accessType": "BLOCK", "accounts": [ace("a", "sa::grafana-bridge")],
         "userGroups": [], "roles": [ace("r", ROLE_BY_NAME["Read Only"])]},
        {"id": uid(), "name": "Allow All Metrics", "description": "Predefined rule: everyone sees everything else",
         "prefixes": ["*"], "tags": [], "tagsAnded": False, "accessType": "ALLOW", "accounts": [],
         "userGroups": [ace("g", GROUP_BY_NAME["Everyone"])], "roles": []},
    ],
}


# ---------------------------------------------------------------------------------------------
# messages

MSG_SPECS = [
    ("Scheduled maintenance of the acme cluster", "The cluster will be upgraded on Saturday 02:00–04:00 UTC. "
     "Queries may be slow for a few minutes.", "WARN", "CLUSTER", None, "BANNER", -2 * DAY, 3 * DAY, False),
    ("New: alert analytics", "Alert analytics shows which alerts fire most and which never fire. "
     "Open *Alerting > Alert Analytics*.", "MARKETING", "CLUSTER", None, "TOASTER", -10 * DAY, 20 * DAY, True),
    ("Your API token expires soon", "The token *laptop* expires in 7 days. Create a new one under *Settings*.",
     "INFO", "USER", "jane.doe@acme.com", "TOASTER", -1 * DAY, 7 * DAY, False),
    ("Ingestion over committed rate", "acme ingested 112% of its committed PPS in the last 24 hours.",
     "SEVERE", "CUSTOMER", CUSTOMER, "BANNER", -5 * HOUR, 2 * DAY, False),
    ("Proxy 10.x is deprecated", "Upgrade proxies older than 12.0; 10.x stops being supported next quarter.",
     "WARN", "CUSTOMER", CUSTOMER, "BANNER", -30 * DAY, 60 * DAY, True),
    ("Welcome to Operations for Applications", "Start with the *Getting started* dashboard.", "INFO", "USER",
     "sam.taylor@acme.com", "MODAL", -40 * DAY, 300 * DAY, False),
    ("Incident resolved: delayed alert checks", "Between 09:12 and 09:40 UTC alert checks were delayed. "
     "No data was lost.", "INFO", "CLUSTER", None, "BANNER", -3 * DAY, -2 * DAY, True),
    ("Webinar: SLOs in practice", "Join our webinar on error budgets and burn-rate alerts.", "MARKETING", "CLUSTER",
     None, "TOASTER", 2 * DAY, 9 * DAY, False),
    ("Role change", "You were added to the role *SRE On-Call*.", "INFO", "USER", "li.wei@acme.com", "TOASTER",
     -6 * HOUR, 14 * DAY, False),
    ("Metrics policy updated", "jane.doe@acme.com changed the metrics policy (4 rules).", "INFO", "CUSTOMER",
     CUSTOMER, "TOASTER", -11 * DAY, 19 * DAY, True),
]
messages = []
for title, content, sev, scope, target, display, start, end, read in MSG_SPECS:
    item = {"id": alnum(16), "title": title, "content": content, "severity": sev, "scope": scope,
            "target": target, "display": display, "startEpochMillis": _marker(start), "endEpochMillis": _marker(end),
            "read": read, "source": "system@wavefront.com" if scope == "CLUSTER" else "ops-automation@acme.com",
            "attributes": {}}
    if sev == "MARKETING":
        item["attributes"] = {"link": "https://www.acme.example/webinars/slo", "linkText": "Register"}
    if target is None and rng.random() < 0.5:
        del item["target"]
    messages.append(item)


# ---------------------------------------------------------------------------------------------
# monitored applications and services

APPS = {
    "acme-shop": ["checkout", "cart", "catalog", "payments", "pricing", "storefront-bff"],
    "acme-search": ["search", "recommendations", "indexer", "query-suggest"],
    # "payments" again: service names repeat across applications (the API keys a service by both).
    "payments-platform": ["payments", "fraud-scoring", "ledger", "settlement"],
    "logistics": ["inventory", "shipping", "warehouse-sync", "returns"],
    "identity": ["auth", "user-profile", "sessions"],
    "mobile-backend": ["mobile-api", "push-notifications", "notifications"],
    "data-pipeline": ["ingest-worker", "etl-scheduler", "warehouse-loader"],
    "internal-tools": ["admin-console", "feature-flags", "legacy-reports"],
}
assert sum(len(v) for v in APPS.values()) == 30
INACTIVE_APPS = {"internal-tools"}
apps_out, services_out = [], []
for app, svcs in APPS.items():
    inactive = app in INACTIVE_APPS
    c_s = rng.randint(100, 900) * DAY
    apps_out.append({
        "application": app, "serviceCount": len(svcs),
        "status": "INACTIVE" if inactive else "ACTIVE",
        "lastReported": ago(rng.randint(9, 40) * DAY) if inactive else ago(rng.randint(5, 120)),
        "hidden": False, "created": ago(c_s), "lastUpdated": ago(rng.randint(HOUR, c_s)),
        "updateUserId": rng.choice(EDITORS), "satisfiedLatencyMillis": rng.choice([100, 200, 300, 500]),
    })
    for s in svcs:
        s_inactive = inactive or (s == "legacy-reports") or rng.random() < 0.08
        sc = rng.randint(30, c_s // DAY) * DAY
        item = {
            "application": app, "service": s,
            "status": "INACTIVE" if s_inactive else "ACTIVE",
            "lastReported": ago(rng.randint(2, 60) * DAY) if s_inactive else ago(rng.randint(5, 180)),
            "component": rng.choice(["java", "spring-boot", "grpc", "jaxrs", "python-flask", "go-http", "nodejs-express", "dotnet"]),
            "source": rng.choice(["wavefront-proxy", "wavefront-proxy", "opentelemetry", "jaeger", "zipkin"]),
            "serviceInstanceCount": 0 if s_inactive else rng.randint(1, 48),
            "customDashboardLink": f"{s}-service-overview" if f"{s}-service-overview" in [d["url"] for d in dashboards] else None,
            "hidden": s == "legacy-reports",
            "created": ago(sc), "lastUpdated": ago(rng.randint(HOUR, sc)),
            "updateUserId": rng.choice(EDITORS),
            "satisfiedLatencyMillis": rng.choice([50, 100, 200, 300, 500, 1000]),
        }
        maybe_drop(item, ["customDashboardLink", "updateUserId"], 0.2)
        services_out.append(item)


# ---------------------------------------------------------------------------------------------
# span sampling policies

SSP_SPECS = [
    ("Keep all checkout errors", "Every erroring span from checkout", "{{service}}='checkout' and {{error}}='true'", 100, True),
    ("Slow payments spans", "Payments spans slower than 2 s", "{{service}}='payments' and {{duration}}>2000", 100, True),
    ("Sample search at 10%", "Search is chatty; keep a tenth", "{{application}}='acme-search'", 10, True),
    ("Canary hosts", "Everything from canary hosts", "{{sourceName}}='web-07.prod.acme.net' or {{canary}}='true'", 100, True),
    ("VIP tenants", "Traces of the enterprise tenants", "{{tenant}}='enterprise-*'", 50, True),
    ("Debug: auth token refresh", "Temporary, for INC-4821", "{{service}}='auth' and {{operationName}}='refreshToken'", 100, False),
    ("5xx at the gateway", "Server errors at the edge", "{{service}}='gateway' and {{http.status_code}}>='500'", 100, True),
    ("Old: monolith traces", "Retired with the monolith", "{{application}}='monolith'", 5, False),
]
spanpolicies = []
for k, (name, desc, expr, pct, active) in enumerate(SSP_SPECS):
    c, u = created_updated(300, 1)
    deleted = name.startswith("Old:")
    spanpolicies.append({
        "id": slug(name), "name": name, "description": desc, "expression": expr, "samplingPercent": pct,
        "active": active and not deleted, "deleted": deleted,
        "creatorId": rng.choice(EDITORS), "updaterId": rng.choice(EDITORS),
        "createdEpochMillis": c, "updatedEpochMillis": u,
    })


# ---------------------------------------------------------------------------------------------
# saved app map and traces searches (SavedAppMapSearch, SavedTracesSearch). Their own random
# stream, so adding them changed nothing above.

rng_saved = random.Random(20261201)


def app_filters(app, service, extra):
    filters = [{"filterType": "TAG", "values": {"logicalValue": [[f"application={app}"]]}}]
    if service:
        filters.append({"filterType": "TAG", "values": {"logicalValue": [[f"service={service}"]]}})
    filters.extend(extra)
    return {"filters": filters, "query": " and ".join(
        [f"application={app}"] + ([f"service={service}"] if service else []))}


APPMAP_SPECS = [
    ("Shop overview", "acme-shop", None, []),
    ("Checkout path", "acme-shop", "checkout", []),
    ("Search cluster", "acme-search", None, []),
    ("Payments: both apps", "payments-platform", "payments", []),
    ("Logistics errors", "logistics", None, [{"filterType": "ERROR", "values": {"stringValue": "true"}}]),
    ("Identity", "identity", None, []),
]
TRACES_SPECS = [
    ("Slow checkouts", "acme-shop", "checkout",
     [{"filterType": "DURATION", "values": {"arrayValue": ["2000", "60000"]}}]),
    ("Payment errors", "payments-platform", "payments",
     [{"filterType": "ERROR", "values": {"stringValue": "true"}}]),
    ("Search p99 outliers", "acme-search", "search",
     [{"filterType": "SPAN_DURATION", "values": {"arrayValue": ["800", "10000"]}}]),
    ("Token refreshes", "identity", "auth",
     [{"filterType": "OPERATION", "values": {"arrayValue": ["refreshToken"]}}]),
    ("Mobile push fan-out", "mobile-backend", "push-notifications", []),
    ("Trace by id", "acme-shop", None,
     [{"filterType": "TRACE_ID", "values": {"stringValue": "4bf92f3577b34da6a3ce929d0e0e4736"}}]),
    ("Last 50 loader runs", "data-pipeline", "warehouse-loader",
     [{"filterType": "LIMIT", "values": {"stringValue": "50"}}]),
]


def saved_searches(specs):
    out = []
    for name, app, service, extra in specs:
        days = rng_saved.randint(20, 400)
        out.append({
            "id": "".join(rng_saved.choice("ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789")
                          for _ in range(16)),
            "name": name, "searchFilters": app_filters(app, service, extra), "deleted": False,
            "creatorId": rng_saved.choice(EDITORS), "updaterId": rng_saved.choice(EDITORS),
            "createdEpochMillis": f"@now-{days}d",
            "updatedEpochMillis": f"@now-{rng_saved.randint(1, days)}d",
        })
    return out


savedappmapsearches = saved_searches(APPMAP_SPECS)
savedtracessearches = saved_searches(TRACES_SPECS)


# ---------------------------------------------------------------------------------------------
# write and check

FILES = {
    "alert.json": (alerts, 60, "id"),
    "dashboard.json": (dashboards, 42, "id"),
    "event.json": (events, 302, "id"),
    "maintenancewindow.json": (maintenance, 25, "id"),
    "notificant.json": (notificants, 20, "id"),
    "derivedmetric.json": (derived, 20, "id"),
    "proxy.json": (proxies, 30, "id"),
    "usergroup.json": (usergroups, 12, "id"),
    "account.json": (accounts_out, 40, "identifier"),
    "user.json": (users_out, 30, "identifier"),
    "accountuser.json": (accountusers_out, 30, "identifier"),
    "serviceaccount.json": (serviceaccounts, 10, "identifier"),
    "role.json": (roles_out, 12, "id"),
    "customertokens.json": (customertokens, 25, "id"),
    "ingestionpolicy.json": (ingestion_out, 8, "id"),
    "savedsearch.json": (savedsearches, 15, "id"),
    "extlink.json": (extlinks, 10, "id"),
    "integration.json": (integrations, 40, "id"),
    "metricspolicy.json": (metricspolicy, None, None),
    "message.json": (messages, 10, "id"),
    "monitoredapplication.json": (apps_out, 8, "application"),
    "monitoredservice.json": (services_out, 30, ("application", "service")),
    "spansamplingpolicy.json": (spanpolicies, 8, "id"),
    "savedappmapsearch.json": (savedappmapsearches, 6, "id"),
    "savedtracessearch.json": (savedtracessearches, 7, "id"),
}

MARKER = re.compile(r"^@now([+-]\d+[smhd])?(:s)?$")
# keys that hold points in time (ms, or s for *InSeconds)
TIME_KEY = re.compile(r"(EpochMillis|Ms|Millis|InSeconds|Time|^created$|^updated$|^createdAt$|^updatedAt$|"
                      r"^lastUsed$|^dateGenerated$|^lastSuccessfulLogin$|^lastReported$|^lastUpdated$|^snoozed$)$")
NOT_TIME = {"satisfiedLatencyMillis", "lastQueryTime", "timeDrift", "processRateMinutes",
            "notificationResendFrequencyMinutes", "defaultTimeWindow", "sparklineDisplayValueType"}


def check_times(v, path, problems):
    if isinstance(v, dict):
        for k, x in v.items():
            p = f"{path}.{k}"
            if TIME_KEY.search(k) and k not in NOT_TIME:
                ok = (x is None or (isinstance(x, str) and MARKER.match(x)) or (k == "snoozed" and x == -1))
                if k.endswith("InSeconds") and isinstance(x, str) and not x.endswith(":s"):
                    ok = False
                if not k.endswith("InSeconds") and isinstance(x, str) and x.endswith(":s"):
                    ok = False
                if not ok:
                    problems.append(f"{p} = {x!r}")
            check_times(x, p, problems)
    elif isinstance(v, list):
        for i, x in enumerate(v):
            check_times(x, f"{path}[{i}]", problems)
    elif isinstance(v, (int, float)) and not isinstance(v, bool) and 1e12 <= v <= 2.5e12:
        problems.append(f"{path} = {v} looks like an absolute epoch-ms time")
    elif isinstance(v, str) and v.startswith("@now") and not MARKER.match(v):
        problems.append(f"{path} = {v!r} is a malformed marker")


os.makedirs(OUT, exist_ok=True)
total = 0
report = []
for name, (data, count, idkey) in FILES.items():
    path = write(name, data)
    with open(path, encoding="utf-8") as f:
        back = json.load(f)
    assert back == data, name
    problems = []
    check_times(back, name, problems)
    assert not problems, "\n".join(problems[:20])
    if count is not None:
        assert isinstance(back, list) and len(back) == count, (name, len(back))
        if isinstance(idkey, tuple):
            ids = [tuple(i[k] for k in idkey) for i in back]
        else:
            ids = [i[idkey] for i in back]
        assert all(ids) and len(set(ids)) == len(ids), f"{name}: duplicate or empty ids"
    else:
        assert isinstance(back, dict)
    size = os.path.getsize(path)
    total += size
    report.append(f"{name:28} {count if count is not None else 'object':>6} {size:>9,} B  id: {idkey}")

event_ids = [e["id"] for e in events]
assert all(a < b for a, b in zip(event_ids, event_ids[1:])), "event ids must increase in array order"
for d in dashboards:
    assert d["id"] == d["url"]
    assert d["numCharts"] == sum(len(r["charts"]) for s in d["sections"] for r in s["rows"]), d["id"]
assert sum(1 for d in dashboards if d["numCharts"] >= 30) >= 2
assert sum(1 for a in alerts if len(a["condition"]) >= 300) >= 3
assert any(not a["name"].isascii() for a in alerts) and sum(not d["name"].isascii() for d in dashboards) == 2
for p in proxies:
    assert "sslContainerSecret" not in p and "userApiToken" not in p
for m in maintenance:
    assert m["runningState"] in ("ONGOING", "PENDING", "ENDED")
assert total < 3_000_000, total
print("\n".join(report))
print(f"total {total:,} bytes")
