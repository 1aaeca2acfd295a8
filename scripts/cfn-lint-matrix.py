"""Lints many CloudFormation templates, each for its own regions, in one cfn-lint process pool.

Used by test/region-matrix.test.ts: argv[1] is a JSON file with [{"template": path, "regions": [...]}];
prints one JSON list of the matches ({template, regions, rule, level, message, path}) on stdout.
A region cfn-lint has no registry data for would be linted with us-east-1's types, silently: it is
refused here (exit 2) instead.
"""
import json
import os
import resource
import sys
from pathlib import Path
from multiprocessing import Pool

import cfnlint
from cfnlint.api import REGIONS, ManualArgs, lint_file

PROVIDERS = os.path.join(os.path.dirname(cfnlint.__file__), 'data', 'schemas', 'providers')
# The same rule the project's .cfnlintrc.yaml ignores, for the reason given there.
IGNORED = ['W3005']


def lint_one(job):
    template, regions = job
    # One call per template for all its regions: cfn-lint parses the template once.
    matches = lint_file(Path(template), ManualArgs(regions=regions, ignore_checks=IGNORED))
    return [{
        'template': template, 'regions': regions, 'rule': m.rule.id, 'level': m.rule.severity,
        'message': m.message, 'path': '/'.join(str(p) for p in m.path),
    } for m in matches]


def main():
    with open(sys.argv[1], encoding='utf8') as f:
        plan = json.load(f)
    unknown = sorted({r for item in plan for r in item['regions']
                      if r not in REGIONS or not os.path.exists(os.path.join(PROVIDERS, f'{r}.json'))})
    if unknown:
        print(f'cfn-lint {cfnlint.version.__version__} has no registry data for {", ".join(unknown)}; '
              'it would lint them with us-east-1\'s resource types and pass silently', file=sys.stderr)
        sys.exit(2)
    jobs = [(item['template'], item['regions']) for item in plan]
    workers = int(os.environ.get('CFN_LINT_WORKERS', '2'))
    with Pool(workers) as pool:
        results = pool.map(lint_one, jobs, chunksize=1)
    print(json.dumps([m for r in results for m in r]))
    usage = [resource.getrusage(who) for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)]
    print(f'{len(jobs)} cfn-lint calls, {sum(u.ru_utime + u.ru_stime for u in usage):.0f} s CPU', file=sys.stderr)


if __name__ == '__main__':
    main()
