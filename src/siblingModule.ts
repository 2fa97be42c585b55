import { fileURLToPath } from 'node:url';

/**
 * A module beside the caller, as a child process runs it. The code runs either from its
 * TypeScript sources under tsx (development, tests, `npm run ask`) or compiled to dist/ by
 * `npm run build` and started by plain node (`npm start`), where tsx is not installed at all
 * (`npm prune --omit=dev`). A child started from here must be the same kind of file: the caller's
 * own extension says which, so no setting can make the two disagree.
 */
export interface SiblingModule {
  /** The module's path: `<stem>.ts` beside a .ts caller, `<stem>.js` beside a compiled one. */
  readonly file: string;
  /** True when `file` is TypeScript, which node runs only with tsx's loader (`tsxFlags`). */
  readonly typescript: boolean;
}

/** `callerUrl` is the caller's `import.meta.url`; `stem` a relative path without extension (`./startShard`). */
export function siblingModule(callerUrl: string, stem: string): SiblingModule {
  const typescript = /\.[cm]?ts$/.test(new URL(callerUrl).pathname);
  return { file: fileURLToPath(new URL(`${stem}${typescript ? '.ts' : '.js'}`, callerUrl)), typescript };
}

/**
 * The node flags a child needs to run `module`: tsx's loader for TypeScript (resolved from here,
 * so it is found whatever the working folder), nothing for compiled JavaScript — which must not
 * need tsx, even to look it up.
 */
export function tsxFlags(module: SiblingModule): string[] {
  return module.typescript ? ['--import', import.meta.resolve('tsx')] : [];
}
