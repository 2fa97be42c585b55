/**
 * A failing disk, for tests of code that writes through `node:fs/promises` file handles: from the
 * moment `limitWrites` is called, writes through any FileHandle of this process store at most
 * `budget` bytes in all; then the next write either fails as a full disk does (ENOSPC, after
 * storing what fitted) or never settles — what a process killed part-way through a write leaves
 * on disk is then exactly what is on disk while it waits. Patches FileHandle.prototype (write and
 * writeFile), so it reaches code that takes no file-system option, as the code before a fix.
 */
import { open, type FileHandle } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

export interface WriteLimit {
  /** Bytes stored since the limit was set. */
  readonly stored: number;
  /** Resolves when a write first hit the limit. */
  readonly reached: Promise<void>;
  restore(): void;
}

export async function limitWrites(budget: number, outcome: 'ENOSPC' | 'stall'): Promise<WriteLimit> {
  const probe = await open(fileURLToPath(import.meta.url), 'r');
  const proto = Object.getPrototypeOf(probe) as FileHandle;
  await probe.close();
  const originalWrite = proto.write;
  const originalWriteFile = proto.writeFile;
  let stored = 0;
  let reachedResolve!: () => void;
  const reached = new Promise<void>((resolve) => (reachedResolve = resolve));
  const full = (): Promise<never> => {
    reachedResolve();
    if (outcome === 'stall') return new Promise<never>(() => {});
    return Promise.reject(Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC', errno: -28, syscall: 'write' }));
  };

  async function write(this: FileHandle, buffer: Uint8Array, offset = 0, length = buffer.byteLength - offset, position: number | null = null) {
    const room = budget - stored;
    if (room <= 0) return full();
    const take = Math.min(room, length);
    const result = await (originalWrite as (...args: unknown[]) => Promise<{ bytesWritten: number }>).call(this, buffer, offset, take, position);
    stored += result.bytesWritten;
    return result;
  }

  async function writeFile(this: FileHandle, data: string | Uint8Array) {
    const bytes = typeof data === 'string' ? Buffer.from(data) : data;
    let offset = 0;
    while (offset < bytes.byteLength) {
      const { bytesWritten } = await write.call(this, bytes, offset, bytes.byteLength - offset, null);
      offset += bytesWritten;
    }
  }

  (proto as unknown as Record<string, unknown>).write = write;
  (proto as unknown as Record<string, unknown>).writeFile = writeFile;
  return {
    get stored() {
      return stored;
    },
    reached,
    restore() {
      (proto as unknown as Record<string, unknown>).write = originalWrite;
      (proto as unknown as Record<string, unknown>).writeFile = originalWriteFile;
    },
  };
}
