// Prints what a synthesized baseline contains: `ts-node scripts/summarize.ts cdk.out`.
import * as fs from 'fs';
import * as path from 'path';
import { readTemplates, TemplateStats } from './template-stats';

function propsOf(stats: TemplateStats, type: string): any[] {
  return Object.values(stats.resources).filter(r => r.Type === type).map(r => r.Properties ?? {});
}

function describe(stats: TemplateStats): string[] {
  const lines: string[] = [];
  for (const trail of propsOf(stats, 'AWS::CloudTrail::Trail')) {
    lines.push(`CloudTrail trail: multi-region=${trail.IsMultiRegionTrail}, log file validation=${trail.EnableLogFileValidation}, `
      + `SSE-KMS=${trail.KMSKeyId !== undefined}, CloudWatch Logs=${trail.CloudWatchLogsLogGroupArn !== undefined}`);
  }
  // One-per-region services are custom resources (adopt or create) by default, native resources otherwise.
  for (const recorder of propsOf(stats, 'Custom::ConfigRecorder')) {
    lines.push(`AWS Config recorder (adopt or create): global types=${recorder.IncludeGlobalResourceTypes}, frequency=${recorder.RecordingFrequency}, `
      + `snapshots=${recorder.DeliveryFrequency}`);
  }
  for (const recorder of propsOf(stats, 'AWS::Config::ConfigurationRecorder')) {
    lines.push(`AWS Config recorder: all supported types=${recorder.RecordingGroup?.AllSupported}, `
      + `global types=${recorder.RecordingGroup?.IncludeGlobalResourceTypes}, frequency=${recorder.RecordingMode?.RecordingFrequency}`);
  }
  for (const detector of [...propsOf(stats, 'Custom::GuardDutyDetector'), ...propsOf(stats, 'AWS::GuardDuty::Detector')]) {
    const enabled = (detector.Features ?? []).filter((f: any) => f.Status === 'ENABLED').map((f: any) => f.Name);
    lines.push(`GuardDuty detector: publishing=${detector.FindingPublishingFrequency}, features=${enabled.join(', ')}`);
  }
  const standardName = (arn: any) => JSON.stringify(arn).match(/standards\/([^"\\]+)/)?.[1];
  for (const hub of propsOf(stats, 'Custom::SecurityHub')) {
    lines.push(`Security Hub (adopt or create): findings=${hub.ControlFindingGenerator}, standards=${hub.StandardsArns.map(standardName).join(', ')}`);
  }
  if (stats.resourceCounts['AWS::SecurityHub::Hub']) {
    lines.push(`Security Hub: standards=${propsOf(stats, 'AWS::SecurityHub::Standard').map(s => standardName(s.StandardsArn)).join(', ')}`);
  }
  for (const analyzer of [...propsOf(stats, 'Custom::AccessAnalyzer'), ...propsOf(stats, 'AWS::AccessAnalyzer::Analyzer')]) {
    lines.push(`IAM Access Analyzer: type=${analyzer.Type}`);
  }
  for (const inspector of propsOf(stats, 'Custom::Inspector')) {
    lines.push(`Inspector: ${inspector.ResourceTypes.join(', ')}`);
  }
  for (const budget of propsOf(stats, 'AWS::Budgets::Budget')) {
    const alerts = (budget.NotificationsWithSubscribers ?? []).map((n: any) => `${n.Notification.NotificationType} ${n.Notification.Threshold}%`);
    lines.push(`Budget: ${budget.Budget.BudgetLimit.Amount} ${budget.Budget.BudgetLimit.Unit} a month, alerts at ${alerts.join(', ')}`);
  }
  for (const acl of propsOf(stats, 'AWS::WAFv2::WebACL')) {
    const rules = (acl.Rules ?? []).map((r: any) => r.Statement.ManagedRuleGroupStatement?.Name ?? r.Name);
    lines.push(`AWS WAF web ACL (${acl.Scope}): ${rules.join(', ')}; associations=${stats.resourceCounts['AWS::WAFv2::WebACLAssociation'] ?? 0}, `
      + `logging=${stats.resourceCounts['AWS::WAFv2::LoggingConfiguration'] ?? 0}`);
  }
  const accountSettings = Object.keys(stats.resourceCounts).filter(type => type.startsWith('Custom::')).map(type => type.slice('Custom::'.length));
  lines.push(`Custom resources, all served by one provider function: ${accountSettings.join(', ')}`);
  const topics = propsOf(stats, 'AWS::SNS::Topic');
  if (topics.length > 0) {
    lines.push(`Findings topic: SSE-KMS=${topics.every(t => t.KmsMasterKeyId !== undefined)}, email subscriptions=${stats.resourceCounts['AWS::SNS::Subscription'] ?? 0}, `
      + `EventBridge rules=${stats.resourceCounts['AWS::Events::Rule'] ?? 0}, CIS alarms=${stats.resourceCounts['AWS::CloudWatch::Alarm'] ?? 0}`);
  }
  const keys = propsOf(stats, 'AWS::KMS::Key');
  lines.push(`KMS keys: ${keys.length} (rotation on: ${keys.filter(k => k.EnableKeyRotation).length})`);
  lines.push(`S3 buckets: ${stats.resourceCounts['AWS::S3::Bucket'] ?? 0}`);
  return lines;
}

/** The summary of the coverage report the baseline wrote next to its template, and what is left to do. */
function coverage(outdir: string, artifactId: string): string[] {
  const file = path.join(outdir, `${artifactId}.coverage.json`);
  if (!fs.existsSync(file)) {
    return [];
  }
  const report = JSON.parse(fs.readFileSync(file, 'utf8'));
  const counts = Object.entries(report.summary).map(([status, count]) => `${count} ${status}`).join(', ');
  const lines = [`Coverage (${file}, and .md): ${counts}`];
  for (const entry of report.entries.filter((e: any) => e.status !== 'SATISFIED')) {
    const todo = entry.offProp ? `set ${entry.offProp}` : entry.manualStep;
    lines.push(`    ${entry.status.padEnd(8)} ${entry.id}${entry.optional ? ' (optional)' : ''}: ${todo}`);
  }
  return lines;
}

const outdir = process.argv[2] ?? 'cdk.out';
for (const stats of readTemplates(outdir)) {
  console.log(`\nStack ${stats.stackName} (${outdir}/${stats.stackName}.template.json, ${stats.templateBytes} bytes)`);
  for (const line of describe(stats)) {
    console.log(`  - ${line}`);
  }
  for (const line of coverage(outdir, stats.stackName)) {
    console.log(`  ${line}`);
  }
  console.log('  Resources by type:');
  for (const [type, count] of Object.entries(stats.resourceCounts).sort()) {
    console.log(`    ${String(count).padStart(3)}  ${type}`);
  }
}
