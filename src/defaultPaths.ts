/**
 * Where isnad keeps things when not told otherwise, relative to the folder it runs in: the one
 * list that the settings (.env), the command line tools and the index's snapshot code default to,
 * so `npm run ask` and the bot read the same corpus and snapshots.
 */
export const DEFAULT_PATHS = {
  corpusDir: 'corpus',
  dataDir: '.isnad',
  snapshotDir: '.isnad/snapshots',
  benchCacheDir: '.isnad/bench',
} as const;
