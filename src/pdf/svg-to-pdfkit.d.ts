// svg-to-pdfkit ships no types; this is the part of its API Pulse calls.
declare module 'svg-to-pdfkit' {
  interface SvgToPdfOptions {
    width?: number;
    height?: number;
    preserveAspectRatio?: string;
    /** The font to use for a text element: the name of a font registered on the document. */
    fontCallback?: (family: string, isBold: boolean, isItalic: boolean) => string;
    warningCallback?: (message: string) => void;
  }
  function SVGtoPDF(doc: PDFKit.PDFDocument, svg: string, x?: number, y?: number, options?: SvgToPdfOptions): void;
  export = SVGtoPDF;
}
