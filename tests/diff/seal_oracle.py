#!/usr/bin/env python3
"""seal_oracle.py: an independent reader of KRS1 sealed files (Python's hashlib/hmac and the
`cryptography` package's HKDF and AES-GCM, not OpenSSL's EVP through kiroku), and the byte
surgery the tamper tests do on sealed files.

  seal_oracle.py open SEALED KEYFILE OUT     decrypt as docs/PROTECTION.md says; exit 1 on any failure
  seal_oracle.py sha256 FILE                 print the SHA-256 of a file
  seal_oracle.py flip FILE OFFSET OUT        copy with one bit (0x01) of byte OFFSET flipped
  seal_oracle.py cut FILE LENGTH OUT         copy the first LENGTH bytes
  seal_oracle.py chunks SEALED ORDER OUT     rebuild with chunks in ORDER (e.g. 0,2,1,3; 0,0,2)
  seal_oracle.py splice HEADER_OF BODY_OF OUT  header of one sealed file, chunks of another
"""
import hashlib
import hmac
import struct
import sys

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

HEADER = 256
TAG = 16


def hkdf(key, salt, info):
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=salt, info=info.encode()).derive(key)


def parse(data):
    h = data[:HEADER]
    assert h[:4] == b"KRS1" and h[4] == 1 and h[5] == 1, "not KRS1"
    chunk = struct.unpack(">I", h[12:16])[0]
    plain = struct.unpack(">Q", h[150:158])[0]
    nchunks = 1 if plain == 0 else (plain + chunk - 1) // chunk
    return h, chunk, plain, nchunks


def chunk_spans(data):
    h, chunk, plain, n = parse(data)
    spans, off, left = [], HEADER, plain
    for i in range(n):
        size = min(chunk, left)
        spans.append((off, size + TAG))
        off += size + TAG
        left -= size
    return spans


def cmd_open(sealed, keyfile, out):
    data = open(sealed, "rb").read()
    line = open(keyfile).read().split()
    key = bytes.fromhex(line[2])
    h, chunk, plain, n = parse(data)
    salt = h[16:48]
    if not hmac.compare_digest(hmac.new(hkdf(key, salt, "kiroku seal v1 header"), h[:224], hashlib.sha256).digest(), h[224:256]):
        sys.exit("header MAC wrong")
    aes = AESGCM(hkdf(key, salt, "kiroku seal v1 payload"))
    result = bytearray()
    spans = chunk_spans(data)
    if spans[-1][0] + spans[-1][1] != len(data):
        sys.exit("size wrong")
    for i, (off, size) in enumerate(spans):
        nonce = i.to_bytes(11, "big") + bytes([1 if i == n - 1 else 0])
        result += aes.decrypt(nonce, data[off:off + size], None)
    if hashlib.sha256(result).digest() != h[192:224]:
        sys.exit("digest wrong")
    open(out, "wb").write(result)


def main():
    cmd, args = sys.argv[1], sys.argv[2:]
    if cmd == "open":
        cmd_open(*args)
    elif cmd == "sha256":
        print(hashlib.sha256(open(args[0], "rb").read()).hexdigest())
    elif cmd == "flip":
        data = bytearray(open(args[0], "rb").read())
        data[int(args[1])] ^= 1
        open(args[2], "wb").write(data)
    elif cmd == "cut":
        open(args[2], "wb").write(open(args[0], "rb").read()[:int(args[1])])
    elif cmd == "chunks":
        data = open(args[0], "rb").read()
        spans = chunk_spans(data)
        body = b"".join(data[spans[int(i)][0]:spans[int(i)][0] + spans[int(i)][1]] for i in args[1].split(","))
        open(args[2], "wb").write(data[:HEADER] + body)
    elif cmd == "splice":
        a, b = open(args[0], "rb").read(), open(args[1], "rb").read()
        open(args[2], "wb").write(a[:HEADER] + b[HEADER:])
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main()
