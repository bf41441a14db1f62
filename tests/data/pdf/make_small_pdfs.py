# Writes two tiny PDFs: one page of text (Helvetica), one page that is only an image.
import zlib
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
def stream(d, data): return d + b"\n/Length %d >>\nstream\n" % len(data) + data + b"\nendstream"
text = b"BT /F1 12 Tf 72 720 Td (Report 2024: 12 requests received.) Tj ET"
pdf([b"<< /Type /Catalog /Pages 2 0 R >>",
     b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
     b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>",
     stream(b"<<", text),
     b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"], "text.pdf")
w = h = 16
pixels = bytes((x * 16 + y * 8) % 256 for y in range(h) for x in range(w))
pdf([b"<< /Type /Catalog /Pages 2 0 R >>",
     b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
     b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /XObject << /Im1 5 0 R >> >> /Contents 4 0 R >>",
     stream(b"<<", b"q 540 0 0 720 36 36 cm /Im1 Do Q"),
     stream(b"<< /Type /XObject /Subtype /Image /Width 16 /Height 16 /ColorSpace /DeviceGray /BitsPerComponent 8 /Filter /FlateDecode", zlib.compress(pixels))],
    "scanned.pdf")
