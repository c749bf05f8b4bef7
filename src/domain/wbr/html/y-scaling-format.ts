/**
 * Number formatting for the HTML deck, driven by a block's or row's `y_scaling` mask the way the WBR
 * App's front end reads it: `##[.n]UNIT` where UNIT is `MM` (millions), `BB` (billions), `KK`
 * (thousands), `bps` (basis points, value × 10,000), `%` (value × 100) or nothing, and `n` is the
 * number of decimals (one digit; default 0). The first unit found in that order wins, as in the App.
 *
 * Pulse adds what a reader of a printed deck expects and the App's numbers do not change with:
 * thousands separators (`2,318.9M`), no negative zero (`-0.0` is written `0.0`), and a power of ten
 * (`3.20×10¹⁶`) for a number of more than 15 digits, whose further digits are floating-point noise
 * (the App's page writes them, and `1e+21` from 10²¹ on).
 */

export type ScaleUnit = 'MM' | 'BB' | 'KK' | 'bps' | '%' | '';

export interface YScaling {
  unit: ScaleUnit;
  /** Decimals after the point. */
  precision: number;
}

const UNIT_ORDER: ReadonlyArray<Exclude<ScaleUnit, ''>> = ['MM', 'BB', 'KK', 'bps', '%'];
const UNIT_FACTOR: Record<ScaleUnit, number> = { MM: 1e-6, BB: 1e-9, KK: 1e-3, bps: 1e4, '%': 100, '': 1 };

/**
 * From this size on a number is written as a power of ten: a double holds 15 to 17 significant digits, so the
 * digits `toFixed` writes past them are noise (and from 10²¹ on it writes `1e+21`).
 */
export const POWER_OF_TEN_FROM = 1e15;
const SUPERSCRIPT_DIGITS = '⁰¹²³⁴⁵⁶⁷⁸⁹';
/** What is written after a scaled number. */
export const UNIT_SUFFIX: Record<ScaleUnit, string> = { MM: 'M', BB: 'B', KK: 'K', bps: 'bps', '%': '%', '': '' };

/** Text written for a value that is missing, in every table and label of the deck. */
export const MISSING_TEXT = '–';

const parsedMasks = new Map<string, YScaling>();

/** Reads a mask such as `##.1MM`; an empty or unknown mask means plain numbers with no decimals. */
export function parseYScaling(mask: string | null | undefined): YScaling {
  const key = mask ?? '';
  const cached = parsedMasks.get(key);
  if (cached !== undefined) return cached;
  const unit = UNIT_ORDER.find((candidate) => key.includes(candidate)) ?? '';
  const dot = key.indexOf('.');
  const digit = dot >= 0 ? key.charCodeAt(dot + 1) - 48 : 0;
  const parsed: YScaling = { unit, precision: digit >= 0 && digit <= 9 ? digit : 0 };
  // Masks come from a config, so there are few of them; the bound only guards against abuse.
  if (parsedMasks.size < 1000) parsedMasks.set(key, parsed);
  return parsed;
}

/**
 * `value.toFixed(precision)` with thousands separators and without a negative zero; a finite number of
 * POWER_OF_TEN_FROM or more as a power of ten with three significant digits.
 */
export function formatFixed(value: number, precision: number): string {
  if (Math.abs(value) >= POWER_OF_TEN_FROM && Number.isFinite(value)) return formatPowerOfTen(value, 3);
  let text = value.toFixed(precision);
  if (text.charCodeAt(0) === 45 && !hasNonZeroDigit(text)) text = text.slice(1);
  const start = text.charCodeAt(0) === 45 ? 1 : 0;
  let end = text.indexOf('.');
  if (end < 0) end = text.length;
  if (end - start <= 3) return text;
  let grouped = text.slice(0, start);
  const firstGroup = (end - start) % 3 || 3;
  grouped += text.slice(start, start + firstGroup);
  for (let i = start + firstGroup; i < end; i += 3) grouped += ',' + text.slice(i, i + 3);
  return grouped + text.slice(end);
}

/** `-3.20×10¹⁶`: a finite, non-zero value with `significantDigits` digits, times a power of ten. */
export function formatPowerOfTen(value: number, significantDigits: number): string {
  const text = value.toExponential(Math.max(0, significantDigits - 1));
  const e = text.indexOf('e');
  return `${text.slice(0, e)}×10${superscript(Number(text.slice(e + 1)))}`;
}

/** `value` as a multiple of 10^exponent with `decimals` decimals (`7.05×10⁻⁹`), so that neighbouring axis ticks share one exponent. */
export function formatTimesPowerOfTen(value: number, exponent: number, decimals: number): string {
  return `${formatFixed(value / 10 ** exponent, decimals)}×10${superscript(exponent)}`;
}

function superscript(exponent: number): string {
  let text = exponent < 0 ? '⁻' : '';
  for (const digit of String(Math.abs(exponent))) text += SUPERSCRIPT_DIGITS[digit.charCodeAt(0) - 48] ?? '';
  return text;
}

function hasNonZeroDigit(text: string): boolean {
  for (let i = 0; i < text.length; i += 1) {
    const code = text.charCodeAt(i);
    if (code >= 49 && code <= 57) return true;
  }
  return false;
}

/** The number a mask shows for a value: the value in its unit (millions for `MM`, percent for `%`, ...). */
export function scaleValue(value: number, scaling: YScaling): number {
  return value * UNIT_FACTOR[scaling.unit];
}

/** A value scaled by the mask's unit, with or without the unit's suffix (chart axes, box totals, point labels). */
export function formatScaled(value: number, scaling: YScaling, withUnit: boolean, extraPrecision = 0): string {
  const text = formatFixed(value * UNIT_FACTOR[scaling.unit], scaling.precision + extraPrecision);
  return withUnit ? text + UNIT_SUFFIX[scaling.unit] : text;
}

/**
 * A 6-week or 12-month table cell. As in the App's tables, a value from 1e9 to 1e12 is written in
 * billions even when the mask names no unit or a smaller one (only `MM` takes precedence).
 */
export function formatTableCell(value: number | string, scaling: YScaling): string {
  if (typeof value !== 'number' || !Number.isFinite(value)) return MISSING_TEXT;
  if (scaling.unit !== 'MM' && value >= 1e9 && value <= 1e12) return formatFixed(value * 1e-9, scaling.precision) + 'B';
  return formatScaled(value, scaling, true);
}

/** Box-total columns that hold a comparison (WOW and the four YOYs), by position in the App's nine. */
export function isBoxComparisonColumn(index: number): boolean {
  return index === 1 || (index > 0 && index % 2 === 0);
}

/**
 * A box-total cell. Values use the chart's mask; comparisons are basis points rounded to whole
 * numbers when the block's `boxTotalScale` is `bps`, else percentages with the mask's decimals.
 * Pulse writes a `+` before a positive comparison.
 */
export function formatBoxCell(value: number | string, index: number, scaling: YScaling, boxTotalScale: string): string {
  if (typeof value !== 'number' || !Number.isFinite(value)) return value === 'N/A' ? 'N/A' : MISSING_TEXT;
  if (!isBoxComparisonColumn(index)) return formatScaled(value, scaling, true);
  const text = boxTotalScale === 'bps' ? formatFixed(Math.round(value), 0) + 'bps' : formatFixed(value, scaling.precision) + '%';
  return value > 0 && hasNonZeroDigit(text) ? '+' + text : text;
}
