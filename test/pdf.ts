/** What a PDF says and holds, read with pdf.js as a viewer would: its text and its images, page by page. */
export async function readPdf(bytes: Buffer): Promise<{ pages: number; text: string; images: number }> {
  const pdfjs = await import("pdfjs-dist/legacy/build/pdf.mjs");
  const document = await pdfjs.getDocument({ data: new Uint8Array(bytes), verbosity: 0 }).promise;
  let text = "";
  let images = 0;
  for (let number = 1; number <= document.numPages; number++) {
    const page = await document.getPage(number);
    const content = await page.getTextContent();
    text += `${content.items.map((item) => ("str" in item ? item.str : "")).join(" ")}\n`;
    const operators = await page.getOperatorList();
    images += operators.fnArray.filter((fn) => fn === pdfjs.OPS.paintImageXObject).length;
  }
  await document.destroy();
  return { pages: document.numPages, text: text.replace(/\s+/g, " "), images };
}
