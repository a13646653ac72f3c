/**
 * Self-checks of the curated capability table against the installed catalog: our typos and
 * AWS renames fail here, and so does any new action of a curated service nobody classified.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { CAPABILITIES, type Capability } from '../../src/model/access.js';
import { loadCatalog, type Catalog } from '../../src/iam/catalog.js';
import { CURATED_SERVICES } from '../../src/iam/capability-table.js';
import { isInCuratedScope } from '../../src/iam/capabilities.js';

let catalog: Catalog;
beforeAll(async () => {
  catalog = await loadCatalog();
});

const listedActions = (service: (typeof CURATED_SERVICES)[number]): string[] => [
  ...Object.values(service.capabilities).flat(),
  ...Object.keys(service.unmapped ?? {}),
];

describe('curated capability table', () => {
  it('names each service once, and only services of the catalog', () => {
    const services = CURATED_SERVICES.map((entry) => entry.service);
    expect(new Set(services).size).toBe(services.length);
    for (const service of services) expect(catalog.hasService(service), service).toBe(true);
  });

  it('lists only actions that exist in the installed catalog, spelled in its canonical case', () => {
    const missing = CURATED_SERVICES.flatMap((entry) =>
      listedActions(entry)
        .map((action) => `${entry.service}:${action}`)
        .filter((name) => catalog.action(name)?.name !== name),
    );
    expect(missing).toEqual([]);
  });

  it('classifies every catalog action of a curated service (or its curated scope)', () => {
    const unclassified = CURATED_SERVICES.flatMap((entry) => {
      const listed = new Set(listedActions(entry));
      return catalog
        .actionsOf(entry.service)
        .filter((info) => isInCuratedScope(info) && !listed.has(info.action))
        .map((info) => info.name);
    });
    expect(unclassified).toEqual([]);
  });

  it('lists an action at most once per capability, and never both mapped and unmapped', () => {
    for (const entry of CURATED_SERVICES) {
      for (const [capability, actions] of Object.entries(entry.capabilities)) {
        expect(new Set(actions).size, `${entry.service} ${capability}`).toBe(actions.length);
      }
      const mapped = new Set(Object.values(entry.capabilities).flat());
      for (const action of Object.keys(entry.unmapped ?? {})) {
        expect(mapped.has(action), `${entry.service}:${action}`).toBe(false);
      }
    }
  });

  it('uses only the six capabilities and explains each service', () => {
    for (const entry of CURATED_SERVICES) {
      for (const capability of Object.keys(entry.capabilities)) {
        expect(CAPABILITIES).toContain(capability as Capability);
      }
      expect(entry.notes.length, entry.service).toBeGreaterThan(0);
    }
  });

  it('scopes SSM to Parameter Store: Run Command is not curated', () => {
    const ssm = CURATED_SERVICES.find((entry) => entry.service === 'ssm');
    const sendCommand = catalog.action('ssm:SendCommand');
    const putParameter = catalog.action('ssm:PutParameter');
    expect(ssm?.scope?.resourceTypes).toEqual(['parameter']);
    expect(sendCommand && isInCuratedScope(sendCommand)).toBe(false);
    expect(putParameter && isInCuratedScope(putParameter)).toBe(true);
  });
});
