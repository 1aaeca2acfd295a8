// An app with one empty stack: the baseline's synth time is measured against this one's.
import { App, Stack } from 'aws-cdk-lib';

const app = new App({ outdir: process.env.CDK_OUTDIR ?? 'cdk.out.empty' });
new Stack(app, 'Empty');
app.synth();
