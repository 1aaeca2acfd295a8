// The smallest baseline app: `new SecureBaseline(app)` with no id and no props.
import { App } from 'aws-cdk-lib';
import { SecureBaseline } from '../src';

const app = new App({ outdir: process.env.CDK_OUTDIR ?? 'cdk.out' });
new SecureBaseline(app);
app.synth();
