"""Smoke test of the built Python package: a CDK app written the way a Python user writes it.

Run by `npx projen test:python`, which installs the wheel from dist/python into a fresh
virtual environment with aws-cdk-lib and cdk-nag from PyPI.
"""
from aws_cdk import App
from aws_cdk.assertions import Match, Template
from cdk_secure_baseline import BudgetOptions, ContactDetails, SecureBaseline, SecurityHubStandard

app = App()
baseline = SecureBaseline(
    app,
    "Baseline",
    notification_emails=["security@example.com"],
    security_contact=ContactDetails(name="Security team", email="security@example.com", phone="+1 555 0100"),
    budget=BudgetOptions(monthly_limit_usd=100),
)

# Template.from_stack synthesizes, which also runs the baseline's cdk-nag enforcement.
template = Template.from_stack(baseline)
template.has_resource_properties("AWS::CloudTrail::Trail", {
    "IsMultiRegionTrail": True,
    "EnableLogFileValidation": True,
    "KMSKeyId": Match.any_value(),
})
template.resource_count_is("Custom::GuardDutyDetector", 1)
template.has_resource_properties("Custom::SecurityHub", {
    "StandardsArns": [{"Fn::Sub": Match.string_like_regexp("standards/aws-foundational-security-best-practices/v/1.0.0")}],
})
template.has_resource_properties("AWS::Budgets::Budget", {
    "Budget": Match.object_like({"BudgetLimit": {"Amount": 100, "Unit": "USD"}}),
})
template.has_resource_properties("AWS::SNS::Subscription", {"Protocol": "email", "Endpoint": "security@example.com"})

# Bad input fails in Python too, with the library's message.
try:
    SecureBaseline(App(), "Bad", budget=BudgetOptions(monthly_limit_usd=-5))
except Exception as error:  # jsii raises RuntimeError carrying the JavaScript message
    assert "SecureBaselineProps.budget.monthlyLimitUsd: received -5" in str(error), error
else:
    raise AssertionError("a negative budget was accepted")

assert SecurityHubStandard.NIST_800_53_REV5.standard_path == "standards/nist-800-53/v/5.0.0"
print("python smoke test passed: trail, detector, FSBP standard, budget, email subscription and input validation")
