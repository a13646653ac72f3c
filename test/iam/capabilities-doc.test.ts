import { readFile } from 'node:fs/promises';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadCatalog, type Catalog } from '../../src/iam/catalog.js';
import { CURATED_SERVICES } from '../../src/iam/capability-table.js';
import { DOC_PATH, renderCapabilitiesDoc } from '../../scripts/capabilities-doc.js';

let catalog: Catalog;
let rendered: string;
beforeAll(async () => {
  catalog = await loadCatalog();
  rendered = renderCapabilitiesDoc(catalog);
});

describe('docs/capabilities.md', () => {
  it('is what `npm run docs:capabilities` renders from the table (run it after changing the table)', async () => {
    expect(await readFile(DOC_PATH, 'utf8')).toBe(rendered);
  });

  it('lists every curated action with its capabilities', () => {
    expect(rendered).toContain('| `s3:GetObject` | Read | `read-data` |');
    expect(rendered).toContain('| `sqs:DeleteQueue` | Write | `administer-resource`, `delete-data` |');
    expect(rendered).toContain('| `sts:GetCallerIdentity` | needs no permission');
    const rows = rendered.split('\n').filter((line) => /^\| `[a-z0-9-]+:[A-Za-z0-9]+` \| [A-Z]/.test(line));
    const curated = new Set(CURATED_SERVICES.flatMap((entry) => Object.values(entry.capabilities).flat().map((action) => `${entry.service}:${action}`)));
    expect(rows).toHaveLength(curated.size);
  });

  it('states the fallback rule and the resource types', () => {
    expect(rendered).toContain('| Write | starts with `Delete` | `delete-data` |');
    expect(rendered).toContain('| AWS::S3::Bucket | s3:object | `ARN/*` |');
  });
});
