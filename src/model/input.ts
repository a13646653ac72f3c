/** A file handed to Access Delta: a plan, a template, an inventory, a `.tf` source. */
export interface InputFile {
  /** Path relative to the repository root, or as given on the command line. */
  path: string;
  /** Raw bytes (any encoding the reader supports) or already-decoded text. */
  content: Uint8Array | string;
}
