import { LABELS, type Labels } from './labels.js';
import type { Answer, Citation } from './types.js';

/** A citation as one line a person can follow back to the article. */
export function formatCitation(citation: Citation, labels: Labels): string {
  const parts = [citation.title, `${labels.paragraph} ${citation.paragraph}`];
  // The quote stays in its own language; the reader is told which when it is not the question's.
  if (citation.language !== undefined) parts.push(labels.writtenIn[citation.language]);
  if (citation.source !== undefined) parts.push(citation.source);
  if (citation.date !== undefined) parts.push(citation.date);
  if (citation.url !== undefined) parts.push(citation.url);
  parts.push(citation.file);
  return parts.join(' · ');
}

/**
 * The answer for a terminal: each quote verbatim between quotation marks, its citation beneath.
 * Quotes are never wrapped or shortened; the terminal wraps long lines itself.
 */
export function renderAnswerText(answer: Answer): string {
  const labels = LABELS[answer.language];
  if (answer.kind === 'no-answer') {
    if (answer.reason === 'empty-question') return labels.emptyQuestion;
    return answer.absent !== undefined && answer.absent.length > 0 ? `${labels.noAnswer}\n${labels.absentWords(answer.absent)}` : labels.noAnswer;
  }
  const blocks = answer.extracts.map((extract, i) => `[${i + 1}] “${extract.quote}”\n    — ${formatCitation(extract.citation, labels)}`);
  return `${blocks.join('\n\n')}`;
}
