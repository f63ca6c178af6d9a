import { PNG } from "pngjs";

/**
 * Evidence for the demo's sessions, drawn rather than photographed: a face placeholder for the
 * selfie, and an identity card's front (photo, text lines, MRZ) and back (barcode, MRZ). A seed
 * varies the colours, so each session's files differ (and so do their hashes).
 */

type Colour = readonly [number, number, number];

class Canvas {
  readonly png: PNG;
  constructor(
    readonly width: number,
    readonly height: number,
    background: Colour,
  ) {
    this.png = new PNG({ width, height });
    this.rect(0, 0, width, height, background);
  }

  private set(x: number, y: number, [r, g, b]: Colour) {
    if (x < 0 || y < 0 || x >= this.width || y >= this.height) return;
    const at = (this.width * y + x) * 4;
    this.png.data[at] = r;
    this.png.data[at + 1] = g;
    this.png.data[at + 2] = b;
    this.png.data[at + 3] = 255;
  }

  rect(x: number, y: number, width: number, height: number, colour: Colour) {
    for (let row = Math.max(0, y); row < Math.min(this.height, y + height); row++)
      for (let column = Math.max(0, x); column < Math.min(this.width, x + width); column++)
        this.set(column, row, colour);
  }

  /** An ellipse around (cx, cy); `from`/`to` keep only the rows between those heights. */
  ellipse(
    cx: number,
    cy: number,
    rx: number,
    ry: number,
    colour: Colour,
    rows?: { from: number; to: number },
  ) {
    for (let y = Math.floor(cy - ry); y <= cy + ry; y++) {
      if (rows && (y < rows.from || y > rows.to)) continue;
      const half = rx * Math.sqrt(Math.max(0, 1 - ((y - cy) / ry) ** 2));
      for (let x = Math.floor(cx - half); x <= cx + half; x++) this.set(x, y, colour);
    }
  }

  encode(): Buffer {
    return PNG.sync.write(this.png);
  }
}

const SKIN: Colour[] = [
  [241, 194, 167],
  [224, 172, 138],
  [198, 134, 99],
  [161, 102, 70],
  [112, 72, 50],
];
const HAIR: Colour[] = [
  [40, 30, 25],
  [90, 60, 35],
  [160, 120, 70],
  [20, 20, 20],
  [120, 110, 100],
];
const CARDS: Colour[] = [
  [214, 228, 240],
  [226, 236, 220],
  [240, 228, 214],
  [232, 222, 240],
];
const INK: Colour = [60, 70, 85];
const FAINT: Colour = [150, 160, 170];

const of = <T>(items: readonly T[], seed: number): T => items[Math.abs(seed) % items.length]!;
const darker = ([r, g, b]: Colour, by: number): Colour => [r - by, g - by, b - by];

/** A head and shoulders in `canvas`'s box (x, y, width, height). */
function drawFace(
  canvas: Canvas,
  box: { x: number; y: number; width: number; height: number },
  seed: number,
) {
  const skin = of(SKIN, seed);
  const hair = of(HAIR, seed >> 3);
  const cx = box.x + box.width / 2;
  const headY = box.y + box.height * 0.42;
  const rx = box.width * 0.26;
  const ry = box.height * 0.27;
  const inside = { from: box.y, to: box.y + box.height - 1 };
  canvas.ellipse(
    cx,
    box.y + box.height * 1.02,
    box.width * 0.48,
    box.height * 0.3,
    darker(of(CARDS, seed + 1), 90),
    inside,
  );
  canvas.ellipse(cx, headY - ry * 0.12, rx * 1.1, ry * 1.05, hair, { from: box.y, to: headY });
  canvas.ellipse(cx, headY, rx, ry, skin);
  canvas.ellipse(cx, headY - ry * 0.75, rx * 0.95, ry * 0.35, hair, { from: box.y, to: headY - ry * 0.55 });
  const eyeY = headY - ry * 0.1;
  for (const side of [-1, 1]) canvas.ellipse(cx + side * rx * 0.4, eyeY, rx * 0.1, ry * 0.06, [45, 45, 50]);
  canvas.ellipse(cx, headY + ry * 0.45, rx * 0.3, ry * 0.06, [170, 80, 80]);
}

/** The selfie: a face placeholder, 360 × 480. */
export function selfieImage(seed: number): Buffer {
  const canvas = new Canvas(360, 480, [236, 239, 243]);
  drawFace(canvas, { x: 0, y: 40, width: 360, height: 440 }, seed);
  return canvas.encode();
}

/** Lines of "text": bars of varying length. */
function textLines(canvas: Canvas, x: number, y: number, widths: number[], colour: Colour) {
  widths.forEach((width, line) => {
    canvas.rect(x, y + line * 26, 60, 6, FAINT); // the label
    canvas.rect(x, y + line * 26 + 10, width, 9, colour); // the value
  });
}

/** Two lines of a machine-readable zone: blocks of equal width. */
function mrz(canvas: Canvas, y: number, seed: number) {
  for (let line = 0; line < 2; line++) {
    for (let char = 0; char < 30; char++) {
      const height = (seed + char * 7 + line * 13) % 5 === 0 ? 4 : 12;
      canvas.rect(24 + char * 19, y + line * 22 + (12 - height), 13, height, INK);
    }
  }
}

/** The document's front: photo, name and number lines, MRZ; 600 × 380 (an ID-1 card). */
export function documentFrontImage(seed: number): Buffer {
  const card = of(CARDS, seed);
  const canvas = new Canvas(600, 380, card);
  canvas.rect(0, 0, 600, 56, darker(card, 60));
  canvas.rect(24, 18, 220, 20, [250, 250, 250]);
  canvas.rect(24, 76, 160, 200, [245, 245, 245]);
  drawFace(canvas, { x: 24, y: 86, width: 160, height: 190 }, seed);
  textLines(
    canvas,
    210,
    80,
    [220, 180, 120, 150, 200, 100].map((width, i) => width - ((seed + i * 17) % 60)),
    INK,
  );
  mrz(canvas, 300, seed);
  return canvas.encode();
}

/** The document's back: a barcode, address lines, MRZ; 600 × 380. */
export function documentBackImage(seed: number): Buffer {
  const card = of(CARDS, seed);
  const canvas = new Canvas(600, 380, card);
  for (let bar = 0, x = 24; x < 576; bar++) {
    const width = 2 + ((seed + bar * 11) % 4);
    if (bar % 2 === 0) canvas.rect(x, 30, width, 90, INK);
    x += width;
  }
  textLines(
    canvas,
    24,
    150,
    [320, 260, 200, 280].map((width, i) => width - ((seed + i * 23) % 80)),
    INK,
  );
  mrz(canvas, 300, seed + 5);
  return canvas.encode();
}
