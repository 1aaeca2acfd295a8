package smoke;

import java.util.List;
import java.util.Map;

import io.github.cdksecurebaseline.BudgetOptions;
import io.github.cdksecurebaseline.SecureBaseline;
import io.github.cdksecurebaseline.SecureBaselineProps;
import software.amazon.awscdk.App;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

/** A CDK app written the way a Java user writes it, asserting on the synthesized template. */
public final class Main {
    public static void main(final String[] args) {
        App app = new App();
        SecureBaseline baseline = new SecureBaseline(app, "Baseline", SecureBaselineProps.builder()
                .notificationEmails(List.of("security@example.com"))
                .budget(BudgetOptions.builder().monthlyLimitUsd(100).build())
                .build());

        // fromStack synthesizes, which also runs the baseline's cdk-nag enforcement.
        Template template = Template.fromStack(baseline);
        template.hasResourceProperties("AWS::CloudTrail::Trail", Map.of(
                "IsMultiRegionTrail", true,
                "EnableLogFileValidation", true,
                "KMSKeyId", Match.anyValue()));
        template.resourceCountIs("Custom::GuardDutyDetector", 1);
        template.hasResourceProperties("Custom::SecurityHub", Map.of(
                "StandardsArns", List.of(Map.of("Fn::Sub",
                        Match.stringLikeRegexp("standards/aws-foundational-security-best-practices/v/1.0.0")))));
        template.hasResourceProperties("AWS::Budgets::Budget", Map.of(
                "Budget", Match.objectLike(Map.of("BudgetLimit", Map.of("Amount", 100, "Unit", "USD")))));

        try {
            new SecureBaseline(new App(), "Bad", SecureBaselineProps.builder()
                    .budget(BudgetOptions.builder().monthlyLimitUsd(-5).build())
                    .build());
            throw new AssertionError("a negative budget was accepted");
        } catch (RuntimeException error) {
            if (!error.getMessage().contains("SecureBaselineProps.budget.monthlyLimitUsd: received -5")) {
                throw new AssertionError("unexpected error: " + error.getMessage(), error);
            }
        }
        System.out.println("java smoke test passed: trail, detector, FSBP standard, budget and input validation");
    }
}
