/** A policy document's statements as written, read before (or without) compiling it. */

export type StatementJson = Record<string, unknown>;

/** The statements that are objects, each with its label: its Sid, else `#` and its 1-based place. */
export function labelledStatements(document: unknown): { statement: StatementJson; label: string }[] {
  if (!isJsonObject(document)) return [];
  const raw = document['Statement'];
  const list: unknown[] = Array.isArray(raw) ? raw : [raw];
  return list.flatMap((statement, index) => {
    if (!isJsonObject(statement)) return [];
    const sid = statement['Sid'];
    return [{ statement, label: typeof sid === 'string' && sid !== '' ? sid : `#${index + 1}` }];
  });
}

function isJsonObject(value: unknown): value is StatementJson {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
