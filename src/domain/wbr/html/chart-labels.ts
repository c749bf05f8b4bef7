/**
 * The 6-12 chart's axis ticks and point labels, written so that they fit: a tick label in the space beside the
 * plot, a point label between its neighbours. The chart's `y_scaling` mask is used as it is whenever its labels
 * fit; labels that do not (a metric in the billions with a mask that names no unit, a percentage of
 * thousands) are shortened to thousands, millions, billions or trillions (`2.5B`), and beyond 9,999 trillions,
 * or for values too small for decimals to tell the ticks apart, to a power of ten (`7.05×10⁻⁹`).
 *
 * Widths are estimated from DejaVu Sans, the PDF deck's font and the widest of the system fonts the HTML deck
 * asks for, so a label that fits by the estimate fits on every screen.
 */
import { formatFixed, formatPowerOfTen, formatScaled, formatTimesPowerOfTen, scaleValue, UNIT_SUFFIX } from './y-scaling-format.js';
import type { YScaling } from './y-scaling-format.js';

/** Font sizes of the tick and point labels, in viewBox units (the stylesheet's `svg.chart text` and `.dl text`). */
export const TICK_FONT_SIZE = 12;
export const POINT_FONT_SIZE = 11;
/** Space kept between two neighbouring point labels, in viewBox units. */
const POINT_LABEL_GAP = 2;

/** Advance widths of DejaVu Sans, in em; other characters count as wide as a capital. */
const CHARACTER_EM: Readonly<Record<string, number>> = {
  ',': 0.318, '.': 0.318, '-': 0.361, '%': 0.95, K: 0.656, M: 0.863, B: 0.686, T: 0.595, b: 0.635, p: 0.635, s: 0.521, '×': 0.838, '⁻': 0.528,
};
const DIGIT_EM = 0.637;
const SUPERSCRIPT_EM = 0.401;
const OTHER_EM = 0.75;

/** The ASCII characters' widths, in em, looked up by character code: a deck measures tens of thousands of labels. */
const ASCII_EM = new Float64Array(128).fill(OTHER_EM);
for (let code = 48; code <= 57; code += 1) ASCII_EM[code] = DIGIT_EM;
for (const [character, em] of Object.entries(CHARACTER_EM)) if (character.charCodeAt(0) < 128) ASCII_EM[character.charCodeAt(0)] = em;

function isSuperscriptDigit(code: number): boolean {
  return code === 0xb9 || code === 0xb2 || code === 0xb3 || (code >= 0x2070 && code <= 0x2079);
}

/** The estimated width of a label, in viewBox units. */
export function labelWidth(text: string, fontSize: number): number {
  let em = 0;
  // By UTF-16 unit: every character a label holds (digits, separators, units, ×, superscripts) is one unit.
  for (let index = 0; index < text.length; index += 1) {
    const code = text.charCodeAt(index);
    if (code < 128) em += ASCII_EM[code] as number;
    else if (isSuperscriptDigit(code)) em += SUPERSCRIPT_EM;
    else em += CHARACTER_EM[text.charAt(index)] ?? OTHER_EM;
  }
  return em * fontSize;
}

function widest(labels: ReadonlyArray<string>, fontSize: number): number {
  let width = 0;
  for (const label of labels) width = Math.max(width, labelWidth(label, fontSize));
  return width;
}

function areDistinct(labels: ReadonlyArray<string>): boolean {
  return labels.every((label, i) => i === 0 || label !== labels[i - 1]);
}

/** Thousands, millions, billions and trillions, largest first. */
const MAGNITUDES: ReadonlyArray<readonly [number, string]> = [[1e12, 'T'], [1e9, 'B'], [1e6, 'M'], [1e3, 'K']];
/** A shortened number stays below this many of its unit (`9,999T`); beyond, it is a power of ten. */
const SHORT_LIMIT = 1e4;

function isRatio(scaling: YScaling): boolean {
  return scaling.unit === '%' || scaling.unit === 'bps';
}

/**
 * The number a shortened label counts: a percentage or basis points as the mask shows them (the unit stays after
 * the number), any other value as it is (thousands, millions, ... replace the mask's `K`, `M` or `B`).
 */
function shortBase(value: number, scaling: YScaling): number {
  return isRatio(scaling) ? scaleValue(value, scaling) : value;
}

/** What follows a shortened tick label: a percentage's or basis points' unit (other units are replaced). */
function ratioUnit(scaling: YScaling): string {
  return isRatio(scaling) ? UNIT_SUFFIX[scaling.unit] : '';
}

/** The fewest decimals (up to `most`) that write every one of `numbers` exactly (2.5, not 3); null if none do. */
function exactDecimals(numbers: ReadonlyArray<number>, most: number): number | null {
  for (let decimals = 0; decimals <= most; decimals += 1) {
    const isExact = numbers.every((number) => Math.abs(Number(number.toFixed(decimals)) - number) <= 1e-9 * Math.max(1, Math.abs(number)));
    if (isExact) return decimals;
  }
  return null;
}

/**
 * The labels of an axis's ticks (evenly spaced, ascending): the mask's form, with up to four more decimals until
 * neighbours differ, when it is no wider than `availableWidth`; else shortened, with the decimals that write each
 * tick exactly (`1.25B`, never a rounded `1.3B` beside `1.5B`). The caller makes room for labels that are still
 * wider.
 */
