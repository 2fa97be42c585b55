/**
 * Which files are articles: the one rule the corpus folder, uploads, links and the clean-up of
 * temporary files share, so a file accepted by one is never refused by another.
 */
export const ARTICLE_EXTENSIONS = ['.txt', '.md', '.html', '.htm'] as const;

export type ArticleExtension = (typeof ARTICLE_EXTENSIONS)[number];

const HTML: ReadonlySet<string> = new Set<ArticleExtension>(['.html', '.htm']);

/** The name's extension, lower-cased, as `path.extname` reads it ('' for none or a leading dot only). */
export function extensionOf(name: string): string {
  const base = name.slice(Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\')) + 1);
  const dot = base.lastIndexOf('.');
  return dot <= 0 ? '' : base.slice(dot).toLowerCase();
}

/** The article extension of a file name, or undefined when it is not an article's. */
export function articleExtension(name: string): ArticleExtension | undefined {
  const extension = extensionOf(name);
  return (ARTICLE_EXTENSIONS as readonly string[]).includes(extension) ? (extension as ArticleExtension) : undefined;
}

export function isArticleFileName(name: string): boolean {
  return articleExtension(name) !== undefined;
}

/** A saved web page (read through the HTML extractor), by its name. */
export function isHtmlFileName(name: string): boolean {
  return HTML.has(extensionOf(name));
}
