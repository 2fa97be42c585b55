import type { Language, SkipCode, SkippedFile } from './types.js';

/**
 * The only words isnad adds to what it quotes. Everything else a user reads comes verbatim from
 * the corpus, so these few labels are kept together and translated as a set.
 */
export interface Labels {
  readonly sources: string;
  readonly noAnswer: string;
  /**
   * Which of the question's own words no article holds. The words are the user's, quoted inside a
   * fixed sentence; they are whole tokens (letters, digits, an inner apostrophe), so they carry no
   * markup or mention.
   */
  readonly absentWords: (words: readonly string[]) => string;
  readonly emptyQuestion: string;
  readonly paragraph: string;
  readonly trySource: string;
  readonly noMore: string;
  readonly goneFromCorpus: string;
  readonly expired: string;
  readonly source: string;
  readonly link: string;
  readonly author: string;
  readonly date: string;
  readonly language: string;
  /** Beside a citation whose article is in another language than the question: "in Arabic". */
  readonly writtenIn: Readonly<Record<Language, string>>;
  readonly paragraphs: string;
  readonly file: string;
  readonly fullTextAttached: string;
  readonly noSuchDocument: string;
  readonly rateLimited: (seconds: number) => string;
  readonly failed: (reference: string) => string;
  readonly moderatorsOnly: string;
  /** A moderator of a server that does not look after the corpus (it is shared by all servers). */
  readonly corpusElsewhere: string;
  /** No server looks after the corpus: names the setting the bot's operator sets. */
  readonly corpusOwnerUnset: string;
}

export const LABELS: Readonly<Record<Language, Labels>> = {
  en: {
    sources: 'Sources',
    noAnswer: 'No passage in the corpus answers this.',
    absentWords: (words) => `No article contains: ${words.map((word) => `“${word}”`).join(', ')}.`,
    emptyQuestion: 'Ask a question with at least one searchable word.',
    paragraph: '¶',
    trySource: 'Browse the articles with /source.',
    noMore: 'There are no further extracts for this question.',
    goneFromCorpus: 'That article is no longer in the corpus; ask again to search the current articles.',
    expired: 'This button no longer works; please ask again.',
    source: 'Source',
    link: 'Link',
    author: 'Author',
    date: 'Date',
    language: 'Language',
    writtenIn: { en: 'in English', ar: 'in Arabic' },
    paragraphs: 'Paragraphs',
    file: 'File',
    fullTextAttached: 'The full text is attached.',
    noSuchDocument: 'No article matches that; pick one from the list as you type.',
    rateLimited: (seconds) => `You are asking quickly; please try again in ${seconds} s.`,
    failed: (reference) => `Something went wrong on our side. Reference: ${reference}`,
    moderatorsOnly: 'Only moderators can change the corpus.',
    corpusElsewhere: 'The corpus is shared by every server and is looked after from another server; only its moderators can change it.',
    corpusOwnerUnset:
      'No server is set to look after the corpus, so it cannot be changed from Discord. The bot’s operator can name one with CORPUS_GUILD_IDS (or DISCORD_GUILD_ID) in .env.',
  },
  ar: {
    sources: 'المصادر',
    noAnswer: 'لا يوجد في المدوّنة مقطع يجيب عن هذا السؤال.',
    absentWords: (words) => `كلمات لا يحويها أي مقال: ${words.map((word) => `«${word}»`).join('، ')}.`,
    emptyQuestion: 'اكتب سؤالاً يحوي كلمة واحدة على الأقل يمكن البحث عنها.',
    paragraph: 'الفقرة',
    trySource: 'تصفّح المقالات باستخدام ‎/source.',
    noMore: 'لا توجد مقتطفات أخرى لهذا السؤال.',
    goneFromCorpus: 'لم يعد هذا المقال في المدوّنة؛ اطرح السؤال مجدداً للبحث في المقالات الحالية.',
    expired: 'لم يعد هذا الزر يعمل؛ يُرجى طرح السؤال مجدداً.',
    source: 'المصدر',
    link: 'الرابط',
    author: 'الكاتب',
    date: 'التاريخ',
    language: 'اللغة',
    writtenIn: { en: 'بالإنجليزية', ar: 'بالعربية' },
    paragraphs: 'الفقرات',
    file: 'الملف',
    fullTextAttached: 'النص الكامل مرفق.',
    noSuchDocument: 'لا يوجد مقال بهذا الاسم؛ اختر من القائمة أثناء الكتابة.',
    rateLimited: (seconds) => `أنت تسأل بسرعة؛ يُرجى المحاولة بعد ${seconds} ثانية.`,
    failed: (reference) => `حدث خطأ من جهتنا. المرجع: ${reference}`,
    moderatorsOnly: 'لا يغيّر المدوّنة إلا المشرفون.',
    corpusElsewhere: 'المدوّنة مشتركة بين كل الخوادم وتُدار من خادم آخر؛ لا يغيّرها إلا مشرفو ذلك الخادم.',
    corpusOwnerUnset:
      'لم يُحدَّد خادم لإدارة المدوّنة، فلا يمكن تغييرها من ديسكورد. يستطيع مشغّل البوت تحديده بالإعداد CORPUS_GUILD_IDS (أو DISCORD_GUILD_ID) في ملف ‎.env.',
  },
};

