/** Structural equality of parsed JSON values (objects compared key by key, in any order). */
export function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const other = b as unknown[];
    if (a.length !== other.length) return false;
    for (let i = 0; i < a.length; i++) if (!sameJson(a[i], other[i])) return false;
    return true;
  }
  const left = a as Record<string, unknown>;
  const right = b as Record<string, unknown>;
  const keys = Object.keys(left);
  if (keys.length !== Object.keys(right).length) return false;
  for (const key of keys) if (!Object.hasOwn(right, key) || !sameJson(left[key], right[key])) return false;
  return true;
}

/** Results of `sameJson` by pair of objects (see rememberedSameJson). */
const compared = new WeakMap<object, WeakMap<object, boolean>>();

/**
 * `sameJson`, remembered per pair of objects: parsed documents shared by many holders (a managed
 * policy of many principals, a resource policy several rules ask about) are compared once.
 */
export function rememberedSameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return sameJson(a, b);
  let byOther = compared.get(a);
  if (!byOther) {
    byOther = new WeakMap();
    compared.set(a, byOther);
  }
  let same = byOther.get(b);
  if (same === undefined) {
    same = sameJson(a, b);
    byOther.set(b, same);
  }
  return same;
}
