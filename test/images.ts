import jpegJs from "jpeg-js";
import { PNG } from "pngjs";

/** Real image files for tests: decoders (pdfkit's among them) read them. */

/** A PNG of `width` × `height` pixels in one colour a seed picks, so that seeds give other bytes. */
export function png(seed = 1, width = 32, height = 24): Buffer {
  const image = new PNG({ width, height });
  for (let i = 0; i < image.data.length; i += 4) {
    image.data[i] = (seed * 53) % 256;
    image.data[i + 1] = (seed * 101 + i) % 256;
    image.data[i + 2] = 200;
    image.data[i + 3] = 255;
  }
  return PNG.sync.write(image);
}

export function jpeg(seed = 1, width = 32, height = 24): Buffer {
  const data = Buffer.alloc(width * height * 4);
  for (let i = 0; i < data.length; i++) data[i] = (seed * 31 + i * 7) % 256;
  return Buffer.from(jpegJs.encode({ data, width, height }, 85).data);
}

/** A 1×1 lossless WebP. */
export const WEBP = Buffer.from("UklGRhoAAABXRUJQVlA4TA0AAAAvAAAAEAcQERGIiP4HAA==", "base64");

/** A one-page PDF with no content. */
export const PDF = Buffer.from(
  "%PDF-1.4\n1 0 obj <</Type /Catalog /Pages 2 0 R>> endobj\n2 0 obj <</Type /Pages /Kids [3 0 R] /Count 1>> endobj\n3 0 obj <</Type /Page /Parent 2 0 R /MediaBox [0 0 200 200]>> endobj\ntrailer <</Root 1 0 R>>\n%%EOF\n",
);
