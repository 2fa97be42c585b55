import type { z } from 'zod';

/** Where in the data an issue is, as a person would write it: `sets[3].questions`, `outcome.kind`. */
export function issuePath(path: readonly PropertyKey[]): string {
  return path.map((key, i) => (typeof key === 'number' ? `[${key}]` : i === 0 ? String(key) : `.${String(key)}`)).join('');
}

/**
 * What is wrong with a piece of outside data, one line per problem, each naming the field it is
 * about: the reason a person reads in a log or a refusal, so it must say where to look.
 */
export function describeIssues(error: z.ZodError): string[] {
  return error.issues.map((issue) => {
    const at = issuePath(issue.path);
    return `${at === '' ? '' : `${at} `}${issue.message}`;
  });
}
