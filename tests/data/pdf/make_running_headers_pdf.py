# A 4-page PDF with a running header and footer on every page and a paragraph that continues
# over each page break.
def pdf(objects, path):
    out = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n"
    offsets = []
    for i, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for o in offsets: out += b"%010d 00000 n \n" % o
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    open(path, "wb").write(out)
def stream(data): return b"<< /Length %d >>\nstream\n" % len(data) + data + b"\nendstream"
pages = 4
objs = [b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [%s] /Count %d >>" % (b" ".join(b"%d 0 R" % (4 + 2 * i) for i in range(pages)), pages),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"]
for i in range(pages):
    lines = [(72, 760, b"CITY OF EXAMPLE ANNUAL REPORT")]
    y = 700
    for k in range(3):
        lines.append((72, y, b"Page %d paragraph line %d of the body text goes on." % (i + 1, k + 1))); y -= 14
    lines.append((260, 40, b"Page %d of %d" % (i + 1, pages)))
    content = b"".join(b"BT /F1 11 Tf %d %d Td (%s) Tj ET\n" % (x, yy, t) for x, yy, t in lines)
    objs.append(b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 3 0 R >> >> /Contents %d 0 R >>" % (5 + 2 * i))
    objs.append(stream(content))
pdf(objs, "running-headers.pdf")
