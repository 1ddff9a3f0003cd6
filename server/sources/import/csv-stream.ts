import { CsvError } from '../csv';

const QUOTE = 34;
const COMMA = 44;
const LF = 10;
const CR = 13;

type State = 'start' | 'plain' | 'quoted' | 'closing';

/**
 * The RFC 4180 reader of csv.ts, fed in pieces: an upload is parsed as
 * it arrives instead of after it is whole. It reads exactly what
 * `parseCsv` reads (a test holds the two together on the recorded
 * files): optional BOM, CRLF or LF, quoted fields with commas, line
 * breaks and doubled quotes, blank lines skipped; a piece may end
 * anywhere, even between CR and LF or inside a quoted field.
 */
export class CsvStream {
  private record: string[] = [];
  private field = '';
  private state: State = 'start';
  private firstQuoted = false;
  private began = false;
  private skipLf = false;
  private records = 0;

  /** Reads a piece; answers the records it completed. */
  push(text: string): string[][] {
    const out: string[][] = [];
    let i = 0;
    if (!this.began && text.length > 0) {
      this.began = true;
      if (text.charCodeAt(0) === 0xfeff) i = 1;
    }
    for (; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (this.skipLf) {
        this.skipLf = false;
        if (c === LF) continue;
      }
      if (this.state === 'quoted') {
        const close = text.indexOf('"', i);
        const end = close === -1 ? text.length : close;
        this.field += text.slice(i, end);
        if (close !== -1) this.state = 'closing';
        i = end;
        continue;
      }
      if (this.state === 'closing') {
        if (c === QUOTE) {
          // A doubled quote stands for one quote inside the field.
          this.field += '"';
          this.state = 'quoted';
          continue;
        }
        if (c !== COMMA && c !== LF && c !== CR) {
          throw new CsvError('Unexpected character after a closing quote', this.line());
        }
      }
      if (c === COMMA) {
        this.endField();
        continue;
      }
      if (c === LF || c === CR) {
        this.endRecord(out);
        this.skipLf = c === CR;
        continue;
      }
      if (this.state === 'start' && c === QUOTE) {
        if (this.record.length === 0) this.firstQuoted = true;
        this.state = 'quoted';
        continue;
      }
      let end = i;
      while (end < text.length) {
        const d = text.charCodeAt(end);
        if (d === COMMA || d === LF || d === CR) break;
        end++;
      }
      this.field += text.slice(i, end);
      this.state = 'plain';
      i = end - 1;
    }
    return out;
  }

  /** Ends the input; answers the last record if it had no line break. */
  end(): string[][] {
    if (this.state === 'quoted') {
      throw new CsvError('Unterminated quoted field', this.line());
    }
    const out: string[][] = [];
    const pending = this.record.length > 0 || this.state !== 'start';
    if (pending) this.endRecord(out);
    return out;
  }

  private endField(): void {
    this.record.push(this.field);
    this.field = '';
    this.state = 'start';
  }

  private endRecord(out: string[][]): void {
    this.endField();
    const blank = this.record.length === 1 && this.record[0] === '' && !this.firstQuoted;
    if (!blank) {
      out.push(this.record);
      this.records++;
    }
    this.record = [];
    this.firstQuoted = false;
  }

  /** Roughly where we are, for error messages: records read so far + 1. */
  private line(): number {
    return this.records + 1;
  }
}
