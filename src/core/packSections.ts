/**
 * A flat binary container: a JSON directory, then named sections of typed arrays or UTF-8 text, each
 * starting on an 8-byte boundary so it can be read in place (a view over the bytes, not a copy).
 *
 * Layout: "ISNX" · u32 directory byte length · directory JSON (UTF-8) · padding · sections.
 * Numbers are little-endian, as on every machine Node runs on; `unpackSections` refuses the bytes
 * on a big-endian machine rather than misread them.
 */

import { z } from 'zod';
import { describeIssues } from './describeIssues.js';

export type SectionValue = Uint8Array | Uint32Array | string | SectionWriter;

/**
 * A u8 section written straight into the packed bytes: the largest section (the index's text)
 * would otherwise be made whole first and then copied, twice its size at the build's peak.
 */
export interface SectionWriter {
  readonly byteLength: number;
  /** Fills `into` (exactly `byteLength` bytes). */
  write(into: Uint8Array): void;
}

const MAGIC = [0x49, 0x53, 0x4e, 0x58]; // "ISNX"
const ALIGN = 8;

const SECTION_KINDS = ['u8', 'u32', 'utf8'] as const;
type SectionKind = (typeof SECTION_KINDS)[number];

const DirectoryEntrySchema = z.object({
  name: z.string(),
  kind: z.enum(SECTION_KINDS),
  offset: z.int().nonnegative().multipleOf(ALIGN),
  byteLength: z.int().nonnegative(),
});
type DirectoryEntry = z.infer<typeof DirectoryEntrySchema>;

const DirectorySchema = z.object({ meta: z.unknown(), sections: z.array(DirectoryEntrySchema) });
type Directory = z.infer<typeof DirectorySchema>;

const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

function kindOf(value: SectionValue): SectionKind {
  if (typeof value === 'string') return 'utf8';
  if (value instanceof Uint8Array) return 'u8';
  if (value instanceof Uint32Array) return 'u32';
  if (typeof value === 'object' && value !== null && typeof (value as SectionWriter).write === 'function') return 'u8';
  // Anything else would be stored under a kind that misreads it (a Uint16Array as u32).
  throw new Error(`section of an unsupported type: ${Object.prototype.toString.call(value)}`);
}

const align = (n: number): number => Math.ceil(n / ALIGN) * ALIGN;

export function packSections(meta: unknown, sections: Readonly<Record<string, SectionValue>>): Uint8Array {
  if (!LITTLE_ENDIAN) throw new Error('binary snapshots are written on little-endian machines only');
  const encoder = new TextEncoder();
  const payloads = Object.entries(sections).map(([name, value]) => {
    const kind = kindOf(value);
    const bytes: Uint8Array | SectionWriter =
      typeof value === 'string'
        ? encoder.encode(value)
        : value instanceof Uint8Array || value instanceof Uint32Array
          ? new Uint8Array(value.buffer, value.byteOffset, value.byteLength)
          : value;
    return { name, kind, bytes };
  });
  // Offsets are relative to the end of the directory's padding, so they do not depend on its length.
  let offset = 0;
  const entries: DirectoryEntry[] = payloads.map(({ name, kind, bytes }) => {
    const entry = { name, kind, offset, byteLength: bytes.byteLength };
    offset = align(offset + bytes.byteLength);
    return entry;
  });
  const directory = encoder.encode(JSON.stringify({ meta, sections: entries } satisfies Directory));
  const dataStart = align(8 + directory.byteLength);
  const out = new Uint8Array(dataStart + offset);
  out.set(MAGIC, 0);
  new DataView(out.buffer).setUint32(4, directory.byteLength, true);
  out.set(directory, 8);
  payloads.forEach(({ bytes }, i) => {
    const at = dataStart + entries[i]!.offset;
    if (bytes instanceof Uint8Array) out.set(bytes, at);
    else bytes.write(out.subarray(at, at + bytes.byteLength));
  });
  return out;
}

export interface UnpackedSections {
  readonly meta: unknown;
  u8(name: string): Uint8Array;
  u32(name: string): Uint32Array;
  text(name: string): string;
  /** A u8 section, held in memory or read from the tail when asked for (see `unpackSections`). */
  bytes(name: string): StoredBytes;
}

/** Bytes that may be on disk rather than in memory: `read(from, to)` is `[from, to)` of them. */
export interface StoredBytes {
  readonly byteLength: number;
  read(from: number, to: number): Uint8Array;
}

/**
 * The end of a container that is not in memory (see `unpackSections`): `read(offset, length)`
 * returns `length` bytes from `offset` of the tail, or throws when it cannot.
 */
export interface SectionTail {
  readonly byteLength: number;
  read(offset: number, length: number): Uint8Array;
}

/**
 * Where section `name` starts in `packSections` output, or undefined when there is no such
 * section: the bytes from there to the end are the tail a reader may leave on disk, when it is
 * the last section.
 */
