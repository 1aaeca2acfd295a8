import { main } from './main';

// The AWS SDK warns on every run under Node.js 20 that its releases from 2027 need Node.js 22. The
// SDK is bundled here, so the warning is about this package's next build, not something the user
// can act on in their project: the README states the supported Node.js versions instead. The SDK's
// own switch; a user who sets it to something else keeps their choice.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

// The npm package's `bin`: bundled by esbuild, with the AWS SDK clients inside, into
// assets/cli/cdk-secure-baseline/index.js, so that the jsii library keeps no runtime dependencies.
main(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr }).then(
  code => { process.exitCode = code; },
  error => {
    process.stderr.write(`cdk-secure-baseline: ${(error as Error).stack ?? error}\n`);
    process.exitCode = 2;
  },
);
