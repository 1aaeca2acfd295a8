import * as fs from 'fs';
import * as path from 'path';

export interface TemplateStats {
  readonly stackName: string;
  readonly templateBytes: number;
  readonly resourceCounts: Record<string, number>;
  readonly resources: Record<string, { Type: string; Properties?: any }>;
}

/** Reads every CloudFormation template that a synth wrote into `outdir`. */
export function readTemplates(outdir: string): TemplateStats[] {
  return fs.readdirSync(outdir)
    .filter(file => file.endsWith('.template.json'))
    .map(file => {
      const text = fs.readFileSync(path.join(outdir, file), 'utf8');
      const resources = JSON.parse(text).Resources ?? {};
      const resourceCounts: Record<string, number> = {};
      for (const resource of Object.values<any>(resources)) {
        resourceCounts[resource.Type] = (resourceCounts[resource.Type] ?? 0) + 1;
      }
      return { stackName: file.replace('.template.json', ''), templateBytes: Buffer.byteLength(text), resourceCounts, resources };
    });
}

export function countOf(stats: TemplateStats, type: string): number {
  return stats.resourceCounts[type] ?? 0;
}
