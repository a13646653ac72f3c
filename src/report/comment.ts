/**
 * The sticky PR comment (issue 7 item 4) and the full Markdown review of the command line.
 */
import type { Review } from '../model/review.js';
import { changeDiagram } from './diagram.js';
import { fitSections, groupSection, listSection, wholeSection, type Section } from './fit.js';
import { code, plural } from './markdown.js';
import {
  WHERE_THE_REST_IS,
  afterStateTables,
  changeTables,
  changesNoAccess,
  errorsList,
  findingsList,
  headlineText,
  moreResources,
  noticesList,
  unknownsList,
  viewOf,
  waiverHowTo,
  type ReviewView,
} from './sections.js';

/** GitHub's limit on an issue comment's body. */
export const COMMENT_MAX_LENGTH = 65_536;

export interface CommentOptions {
  /** Characters available (default 65,536; the front end subtracts its hidden marker). */
  maxLength?: number;
}

/**
 * The PR comment's Markdown, at most `maxLength` characters on any input: past that, the
 * least important parts are shortened first and a closing line says where the rest is.
 */
export function renderComment(review: Review, options: CommentOptions = {}): string {
  const maxLength = options.maxLength ?? COMMENT_MAX_LENGTH;
  const note = `_Shortened to fit GitHub's comment limit: the complete review is in ${WHERE_THE_REST_IS}._`;
  return fitSections(reviewSections(viewOf(review)), maxLength, note);
}

/** The whole review in Markdown, nothing left out (`access-delta review --format markdown`). */
export function renderMarkdown(review: Review): string {
  return fitSections(reviewSections(viewOf(review)), Number.POSITIVE_INFINITY, '');
}

/** Sections in display order; the importance decides what is shortened first (highest first). */
export function reviewSections(view: ReviewView): Section[] {
  const { review } = view;
  const headline = wholeSection(0, `### ${headlineText(view)}`);
  if (changesNoAccess(review) || (review.conclusion === 'neutral' && review.errors.length === 0)) return [headline];
  return [
    headline,
    wholeSection(0, inputsLine(review)),
    listSection(0, errorsList(review)),
    listSection(1, findingsList('#### Failing constraints', view.blocking), 0.45),
    listSection(4, findingsList('#### Warnings, notices and waived findings', view.nonBlocking), 0.15),
    groupSection(2, { open: '#### Access that changes', lists: changeTables(view, '#####'), overflow: moreResources }, 0.35),
    wholeSection(7, changeDiagram(view), 0),
    listSection(3, unknownsList(review), 0.1),
    listSection(6, noticesList(review), 0),
    groupSection(8, {
      open: `<details><summary>Complete access after this change (${plural(view.resources.length, 'resource')} touched)</summary>`,
      lists: afterStateTables(view, '#####'),
      overflow: moreResources,
      close: '\n\n</details>',
    }, 0),
    wholeSection(5, waiverHowTo(view), 0),
  ];
}

const MAX_LISTED_INPUTS = 5;

function inputsLine(review: Review): string {
  if (review.inputs.length === 0) return '';
  const shown = review.inputs.slice(0, MAX_LISTED_INPUTS).map(code).join(', ');
  const more = review.inputs.length > MAX_LISTED_INPUTS ? ` and ${review.inputs.length - MAX_LISTED_INPUTS} more` : '';
  return `Reviewed ${shown}${more}.`;
}
