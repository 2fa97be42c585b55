import type { Language } from './types.js';

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
    corpusOwnerUnset: 'No server is set to look after the corpus, so it cannot be changed from Discord. The bot’s operator can name one with CORPUS_GUILD_IDS (or DISCORD_GUILD_ID) in .env.',
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
    corpusOwnerUnset: 'لم يُحدَّد خادم لإدارة المدوّنة، فلا يمكن تغييرها من ديسكورد. يستطيع مشغّل البوت تحديده بالإعداد CORPUS_GUILD_IDS (أو DISCORD_GUILD_ID) في ملف ‎.env.',
  },
};
