import { z } from 'zod';
import { describeIssues } from '../core/describeIssues.js';
import { SKIP_CODES, type SkippedFile } from '../core/types.js';
import type { FolderProblem } from './loadCorpus.js';

/**
 * The messages between IndexBuilder and its build process (buildIndexJob.ts). Each side parses
 * what it receives: the other end is another process — a build of another version left standing
 * during an upgrade, or a bug —, and a reply taken on trust would fail far from here (a refresh
 * reply printing "undefined", a skipped list that is not a list). A message that does not fit
 * becomes a failed build whose reason names the field, never an exception in an event handler.
 *
 * In a module of their own: importing buildIndexJob.ts would start its message loop.
 */

const SkippedFileSchema = z.object({ file: z.string(), code: z.enum(SKIP_CODES), reason: z.string() }) satisfies z.ZodType<SkippedFile>;

const FolderProblemSchema = z.object({ kind: z.enum(['missing', 'not-a-folder', 'unreadable']), reason: z.string() }) satisfies z.ZodType<FolderProblem>;

const BuildRequestSchema = z.object({
  corpusDir: z.string().min(1),
  options: z.object({
    snapshotDir: z.string().nullable().optional(),
    maxFileBytes: z.number().positive().optional(),
    serveLastSnapshot: z.boolean().optional(),
  }),
  /** Where to leave the index for the parent: a snapshot file (header and body) that only this build writes. */
  handoverFile: z.string().min(1),
});

/** What the build process is asked: one corpus folder to index. */
export type BuildRequest = z.infer<typeof BuildRequestSchema>;

const BuildReplySchema = z.discriminatedUnion('ok', [
  z.object({
    ok: z.literal(true),
    /** The index itself, only when it could not be left in `handoverFile`. */
    index: z.custom<Uint8Array>((value) => value instanceof Uint8Array, 'must be bytes').optional(),
    fingerprint: z.string().min(1),
    skipped: z.array(SkippedFileSchema).readonly(),
    origin: z.enum(['snapshot', 'built']),
    builtAt: z.iso.datetime(),
    logs: z.array(z.string()).readonly(),
    /** The corpus folder could not be read: the index handed over is not of the corpus, and the refresh fails. */
    folderProblem: FolderProblemSchema.nullable(),
  }),
  z.object({ ok: z.literal(false), error: z.string() }),
]);

/** What the build process sends back; the index itself is in `handoverFile` (or, failing that, in `index`). */
export type BuildReply = z.infer<typeof BuildReplySchema>;

const ReadySchema = z.object({ ready: z.literal(true) });

/** What the process posts: once `ready` (modules loaded), then one reply per request. */
export type BuildMessage = z.infer<typeof ReadySchema> | BuildReply;

export type Parsed<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly reason: string };

function parse<T>(schema: z.ZodType<T>, message: unknown, what: string): Parsed<T> {
  const parsed = schema.safeParse(message);
  return parsed.success ? { ok: true, value: parsed.data } : { ok: false, reason: `${what} is malformed (${describeIssues(parsed.error).join('; ')})` };
}

/** In the build process: the parent's request. */
export const parseBuildRequest = (message: unknown): Parsed<BuildRequest> => parse(BuildRequestSchema, message, 'the build request');

/** In IndexBuilder: the build process's message. */
export function parseBuildMessage(message: unknown): Parsed<BuildMessage> {
  // Picked by its key rather than parsed as a union, whose error would name no field.
  const ready = typeof message === 'object' && message !== null && 'ready' in message;
  return parse<BuildMessage>(ready ? ReadySchema : BuildReplySchema, message, "the build process's message");
}