/**
 * Discord's client languages (an interaction's `locale`) as the language of isnad's own words:
 * Arabic for an Arabic locale, English otherwise. A moderator's command carries no question whose
 * language could be told, so its replies follow the moderator's client.
 */
export function languageOfLocale(locale: string | null | undefined): Language {
  return typeof locale === 'string' && /^ar(?:-|$)/i.test(locale) ? 'ar' : 'en';
}

/** How a shard other than the one that refreshed took the new index (sent between processes). */
export type ReloadOutcome =
  | { readonly kind: 'loaded' }
  | { readonly kind: 'unchanged' }
  /** It had no usable snapshot and built the index itself. */
  | { readonly kind: 'rebuilt'; readonly reason: string }
  | { readonly kind: 'rebuild-failed'; readonly reason: string; readonly failure: string }
  /** Its reload threw; `reason` has no path of the server in it. */
  | { readonly kind: 'reload-failed'; readonly reason: string }
  | { readonly kind: 'restarting' }
  | { readonly kind: 'exited' }
  | { readonly kind: 'timeout'; readonly seconds: number }
  | { readonly kind: 'unreachable'; readonly reason: string };

/** What the other shards did after a refresh here (`npm run start:sharded`). */
export type OtherShards =
  | { readonly kind: 'not-told' }
  | { readonly kind: 'no-answer' }
  | { readonly kind: 'answered'; readonly outcomes: readonly { readonly shard: number; readonly outcome: ReloadOutcome }[] };

/**
 * The words isnad says to moderators (`/corpus`). Values inside them — file names, links, reasons
 * from the corpus side, counts — are passed in already escaped for Markdown where they need it.
 */
