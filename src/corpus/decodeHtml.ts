import { TextDecoder } from 'node:util';

/**
 * A saved page's bytes as text, in the encoding the page declares, the way a browser picks it: a
 * byte order mark first, then the charset of a `<meta charset>` or `<meta http-equiv="Content-Type">`
 * in the head, then UTF-8. Nothing is guessed: a page that is not valid in the encoding it
 * declares (or, declaring none, not valid UTF-8) is refused, since a quote from wrongly decoded
 * bytes would not be the page's words.
 */
export type DecodedHtml =
  | { readonly kind: 'decoded'; readonly html: string; readonly encoding: string }
  | { readonly kind: 'refused'; readonly reason: string };

export interface DecodeHtmlOptions {
  /**
   * A charset the page arrived with (an HTTP `Content-Type`); it wins over the page's own, as in a
   * browser. A file in the corpus folder has none: only what its bytes declare counts there.
   */
  readonly transportCharset?: string;
}

/** Browsers look for the declaration in the head; a head is rarely longer than this. */
const PRESCAN_BYTES = 64 * 1024;

const DECLARATION = /<meta\b[^>]*?\bcharset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)/i;

function decoderFor(label: string): TextDecoder | undefined {
  let name = label.trim().toLowerCase();
  // The HTML standard: a page that declares UTF-16 in ASCII bytes is not UTF-16; x-user-defined is windows-1252.
  if (name === 'utf-16' || name === 'utf-16le' || name === 'utf-16be') name = 'utf-8';
  if (name === 'x-user-defined') name = 'windows-1252';
  try {
    return new TextDecoder(name, { fatal: true, ignoreBOM: false });
  } catch {
    return undefined;
  }
}

/** The charset a page declares in its head, or undefined. */
export function declaredCharset(bytes: Uint8Array): string | undefined {
  const head = new TextDecoder('latin1').decode(bytes.subarray(0, PRESCAN_BYTES));
  const end = head.search(/<\/head\s*>|<body\b/i);
  return DECLARATION.exec(end === -1 ? head : head.slice(0, end))?.[1];
}

export function decodeHtml(bytes: Uint8Array, options: DecodeHtmlOptions = {}): DecodedHtml {
  if (bytes.length === 0) return { kind: 'refused', reason: 'empty file' };
  const bom =
    bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf
      ? 'utf-8'
      : bytes[0] === 0xff && bytes[1] === 0xfe
        ? 'utf-16le'
        : bytes[0] === 0xfe && bytes[1] === 0xff
          ? 'utf-16be'
          : undefined;
  if (bom === undefined && bytes.includes(0)) return { kind: 'refused', reason: 'binary file (contains NUL bytes), not a web page' };
  const declared = bom === undefined ? (options.transportCharset ?? declaredCharset(bytes)) : undefined;
  const decoder = bom !== undefined ? new TextDecoder(bom, { fatal: true }) : decoderFor(declared ?? 'utf-8');
  if (decoder === undefined) return { kind: 'refused', reason: `the page declares a character encoding this system cannot decode (${declared})` };
  try {
    const html = decoder.decode(bytes);
    return { kind: 'decoded', html: html.charCodeAt(0) === 0xfeff ? html.slice(1) : html, encoding: decoder.encoding };
  } catch {
    if (declared === undefined)
      return { kind: 'refused', reason: 'not valid UTF-8 and no character encoding declared; add <meta charset="…"> naming the encoding it is saved in' };
    return { kind: 'refused', reason: `not valid ${decoder.encoding} text, the encoding the page declares` };
  }
}
