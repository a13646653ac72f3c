/**
 * "Did you mean": the catalog action (or service) closest to one that does not exist, by edit
 * distance with transpositions, case-insensitive.
 */
import type { Catalog } from './catalog.js';

/** Longer strings are not compared: suggestions are for typos, not for arbitrary input. */
const MAX_COMPARED_LENGTH = 128;
const MAX_SERVICE_DISTANCE = 2;

/** The closest action to a `service:Action` the catalog does not know, when one is close. */
export function suggestAction(written: string, catalog: Catalog): string | undefined {
  const colon = written.indexOf(':');
  const service = written.slice(0, colon).toLowerCase();
  const action = written.slice(colon + 1).toLowerCase();
  if (written.length > MAX_COMPARED_LENGTH) return undefined;
  const services = catalog.hasService(service) ? [service] : nearServices(service, catalog);
  let best: { name: string; distance: number } | undefined;
  const limit = allowedDistance(action);
  for (const candidate of services) {
    const serviceDistance = editDistance(service, candidate, MAX_SERVICE_DISTANCE);
    for (const info of catalog.actionsOf(candidate)) {
      const distance = serviceDistance + editDistance(action, info.action.toLowerCase(), limit);
      if (distance <= limit + serviceDistance && (best === undefined || distance < best.distance)) {
        best = { name: info.name, distance };
      }
    }
  }
  return best?.name;
}

/** The closest service prefix to one the catalog does not know, when one is close. */
export function suggestService(service: string, catalog: Catalog): string | undefined {
  if (service.length > MAX_COMPARED_LENGTH) return undefined;
  const lower = service.toLowerCase();
  let best: { key: string; distance: number } | undefined;
  for (const key of catalog.services.keys()) {
    const distance = editDistance(lower, key, MAX_SERVICE_DISTANCE);
    if (distance <= MAX_SERVICE_DISTANCE && (best === undefined || distance < best.distance)) {
      best = { key, distance };
    }
  }
  return best?.key;
}

function nearServices(service: string, catalog: Catalog): string[] {
  if (service.length > MAX_COMPARED_LENGTH) return [];
  return [...catalog.services.keys()].filter(
    (key) => editDistance(service, key, MAX_SERVICE_DISTANCE) <= MAX_SERVICE_DISTANCE,
  );
}

/** One typo per four characters, at least one and at most three. */
function allowedDistance(text: string): number {
  return Math.min(3, Math.max(1, Math.floor(text.length / 4)));
}

/**
 * Optimal string alignment distance (insertions, deletions, substitutions, adjacent
 * transpositions). Returns `limit + 1` as soon as the distance must exceed `limit`.
 */
export function editDistance(a: string, b: string, limit: number): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  let beforePrevious: number[] = [];
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    let rowMinimum = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let value = Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, (previous[j - 1] ?? 0) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        value = Math.min(value, (beforePrevious[j - 2] ?? 0) + 1);
      }
      current.push(value);
      rowMinimum = Math.min(rowMinimum, value);
    }
    if (rowMinimum > limit) return limit + 1;
    beforePrevious = previous;
    previous = current;
  }
  return Math.min(previous[b.length] ?? 0, limit + 1);
}
