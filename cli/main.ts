import { parseArgs } from 'node:util';
import { AccessAnalyzerClient } from '@aws-sdk/client-accessanalyzer';
import { AccountClient } from '@aws-sdk/client-account';
import { BudgetsClient } from '@aws-sdk/client-budgets';
import { CloudTrailClient } from '@aws-sdk/client-cloudtrail';
import { ConfigServiceClient } from '@aws-sdk/client-config-service';
import { CostExplorerClient } from '@aws-sdk/client-cost-explorer';
import { DetectiveClient } from '@aws-sdk/client-detective';
import { EC2Client } from '@aws-sdk/client-ec2';
import { GuardDutyClient } from '@aws-sdk/client-guardduty';
import { IAMClient } from '@aws-sdk/client-iam';
import { Inspector2Client } from '@aws-sdk/client-inspector2';
import { Macie2Client } from '@aws-sdk/client-macie2';
import { OrganizationsClient } from '@aws-sdk/client-organizations';
import { S3ControlClient } from '@aws-sdk/client-s3-control';
import { SecurityHubClient } from '@aws-sdk/client-securityhub';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { SupportClient } from '@aws-sdk/client-support';
import { WAFV2Client } from '@aws-sdk/client-wafv2';
import { didYouMean, packageVersion, unknownRegion } from './args';
import { Clients } from './check';
import { formatJson, formatText, progressLine } from './output';
import { read } from './read';
import { buildScorecard } from './scorecard';
import { errorName } from '../handler/aws-call';

/** Exit codes, as the README documents them. */
export const EXIT = {
  /** The scorecard was printed (and, with --fail-under, the score reached it). */
  OK: 0,
  /** The score is under --fail-under. */
  UNDER_THRESHOLD: 1,
  /** Bad arguments, no credentials or region, or credentials AWS rejects: no scorecard. */
  USAGE: 2,
} as const;

export const USAGE = `Usage: cdk-secure-baseline verify [options]

Checks an AWS account against the AWS Security Maturity Model Phase 1 with read-only calls and
prints each item as pass, fail or unknown, with its evidence and its fix (the SecureBaseline prop
or the manual step). Credentials and region come from the standard AWS chain.

Options:
  --region <region>       region of the regional checks (default: AWS_REGION or the profile's region)
  --profile <name>        named profile of the shared AWS config and credentials files
  --json                  print the scorecard as JSON (schema: see the README)
  --fail-under <percent>  exit 1 when under <percent>% of the required items pass
  --version               print the version of cdk-secure-baseline
  -h, --help              print this help

Exit codes: 0 scorecard printed; 1 score under --fail-under; 2 usage error, no credentials or region.
`;

export interface Io {
  readonly stdout: { readonly isTTY?: boolean; write(text: string): unknown };
  readonly stderr: { write(text: string): unknown };
}

class UsageError extends Error {}

interface Options {
  readonly region?: string;
  readonly profile?: string;
  readonly json: boolean;
  readonly failUnder?: number;
  readonly help: boolean;
  readonly version: boolean;
}

const OPTIONS = {
  'region': { type: 'string' },
  'profile': { type: 'string' },
  'json': { type: 'boolean', default: false },
  'fail-under': { type: 'string' },
  'version': { type: 'boolean', default: false },
  'help': { type: 'boolean', short: 'h', default: false },
} as const;
const OPTION_NAMES = Object.keys(OPTIONS).map(name => `--${name}`);

/** parseArgs' own messages talk about positional arguments and `--`: say what was wrong in this command's terms. */
function usageMessage(error: Error & { code?: string }): string {
  const unknown = /^Unknown option '([^']+)'/.exec(error.message);
  if (error.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' && unknown) {
    const option = unknown[1];
    return `Unknown option '${option}'${didYouMean(option, OPTION_NAMES)} (the options are ${OPTION_NAMES.join(', ')})`;
  }
  const missing = /^Option '(--[a-z-]+) <value>' argument missing/.exec(error.message);
  if (error.code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE' && missing) {
    return `${missing[1]} needs a value, e.g. ${missing[1] === '--fail-under' ? '--fail-under 80' : missing[1] === '--region' ? '--region eu-west-1' : `${missing[1]} <name>`}`;
  }
  return error.message;
}

function parse(argv: string[]): { command?: string; options: Options } {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, allowPositionals: true, options: OPTIONS });
  } catch (error) {
    throw new UsageError(usageMessage(error as Error));
  }
  const { values, positionals } = parsed;
  if (positionals.length > 1) {
    throw new UsageError(`unexpected argument '${positionals[1]}'`);
  }
  const failUnder = values['fail-under'];
  if (failUnder !== undefined && (!/^\d+(\.\d+)?$/.test(failUnder) || Number(failUnder) > 100)) {
    throw new UsageError(`--fail-under must be a percentage from 0 to 100, got '${failUnder}'`);
  }
  return {
    command: positionals[0],
    options: {
      region: values.region,
      profile: values.profile,
      json: values.json ?? false,
      failUnder: failUnder === undefined ? undefined : Number(failUnder),
      help: values.help ?? false,
      version: values.version ?? false,
    },
  };
}