export interface ModeratorLabels {
  readonly none: string;
  readonly andMore: (count: number) => string;
  /** An age: "90 s", "12 min", "5 h", "3 days". */
  readonly age: (seconds: number) => string;
  readonly ago: (age: string) => string;
  readonly never: string;
  readonly unknownSubcommand: string;
  // /corpus status
  readonly documents: string;
  readonly passages: string;
  readonly languages: string;
  readonly index: string;
  readonly indexOrigin: (origin: 'snapshot' | 'built', ago: string) => string;
  readonly folderProblem: (reason: string) => string;
  readonly lastRefresh: string;
  readonly noRefreshSinceStart: string;
  readonly lastRefreshWas: (kind: 'refreshed' | 'failed', ago: string, reason: string | undefined) => string;
  readonly refreshRunningNow: string;
  readonly skippedFiles: string;
  /** Why a file gave no article. */
  readonly skipReason: (skip: SkippedFile) => string;
  readonly feeds: string;
  // /corpus gaps
  readonly noGaps: string;
  readonly recentGaps: string;
  readonly utc: string;
  // /corpus refresh
  readonly refreshing: (seconds: number) => string;
  readonly refreshBusy: string;
  readonly refreshFailed: (seconds: string, reason: string) => string;
  readonly refreshedIn: (seconds: string) => string;
  readonly added: string;
  readonly changed: string;
  readonly removed: string;
  // /corpus add
  readonly fileAndLink: string;
  readonly nothingToAdd: string;
  readonly wrongExtension: (name: string) => string;
  readonly fileTooLarge: (name: string, bytes: number, limit: number) => string;
  readonly downloadTooLarge: (limit: number) => string;
  readonly downloadFailed: (reason: string) => string;
  readonly notAdded: (reason: string) => string;
  readonly linksDisabled: string;
  readonly savedAs: (file: string, renamedFrom: string | undefined) => string;
  readonly savedLinkAs: (link: string, file: string) => string;
  readonly notIndexedSkipped: (file: string, reason: string) => string;
  readonly notIndexedAbsent: (file: string) => string;
  readonly indexedFrom: (file: string) => string;
  readonly paragraphCount: (count: number) => string;
  // /corpus feed
  readonly feedsDisabled: string;
  readonly feedLine: (name: string, lastPoll: string, state: 'ok' | 'not-polled' | { readonly failing: string }, added: number) => string;
  readonly notRemoved: (reason: string) => string;
  readonly unfollowed: (link: string, added: number) => string;
  readonly feedNotAdded: (reason: string) => string;
  readonly following: (title: string | undefined, link: string, items: number, minutes: number) => string;
  readonly nothingPolled: string;
  readonly firstPollFailed: (error: string) => string;
  readonly noNewArticle: string;
  readonly saved: string;
  readonly notAddedHeading: string;
  readonly retrying: (count: number) => string;
  readonly pollRefreshed: (seconds: string, before: number, after: number) => string;
  // other shards
  readonly otherShards: string;
  readonly otherShardsNotTold: string;
  readonly otherShardsNoAnswer: string;
  readonly shardNames: (shards: readonly number[]) => string;
  readonly reloadOutcome: (outcome: ReloadOutcome) => string;
}

const EN_AGE = (seconds: number): string =>
  seconds < 120
    ? `${seconds} s`
    : seconds < 7200
      ? `${Math.round(seconds / 60)} min`
      : seconds < 172800
        ? `${Math.round(seconds / 3600)} h`
        : `${Math.round(seconds / 86400)} days`;
const AR_AGE = (seconds: number): string =>
  seconds < 120
    ? `${seconds} ث`
    : seconds < 7200
      ? `${Math.round(seconds / 60)} دقيقة`
      : seconds < 172800
        ? `${Math.round(seconds / 3600)} ساعة`
        : `${Math.round(seconds / 86400)} يوم`;
const plural = (count: number, one: string, many = `${one}s`): string => `${count} ${count === 1 ? one : many}`;

/**
 * The skip reasons in Arabic. The English words come with the file (`SkippedFile.reason`, which
 * the command line and logs show too); where they hold particulars a moderator acts on — the
 * system's error, the sizes, the extension, what the extractor found — they follow in brackets.
 */
