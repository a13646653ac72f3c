/**
 * Template parameter values from a file, in the three forms AWS tools write them: the CLI's
 * `[{"ParameterKey": "K", "ParameterValue": "V"}]`, `["K=V", ...]`, and a CodePipeline template
 * configuration file `{"Parameters": {"K": "V"}, ...}`.
 */
import { InputError } from '../../model/errors.js';
import type { InputFile } from '../../model/input.js';
import { isObject, parseJson } from '../json.js';
import { decodeInput } from '../text.js';

export function readTemplateParameters(file: InputFile): Record<string, string> {
  const value = parseJson(decodeInput(file).text, file.path);
  if (isObject(value) && isObject(value['Parameters'])) {
    return Object.fromEntries(Object.entries(value['Parameters']).map(([key, v]) => [key, scalar(v, file.path, `Parameters.${key}`)]));
  }
  if (!Array.isArray(value)) {
    throw new InputError(file.path, undefined, 'not a parameters file: expected [{"ParameterKey", "ParameterValue"}], ["Key=Value"] or {"Parameters": {...}}');
  }
  const out: Record<string, string> = {};
  value.forEach((entry, i) => {
    if (typeof entry === 'string' && entry.includes('=')) {
      out[entry.slice(0, entry.indexOf('='))] = entry.slice(entry.indexOf('=') + 1);
    } else if (isObject(entry) && typeof entry['ParameterKey'] === 'string') {
      out[entry['ParameterKey']] = scalar(entry['ParameterValue'], file.path, `[${i}].ParameterValue`);
    } else {
      throw new InputError(file.path, `[${i}]`, 'expected {"ParameterKey", "ParameterValue"} or "Key=Value"');
    }
  });
  return out;
}

function scalar(value: unknown, file: string, place: string): string {
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value) && value.every((v) => typeof v === 'string')) return value.join(',');
  throw new InputError(file, place, 'expected a string, number, boolean or list of strings');
}
