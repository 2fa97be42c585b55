/**
 * Arabic stop words by Jacques Savoy (BSD licence), exactly as shipped with Lucene's ArabicAnalyzer
 * (`arabic-stopwords-savoy.txt`). The original header:
 *
 * This file was created by Jacques Savoy and is distributed under the BSD license.
 * See http://members.unine.ch/jacques.savoy/clef/index.html.
 * Also see http://www.opensource.org/licenses/bsd-license.html
 * Cleaned on October 11, 2009 (not normalized, so use before normalization)
 * This means that when modifying this list, you might need to add some
 * redundant entries, for example containing forms with both أ and ا
 *
 * The list is not normalised: it is applied to tokens before Arabic normalisation, which is why it
 * holds forms both with and without hamza.
 */
export const ARABIC_STOP_WORDS: ReadonlySet<string> = new Set([
  'من', 'ومن', 'منها', 'منه', 'في', 'وفي', 'فيها', 'فيه', 'و', 'ف',
  'ثم', 'او', 'أو', 'ب', 'بها', 'به', 'ا', 'أ', 'اى', 'اي',
  'أي', 'أى', 'لا', 'ولا', 'الا', 'ألا', 'إلا', 'لكن', 'ما', 'وما',
  'كما', 'فما', 'عن', 'مع', 'اذا', 'إذا', 'ان', 'أن', 'إن', 'انها',
  'أنها', 'إنها', 'انه', 'أنه', 'إنه', 'بان', 'بأن', 'فان', 'فأن', 'وان',
  'وأن', 'وإن', 'التى', 'التي', 'الذى', 'الذي', 'الذين', 'الى', 'الي', 'إلى',
  'إلي', 'على', 'عليها', 'عليه', 'اما', 'أما', 'إما', 'ايضا', 'أيضا', 'كل',
  'وكل', 'لم', 'ولم', 'لن', 'ولن', 'هى', 'هي', 'هو', 'وهى', 'وهي',
  'وهو', 'فهى', 'فهي', 'فهو', 'انت', 'أنت', 'لك', 'لها', 'له', 'هذه',
  'هذا', 'تلك', 'ذلك', 'هناك', 'كانت', 'كان', 'يكون', 'تكون', 'وكانت', 'وكان',
  'غير', 'بعض', 'قد', 'نحو', 'بين', 'بينما', 'منذ', 'ضمن', 'حيث', 'الان',
  'الآن', 'خلال', 'بعد', 'قبل', 'حتى', 'عند', 'عندما', 'لدى', 'جميع',
]);

/**
 * Interrogatives and the auxiliaries questions are built with, which Savoy's list (made for
 * documents, not questions) lacks. Like the English question words, they never identify the
 * passage that answers: كم asks for a number, it does not look for the word كم. Both hamza
 * spellings are listed because this list, too, applies before normalisation.
 */
export const ARABIC_QUESTION_WORDS: ReadonlySet<string> = new Set([
  'كم', 'وكم', 'بكم', 'ماذا', 'وماذا', 'لماذا', 'متى', 'ومتى', 'كيف', 'وكيف', 'أين', 'اين', 'وأين',
  'هل', 'وهل', 'ماهو', 'ماهي', 'أيّ', 'أية', 'اية', 'أيها', 'لمن', 'عمن', 'مم', 'مما', 'فيم',
  'بم', 'بما', 'بماذا', 'لم', 'لما', 'علام', 'إلام', 'الام', 'عم', 'عما', 'حتام',
  'تم', 'يتم', 'تمت', 'قام', 'قامت', 'يقوم', 'تقوم',
]);