const AR_SKIP: Readonly<Record<SkipCode, { readonly words: string; readonly particulars?: true }>> = {
  'folder-name-not-utf8': { words: 'اسم المجلد ليس نصاً بترميز UTF-8، فلا يمكن الاستشهاد بملفاته بأسمائها؛ أعد تسمية المجلد' },
  'file-name-not-utf8': { words: 'اسم الملف ليس نصاً بترميز UTF-8، فلا يمكن الاستشهاد به باسمه؛ أعد تسمية الملف' },
  'folder-unreadable': { words: 'تعذّرت قراءة المجلد', particulars: true },
  'symlink-name-not-utf8': { words: 'رابط رمزي إلى اسم ليس نصاً بترميز UTF-8؛ لا يمكن الاستشهاد به باسمه' },
  'symlink-broken': { words: 'رابط رمزي معطّل (هدفه غير موجود)' },
  'symlink-unreadable': { words: 'تعذّرت قراءة الرابط الرمزي', particulars: true },
  'symlink-outside': { words: 'رابط رمزي يشير إلى خارج مجلد المدوّنة؛ لا يُفهرس إلا ما بداخله' },
  'symlinked-folder': { words: 'مجلد مرتبط رمزياً لم يُتّبع؛ تُفهرس ملفاته من موقعها الحقيقي' },
  unreadable: { words: 'تعذّرت قراءة الملف', particulars: true },
  'not-a-file': { words: 'ليس ملفاً عادياً' },
  'unsupported-type': { words: 'نوع ملف غير مدعوم؛ لا يُفهرس إلا ‎.txt و‎.md و‎.html و‎.htm', particulars: true },
  'too-large': { words: 'الملف أكبر من الحد المسموح', particulars: true },
  'kept-changing': { words: 'ظل الملف يتغيّر أثناء تحميل المدوّنة؛ يُقرأ مجدداً في التحديث التالي' },
  empty: { words: 'ملف فارغ' },
  utf16: { words: 'نص UTF-16 غير مدعوم؛ احفظ الملف بترميز UTF-8' },
  binary: { words: 'ملف ثنائي (فيه بايتات NUL)، ليس نصاً' },
  'not-utf8': { words: 'ليس نصاً صالحاً بترميز UTF-8؛ احفظ الملف بترميز UTF-8' },
  blank: { words: 'ملف فارغ (مسافات فقط)' },
  'no-paragraphs': { words: 'لا فقرات بعد التنظيف (عناوين أو بيانات وصفية أو عناصر الموقع فقط)' },
  'not-an-article': { words: 'ليس مقالاً', particulars: true },
};

