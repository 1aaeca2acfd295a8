import { main } from './main';

// The npm package's `bin`: bundled by esbuild, with the AWS SDK clients inside, into
// assets/cli/cdk-secure-baseline/index.js, so that the jsii library keeps no runtime dependencies.
main(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr }).then(
  code => { process.exitCode = code; },
  error => {
    process.stderr.write(`cdk-secure-baseline: ${(error as Error).stack ?? error}\n`);
    process.exitCode = 2;
  },
);
