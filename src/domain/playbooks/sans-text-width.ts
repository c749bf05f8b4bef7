/**
 * Text widths without a font, for a page that is laid out on the server and drawn by a browser (the playbook's
 * printable page): as the HTML deck's chart labels are (wbr/html/chart-labels.ts), by character code from a table
 * of DejaVu Sans' advance widths. DejaVu Sans is the PDF's sans-serif and the widest of the fonts the printable
 * page asks for (Helvetica Neue and Arial set the same text narrower), so text that fits by this estimate fits
 * in whichever of them the reader's system has. The deck's table knows only the characters of numbers; a
 * flowchart's labels are words, so this one holds every printable ASCII and Latin-1 character.
 */

/** The font stack to draw the measured text in: DejaVu Sans first, then narrower fonts. */
export const MEASURED_SANS_FAMILY = "'DejaVu Sans', 'Helvetica Neue', Arial, sans-serif";

/**
 * DejaVu Sans' advance widths in thousandths of an em, for U+0020 to U+007E, then U+00A0 to U+00FF; the soft
 * hyphen (U+00AD) takes none, as it shows only where a line breaks, and a label's lines break at spaces.
 */
const ASCII_WIDTHS = [
  318, 401, 460, 838, 636, 950, 780, 275, 390, 390, 500, 838, 318, 361, 318, 337, 636, 636, 636, 636, 636, 636, 636, 636,
  636, 636, 337, 337, 838, 838, 838, 531, 1000, 684, 686, 698, 770, 632, 575, 775, 752, 295, 295, 656, 557, 863, 748, 787,
  603, 787, 695, 635, 611, 732, 684, 989, 685, 611, 685, 390, 337, 390, 838, 500, 500, 613, 635, 550, 635, 615, 352, 635,
  634, 278, 278, 579, 278, 974, 634, 612, 635, 635, 411, 521, 392, 634, 592, 818, 592, 592, 525, 636, 337, 636, 838,
];
const LATIN1_WIDTHS = [
  318, 401, 636, 636, 636, 636, 337, 500, 500, 1000, 471, 612, 838, 0, 1000, 500, 500, 838, 401, 401, 500, 636, 636, 318,
  500, 401, 471, 612, 969, 969, 969, 531, 684, 684, 684, 684, 684, 684, 974, 698, 632, 632, 632, 632, 295, 295, 295, 295,
  775, 748, 787, 787, 787, 787, 787, 838, 787, 732, 732, 732, 732, 611, 605, 630, 613, 613, 613, 613, 613, 613, 982, 550,
  615, 615, 615, 615, 278, 278, 278, 278, 612, 634, 612, 612, 612, 612, 612, 838, 612, 634, 634, 634, 634, 592, 635, 592,
];
/** Other alphabets (Cyrillic, Greek, Latin Extended) and symbols: DejaVu Sans' Cyrillic averages 0.72 em. */
const OTHER_EM = 0.8;
/** From the CJK radicals on, characters are a full em wide in every font that has them. */
const WIDE_FROM = 0x2e80;
const WIDE_EM = 1;
/** Half of a character beyond the BMP (emoji), which takes two UTF-16 units. */
const SURROGATE_EM = 0.6;

/** Widths in em by UTF-16 code for the first 256 codes; control characters take none. */
const EM_BY_CODE = new Float64Array(256);
ASCII_WIDTHS.forEach((width, index) => { EM_BY_CODE[0x20 + index] = width / 1000; });
LATIN1_WIDTHS.forEach((width, index) => { EM_BY_CODE[0xa0 + index] = width / 1000; });

/** The estimated width of one line of text in DejaVu Sans at `fontSize` (in the unit of `fontSize`). */
export function sansTextWidth(text: string, fontSize: number): number {
  let em = 0;
  for (let index = 0; index < text.length; index += 1) {
    const code = text.charCodeAt(index);
    if (code < 256) em += EM_BY_CODE[code] as number;
    else if (code >= 0xd800 && code <= 0xdfff) em += SURROGATE_EM;
    else em += code >= WIDE_FROM ? WIDE_EM : OTHER_EM;
  }
  return em * fontSize;
}
