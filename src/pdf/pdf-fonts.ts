/**
 * The fonts every Pulse PDF embeds (only the glyphs it uses): DejaVu Sans, Serif and Sans Mono, which cover
 * Latin, Greek, Cyrillic and the symbols decks use (✓, ✗, arrows), so that any name or note prints as typed.
 * The standard PDF fonts would not: they know only Western European characters. Read from the npm package once
 * per process, on first use.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

export const PDF_FONT_FILES = {
  sans: 'DejaVuSans.ttf',
  sansBold: 'DejaVuSans-Bold.ttf',
  sansOblique: 'DejaVuSans-Oblique.ttf',
  serif: 'DejaVuSerif.ttf',
  serifBold: 'DejaVuSerif-Bold.ttf',
  serifItalic: 'DejaVuSerif-Italic.ttf',
  serifBoldItalic: 'DejaVuSerif-BoldItalic.ttf',
  mono: 'DejaVuSansMono.ttf',
} as const;

export type PdfFont = keyof typeof PDF_FONT_FILES;

let fonts: Record<PdfFont, Buffer> | undefined;

export function pdfFontFiles(): Record<PdfFont, Buffer> {
  if (fonts === undefined) {
    const folder = path.join(path.dirname(createRequire(import.meta.url).resolve('dejavu-fonts-ttf/package.json')), 'ttf');
    const loaded = {} as Record<PdfFont, Buffer>;
    for (const [font, file] of Object.entries(PDF_FONT_FILES) as Array<[PdfFont, string]>) loaded[font] = readFileSync(path.join(folder, file));
    fonts = loaded;
  }
  return fonts;
}