export function tickLabels(ticks: ReadonlyArray<number>, scaling: YScaling, availableWidth: number): string[] {
  let labels: string[] = [];
  for (let extra = 0; extra <= 4; extra += 1) {
    labels = ticks.map((tick) => formatScaled(tick, scaling, true, extra));
    if (areDistinct(labels)) break;
  }
  if (areDistinct(labels) && widest(labels, TICK_FONT_SIZE) <= availableWidth) return labels;

  const unit = ratioUnit(scaling);
  const magnitude = ticks.reduce((largest, tick) => Math.max(largest, Math.abs(shortBase(tick, scaling))), 0);
  // Ticks are sums of steps, so the zero tick can be off by float noise (1e-17): it is written 0 all the same.
  const isZero = (tick: number) => Math.abs(shortBase(tick, scaling)) <= magnitude * 1e-9;
  if (magnitude >= 1 && magnitude < MAGNITUDES[0][0] * SHORT_LIMIT) {
    const [size, suffix] = MAGNITUDES.find(([candidate]) => magnitude >= candidate) ?? [1, ''];
    const decimals = exactDecimals(ticks.map((tick) => shortBase(tick, scaling) / size), 3);
    if (decimals !== null) return ticks.map((tick) => (isZero(tick) ? '0' : formatFixed(shortBase(tick, scaling) / size, decimals) + suffix + unit));
  }
  if (magnitude > 0) {
    const exponent = Math.floor(Math.log10(magnitude));
    const decimals = exactDecimals(ticks.map((tick) => shortBase(tick, scaling) / 10 ** exponent), 6) ?? 6;
    return ticks.map((tick) => (isZero(tick) ? '0' : formatTimesPowerOfTen(shortBase(tick, scaling), exponent, decimals) + unit));
  }
  return labels;
}

/** Magnitudes a point label may take, smallest first. */
const POINT_MAGNITUDES: ReadonlyArray<readonly [number, string]> = [[1, ''], ...[...MAGNITUDES].reverse()];

/** A point label shortened to three significant digits and the magnitude it needs (`35.5T`, `2.32B`, `4.01M`, `0.5`). */
export function shortPointLabel(value: number, scaling: YScaling): string {
  const base = shortBase(value, scaling);
  const size = Math.abs(base);
  if (size === 0) return '0';
  if (size >= 1e-3) {
    // The smallest magnitude that holds the rounded value: 999,950 is 1.00M, not 1,000K.
    for (const [index, [magnitude, suffix]] of POINT_MAGNITUDES.entries()) {
      const shown = Number((base / magnitude).toPrecision(3));
      if (Math.abs(shown) < (index === POINT_MAGNITUDES.length - 1 ? SHORT_LIMIT : 1e3)) {
        return formatFixed(shown, Math.max(0, 2 - Math.floor(Math.log10(Math.abs(shown))))) + suffix;
      }
    }
  }
  return formatPowerOfTen(base, 3);
}

/** How far a row of labels may reach beyond the centre of its first slot and of its last, in viewBox units. */
export interface LabelRoom {
  before: number;
  after: number;
}

/** Whether labels centred on their slots keep clear of one another and stay within `room`. */
function labelsFit(labels: ReadonlyArray<string | null>, slotWidth: number, room: LabelRoom): boolean {
  let previousSlot = -1;
  let previousWidth = 0;
  for (let slot = 0; slot < labels.length; slot += 1) {
    const label = labels[slot];
    if (label === null || label === undefined) continue;
    const width = labelWidth(label, POINT_FONT_SIZE);
    const space = previousSlot < 0 ? slot * slotWidth + room.before - width / 2 : (slot - previousSlot) * slotWidth - (previousWidth + width) / 2 - POINT_LABEL_GAP;
    if (space < 0) return false;
    previousSlot = slot;
    previousWidth = width;
  }
  return previousSlot < 0 || (labels.length - 1 - previousSlot) * slotWidth + room.after >= previousWidth / 2;
}

/** The most labels are left out to make the others fit: beyond, a line has no labels (its values are on the axis). */
const MAX_LABEL_STRIDE = 4;

/**
 * The labels over a line's points in a row of slots (null where a slot has no value): the mask's form without its
 * unit, as the App writes them, when every label keeps clear of its neighbours and within `room`; else every one shortened (`shortPointLabel`), so that the
 * weeks or months of one line read alike; and if even those collide (powers of ten), every second (third, ...)
 * label, counted back from the latest point, which always keeps its label.
 */
export function pointLabels(values: ReadonlyArray<number | null>, scaling: YScaling, slotWidth: number, room: LabelRoom): Array<string | null> {
  const labels = values.map((value) => (value === null ? null : formatScaled(value, scaling, false)));
  if (labelsFit(labels, slotWidth, room)) return labels;
  const short = values.map((value) => (value === null ? null : shortPointLabel(value, scaling)));
  for (let stride = 1; stride <= MAX_LABEL_STRIDE; stride += 1) {
    const thinned = short.slice();
    let fromLatest = 0;
    for (let slot = thinned.length - 1; slot >= 0; slot -= 1) {
      if (thinned[slot] === null) continue;
      if (fromLatest % stride !== 0) thinned[slot] = null;
      fromLatest += 1;
    }
    if (labelsFit(thinned, slotWidth, room)) return thinned;
  }
  return values.map(() => null);
}
