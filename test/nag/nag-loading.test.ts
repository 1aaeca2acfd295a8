// cdk-nag's index loads every pack and rule (about 270 files and some 55 aws-cdk-lib service modules):
// the library loads it only where a pack is enforced. A mock of 'cdk-nag' that throws proves that
// nothing else requires it (the library's own rules and Phase1Checks use cdk-nag's core files).
/* eslint-disable @typescript-eslint/no-require-imports -- each test loads the library afresh, under the mock */

function isolatedWithoutCdkNagIndex(body: () => void): void {
  jest.isolateModules(() => {
    jest.doMock('cdk-nag', () => {
      throw new Error('cdk-nag\'s index (every pack and rule) was loaded');
    });
    body();
  });
}

test('importing the library loads no cdk-nag pack', () => {
  isolatedWithoutCdkNagIndex(() => {
    expect(() => require('../../src')).not.toThrow();
  });
});

test('a baseline with nagPacks: [] constructs and synthesizes without loading a cdk-nag pack', () => {
  isolatedWithoutCdkNagIndex(() => {
    const { App } = require('aws-cdk-lib');
    const { SecureBaseline } = require('../../src');
    const app = new App();
    new SecureBaseline(app, 'Baseline', { nagPacks: [] });
    expect(() => app.synth()).not.toThrow();
  });
});

test('the default pack is loaded when the synth validates, not when the baseline is constructed', () => {
  isolatedWithoutCdkNagIndex(() => {
    const { App } = require('aws-cdk-lib');
    const { SecureBaseline } = require('../../src');
    const app = new App();
    new SecureBaseline(app, 'Baseline');
    expect(() => app.synth()).toThrow('cdk-nag\'s index (every pack and rule) was loaded');
  });
});