export function sectionStart(bytes: Uint8Array, name: string): { readonly start: number; readonly last: boolean } | undefined {
  const directoryLength = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(4, true);
  const directory = parseDirectory(bytes.subarray(8, 8 + directoryLength));
  const entry = directory.sections.find((section) => section.name === name);
  if (entry === undefined) return undefined;
  const last = directory.sections.every((section) => section.offset <= entry.offset);
  return { start: align(8 + directoryLength) + entry.offset, last };
}

/**
 * Reads `packSections` output; throws when the bytes are not such a container or are cut short.
 * With `tail`, `input` is the container's first bytes only and `tail` the rest: a section wholly in
 * the tail is read from it through `bytes(name)` when asked for; every other section must be in `input`.
 */
export function unpackSections(input: Uint8Array, tail?: SectionTail): UnpackedSections {
  if (!LITTLE_ENDIAN) throw new Error('binary snapshots are read on little-endian machines only');
  if (input.byteLength < 8 || MAGIC.some((byte, i) => input[i] !== byte)) throw new Error('not an isnad index (bad magic)');
  // Typed-array views need aligned offsets; a buffer that does not start on a boundary is copied
  // once (with the Uint8Array constructor: a Node Buffer's slice() is a view, not a copy).
  const bytes = input.byteOffset % ALIGN === 0 ? input : new Uint8Array(input);
  const directoryLength = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(4, true);
  if (8 + directoryLength > bytes.byteLength) throw new Error('index directory is cut short');
  const directory = parseDirectory(bytes.subarray(8, 8 + directoryLength));
  const dataStart = align(8 + directoryLength);
  const total = bytes.byteLength + (tail?.byteLength ?? 0);
  const byName = new Map<string, DirectoryEntry>();
  for (const entry of directory.sections) {
    if (dataStart + entry.offset + entry.byteLength > total) throw new Error(`index section ${entry.name} is cut short`);
    byName.set(entry.name, entry);
  }
  const section = (name: string, kind: SectionKind): DirectoryEntry => {
    const entry = byName.get(name);
    if (entry === undefined || entry.kind !== kind) throw new Error(`index section ${name} is missing`);
    // Only `bytes` reads a section from the tail.
    if (dataStart + entry.offset + entry.byteLength > bytes.byteLength) throw new Error(`index section ${name} is not in memory`);
    return entry;
  };
  const view = <T>(name: string, kind: SectionKind, size: number, make: (buffer: ArrayBufferLike, offset: number, length: number) => T): T => {
    const entry = section(name, kind);
    if (entry.byteLength % size !== 0) throw new Error(`index section ${name} is malformed`);
    return make(bytes.buffer, bytes.byteOffset + dataStart + entry.offset, entry.byteLength / size);
  };
  return {
    meta: directory.meta,
    u8: (name) => view(name, 'u8', 1, (b, o, n) => new Uint8Array(b, o, n)),
    u32: (name) => view(name, 'u32', 4, (b, o, n) => new Uint32Array(b, o, n)),
    text: (name) => {
      const entry = section(name, 'utf8');
      const start = dataStart + entry.offset;
      return new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(start, start + entry.byteLength));
    },
    bytes: (name) => {
      const entry = byName.get(name);
      if (entry === undefined || entry.kind !== 'u8') throw new Error(`index section ${name} is missing`);
      const start = dataStart + entry.offset;
      const { byteLength } = entry;
      if (start + byteLength <= bytes.byteLength) {
        const held = bytes.subarray(start, start + byteLength);
        return { byteLength, read: (from, to) => held.subarray(from, to) };
      }
      if (tail === undefined || start < bytes.byteLength) throw new Error(`index section ${name} is not in memory`);
      const at = start - bytes.byteLength;
      return {
        byteLength,
        read: (from, to) => {
          if (!(from >= 0 && from <= to && to <= byteLength)) throw new RangeError(`bytes ${from}..${to} of a section of ${byteLength}`);
          const read = tail.read(at + from, to - from);
          if (read.byteLength !== to - from) throw new Error(`index section ${name} could not be read`);
          return read;
        },
      };
    },
  };
}

function parseDirectory(bytes: Uint8Array): Directory {
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch (error) {
    throw new Error(`index directory is not JSON (${(error as Error).message})`);
  }
  const parsed = DirectorySchema.safeParse(json);
  if (!parsed.success) throw new Error(`index directory is malformed (${describeIssues(parsed.error).join('; ')})`);
  return parsed.data;
}

/** Byte length of each section, for reports on what an index is made of. */
export function sectionSizes(bytes: Uint8Array): Record<string, number> {
  const directoryLength = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(4, true);
  const directory = parseDirectory(bytes.subarray(8, 8 + directoryLength));
  return Object.fromEntries([['directory', directoryLength], ...directory.sections.map((entry) => [entry.name, entry.byteLength])]);
}
