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
    javaScript: pdf.includes('/JavaScript', 0, 'latin1') || /\/JS\s*[(<]/.test(pdf.toString('latin1')),
  };
}
