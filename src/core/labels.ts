import type { Language } from './types.js';

/**
 * The only words isnad adds to what it quotes. Everything else a user reads comes verbatim from
 * the corpus, so these few labels are kept together and translated as a set.
 */
export interface Labels {
  readonly sources: string;
  readonly noAnswer: string;
  readonly emptyQuestion: string;
  readonly paragraph: string;
  readonly trySource: string;
}

export const LABELS: Readonly<Record<Language, Labels>> = {
  en: {
    sources: 'Sources',
    noAnswer: 'No passage in the corpus answers this.',
    emptyQuestion: 'Ask a question with at least one searchable word.',
    paragraph: '¶',
    trySource: 'Browse the articles with /source.',
  },
  ar: {
    sources: 'المصادر',
    noAnswer: 'لا يوجد في المدوّنة مقطع يجيب عن هذا السؤال.',
    emptyQuestion: 'اكتب سؤالاً يحوي كلمة واحدة على الأقل يمكن البحث عنها.',
    paragraph: 'الفقرة',
    trySource: 'تصفّح المقالات باستخدام ‎/source.',
  },
};
