/**
 * Bad input: a file that cannot be read, parsed or understood. The message names the file,
 * the place in it and the problem; front ends show it and fail closed (CLI exit 2, check
 * run failure).
 */
export class InputError extends Error {
  override readonly name = 'InputError';

  constructor(
    readonly file: string,
    readonly place: string | undefined,
    readonly problem: string,
  ) {
    super(inputErrorText(file, place, problem));
  }
}

/** `FILE: PLACE: PROBLEM`, the one way bad input is named in plain text. */
export function inputErrorText(file: string, place: string | undefined, problem: string): string {
  return place ? `${file}: ${place}: ${problem}` : `${file}: ${problem}`;
}

/**
 * A value from the input, quoted for an error message: long values are cut, so that a message
 * stays readable and never echoes a whole document back.
 */
export function quoted(value: string, max = 120): string {
  const text = JSON.stringify(value);
  return text.length <= max ? text : `${text.slice(0, max - 1)}…" (${value.length} characters)`;
}