export const MODERATOR_LABELS: Readonly<Record<Language, ModeratorLabels>> = {
  en: {
    none: 'none',
    andMore: (count) => `… and ${count} more`,
    age: EN_AGE,
    ago: (age) => `${age} ago`,
    never: 'never',
    unknownSubcommand: 'Choose one of /corpus status, refresh, gaps, add, feed add, feed remove or feed list.',
    documents: 'Documents',
    passages: 'Passages',
    languages: 'Languages',
    index: 'Index',
    indexOrigin: (origin, ago) => `${origin === 'snapshot' ? 'loaded from snapshot' : 'built'} ${ago}`,
    folderProblem: (reason) =>
      `**Corpus folder problem:** ${reason}; the index in service is the last one built, until the folder is back and the corpus is refreshed`,
    lastRefresh: 'Last refresh',
    noRefreshSinceStart: 'none since start',
    lastRefreshWas: (kind, ago, reason) => `${kind} ${ago}${reason !== undefined ? ` (${reason})` : ''}`,
    refreshRunningNow: ' — a refresh is running now',
    skippedFiles: 'Skipped files',
    skipReason: (skip) => skip.reason,
    feeds: 'Feeds',
    noGaps: 'No unanswered questions recorded.',
    recentGaps: 'Recent unanswered questions',
    utc: 'UTC',
    refreshing: (seconds) => `Refreshing the corpus… ${seconds} s`,
    refreshBusy: 'A refresh is already running; try again when it has finished.',
    refreshFailed: (seconds, reason) => `Refresh failed after ${seconds} s; the previous index is still serving.\nReason: ${reason}`,
    refreshedIn: (seconds) => `Refreshed in ${seconds} s.`,
    added: 'Added',
    changed: 'Changed',
    removed: 'Removed',
    fileAndLink: 'Not added: give a file or a link, not both.',
    nothingToAdd: 'Not added: attach a .txt, .md or .html file to /corpus add, or give a link (url).',
    wrongExtension: (name) => `Not added: only .txt, .md, .html and .htm files can be added (got ${name}).`,
    fileTooLarge: (name, bytes, limit) => `Not added: ${name} is ${bytes} bytes; the limit is ${limit}.`,
    downloadTooLarge: (limit) => `Not added: the file is too large; the limit is ${limit} bytes.`,
    downloadFailed: (reason) => `Not added: the attachment could not be downloaded (${reason}); try again.`,
    notAdded: (reason) => `Not added: ${reason}.`,
    linksDisabled: 'Not added: links are not enabled in this process.',
    savedAs: (file, renamedFrom) =>
      `Saved as ${file}${renamedFrom !== undefined ? ` (a file named ${renamedFrom} already exists, so it was not replaced)` : ''}.`,
    savedLinkAs: (link, file) => `Saved <${link}> as ${file}.`,
    notIndexedSkipped: (file, reason) => `**Not indexed:** ${file} was saved but not indexed: ${reason}`,
    notIndexedAbsent: (file) => `**Not indexed:** ${file} is not in the index (the refresh did not take it)`,
    indexedFrom: (file) => `Indexed from ${file}:`,
    paragraphCount: (count) => plural(count, 'paragraph'),
    feedsDisabled: 'Feeds are not enabled in this process.',
    feedLine: (name, lastPoll, state, added) =>
      `• ${name} — last poll ${lastPoll}, ${state === 'ok' ? 'ok' : state === 'not-polled' ? 'not polled yet' : `failing: ${state.failing}`}; ${plural(added, 'article')} added`,
    notRemoved: (reason) => `Not removed: ${reason}.`,
    unfollowed: (link, added) => `No longer following <${link}>. The ${added} article(s) it added stay in the corpus.`,
    feedNotAdded: (reason) => `Feed not added: ${reason}.`,
    following: (title, link, items, minutes) =>
      `Following ${title !== undefined ? `“${title}” ` : ''}<${link}> (${plural(items, 'item')} listed now); it is polled every ${minutes} min.`,
    nothingPolled: 'Nothing was polled.',
    firstPollFailed: (error) => `First poll failed: ${error}`,
    noNewArticle: 'No new article in the feed for now; new items are added at each poll.',
    saved: 'Saved',
    notAddedHeading: 'Not added',
    retrying: (count) => `${count} item page(s) could not be fetched now; tried again at the next poll.`,
    pollRefreshed: (seconds, before, after) => `Refreshed in ${seconds} s. **Passages:** ${before} → ${after}`,
    otherShards: 'Other shards',
    otherShardsNotTold: '**Other shards:** not told (no connection to the manager); they serve the new index after their next refresh or restart.',
    otherShardsNoAnswer: '**Other shards:** no answer from the manager; they may still be reloading.',
    shardNames: (shards) =>
      shards.length === 1 ? `shard ${shards[0]}` : `shards ${shards.slice(0, 10).join(', ')}${shards.length > 10 ? ` and ${shards.length - 10} more` : ''}`,
    reloadOutcome: (outcome) => {
      switch (outcome.kind) {
        case 'loaded':
          return 'loaded the new index from the snapshot';
        case 'unchanged':
          return 'was already serving it';
        case 'rebuilt':
          return `had no usable snapshot (${outcome.reason}) and rebuilt the index itself`;
        case 'rebuild-failed':
          return `had no usable snapshot (${outcome.reason}), and its own refresh failed: ${outcome.failure}; it keeps its previous index`;
        case 'reload-failed':
          return `reload failed: ${outcome.reason}`;
        case 'restarting':
          return 'was restarting; it loads the new snapshot as it starts';
        case 'exited':
          return 'exited before answering; it loads the new snapshot when it starts again';
        case 'timeout':
          return `did not answer within ${outcome.seconds} s`;
        case 'unreachable':
          return `could not be reached: ${outcome.reason}`;
      }
    },
  },
  ar: {
    none: 'لا شيء',
    andMore: (count) => `… و${count} غيرها`,
    age: AR_AGE,
    ago: (age) => `منذ ${age}`,
    never: 'لم يحدث',
    unknownSubcommand: 'اختر أحد الأوامر: ‎/corpus status أو refresh أو gaps أو add أو feed add أو feed remove أو feed list.',
    documents: 'المستندات',
    passages: 'المقاطع',
    languages: 'اللغات',
    index: 'الفهرس',
    indexOrigin: (origin, ago) => `${origin === 'snapshot' ? 'حُمّل من اللقطة المحفوظة' : 'بُني'} ${ago}`,
    folderProblem: (reason) => `**مشكلة في مجلد المدوّنة:** ${reason}؛ الفهرس المستخدم هو آخر فهرس بُني، إلى أن يعود المجلد وتُحدَّث المدوّنة`,
    lastRefresh: 'آخر تحديث',
    noRefreshSinceStart: 'لا تحديث منذ التشغيل',
    lastRefreshWas: (kind, ago, reason) => `${kind === 'refreshed' ? 'نجح' : 'فشل'} ${ago}${reason !== undefined ? ` (${reason})` : ''}`,
    refreshRunningNow: ' — يجري تحديث الآن',
    skippedFiles: 'ملفات لم تُفهرس',
    skipReason: (skip) => {
      const { words, particulars } = AR_SKIP[skip.code] ?? { words: 'لم يُفهرس', particulars: true };
      return particulars ? `${words} (${skip.reason})` : words;
    },
    feeds: 'الخلاصات',
    noGaps: 'لا توجد أسئلة بلا إجابة مسجّلة.',
    recentGaps: 'أحدث الأسئلة التي لم تجد إجابة',
    utc: 'بالتوقيت العالمي',
    refreshing: (seconds) => `جارٍ تحديث المدوّنة… ${seconds} ث`,
    refreshBusy: 'يجري تحديث الآن؛ حاول مجدداً بعد انتهائه.',
    refreshFailed: (seconds, reason) => `فشل التحديث بعد ${seconds} ث؛ لا يزال الفهرس السابق مستخدماً.\nالسبب: ${reason}`,
    refreshedIn: (seconds) => `اكتمل التحديث في ${seconds} ث.`,
    added: 'أُضيف',
    changed: 'تغيّر',
    removed: 'حُذف',
    fileAndLink: 'لم يُضف شيء: أرفق ملفاً أو أعطِ رابطاً، لا الاثنين معاً.',
    nothingToAdd: 'لم يُضف شيء: أرفق ملف ‎.txt أو ‎.md أو ‎.html مع ‎/corpus add، أو أعطِ رابطاً (url).',
    wrongExtension: (name) => `لم يُضف: لا تُقبل إلا ملفات ‎.txt و‎.md و‎.html و‎.htm (أُرسل ${name}).`,
    fileTooLarge: (name, bytes, limit) => `لم يُضف: حجم ${name} ‏${bytes} بايت؛ والحد ${limit}.`,
    downloadTooLarge: (limit) => `لم يُضف: الملف كبير جداً؛ الحد ${limit} بايت.`,
    downloadFailed: (reason) => `لم يُضف: تعذّر تنزيل المرفق (${reason})؛ حاول مجدداً.`,
    notAdded: (reason) => `لم يُضف: ${reason}.`,
    linksDisabled: 'لم يُضف: الروابط غير مفعّلة في هذه العملية.',
    savedAs: (file, renamedFrom) => `حُفظ باسم ${file}${renamedFrom !== undefined ? ` (يوجد ملف باسم ${renamedFrom}، فلم يُستبدل)` : ''}.`,
    savedLinkAs: (link, file) => `حُفظ <${link}> باسم ${file}.`,
    notIndexedSkipped: (file, reason) => `**لم يُفهرس:** حُفظ ${file} لكنه لم يُفهرس: ${reason}`,
    notIndexedAbsent: (file) => `**لم يُفهرس:** ${file} ليس في الفهرس (لم يأخذه التحديث)`,
    indexedFrom: (file) => `فُهرس من ${file}:`,
    paragraphCount: (count) => `${count} ${count === 1 ? 'فقرة' : 'فقرات'}`,
    feedsDisabled: 'الخلاصات غير مفعّلة في هذه العملية.',
    feedLine: (name, lastPoll, state, added) =>
      `• ${name} — آخر استطلاع ${lastPoll}، ${state === 'ok' ? 'سليم' : state === 'not-polled' ? 'لم يُستطلع بعد' : `يفشل: ${state.failing}`}؛ أُضيف ${added} ${added === 1 ? 'مقال' : 'مقالات'}`,
    notRemoved: (reason) => `لم يُحذف: ${reason}.`,
    unfollowed: (link, added) => `توقّفت متابعة <${link}>. تبقى في المدوّنة المقالات التي أضافها (${added}).`,
    feedNotAdded: (reason) => `لم تُضف الخلاصة: ${reason}.`,
    following: (title, link, items, minutes) =>
      `تجري متابعة ${title !== undefined ? `«${title}» ` : ''}<${link}> (${items} عنصر مدرج الآن)؛ تُستطلع كل ${minutes} دقيقة.`,
    nothingPolled: 'لم يُستطلع شيء.',
    firstPollFailed: (error) => `فشل الاستطلاع الأول: ${error}`,
    noNewArticle: 'لا مقال جديد في الخلاصة حالياً؛ تُضاف العناصر الجديدة عند كل استطلاع.',
    saved: 'حُفظ',
    notAddedHeading: 'لم يُضف',
    retrying: (count) => `تعذّر جلب ${count} من صفحات العناصر الآن؛ تُعاد المحاولة في الاستطلاع التالي.`,
    pollRefreshed: (seconds, before, after) => `اكتمل التحديث في ${seconds} ث. **المقاطع:** ${before} ← ${after}`,
    otherShards: 'الأجزاء الأخرى',
    otherShardsNotTold: '**الأجزاء الأخرى:** لم تُبلَّغ (لا اتصال بالمدير)؛ تستخدم الفهرس الجديد بعد تحديثها التالي أو إعادة تشغيلها.',
    otherShardsNoAnswer: '**الأجزاء الأخرى:** لم يُجب المدير؛ ربما لا تزال تعيد التحميل.',
    shardNames: (shards) =>
      shards.length === 1 ? `الجزء ${shards[0]}` : `الأجزاء ${shards.slice(0, 10).join('، ')}${shards.length > 10 ? ` و${shards.length - 10} غيرها` : ''}`,
    reloadOutcome: (outcome) => {
      switch (outcome.kind) {
        case 'loaded':
          return 'حمّل الفهرس الجديد من اللقطة المحفوظة';
        case 'unchanged':
          return 'كان يستخدمه من قبل';
        case 'rebuilt':
          return `لم يجد لقطة صالحة (${outcome.reason}) فبنى الفهرس بنفسه`;
        case 'rebuild-failed':
          return `لم يجد لقطة صالحة (${outcome.reason}) وفشل تحديثه: ${outcome.failure}؛ يبقى على فهرسه السابق`;
        case 'reload-failed':
          return `فشلت إعادة التحميل: ${outcome.reason}`;
        case 'restarting':
          return 'كان يُعاد تشغيله؛ يحمّل اللقطة الجديدة عند بدئه';
        case 'exited':
          return 'توقّف قبل أن يجيب؛ يحمّل اللقطة الجديدة عند تشغيله مجدداً';
        case 'timeout':
          return `لم يُجب خلال ${outcome.seconds} ث`;
        case 'unreachable':
          return `تعذّر الوصول إليه: ${outcome.reason}`;
      }
    },
  },
};
