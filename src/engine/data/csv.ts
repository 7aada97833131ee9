/**
 * A CSV of numeric features and an integer class label per row, comma- or tab-separated. A first row
 * with any non-numeric field is a header; the label is the column named label/class/target there,
 * else the last column. Every problem names its row (1-based, as an editor shows it) and column.
 */
import { importSizeProblem } from '../../config/importSize';
import { clip, quote } from '../../config/quote';
import type { ImageDataset, ImageSplit } from './dataset';
import { fileProblem as fail, type Parsed } from './parsed';
import { valueStatistics } from './statistics';

export interface FeatureTable {
  readonly featureNames: readonly string[];
  /** Row-major N×F. */
  readonly features: Float32Array;
  readonly labels: Uint8Array;
  readonly count: number;
  readonly numClasses: number;
}

/** Header names of the label column, in order of preference (not `y`: x,y,label is a common 2-D layout). */
const LABEL_HEADERS = ['label', 'class', 'target'];
const MAX_CLASSES = 256;
/** Every TEST_EVERY-th row tests: a fixed split that stays stratified even when rows are sorted by class. */
const TEST_EVERY = 5;

interface Layout {
  readonly separator: string;
  readonly names: readonly string[];
  readonly labelColumn: number;
  readonly dataStart: number;
}

export function parseFeatureCsv(bytes: Uint8Array, fileName: string): Parsed<FeatureTable> {
  const tooLarge = importSizeProblem('csv', bytes.length);
  if (tooLarge) return fail(fileName, tooLarge);
  const lines = new TextDecoder().decode(bytes).split(/\r?\n/);
  while (lines.length > 0 && (lines[lines.length - 1] as string).trim() === '') lines.pop();
  if (lines.length === 0) return fail(fileName, 'file is empty');
  const layout = readLayout(lines[0] as string);
  const width = layout.names.length;
  if (width < 2) return fail(fileName, `rows need at least one feature and a label, found ${width} column`);
  const count = lines.length - layout.dataStart;
  if (count === 0) return fail(fileName, 'holds a header but no data rows');
  const features = new Float32Array(count * (width - 1));
  const labels = new Uint8Array(count);
  for (let row = 0; row < count; row++) {
    const problem = readRow(lines[layout.dataStart + row] as string, layout, row, features, labels);
    if (problem) return fail(fileName, `row ${layout.dataStart + row + 1}${problem}`);
  }
  const numClasses = labels.reduce((max, label) => Math.max(max, label), 0) + 1;
  if (numClasses < 2) return fail(fileName, 'every label is 0; a classification needs at least two classes');
  const featureNames = layout.names.filter((_, column) => column !== layout.labelColumn);
  return { ok: true, value: { featureNames, features, labels, count, numClasses } };
}

function readLayout(firstLine: string): Layout {
  const separator = firstLine.includes('\t') ? '\t' : ',';
  const first = firstLine.split(separator).map((field) => field.trim());
  const hasHeader = first.some((field) => field === '' || !Number.isFinite(Number(field)));
  const names = hasHeader ? first : first.map((_, i) => `column ${i + 1}`);
  const lowerNames = names.map((name) => name.toLowerCase());
  const named = LABEL_HEADERS.map((header) => lowerNames.indexOf(header)).find((column) => column >= 0);
  return {
    separator,
    names,
    labelColumn: named ?? names.length - 1,
    dataStart: hasHeader ? 1 : 0,
  };
}

/** Writes one row's features and label; returns what is wrong with it (after "row N"), if anything. */
function readRow(
  line: string,
  layout: Layout,
  row: number,
  features: Float32Array,
  labels: Uint8Array,
): string | undefined {
  const { names, labelColumn } = layout;
  const fields = line.split(layout.separator);
  if (fields.length !== names.length) return ` has ${fields.length} fields, expected ${names.length}`;
  let target = row * (names.length - 1);
  for (const [column, field] of fields.entries()) {
    const text = field.trim();
    const value = text === '' ? Number.NaN : Number(text);
    if (column === labelColumn) {
      if (!Number.isInteger(value) || value < 0 || value >= MAX_CLASSES) {
        return `: label ${quote(text)} is not a class number 0–${MAX_CLASSES - 1}`;
      }
      labels[row] = value;
    } else if (Number.isFinite(value)) {
      features[target++] = value;
    } else {
      return `, column ${column + 1} (${clip(names[column] ?? '')}): ${quote(text)} is not a number`;
    }
  }
  return undefined;
}

/**
 * The table as a dataset: rows 5, 10, 15, … test, the others train. A square number (≥ 64) of
 * features is taken as a grayscale image so the CNN presets fit; otherwise a [1, 1, F] vector.
 */
export function featureTableDataset(table: FeatureTable, name: string): Parsed<ImageDataset> {
  const f = table.featureNames.length;
  const trainRows: number[] = [];
  const testRows: number[] = [];
  for (let row = 0; row < table.count; row++) ((row + 1) % TEST_EVERY === 0 ? testRows : trainRows).push(row);
  if (testRows.length === 0) {
    return {
      ok: false,
      error: `${name}: ${table.count} rows leave none for testing (every ${TEST_EVERY}th row tests)`,
    };
  }
  const train = selectRows(table, trainRows);
  const side = Math.round(Math.sqrt(f));
  const imageShape: [number, number, number] = side * side === f && f >= 64 ? [side, side, 1] : [1, 1, f];
  const { mean, std } = valueStatistics(train.images);
  return {
    ok: true,
    value: {
      name,
      imageShape,
      numClasses: table.numClasses,
      classNames: Array.from({ length: table.numClasses }, (_, k) => `${k}`),
      mean,
      std,
      train,
      test: selectRows(table, testRows),
    },
  };
}

function selectRows(table: FeatureTable, rows: readonly number[]): ImageSplit {
  const f = table.featureNames.length;
  const images = new Float32Array(rows.length * f);
  const labels = new Uint8Array(rows.length);
  rows.forEach((row, i) => {
    images.set(table.features.subarray(row * f, (row + 1) * f), i * f);
    labels[i] = table.labels[row] as number;
  });
  return { images, labels, count: rows.length };
}
