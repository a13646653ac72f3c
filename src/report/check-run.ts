/**
 * The check run's output (issue 7 item 5): a title, the summary (headline and findings), the
 * text (the detail) and annotations at the lines that grant each finding's access.
 */
import type { Finding, Review } from '../model/review.js';
import { changeDiagram } from './diagram.js';
import { fitSections, groupSection, listSection, wholeSection } from './fit.js';
import { locationText, truncate } from './markdown.js';
import * as parts from './sections.js';

/** GitHub's limit on `output.summary` and `output.text`. */
export const CHECK_RUN_OUTPUT_MAX_LENGTH = 65_535;
/** Annotations beyond this many are not sent (the text says how many there were). */
export const MAX_ANNOTATIONS = 1_000;
/** GitHub's limit on a check run's title and an annotation's title. */
export const MAX_TITLE_LENGTH = 255;
const MAX_MESSAGE_LENGTH = 4_000;

/** One annotation, in the shape of GitHub's Checks API. */
export interface CheckAnnotation {
  path: string;
  start_line: number;
  end_line: number;
  annotation_level: 'notice' | 'warning' | 'failure';
  title: string;
  message: string;
}

export interface CheckRunOutput {
  title: string;
  summary: string;
  text: string;
  /** All of them: the front end sends them in batches of 50. */
  annotations: CheckAnnotation[];
}

export interface CheckRunOptions {
  /**
   * The paths GitHub can annotate (the files of the head commit): annotations elsewhere are
   * dropped before the cap, so the cap and its note count only those sent. Absent: every path.
   */
  annotatable?: (path: string) => boolean;
}

export function renderCheckRun(review: Review, options: CheckRunOptions = {}): CheckRunOutput {
  const view = parts.viewOf(review);
  const { annotatable = () => true } = options;
  const allAnnotations = annotationsOf([...view.blocking, ...view.nonBlocking]).filter((annotation) => annotatable(annotation.path));
  const annotations = allAnnotations.slice(0, MAX_ANNOTATIONS);
  const limitNote =
    allAnnotations.length > annotations.length
      ? `_${allAnnotations.length} source lines grant the findings' access; the first ${annotations.length} are annotated._`
      : '';

  const summaryNote = '_Shortened to fit the check run: the complete review is in the JSON output (`access-delta review --format json`)._';
  const summary = fitSections(
    [
      wholeSection(0, `### ${parts.headlineText(view)}`),
      listSection(0, parts.errorsList(review)),
      listSection(1, parts.findingsList('#### Failing constraints', view.blocking), 0.6),
      listSection(2, parts.findingsList('#### Warnings, notices and waived findings', view.nonBlocking), 0.25),
      listSection(3, parts.unknownsList(review), 0.1),
      listSection(3, parts.noticesList(review), 0.05),
      wholeSection(4, limitNote),
    ],
    CHECK_RUN_OUTPUT_MAX_LENGTH,
    summaryNote,
  );
  const text = parts.changesNoAccess(review)
    ? ''
    : fitSections(
        [
          groupSection(0, { open: '### Access that changes', lists: parts.changeTables(view, '####'), overflow: parts.moreResources }, 0.8),
          wholeSection(3, changeDiagram(view), 0),
          groupSection(4, { open: '### Complete access after this change', lists: parts.afterStateTables(view, '####'), overflow: parts.moreResources }, 0),
          wholeSection(2, parts.waiverHowTo(view), 0),
        ],
        CHECK_RUN_OUTPUT_MAX_LENGTH,
        summaryNote,
      );
  const { text: verdictText } = parts.verdict(view);
  const title = verdictText.charAt(0).toUpperCase() + verdictText.slice(1);
  return { title: truncate(title, MAX_TITLE_LENGTH), summary, text, annotations };
}

/** One annotation per finding and source location, most severe first, duplicates removed. */
function annotationsOf(findings: readonly Finding[]): CheckAnnotation[] {
  const seen = new Set<string>();
  const annotations: CheckAnnotation[] = [];
  for (const finding of findings) {
    for (const location of finding.locations) {
      const line = location.line ?? 1;
      const key = `${location.file}\u0000${line}\u0000${finding.rule}\u0000${finding.message}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const where = location.line === undefined ? ` (line unknown: ${locationText(location)})` : '';
      const advice = finding.waiver
        ? `Waived until ${finding.waiver.expires} by ${finding.waiver.approver}: ${finding.waiver.reason}`
        : finding.remediation
          ? `What to do: ${finding.remediation}`
          : '';
      annotations.push({
        path: location.file,
        start_line: line,
        end_line: line,
        annotation_level: levelOf(finding),
        title: truncate(`${finding.rule}${finding.waiver ? ' (waived)' : ''}`, MAX_TITLE_LENGTH),
        message: truncate([`${finding.message}${where}`, advice].filter(Boolean).join('\n'), MAX_MESSAGE_LENGTH),
      });
    }
  }
  return annotations;
}

function levelOf(finding: Finding): CheckAnnotation['annotation_level'] {
  if (finding.waiver) return 'notice';
  return finding.severity === 'error' ? 'failure' : finding.severity;
}
