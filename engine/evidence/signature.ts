/**
 * What a file is, by its bytes rather than by what the client says: the signature at its start
 * and, so that a truncated file is not taken for a whole one, the end each format has.
 */

export const MEDIA_TYPES = ["image/jpeg", "image/png", "image/webp", "application/pdf"] as const;
export type MediaType = (typeof MEDIA_TYPES)[number];

export const isMediaType = (value: string): value is MediaType =>
  (MEDIA_TYPES as readonly string[]).includes(value);

/** How many bytes of the start tell every format apart. */
const HEAD_BYTES = 16;
/** How far from the end a format's end marker may be (JPEG and PDF writers pad a little). */
const TAIL_BYTES = 1024;

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
/** The IEND chunk: length 0, type, CRC. Every PNG ends with it. */
const PNG_END = Buffer.from([0, 0, 0, 0, 0x49, 0x45, 0x4e, 0x44, 0xae, 0x42, 0x60, 0x82]);
const JPEG_END = Buffer.from([0xff, 0xd9]);
const PDF_END = Buffer.from("%%EOF");

interface Format {
  /** Whether a file of this format can start so (`head` holds up to HEAD_BYTES). */
  starts(head: Buffer): boolean;
  /** Whether a file that started so ends whole: its last bytes and its length. */
  ends(tail: Buffer, head: Buffer, bytes: number): boolean;
  /** The end it lacks, for the message. */
  end: string;
}

const FORMATS: Record<MediaType, Format> = {
  "image/jpeg": {
    starts: (head) => head[0] === 0xff && head[1] === 0xd8 && head[2] === 0xff,
    // FF D9 appears nowhere in a JPEG's coded data (an FF there is followed by 00 or a restart marker)
    ends: (tail) => tail.includes(JPEG_END),
    end: "its end-of-image marker (FF D9)",
  },
  "image/png": {
    starts: (head) => head.subarray(0, 8).equals(PNG_SIGNATURE),
    ends: (tail) => tail.subarray(-PNG_END.length).equals(PNG_END),
    end: "its IEND chunk",
  },
  "image/webp": {
    starts: (head) =>
      head.subarray(0, 4).toString("latin1") === "RIFF" && head.subarray(8, 12).toString("latin1") === "WEBP",
    // the RIFF header says how long the file is
    ends: (_tail, head, bytes) => head.length >= 8 && head.readUInt32LE(4) + 8 === bytes,
    end: "the length its RIFF header gives",
  },
  "application/pdf": {
    starts: (head) => head.subarray(0, 5).toString("latin1") === "%PDF-",
    ends: (tail) => tail.includes(PDF_END),
    end: "its %%EOF marker",
  },
};

/** What the bytes look like when they are not what the client said, for a message that helps. */
function lookalike(head: Buffer): string | undefined {
  for (const type of MEDIA_TYPES) if (FORMATS[type].starts(head)) return type;
  const text = head
    .toString("latin1")
    .replace(/^\xEF\xBB\xBF/, "")
    .trimStart();
  if (text.startsWith("<")) return "markup (HTML, SVG or XML)";
  if (text.startsWith("GIF8")) return "image/gif";
  return undefined;
}

const TAKEN = "Verdict takes JPEG, PNG, WebP and PDF files";

export type SignatureProblem =
  | { code: "MEDIA_EMPTY"; message: string }
  | { code: "MEDIA_TYPE_MISMATCH"; message: string }
  | { code: "MEDIA_INCOMPLETE"; message: string };

/**
 * Follows a file's bytes as they stream past, keeping only its first and last bytes: `mismatch`
 * tells as soon as the start is known that the bytes are not of `type`, `problem` at the end
 * whether they are a whole file of it.
 */
export class SignatureCheck {
  private head = Buffer.alloc(0);
  private tail = Buffer.alloc(0);
  bytes = 0;

  constructor(readonly type: MediaType) {}

  update(chunk: Buffer): void {
    this.bytes += chunk.length;
    if (this.head.length < HEAD_BYTES) {
      this.head = Buffer.concat([this.head, chunk.subarray(0, HEAD_BYTES - this.head.length)]);
    }
    this.tail =
      chunk.length >= TAIL_BYTES
        ? Buffer.from(chunk.subarray(chunk.length - TAIL_BYTES))
        : Buffer.concat([this.tail, chunk]).subarray(-TAIL_BYTES);
  }

  /** The start is known and is not of `type` (undefined while it is, or may still be). */
  mismatch(): SignatureProblem | undefined {
    if (this.head.length < HEAD_BYTES) return undefined;
    return this.startProblem();
  }

  /** Once every byte was seen: what keeps them from being a whole file of `type`, if anything. */
  problem(): SignatureProblem | undefined {
    if (this.bytes === 0) {
      return { code: "MEDIA_EMPTY", message: "the body is empty: send the file's bytes" };
    }
    const wrong = this.startProblem();
    if (wrong) return wrong;
    const format = FORMATS[this.type];
    if (!format.ends(this.tail, this.head, this.bytes)) {
      return {
        code: "MEDIA_INCOMPLETE",
        message: `the ${this.type} file ends before ${format.end}: it is truncated or damaged`,
      };
    }
    return undefined;
  }

  private startProblem(): SignatureProblem | undefined {
    if (FORMATS[this.type].starts(this.head)) return undefined;
    const looks = lookalike(this.head);
    const what = looks ? ` but ${looks}` : "";
    const hint = looks && isMediaType(looks) ? `send it with Content-Type: ${looks}` : TAKEN;
    return {
      code: "MEDIA_TYPE_MISMATCH",
      message: `the body is not ${this.type}${what}, by its bytes: ${hint}`,
    };
  }
}
