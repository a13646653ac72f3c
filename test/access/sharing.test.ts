/**
 * Decisions shared between resources of one shape (and between principal classes) must give
 * what deciding each resource on its own gives: computed over the whole generated account,
 * each resource's grants equal those of an inventory holding that resource alone.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { computeAccess } from '../../src/access/index.js';
import { loadCatalog, type Catalog } from '../../src/iam/catalog.js';
import type { Inventory } from '../../src/model/inventory.js';
import { worldInventory } from '../../bench/generate/inventory.js';
import { buildWorld } from '../../bench/generate/world.js';

let catalog: Catalog;
let inventory: Inventory;
beforeAll(async () => {
  catalog = await loadCatalog();
  inventory = worldInventory(buildWorld(11, { roles: 120, users: 30, groups: 6, customerPolicies: 200, resources: 60 }));
});

const options = { completeAccounts: ['111111111111'] };

describe('decisions shared across resources and classes', () => {
  it('equal deciding each resource alone', () => {
    const whole = computeAccess(inventory, catalog, options).grants;
    let compared = 0;
    for (const resource of inventory.resources.filter((_, i) => i % 4 === 0)) {
      const alone = computeAccess({ ...inventory, resources: [resource] }, catalog, options).grants;
      expect(whole.filter((g) => g.resource === resource.arn)).toEqual(alone);
      compared += alone.length;
    }
    expect(compared).toBeGreaterThan(100);
  });

  it('point each shared decision at the statements of its own resource policy', () => {
    const whole = computeAccess(inventory, catalog, options).grants;
    for (const grant of whole) {
      for (const ref of grant.via) if (ref.policy.endsWith('#policy')) expect(ref.policy).toBe(`${grant.resource}#policy`);
      for (const condition of grant.conditions) if (condition.policy.endsWith('#policy')) expect(condition.policy).toBe(`${grant.resource}#policy`);
    }
  });
});
