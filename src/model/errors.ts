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
    super(place ? `${file}: ${place}: ${problem}` : `${file}: ${problem}`);
  }
}