/**
 * The clients, each with one attempt per call: `read` retries throttling itself. The two us-east-1
 * clients serve the APIs that answer only there (Trusted Advisor, CloudFront web ACLs) and the
 * other partitions are not served by them: `verify` is for the aws partition.
 */
export function makeClients(region: string, profile: string | undefined): Clients {
  const config = { region, profile, maxAttempts: 1 };
  const usEast1 = { ...config, region: 'us-east-1' };
  return {
    accessAnalyzer: new AccessAnalyzerClient(config),
    account: new AccountClient(config),
    budgets: new BudgetsClient(config),
    cloudTrail: new CloudTrailClient(config),
    config: new ConfigServiceClient(config),
    costExplorerUsEast1: new CostExplorerClient(usEast1),
    detective: new DetectiveClient(config),
    ec2: new EC2Client(config),
    guardDuty: new GuardDutyClient(config),
    iam: new IAMClient(config),
    inspector: new Inspector2Client(config),
    macie: new Macie2Client(config),
    organizations: new OrganizationsClient(config),
    s3Control: new S3ControlClient(config),
    securityHub: new SecurityHubClient(config),
    supportUsEast1: new SupportClient(usEast1),
    waf: new WAFV2Client(config),
    wafUsEast1: new WAFV2Client(usEast1),
  };
}

/** Errors of the credential chain and of STS that mean "these credentials cannot be used". */
const REJECTED_CREDENTIALS = new Set(['InvalidClientTokenId', 'ExpiredToken', 'ExpiredTokenException', 'SignatureDoesNotMatch', 'UnrecognizedClientException']);

/** The region and account, or a message saying why there are none. */
async function whoAmI(options: Options): Promise<{ region: string; accountId: string } | string> {
  const sts = new STSClient({ region: options.region, profile: options.profile, maxAttempts: 1 });
  let region: string;
  try {
    region = await sts.config.region();
  } catch {
    region = '';
  }
  if (!region) {
    return 'no AWS region: pass --region, set AWS_REGION, or set a region in the profile';
  }
  // Checked here, before any call: a misspelt region otherwise ends as a network error from an endpoint that does not exist.
  const unknown = unknownRegion(region, options.region !== undefined);
  if (unknown) {
    return unknown;
  }
  try {
    const { Account: accountId } = await read('sts:GetCallerIdentity', () => sts.send(new GetCallerIdentityCommand({})));
    return { region, accountId: accountId! };
  } catch (error) {
    const name = errorName(error);
    if (name === 'CredentialsProviderError') {
      return `no AWS credentials found${options.profile ? ` for profile '${options.profile}'` : ''}: set AWS_PROFILE or --profile, `
        + `or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or sign in with 'aws sso login' (${(error as Error).message})`;
    }
    if (REJECTED_CREDENTIALS.has(name)) {
      return `AWS rejected the credentials (${name}): ${(error as Error).message}`;
    }
    return `could not reach AWS STS with these credentials (${name || 'error'}): ${(error as Error).message}`;
  }
}

/** Runs the command line and returns the process exit code. */
export async function main(argv: string[], io: Io): Promise<number> {
  let parsed;
  try {
    parsed = parse(argv);
  } catch (error) {
    io.stderr.write(`cdk-secure-baseline: ${(error as Error).message}\n\n${USAGE}`);
    return EXIT.USAGE;
  }
  const { command, options } = parsed;
  if (options.version) {
    io.stdout.write(`${packageVersion()}\n`);
    return EXIT.OK;
  }
  if (options.help || command === undefined || command === 'help') {
    (options.help || command === 'help' ? io.stdout : io.stderr).write(USAGE);
    return options.help || command === 'help' ? EXIT.OK : EXIT.USAGE;
  }
  if (command !== 'verify') {
    io.stderr.write(`cdk-secure-baseline: unknown command '${command}'\n\n${USAGE}`);
    return EXIT.USAGE;
  }
  const identity = await whoAmI(options);
  if (typeof identity === 'string') {
    io.stderr.write(`cdk-secure-baseline verify: ${identity}\n`);
    return EXIT.USAGE;
  }
  const account = { ...identity, clients: makeClients(identity.region, options.profile) };
  const terminal = io.stdout.isTTY === true && !options.json;
  const scorecard = await buildScorecard(account, terminal
    ? (result, done, total) => io.stdout.write(progressLine(result, done, total, true) + '\n')
    : undefined);
  if (terminal) {
    io.stdout.write('\n');
  }
  io.stdout.write(options.json ? formatJson(scorecard) : formatText(scorecard, terminal));
  if (options.failUnder !== undefined && scorecard.score.percent < options.failUnder) {
    if (!options.json) {
      io.stderr.write(`cdk-secure-baseline verify: score ${scorecard.score.percent}% is under --fail-under ${options.failUnder}%\n`);
    }
    return EXIT.UNDER_THRESHOLD;
  }
  return EXIT.OK;
}
