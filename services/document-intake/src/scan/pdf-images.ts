/**
 * JPEG images embedded in a PDF, in file order, without a PDF renderer: a scanner's PDF holds one JPEG per
 * page (`/Filter /DCTDecode`), and handing those bytes straight to the QR reader is far cheaper than
 * rendering the page (DESIGN §12). Anything this does not find, the renderer path still sees.
 */
export function embeddedJpegs(pdf: Buffer, max: number): Buffer[] {
  const found: Buffer[] = [];
  let at = 0;
  while (found.length < max) {
    const filter = pdf.indexOf('/DCTDecode', at, 'latin1');
    if (filter < 0) break;
    at = filter + 10;
    const stream = pdf.indexOf('stream', at, 'latin1');
    if (stream < 0) break;
    // The image's own dictionary ends right before its stream; a `/DCTDecode` of another object does not.
    const dictEnd = pdf.lastIndexOf('>>', stream, 'latin1');
    if (dictEnd < filter || pdf.indexOf('endobj', filter, 'latin1') < stream) continue;
    let start = stream + 6;
    if (pdf[start] === 0x0d) start++;
    if (pdf[start] === 0x0a) start++;
    const end = pdf.indexOf('endstream', start, 'latin1');
    if (end < 0) break;
    at = end;
    if (pdf[start] === 0xff && pdf[start + 1] === 0xd8 && pdf[start + 2] === 0xff) found.push(pdf.subarray(start, end));
  }
  return found;
}

/** Markers of a PDF intake refuses, found in the raw bytes (also inside object streams' dictionaries). */
export function pdfRisks(pdf: Buffer): { encrypted: boolean; javaScript: boolean } {
  return {
    encrypted: pdf.includes('/Encrypt', 0, 'latin1'),
    javaScript: pdf.includes('/JavaScript', 0, 'latin1') || hasJsAction(pdf),
  };
}

/** PDF white-space, plus what a `\s` of a regular expression over the latin1 text would also take (VT, NBSP). */
const SPACE = new Set([0x00, 0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x20, 0xa0]);

/** `/JS` followed (after any white-space) by a string, `(` or `<`: an action's script, without a copy of the file as text. */
function hasJsAction(pdf: Buffer): boolean {
  for (let at = pdf.indexOf('/JS', 0, 'latin1'); at >= 0; at = pdf.indexOf('/JS', at + 3, 'latin1')) {
    let i = at + 3;
    while (i < pdf.length && SPACE.has(pdf[i]!)) i++;
    if (pdf[i] === 0x28 || pdf[i] === 0x3c) return true;
  }
  return false;
}
