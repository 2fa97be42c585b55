/**
 * Downloads an attachment a moderator gave /corpus add, reading at most `maxBytes`: the body is
 * streamed and the download aborted as soon as it passes the limit, so a file that lies about its
 * size (or never ends) costs no more than the limit. Failures are values with a reason for the
 * moderator; nothing here throws.
 */
export type Download =
  | { readonly kind: 'downloaded'; readonly data: Uint8Array }
  | { readonly kind: 'too-large' }
  | { readonly kind: 'failed'; readonly reason: string };

export async function downloadAttachment(url: string, maxBytes: number, timeoutMs = 30_000): Promise<Download> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(new DownloadTimeout()), timeoutMs);
  try {
    const response = await fetch(url, { signal: controller.signal });
    if (!response.ok) return { kind: 'failed', reason: `HTTP ${response.status}` };
    const declared = Number(response.headers.get('content-length') ?? NaN);
    if (declared > maxBytes) return { kind: 'too-large' };
    if (response.body === null) return { kind: 'downloaded', data: new Uint8Array(0) };
    const chunks: Uint8Array[] = [];
    let total = 0;
    const reader = response.body.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      total += value.byteLength;
      if (total > maxBytes) return { kind: 'too-large' };
      chunks.push(value);
    }
    const data = new Uint8Array(total);
    let at = 0;
    for (const chunk of chunks) {
      data.set(chunk, at);
      at += chunk.byteLength;
    }
    return { kind: 'downloaded', data };
  } catch (error) {
    return { kind: 'failed', reason: describeFailure(error, timeoutMs) };
  } finally {
    clearTimeout(timer);
    // Stops a body still arriving (too large, or an error status with a body): nothing more is read.
    controller.abort();
  }
}

class DownloadTimeout extends Error {}

/** Words a fetch failure for a moderator: the network cause when known, never a stack. */
function describeFailure(error: unknown, timeoutMs: number): string {
  if (error instanceof DownloadTimeout || (error instanceof Error && error.cause instanceof DownloadTimeout)) {
    return `no complete download within ${Math.round(timeoutMs / 1000)} s`;
  }
  const cause = error instanceof Error ? (error.cause as { code?: unknown } | undefined) : undefined;
  const code = typeof cause?.code === 'string' ? cause.code : undefined;
  const known: Record<string, string> = {
    ECONNREFUSED: 'the connection was refused',
    ECONNRESET: 'the connection was reset',
    ENOTFOUND: 'the host was not found',
    EAI_AGAIN: 'the host could not be looked up',
    ETIMEDOUT: 'the connection timed out',
    UND_ERR_SOCKET: 'the connection was closed',
  };
  if (code !== undefined) return known[code] ?? `a network error (${code})`;
  return 'a network error';
}
